// Seed 002: the Grafbase gateway's "Gateway Errors" (docs/STATUS-TABLES.md, "Seed 002:
// Grafbase gateway"). Every status it lists for a denied request,
// every row of its code → status table under both media types, 4xx over 5xx, and
// renaming codes by configuration — sent by a GraphQL server (graphql-js) built on
// errmap/graphql and errmap/node with the `settings` of examples/seeds.ts, over a socket.
import type { IncomingMessage, RequestListener } from 'node:http'
import * as E from 'fp-ts/Either'
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { fromUnknown, tooManyRequests, unauthorized, type HttpResponse } from 'errmap'
import {
  check,
  deny,
  paramsFromBody,
  paramsFromSearch,
  refuse,
  requestErrors,
  respond,
  type Facts,
  type Settings,
} from 'errmap/graphql'
import { handler } from 'errmap/node'
import { grafbaseGateway, grafbaseWithCodeMapping } from '../../examples/seeds.js'
import {
  fetchReply,
  header,
  json,
  rawReply,
  readBody,
  useServer,
  type JsonReply,
} from '../support/http.js'
import { reply } from '../graphql/server.js'

// -------------------------------------------------------------------------------------
// a gateway
// -------------------------------------------------------------------------------------

const schema = buildSchema(`
  type Book { id: ID!, title: String! }
  type Query { books: [Book!]!, reviews: [String!] }
`)

const root = {
  books: () => [{ id: '1', title: 'Dune' }],
  // A subgraph that fails: the field is null, the rest of the answer stands.
  reviews: () => {
    throw new GraphQLError('The reviews subgraph answered 503.', {
      extensions: { code: 'SUBGRAPH_REQUEST_ERROR' },
    })
  },
}

// The gateway's own stages that fail before execution — trusted documents, persisted
// queries, planning, hooks, subgraph calls, the global timeout — stand here as the codes
// in the `x-fail` request header (comma-separated), each failing with its message.
const stageMessages: Readonly<Record<string, string>> = {
  BAD_REQUEST: 'The request was refused.',
  TRUSTED_DOCUMENT_ERROR: 'No trusted document with id "abc".',
  PERSISTED_QUERY_ERROR: 'The persisted query hash does not match the query.',
  PERSISTED_QUERY_NOT_FOUND: 'No persisted query with this hash.',
  OPERATION_PLANNING_ERROR: 'No subgraph can resolve Query.books.',
  UNAUTHENTICATED: 'The access token is missing.',
  UNAUTHORIZED: 'The token lacks the books:read scope.',
  RATE_LIMITED: 'Too many requests for this client.',
  INTERNAL_SERVER_ERROR: 'Assertion failed in the planner cache.',
  HOOK_ERROR: 'The on-request hook crashed.',
  SUBGRAPH_ERROR: 'The books subgraph returned an error.',
  SUBGRAPH_INVALID_RESPONSE_ERROR: 'The books subgraph returned HTML.',
  SUBGRAPH_REQUEST_ERROR: 'The books subgraph is unreachable.',
  GATEWAY_TIMEOUT: 'The request exceeded the global timeout.',
  MY_CUSTOM_CODE: 'A subgraph reported a validation failure.',
}

const answer = async (req: IncomingMessage, s: Settings, facts: Facts): Promise<HttpResponse> => {
  const refusal = check(facts, s)
  if (refusal !== undefined) return refuse(refusal, facts, s)
  const token = header(req, 'authorization')
  if (token === undefined) return deny(unauthorized('Send an access token.'), facts, s)
  if (token === 'Bearer greedy')
    return deny(tooManyRequests('Rate limit exceeded.', { retryAfter: 10 }), facts, s)
  if (token === 'Bearer broken') throw new Error('token cache: ECONNREFUSED 10.0.0.9:6379')

  const params =
    req.method === 'GET'
      ? paramsFromSearch(new URL(req.url ?? '/', 'http://x').searchParams)
      : paramsFromBody(await readBody(req))
  if (E.isLeft(params)) return refuse(params.left, facts, s)

  const fail = header(req, 'x-fail')
  if (fail !== undefined)
    return respond(
      {
        errors: fail
          .split(',')
          .map((code) => ({ message: stageMessages[code] ?? code, extensions: { code } })),
      },
      facts,
      s,
    )

  let document: DocumentNode
  try {
    document = parse(params.right.query ?? '')
  } catch (e) {
    return respond({ errors: requestErrors('parse', [e as GraphQLError], s) }, facts, s)
  }
  const invalid = validate(schema, document)
  if (invalid.length > 0)
    return respond({ errors: requestErrors('validation', invalid, s) }, facts, s)
  const result = await execute({ schema, document, rootValue: root })
  return respond(result, facts, s)
}

const gateway = (s: Settings): RequestListener =>
  handler(async (req) => {
    const facts: Facts = {
      accept: header(req, 'accept'),
      method: req.method,
      contentType: header(req, 'content-type'),
      requestId: header(req, 'x-request-id'),
    }
    try {
      return await answer(req, s, facts)
    } catch (thrown) {
      // Whatever breaks is still answered as GraphQL, masked.
      return deny(fromUnknown(thrown), facts, s)
    }
  }, s.policy)

