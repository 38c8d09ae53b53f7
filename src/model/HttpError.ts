/**
 * `HttpError`: application errors as plain, readonly data, discriminated by `_tag` — the
 * types. What each variant means (status, code, own headers and details) is in
 * `variants.ts`; constructors and `match` in `errors.ts`.
 *
 * No `Error` subclass: creating an `HttpError` never captures a stack trace.
 *
 * @since 0.1.0
 */
import type { ErrorStatus } from './Status.js'

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
 * A rate-limit quota policy and what is left of it, for the `RateLimit-Policy` and
 * `RateLimit` fields of the IETF draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers-11). `limit`, `unit`, `window` and
 * `partitionKey` describe the policy (`RateLimit-Policy`: `q`, `qu`, `w`, `pk`);
 * `remaining`, `reset` and `partitionKey` its current state (`RateLimit`: `r`, `t`, `pk`),
 * so `unit` and `window` are sent with a `limit`, `reset` with `remaining`. A quota needs
 * `limit` or `remaining`. Numbers are non-negative integers of at most 15 digits; texts
 * are printable ASCII (at most 256 characters); what is not is left out. Only a 429 or a
 * 503 sends them; a client reads them back with `errmap/client`'s `quotasOf`.
 *
 * @example
 * import { toResponse, tooManyRequests } from 'errmap'
 * const quota = { policy: 'hourly', limit: 100, remaining: 0, reset: 60, window: 3600 }
 * const r = toResponse(tooManyRequests('Slow down.', { quota }))
 * assert.strictEqual(r.headers['ratelimit'], '"hourly";r=0;t=60')
 * assert.strictEqual(r.headers['ratelimit-policy'], '"hourly";q=100;w=3600')
 *
 * @category model
 * @since 0.2.0
 */
export interface Quota {
  /** The policy's name, e.g. `"hourly"`: each policy once (compared case-insensitively). */
  readonly policy: string
  /** The quota the policy allocates, in quota units (`q`). */
  readonly limit?: number
  /** The quota still available now (`r`). */
  readonly remaining?: number
  /** Seconds within which the client can use no more than `remaining` (`t`). */
  readonly reset?: number
  /** The policy's time window in seconds, at least 1 (`w`). */
  readonly window?: number
  /** The quota unit: `requests` (the default), `content-bytes`, `concurrent-requests` (`qu`). */
  readonly unit?: string
  /** The partition the quota is counted in (`pk`), sent as the bytes of its text. */
  readonly partitionKey?: string
}

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
export interface ContentTooLarge extends Common {
  readonly _tag: 'ContentTooLarge'
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
  /** Rendered into `RateLimit` and `RateLimit-Policy`. @since 0.2.0 */
  readonly quota?: Quota | ReadonlyArray<Quota>
}
/** @category model @since 0.1.0 */
export interface RequestHeaderFieldsTooLarge extends Common {
  readonly _tag: 'RequestHeaderFieldsTooLarge'
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
  /** Rendered into `RateLimit` and `RateLimit-Policy` (a temporarily reduced capacity). @since 0.2.0 */
  readonly quota?: Quota | ReadonlyArray<Quota>
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
  | ContentTooLarge
  | UriTooLong
  | UnsupportedMediaType
  | UnprocessableContent
  | TooManyRequests
  | RequestHeaderFieldsTooLarge
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

/**
 * The fields a variant has beyond the common ones (`allow` of a 405, `retryAfter` of a
 * 429, `status` of a `Custom`).
 *
 * @category model
 * @since 0.2.0
 */
export type Own<T extends Tag> = Omit<Variant<T>, keyof Common | '_tag'>
