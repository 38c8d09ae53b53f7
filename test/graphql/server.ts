/**
 * Plumbing for the GraphQL HTTP tests: the example server (examples/graphql.ts) started
 * on 127.0.0.1 port 0 behind one of its adapters, and a client. Node's fetch is the
 * client, except where fetch cannot send the request: fetch always adds `Accept: *∕*` and
 * gives a string body `Content-Type: text/plain`, so requests without those headers go
 * through `node:http`.
 */
import type { RequestListener } from 'node:http'
import { fetchHandler, koaApp, nodeListener, type ServerOptions } from '../../examples/graphql.js'
import { bridge, fetchReply, rawReply, serve, type Reply, type Running } from '../support/http.js'

export type { Running } from '../support/http.js'

export type Transport = 'node' | 'fetch' | 'koa'

export const transports: ReadonlyArray<Transport> = ['node', 'fetch', 'koa']

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
export const start = async (
  transport: Transport,
  options: ServerOptions = {},
): Promise<Running> => {
  const running = await serve(listenerOf(transport, options))
  return { ...running, url: `${running.url}/graphql` }
}

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

const methodOf = (c: Call): string => c.method ?? (c.search === undefined ? 'POST' : 'GET')

const headersOf = (c: Call): Record<string, string> => {
  const h: Record<string, string> = { ...c.headers }
  if (c.accept !== null) h['accept'] = c.accept ?? 'application/graphql-response+json'
  if (methodOf(c) === 'POST' && c.contentType !== null)
    h['content-type'] = c.contentType ?? 'application/json'
  if (c.authorization !== undefined) h['authorization'] = c.authorization
  if (c.requestId !== undefined) h['x-request-id'] = c.requestId
  return h
}

// The reply with its body parsed as JSON, if it is JSON.
const withJson = (reply: Reply): Seen => {
  let json: unknown = undefined
  try {
    json = reply.text.length > 0 ? JSON.parse(reply.text) : undefined
  } catch {
    json = undefined
  }
  return { ...reply, json }
}

const target = (url: string, c: Call): string =>
  c.search === undefined ? url : `${url}?${new URLSearchParams(c.search).toString()}`

const init = (c: Call): RequestInit => {
  const method = methodOf(c)
  return {
    method,
    headers: headersOf(c),
    body: method === 'GET' || method === 'HEAD' ? undefined : (c.body ?? ''),
  }
}

/** Sends `c` with Node's fetch; `accept: null` or `contentType: null` go through node:http. */
export const call = async (url: string, c: Call): Promise<Seen> =>
  c.accept === null || (c.contentType === null && methodOf(c) === 'POST')
    ? raw(url, c)
    : withJson(await fetchReply(target(url, c), init(c)))

/** Sends `c` with node:http: exactly the headers asked for. */
export const raw = async (url: string, c: Call): Promise<Seen> =>
  withJson(await rawReply(target(url, c), init(c)))

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

/** The whole expected GraphQL answer: status, the standard headers (plus `extra`), parsed body. */
export const reply = (
  status: number,
  type: string,
  body: unknown,
  extra: Readonly<Record<string, string>> = {},
): {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
} => ({
  status,
  headers: { ...standard(type, JSON.stringify(body)), ...extra },
  body,
})
