/**
 * The users API on Node's `http` server with `errmap/node`.
 *
 *   npx tsx examples/node.ts        # PORT=3000 by default
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { handler } from 'errmap/node'
import {
  api,
  apiPolicy,
  createUsers,
  parseBody,
  readText,
  toHttpResponse,
  type ApiRequest,
  type Users,
} from './users.js'

const toApiRequest = (req: IncomingMessage): ApiRequest => ({
  method: req.method ?? 'GET',
  path: new URL(req.url ?? '/', 'http://localhost').pathname,
  authorization: req.headers.authorization,
  body: async () => parseBody(await readText(req)),
})

/** The server, not yet listening. Every failure — a `Left`, a throw, a rejection — is mapped. */
export const nodeServer = (users: Users = createUsers()): Server =>
  createServer(
    handler((req) => pipe(api(users)(toApiRequest(req)), TE.map(toHttpResponse)), apiPolicy),
  )

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = nodeServer()
  server.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    console.log(`errmap/node: http://127.0.0.1:${port}/users/42`)
  })
}
