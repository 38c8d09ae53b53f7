/**
 * HTTP plumbing shared by the tests that go over a socket (adapters, seeds, GraphQL): a
 * server on 127.0.0.1 port 0 and its closing, the little a handler reads from a Node
 * request, a Fetch handler served by Node, and a client that reports what it saw without
 * the headers Node adds to every response.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

// -------------------------------------------------------------------------------------
// servers
// -------------------------------------------------------------------------------------

/** A listening server: its origin (`http://127.0.0.1:<port>`) and how to stop it. */
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

/** `listener` served by a new Node http server, listening as {@link listen} does. */
export const serve = (listener: RequestListener): Promise<Running> => listen(createServer(listener))

/**
 * `listener` served for the tests of the enclosing file or `describe`: started in
 * `beforeAll`, closed in `afterAll`. Read `url` inside a test, once the server is up.
 */
export const useServer = (listener: RequestListener): { readonly url: string } => {
  let running: Running | undefined
  beforeAll(async () => {
    running = await serve(listener)
  })
  afterAll(() => running?.close())
  return {
    get url(): string {
      if (running === undefined) throw new Error('the server is read before beforeAll started it')
      return running.url
    },
  }
}

// -------------------------------------------------------------------------------------
// what a handler reads
// -------------------------------------------------------------------------------------

/** The whole body of a Node request, as bytes. */
export const readBytes = async (req: IncomingMessage): Promise<Buffer<ArrayBuffer>> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The whole body of a Node request, as UTF-8 text. */
export const readBody = async (req: IncomingMessage): Promise<string> =>
  (await readBytes(req)).toString('utf8')

/** A request header sent once; `undefined` when it is absent (or, like Set-Cookie, a list). */
export const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return typeof value === 'string' ? value : undefined
}

// -------------------------------------------------------------------------------------
// a Fetch handler served by Node
// -------------------------------------------------------------------------------------

/** A Node request as a Fetch `Request`, body included (none for GET and HEAD). */
export const fetchRequest = async (req: IncomingMessage): Promise<Request> => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  const body = await readBytes(req)
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? body : undefined,
  })
}

/**
 * A Node request listener that runs a Fetch handler: the Request in, the Response out.
 * This bridge lives in the tests, not in src.
 */
export const bridge =
  (fetchHandler: (request: Request) => Promise<Response>): RequestListener =>
  async (req, res) => {
    const response = await fetchHandler(await fetchRequest(req))
    res.writeHead(response.status, entries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }

/** A Fetch `Headers` as a plain record (several values of one name are joined by `, `). */
export const entries = (headers: Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => (out[name] = value))
  return out
}

// -------------------------------------------------------------------------------------
// a client
// -------------------------------------------------------------------------------------

/** What a client saw: the status, the headers the server chose, and the body as text. */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** A reply whose body is read as JSON. */
export interface JsonReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

// Headers Node's http adds to every response, whatever the server chose.
const transport = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

/** The headers of a response without the ones Node adds to every response. */
export const ownHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (!transport.has(name)) out[name] = value
  return out
}

/** Sends a request with Node's fetch (which adds `Accept: *∕*` when none is given). */
export const fetchReply = async (url: string, init: RequestInit = {}): Promise<Reply> => {
  const res = await fetch(url, init)
  return { status: res.status, headers: ownHeaders(entries(res.headers)), text: await res.text() }
}

/**
 * Sends a request with node:http: exactly the headers in `init` and its body if it is a
 * string. For requests fetch cannot make, such as one without an Accept header.
 */
export const rawReply = (url: string, init: RequestInit = {}): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const headers = entries(new Headers(init.headers))
    const req = httpRequest(url, { method: init.method, headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const seen: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') seen[name] = value
          else if (Array.isArray(value)) seen[name] = value.join(', ')
        resolve({
          status: res.statusCode ?? 0,
          headers: ownHeaders(seen),
          text: Buffer.concat(chunks).toString('utf8'),
        })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(typeof init.body === 'string' ? init.body : undefined)
  })

/** The reply with its body parsed as JSON; a body that is not JSON throws, failing the test. */
export const json = (reply: Reply): JsonReply => ({
  status: reply.status,
  headers: reply.headers,
  body: JSON.parse(reply.text) as unknown,
})

/** Sends a request with Node's fetch and reads the body as JSON. */
export const fetchJson = async (url: string, init: RequestInit = {}): Promise<JsonReply> =>
  json(await fetchReply(url, init))
