// The GraphQL seeds, over real sockets against the example server (examples/graphql.ts)
// behind the Node adapter, configured — not coded — as each system:
// - seed 002, the Grafbase gateway (docs/STATUS-TABLES.md, "Seed 002: Grafbase
//   gateway"): its code → status table for request errors (no data) under
//   application/graphql-response+json, 200 under application/json, 4xx over 5xx, code
//   renaming, the statuses of requests it denies, 406 for a missing Accept.
// - seed 004, the GraphQL status guide (docs/STATUS-TABLES.md, "Seed 004: GraphQL status
//   guide"): its summary table.
import { tooManyRequests, type HttpError } from 'errmap'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerOptions } from '../examples/graphql.js'
import { grafbaseCodes, type GraphQLErrorLike } from '../src/graphql/index.js'
import { call, gql, raw, standard, start, type Running } from './graphql/server.js'

const JSON_TYPE = 'application/json'
const GQL_TYPE = 'application/graphql-response+json'

// The gateway's hooks: request errors named by the `x-codes` header (a gateway produces
// them while authenticating, checking trusted documents, planning, calling subgraphs).
const hook = (request: Request): ReadonlyArray<GraphQLErrorLike> | undefined => {
  const codes = request.headers.get('x-codes')
  return codes === null
    ? undefined
    : codes.split(',').map((code) => ({ message: `failed: ${code}`, extensions: { code } }))
}

// The gateway's rate limiter: a denial at the HTTP level.
const guard = (request: Request): HttpError | undefined =>
  request.headers.get('x-flood') === null
    ? undefined
    : tooManyRequests('Slow down.', { retryAfter: 2 })

const grafbase: ServerOptions = {
  graphql: { codes: grafbaseCodes, acceptRequired: true },
  hook,
  guard,
}

