import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  badRequest,
  conflict,
  custom,
  decodeInput,
  forbidden,
  internal,
  methodNotAllowed,
  notFound,
  notImplemented,
  policy,
  serviceUnavailable,
  toResponse,
  unauthorized,
  unprocessableContent,
  type HttpError,
  type Issue,
  type Location,
  type RequestFacts,
} from '../src/index.js'
import {
  ndc,
  ndcErrorResponse,
  openapiErrors,
  openapiRest,
  openapiSteps,
} from '../src/profiles/index.js'

const bodyOf = (
  e: HttpError | ReadonlyArray<HttpError>,
  p = ndc,
  request: RequestFacts = {},
): unknown => JSON.parse(toResponse(e, request, p).body)

describe('ndcErrorResponse', () => {
  it('is { message, details } with details {} when the error has none', () => {
    expect(bodyOf(forbidden('check constraint failed'))).toEqual({
      message: 'check constraint failed',
      details: {},
    })
  })

  it('keeps the error’s details as they are', () => {
    expect(bodyOf(conflict('fk violated', { details: { constraint: 'fk_author' } }))).toEqual({
      message: 'fk violated',
      details: { constraint: 'fk_author' },
    })
    expect(bodyOf(conflict('fk violated', { details: ['a', 'b'] }))).toEqual({
      message: 'fk violated',
      details: ['a', 'b'],
    })
    expect(bodyOf(conflict('fk violated', { details: 'a string' }))).toEqual({
      message: 'fk violated',
      details: 'a string',
    })
  })

  it('puts the issues of a 400 or a 422 in details', () => {
    const issues: ReadonlyArray<Issue> = [
      {
        path: '/arguments/limit',
        message: 'expected number',
        location: 'body',
        expected: 'number',
      },
    ]
    expect(bodyOf(badRequest('bad query request', { issues }))).toEqual({
      message: 'bad query request',
      details: { issues },
    })
    expect(bodyOf(unprocessableContent(issues, 'wrong scalar'))).toEqual({
      message: 'wrong scalar',
      details: { issues },
    })
  })

  it('merges issues into plain-object details and wraps any other details as value', () => {
    const issues: ReadonlyArray<Issue> = [{ path: '/x', message: 'bad' }]
    expect(bodyOf(unprocessableContent(issues, 'no', { details: { scalar: 'Date' } }))).toEqual({
      message: 'no',
      details: { scalar: 'Date', issues },
    })
    expect(bodyOf(unprocessableContent(issues, 'no', { details: [1, 2] }))).toEqual({
      message: 'no',
      details: { value: [1, 2], issues },
    })
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    expect(bodyOf(unprocessableContent(issues, 'no', { details: bare }))).toEqual({
      message: 'no',
      details: { a: 1, issues },
    })
    expect(bodyOf(unprocessableContent(issues, 'no', { details: new Date(0) }))).toEqual({
      message: 'no',
      details: { value: '1970-01-01T00:00:00.000Z', issues },
    })
  })

  it('masks a 5xx: standard message, details {}', () => {
    const e = internal('db password is hunter2', { details: { sql: 'SELECT …' } })
    expect(bodyOf(e)).toEqual({ message: 'Internal Server Error', details: {} })
    expect(bodyOf(badGateway('upstream said 418', { details: { raw: '…' } }))).toEqual({
      message: 'Bad Gateway',
      details: {},
    })
  })

  it('adds the request id to details, where the error’s own members win', () => {
    expect(bodyOf(internal('secret'), ndc, { requestId: 'r-1' })).toEqual({
      message: 'Internal Server Error',
      details: { requestId: 'r-1' },
    })
    expect(
      bodyOf(conflict('x', { details: { requestId: 'own', a: 1 } }), ndc, { requestId: 'r-1' }),
    ).toEqual({
      message: 'x',
      details: { requestId: 'own', a: 1 },
    })
    expect(bodyOf(conflict('x', { details: 'text' }), ndc, { requestId: 'r-1' })).toEqual({
      message: 'x',
      details: { requestId: 'r-1', value: 'text' },
    })
  })

  it('shows a 501’s message, and names the bare status "Not Supported"', () => {
    expect(bodyOf(notImplemented('no aggregates'))).toEqual({
      message: 'no aggregates',
      details: {},
    })
    expect(bodyOf(notImplemented())).toEqual({ message: 'Not Supported', details: {} })
    expect(bodyOf(notImplemented('no aggregates', { expose: false, details: { a: 1 } }))).toEqual({
      message: 'Not Supported',
      details: {},
    })
  })

  it('under the core’s masking rules alone, masks a 501 as "Not Supported"', () => {
    const p = policy({ formats: [ndcErrorResponse] })
    expect(bodyOf(notImplemented('no aggregates', { details: { a: 1 } }), p)).toEqual({
      message: 'Not Supported',
      details: {},
    })
  })

  it('describes only the error that chose the status, with no other member', () => {
    const r = toResponse(
      [internal('boom'), unprocessableContent([], 'wrong type'), forbidden('nope')],
      { requestId: undefined },
      ndc,
    )
    expect(r.status).toBe(403)
    expect(JSON.parse(r.body)).toEqual({ message: 'nope', details: {} })
  })

  it('is JSON whatever the Accept, without Vary', () => {
    const r = toResponse(
      notFound('no such collection'),
      { accept: 'application/problem+json' },
      ndc,
    )
    expect(r).toEqual({
      status: 404,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(r.body.length),
        'x-content-type-options': 'nosniff',
      },
      body: '{"message":"no such collection","details":{}}',
    })
  })

  it('falls back to a bare body when the details cannot be read', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap')
        },
      },
    )
    expect(bodyOf(conflict('x', { details: hostile }), ndc, { requestId: 'r' })).toEqual({
      message: 'x',
      details: { requestId: 'r' },
    })
  })
})

