/**
 * The users API on Koa with `errmap/koa`: mounted first, the middleware renders whatever a
 * later middleware throws — here the `Left` of the business logic — as a JSON error.
 *
 *   npx tsx examples/koa.ts         # PORT=3002 by default
 */
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import Koa from 'koa'
import { policy } from 'errmap'
import { errmap } from 'errmap/koa'
import { api, apiPolicy, createUsers, parseBody, readText, type Users } from './users.js'

/** The Koa app: errmap first, then the API. */
export const koaApp = (users: Users = createUsers()): Koa => {
  const app = new Koa()
  // Koa users log from the app's `error` event: errmap emits it for every 5xx.
  app.on('error', (err: unknown) => console.error('[koa] 5xx:', err))
  // The examples' policy without its `onError`: Koa users log from the `error` event above.
  app.use(errmap(policy({ ...apiPolicy, onError: undefined })))
  app.use(async (ctx) => {
    const result = await api(users)({
      method: ctx.method,
      path: ctx.path,
      authorization: ctx.get('authorization') || undefined,
      body: async () => parseBody(await readText(ctx.req)),
    })()
    // In Koa a failure is thrown; errmap maps it.
    if (E.isLeft(result)) throw result.left
    ctx.status = result.right.status
    ctx.body = result.right.body
  })
  return app
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = koaApp().listen(Number(process.env['PORT'] ?? 3002), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    console.log(`errmap/koa: http://127.0.0.1:${port}/users/42`)
  })
}