// The response as the client sees it, without the headers Node adds to every response.
// Node's fetch sends `Accept: */*` when none is given: a request without one goes raw.
const request = async (to: { readonly url: string }, init: RequestInit): Promise<JsonReply> =>
  json(
    new Headers(init.headers).has('accept')
      ? await fetchReply(to.url + '/graphql', init)
      : await rawReply(to.url + '/graphql', init),
  )

const GQL = 'application/graphql-response+json'
const JSON_TYPE = 'application/json'

const post = (
  accept: string | undefined,
  body: string,
  extra: Readonly<Record<string, string>> = {},
): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: 'Bearer reader',
    ...(accept === undefined ? {} : { accept }),
    ...extra,
  },
  body,
})

const books = JSON.stringify({ query: '{ books { title } }' })

const error = (message: string, code: string): unknown => ({ message, extensions: { code } })

const server = useServer(gateway(grafbaseGateway))
const renamed = useServer(gateway(grafbaseWithCodeMapping))

// -------------------------------------------------------------------------------------
// the tables
// -------------------------------------------------------------------------------------

interface Row {
  /** The line of seed 002. */
  readonly row: string
  readonly init: RequestInit
  readonly expected: JsonReply
}

const denied: ReadonlyArray<Row> = [
  {
    row: '400: invalid format in the GraphQL-over-HTTP request (invalid JSON)',
    init: post(GQL, '{"query": "{ books { title } }"'),
    expected: reply(400, JSON_TYPE, {
      errors: [error('The request body is not valid JSON.', 'BAD_REQUEST')],
    }),
  },
  {
    row: '401: the request needs authentication',
    init: { method: 'POST', headers: { 'content-type': JSON_TYPE, accept: GQL }, body: books },
    expected: reply(
      401,
      GQL,
      { errors: [error('Send an access token.', 'UNAUTHENTICATED')] },
      { 'www-authenticate': 'Bearer' },
    ),
  },
  {
    row: '406: the request has an unsupported Accept header',
    init: post('text/html', books),
    expected: reply(406, JSON_TYPE, {
      errors: [
        {
          message: 'Acceptable media types: application/json, application/graphql-response+json.',
          extensions: {
            code: 'NOT_ACCEPTABLE',
            details: { available: [JSON_TYPE, GQL] },
          },
        },
      ],
    }),
  },
  {
    row: '406: the request has a missing Accept header',
    init: post(undefined, books),
    expected: reply(406, JSON_TYPE, {
      errors: [
        {
          message: 'Acceptable media types: application/json, application/graphql-response+json.',
          extensions: {
            code: 'NOT_ACCEPTABLE',
            details: { available: [JSON_TYPE, GQL] },
          },
        },
      ],
    }),
  },
  {
    row: '429: the request exceeded the rate limit',
    init: post(GQL, books, { authorization: 'Bearer greedy' }),
    expected: reply(
      429,
      GQL,
      { errors: [error('Rate limit exceeded.', 'RATE_LIMITED')] },
      { 'retry-after': '10' },
    ),
  },
  {
    row: '500: the server encountered an internal error',
    init: post(GQL, books, { authorization: 'Bearer broken' }),
    expected: reply(500, GQL, {
      errors: [error('Internal Server Error', 'INTERNAL_SERVER_ERROR')],
    }),
  },
]

interface CodeRow {
  readonly code: string
  readonly status: number
  /** What the client sees as the message: 5xx are masked. */
  readonly message: string
  readonly headers?: Readonly<Record<string, string>>
  /** How the request fails: a gateway stage (`x-fail`), or a real query. */
  readonly query?: string
}

const codeTable: ReadonlyArray<CodeRow> = [
  { code: 'BAD_REQUEST', status: 400, message: 'The request was refused.' },
  { code: 'TRUSTED_DOCUMENT_ERROR', status: 400, message: 'No trusted document with id "abc".' },
  {
    code: 'PERSISTED_QUERY_ERROR',
    status: 400,
    message: 'The persisted query hash does not match the query.',
  },
  { code: 'PERSISTED_QUERY_NOT_FOUND', status: 400, message: 'No persisted query with this hash.' },
  {
    code: 'OPERATION_PARSING_ERROR',
    status: 400,
    message: 'Syntax Error: Expected Name, found <EOF>.',
    query: '{ books { title }',
  },
  {
    code: 'OPERATION_VALIDATION_ERROR',
    status: 400,
    message: 'Cannot query field "author" on type "Book".',
    query: '{ books { author } }',
  },
  {
    code: 'OPERATION_PLANNING_ERROR',
    status: 400,
    message: 'No subgraph can resolve Query.books.',
  },
  {
    code: 'UNAUTHENTICATED',
    status: 401,
    message: 'The access token is missing.',
    headers: { 'www-authenticate': 'Bearer' },
  },
  { code: 'UNAUTHORIZED', status: 403, message: 'The token lacks the books:read scope.' },
  { code: 'RATE_LIMITED', status: 429, message: 'Too many requests for this client.' },
  { code: 'INTERNAL_SERVER_ERROR', status: 500, message: 'Internal Server Error' },
  { code: 'HOOK_ERROR', status: 500, message: 'Internal Server Error' },
  { code: 'SUBGRAPH_ERROR', status: 502, message: 'Bad Gateway' },
  { code: 'SUBGRAPH_INVALID_RESPONSE_ERROR', status: 502, message: 'Bad Gateway' },
  { code: 'SUBGRAPH_REQUEST_ERROR', status: 502, message: 'Bad Gateway' },
  { code: 'GATEWAY_TIMEOUT', status: 504, message: 'Gateway Timeout' },
]

