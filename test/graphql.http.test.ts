// The GraphQL-over-HTTP status table (docs/STATUS-TABLES.md, "GraphQL over HTTP"; the
// spec's "Status Codes" section) row by row, over real sockets against the
// example server (examples/graphql.ts) behind every adapter: each row for both response
// media types and both profiles. Expectations are written out from the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerOptions } from '../examples/graphql.js'
import type { Profile } from '../src/graphql/index.js'
import {
  call,
  gql,
  raw,
  standard,
  start,
  transports,
  type Call,
  type Running,
} from './graphql/server.js'

const JSON_TYPE = 'application/json'
const GQL_TYPE = 'application/graphql-response+json'

type Media = 'json' | 'gql'
type Column = `${Profile} ${Media}`
const columns: ReadonlyArray<Column> = ['2024 json', '2024 gql', '2026 json', '2026 gql']
const acceptOf = (media: Media): string => (media === 'json' ? JSON_TYPE : GQL_TYPE)

/** One value per column: 2024 json, 2024 gql, 2026 json, 2026 gql. */
const per = <A>(a: A, b: A, c: A, d: A): Readonly<Record<Column, A>> => ({
  '2024 json': a,
  '2024 gql': b,
  '2026 json': c,
  '2026 gql': d,
})
const all = <A>(a: A) => per(a, a, a, a)

// Media types: the negotiated one; a refusal is always application/json; in 2026 only
// a 2xx may be relabelled application/json.
const negotiated = per(JSON_TYPE, GQL_TYPE, JSON_TYPE, GQL_TYPE)
const errorTyped = per(JSON_TYPE, GQL_TYPE, GQL_TYPE, GQL_TYPE)
const plainJson = all(JSON_TYPE)

interface Row {
  readonly situation: string
  readonly request: Call
  readonly server?: ServerOptions
  readonly status: Readonly<Record<Column, number>>
  readonly type: Readonly<Record<Column, string>>
  readonly body: (profile: Profile) => unknown
  /** Headers beyond the standard four. */
  readonly headers?: Readonly<Record<string, string>>
}

const errors = (...list: ReadonlyArray<unknown>) => ({ errors: list })

const malformed = (profile: Profile, path: string, message: string) =>
  errors({
    message: 'The request is not a well-formed GraphQL-over-HTTP request.',
    extensions: {
      code: profile === '2024' ? 'BAD_REQUEST' : 'UNPROCESSABLE_CONTENT',
      issues: [{ path, message, location: 'body' }],
    },
  })

