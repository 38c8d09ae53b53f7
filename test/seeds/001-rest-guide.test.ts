// Seed 001: a REST guide's "HTTP status codes" (docs/STATUS-TABLES.md, "Seed 001: REST
// status guide"). Every row of its table, sent by an API built on
// errmap/node, over a socket: the default policy, plus validation failures answered 400.
import type { IncomingMessage, RequestListener } from 'node:http'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  decodeInput,
  defaultPolicy,
  forbidden,
  notFound,
  preconditionFailed,
  serviceUnavailable,
  unauthorized,
  type HttpResponse,
  type Outcome,
  type Policy,
} from 'errmap'
import { handler } from 'errmap/node'
import { restStatusGuide } from '../../examples/seeds.js'
import { fetchJson, readBody, useServer, type JsonReply } from '../support/http.js'

// -------------------------------------------------------------------------------------
// an API
// -------------------------------------------------------------------------------------

const ok: HttpResponse = {
  status: 200,
  headers: { 'content-type': 'application/json', 'content-length': '11' },
  body: '{"id":"42"}',
}

const NewUser = t.type({ email: t.string, age: t.number })
const documentVersion = 'Wed, 21 Oct 2026 07:28:00 GMT'

// What the API does for each row: the failure the row describes, raised as API code does.
const routes: Readonly<Record<string, (req: IncomingMessage) => Outcome<HttpResponse>>> = {
  '/users': async (req) =>
    E.map(() => ok)(decodeInput(NewUser)(JSON.parse(await readBody(req)) as unknown)),
  '/me': (req) =>
    req.headers.authorization === undefined
      ? E.left(unauthorized('sign in first'))
      : E.left(forbidden('only administrators may list every user')),
  '/users/7': () => E.left(notFound('no user 7')),
  '/documents/1': (req) =>
    req.headers['if-unmodified-since'] !== documentVersion
      ? E.left(preconditionFailed('the document changed since you read it'))
      : ok,
  '/crash': () => {
    throw new TypeError("Cannot read properties of undefined (reading 'id')")
  },
  '/rates': () => E.left(badGateway('the rates provider answered HTML')),
  '/reports': () =>
    E.left(serviceUnavailable('too many reports are being generated', { retryAfter: 120 })),
}

const api = (policy: Policy): RequestListener =>
  handler((req) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    return route === undefined ? E.left(notFound()) : route(req)
  }, policy)

// -------------------------------------------------------------------------------------
// the table
// -------------------------------------------------------------------------------------

interface Row {
  /** The row of seed 001's table: status, meaning. */
  readonly row: string
  readonly path: string
  readonly init: RequestInit
  readonly status: number
  readonly body: unknown
  /** Beyond Content-Type, Content-Length, nosniff and Vary. */
  readonly headers?: Readonly<Record<string, string>>
}

const accept = { accept: 'application/json' }

const table: ReadonlyArray<Row> = [
  {
    row: '400 Bad Request — client-side input fails validation',
    path: '/users',
    init: { method: 'POST', headers: accept, body: '{"email":"a@b.c","age":"forty"}' },
    status: 400,
    body: {
      message: 'The request is not valid.',
      code: 'UNPROCESSABLE_CONTENT',
      issues: [{ path: '/age', message: 'expected number', location: 'body', expected: 'number' }],
    },
  },
  {
    row: "401 Unauthorized — the user isn't authenticated",
    path: '/me',
    init: { headers: accept },
    status: 401,
    body: { message: 'sign in first', code: 'UNAUTHORIZED' },
    headers: { 'www-authenticate': 'Bearer' },
  },
  {
    row: '403 Forbidden — the user is authenticated, but not allowed to access the resource',
    path: '/me',
    init: { headers: { ...accept, authorization: 'Bearer t0k3n' } },
    status: 403,
    body: { message: 'only administrators may list every user', code: 'FORBIDDEN' },
  },
  {
    row: '404 Not Found — the resource is not found',
    path: '/users/7',
    init: { headers: accept },
    status: 404,
    body: { message: 'no user 7', code: 'NOT_FOUND' },
  },
  {
    row: "412 Precondition Failed — a conditional request's If-Unmodified-Since is not fulfilled",
    path: '/documents/1',
    init: {
      method: 'PUT',
      headers: { ...accept, 'if-unmodified-since': 'Tue, 20 Oct 2026 07:28:00 GMT' },
      body: '{}',
    },
    status: 412,
    body: { message: 'the document changed since you read it', code: 'PRECONDITION_FAILED' },
  },
  {
    row: '500 Internal Server Error — a generic server error, not thrown explicitly',
    path: '/crash',
    init: { headers: accept },
    status: 500,
    body: { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
  },
  {
    row: '502 Bad Gateway — an invalid response from an upstream server',
    path: '/rates',
    init: { headers: accept },
    status: 502,
    body: { message: 'Bad Gateway', code: 'BAD_GATEWAY' },
  },
  {
    row: '503 Service Unavailable — something unexpected on the server side (overload)',
    path: '/reports',
    init: { headers: accept },
    status: 503,
    body: { message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' },
    headers: { 'retry-after': '120' },
  },
]

const expected = (r: Row): JsonReply => ({
  status: r.status,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(JSON.stringify(r.body))),
    'x-content-type-options': 'nosniff',
    vary: 'Accept',
    ...r.headers,
  },
  body: r.body,
})

describe('seed 001, REST status guide: every row of the table', () => {
  const guide = useServer(api(restStatusGuide))
  const plain = useServer(api(defaultPolicy))

  it.each(table)('$row', async (r) => {
    expect(await fetchJson(guide.url + r.path, r.init)).toEqual(expected(r))
  })

  it('is the default policy for every row but validation, which the core answers 422', async () => {
    for (const r of table) {
      const seen = await fetchJson(plain.url + r.path, r.init)
      expect(seen).toEqual(r.status === 400 ? { ...expected(r), status: 422 } : expected(r))
    }
  })

  it('answers a conditional request whose precondition holds with success', async () => {
    const res = await fetch(guide.url + '/documents/1', {
      method: 'PUT',
      headers: { 'if-unmodified-since': documentVersion },
      body: '{}',
    })
    expect([res.status, await res.text()]).toEqual([200, '{"id":"42"}'])
  })
})
