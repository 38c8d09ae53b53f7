/**
 * Constructors, refinements, the exhaustive destructor `match` and combinators of
 * `HttpError`. Defaults come from the variant table.
 *
 * @since 0.1.0
 */
import type { Custom, Fields, HttpError, Tag, Variant } from './HttpError.js'
import { codeOf, isErrorStatus, reason, type ErrorStatus } from './Status.js'
import { isTag, variants } from './variants.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * An error's default status: its variant's, or a `Custom` error's own (500 when that is
 * not an integer in 400–599). Policies may remap it: see `statusUnder`.
 *
 * @example
 * import { status, notFound, custom } from 'errmap'
 * assert.strictEqual(status(notFound()), 404)
 * assert.strictEqual(status(custom(418)), 418)
 *
 * @category utils
 * @since 0.1.0
 */
export const status = (e: HttpError): ErrorStatus =>
  e._tag === 'Custom' ? (isErrorStatus(e.status) ? e.status : 500) : variants[e._tag].status

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const make =
  <T extends Exclude<Tag, 'Custom'>>(tag: T) =>
  (message?: string, fields?: Fields<Variant<T>>): Variant<T> =>
    // No spread when there are no fields: the common error costs one small object.
    (fields === undefined
      ? { _tag: tag, message: message ?? reason(variants[tag].status), code: variants[tag].code }
      : {
          _tag: tag,
          message: message ?? reason(variants[tag].status),
          ...fields,
          code: fields.code ?? variants[tag].code,
        }) as Variant<T>

/**
 * 400.
 *
 * @example
 * import { badRequest } from 'errmap'
 * assert.strictEqual(badRequest('bad id').code, 'BAD_REQUEST')
 *
 * @category constructors
 * @since 0.1.0
 */
export const badRequest = /* @__PURE__ */ make('BadRequest')
/**
 * 401; without `challenges` the policy's default challenge is sent.
 *
 * @example
 * import { unauthorized, toResponse } from 'errmap'
 * const r = toResponse(unauthorized('token expired', { challenges: [{ scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } }] }))
 * assert.strictEqual(r.headers['www-authenticate'], 'Bearer realm="api", error="invalid_token"')
 *
 * @category constructors
 * @since 0.1.0
 */
export const unauthorized = /* @__PURE__ */ make('Unauthorized')
/** 403. @category constructors @since 0.1.0 */
export const forbidden = /* @__PURE__ */ make('Forbidden')
/**
 * 404.
 *
 * @example
 * import { notFound, status } from 'errmap'
 * assert.strictEqual(status(notFound('no user 42')), 404)
 *
 * @category constructors
 * @since 0.1.0
 */
export const notFound = /* @__PURE__ */ make('NotFound')
/** 406. @category constructors @since 0.1.0 */
export const notAcceptable = /* @__PURE__ */ make('NotAcceptable')
/** 408. @category constructors @since 0.1.0 */
export const requestTimeout = /* @__PURE__ */ make('RequestTimeout')
/** 409. @category constructors @since 0.1.0 */
export const conflict = /* @__PURE__ */ make('Conflict')
/** 410. @category constructors @since 0.1.0 */
export const gone = /* @__PURE__ */ make('Gone')
/** 412. @category constructors @since 0.1.0 */
export const preconditionFailed = /* @__PURE__ */ make('PreconditionFailed')
/** 413 (0.1: `payloadTooLarge`). @category constructors @since 0.2.0 */
export const contentTooLarge = /* @__PURE__ */ make('ContentTooLarge')
/** 414. @category constructors @since 0.1.0 */
export const uriTooLong = /* @__PURE__ */ make('UriTooLong')
/** 415. @category constructors @since 0.1.0 */
export const unsupportedMediaType = /* @__PURE__ */ make('UnsupportedMediaType')
/** 429. @category constructors @since 0.1.0 */
export const tooManyRequests = /* @__PURE__ */ make('TooManyRequests')
/** 431 (0.1: `headerFieldsTooLarge`). @category constructors @since 0.2.0 */
export const requestHeaderFieldsTooLarge = /* @__PURE__ */ make('RequestHeaderFieldsTooLarge')
/** 500; its message is masked unless exposed. @category constructors @since 0.1.0 */
export const internal = /* @__PURE__ */ make('Internal')
/** 501. @category constructors @since 0.1.0 */
export const notImplemented = /* @__PURE__ */ make('NotImplemented')
/** 502. @category constructors @since 0.1.0 */
export const badGateway = /* @__PURE__ */ make('BadGateway')
/** 503. @category constructors @since 0.1.0 */
export const serviceUnavailable = /* @__PURE__ */ make('ServiceUnavailable')
/** 504. @category constructors @since 0.1.0 */
export const gatewayTimeout = /* @__PURE__ */ make('GatewayTimeout')

const makeWith =
  <T extends Exclude<Tag, 'Custom'>, K extends keyof Variant<T>>(tag: T, key: K) =>
  (value: Variant<T>[K], message?: string, fields?: Omit<Fields<Variant<T>>, K>): Variant<T> =>
    ({
      _tag: tag,
      message: message ?? reason(variants[tag].status),
      ...fields,
      [key]: value,
      code: (fields as Fields<Variant<T>> | undefined)?.code ?? variants[tag].code,
    }) as Variant<T>

/**
 * 405, listing the methods the resource supports in `Allow`.
 *
 * @example
 * import { methodNotAllowed, toResponse } from 'errmap'
 * assert.strictEqual(toResponse(methodNotAllowed(['GET', 'HEAD'])).headers.allow, 'GET, HEAD')
 *
 * @category constructors
 * @since 0.1.0
 */
