/**
 * Plumbing for the GraphQL HTTP tests: the example server (examples/graphql.ts) started
 * on 127.0.0.1 port 0 behind one of its adapters, and a client. Node's fetch is the
 * client, except where fetch cannot send the request: fetch always adds `Accept: *∕*` and
 * gives a string body `Content-Type: text/plain`, so requests without those headers go
 * through `node:http`.
 */
import { createServer, request as httpRequest, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  fetchHandler,
  koaApp,
  nodeListener,
  toRequest,
  type ServerOptions,
} from '../../examples/graphql.js'

export type Transport = 'node' | 'fetch' | 'koa'

export const transports: ReadonlyArray<Transport> = ['node', 'fetch', 'koa']

export interface Running {
  readonly url: string
  readonly close: () => Promise<void>
}

// A Fetch handler served by Node: the test's bridge, not part of errmap.
const bridge =
  (handler: (request: Request) => Promise<Response>): RequestListener =>
  (req, res) => {
    void toRequest(req)
      .then(handler)
      .then(async (response) => {
        const headers: Record<string, string> = {}
        response.headers.forEach((value, name) => (headers[name] = value))
        res.writeHead(response.status, headers)
        res.end(Buffer.from(await response.arrayBuffer()))
      })
  }

const listenerOf = (transport: Transport, options: ServerOptions): RequestListener => {
  switch (transport) {
    case 'node':
      return nodeListener(options)
    case 'fetch':
      return bridge(fetchHandler(options))
    case 'koa':
      return koaApp(options).callback()
  }
}

/** The example server behind `transport`, listening on 127.0.0.1, port 0. */
export const start = (transport: Transport, options: ServerOptions = {}): Promise<Running> =>
  new Promise((resolve, reject) => {
    const server = createServer(listenerOf(transport, options))
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}/graphql`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()))
            server.closeAllConnections()
          }),
      })
    })
  })

/** A request to make: `null` for a header means "do not send it". */
export interface Call {
  readonly method?: string
  readonly accept?: string | null
  readonly contentType?: string | null
  readonly authorization?: string
  readonly requestId?: string
  readonly headers?: Readonly<Record<string, string>>
  /** A POST body, sent as is. */
  readonly body?: string
  /** Query-string parameters (GET). */
  readonly search?: Readonly<Record<string, string>>
}

/** What the client saw. `json` is the parsed body, `undefined` when there is none. */
export interface Seen {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

const headersOf = (c: Call): Record<string, string> => {
  const h: Record<string, string> = { ...c.headers }
  if (c.accept !== null) h['accept'] = c.accept ?? 'application/graphql-response+json'
  const method = c.method ?? (c.search === undefined ? 'POST' : 'GET')
  if (method === 'POST' && c.contentType !== null)
    h['content-type'] = c.contentType ?? 'application/json'
  if (c.authorization !== undefined) h['authorization'] = c.authorization
  if (c.requestId !== undefined) h['x-request-id'] = c.requestId
  return h
}

const seen = (status: number, headers: Record<string, string>, text: string): Seen => {
  let json: unknown = undefined
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status, headers, text, json }
}

// Only the headers the server chose: not the ones Node's http adds to every response.
const added = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

const withoutTransport = (entries: Iterable<[string, string]>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of entries) if (!added.has(name)) out[name] = value
  return out
}

const target = (url: string, c: Call): string =>
  c.search === undefined ? url : `${url}?${new URLSearchParams(c.search).toString()}`

/** Sends `c` with Node's fetch; `accept: null` or `contentType: null` go through node:http. */
export const call = async (url: string, c: Call): Promise<Seen> => {
  const method = c.method ?? (c.search === undefined ? 'POST' : 'GET')
  if (c.accept === null || (c.contentType === null && method === 'POST')) return raw(url, c)
  const response = await fetch(target(url, c), {
    method,
    headers: headersOf(c),
    body: method === 'GET' || method === 'HEAD' ? undefined : (c.body ?? ''),
  })
  const text = await response.text()
  const headers: Array<[string, string]> = []
  response.headers.forEach((value, name) => headers.push([name, value]))
  return seen(response.status, withoutTransport(headers), text)
}

/** Sends `c` with node:http: exactly the headers asked for. */
export const raw = (url: string, c: Call): Promise<Seen> =>
  new Promise((resolve, reject) => {
    const method = c.method ?? (c.search === undefined ? 'POST' : 'GET')
    const req = httpRequest(target(url, c), { method, headers: headersOf(c) }, (res) => {
      const chunks: Array<Buffer> = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const headers: Array<[string, string]> = []
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') headers.push([name, value])
          else if (Array.isArray(value)) headers.push([name, value.join(', ')])
        resolve(
          seen(
            res.statusCode ?? 0,
            withoutTransport(headers),
            Buffer.concat(chunks).toString('utf8'),
          ),
        )
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(method === 'GET' || method === 'HEAD' ? undefined : (c.body ?? ''))
  })

/** A GraphQL POST body. */
export const gql = (query: string, rest: Readonly<Record<string, unknown>> = {}): string =>
  JSON.stringify({ query, ...rest })

/** The headers every answer carries, for a body of `text` in `type`. */
export const standard = (type: string, text: string): Record<string, string> => ({
  'content-type': `${type}; charset=utf-8`,
  'content-length': String(Buffer.byteLength(text)),
  vary: 'Accept',
  'x-content-type-options': 'nosniff',
})
