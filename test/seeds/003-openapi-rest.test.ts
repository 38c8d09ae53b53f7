// Seed 003: a REST API's "Response Codes and Errors" (docs/STATUS-TABLES.md, "Seed 003:
// OpenAPI-validated REST API"). Every status it lists, and each of the six
// OpenAPI validation steps, sent by an API built on errmap/node with the ready-made
// `openapiRest` policy, over a socket.
//
// How the garbled seed text is read: every error is JSON; the body is the API's
// `{ errors: [{ type, message, details? }] }`, `details` an array of `{ key, message }`;
// an OpenAPI validation failure is a 400 whose error has `type: "openapi"` and a
// `details` entry per failure whose `key` names the step that failed (headers, cookies,
// body, query, path, security scheme) and whose `message` describes it; "412 Not
// Supported" is a feature disabled or missing in the requested API version; a 422 is an
// anticipated error with a `message` but no `details` array.
import type { IncomingMessage } from 'node:http'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  badRequest,
  conflict,
  unprocessableContent,
  decodeInput,
  methodNotAllowed,
  notFound,
  notImplemented,
  serviceUnavailable,
  unauthorized,
  type HttpError,
  type HttpResponse,
  type Outcome,
} from 'errmap'
import { handler } from 'errmap/node'
import { openapiService } from '../../examples/seeds.js'
import { fetchJson, readBody, useServer, type JsonReply } from '../support/http.js'

// -------------------------------------------------------------------------------------
// an API
// -------------------------------------------------------------------------------------

const ok: HttpResponse = {
  status: 200,
  headers: { 'content-type': 'application/json', 'content-length': '11' },
  body: '{"ok":true}',
}

const cookies = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}

const Numeric = new t.Type<number, string, unknown>(
  'NumericString',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && /^[0-9]+$/.test(u) ? t.success(Number(u)) : t.failure(u, c)),
  String,
)

// The OpenAPI document of `GET|POST /orders/{id}`, one codec per part of the request.
const spec = {
  header: t.type({ 'x-store': t.string }),
  cookie: t.type({ session: t.string }),
  body: t.type({ sku: t.string, qty: t.number }),
  query: t.partial({ limit: Numeric }),
  path: t.type({ id: Numeric }),
  security: t.type({ authorization: t.string }),
}

// Each step in the order the API validates: headers, cookies, body, query, path, security.
const validate = async (req: IncomingMessage, url: URL): Promise<E.Either<HttpError, unknown>> => {
  const raw = await readBody(req)
  return pipe(
    decodeInput(spec.header, 'header')(req.headers),
    E.flatMap(() => decodeInput(spec.cookie, 'cookie')(cookies(req))),
    E.flatMap(() => decodeInput(spec.body, 'body')(raw === '' ? {} : (JSON.parse(raw) as unknown))),
    E.flatMap(() => decodeInput(spec.query, 'query')(Object.fromEntries(url.searchParams))),
    E.flatMap(() => decodeInput(spec.path, 'path')({ id: url.pathname.split('/')[2] })),
    E.flatMap(() => decodeInput(spec.security, 'security')(req.headers)),
  )
}

// What the API does for each row: the failure the row describes, raised as API code does.
const routes: ReadonlyArray<
  readonly [RegExp, (req: IncomingMessage, url: URL) => Outcome<HttpResponse>]
> = [
  [/^\/orders\/[^/]*$/, async (req, url) => E.map(() => ok)(await validate(req, url))],
  [/^\/shipments$/, () => E.left(badRequest('A shipment needs either an order or a return.'))],
  [/^\/session$/, () => E.left(unauthorized('The API key is missing or invalid.'))],
  [/^\/products\/[^/]+$/, () => E.left(notFound('Product "ABC-1" does not exist.'))],
  [
    /^\/invoices$/,
    (req) => E.left(methodNotAllowed(['GET'], `${req.method ?? ''} is not allowed`)),
  ],
  [/^\/picks$/, () => E.left(conflict('The order is already being picked.'))],
  [/^\/labels$/, () => E.left(notImplemented('Batch labels need API version 2024-01.'))],
  [
    /^\/allocations$/,
    () =>
      E.left(
        unprocessableContent([], 'Not enough stock to allocate SKU ABC-1.', {
          details: [{ key: 'sku', message: 'available: 0' }],
        }),
      ),
  ],
  [
    /^\/reports$/,
    () => {
      throw new RangeError('Invalid array length at ReportBuilder.build')
    },
  ],
  [/^\/status$/, () => E.left(serviceUnavailable('Down for maintenance.', { retryAfter: 600 }))],
  [/^\/carriers$/, () => E.left(badGateway('The carrier answered 200 with an HTML page.'))],
]

const service = useServer(
  handler((req) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const route = routes.find(([re]) => re.test(url.pathname))
    return route === undefined ? E.left(notFound()) : route[1](req, url)
  }, openapiService),
)

// The response as the client sees it, without the headers Node adds to every response.
const request = (path: string, init?: RequestInit): Promise<JsonReply> =>
  fetchJson(service.url + path, init)

// -------------------------------------------------------------------------------------
// the table
// -------------------------------------------------------------------------------------

interface Row {
  /** The section of seed 003: status, name, when. */
  readonly row: string
  readonly path: string
  readonly init?: RequestInit
  readonly status: number
  readonly body: unknown
  /** Beyond Content-Type, Content-Length and nosniff. */
  readonly headers?: Readonly<Record<string, string>>
}

