import * as N from 'fp-ts/number'
import { contramap } from 'fp-ts/Ord'
import * as S from 'fp-ts/string'
import { pipe } from 'fp-ts/function'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  badGateway,
  badRequest,
  byError,
  byStatus,
  conflict,
  custom,
  decisionOrder,
  defaultPriority,
  firstError,
  forbidden,
  gatewayTimeout,
  gone,
  requestHeaderFieldsTooLarge,
  highestStatus,
  internal,
  lastError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  contentTooLarge,
  policy,
  preconditionFailed,
  requestTimeout,
  serviceUnavailable,
  toResponse,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  uriTooLong,
  type ErrorStatus,
  type HttpError,
  type Priority,
} from '../src/index.js'

/**
 * docs/DESIGN.md §6, most urgent first: 4xx in Webmachine's order, other 4xx by number,
 * then 5xx.
 */
const order: ReadonlyArray<readonly [ErrorStatus, HttpError]> = [
  [408, requestTimeout('408')],
  [431, requestHeaderFieldsTooLarge('431')],
  [414, uriTooLong('414')],
  [429, tooManyRequests('429')],
  [405, methodNotAllowed(['GET'], '405')],
  [400, badRequest('400')],
  [401, unauthorized('401')],
  [403, forbidden('403')],
  [415, unsupportedMediaType('415')],
  [413, contentTooLarge('413')],
  [406, notAcceptable('406')],
  [404, notFound('404')],
  [410, gone('410')],
  [412, preconditionFailed('412')],
  [422, unprocessableContent([], '422')],
  [409, conflict('409')],
  [402, custom(402, '402')],
  [418, custom(418, '418')],
  [451, custom(451, '451')],
  [499, custom(499, '499')],
  [503, serviceUnavailable('503')],
  [501, notImplemented('501')],
  [504, gatewayTimeout('504')],
  [502, badGateway('502')],
  [500, internal('500')],
  [505, custom(505, '505')],
  [599, custom(599, '599')],
]

const statuses = order.map(([s]) => s)
const shuffled = <A>(xs: ReadonlyArray<A>, seed: number): Array<A> => {
  const out = [...xs]
  let x = seed
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648
    const j = x % (i + 1)
    ;[out[i], out[j]] = [out[j] as A, out[i] as A]
  }
  return out
}

describe('decisionOrder', () => {
  it('sorts statuses exactly in the DESIGN §6 order, whatever the input order', () => {
    for (const seed of [1, 2, 3, 42, 1000])
      expect(shuffled(statuses, seed).sort(decisionOrder.compare)).toStrictEqual(statuses)
  })

  it('is total: two statuses are equal only when they are the same', () => {
    for (const a of statuses)
      for (const b of statuses) expect(decisionOrder.equals(a, b)).toBe(a === b)
  })
})

describe('defaultPriority through toResponse', () => {
  it('for every pair, the earlier in the order wins, in either position', () => {
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++) {
        const [s, a] = order[i] as readonly [ErrorStatus, HttpError]
        const b = (order[j] as readonly [ErrorStatus, HttpError])[1]
        expect([toResponse([a, b]).status, toResponse([b, a]).status]).toStrictEqual([s, s])
      }
  })

  it('over the whole list, in any order, the first of the order wins', () => {
    for (const seed of [7, 8, 9])
      expect(toResponse(shuffled(order, seed).map(([, e]) => e)).status).toBe(408)
  })

  it('ties keep the first: the body leads with the first error of the winning status', () => {
    const r = toResponse([internal('x'), notFound('first'), notFound('second')])
    expect(JSON.parse(r.body)).toStrictEqual({
      message: 'first',
      code: 'NOT_FOUND',
      errors: [
        { status: 500, message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
        { status: 404, message: 'first', code: 'NOT_FOUND' },
        { status: 404, message: 'second', code: 'NOT_FOUND' },
      ],
    })
  })

  it('ranks by the status the policy gives, not the variant’s', () => {
    const p = policy({ status: { NotImplemented: 412 } })
    expect(toResponse([internal(), notImplemented()], {}, p).status).toBe(412)
    expect(toResponse([conflict(), notImplemented()], {}, p).status).toBe(412)
  })
})

describe('other priorities', () => {
  const errs = [notFound('a'), internal('b'), custom(418, 'c'), badGateway('d')]
  const winner = (p: Priority, es: ReadonlyArray<HttpError> = errs) =>
    toResponse(es, {}, policy({ priority: p })).status

  it('highestStatus: the highest number wins (graphql-yoga)', () => {
    expect(winner(highestStatus)).toBe(502)
  })

  it('firstError: the first error wins (Effect)', () => {
    expect(winner(firstError)).toBe(404)
  })

  it('lastError: the last error wins (Apollo)', () => {
    expect(winner(lastError)).toBe(502)
    expect(winner(lastError, errs.slice(0, 3))).toBe(418)
  })

  it('byStatus: any Ord on statuses, e.g. the lowest number', () => {
    expect(winner(byStatus(N.Ord))).toBe(404)
  })

  it('byError: any Ord on errors, e.g. by message; ties keep the first', () => {
    const byMessage = byError(
      pipe(
        S.Ord,
        contramap((e: HttpError) => e.message),
      ),
    )
    expect(winner(byMessage, [internal('z'), notFound('m'), gone('m'), badGateway('q')])).toBe(404)
  })
})

