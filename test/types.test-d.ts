import * as E from 'fp-ts/Either'
import { describe, expectTypeOf, it } from 'vitest'
import {
  badRequest,
  custom,
  decodeInput,
  fromUnknown,
  mapDomain,
  match,
  methodNotAllowed,
  notFound,
  status,
  statusUnder,
  toResponse,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  defaultPolicy,
  type Cases,
  type Custom,
  type ErrorStatus,
  type HttpError,
  type MethodNotAllowed,
  type NotFound,
  type Tag,
  type TooManyRequests,
  type Unauthorized,
  type UnprocessableContent,
} from '../src/index.js'
import * as t from 'io-ts'

type UserError =
  | { readonly _tag: 'NoSuchUser'; readonly id: string }
  | { readonly _tag: 'EmailTaken'; readonly email: string }

describe('mapDomain', () => {
  it('compiles with every tag, each handler given its own variant', () => {
    const toHttp = mapDomain<UserError>({
      NoSuchUser: (e) => {
        expectTypeOf(e).toEqualTypeOf<{ readonly _tag: 'NoSuchUser'; readonly id: string }>()
        return notFound(e.id)
      },
      EmailTaken: (e) => {
        expectTypeOf(e.email).toBeString()
        return badRequest(e.email)
      },
    })
    expectTypeOf(toHttp).toEqualTypeOf<(e: UserError) => HttpError>()
  })

  it('does not compile when a tag is missing', () => {
    mapDomain<UserError>(
      // @ts-expect-error EmailTaken is not handled
      { NoSuchUser: () => notFound() },
    )
  })

  it('does not compile with a tag the domain does not have', () => {
    mapDomain<UserError>({
      NoSuchUser: () => notFound(),
      EmailTaken: () => badRequest(),
      // @ts-expect-error Banned is not a UserError tag
      Banned: () => notFound(),
    })
  })

  it('does not compile when a handler returns something other than an HttpError', () => {
    mapDomain<UserError>({
      NoSuchUser: () => notFound(),
      // @ts-expect-error a string is not an HttpError
      EmailTaken: () => 'conflict',
    })
  })
})

describe('match', () => {
  const all: Cases<number> = {
    BadRequest: () => 400,
    Unauthorized: (e) => {
      expectTypeOf(e).toEqualTypeOf<Unauthorized>()
      return 401
    },
    Forbidden: () => 403,
    NotFound: () => 404,
    MethodNotAllowed: (e) => {
      expectTypeOf(e.allow).toEqualTypeOf<ReadonlyArray<string>>()
      return 405
    },
    NotAcceptable: () => 406,
    RequestTimeout: () => 408,
    Conflict: () => 409,
    Gone: () => 410,
    PreconditionFailed: () => 412,
    ContentTooLarge: () => 413,
    UriTooLong: () => 414,
    UnsupportedMediaType: () => 415,
    UnprocessableContent: () => 422,
    TooManyRequests: () => 429,
    RequestHeaderFieldsTooLarge: () => 431,
    Internal: () => 500,
    NotImplemented: () => 501,
    BadGateway: () => 502,
    ServiceUnavailable: () => 503,
    GatewayTimeout: () => 504,
    Custom: (e) => {
      expectTypeOf(e.status).toEqualTypeOf<ErrorStatus>()
      return e.status
    },
  }

  it('compiles with a handler per variant and returns their type', () => {
    expectTypeOf(match(all)).toEqualTypeOf<(e: HttpError) => number>()
  })

  it('does not compile when a case is missing', () => {
    const { Custom: _custom, ...missing } = all
    // @ts-expect-error Custom is not handled
    match<number>(missing)
  })

  it('does not compile when a handler has the wrong result type', () => {
    // @ts-expect-error NotFound returns a string, not a number
    match<number>({ ...all, NotFound: () => 'not found' })
  })
})

describe('status', () => {
  it('returns the literal union ErrorStatus', () => {
    expectTypeOf(status).returns.toEqualTypeOf<ErrorStatus>()
    expectTypeOf(statusUnder(defaultPolicy)).returns.toEqualTypeOf<ErrorStatus>()
    expectTypeOf(toResponse(notFound()).status).toEqualTypeOf<ErrorStatus>()
  })

  it('ErrorStatus is a union of literals: 404 and 599 are in it; 302, 600 and number are not', () => {
    expectTypeOf<404>().toExtend<ErrorStatus>()
    expectTypeOf<599>().toExtend<ErrorStatus>()
    expectTypeOf<302>().not.toExtend<ErrorStatus>()
    expectTypeOf<600>().not.toExtend<ErrorStatus>()
    expectTypeOf<number>().not.toExtend<ErrorStatus>()
    expectTypeOf<ErrorStatus>().toExtend<number>()
  })

  it('a Custom error cannot be built with a status that is not an error status', () => {
    // @ts-expect-error 302 is not an ErrorStatus
    custom(302)
    const n: number = 404
    // @ts-expect-error a plain number is not an ErrorStatus
    custom(n)
  })
})

describe('constructors', () => {
  it('return the precise variant', () => {
    expectTypeOf(notFound()).toEqualTypeOf<NotFound>()
    expectTypeOf(unauthorized()).toEqualTypeOf<Unauthorized>()
    expectTypeOf(methodNotAllowed(['GET'])).toEqualTypeOf<MethodNotAllowed>()
    expectTypeOf(unprocessableContent([])).toEqualTypeOf<UnprocessableContent>()
    expectTypeOf(tooManyRequests('x', { retryAfter: 5 })).toEqualTypeOf<TooManyRequests>()
    expectTypeOf(custom(418)).toEqualTypeOf<Custom>()
  })

  it('take only the fields of their variant', () => {
    // @ts-expect-error retryAfter is not a NotFound field
    notFound('x', { retryAfter: 5 })
    // @ts-expect-error allow is required for a 405
    methodNotAllowed()
    // @ts-expect-error the message is set by the first argument, not in fields
    notFound('x', { message: 'y' })
  })
})

describe('Either-first integration', () => {
  it('decodeInput gives Either<HttpError, A>; fromUnknown an HttpError', () => {
    const decode = decodeInput(t.type({ id: t.string }), 'query')
    expectTypeOf(decode).returns.toEqualTypeOf<E.Either<HttpError, { id: string }>>()
    expectTypeOf(fromUnknown).returns.toEqualTypeOf<HttpError>()
    expectTypeOf<Tag>().toEqualTypeOf<HttpError['_tag']>()
  })
})