const codeRequest = (r: CodeRow, accept: string): RequestInit =>
  r.query === undefined
    ? post(accept, books, { 'x-fail': r.code })
    : post(accept, JSON.stringify({ query: r.query }))

const locations = (r: CodeRow): unknown =>
  r.query === undefined
    ? error(r.message, r.code)
    : {
        message: r.message,
        locations: [{ line: 1, column: r.code === 'OPERATION_PARSING_ERROR' ? 18 : 11 }],
        extensions: { code: r.code },
      }

describe('seed 002, Grafbase gateway: a denied request gets its status', () => {
  it.each(denied)('$row', async (r) => {
    expect(await request(server, r.init)).toEqual(r.expected)
  })
})

describe('seed 002, Grafbase gateway: every code of the table', () => {
  it.each(codeTable)(
    '$code is a $status under Accept: application/graphql-response+json',
    async (r) => {
      expect(await request(server, codeRequest(r, GQL))).toEqual(
        reply(r.status, GQL, { errors: [locations(r)] }, r.headers),
      )
    },
  )

  it.each(codeTable)(
    '$code is a 200 under Accept: application/json (a well-formed request)',
    async (r) => {
      expect(await request(server, codeRequest(r, JSON_TYPE))).toEqual(
        reply(200, JSON_TYPE, { errors: [locations(r)] }),
      )
    },
  )
})

describe('seed 002, Grafbase gateway: the rules around the table', () => {
  it('prefers a client error (4xx) over a server error (5xx) whatever their order', async () => {
    const both = await request(
      server,
      post(GQL, books, { 'x-fail': 'SUBGRAPH_ERROR,RATE_LIMITED' }),
    )
    expect(both).toEqual(
      reply(429, GQL, {
        errors: [
          error('Bad Gateway', 'SUBGRAPH_ERROR'),
          error(stageMessages['RATE_LIMITED'] ?? '', 'RATE_LIMITED'),
        ],
      }),
    )
    const reversed = await request(
      server,
      post(GQL, books, { 'x-fail': 'GATEWAY_TIMEOUT,INTERNAL_SERVER_ERROR,UNAUTHORIZED' }),
    )
    expect(reversed).toEqual(
      reply(403, GQL, {
        errors: [
          error('Gateway Timeout', 'GATEWAY_TIMEOUT'),
          error('Internal Server Error', 'INTERNAL_SERVER_ERROR'),
          error(stageMessages['UNAUTHORIZED'] ?? '', 'UNAUTHORIZED'),
        ],
      }),
    )
  })

  it('answers 200 when there is at least a partial response, under either media type', async () => {
    const partial = {
      errors: [
        {
          message: 'Bad Gateway',
          locations: [{ line: 1, column: 19 }],
          path: ['reviews'],
          extensions: { code: 'SUBGRAPH_REQUEST_ERROR' },
        },
      ],
      data: { books: [{ title: 'Dune' }], reviews: null },
    }
    const query = JSON.stringify({ query: '{ books { title } reviews }' })
    expect(await request(server, post(GQL, query))).toEqual(reply(200, GQL, partial))
    expect(await request(server, post(JSON_TYPE, query))).toEqual(reply(200, JSON_TYPE, partial))
  })

  it('answers a successful request 200 with its data', async () => {
    expect(await request(server, post(GQL, books))).toEqual(
      reply(200, GQL, { data: { books: [{ title: 'Dune' }] } }),
    )
  })

  it('renames a code by configuration: OPERATION_VALIDATION_ERROR = "MY_CUSTOM_CODE"', async () => {
    const query = JSON.stringify({ query: '{ books { author } }' })
    const body = {
      errors: [
        {
          message: 'Cannot query field "author" on type "Book".',
          locations: [{ line: 1, column: 11 }],
          extensions: { code: 'MY_CUSTOM_CODE' },
        },
      ],
    }
    expect(await request(renamed, post(GQL, query))).toEqual(reply(400, GQL, body))
    expect(await request(renamed, post(JSON_TYPE, query))).toEqual(reply(200, JSON_TYPE, body))
    // The renamed code keeps the meaning of the one it replaces.
    expect(await request(renamed, post(GQL, books, { 'x-fail': 'MY_CUSTOM_CODE' }))).toEqual(
      reply(400, GQL, {
        errors: [error(stageMessages['MY_CUSTOM_CODE'] ?? '', 'MY_CUSTOM_CODE')],
      }),
    )
  })
})
