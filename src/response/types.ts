/**
 * The contract between the core and every adapter: the facts of a request that shape an
 * error response, and a response as plain data.
 *
 * @since 0.2.0
 */
import type { ResponseHeaders } from '../internal/headers.js'
import type { ErrorStatus } from '../model/Status.js'

export type { ResponseHeaders }

/**
 * The facts of the request that shape an error response. Nothing else of the request
 * is needed.
 *
 * @category model
 * @since 0.1.0
 */
export interface RequestFacts {
  /** The `Accept` header, if any. */
  readonly accept?: string | undefined
  /**
   * The method, upper case: `POST`/`PATCH` pick `Accept-Post`/`Accept-Patch`. For `HEAD`,
   * `toResponse` still returns the body (and its `content-length`); the adapters send none.
   */
  readonly method?: string | undefined
  /** Put in the body so that a masked 500 can be found in the logs. */
  readonly requestId?: string | undefined
  /** A URI reference for this occurrence: problem+json's `instance`. */
  readonly instance?: string | undefined
  /**
   * The W3C Trace Context trace id (32 lower-case hex digits, not all zeros), put in the
   * body as `traceId`; any other value is ignored. Adapters read it from `traceparent` when
   * the policy's `trace` is on.
   */
  readonly traceId?: string | undefined
  /** The `Accept-Language` header, if any: read when the policy has `messages`. */
  readonly acceptLanguage?: string | undefined
}

/**
 * A response as plain data: what every adapter writes. Error responses are the 4xx/5xx
 * case; `errmap/graphql` also produces 2xx ones.
 *
 * @category model
 * @since 0.1.0
 */
export interface HttpResponse {
  readonly status: number
  /** Lower-case names. */
  readonly headers: ResponseHeaders
  /** Already serialized. Adapters send none on `HEAD` but keep `content-length`. */
  readonly body: string
}

/**
 * An error response: `toResponse`'s result, with always `content-type`,
 * `content-length` and `x-content-type-options`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ErrorResponse extends HttpResponse {
  readonly status: ErrorStatus
}