describe('seed 002: the Grafbase gateway', () => {
  let gateway: Running
  let renamed: Running
  let gateway2026: Running
  beforeAll(async () => {
    gateway = await start('node', grafbase)
    renamed = await start('node', {
      ...grafbase,
      graphql: { ...grafbase.graphql, renames: { OPERATION_VALIDATION_ERROR: 'MY_CUSTOM_CODE' } },
    })
    gateway2026 = await start('node', {
      ...grafbase,
      graphql: { ...grafbase.graphql, profile: '2026' },
    })
  })
  afterAll(async () => {
    await Promise.all([gateway.close(), renamed.close(), gateway2026.close()])
  })

  // The seed's table, one row per code.
  const table: ReadonlyArray<readonly [string, number]> = [
    ['BAD_REQUEST', 400],
    ['TRUSTED_DOCUMENT_ERROR', 400],
    ['PERSISTED_QUERY_ERROR', 400],
    ['PERSISTED_QUERY_NOT_FOUND', 400],
    ['OPERATION_PARSING_ERROR', 400],
    ['OPERATION_VALIDATION_ERROR', 400],
    ['OPERATION_PLANNING_ERROR', 400],
    ['UNAUTHENTICATED', 401],
    ['UNAUTHORIZED', 403],
    ['RATE_LIMITED', 429],
    ['INTERNAL_SERVER_ERROR', 500],
    ['HOOK_ERROR', 500],
    ['SUBGRAPH_ERROR', 502],
    ['SUBGRAPH_INVALID_RESPONSE_ERROR', 502],
    ['SUBGRAPH_REQUEST_ERROR', 502],
    ['GATEWAY_TIMEOUT', 504],
  ]

  it.each(table)(
    'a request error %s without data is a %i under application/graphql-response+json',
    async (code, status) => {
      const seen = await call(gateway.url, { headers: { 'x-codes': code }, body: gql('{ hello }') })
      const challenge = status === 401 ? { 'www-authenticate': 'Bearer' } : {}
      // A 5xx is masked: its reason phrase replaces the message.
      const masked: Readonly<Record<number, string>> = {
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        504: 'Gateway Timeout',
      }
      const message = masked[status] ?? `failed: ${code}`
      expect(seen.status).toBe(status)
      expect(seen.headers).toEqual({ ...standard(GQL_TYPE, seen.text), ...challenge })
      expect(seen.json).toEqual({ errors: [{ message, extensions: { code } }] })
    },
  )

  it.each(table)(
    'a request error %s is a 200 under application/json (a well-formed request)',
    async (code) => {
      const seen = await call(gateway.url, {
        accept: JSON_TYPE,
        headers: { 'x-codes': code },
        body: gql('{ hello }'),
      })
      expect(seen.status).toBe(200)
      expect(seen.headers).toEqual(standard(JSON_TYPE, seen.text))
    },
  )

  it('a 5xx code shows its reason phrase, not its message', async () => {
    const seen = await call(gateway.url, {
      headers: { 'x-codes': 'SUBGRAPH_ERROR' },
      body: gql('{ hello }'),
    })
    expect(seen.json).toEqual({
      errors: [{ message: 'Bad Gateway', extensions: { code: 'SUBGRAPH_ERROR' } }],
    })
  })

  it.each([
    ['INTERNAL_SERVER_ERROR,RATE_LIMITED', 429],
    ['RATE_LIMITED,INTERNAL_SERVER_ERROR', 429],
    ['SUBGRAPH_ERROR,UNAUTHORIZED,GATEWAY_TIMEOUT', 403],
    ['HOOK_ERROR,OPERATION_PLANNING_ERROR', 400],
  ] as const)(
    'several errors: a 4xx wins over a 5xx (%s → %i), every error listed',
    async (codes, status) => {
      const seen = await call(gateway.url, {
        headers: { 'x-codes': codes },
        body: gql('{ hello }'),
      })
      expect(seen.status).toBe(status)
      expect(
        (seen.json as { errors: ReadonlyArray<{ extensions: { code: string } }> }).errors.map(
          (e) => e.extensions.code,
        ),
      ).toEqual(codes.split(','))
    },
  )

  it('a failed validation shows the gateway code OPERATION_VALIDATION_ERROR', async () => {
    const seen = await call(gateway.url, { body: gql('{ nope }') })
    expect(seen.status).toBe(400)
    expect(seen.json).toEqual({
      errors: [
        {
          message: 'Cannot query field "nope" on type "Query".',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'OPERATION_VALIDATION_ERROR' },
        },
      ],
    })
  })

  it('a renamed code: OPERATION_VALIDATION_ERROR → MY_CUSTOM_CODE, same status', async () => {
    const seen = await call(renamed.url, { body: gql('{ nope }') })
    expect(seen.status).toBe(400)
    expect(seen.json).toEqual({
      errors: [
        {
          message: 'Cannot query field "nope" on type "Query".',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'MY_CUSTOM_CODE' },
        },
      ],
    })
  })

  it('a request error already carrying the renamed code keeps its meaning (400)', async () => {
    const seen = await call(renamed.url, {
      headers: { 'x-codes': 'MY_CUSTOM_CODE' },
      body: gql('{ hello }'),
    })
    expect([seen.status, seen.json]).toEqual([
      400,
      { errors: [{ message: 'failed: MY_CUSTOM_CODE', extensions: { code: 'MY_CUSTOM_CODE' } }] },
    ])
  })

  it('a parse failure shows OPERATION_PARSING_ERROR', async () => {
    const seen = await call(gateway.url, { body: gql('{') })
    expect(seen.status).toBe(400)
    expect((seen.json as { errors: [{ extensions: unknown }] }).errors[0].extensions).toEqual({
      code: 'OPERATION_PARSING_ERROR',
    })
  })

  describe('the statuses of requests the gateway denies, under application/graphql-response+json', () => {
    it('400: invalid JSON', async () => {
      const seen = await call(gateway.url, { body: '{"query": nope' })
      expect([seen.status, seen.headers['content-type']]).toEqual([
        400,
        'application/json; charset=utf-8',
      ])
    })

    it('401: the request needs authentication (UNAUTHENTICATED)', async () => {
      const seen = await call(gateway.url, {
        authorization: 'Bearer expired',
        body: gql('{ hello }'),
      })
      expect(seen.status).toBe(401)
      expect(seen.json).toEqual({
        errors: [
          { message: 'The access token is invalid.', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      })
    })

    it.each([
      ['missing', null],
      ['unsupported', 'text/html'],
    ] as const)('406: %s Accept', async (_, accept) => {
      const seen = await raw(gateway.url, { accept, body: gql('{ hello }') })
      expect(seen.status).toBe(406)
      expect(seen.headers['content-type']).toBe('application/json; charset=utf-8')
    })

    it.each([GQL_TYPE, JSON_TYPE])(
      '429: rate limited (RATE_LIMITED, Retry-After), under %s too',
      async (accept) => {
        const seen = await call(gateway.url, {
          accept,
          headers: { 'x-flood': '1' },
          body: gql('{ hello }'),
        })
        expect(seen.status).toBe(429)
        expect(seen.headers).toEqual({ ...standard(accept, seen.text), 'retry-after': '2' })
        expect(seen.json).toEqual({
          errors: [{ message: 'Slow down.', extensions: { code: 'RATE_LIMITED' } }],
        })
      },
    )

    it('500: the server failed (INTERNAL_SERVER_ERROR, masked)', async () => {
      const seen = await call(gateway.url, {
        authorization: 'Bearer db-down',
        body: gql('{ hello }'),
      })
      expect([seen.status, seen.json]).toEqual([
        500,
        {
          errors: [
            { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
          ],
        },
      ])
    })
  })

  it('under the 2026 profile the same configuration answers validation with 422', async () => {
    const seen = await call(gateway2026.url, { accept: JSON_TYPE, body: gql('{ nope }') })
    expect([seen.status, seen.headers['content-type']]).toEqual([422, `${GQL_TYPE}; charset=utf-8`])
  })
})

describe('seed 004: the GraphQL status summary table', () => {
  let server: Running
  beforeAll(async () => {
    server = await start('node')
  })
  afterAll(async () => {
    await server.close()
  })

  interface Shape {
    readonly status: number
    /** `true`: present and not null; `null`: present and null; `false`: absent. */
    readonly data: boolean | null
    /** How many errors; 0 for none. */
    readonly errors: number
  }
  const shape = (status: number, json: unknown): Shape => {
    const body = json as { data?: unknown; errors?: ReadonlyArray<unknown> }
    return {
      status,
      data: !('data' in body) ? false : body.data === null ? null : true,
      errors: body.errors?.length ?? 0,
    }
  }

  const rows: ReadonlyArray<readonly [string, Parameters<typeof call>[1], Shape]> = [
    ['Success', { body: gql('{ hello }') }, { status: 200, data: true, errors: 0 }],
    [
      'Partial Success',
      { body: gql('{ users(ids: ["1", "9"]) { name } }') },
      { status: 200, data: true, errors: 1 },
    ],
    [
      'No Data (a NotFound error on a non-null field)',
      { accept: JSON_TYPE, body: gql('{ user(id: "9") { name } }') },
      { status: 200, data: null, errors: 1 },
    ],
    [
      'No Data (a request error, under application/json)',
      { accept: JSON_TYPE, body: gql('{ nope }') },
      { status: 200, data: false, errors: 1 },
    ],
    [
      'Invalid Request (syntax)',
      { body: gql('{ user(id: ) }') },
      { status: 400, data: false, errors: 1 },
    ],
    ['Invalid Request (invalid JSON)', { body: '{' }, { status: 400, data: false, errors: 1 }],
    [
      'Auth Failure (401)',
      { authorization: 'Bearer nobody', body: gql('{ hello }') },
      { status: 401, data: false, errors: 1 },
    ],
    [
      'Auth Failure (403)',
      { authorization: 'Bearer suspended', body: gql('{ hello }') },
      { status: 403, data: false, errors: 1 },
    ],
    [
      'Unsupported Accept Header',
      { accept: 'text/html', body: gql('{ hello }') },
      { status: 406, data: false, errors: 1 },
    ],
    [
      'Internal Server Error',
      { authorization: 'Bearer db-down', body: gql('{ hello }') },
      { status: 500, data: false, errors: 1 },
    ],
  ]

  it.each(rows)('%s', async (_, request, expected) => {
    const seen = await call(server.url, request)
    expect(shape(seen.status, seen.json)).toEqual(expected)
  })
})
