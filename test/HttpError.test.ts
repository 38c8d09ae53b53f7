import { pipe } from 'fp-ts/function'
import { describe, expect, it } from 'vitest'
import {
  badGateway,
  badRequest,
  conflict,
  custom,
  variants,
  forbidden,
  gatewayTimeout,
  gone,
  requestHeaderFieldsTooLarge,
  internal,
  is,
  isHttpError,
  match,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  contentTooLarge,
  preconditionFailed,
  requestTimeout,
  serviceUnavailable,
  status,
  tags,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  uriTooLong,
  withCause,
  withCode,
  toError,
  fromUnknown,
  toResponse,
  type Cases,
  type ErrorStatus,
  type HttpError,
  type Tag,
} from '../src/index.js'
import { expected, samples } from './samples.js'

describe('constructors', () => {
  const bare: { readonly [T in Tag]: HttpError } = {
    BadRequest: badRequest(),
    Unauthorized: unauthorized(),
    Forbidden: forbidden(),
    NotFound: notFound(),
    MethodNotAllowed: methodNotAllowed([]),
    NotAcceptable: notAcceptable(),
    RequestTimeout: requestTimeout(),
    Conflict: conflict(),
    Gone: gone(),
    PreconditionFailed: preconditionFailed(),
    ContentTooLarge: contentTooLarge(),
    UriTooLong: uriTooLong(),
    UnsupportedMediaType: unsupportedMediaType(),
    UnprocessableContent: unprocessableContent([]),
    TooManyRequests: tooManyRequests(),
    RequestHeaderFieldsTooLarge: requestHeaderFieldsTooLarge(),
    Internal: internal(),
    NotImplemented: notImplemented(),
    BadGateway: badGateway(),
    ServiceUnavailable: serviceUnavailable(),
    GatewayTimeout: gatewayTimeout(),
    Custom: custom(418),
  }

  for (const tag of tags)
    it(`${tag}() is plain data: its tag, the reason phrase and the default code`, () => {
      const own =
        tag === 'MethodNotAllowed'
          ? { allow: [] }
          : tag === 'UnprocessableContent'
            ? { issues: [] }
            : tag === 'Custom'
              ? { status: 418 }
              : {}
      expect(bare[tag]).toStrictEqual({
        _tag: tag,
        message: expected[tag].title,
        code: expected[tag].code,
        ...own,
      })
      expect(Object.getPrototypeOf(bare[tag])).toBe(Object.prototype)
      expect(bare[tag]).not.toBeInstanceOf(Error)
      expect('stack' in bare[tag]).toBe(false)
    })

  it('the variants table agrees with the expected table', () => {
    for (const tag of tags)
      if (tag !== 'Custom')
        expect({ status: variants[tag].status, code: variants[tag].code }).toStrictEqual({
          status: expected[tag].status,
          code: expected[tag].code,
        })
    expect([variants.Custom.status, variants.Custom.code]).toStrictEqual([
      500,
      'INTERNAL_SERVER_ERROR',
    ])
  })

  it('keep the message and fields given, code included', () => {
    expect(
      notFound('no user 42', { code: 'USER_NOT_FOUND', details: { id: 42 }, expose: false }),
    ).toStrictEqual({
      _tag: 'NotFound',
      message: 'no user 42',
      code: 'USER_NOT_FOUND',
      details: { id: 42 },
      expose: false,
    })
    expect(methodNotAllowed(['GET'], 'm', { code: 'X' })).toStrictEqual({
      _tag: 'MethodNotAllowed',
      message: 'm',
      allow: ['GET'],
      code: 'X',
    })
    expect(custom(402, 'pay', { code: 'PAY', details: 1 })).toStrictEqual({
      _tag: 'Custom',
      message: 'pay',
      status: 402,
      code: 'PAY',
      details: 1,
    })
  })

  it('custom with a status outside 400–599 describes itself as a 500', () => {
    expect(custom(200 as ErrorStatus)).toStrictEqual({
      _tag: 'Custom',
      message: 'Internal Server Error',
      status: 200,
      code: 'INTERNAL_SERVER_ERROR',
    })
  })
})

describe('status', () => {
  it('is the variant’s status, or a Custom error’s own', () => {
    for (const tag of tags) expect(status(samples[tag])).toBe(expected[tag].status)
    expect(status(custom(599))).toBe(599)
  })

  it('a Custom status outside 400–599 is 500', () => {
    for (const s of [200, 399, 600, 404.5, Number.NaN])
      expect(status(custom(s as ErrorStatus))).toBe(500)
  })
})

describe('refinements', () => {
  it('isHttpError: true for every variant', () => {
    for (const tag of tags) expect(isHttpError(samples[tag])).toBe(true)
  })

  it('isHttpError: false for anything without a known tag and string message and code', () => {
    const no: ReadonlyArray<unknown> = [
      null,
      undefined,
      'NotFound',
      new Error('x'),
      { _tag: 'Nope', message: 'm', code: 'c' },
      { _tag: 'toString', message: 'm', code: 'c' },
      { _tag: 'NotFound', message: 1, code: 'c' },
      { _tag: 'NotFound', message: 'm' },
      { _tag: 1, message: 'm', code: 'c' },
    ]
    for (const u of no) expect(isHttpError(u)).toBe(false)
  })

  it('is: true for its own variant only', () => {
    for (const tag of tags)
      for (const other of tags) expect(is(tag)(samples[other])).toBe(tag === other)
  })
})

describe('match', () => {
  it('calls the handler of the variant, with that variant', () => {
    const cases = Object.fromEntries(
      tags.map((t) => [t, (e: HttpError) => [t, e] as const]),
    ) as unknown as Cases<readonly [Tag, HttpError]>
    for (const tag of tags) expect(match(cases)(samples[tag])).toStrictEqual([tag, samples[tag]])
  })
})

describe('combinators', () => {
  it('withCode and withCause copy; the original is unchanged', () => {
    const e = notFound('x')
    const renamed = pipe(e, withCode('USER_NOT_FOUND'))
    const caused = pipe(e, withCause('why'))
    expect([e, renamed, caused]).toStrictEqual([
      notFound('x'),
      notFound('x', { code: 'USER_NOT_FOUND' }),
      notFound('x', { cause: 'why' }),
    ])
  })
})

describe('toError', () => {
  it.each(tags)('%s: a real Error that is the same HttpError, answered the same', (tag) => {
    const e = samples[tag]
    const thrown = toError(e)
    expect(thrown).toBeInstanceOf(Error)
    expect([thrown.name, thrown.message, typeof thrown.stack]).toEqual([tag, e.message, 'string'])
    expect(isHttpError(thrown)).toBe(true)
    expect(status(thrown)).toBe(status(e))
    // Read back as it was: fromUnknown's snapshot has every field, and the response is
    // byte for byte the plain value's.
    expect(fromUnknown(thrown)).toStrictEqual(fromUnknown(e))
    for (const accept of ['application/json', 'application/problem+json'])
      expect(toResponse(thrown, { accept })).toStrictEqual(toResponse(e, { accept }))
  })

  it("keeps the cause as the Error's own cause, and leaves the value it was made from alone", () => {
    const e = internal('db down', { cause: 'ECONNREFUSED' })
    const thrown = toError(e)
    expect(thrown.cause).toBe('ECONNREFUSED')
    expect(e).not.toBeInstanceOf(Error)
    expect(Object.keys(e)).not.toContain('name')
  })
})