describe('openapiErrors', () => {
  const p = policy({ formats: [openapiErrors] })

  it('names the failing step of each issue in key, for every location', () => {
    const locations: ReadonlyArray<[Location, string]> = [
      ['header', 'headers'],
      ['cookie', 'cookies'],
      ['body', 'body'],
      ['query', 'query'],
      ['path', 'path'],
      ['security', 'security scheme'],
    ]
    for (const [location, key] of locations) {
      const e = badRequest('The request is not valid.', {
        issues: [{ path: '/a', message: 'is wrong', location }],
      })
      expect(bodyOf(e, p)).toEqual({
        errors: [
          {
            type: 'openapi',
            message: 'The request is not valid.',
            details: [{ key, path: '/a', message: 'is wrong' }],
          },
        ],
      })
    }
    expect(openapiSteps).toEqual(Object.fromEntries(locations))
  })

  it('reads an issue with no (or an unknown) location as a body issue, and omits an empty path', () => {
    const issues = [
      { path: '', message: 'expected object' },
      { path: '/x', message: 'odd', location: 'toString' as Location },
      // Not an issue (no path): left out.
      { message: 'no path' } as unknown as Issue,
    ]
    expect(bodyOf(badRequest('invalid', { issues }), p)).toEqual({
      errors: [
        {
          type: 'openapi',
          message: 'invalid',
          details: [
            { key: 'body', message: 'expected object' },
            { key: 'body', path: '/x', message: 'odd' },
          ],
        },
      ],
    })
  })

  it('gives a 422 a message and never a details array', () => {
    const issues: ReadonlyArray<Issue> = [{ path: '/x', message: 'bad', location: 'query' }]
    expect(
      bodyOf(
        unprocessableContent(issues, 'out of stock', { details: [{ key: 'a', message: 'b' }] }),
        p,
      ),
    ).toEqual({
      errors: [{ type: 'application', message: 'out of stock' }],
    })
    expect(
      bodyOf(custom(422, 'out of stock', { details: [{ key: 'a', message: 'b' }] }), p),
    ).toEqual({
      errors: [{ type: 'application', message: 'out of stock' }],
    })
  })

  it('keeps array details of other errors and drops details of any other shape', () => {
    const details = [{ key: 'sku', message: 'no such SKU' }]
    expect(bodyOf(notFound('not found', { details }), p)).toEqual({
      errors: [{ type: 'application', message: 'not found', details }],
    })
    expect(bodyOf(notFound('not found', { details: { sku: 'x' } }), p)).toEqual({
      errors: [{ type: 'application', message: 'not found' }],
    })
    expect(bodyOf(badRequest('empty issues', { issues: [] }), p)).toEqual({
      errors: [{ type: 'application', message: 'empty issues' }],
    })
  })

  it('lists every error and the request id', () => {
    expect(
      bodyOf([conflict('taken'), notFound('gone', { details: [] }), internal('secret')], p, {
        requestId: 'r-7',
      }),
    ).toEqual({
      errors: [
        { type: 'application', message: 'taken' },
        { type: 'application', message: 'gone', details: [] },
        { type: 'application', message: 'Internal Server Error' },
      ],
      requestId: 'r-7',
    })
  })
})

describe('openapiRest', () => {
  it('answers a request that fails decoding with a 400 of type openapi naming the step', () => {
    const r = decodeInput(t.type({ limit: t.number }), 'query')({ limit: 'ten' })
    const e = E.isLeft(r) ? r.left : internal()
    const res = toResponse(e, {}, openapiRest)
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toEqual({
      errors: [
        {
          type: 'openapi',
          message: 'The request is not valid.',
          details: [{ key: 'query', path: '/limit', message: 'expected number' }],
        },
      ],
    })
  })

  it('answers a feature that is not supported with 412 and an anticipated error with 422', () => {
    expect(toResponse(notImplemented('needs API v2'), {}, openapiRest).status).toBe(412)
    expect(toResponse(custom(422, 'insufficient stock'), {}, openapiRest).status).toBe(422)
  })

  it('is JSON whatever the Accept, without Vary', () => {
    const r = toResponse(
      [methodNotAllowed(['GET']), unauthorized('who are you')],
      { accept: 'text/html' },
      openapiRest,
    )
    expect(r).toEqual({
      status: 405,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(r.body.length),
        'x-content-type-options': 'nosniff',
        allow: 'GET',
      },
      body: JSON.stringify({
        errors: [
          { type: 'application', message: 'Method Not Allowed' },
          { type: 'application', message: 'who are you' },
        ],
      }),
    })
  })

  it('masks a 5xx', () => {
    expect(bodyOf(serviceUnavailable('db migrating', { details: [1] }), openapiRest)).toEqual({
      errors: [{ type: 'application', message: 'Service Unavailable' }],
    })
  })
})
