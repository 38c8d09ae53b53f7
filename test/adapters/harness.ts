/**
 * Test plumbing shared by the adapter tests: start and close a server on 127.0.0.1 port
 * 0, serve a Fetch handler through Node's http (a bridge that lives in the tests, not in
 * src), and read a response whole.
 */
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Running {
  readonly url: string
  readonly close: () => Promise<void>
}

/** Listens on 127.0.0.1, port 0; `close` also drops kept-alive connections. */
export const listen = (server: Server): Promise<Running> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()))
            server.closeAllConnections()
          }),
      })
    })
  })

export const serve = (listener: RequestListener): Promise<Running> => listen(createServer(listener))

/** A Node request listener that runs a Fetch handler: the Request in, the Response out. */
export const bridge =
  (fetchHandler: (request: Request) => Promise<Response>): RequestListener =>
  async (req, res) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value)
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : undefined,
    })
    const response = await fetchHandler(request)
    res.writeHead(response.status, entries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }

/** A Fetch `Headers` as a plain record (several values of one name are joined by `, `). */
export const entries = (headers: Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => (out[name] = value))
  return out
}

/** What a client saw: status, headers and the body as text. */
export interface Seen {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

export const seen = async (response: Response): Promise<Seen> => ({
  status: response.status,
  headers: response.headers,
  text: await response.text(),
})

/** Everything in a response, to look for a string that must not leak. */
export const raw = (s: Seen): string =>
  [
    String(s.status),
    ...Object.entries(entries(s.headers)).map(([k, v]) => `${k}: ${v}`),
    s.text,
  ].join('\n')