const rows: ReadonlyArray<Row> = [
  {
    situation: 'data present, no errors',
    request: { body: gql('{ hello }') },
    status: all(200),
    type: negotiated,
    body: () => ({ data: { hello: 'Hello, world!' } }),
  },
  {
    situation: 'data present and errors (a partial result)',
    request: { body: gql('{ users(ids: ["1", "9"]) { name } }') },
    status: per(200, 200, 200, 294),
    type: negotiated,
    body: () => ({
      errors: [
        {
          message: 'No user with id 9.',
          locations: [{ line: 1, column: 3 }],
          path: ['users', 1],
          extensions: { code: 'NOT_FOUND' },
        },
      ],
      data: { users: [{ name: 'Alice' }, null] },
    }),
  },
  {
    situation: 'data null and errors (a non-null root field failed)',
    request: { body: gql('{ user(id: "9") { name } }') },
    status: per(200, 200, 200, 294),
    type: negotiated,
    body: () => ({
      errors: [
        {
          message: 'No user with id 9.',
          locations: [{ line: 1, column: 3 }],
          path: ['user'],
          extensions: { code: 'NOT_FOUND' },
        },
      ],
      data: null,
    }),
  },
  {
    situation: 'JSON body unparsable',
    request: { body: '{"query":' },
    status: all(400),
    type: plainJson,
    body: () =>
      errors({
        message: 'The request body is not valid JSON.',
        extensions: { code: 'BAD_REQUEST' },
      }),
  },
  {
    situation: 'not a well-formed GraphQL-over-HTTP request: {"qeury": …}',
    request: { body: '{"qeury":"{ hello }"}' },
    status: per(400, 400, 422, 422),
    type: plainJson,
    body: (p) => malformed(p, '/query', 'must be a string'),
  },
  {
    situation: 'not a well-formed GraphQL-over-HTTP request: variables not a map',
    request: { body: gql('query Q($i: Int!) { hello }', { variables: [7] }) },
    status: per(400, 400, 422, 422),
    type: plainJson,
    body: (p) => malformed(p, '/variables', 'must be a map'),
  },
  {
    situation: 'document does not parse',
    request: { body: gql('{') },
    status: per(200, 400, 400, 400),
    type: errorTyped,
    body: () =>
      errors({
        message: 'Syntax Error: Expected Name, found <EOF>.',
        locations: [{ line: 1, column: 2 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
  },
  {
    situation: 'document fails validation',
    request: { body: gql('{ nope }') },
    status: per(200, 400, 422, 422),
    type: errorTyped,
    body: () =>
      errors({
        message: 'Cannot query field "nope" on type "Query".',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
  },
  {
    situation: 'operation cannot be determined',
    request: { body: gql('query A { hello } query B { hello }') },
    status: per(200, 400, 422, 422),
    type: errorTyped,
    body: () =>
      errors({
        message: 'Must provide operation name if query contains multiple operations.',
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      }),
  },
  {
    situation: 'variables cannot be coerced',
    request: {
      body: gql('query ($id: ID!) { user(id: $id) { name } }', { variables: { id: [] } }),
    },
    status: per(200, 400, 422, 422),
    type: errorTyped,
    body: () =>
      errors({
        message: 'Variable "$id" got invalid value []; ID cannot represent value: []',
        locations: [{ line: 1, column: 8 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }),
  },
  {
    situation: 'mutation over GET',
    request: { search: { query: 'mutation { rename(id: "1", name: "Al") { name } }' } },
    status: all(405),
    type: plainJson,
    headers: { allow: 'POST' },
    body: () =>
      errors({
        message: 'Mutations cannot be executed over GET: use POST.',
        extensions: { code: 'METHOD_NOT_ALLOWED' },
      }),
  },
  {
    situation: 'unsupported request Content-Type',
    request: { body: '{ hello }', contentType: 'application/graphql' },
    status: all(415),
    type: plainJson,
    headers: { accept: JSON_TYPE, 'accept-post': JSON_TYPE },
    body: () =>
      errors({
        message: 'Send the request body as application/json.',
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
      }),
  },
  {
    situation: 'not permitted: not authenticated',
    request: { body: gql('{ hello }'), authorization: 'Bearer nobody' },
    status: all(401),
    type: errorTyped,
    headers: { 'www-authenticate': 'Bearer realm="graphql", error="invalid_token"' },
    body: () =>
      errors({ message: 'The access token is invalid.', extensions: { code: 'UNAUTHENTICATED' } }),
  },
  {
    situation: 'not permitted: forbidden',
    request: { body: gql('{ hello }'), authorization: 'Bearer suspended' },
    status: all(403),
    type: errorTyped,
    body: () =>
      errors({ message: 'This account is suspended.', extensions: { code: 'FORBIDDEN' } }),
  },
  {
    situation: 'server at fault: maintenance',
    request: { body: gql('{ hello }') },
    server: { maintenance: 120 },
    status: all(503),
    type: errorTyped,
    headers: { 'retry-after': '120' },
    body: () =>
      errors({ message: 'Service Unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }),
  },
  {
    situation: 'server at fault: the session store fails',
    request: { body: gql('{ hello }'), authorization: 'Bearer db-down' },
    status: all(500),
    type: errorTyped,
    body: () =>
      errors({ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
  },
]

// Servers, one per transport × profile × server options, started once.
const servers = new Map<string, Running>()
const keyOf = (transport: string, profile: Profile, server: ServerOptions | undefined): string =>
  `${transport} ${profile} ${server?.maintenance ?? ''}`

beforeAll(async () => {
  for (const transport of transports)
    for (const profile of ['2024', '2026'] as const)
      for (const server of [undefined, { maintenance: 120 }])
        servers.set(
          keyOf(transport, profile, server),
          await start(transport, { ...server, graphql: { profile } }),
        )
})

afterAll(async () => {
  for (const s of servers.values()) await s.close()
})

const urlOf = (transport: string, profile: Profile, server?: ServerOptions): string =>
  (servers.get(keyOf(transport, profile, server)) as Running).url

describe.each(transports)(
  'the GraphQL-over-HTTP status table, behind the %s adapter',
  (transport) => {
    const cases = rows.flatMap((row) =>
      columns.map((column) => [row.situation, column, row] as const),
    )
    it.each(cases)('%s — %s', async (_, column, row) => {
      const [profile, media] = column.split(' ') as [Profile, Media]
      const seen = await call(urlOf(transport, profile, row.server), {
        accept: acceptOf(media),
        ...row.request,
      })
      expect(seen.status).toBe(row.status[column])
      expect(seen.headers).toEqual({ ...standard(row.type[column], seen.text), ...row.headers })
      expect(seen.json).toEqual(row.body(profile))
    })

    it.each(['2024', '2026'] as const)(
      '%s: an Accept that names nothing supported (and not application/json) is a 406 in application/json',
      async (profile) => {
        const seen = await call(urlOf(transport, profile), {
          accept: 'text/html',
          body: gql('{ hello }'),
        })
        const available = profile === '2024' ? [JSON_TYPE, GQL_TYPE] : [GQL_TYPE, JSON_TYPE]
        expect(seen.status).toBe(406)
        expect(seen.headers).toEqual(standard(JSON_TYPE, seen.text))
        expect(seen.json).toEqual(
          errors({
            message: `Acceptable media types: ${available.join(', ')}.`,
            extensions: { code: 'NOT_ACCEPTABLE', details: { available } },
          }),
        )
      },
    )
  },
)

describe('negotiating the response media type (node adapter)', () => {
  const cases: ReadonlyArray<readonly [string, string | null, string, string]> = [
    ['no Accept', null, JSON_TYPE, GQL_TYPE],
    ['*/*', '*/*', JSON_TYPE, GQL_TYPE],
    ['application/*', 'application/*', JSON_TYPE, GQL_TYPE],
    ['both, graphql-response first', `${GQL_TYPE}, ${JSON_TYPE}`, GQL_TYPE, GQL_TYPE],
    ['both, json first', `${JSON_TYPE}, ${GQL_TYPE}`, JSON_TYPE, JSON_TYPE],
    ["the spec's recommended header", `${GQL_TYPE}, ${JSON_TYPE};q=0.9`, GQL_TYPE, GQL_TYPE],
    ['json preferred by q', `${GQL_TYPE};q=0.5, ${JSON_TYPE}`, JSON_TYPE, JSON_TYPE],
    ['with charset=utf-8', `${GQL_TYPE}; charset=utf-8`, GQL_TYPE, GQL_TYPE],
    ['a wildcard below an excluded json', `${JSON_TYPE};q=0, */*;q=0.1`, GQL_TYPE, GQL_TYPE],
    ['html, then anything', 'text/html, */*;q=0.8', JSON_TYPE, GQL_TYPE],
  ]
  it.each(cases)('%s: 2024 answers %s, 2026 %s', async (_, accept, in2024, in2026) => {
    const [a, b] = await Promise.all(
      (['2024', '2026'] as const).map((p) =>
        call(urlOf('node', p), { accept, body: gql('{ hello }') }),
      ),
    )
    expect([a?.status, a?.headers['content-type'], b?.status, b?.headers['content-type']]).toEqual([
      200,
      `${in2024}; charset=utf-8`,
      200,
      `${in2026}; charset=utf-8`,
    ])
  })

  it('a charset other than UTF-8 is not acceptable: 406', async () => {
    const seen = await call(urlOf('node', '2024'), {
      accept: `${GQL_TYPE}; charset=iso-8859-1`,
      body: gql('{ hello }'),
    })
    expect(seen.status).toBe(406)
  })
})

describe('the rest of the request side (node adapter)', () => {
  it('a method other than GET and POST is a 405 listing both', async () => {
    const seen = await call(urlOf('node', '2024'), { method: 'PUT', body: gql('{ hello }') })
    expect(seen.status).toBe(405)
    expect(seen.headers).toEqual({ ...standard(JSON_TYPE, seen.text), allow: 'GET, POST' })
    expect(seen.json).toEqual(
      errors({
        message: 'GraphQL requests use GET or POST.',
        extensions: { code: 'METHOD_NOT_ALLOWED' },
      }),
    )
  })

  it('a POST without Content-Type is a 415', async () => {
    const seen = await raw(urlOf('node', '2026'), { contentType: null, body: gql('{ hello }') })
    expect(seen.status).toBe(415)
    expect(seen.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('a JSON body in another charset is a 415; utf-8 in any case is accepted', async () => {
    const url = urlOf('node', '2024')
    const latin = await call(url, {
      contentType: 'application/json; charset=latin1',
      body: gql('{ hello }'),
    })
    const upper = await call(url, {
      contentType: 'Application/JSON; Charset="UTF-8"',
      body: gql('{ hello }'),
    })
    expect([latin.status, upper.status]).toEqual([415, 200])
  })

  it('a query over GET runs, with variables and an operation name', async () => {
    const seen = await call(urlOf('node', '2026'), {
      search: {
        query: 'query A($name: String) { hello(name: $name) } query B { hello }',
        operationName: 'A',
        variables: '{"name":"GET"}',
      },
    })
    expect(seen.status).toBe(200)
    expect(seen.json).toEqual({ data: { hello: 'Hello, GET!' } })
  })

  it('unparsable variables in a GET are a malformed request: 400 in 2024, 422 in 2026', async () => {
    const search = { query: '{ hello }', variables: '{' }
    const [a, b] = await Promise.all([
      call(urlOf('node', '2024'), { search }),
      call(urlOf('node', '2026'), { search }),
    ])
    expect([a.status, b.status]).toEqual([400, 422])
    expect(b.json).toEqual(
      errors({
        message: 'The request is not a well-formed GraphQL-over-HTTP request.',
        extensions: {
          code: 'UNPROCESSABLE_CONTENT',
          issues: [{ path: '/variables', message: 'must be JSON', location: 'query' }],
        },
      }),
    )
  })

  it('an unknown operation name is an operation failure', async () => {
    const seen = await call(urlOf('node', '2026'), {
      body: gql('{ hello }', { operationName: 'Nope' }),
    })
    expect(seen.status).toBe(422)
    expect(seen.json).toEqual(
      errors({
        message: 'Unknown operation named "Nope".',
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      }),
    )
  })

  it('HEAD is refused with 405 and sends no body', async () => {
    const seen = await call(urlOf('node', '2024'), { method: 'HEAD' })
    expect(seen.status).toBe(405)
    expect(seen.text).toBe('')
    expect(seen.headers['allow']).toBe('GET, POST')
  })
})

describe('resolver errors in the result (node adapter)', () => {
  it('a field that needs a token: UNAUTHENTICATED, data null, still a 200 under application/json', async () => {
    const seen = await call(urlOf('node', '2024'), {
      accept: JSON_TYPE,
      body: gql('{ me { name } }'),
    })
    expect(seen.status).toBe(200)
    expect(seen.json).toEqual({
      errors: [
        {
          message: 'Sign in to see your profile.',
          locations: [{ line: 1, column: 3 }],
          path: ['me'],
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
      data: null,
    })
  })

  it('with a token the same field resolves', async () => {
    const seen = await call(urlOf('node', '2026'), {
      authorization: 'Bearer bob',
      body: gql('{ me { name } }'),
    })
    expect([seen.status, seen.json]).toEqual([200, { data: { me: { name: 'Bob' } } }])
  })

  it('an Error with a secret is masked: nothing of it reaches the client', async () => {
    const seen = await call(urlOf('node', '2026'), { body: gql('{ hello secret }') })
    expect(seen.status).toBe(294)
    expect(seen.json).toEqual({
      errors: [
        {
          message: 'Internal Server Error',
          locations: [{ line: 1, column: 9 }],
          path: ['secret'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
      data: { hello: 'Hello, world!', secret: null },
    })
    expect(seen.text).not.toMatch(/hunter2|ECONNREFUSED|10\.0\.0\.3/)
  })

  it('the session store failure is masked too, and reported to onError', async () => {
    const reported: Array<unknown> = []
    const server = await start('node', { onError: (e) => reported.push(e) })
    try {
      const seen = await call(server.url, {
        authorization: 'Bearer db-down',
        body: gql('{ hello }'),
      })
      expect(seen.text).not.toMatch(/ETIMEDOUT|10\.0\.0\.7/)
      expect(reported.map((e) => (e as Error).message)).toEqual([
        'session store: connect ETIMEDOUT 10.0.0.7:6379',
      ])
    } finally {
      await server.close()
    }
  })

  it('a mutation needs an admin: FORBIDDEN for a reader, done for an admin', async () => {
    const url = urlOf('node', '2024')
    const mutation = gql('mutation { rename(id: "2", name: "Robert") { name } }')
    const reader = await call(url, { authorization: 'Bearer bob', body: mutation })
    const admin = await call(url, { authorization: 'Bearer alice', body: mutation })
    expect(reader.json).toEqual({
      errors: [
        {
          message: 'Only admins can rename users.',
          locations: [{ line: 1, column: 12 }],
          path: ['rename'],
          extensions: { code: 'FORBIDDEN' },
        },
      ],
      data: null,
    })
    expect([admin.status, admin.json]).toEqual([200, { data: { rename: { name: 'Robert' } } }])
  })

  it('the request id goes in the response extensions', async () => {
    const seen = await call(urlOf('node', '2024'), { requestId: 'req-7', body: gql('{ hello }') })
    expect(seen.json).toEqual({
      data: { hello: 'Hello, world!' },
      extensions: { requestId: 'req-7' },
    })
  })
})

describe('automatic persisted queries (node adapter)', () => {
  const query = '{ hello }'
  const hash = 'b5c5f6d6ad3b09ad1e5bd6e3d1bb3d8a7a4a5f6f0d8e0f2e8b9a8c5c4f1e2d3c'
  const sha = async (text: string): Promise<string> => {
    const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
    return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
  }
  const ext = (sha256Hash: string) => ({
    extensions: { persistedQuery: { version: 1, sha256Hash } },
  })

  it.each(columns)(
    '%s: a miss is a 200 with PERSISTED_QUERY_NOT_FOUND and Cache-Control, so the client sends the document',
    async (column) => {
      const [profile, media] = column.split(' ') as [Profile, Media]
      const seen = await call(urlOf('node', profile), {
        accept: acceptOf(media),
        body: JSON.stringify(ext(hash)),
      })
      expect(seen.status).toBe(200)
      expect(seen.headers).toEqual({
        ...standard(negotiated[column], seen.text),
        'cache-control': 'private, no-cache, must-revalidate',
      })
      expect(seen.json).toEqual(
        errors({
          message: 'PersistedQueryNotFound',
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
        }),
      )
    },
  )

  it('the document sent with its hash is kept, then the hash alone runs it', async () => {
    const url = urlOf('node', '2026')
    const h = await sha(query)
    const first = await call(url, { body: JSON.stringify({ query, ...ext(h) }) })
    const second = await call(url, { body: JSON.stringify(ext(h)) })
    expect([first.json, second.json]).toEqual([
      { data: { hello: 'Hello, world!' } },
      { data: { hello: 'Hello, world!' } },
    ])
  })

  it('a hash that does not match the document is a malformed request', async () => {
    const seen = await call(urlOf('node', '2026'), {
      body: JSON.stringify({ query, ...ext(hash) }),
    })
    expect(seen.status).toBe(422)
    expect(seen.json).toEqual(
      errors({
        message: 'The request is not a well-formed GraphQL-over-HTTP request.',
        extensions: {
          code: 'UNPROCESSABLE_CONTENT',
          issues: [
            { path: '/extensions/persistedQuery/sha256Hash', message: 'does not match the query' },
          ],
        },
      }),
    )
  })
})
