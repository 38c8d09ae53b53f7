// Seed 000: the Hasura NDC connector spec, "Error Handling" (docs/STATUS-TABLES.md,
// "Seed 000: Hasura NDC connector"). Every row of its status table, sent
// by a connector built on errmap/node with the ready-made `ndc` policy, over a socket.
import type { IncomingMessage } from 'node:http'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  conflict,
  decodeInput,
  forbidden,
  notImplemented,
  serviceUnavailable,
  type HttpResponse,
  type Outcome,
} from 'errmap'
import { handler } from 'errmap/node'
import { ndcConnector } from '../../examples/seeds.js'
import { fetchJson, readBody, useServer, type JsonReply } from '../support/http.js'

// -------------------------------------------------------------------------------------
// a connector
// -------------------------------------------------------------------------------------

const json = (status: number, value: unknown): HttpResponse => {
  const body = JSON.stringify(value)
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  }
}

const DateScalar = t.type({ value: t.string })

// What a connector does for each row of the table: the failure the row describes, raised
// the way connector code raises it (a Left, a throw, a rejection, a TaskEither).
const routes: Readonly<Record<string, (req: IncomingMessage) => Outcome<HttpResponse>>> = {
  '/200': () => json(200, { rows: [] }),
  '/400': async (req) => json(200, JSON.parse(await readBody(req)) as unknown),
  '/403': () => E.left(forbidden('check constraint "price_positive" was not met')),
  '/409': () =>
    TE.left(
      conflict('foreign key constraint "book_author_fk" was not met', {
        details: { constraint: 'book_author_fk' },
      }),
    ),
  '/422': async (req) =>
    E.map((arg: { value: string }) => json(200, arg))(
      decodeInput(DateScalar)((JSON.parse(await readBody(req)) as { arg: unknown }).arg),
    ),
  '/500': () => {
    throw new Error('connection string postgres://admin:hunter2@db is wrong')
  },
  '/501': () => E.left(notImplemented('the connector does not support relationships')),
  '/502': () => E.left(badGateway('the database answered with an unknown type OID 99999')),
  '/503': () => E.left(serviceUnavailable('the schema is still being introspected')),
  '/504': () =>
    Promise.reject(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })),
}

const connector = useServer(
  handler((req) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    return route === undefined ? json(404, {}) : route(req)
  }, ndcConnector),
)

// The response as the client sees it, without the headers Node adds to every response.
const request = (path: string, init?: RequestInit): Promise<JsonReply> =>
  fetchJson(connector.url + path, init)

const errorHeaders = (body: unknown): Record<string, string> => ({
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(JSON.stringify(body))),
  'x-content-type-options': 'nosniff',
})

// -------------------------------------------------------------------------------------
// the table
// -------------------------------------------------------------------------------------

interface Row {
  /** The row of seed 000's table: status, meaning, used when. */
  readonly row: string
  readonly path: string
  readonly init?: RequestInit
  readonly status: number
  readonly body: unknown
  /** Error responses carry errmap's headers; a success, the connector's own. */
  readonly headers?: Readonly<Record<string, string>>
}

const post = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
})

const table: ReadonlyArray<Row> = [
  {
    row: '200 OK — the request was handled successfully',
    path: '/200',
    status: 200,
    body: { rows: [] },
    headers: { 'content-type': 'application/json', 'content-length': '11' },
  },
  {
    row: "400 Bad Request — the request did not match the connector's expectation",
    path: '/400',
    init: post('{"collection": "books",'),
    status: 400,
    body: { message: 'The request body is not valid JSON.', details: {} },
  },
  {
    row: '403 Forbidden — a permission check failed (a check constraint was not met)',
    path: '/403',
    status: 403,
    body: { message: 'check constraint "price_positive" was not met', details: {} },
  },
  {
    row: '409 Conflict — a conflicting state (a foreign key constraint was not met)',
    path: '/409',
    status: 409,
    body: {
      message: 'foreign key constraint "book_author_fk" was not met',
      details: { constraint: 'book_author_fk' },
    },
  },
  {
    row: '422 Unprocessable Content — well-formed but wrong (a custom scalar of the wrong type)',
    path: '/422',
    init: post('{"arg": {"value": 20240101}}'),
    status: 422,
    body: {
      message: 'The request is not valid.',
      details: {
        issues: [
          { path: '/value', message: 'expected string', location: 'body', expected: 'string' },
        ],
      },
    },
  },
  {
    row: '500 Internal Server Error — an error on the server',
    path: '/500',
    status: 500,
    body: { message: 'Internal Server Error', details: {} },
  },
  {
    row: '501 Not Supported — relies on an unsupported capability (the caller’s fault)',
    path: '/501',
    status: 501,
    body: { message: 'the connector does not support relationships', details: {} },
  },
  {
    row: '502 Bad Gateway — an upstream service returned an unexpected response',
    path: '/502',
    status: 502,
    body: { message: 'Bad Gateway', details: {} },
  },
  {
    row: '503 Service Unavailable — the connector is not yet ready',
    path: '/503',
    status: 503,
    body: { message: 'Service Unavailable', details: {} },
  },
  {
    row: '504 Gateway Timeout — an upstream service was unavailable (connection failed)',
    path: '/504',
    status: 504,
    body: { message: 'Gateway Timeout', details: {} },
  },
]

describe('seed 000, Hasura NDC connector spec: every row of the status table', () => {
  it.each(table)('$row', async ({ path, init, status, body, headers }) => {
    expect(await request(path, init)).toEqual({
      status,
      headers: headers ?? errorHeaders(body),
      body,
    })
  })
})

describe('seed 000, Hasura NDC connector spec: the ErrorResponse body', () => {
  it('is { message, details } only, whatever the Accept: JSON, no negotiation, no Vary', async () => {
    const body = { message: 'check constraint "price_positive" was not met', details: {} }
    expect(
      await request('/403', { headers: { accept: 'application/problem+json, text/html;q=0.9' } }),
    ).toEqual({ status: 403, headers: errorHeaders(body), body })
  })

  it('carries the X-Request-Id of a masked 500 in details, to find it in the logs', async () => {
    const body = { message: 'Internal Server Error', details: { requestId: 'req-42' } }
    expect(await request('/500', { headers: { 'x-request-id': 'req-42' } })).toEqual({
      status: 500,
      headers: errorHeaders(body),
      body,
    })
  })

  it('sends headers and no body to HEAD', async () => {
    const res = await fetch(connector.url + '/403', { method: 'HEAD' })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.text()).toBe('')
  })
})
