// errmap/graphql's pure functions: negotiation, request checks, settings and code maps,
// codes ↔ HttpError both ways (with round-trip laws), formatting and masking, the three
// responses (respond, refuse, deny) and request parameters.
import Boom from '@hapi/boom'
import * as fc from 'fast-check'
import * as E from 'fp-ts/Either'
import createError from 'http-errors'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  badRequest,
  custom,
  forbidden,
  gatewayTimeout,
  internal,
  json,
  lastError,
  status,
  methodNotAllowed,
  notFound,
  policy,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  type HttpError,
} from '../src/index.js'
import { MAX_RANGE_PARAMETERS } from '../src/internal/negotiate.js'
import {
  apolloCodes,
  check,
  defaultSettings,
  deny,
  formatError,
  fromGraphQLError,
  grafbaseCodes,
  mediaType,
  paramsFromBody,
  paramsFromSearch,
  refuse,
  requestErrors,
  respond,
  settings,
  toGraphQLError,
  type ExecutionResult,
  type Facts,
  type GraphQLErrorLike,
  type Options,
  type Refusal,
} from '../src/graphql/index.js'

const JSON_TYPE = 'application/json'
const GQL_TYPE = 'application/graphql-response+json'
const s2026 = settings({ profile: '2026' })
const grafbase = settings({ codes: grafbaseCodes })

const headers = (type: string, body: string, extra: Record<string, string> = {}) => ({
  'content-type': `${type}; charset=utf-8`,
  'content-length': String(Buffer.byteLength(body)),
  vary: 'Accept',
  'x-content-type-options': 'nosniff',
  ...extra,
})

const coded = (
  message: string,
  code: string,
  rest: Partial<GraphQLErrorLike> = {},
): GraphQLErrorLike => ({
  message,
  extensions: { code },
  ...rest,
})

// graphql-js 16 wraps a thrown value that is not an Error like this.
const nonErrorThrown = (thrownValue: unknown): Error =>
  Object.assign(new Error('Unexpected error value: …'), { name: 'NonErrorThrown', thrownValue })

describe('mediaType', () => {
  it.each([
    [undefined, JSON_TYPE, GQL_TYPE],
    ['', JSON_TYPE, GQL_TYPE],
    ['*/*', JSON_TYPE, GQL_TYPE],
    ['application/*', JSON_TYPE, GQL_TYPE],
    [`${GQL_TYPE}`, GQL_TYPE, GQL_TYPE],
    [`${JSON_TYPE}`, JSON_TYPE, JSON_TYPE],
    [`${GQL_TYPE}, ${JSON_TYPE};q=0.9`, GQL_TYPE, GQL_TYPE],
    [`${JSON_TYPE}, ${GQL_TYPE}`, JSON_TYPE, JSON_TYPE],
    [`${GQL_TYPE};q=0.2, ${JSON_TYPE};q=0.3`, JSON_TYPE, JSON_TYPE],
    [`${GQL_TYPE}; charset=utf-8, ${JSON_TYPE}; charset=utf-8`, GQL_TYPE, GQL_TYPE],
    [`${GQL_TYPE};CHARSET="UTF-8";q=0.5, ${JSON_TYPE};q=0.4`, GQL_TYPE, GQL_TYPE],
    [`${GQL_TYPE};charset=utf-8;q=0, */*;charset=utf-8`, JSON_TYPE, JSON_TYPE],
    [`${GQL_TYPE}; charset=latin1, ${JSON_TYPE}`, JSON_TYPE, JSON_TYPE],
    [`${JSON_TYPE}; v="a;b,c\\"d", ${GQL_TYPE};q=0.1`, GQL_TYPE, GQL_TYPE],
    [`${JSON_TYPE};charset, ${GQL_TYPE};q=0.1`, JSON_TYPE, JSON_TYPE],
    [`${JSON_TYPE};charset=, ${GQL_TYPE};q=0.1`, GQL_TYPE, GQL_TYPE],
    [`${GQL_TYPE}, ${JSON_TYPE};charset=utf-8`, JSON_TYPE, JSON_TYPE],
    [`${GQL_TYPE};charset=utf-8;q=0, ${GQL_TYPE}`, undefined, undefined],
    [`${JSON_TYPE};q=0`, undefined, undefined],
    [`text/html, */*;q=0.8`, JSON_TYPE, GQL_TYPE],
    ['text/html', undefined, undefined],
    [`${JSON_TYPE};q=0, ${GQL_TYPE};q=0`, undefined, undefined],
    [';;,,', undefined, undefined],
  ])('%j → 2024: %s, 2026: %s', (accept, in2024, in2026) => {
    expect([mediaType(accept), mediaType(accept, s2026)]).toEqual([in2024, in2026])
  })

  it('with acceptRequired, a missing or blank Accept names nothing', () => {
    const s = settings({ acceptRequired: true })
    expect([undefined, '', '  ', '*/*'].map((a) => mediaType(a, s))).toEqual([
      undefined,
      undefined,
      undefined,
      JSON_TYPE,
    ])
  })

  it('leaves charset=utf-8 to the core: it matches, and counts against the core bounds', () => {
    const charsets = (n: number) => GQL_TYPE + ';charset=utf-8'.repeat(n)
    expect(mediaType(charsets(MAX_RANGE_PARAMETERS))).toBe(GQL_TYPE)
    expect(mediaType(`${charsets(MAX_RANGE_PARAMETERS + 1)}, ${JSON_TYPE};q=0.1`)).toBe(JSON_TYPE)
    expect(mediaType(`${GQL_TYPE};charset=utf-8;q=0.5, ${JSON_TYPE};q=0.4`)).toBe(GQL_TYPE)
    // A header of 50 000 such parameters is cut by the core's length bound: nothing is read.
    expect(mediaType(charsets(50_000))).toBe(undefined)
  })
})

