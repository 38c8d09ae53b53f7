/**
 * `HttpError`: application errors as plain, readonly data, discriminated by `_tag`.
 *
 * No `Error` subclass: creating an `HttpError` never captures a stack trace.
 *
 * @since 0.1.0
 */
import { codeOf, isErrorStatus, reason, type ErrorStatus } from './Status.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where in the request a validation issue was found.
 *
 * @category model
 * @since 0.1.0
 */
export type Location = 'body' | 'query' | 'path' | 'header' | 'cookie' | 'security'

/**
 * One validation failure: `path` is a JSON Pointer (RFC 6901) into the `location`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Issue {
  readonly path: string
  readonly message: string
  readonly location?: Location
  readonly expected?: string
}

/**
 * An authentication challenge (RFC 9110 §11.3), rendered into `WWW-Authenticate`:
 * `scheme` then either `token68` or `params` (values are quoted and escaped for you).
 *
 * @category model
 * @since 0.1.0
 */
export interface Challenge {
  readonly scheme: string
  readonly params?: Readonly<Record<string, string>>
  readonly token68?: string
}

/**
 * When to retry: delay in seconds, or an instant.
 *
 * @category model
 * @since 0.1.0
 */
export type RetryAfter = number | Date

/**
 * The fields every variant has. `cause` is for logs only and is never serialized.
 *
 * @category model
 * @since 0.1.0
 */
export interface Common {
  /** Human text for the client; masked on 5xx unless exposed. */
  readonly message: string
  /** Machine-readable code, e.g. `NOT_FOUND`; renamable by policy. */
  readonly code: string
  /** JSON-safe extra data for the client; masked with the message. */
  readonly details?: unknown
  /** Overrides the policy's masking for this error. */
  readonly expose?: boolean
  /**
   * Extra response headers (`Access-Control-Allow-Origin`, `Cache-Control`,
   * `Proxy-Authenticate` for a `custom(407)`, …). Values are cleaned like every header;
   * names the mapping manages itself (`content-type`, `content-length`, `vary`,
   * `www-authenticate`, `allow`, `retry-after`, `accept*`, …) are ignored.
   */
  readonly headers?: Readonly<Record<string, string>>
  /** Anything, for logs; never serialized. */
  readonly cause?: unknown
}

/** @category model @since 0.1.0 */
export interface BadRequest extends Common {
  readonly _tag: 'BadRequest'
  readonly issues?: ReadonlyArray<Issue>
}
/** @category model @since 0.1.0 */
export interface Unauthorized extends Common {
  readonly _tag: 'Unauthorized'
  /** Rendered into `WWW-Authenticate`; when absent, the policy's default challenges are sent. */
  readonly challenges?: ReadonlyArray<Challenge>
}
/** @category model @since 0.1.0 */
export interface Forbidden extends Common {
  readonly _tag: 'Forbidden'
}
/** @category model @since 0.1.0 */
export interface NotFound extends Common {
  readonly _tag: 'NotFound'
}
/** @category model @since 0.1.0 */
export interface MethodNotAllowed extends Common {
  readonly _tag: 'MethodNotAllowed'
  /** The methods the resource supports, rendered into `Allow` (may be empty). */
  readonly allow: ReadonlyArray<string>
}
/** @category model @since 0.1.0 */
export interface NotAcceptable extends Common {
  readonly _tag: 'NotAcceptable'
  readonly available?: ReadonlyArray<string>
}
/** @category model @since 0.1.0 */
export interface RequestTimeout extends Common {
  readonly _tag: 'RequestTimeout'
}
/** @category model @since 0.1.0 */
export interface Conflict extends Common {
  readonly _tag: 'Conflict'
}
/** @category model @since 0.1.0 */
export interface Gone extends Common {
  readonly _tag: 'Gone'
}
/** @category model @since 0.1.0 */
export interface PreconditionFailed extends Common {
  readonly _tag: 'PreconditionFailed'
}
/** @category model @since 0.1.0 */
export interface PayloadTooLarge extends Common {
  readonly _tag: 'PayloadTooLarge'
  /** The largest accepted size in bytes. */
  readonly limit?: number
  readonly retryAfter?: RetryAfter
}
/** @category model @since 0.1.0 */
export interface UriTooLong extends Common {
  readonly _tag: 'UriTooLong'
}
/** @category model @since 0.1.0 */
export interface UnsupportedMediaType extends Common {
  readonly _tag: 'UnsupportedMediaType'
  /** Supported media types: `Accept`, plus `Accept-Post`/`Accept-Patch` for POST/PATCH. */
  readonly accept?: ReadonlyArray<string>
}
/** @category model @since 0.1.0 */
export interface UnprocessableContent extends Common {
  readonly _tag: 'UnprocessableContent'
  readonly issues: ReadonlyArray<Issue>
}
/** @category model @since 0.1.0 */
export interface TooManyRequests extends Common {
  readonly _tag: 'TooManyRequests'
  readonly retryAfter?: RetryAfter
}
/** @category model @since 0.1.0 */
export interface HeaderFieldsTooLarge extends Common {
  readonly _tag: 'HeaderFieldsTooLarge'
}
/** @category model @since 0.1.0 */
export interface Internal extends Common {
  readonly _tag: 'Internal'
}
/** The NDC spec's "Not Supported". @category model @since 0.1.0 */
export interface NotImplemented extends Common {
  readonly _tag: 'NotImplemented'
}
/** An upstream gave an invalid answer. @category model @since 0.1.0 */
export interface BadGateway extends Common {
  readonly _tag: 'BadGateway'
}
/** Not ready yet, overloaded or in maintenance. @category model @since 0.1.0 */
export interface ServiceUnavailable extends Common {
  readonly _tag: 'ServiceUnavailable'
  readonly retryAfter?: RetryAfter
}
/** An upstream was unreachable or too slow. @category model @since 0.1.0 */
export interface GatewayTimeout extends Common {
  readonly _tag: 'GatewayTimeout'
}
/** Any other 400–599 status (402, 418, 423, …). @category model @since 0.1.0 */
export interface Custom extends Common {
  readonly _tag: 'Custom'
  readonly status: ErrorStatus
}