export const methodNotAllowed = /* @__PURE__ */ makeWith('MethodNotAllowed', 'allow')
/**
 * 422 with the validation issues found.
 *
 * @example
 * import { unprocessableContent } from 'errmap'
 * const e = unprocessableContent([{ path: '/age', message: 'must be a number', location: 'body' }])
 * assert.strictEqual(e.issues.length, 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const unprocessableContent = /* @__PURE__ */ makeWith('UnprocessableContent', 'issues')

/**
 * Any 400–599 status the union does not model. Its code defaults to the status' reason
 * phrase (`PAYMENT_REQUIRED`).
 *
 * @example
 * import { custom, status } from 'errmap'
 * assert.strictEqual(status(custom(402)), 402)
 *
 * @category constructors
 * @since 0.1.0
 */
export const custom = (
  status: ErrorStatus,
  message?: string,
  fields?: Omit<Fields<Custom>, 'status'>,
): Custom => ({
  _tag: 'Custom',
  // A status outside 400–599 (from untyped code) is answered as a 500: describe it as one.
  message: message ?? reason(isErrorStatus(status) ? status : 500),
  ...fields,
  status,
  code: fields?.code ?? codeOf(isErrorStatus(status) ? status : 500),
})

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * `true` for a value built as an `HttpError`: an object with a known `_tag` and a
 * string `message` and `code`. Reading a hostile value may throw; see `fromUnknown`.
 *
 * @example
 * import { isHttpError, notFound } from 'errmap'
 * assert.strictEqual(isHttpError(notFound()), true)
 * assert.strictEqual(isHttpError(new Error('x')), false)
 *
 * @category refinements
 * @since 0.1.0
 */
export const isHttpError = (u: unknown): u is HttpError => {
  if (typeof u !== 'object' || u === null) return false
  const e = u as { readonly _tag?: unknown; readonly message?: unknown; readonly code?: unknown }
  return isTag(e._tag) && typeof e.message === 'string' && typeof e.code === 'string'
}

/**
 * A refinement for one variant.
 *
 * @example
 * import { is, notFound } from 'errmap'
 * assert.strictEqual(is('NotFound')(notFound()), true)
 *
 * @category refinements
 * @since 0.1.0
 */
export const is =
  <T extends Tag>(tag: T) =>
  (e: HttpError): e is Variant<T> =>
    e._tag === tag

// -------------------------------------------------------------------------------------
// pattern matching
// -------------------------------------------------------------------------------------

/**
 * The handlers `match` needs: one per variant, each given that variant.
 *
 * @category pattern matching
 * @since 0.1.0
 */
export type Cases<R> = { readonly [T in Tag]: (e: Variant<T>) => R }

/**
 * The exhaustive destructor: a handler per variant, none optional (`Cases` is a `Record`
 * over the tags). A new variant breaks compilation wherever it is not handled.
 *
 * @example
 * import { match, notFound } from 'errmap'
 * import { pipe } from 'fp-ts/lib/function.js'
 * const retryable = match({
 *   BadRequest: () => false, Unauthorized: () => false, Forbidden: () => false,
 *   NotFound: () => false, MethodNotAllowed: () => false, NotAcceptable: () => false,
 *   RequestTimeout: () => true, Conflict: () => false, Gone: () => false,
 *   PreconditionFailed: () => false, ContentTooLarge: () => false, UriTooLong: () => false,
 *   UnsupportedMediaType: () => false, UnprocessableContent: () => false,
 *   TooManyRequests: () => true, RequestHeaderFieldsTooLarge: () => false, Internal: () => true,
 *   NotImplemented: () => false, BadGateway: () => true, ServiceUnavailable: () => true,
 *   GatewayTimeout: () => true, Custom: (e) => e.status >= 500,
 * })
 * assert.strictEqual(pipe(notFound(), retryable), false)
 *
 * @category pattern matching
 * @since 0.1.0
 */
export const match =
  <R>(cases: Cases<R>) =>
  (e: HttpError): R =>
    (cases[e._tag] as (e: HttpError) => R)(e)

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * A copy with another code, data-last.
 *
 * @example
 * import { notFound, withCode } from 'errmap'
 * import { pipe } from 'fp-ts/lib/function.js'
 * assert.strictEqual(pipe(notFound(), withCode('USER_NOT_FOUND')).code, 'USER_NOT_FOUND')
 *
 * @category combinators
 * @since 0.1.0
 */
export const withCode =
  (code: string) =>
  <E extends HttpError>(e: E): E => ({ ...e, code })

/**
 * A copy with a cause attached, for logs (never serialized).
 *
 * @category combinators
 * @since 0.1.0
 */
export const withCause =
  (cause: unknown) =>
  <E extends HttpError>(e: E): E => ({ ...e, cause })

/**
 * The error as a real `Error`, for code that must throw one: Hono's `onError` sees only
 * `Error`s, and typed ESLint's `only-throw-error` allows only them. It is the same
 * `HttpError` (every field copied; `name` is the tag), so `fromUnknown` and every
 * adapter answer it exactly as the plain value. The stack is captured here, when you
 * choose to throw; the plain values errmap builds never capture one.
 *
 * @example
 * import { conflict, fromUnknown, isHttpError, toError } from 'errmap'
 * const thrown = toError(conflict('email taken'))
 * assert.ok(thrown instanceof Error)
 * assert.strictEqual(thrown.name, 'Conflict')
 * assert.ok(isHttpError(thrown))
 * assert.strictEqual(fromUnknown(thrown).message, 'email taken')
 *
 * @category conversions
 * @since 0.2.0
 */
export const toError = <E extends HttpError>(e: E): E & Error =>
  Object.assign(new Error(e.message), e, { name: e._tag as string })