describe('check', () => {
  it.each<[string, Parameters<typeof check>[0], Refusal | undefined]>([
    ['GET', { method: 'GET' }, undefined],
    ['POST with JSON', { method: 'POST', contentType: 'application/json' }, undefined],
    [
      'POST with JSON in UTF-8',
      { method: 'POST', contentType: 'application/json;charset="UTF-8"' },
      undefined,
    ],
    [
      'POST with JSON and another parameter',
      { method: 'POST', contentType: 'application/json; x=1' },
      undefined,
    ],
    ['no method: nothing about methods', { contentType: 'text/plain' }, undefined],
    ['PUT', { method: 'PUT' }, { _tag: 'UnsupportedMethod' }],
    ['HEAD', { method: 'HEAD' }, { _tag: 'UnsupportedMethod' }],
    [
      'lower-case get (methods are case-sensitive)',
      { method: 'get' },
      { _tag: 'UnsupportedMethod' },
    ],
    ['POST without Content-Type', { method: 'POST' }, { _tag: 'UnsupportedContentType' }],
    [
      'POST with text/plain',
      { method: 'POST', contentType: 'text/plain' },
      { _tag: 'UnsupportedContentType' },
    ],
    [
      'POST with application/jsonx',
      { method: 'POST', contentType: 'application/jsonx' },
      { _tag: 'UnsupportedContentType' },
    ],
    [
      'POST with JSON in Latin-1',
      { method: 'POST', contentType: 'application/json; charset=iso-8859-1' },
      { _tag: 'UnsupportedContentType' },
    ],
    ['GET accepting only HTML', { method: 'GET', accept: 'text/html' }, { _tag: 'NotAcceptable' }],
    [
      'PUT accepting only HTML: the method first',
      { method: 'PUT', accept: 'text/html' },
      { _tag: 'UnsupportedMethod' },
    ],
    [
      'POST with text/plain accepting only HTML: the content type first',
      { method: 'POST', contentType: 'text/plain', accept: 'text/html' },
      { _tag: 'UnsupportedContentType' },
    ],
  ])('%s', (_, facts, expected) => {
    expect(check(facts)).toEqual(expected)
  })

  it('a missing Accept is refused only when required', () => {
    expect([
      check({ method: 'GET' }),
      check({ method: 'GET' }, settings({ acceptRequired: true })),
    ]).toEqual([undefined, { _tag: 'NotAcceptable' }])
  })
})

describe('settings', () => {
  it('defaults: 2024, Accept not required, the default policy, Apollo codes over errmap codes', () => {
    expect(defaultSettings.profile).toBe('2024')
    expect(defaultSettings.acceptRequired).toBe(false)
    expect(defaultSettings.meanings.get('GRAPHQL_PARSE_FAILED')).toBe('parse')
    expect(defaultSettings.meanings.get('UNAUTHENTICATED')).toBe(401)
    expect(defaultSettings.meanings.get('NOT_FOUND')).toBe(404)
    expect(defaultSettings.meanings.get('UNAUTHORIZED')).toBe(401)
    expect([...defaultSettings.codes]).toEqual([
      ['parse', 'GRAPHQL_PARSE_FAILED'],
      ['validation', 'GRAPHQL_VALIDATION_FAILED'],
      ['variables', 'BAD_USER_INPUT'],
      ['operation', 'OPERATION_RESOLUTION_FAILURE'],
      ['persisted-query', 'PERSISTED_QUERY_NOT_FOUND'],
      [400, 'BAD_REQUEST'],
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [500, 'INTERNAL_SERVER_ERROR'],
    ])
  })

  it('an unknown profile is the default one', () => {
    expect(settings({ profile: '2025' as '2024' }).profile).toBe('2024')
  })

  it('a code map is added over Apollo’s: its codes win, its first code of a meaning is the one given', () => {
    expect(grafbase.meanings.get('UNAUTHORIZED')).toBe(403)
    expect(grafbase.meanings.get('GRAPHQL_PARSE_FAILED')).toBe('parse')
    expect(grafbase.meanings.get('PERSISTED_QUERY_NOT_FOUND')).toBe(400)
    expect(grafbase.codes.get(403)).toBe('UNAUTHORIZED')
    expect(grafbase.codes.get(400)).toBe('BAD_REQUEST')
    expect(grafbase.codes.get('parse')).toBe('OPERATION_PARSING_ERROR')
    expect(grafbase.codes.get('operation')).toBe('OPERATION_RESOLUTION_FAILURE')
    // Apollo's PERSISTED_QUERY_NOT_FOUND means 400 here: it is no longer the stage's code.
    expect(grafbase.codes.get('persisted-query')).toBe('PERSISTED_QUERY_NOT_SUPPORTED')
  })

  it('entries whose meaning is neither a stage nor an error status are ignored', () => {
    const s = settings({ codes: { A: 302 as 400, B: 'nope' as 'parse', C: 418 } })
    expect([
      s.meanings.get('A'),
      s.meanings.get('B'),
      s.meanings.get('C'),
      s.codes.get(418),
    ]).toEqual([undefined, undefined, 418, 'C'])
  })

  it('renames are added to the policy’s, and a renamed code means what the original meant', () => {
    const s = settings({
      policy: policy({ codes: { NOT_FOUND: 'MISSING' } }),
      renames: { GRAPHQL_VALIDATION_FAILED: 'INVALID', FORBIDDEN: 'NOT_FOUND', X: '' },
    })
    expect([...s.policy.codes]).toEqual([
      ['NOT_FOUND', 'MISSING'],
      ['GRAPHQL_VALIDATION_FAILED', 'INVALID'],
      ['FORBIDDEN', 'NOT_FOUND'],
    ])
    expect(s.meanings.get('INVALID')).toBe('validation')
    expect(s.meanings.get('MISSING')).toBe(404)
    // A rename onto a code that already has a meaning does not change that meaning.
    expect(s.meanings.get('NOT_FOUND')).toBe(404)
  })

  it('a user map that takes an Apollo code away leaves its meaning without that code', () => {
    const s = settings({ codes: { UNAUTHENTICATED: 403 } })
    expect([
      s.codes.get(401),
      s.codes.get(403),
      toGraphQLError(unauthorized('who?'), s).extensions.code,
    ]).toEqual([undefined, 'UNAUTHENTICATED', 'UNAUTHORIZED'])
  })
})

