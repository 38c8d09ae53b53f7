// Seed 004: "GraphQL Response Status Codes" (docs/STATUS-TABLES.md, "Seed 004: GraphQL
// status guide"). Every row of its summary table, sent by a GraphQL
// server (graphql-js) built on errmap/graphql and errmap/node with the settings of
// examples/seeds.ts, over a socket. Its clients send `Accept:
// application/graphql-response+json` (the 406 row is for an Accept that names neither
// GraphQL media type); its "No Data" row is also checked under `application/json`,
// which the seed cites for it.
import type { IncomingMessage } from 'node:http'
import * as E from 'fp-ts/Either'
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { forbidden, fromUnknown, notFound, unauthorized, type HttpResponse } from 'errmap'
import {
  check,
  deny,
  paramsFromBody,
  refuse,
  requestErrors,
  respond,
  type Facts,
  type Settings,
} from 'errmap/graphql'
import { handler } from 'errmap/node'
import { graphqlStatusCodes } from '../../examples/seeds.js'
import { fetchJson, header, readBody, useServer, type JsonReply } from '../support/http.js'
import { reply } from '../graphql/server.js'

// -------------------------------------------------------------------------------------
// a server
// -------------------------------------------------------------------------------------

const schema = buildSchema(`
  type Book { id: ID!, title: String! }
  type Query { books: [Book!]!, book(id: ID!): Book!, reviews: [String!] }
`)

const root = {
  books: () => [{ id: '1', title: 'Dune' }],
  // A resolver failing with an errmap error: the non-null field takes `data` to null.
  book: ({ id }: { id: string }) => {
    throw notFound(`No book ${id}.`)
  },
  reviews: () => {
    throw new GraphQLError('The reviews service is down.', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    })
  },
}

const answer = async (req: IncomingMessage, s: Settings, facts: Facts): Promise<HttpResponse> => {
  const refusal = check(facts, s)
  if (refusal !== undefined) return refuse(refusal, facts, s)
  const token = header(req, 'authorization')
  if (token === undefined) return deny(unauthorized('Sign in to use the API.'), facts, s)
  if (token === 'Bearer guest')
    return deny(forbidden('Guests cannot read the catalogue.'), facts, s)
  if (token === 'Bearer broken') throw new TypeError("Cannot read properties of null ('tenant')")

  const params = paramsFromBody(await readBody(req))
  if (E.isLeft(params)) return refuse(params.left, facts, s)
  let document: DocumentNode
  try {
    document = parse(params.right.query ?? '')
  } catch (e) {
    return respond({ errors: requestErrors('parse', [e as GraphQLError], s) }, facts, s)
  }
  const invalid = validate(schema, document)
  if (invalid.length > 0)
    return respond({ errors: requestErrors('validation', invalid, s) }, facts, s)
  return respond(await execute({ schema, document, rootValue: root }), facts, s)
}

const s = graphqlStatusCodes
const server = useServer(
  handler(async (req) => {
    const facts: Facts = {
      accept: header(req, 'accept'),
      method: req.method,
      contentType: header(req, 'content-type'),
    }
    try {
      return await answer(req, s, facts)
    } catch (thrown) {
      // An unhandled exception is still answered as GraphQL, masked.
      return deny(fromUnknown(thrown), facts, s)
    }
  }, s.policy),
)

// The response as the client sees it, without the headers Node adds to every response.
const request = (init: RequestInit): Promise<JsonReply> => fetchJson(server.url + '/graphql', init)

const GQL = 'application/graphql-response+json'
const JSON_TYPE = 'application/json'

const post = (query: string, headers: Readonly<Record<string, string>> = {}): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': JSON_TYPE,
    accept: GQL,
    authorization: 'Bearer reader',
    ...headers,
  },
  body: JSON.stringify({ query }),
})

// -------------------------------------------------------------------------------------
// the table
// -------------------------------------------------------------------------------------

interface Row {
  /** The row of seed 004's summary table: scenario, status, data, errors. */
  readonly row: string
  readonly init: RequestInit
  readonly expected: JsonReply
}

const noData = {
  errors: [
    {
      message: 'No book 9.',
      locations: [{ line: 1, column: 3 }],
      path: ['book'],
      extensions: { code: 'NOT_FOUND' },
    },
  ],
  data: null,
}

const table: ReadonlyArray<Row> = [
  {
    row: 'Success — 200, data ✅, errors ❌',
    init: post('{ books { title } }'),
    expected: reply(200, GQL, { data: { books: [{ title: 'Dune' }] } }),
  },
  {
    row: 'Partial Success — 200, data ✅, errors ✅',
    init: post('{ books { title } reviews }'),
    expected: reply(200, GQL, {
      errors: [
        {
          message: 'Service Unavailable',
          locations: [{ line: 1, column: 19 }],
          path: ['reviews'],
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
      data: { books: [{ title: 'Dune' }], reviews: null },
    }),
  },
  {
    row: 'No Data (a NotFound error) — 200, data ❌ (null), errors ✅',
    init: post('{ book(id: "9") { title } }'),
    expected: reply(200, GQL, noData),
  },
  {
    row: 'No Data (a NotFound error) under application/json — 200, data ❌ (null), errors ✅',
    init: post('{ book(id: "9") { title } }', { accept: JSON_TYPE }),
    expected: reply(200, JSON_TYPE, noData),
  },
  {
    row: 'Invalid Request (Syntax) — 400, data ❌, errors ✅ (one)',
    init: post('{ books { title }'),
    expected: reply(400, GQL, {
      errors: [
        {
          message: 'Syntax Error: Expected Name, found <EOF>.',
          locations: [{ line: 1, column: 18 }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    }),
  },
  {
    row: 'Invalid Request (invalid JSON) — 400, data ❌, errors ✅ (one)',
    init: { ...post(''), body: '{"query": "{ books { title } }"' },
    expected: reply(400, JSON_TYPE, {
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ],
    }),
  },
  {
    row: 'Auth Failure (unauthenticated) — 401, data ❌, errors ✅ (one)',
    init: { ...post('{ books { title } }'), headers: { 'content-type': JSON_TYPE, accept: GQL } },
    expected: reply(
      401,
      GQL,
      { errors: [{ message: 'Sign in to use the API.', extensions: { code: 'UNAUTHENTICATED' } }] },
      { 'www-authenticate': 'Bearer' },
    ),
  },
  {
    row: 'Auth Failure (not permitted) — 403, data ❌, errors ✅ (one)',
    init: post('{ books { title } }', { authorization: 'Bearer guest' }),
    expected: reply(403, GQL, {
      errors: [{ message: 'Guests cannot read the catalogue.', extensions: { code: 'FORBIDDEN' } }],
    }),
  },
  {
    row: 'Unsupported Accept Header — 406, data ❌, errors ✅ (one)',
    init: post('{ books { title } }', { accept: 'text/html' }),
    expected: reply(406, JSON_TYPE, {
      errors: [
        {
          message: 'Acceptable media types: application/json, application/graphql-response+json.',
          extensions: { code: 'NOT_ACCEPTABLE', details: { available: [JSON_TYPE, GQL] } },
        },
      ],
    }),
  },
  {
    row: 'Internal Server Error — 500, data ❌, errors ✅ (one)',
    init: post('{ books { title } }', { authorization: 'Bearer broken' }),
    expected: reply(500, GQL, {
      errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    }),
  },
]

describe('seed 004, GraphQL response status codes: every row of the summary table', () => {
  it.each(table)('$row', async (r) => {
    expect(await request(r.init)).toEqual(r.expected)
  })
})