/**
 * An error an HTTP response can report.
 *
 * @category model
 * @since 0.1.0
 */
export type HttpError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | MethodNotAllowed
  | NotAcceptable
  | RequestTimeout
  | Conflict
  | Gone
  | PreconditionFailed
  | PayloadTooLarge
  | UriTooLong
  | UnsupportedMediaType
  | UnprocessableContent
  | TooManyRequests
  | HeaderFieldsTooLarge
  | Internal
  | NotImplemented
  | BadGateway
  | ServiceUnavailable
  | GatewayTimeout
  | Custom

/**
 * The variant names.
 *
 * @category model
 * @since 0.1.0
 */
export type Tag = HttpError['_tag']

/**
 * The variant with tag `T`.
 *
 * @category model
 * @since 0.1.0
 */
export type Variant<T extends Tag> = Extract<HttpError, { readonly _tag: T }>

/**
 * The optional fields a constructor takes after the message.
 *
 * @category model
 * @since 0.1.0
 */
export type Fields<E extends HttpError> = Partial<Omit<E, '_tag' | 'message'>>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Each variant's default status and code. A `Record` over `Tag`: a new variant that is
 * missing here does not compile.
 *
 * @category utils
 * @since 0.1.0
 */
export const defaults: {
  readonly [T in Tag]: { readonly status: ErrorStatus; readonly code: string }
} = {
  BadRequest: { status: 400, code: 'BAD_REQUEST' },
  Unauthorized: { status: 401, code: 'UNAUTHORIZED' },
  Forbidden: { status: 403, code: 'FORBIDDEN' },
  NotFound: { status: 404, code: 'NOT_FOUND' },
  MethodNotAllowed: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  NotAcceptable: { status: 406, code: 'NOT_ACCEPTABLE' },
  RequestTimeout: { status: 408, code: 'REQUEST_TIMEOUT' },
  Conflict: { status: 409, code: 'CONFLICT' },
  Gone: { status: 410, code: 'GONE' },
  PreconditionFailed: { status: 412, code: 'PRECONDITION_FAILED' },
  PayloadTooLarge: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  UriTooLong: { status: 414, code: 'URI_TOO_LONG' },
  UnsupportedMediaType: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  UnprocessableContent: { status: 422, code: 'UNPROCESSABLE_CONTENT' },
  TooManyRequests: { status: 429, code: 'TOO_MANY_REQUESTS' },
  HeaderFieldsTooLarge: { status: 431, code: 'HEADER_FIELDS_TOO_LARGE' },
  Internal: { status: 500, code: 'INTERNAL_SERVER_ERROR' },
  NotImplemented: { status: 501, code: 'NOT_IMPLEMENTED' },
  BadGateway: { status: 502, code: 'BAD_GATEWAY' },
  ServiceUnavailable: { status: 503, code: 'SERVICE_UNAVAILABLE' },
  GatewayTimeout: { status: 504, code: 'GATEWAY_TIMEOUT' },
  Custom: { status: 500, code: 'INTERNAL_SERVER_ERROR' },
}

