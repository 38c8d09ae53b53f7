/**
 * `npm start`: the users API on all three adapters, on 127.0.0.1 ports PORT, PORT+1 and
 * PORT+2 (PORT=3000 by default; PORT=0 picks free ports), and a few `curl` lines that
 * show the mapped errors. Each serves the error catalog under `problemTypeBase` (`/errors/`),
 * so every problem `type` URI it emits resolves. Ctrl-C stops it.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchApp, serveOnNode } from './fetch.js'
import { koaApp } from './koa.js'
import { serveCatalog } from './catalog.js'
import { nodeServer } from './node.js'
import { apiPolicy, problemTypeBase, TOKEN } from './users.js'

const listen = (server: Server, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    )
  })

const main = async (): Promise<void> => {
  const base = Number(process.env['PORT'] ?? 3000)
  const port = (offset: number): number => (base === 0 ? 0 : base + offset)
  // Each also serves the error catalog where the problem `type` URIs point.
  const withCatalog = (server: Server): Server => serveCatalog(server, apiPolicy, problemTypeBase)
  const servers: ReadonlyArray<readonly [string, Server]> = [
    ['node', withCatalog(nodeServer())],
    ['fetch', withCatalog(serveOnNode(fetchApp()))],
    ['koa', withCatalog(createServer(koaApp().callback()))],
  ]
  const urls: Array<string> = []
  for (const [i, [, server]] of servers.entries()) urls.push(await listen(server, port(i)))
  const [url] = urls

  console.log('errmap demo: one users API, three adapters, the same answers')
  for (const [i, [name]] of servers.entries()) console.log(`  ${name.padEnd(6)} ${urls[i]}`)
  console.log(`
Try (on any of the three):
  curl -i ${url}/users/1                                  # 200
  curl -i ${url}/users/42                                 # 404 NOT_FOUND
  curl -i -H 'accept: application/problem+json' ${url}/users/42   # 404 as problem+json
  curl -i -X POST ${url}/users                            # 401 with WWW-Authenticate
  curl -i -X POST -H 'authorization: Bearer ${TOKEN}' -H 'content-type: application/json' -d '{"name":"","email":"nope"}' ${url}/users
                                                          # 422 with the issues
  curl -i -X POST -H 'authorization: Bearer ${TOKEN}' -H 'content-type: application/json' -d '{"name":' ${url}/users   # 400 bad JSON
  curl -i -X DELETE ${url}/users                          # 405 with Allow
  curl -i ${url}/users/export; curl -i ${url}/users/export   # 200, then 429 with Retry-After and RateLimit
  curl -i ${url}/health/db                                # 500, the secret stays in this log
  curl -i -H 'accept-language: de' ${url}/health/db       # the same 500 in German
  curl -i -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' ${url}/health/db
                                                          # the 500 names its trace id
  curl -i -H 'accept: text/html' ${url}/users/42          # the 404 as a page (open it in a browser)
  curl -i ${url}${problemTypeBase}not-found                       # the catalog entry a problem type names
`)

  const stop = (): void => {
    let open = servers.length
    for (const [, server] of servers) {
      server.close(() => {
        if (--open === 0) process.exit(0)
      })
      server.closeAllConnections()
    }
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
