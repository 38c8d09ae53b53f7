/**
 * The error catalog on the wire: every problem `type` URI the examples emit
 * (`/errors/not-found`, see `problemTypeBase` in users.ts) answers 200 with its entry, as
 * a self-contained HTML page; `/errors/` answers with the whole catalog. `serveCatalog`
 * puts it in front of any Node server, whatever framework answers the rest.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { Policy } from 'errmap'
import { catalog, catalogHtml, entryAt, type Catalog } from 'errmap/openapi'

const send = (req: IncomingMessage, res: ServerResponse, page: string): void => {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(page)),
    'x-content-type-options': 'nosniff',
  })
  res.end(req.method === 'HEAD' ? undefined : page)
}

/** Answers a GET or HEAD of the catalog or of one of its entries; `false` for any other request. */
export const catalogRoute =
  (c: Catalog, base: string) =>
  (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === base) {
      send(req, res, catalogHtml(c, { title: 'Errors of the users API' }))
      return true
    }
    const entry = path.startsWith(base) ? entryAt(c, path) : undefined
    if (entry === undefined) return false
    send(req, res, catalogHtml(c, { title: `${entry.code} — users API`, only: entry }))
    return true
  }

/**
 * `server` with the catalog of `policy` served under `base` (its problem `typeBase`):
 * those requests are answered before the server's own listeners see them.
 */
export const serveCatalog = (server: Server, policy: Policy, base: string): Server => {
  const route = catalogRoute(catalog(policy), base)
  const listeners = server.listeners('request') as Array<RequestListener>
  server.removeAllListeners('request')
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!route(req, res)) for (const l of listeners) l(req, res)
  })
  return server
}