/**
 * Every tag, in declaration order.
 *
 * @category utils
 * @since 0.1.0
 */
export const tags = Object.keys(defaults) as ReadonlyArray<Tag>

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
  e._tag === 'Custom' ? (isErrorStatus(e.status) ? e.status : 500) : defaults[e._tag].status

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const make =
  <T extends Exclude<Tag, 'Custom'>>(tag: T) =>
  (message?: string, fields?: Fields<Variant<T>>): Variant<T> =>
    // No spread when there are no fields: the common error costs one small object.
    (fields === undefined
      ? { _tag: tag, message: message ?? reason(defaults[tag].status), code: defaults[tag].code }
      : {
          _tag: tag,
          message: message ?? reason(defaults[tag].status),
          ...fields,
          code: fields.code ?? defaults[tag].code,
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
/** 413. @category constructors @since 0.1.0 */
export const payloadTooLarge = /* @__PURE__ */ make('PayloadTooLarge')
/** 414. @category constructors @since 0.1.0 */
export const uriTooLong = /* @__PURE__ */ make('UriTooLong')
/** 415. @category constructors @since 0.1.0 */
export const unsupportedMediaType = /* @__PURE__ */ make('UnsupportedMediaType')
/** 429. @category constructors @since 0.1.0 */
export const tooManyRequests = /* @__PURE__ */ make('TooManyRequests')
/** 431. @category constructors @since 0.1.0 */
export const headerFieldsTooLarge = /* @__PURE__ */ make('HeaderFieldsTooLarge')
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
      message: message ?? reason(defaults[tag].status),
      ...fields,
      [key]: value,
      code: (fields as Fields<Variant<T>> | undefined)?.code ?? defaults[tag].code,
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
  return (
    typeof e._tag === 'string' &&
    Object.prototype.hasOwnProperty.call(defaults, e._tag) &&
    typeof e.message === 'string' &&
    typeof e.code === 'string'
  )
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
 * The exhaustive destructor: a handler per variant, none optional. A new variant breaks
 * compilation wherever it is not handled.
 *
 * @example
 * import { match, notFound } from 'errmap'
 * import { pipe } from 'fp-ts/function'
 * const retryable = match({
 *   BadRequest: () => false, Unauthorized: () => false, Forbidden: () => false,
 *   NotFound: () => false, MethodNotAllowed: () => false, NotAcceptable: () => false,
 *   RequestTimeout: () => true, Conflict: () => false, Gone: () => false,
 *   PreconditionFailed: () => false, PayloadTooLarge: () => false, UriTooLong: () => false,
 *   UnsupportedMediaType: () => false, UnprocessableContent: () => false,
 *   TooManyRequests: () => true, HeaderFieldsTooLarge: () => false, Internal: () => true,
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
  (e: HttpError): R => {
    switch (e._tag) {
      case 'BadRequest':
        return cases.BadRequest(e)
      case 'Unauthorized':
        return cases.Unauthorized(e)
      case 'Forbidden':
        return cases.Forbidden(e)
      case 'NotFound':
        return cases.NotFound(e)
      case 'MethodNotAllowed':
        return cases.MethodNotAllowed(e)
      case 'NotAcceptable':
        return cases.NotAcceptable(e)
      case 'RequestTimeout':
        return cases.RequestTimeout(e)
      case 'Conflict':
        return cases.Conflict(e)
      case 'Gone':
        return cases.Gone(e)
      case 'PreconditionFailed':
        return cases.PreconditionFailed(e)
      case 'PayloadTooLarge':
        return cases.PayloadTooLarge(e)
      case 'UriTooLong':
        return cases.UriTooLong(e)
      case 'UnsupportedMediaType':
        return cases.UnsupportedMediaType(e)
      case 'UnprocessableContent':
        return cases.UnprocessableContent(e)
      case 'TooManyRequests':
        return cases.TooManyRequests(e)
      case 'HeaderFieldsTooLarge':
        return cases.HeaderFieldsTooLarge(e)
      case 'Internal':
        return cases.Internal(e)
      case 'NotImplemented':
        return cases.NotImplemented(e)
      case 'BadGateway':
        return cases.BadGateway(e)
      case 'ServiceUnavailable':
        return cases.ServiceUnavailable(e)
      case 'GatewayTimeout':
        return cases.GatewayTimeout(e)
      case 'Custom':
        return cases.Custom(e)
    }
  }

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * A copy with another code, data-last.
 *
 * @example
 * import { notFound, withCode } from 'errmap'
 * import { pipe } from 'fp-ts/function'
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