// An HttpError whose field reads fine the first time (the refinement) and throws after.
const flaky = (field: 'message' | 'code' = 'message'): HttpError => {
  const values = { message: 'no user', code: 'NOT_FOUND' }
  const e = { _tag: 'NotFound' }
  for (const k of ['message', 'code'] as const) {
    let reads = 0
    Object.defineProperty(e, k, {
      enumerable: true,
      get: () => {
        if (k === field && reads++ > 0) throw new Error('trap')
        return values[k]
      },
    })
  }
  return e as HttpError
}

describe('fromGraphQLError', () => {
  it('an HttpError a resolver threw is itself (a snapshot), directly or as graphql-js wraps it', () => {
    const e = notFound('no user 42')
    expect(fromGraphQLError({ message: 'x', originalError: e })).toStrictEqual(e)
    expect(
      fromGraphQLError({ message: 'Unexpected error value: …', originalError: nonErrorThrown(e) }),
    ).toStrictEqual(e)
  })

  it('anything else thrown goes through fromUnknown: a masked 500, or the status it carries', () => {
    const secret = new Error('password=hunter2')
    expect(fromGraphQLError({ message: secret.message, originalError: secret })).toEqual(
      internal(undefined, { cause: secret }),
    )
    expect(fromGraphQLError({ message: 'x', originalError: nonErrorThrown('a string') })._tag).toBe(
      'Internal',
    )
    expect(fromGraphQLError({ message: 'x', originalError: nonErrorThrown(null) })._tag).toBe(
      'Internal',
    )
    expect(
      fromGraphQLError({ message: 'x', originalError: createError(404, 'no such user') }),
    ).toMatchObject({
      _tag: 'NotFound',
      message: 'no such user',
      expose: true,
    })
    expect(fromGraphQLError({ message: 'x', originalError: Boom.conflict('taken') })).toMatchObject(
      {
        _tag: 'Conflict',
        message: 'taken',
      },
    )
  })

  it.each([
    ['GRAPHQL_PARSE_FAILED', 'BadRequest', 'BadRequest'],
    ['GRAPHQL_VALIDATION_FAILED', 'BadRequest', 'UnprocessableContent'],
    ['OPERATION_RESOLUTION_FAILURE', 'BadRequest', 'UnprocessableContent'],
    ['BAD_USER_INPUT', 'BadRequest', 'UnprocessableContent'],
    ['PERSISTED_QUERY_NOT_FOUND', 'BadRequest', 'BadRequest'],
    ['PERSISTED_QUERY_NOT_SUPPORTED', 'BadRequest', 'BadRequest'],
    ['BAD_REQUEST', 'BadRequest', 'BadRequest'],
    ['UNAUTHENTICATED', 'Unauthorized', 'Unauthorized'],
    ['FORBIDDEN', 'Forbidden', 'Forbidden'],
    ['INTERNAL_SERVER_ERROR', 'Internal', 'Internal'],
    ['NOT_FOUND', 'NotFound', 'NotFound'],
    ['SOMETHING_ELSE', 'BadRequest', 'BadRequest'],
  ])('Apollo code %s → %s (2024), %s (2026), keeping message and code', (code, in2024, in2026) => {
    const g = coded('what went wrong', code)
    const a = fromGraphQLError(g)
    const b = fromGraphQLError(g, s2026)
    expect([a._tag, a.message, a.code, b._tag, b.message, b.code]).toEqual([
      in2024,
      'what went wrong',
      code,
      in2026,
      'what went wrong',
      code,
    ])
  })

  it('a code mapped to a status the union does not model is a Custom error', () => {
    const e = fromGraphQLError(coded('tea', 'TEAPOT'), settings({ codes: { TEAPOT: 418 } }))
    expect(e).toEqual(custom(418, 'tea', { code: 'TEAPOT' }))
  })

  it('carries details back, and issues on a 400 or 422 when they are issues', () => {
    const issues = [{ path: '/id', message: 'must be a number' }]
    const ext = { code: 'BAD_USER_INPUT', details: { field: 'id' }, issues }
    expect(fromGraphQLError({ message: 'bad', extensions: ext }, s2026)).toEqual(
      unprocessableContent(issues, 'bad', { code: 'BAD_USER_INPUT', details: { field: 'id' } }),
    )
    expect(
      fromGraphQLError({
        message: 'bad',
        extensions: { code: 'BAD_REQUEST', issues: [{ path: 1 }] },
      }),
    ).toEqual(badRequest('bad'))
    expect(fromGraphQLError({ message: 'no', extensions: { code: 'FORBIDDEN', issues } })).toEqual(
      forbidden('no', { code: 'FORBIDDEN' }),
    )
  })

  it('a message that is not a string is the status’ reason phrase', () => {
    const odd = (extensions?: Readonly<Record<string, unknown>>) =>
      ({ message: 42, extensions }) as unknown as GraphQLErrorLike
    expect([fromGraphQLError(odd({ code: 'NOT_FOUND' })), fromGraphQLError(odd())]).toEqual([
      notFound('Not Found', { code: 'NOT_FOUND' }),
      badRequest('Bad Request'),
    ])
  })

  it('graphql-js’s own uncoded errors: a request error is a 400, a field error an exposed 500', () => {
    expect(fromGraphQLError({ message: 'Syntax Error: x' })).toEqual(badRequest('Syntax Error: x'))
    expect(
      fromGraphQLError({
        message: 'Cannot return null for non-nullable field Query.x.',
        path: ['x'],
      }),
    ).toEqual(internal('Cannot return null for non-nullable field Query.x.', { expose: true }))
  })

  it('is total: an error whose fields throw when read is a masked 500', () => {
    const hostile = new Proxy({} as GraphQLErrorLike, {
      get: () => {
        throw new Error('trap')
      },
    })
    expect(fromGraphQLError(hostile)._tag).toBe('Internal')
    // Read once: a getter that would throw on a second read answers as its first read did.
    expect(formatError({ message: 'x', originalError: flaky() })).toEqual({
      message: 'no user',
      extensions: { code: 'NOT_FOUND' },
    })
    expect(formatError(hostile)).toEqual({
      message: 'Internal Server Error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
  })
})

describe('toGraphQLError', () => {
  it.each<[string, HttpError, Options, unknown]>([
    [
      'a 404',
      notFound('no user 42'),
      {},
      { message: 'no user 42', extensions: { code: 'NOT_FOUND' } },
    ],
    [
      'a 404 with its own code',
      notFound('no user 42', { code: 'USER_NOT_FOUND' }),
      {},
      { message: 'no user 42', extensions: { code: 'USER_NOT_FOUND' } },
    ],
    [
      'a 401 with Apollo codes',
      unauthorized('sign in'),
      {},
      { message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } },
    ],
    [
      'a 403 with Apollo codes',
      forbidden('no'),
      {},
      { message: 'no', extensions: { code: 'FORBIDDEN' } },
    ],
    [
      'a 403 with Grafbase codes',
      forbidden('no'),
      { codes: grafbaseCodes },
      { message: 'no', extensions: { code: 'UNAUTHORIZED' } },
    ],
    [
      'a 429 with Grafbase codes',
      tooManyRequests('slow'),
      { codes: grafbaseCodes },
      { message: 'slow', extensions: { code: 'RATE_LIMITED' } },
    ],
    [
      'a 502 with Grafbase codes',
      badGateway('upstream said 7'),
      { codes: grafbaseCodes },
      { message: 'Bad Gateway', extensions: { code: 'SUBGRAPH_ERROR' } },
    ],
    [
      'a 504 with Grafbase codes',
      gatewayTimeout(),
      { codes: grafbaseCodes },
      { message: 'Gateway Timeout', extensions: { code: 'GATEWAY_TIMEOUT' } },
    ],
    [
      'a 500: masked',
      internal('password=hunter2', { details: { dsn: 'x' } }),
      {},
      { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ],
    [
      'a 503 exposed on purpose',
      serviceUnavailable('back at 10:00', { expose: true }),
      {},
      { message: 'back at 10:00', extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ],
    ['a 418', custom(418), {}, { message: "I'm a teapot", extensions: { code: 'IM_A_TEAPOT' } }],
    [
      'a 418 whose status has a code',
      custom(418),
      { codes: { TEAPOT: 418 } },
      { message: "I'm a teapot", extensions: { code: 'TEAPOT' } },
    ],
    [
      'details and issues',
      badRequest('bad', { details: { a: 1 }, issues: [{ path: '/a', message: 'no' }] }),
      {},
      {
        message: 'bad',
        extensions: {
          code: 'BAD_REQUEST',
          details: { a: 1 },
          issues: [{ path: '/a', message: 'no' }],
        },
      },
    ],
    [
      'a renamed code, renamed after the map',
      unauthorized('x'),
      { renames: { UNAUTHENTICATED: 'AUTH_REQUIRED' } },
      { message: 'x', extensions: { code: 'AUTH_REQUIRED' } },
    ],
    [
      'a long message, cut',
      notFound('x'.repeat(20)),
      { policy: policy({ maxMessageLength: 5 }) },
      { message: 'xxxxx…', extensions: { code: 'NOT_FOUND' } },
    ],
  ])('%s', (_, e, options, expected) => {
    expect(toGraphQLError(e, settings(options))).toEqual(expected)
  })

  it('is total: a value that is not an HttpError is a masked 500', () => {
    expect(toGraphQLError('boom' as unknown as HttpError)).toEqual({
      message: 'Internal Server Error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
    const hostile = new Proxy(notFound(), {
      get: (t, k) => {
        if (k === 'code') throw new Error('trap')
        return (t as unknown as Record<string | symbol, unknown>)[k]
      },
    })
    expect(
      toGraphQLError(hostile, settings({ renames: { INTERNAL_SERVER_ERROR: 'OOPS' } })),
    ).toEqual({
      message: 'Internal Server Error',
      extensions: { code: 'OOPS' },
    })
    // Read once: a getter that would throw on a second read answers as its first read did.
    expect(toGraphQLError(flaky())).toEqual({
      message: 'no user',
      extensions: { code: 'NOT_FOUND' },
    })
  })
})

describe('codes ↔ HttpError: round trips', () => {
  const tags4xx = [
    (m: string, f: object) => badRequest(m, f),
    (m: string, f: object) => unauthorized(m, f),
    (m: string, f: object) => forbidden(m, f),
    (m: string, f: object) => notFound(m, f),
    (m: string, f: object) => methodNotAllowed([], m, f),
    (m: string, f: object) => tooManyRequests(m, f),
    (m: string, f: object) => unsupportedMediaType(m, f),
    (m: string, f: object) => unprocessableContent([{ path: '/a', message: 'no' }], m, f),
  ]

  it('law: an exposed error read back from its GraphQL error has its variant, message, details and the GraphQL code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tags4xx),
        fc.string(),
        fc.option(fc.jsonValue(), { nil: undefined }),
        fc.constantFrom<Options>({}, { codes: grafbaseCodes }, { profile: '2026' }),
        (make, message, details, options) => {
          const s = settings(options)
          const e = make(message, details === undefined ? {} : { details })
          const g = toGraphQLError(e, s)
          const back = fromGraphQLError(g, s)
          expect(back._tag).toBe(e._tag)
          expect(back.message).toBe(message)
          // Compared with the error itself and the code map, not with toGraphQLError's output:
          // an error with its default code takes the code its status has in the map.
          expect(back.code).toBe(s.codes.get(status(e)) ?? e.code)
          expect(back.details).toEqual(e.details)
          if (e._tag === 'UnprocessableContent') expect(back).toMatchObject({ issues: e.issues })
        },
      ),
    )
  })

  it.each([
    ['Apollo', apolloCodes, {}],
    ['Grafbase', grafbaseCodes, { codes: grafbaseCodes }],
  ] as const)('law: every %s code survives the trip back (both profiles)', (_, map, options) => {
    for (const profile of ['2024', '2026'] as const) {
      const s = settings({ ...options, profile })
      for (const code of Object.keys(map))
        expect(toGraphQLError(fromGraphQLError(coded('m', code), s), s).extensions.code).toBe(code)
    }
  })

  it('a masked 5xx stays masked both ways', () => {
    const g = toGraphQLError(internal('password=hunter2'))
    expect(fromGraphQLError(g)).toEqual(
      internal('Internal Server Error', { code: 'INTERNAL_SERVER_ERROR' }),
    )
  })
})

describe('formatError', () => {
  it('keeps locations, path and the other extensions of an exposed error, with its code', () => {
    const g: GraphQLErrorLike = {
      message: 'no user 42',
      locations: [{ line: 1, column: 3 }],
      path: ['user'],
      extensions: { code: 'NOT_FOUND', hint: 'try 41' },
    }
    expect(formatError(g)).toEqual({
      message: 'no user 42',
      locations: [{ line: 1, column: 3 }],
      path: ['user'],
      extensions: { hint: 'try 41', code: 'NOT_FOUND' },
    })
  })

  it('drops the extensions of a masked error and replaces its message', () => {
    const g = coded('db down: password=hunter2', 'INTERNAL_SERVER_ERROR', {
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', dsn: 'postgres://x' },
    })
    expect(formatError(g)).toEqual({
      message: 'Internal Server Error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
  })

  it('shows a thrown HttpError’s message, not graphql-js’s wrapper text', () => {
    const g = {
      message: 'Unexpected error value: { _tag: "NotFound", … }',
      path: ['user'],
      originalError: nonErrorThrown(notFound('no user 42', { details: { id: 42 } })),
    }
    expect(formatError(g)).toEqual({
      message: 'no user 42',
      path: ['user'],
      extensions: { code: 'NOT_FOUND', details: { id: 42 } },
    })
  })

  it('ignores extensions that are not a map and locations or path that are not arrays', () => {
    const g = {
      message: 'm',
      locations: 'x',
      path: 7,
      extensions: ['a'],
    } as unknown as GraphQLErrorLike
    expect(formatError(g)).toEqual({ message: 'm', extensions: { code: 'BAD_REQUEST' } })
  })
})

describe('requestErrors', () => {
  it('gives each error the stage’s code from the code map, keeping a code it has', () => {
    const list = [{ message: 'a', extensions: { hint: 1 } }, coded('b', 'MINE')]
    expect(requestErrors('validation', list)).toEqual([
      {
        message: 'a',
        locations: undefined,
        path: undefined,
        originalError: undefined,
        extensions: { hint: 1, code: 'GRAPHQL_VALIDATION_FAILED' },
      },
      coded('b', 'MINE'),
    ])
    expect(requestErrors('parse', [{ message: 'c' }], grafbase)[0]?.extensions).toEqual({
      code: 'OPERATION_PARSING_ERROR',
    })
  })

  it('a stage whose Apollo code was mapped elsewhere still gets that code', () => {
    const s = settings({ codes: { GRAPHQL_PARSE_FAILED: 400 } })
    expect(requestErrors('parse', [{ message: 'c' }], s)[0]?.extensions).toEqual({
      code: 'GRAPHQL_PARSE_FAILED',
    })
  })
})

describe('respond', () => {
  const accept = { json: { accept: JSON_TYPE }, gql: { accept: GQL_TYPE } }

  it('data and no errors: 200 in the negotiated type, the body as given', () => {
    const r = respond({ data: { hello: 'wörld' } }, accept.gql)
    expect(r).toEqual({
      status: 200,
      headers: headers(GQL_TYPE, r.body),
      body: '{"data":{"hello":"wörld"}}',
    })
    expect(r.headers['content-length']).toBe('27')
  })

  it('an empty errors list is no errors', () => {
    expect(respond({ data: { a: 1 }, errors: [] }, accept.gql, s2026)).toMatchObject({
      status: 200,
      body: '{"data":{"a":1}}',
    })
  })

  it('an Accept that names neither is a 406 in application/json', () => {
    const r = respond({ data: {} }, { accept: 'text/html' })
    expect([r.status, r.headers['content-type']]).toEqual([406, 'application/json; charset=utf-8'])
  })

  it('no data: the statuses of the codes, combined by the priority (4xx over 5xx by default)', () => {
    const result = { errors: [coded('a', 'INTERNAL_SERVER_ERROR'), coded('b', 'FORBIDDEN')] }
    expect(respond(result, accept.gql).status).toBe(403)
    const apollo = settings({ policy: policy({ priority: lastError }) })
    expect(
      respond(
        { errors: [result.errors[1] as GraphQLErrorLike, result.errors[0] as GraphQLErrorLike] },
        accept.gql,
        apollo,
      ).status,
    ).toBe(500)
  })

  it('no data under the 2026 profile: the status whatever the media type, as graphql-response+json', () => {
    const r = respond({ errors: [coded('x', 'GRAPHQL_PARSE_FAILED')] }, accept.json, s2026)
    expect([r.status, r.headers['content-type']]).toEqual([400, `${GQL_TYPE}; charset=utf-8`])
  })

  it('no data: the headers the status obliges (WWW-Authenticate on 401, Allow on 405)', () => {
    const a = respond({ errors: [coded('x', 'UNAUTHENTICATED')] }, accept.gql)
    const b = respond({ errors: [coded('x', 'METHOD_NOT_ALLOWED')] }, accept.gql)
    expect(a.headers).toEqual(headers(GQL_TYPE, a.body, { 'www-authenticate': 'Bearer' }))
    expect(b.headers).toEqual(headers(GQL_TYPE, b.body, { allow: '' }))
  })

  it('a persisted-query miss is a 200 with Cache-Control, even beside nothing else', () => {
    const miss = coded('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND')
    const r = respond({ errors: [miss] }, accept.gql, s2026)
    expect(r.headers).toEqual(
      headers(GQL_TYPE, r.body, { 'cache-control': 'private, no-cache, must-revalidate' }),
    )
    expect(r.status).toBe(200)
    // Beside another request error, that error decides.
    expect(
      respond({ errors: [miss, coded('v', 'GRAPHQL_VALIDATION_FAILED')] }, accept.gql, s2026)
        .status,
    ).toBe(422)
  })

  it('neither data nor errors is not a GraphQL response: a masked 500', () => {
    const r = respond({}, accept.gql)
    expect([r.status, JSON.parse(r.body)]).toEqual([
      500,
      {
        errors: [
          { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      },
    ])
  })

  it('data that cannot be serialized is a masked 500', () => {
    const data = {
      toJSON: () => {
        throw new Error('no')
      },
    }
    expect(respond({ data }, accept.gql).status).toBe(500)
  })

  it('a result whose fields throw when read is a masked 500', () => {
    const hostile = new Proxy({} as ExecutionResult, {
      get: (_, k) => {
        if (k === 'errors') throw new Error('trap')
        return undefined
      },
    })
    expect(respond(hostile, accept.gql).status).toBe(500)
  })

  it('at most maxErrors errors, the rest counted; the request id and the result’s extensions kept', () => {
    const s = settings({ policy: policy({ maxErrors: 2 }) })
    const errors = ['a', 'b', 'c'].map((m) => coded(m, 'NOT_FOUND', { path: [m] }))
    const r = respond(
      { data: { a: null }, errors, extensions: { cost: 3 } },
      { ...accept.gql, requestId: 'r1' },
      s,
    )
    expect(JSON.parse(r.body)).toEqual({
      errors: [
        { message: 'a', path: ['a'], extensions: { code: 'NOT_FOUND' } },
        { message: 'b', path: ['b'], extensions: { code: 'NOT_FOUND' } },
      ],
      data: { a: null },
      extensions: { cost: 3, requestId: 'r1', omitted: 1 },
    })
  })

  it('empty result extensions are kept as they are; no extensions add none', () => {
    expect(respond({ data: 1, extensions: {} }).body).toBe('{"data":1,"extensions":{}}')
    expect(respond({ data: 1 }).body).toBe('{"data":1}')
  })
})

describe('refuse', () => {
  const cases: ReadonlyArray<
    readonly [Refusal, number, number, Record<string, string>, unknown, unknown]
  > = [
    [
      { _tag: 'UnsupportedMethod' },
      405,
      405,
      { allow: 'GET, POST' },
      { message: 'GraphQL requests use GET or POST.', extensions: { code: 'METHOD_NOT_ALLOWED' } },
      undefined,
    ],
    [
      { _tag: 'MutationOverGet' },
      405,
      405,
      { allow: 'POST' },
      {
        message: 'Mutations cannot be executed over GET: use POST.',
        extensions: { code: 'METHOD_NOT_ALLOWED' },
      },
      undefined,
    ],
    [
      { _tag: 'UnsupportedContentType' },
      415,
      415,
      { accept: JSON_TYPE, 'accept-post': JSON_TYPE },
      {
        message: 'Send the request body as application/json.',
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
      },
      undefined,
    ],
    [
      { _tag: 'UnparsableBody' },
      400,
      400,
      {},
      { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      undefined,
    ],
    [
      {
        _tag: 'MalformedRequest',
        issues: [{ path: '/query', message: 'must be a string', location: 'body' }],
      },
      400,
      422,
      {},
      {
        message: 'The request is not a well-formed GraphQL-over-HTTP request.',
        extensions: {
          code: 'BAD_REQUEST',
          issues: [{ path: '/query', message: 'must be a string', location: 'body' }],
        },
      },
      {
        message: 'The request is not a well-formed GraphQL-over-HTTP request.',
        extensions: {
          code: 'UNPROCESSABLE_CONTENT',
          issues: [{ path: '/query', message: 'must be a string', location: 'body' }],
        },
      },
    ],
  ]
  it.each(cases)(
    '%j: %i in 2024, %i in 2026, always application/json',
    (refusal, in2024, in2026, extra, error2024, error2026) => {
      const facts = { method: 'POST', accept: GQL_TYPE }
      const a = refuse(refusal, facts)
      const b = refuse(refusal, facts, s2026)
      expect(a).toEqual({
        status: in2024,
        headers: headers(JSON_TYPE, a.body, extra),
        body: JSON.stringify({ errors: [error2024] }),
      })
      expect(b).toEqual({
        status: in2026,
        headers: headers(JSON_TYPE, b.body, extra),
        body: JSON.stringify({ errors: [error2026 ?? error2024] }),
      })
    },
  )

  it('NotAcceptable lists the media types in the profile’s order', () => {
    const a = JSON.parse(refuse({ _tag: 'NotAcceptable' }).body)
    const b = JSON.parse(refuse({ _tag: 'NotAcceptable' }, {}, s2026).body)
    expect([a, b]).toEqual([
      {
        errors: [
          {
            message: `Acceptable media types: ${JSON_TYPE}, ${GQL_TYPE}.`,
            extensions: { code: 'NOT_ACCEPTABLE', details: { available: [JSON_TYPE, GQL_TYPE] } },
          },
        ],
      },
      {
        errors: [
          {
            message: `Acceptable media types: ${GQL_TYPE}, ${JSON_TYPE}.`,
            extensions: { code: 'NOT_ACCEPTABLE', details: { available: [GQL_TYPE, JSON_TYPE] } },
          },
        ],
      },
    ])
  })

  it('with the request id in the response extensions', () => {
    expect(
      JSON.parse(refuse({ _tag: 'UnparsableBody' }, { requestId: 'r9' }).body).extensions,
    ).toEqual({ requestId: 'r9' })
  })
})

describe('deny', () => {
  it('the errors’ status and headers in the negotiated type; 2026 answers graphql-response+json', () => {
    const e = tooManyRequests('slow down', { retryAfter: 30 })
    const a = deny(e, { accept: JSON_TYPE })
    const b = deny(e, { accept: JSON_TYPE }, s2026)
    expect(a).toEqual({
      status: 429,
      headers: headers(JSON_TYPE, a.body, { 'retry-after': '30' }),
      body: '{"errors":[{"message":"slow down","extensions":{"code":"TOO_MANY_REQUESTS"}}]}',
    })
    expect(b.headers['content-type']).toBe(`${GQL_TYPE}; charset=utf-8`)
  })

  it('an Accept that names neither is disregarded: application/json, never a 406', () => {
    const r = deny(unauthorized('who?'), { accept: 'text/html' }, s2026)
    expect([r.status, r.headers['content-type']]).toEqual([401, 'application/json; charset=utf-8'])
  })

  it('several errors: the policy’s priority, every error listed with its GraphQL code', () => {
    const r = deny(
      [serviceUnavailable('later', { retryAfter: 5 }), unauthorized('who?')],
      { accept: GQL_TYPE },
      grafbase,
    )
    expect(r).toEqual({
      status: 401,
      // A 401 is not fixed by waiting: the 503's Retry-After is not sent.
      headers: headers(GQL_TYPE, r.body, { 'www-authenticate': 'Bearer' }),
      body: JSON.stringify({
        errors: [
          { message: 'Service Unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } },
          { message: 'who?', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      }),
    })
  })

  it('is total: no errors, or values that are not HttpErrors, are masked 500s', () => {
    expect(deny([]).status).toBe(500)
    expect(deny(['boom' as unknown as HttpError]).status).toBe(500)
    const hostile = new Proxy(notFound(), {
      get: (t, k) => {
        if (k === 'code') throw new Error('trap')
        return (t as unknown as Record<string | symbol, unknown>)[k]
      },
    })
    expect(deny(hostile).status).toBe(500)
    // Read once: a getter that would throw on a second read answers as its first read did.
    const r = deny(flaky('code'), { accept: GQL_TYPE })
    expect([r.status, JSON.parse(r.body)]).toEqual([
      404,
      { errors: [{ message: 'no user', extensions: { code: 'NOT_FOUND' } }] },
    ])
  })
})

describe('paramsFromBody', () => {
  const right = (p: object) =>
    E.right({
      query: undefined,
      operationName: undefined,
      variables: undefined,
      extensions: undefined,
      ...p,
    })
  const malformed = (...issues: ReadonlyArray<readonly [string, string]>) =>
    E.left({
      _tag: 'MalformedRequest',
      issues: issues.map(([path, message]) => ({ path, message, location: 'body' })),
    })

  it.each([
    ['{"query":"{ a }"}', right({ query: '{ a }' })],
    [
      '{"query":"{ a }","operationName":null,"variables":null,"extensions":null}',
      right({ query: '{ a }' }),
    ],
    [
      '{"query":"q","operationName":"A","variables":{"x":1},"extensions":{"e":true}}',
      right({ query: 'q', operationName: 'A', variables: { x: 1 }, extensions: { e: true } }),
    ],
    [
      '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab"}}}',
      right({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } }),
    ],
    ['{"query":', E.left({ _tag: 'UnparsableBody' })],
    ['', E.left({ _tag: 'UnparsableBody' })],
    ['[1]', malformed(['', 'must be a JSON object'])],
    ['null', malformed(['', 'must be a JSON object'])],
    ['"{ a }"', malformed(['', 'must be a JSON object'])],
    ['{}', malformed(['/query', 'must be a string'])],
    [
      '{"query":7,"operationName":1,"variables":[7],"extensions":"x"}',
      malformed(
        ['/query', 'must be a string'],
        ['/operationName', 'must be a string'],
        ['/variables', 'must be a map'],
        ['/extensions', 'must be a map'],
      ),
    ],
    ['{"extensions":{"persistedQuery":"ab"}}', malformed(['/query', 'must be a string'])],
  ])('%s', (body, expected) => {
    expect(paramsFromBody(body)).toEqual(expected)
  })
})

describe('paramsFromSearch', () => {
  it.each([
    [
      'query=%7B+a+%7D',
      E.right({
        query: '{ a }',
        operationName: undefined,
        variables: undefined,
        extensions: undefined,
      }),
    ],
    [
      'query=q&operationName=&variables=&extensions=',
      E.right({
        query: 'q',
        operationName: undefined,
        variables: undefined,
        extensions: undefined,
      }),
    ],
    [
      'query=q&operationName=A&variables=%7B%22x%22%3A1%7D',
      E.right({ query: 'q', operationName: 'A', variables: { x: 1 }, extensions: undefined }),
    ],
    [
      'extensions=%7B%22persistedQuery%22%3A%7B%22sha256Hash%22%3A%22ab%22%7D%7D',
      E.right({
        query: undefined,
        operationName: undefined,
        variables: undefined,
        extensions: { persistedQuery: { sha256Hash: 'ab' } },
      }),
    ],
    [
      '',
      E.left({
        _tag: 'MalformedRequest',
        issues: [{ path: '/query', message: 'must be a string', location: 'query' }],
      }),
    ],
    [
      'query=q&variables=%5B7%5D',
      E.left({
        _tag: 'MalformedRequest',
        issues: [{ path: '/variables', message: 'must be a map', location: 'query' }],
      }),
    ],
    [
      'query=q&variables=%7B&extensions=x',
      E.left({
        _tag: 'MalformedRequest',
        issues: [
          { path: '/variables', message: 'must be JSON', location: 'query' },
          { path: '/extensions', message: 'must be JSON', location: 'query' },
        ],
      }),
    ],
  ])('?%s', (search, expected) => {
    expect(paramsFromSearch(new URLSearchParams(search))).toEqual(expected)
  })
})

describe('the request Content-Type', () => {
  it('reads parameters outside quoted strings only: a quoted ";charset=" is not the charset', () => {
    const post = (contentType: string) => check({ method: 'POST', contentType })
    expect([
      post('application/json; profile="a;charset=latin1"'),
      post('application/json; profile="a\\";charset=latin1"')?._tag,
      post('application/json; profile="x"; charset=latin1')?._tag,
      post('application/json;charset="UTF-8"'),
      // An escaped quote keeps the string open: its ;charset=latin1 is still quoted.
    ]).toStrictEqual([undefined, undefined, 'UnsupportedContentType', undefined])
  })
})

describe('the policy’s onError and the errors’ own headers', () => {
  const logged = () => {
    const calls: Array<[string, unknown, unknown]> = []
    const s = settings({
      policy: policy({ onError: (e, cause, request) => calls.push([e._tag, cause, request]) }),
    })
    return { calls, s }
  }

  it('respond tells onError of every error of the result, masked ones included, with the facts', () => {
    const { calls, s } = logged()
    const secret = new Error('password=hunter2')
    const facts = { accept: GQL_TYPE, requestId: 'r-1' }
    const r = respond(
      { data: null, errors: [{ message: 'x', path: ['secret'], originalError: secret }] },
      facts,
      s,
    )
    expect(r.body).not.toContain('hunter2')
    expect(calls).toStrictEqual([['Internal', secret, facts]])
  })

  it('deny and refuse tell onError too', () => {
    const { calls, s } = logged()
    deny(notFound('no'), {}, s)
    refuse({ _tag: 'MutationOverGet' }, {}, s)
    expect(calls.map((c) => c[0])).toStrictEqual(['NotFound', 'MethodNotAllowed'])
  })

  it('an error’s Vary (a CORS Origin) stays beside Accept', () => {
    const cors = { 'Access-Control-Allow-Origin': 'https://a.example', Vary: 'Origin' }
    const d = deny(notFound('x', { headers: cors }), { accept: GQL_TYPE })
    expect([d.headers['vary'], d.headers['access-control-allow-origin']]).toStrictEqual([
      'Accept, Origin',
      'https://a.example',
    ])
    const gone = { message: 'gone', extensions: { code: 'GONE' } }
    const r = respond(
      { errors: [{ ...gone, originalError: notFound('x', { headers: cors }) }] },
      { accept: GQL_TYPE },
    )
    expect(r.headers['vary']).toBe('Accept, Origin')
  })

  it('with a one-format policy (no negotiated Vary from the core) Vary is still Accept', () => {
    const one = settings({ policy: policy({ formats: [json] }) })
    const r = respond(
      { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] },
      { accept: GQL_TYPE },
      one,
    )
    expect([r.status, r.headers['vary']]).toStrictEqual([403, 'Accept'])
  })

  it('null facts from an untyped caller are no facts', () => {
    const none = null as unknown as Facts
    expect(respond({ data: { a: 1 } }, none).status).toBe(200)
    expect(deny(notFound(), none).status).toBe(404)
    expect(refuse({ _tag: 'UnparsableBody' }, none).status).toBe(400)
  })
})
