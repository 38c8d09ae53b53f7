/**
 * The users API as a Fetch handler with `errmap/fetch`: `(request: Request) => Promise<Response>`,
 * which Deno (`Deno.serve(app)`), Bun (`Bun.serve({ fetch: app })`) and Cloudflare Workers
 * (`export default { fetch: app }`) serve as is. Node has no Fetch server, so running this
 * file serves it through a few lines of `node:http`.
 *
 *   npx tsx examples/fetch.ts       # PORT=3001 by default
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { handler } from 'errmap/fetch'
import { api, apiPolicy, createUsers, parseBody, type Reply, type Users } from './users.js'

const toResponse = (r: Reply): Response =>
  new Response(JSON.stringify(r.body), {
    status: r.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })

/** The Fetch handler. Every failure — a `Left`, a throw, a rejection — is a mapped `Response`. */
export const fetchApp = (users: Users = createUsers()): ((request: Request) => Promise<Response>) =>
  handler(
    (request: Request) =>
      pipe(
        api(users)({
          method: request.method,
          path: new URL(request.url).pathname,
          authorization: request.headers.get('authorization') ?? undefined,
          body: async () => parseBody(await request.text()),
        }),
        TE.map(toResponse),
      ),
    apiPolicy,
  )

/** A Fetch handler on Node's `http` server (what Deno.serve or Bun.serve do natively). */
export const serveOnNode = (app: (request: Request) => Promise<Response>): Server =>
  createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const response = await app(
      new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      }),
    )
    const out: Record<string, string> = {}
    response.headers.forEach((value, name) => (out[name] = value))
    res.writeHead(response.status, out)
    res.end(Buffer.from(await response.arrayBuffer()))
  })

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = serveOnNode(fetchApp())
  server.listen(Number(process.env['PORT'] ?? 3001), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    console.log(`errmap/fetch: http://127.0.0.1:${port}/users/42`)
  })
}