// A request that passes every step; each validation row breaks exactly one.
const valid: Readonly<Record<string, string>> = {
  'x-store': 'main',
  cookie: 'session=s1',
  authorization: 'Bearer k',
  'content-type': 'application/json',
}
const without = (name: string): Record<string, string> => {
  const { [name]: _, ...rest } = valid
  return rest
}
const post = (headers: Readonly<Record<string, string>>, body: string): RequestInit => ({
  method: 'POST',
  headers,
  body,
})
const item = '{"sku":"ABC-1","qty":1}'

const invalid = (key: string, path: string, message: string): unknown => ({
  errors: [
    { type: 'openapi', message: 'The request is not valid.', details: [{ key, path, message }] },
  ],
})
const one = (message: string): unknown => ({ errors: [{ type: 'application', message }] })

const table: ReadonlyArray<Row> = [
  {
    row: '400 Bad Request, Request Not Valid — a client error the API detected itself',
    path: '/shipments',
    init: { method: 'POST' },
    status: 400,
    body: one('A shipment needs either an order or a return.'),
  },
  {
    row: '400 Bad Request, Parse Error — the request body could not be parsed',
    path: '/orders/1',
    init: post(valid, '{"sku": "ABC-1",'),
    status: 400,
    body: one('The request body is not valid JSON.'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Headers',
    path: '/orders/1',
    init: post(without('x-store'), item),
    status: 400,
    body: invalid('headers', '/x-store', 'expected string'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Cookies',
    path: '/orders/1',
    init: post({ ...valid, cookie: 'theme=dark' }, item),
    status: 400,
    body: invalid('cookies', '/session', 'expected string'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Body',
    path: '/orders/1',
    init: post(valid, '{"sku":"ABC-1","qty":"one"}'),
    status: 400,
    body: invalid('body', '/qty', 'expected number'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Query',
    path: '/orders/1?limit=ten',
    init: post(valid, item),
    status: 400,
    body: invalid('query', '/limit', 'expected NumericString'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Path',
    path: '/orders/first',
    init: post(valid, item),
    status: 400,
    body: invalid('path', '/id', 'expected NumericString'),
  },
  {
    row: '400 Bad Request, OpenAPI Validation — Security Scheme',
    path: '/orders/1',
    init: post(without('authorization'), item),
    status: 400,
    body: invalid('security scheme', '/authorization', 'expected string'),
  },
  {
    row: '401 Unauthorized — the request lacks valid credentials',
    path: '/session',
    status: 401,
    body: one('The API key is missing or invalid.'),
    headers: { 'www-authenticate': 'Bearer' },
  },
  {
    row: '404 Not Found — the endpoint is valid but the resource does not exist',
    path: '/products/ABC-1',
    status: 404,
    body: one('Product "ABC-1" does not exist.'),
  },
  {
    row: '405 Not Allowed — the method is not supported by the target resource',
    path: '/invoices',
    init: { method: 'DELETE' },
    status: 405,
    body: one('DELETE is not allowed'),
    headers: { allow: 'GET' },
  },
  {
    row: '409 Conflict — an error that fits no other response type',
    path: '/picks',
    init: { method: 'POST' },
    status: 409,
    body: one('The order is already being picked.'),
  },
  {
    row: '412 Not Supported — a feature disabled or not supported by the requested API version',
    path: '/labels',
    init: { method: 'POST' },
    status: 412,
    body: one('Batch labels need API version 2024-01.'),
  },
  {
    row: '422 Unprocessable — an anticipated error: a message but not a details array',
    path: '/allocations',
    init: { method: 'POST' },
    status: 422,
    body: one('Not enough stock to allocate SKU ABC-1.'),
  },
  {
    row: '500 Internal Error — an unexpected error, its internals hidden',
    path: '/reports',
    status: 500,
    body: one('Internal Server Error'),
  },
  {
    row: '503 Service Unavailable — down for maintenance or overloaded',
    path: '/status',
    status: 503,
    body: one('Service Unavailable'),
    headers: { 'retry-after': '600' },
  },
  {
    row: 'Other 5xx Errors — an upstream failure, its internals hidden',
    path: '/carriers',
    status: 502,
    body: one('Bad Gateway'),
  },
]

const expected = (r: Row): JsonReply => ({
  status: r.status,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(JSON.stringify(r.body))),
    'x-content-type-options': 'nosniff',
    ...r.headers,
  },
  body: r.body,
})

describe('seed 003, REST API conventions: every status and validation step it lists', () => {
  it.each(table)('$row', async (r) => {
    expect(await request(r.path, r.init)).toEqual(expected(r))
  })

  it('lets a request that passes every validation step through', async () => {
    const res = await fetch(service.url + '/orders/1?limit=5', post(valid, item))
    expect([res.status, await res.text()]).toEqual([200, '{"ok":true}'])
  })
})

describe('seed 003, REST API conventions: the error body', () => {
  it('is JSON on every 4xx whatever the Accept, without Vary', async () => {
    const r = table.find((row) => row.status === 404) as Row
    expect(await request(r.path, { headers: { accept: 'text/html' } })).toEqual(expected(r))
  })

  it('lists every failure of the step that failed as a detail', async () => {
    const body = {
      errors: [
        {
          type: 'openapi',
          message: 'The request is not valid.',
          details: [
            { key: 'body', path: '/sku', message: 'expected string' },
            { key: 'body', path: '/qty', message: 'expected number' },
          ],
        },
      ],
    }
    expect(await request('/orders/1', post(valid, '{}'))).toEqual(
      expected({ row: '', path: '', status: 400, body }),
    )
  })

  it('carries the X-Request-Id beside errors, to find the request in the logs', async () => {
    const res = await fetch(service.url + '/session', { headers: { 'x-request-id': 'r-9' } })
    expect(await res.json()).toEqual({
      errors: [{ type: 'application', message: 'The API key is missing or invalid.' }],
      requestId: 'r-9',
    })
  })
})