describe('headers of several errors', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(Date.UTC(2030, 0, 1, 0, 0, 0)))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const extra = (r: ReturnType<typeof toResponse>) => {
    const {
      'content-type': _a,
      'content-length': _b,
      'x-content-type-options': _c,
      vary: _d,
      ...rest
    } = r.headers
    return rest
  }

  it('several 401s: every distinct challenge, in order, as separate field lines', () => {
    const r = toResponse([
      unauthorized('a', { challenges: [{ scheme: 'Bearer', params: { realm: 'api' } }] }),
      unauthorized('b', { challenges: [{ scheme: 'Basic', params: { realm: 'files' } }] }),
      unauthorized('c', { challenges: [{ scheme: 'Bearer', params: { realm: 'api' } }] }),
      unauthorized('d'),
    ])
    expect(extra(r)).toStrictEqual({
      'www-authenticate': ['Bearer realm="api"', 'Basic realm="files"', 'Bearer'],
    })
  })

  it('several 405s: the union of their Allow lists', () => {
    const r = toResponse([
      methodNotAllowed(['GET', 'HEAD']),
      methodNotAllowed(['POST', 'GET']),
      methodNotAllowed([]),
    ])
    expect(extra(r)).toStrictEqual({ allow: 'GET, HEAD, POST' })
  })

  it('several 415s: the union of their Accept lists', () => {
    const r = toResponse(
      [
        unsupportedMediaType('a', { accept: ['application/json'] }),
        unsupportedMediaType('b', { accept: ['text/csv', 'application/json'] }),
      ],
      { method: 'POST' },
    )
    expect(extra(r)).toStrictEqual({
      accept: 'application/json, text/csv',
      'accept-post': 'application/json, text/csv',
    })
  })

  it('Retry-After is the largest of all, seconds against seconds', () => {
    const r = toResponse([
      tooManyRequests('a', { retryAfter: 30 }),
      tooManyRequests('b', { retryAfter: 120 }),
      tooManyRequests('c', { retryAfter: 60 }),
    ])
    expect(extra(r)).toStrictEqual({ 'retry-after': '120' })
  })

  it('Retry-After is the latest of all, dates against dates', () => {
    const r = toResponse([
      serviceUnavailable('a', { retryAfter: new Date(Date.UTC(2030, 0, 1, 1)) }),
      serviceUnavailable('b', { retryAfter: new Date(Date.UTC(2030, 0, 1, 2)) }),
      serviceUnavailable('c', { retryAfter: new Date(Number.NaN) }),
    ])
    expect(extra(r)).toStrictEqual({ 'retry-after': 'Tue, 01 Jan 2030 02:00:00 GMT' })
  })

  it('Retry-After compares seconds with dates from now, either way round', () => {
    const inAnHour = new Date(Date.UTC(2030, 0, 1, 1))
    const ra = (...es: ReadonlyArray<HttpError>) => toResponse(es).headers['retry-after']
    expect(
      ra(tooManyRequests('a', { retryAfter: 60 }), tooManyRequests('b', { retryAfter: inAnHour })),
    ).toBe('Tue, 01 Jan 2030 01:00:00 GMT')
    expect(
      ra(tooManyRequests('b', { retryAfter: inAnHour }), tooManyRequests('a', { retryAfter: 60 })),
    ).toBe('Tue, 01 Jan 2030 01:00:00 GMT')
    expect(
      ra(
        tooManyRequests('a', { retryAfter: 7200 }),
        tooManyRequests('b', { retryAfter: inAnHour }),
      ),
    ).toBe('7200')
    expect(
      ra(
        tooManyRequests('b', { retryAfter: inAnHour }),
        tooManyRequests('a', { retryAfter: 7200 }),
      ),
    ).toBe('7200')
  })

  it('when a temporary status wins, Retry-After is the longest any error gives', () => {
    const r = toResponse([
      tooManyRequests('a', { retryAfter: 10 }),
      serviceUnavailable('b', { retryAfter: 60 }),
      contentTooLarge('c', { retryAfter: 20 }),
    ])
    expect([r.status, extra(r)]).toStrictEqual([429, { 'retry-after': '60' }])
  })

  it('a status that no retry can fix sends no Retry-After, whatever the other errors say', () => {
    const r = toResponse([badRequest('a'), serviceUnavailable('b', { retryAfter: 10 })])
    expect([r.status, extra(r)]).toStrictEqual([400, {}])
  })

  it('other headers come only from errors that share the winning status', () => {
    const r = toResponse([
      methodNotAllowed(['GET']),
      unauthorized('a', { challenges: [{ scheme: 'Basic' }] }),
      unsupportedMediaType('b', { accept: ['text/csv'] }),
    ])
    expect([r.status, extra(r)]).toStrictEqual([405, { allow: 'GET' }])
  })

  it('every error stays in the body, in the order given', () => {
    const errs = [
      unauthorized('u'),
      methodNotAllowed(['GET'], 'm'),
      tooManyRequests('t', { retryAfter: 5 }),
      internal('secret'),
    ]
    const r = toResponse(errs, { accept: 'application/graphql-response+json' })
    expect([r.status, JSON.parse(r.body)]).toStrictEqual([
      429,
      {
        errors: [
          { message: 'u', extensions: { code: 'UNAUTHORIZED' } },
          { message: 'm', extensions: { code: 'METHOD_NOT_ALLOWED' } },
          { message: 't', extensions: { code: 'TOO_MANY_REQUESTS' } },
          { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      },
    ])
  })
})

describe('the reducer as a value', () => {
  it('defaultPriority is byStatus(decisionOrder): ties keep the first argument', () => {
    const a = { error: notFound('a'), status: 404 as const }
    const b = { error: notFound('b'), status: 404 as const }
    expect(defaultPriority.concat(a, b)).toBe(a)
    expect(defaultPriority.concat(b, a)).toBe(b)
    const c = { error: badRequest('c'), status: 400 as const }
    expect(defaultPriority.concat(a, c)).toBe(c)
  })
})
