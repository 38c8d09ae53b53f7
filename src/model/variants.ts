/**
 * The variant table: everything errmap knows about each variant, in one `Record` over the
 * tags — its default status and code, its place in an HTTP server's decision flow, how
 * its own fields are read from a value errmap did not build, which headers and body
 * details they become, and how they are read back from a response's headers. Every other
 * per-variant behaviour (constructors' defaults, snapshots, header collection, details,
 * `fromStatus`, the client's decoding, the default priority, `errmap/graphql`) is derived
 * from it: a new variant that is missing here does not compile.
 *
 * @since 0.2.0
 */
import {
  addAccept,
  addAllow,
  addChallenges,
  addQuotas,
  addRetryAfter,
  type Collected,
} from '../internal/headers.js'
import { commaList, parseChallenge, parseRetryAfter } from '../internal/parse.js'
import * as read from '../internal/read.js'
import type { Challenge, Own, Quota, RetryAfter, Tag, Variant } from './HttpError.js'
import { isErrorStatus, type ErrorStatus } from './Status.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the headers of an error may depend on besides the error.
 *
 * @category model
 * @since 0.2.0
 */
export interface HeaderContext {
  /** The policy's challenges for a 401 that names none. */
  readonly challenges: ReadonlyArray<Challenge>
  /** The clock, to compare a `Retry-After` delay with a date. */
  readonly now: () => number
}

/**
 * One variant's entry in the table.
 *
 * @category model
 * @since 0.2.0
 */
export interface Spec<T extends Tag> {
  /** The default status (a `Custom` error carries its own). */
  readonly status: ErrorStatus
  /** The default code: the status' reason phrase in `UPPER_SNAKE_CASE` (RFC 9110). */
  readonly code: string
  /**
   * Where the check that fails with this variant stands in an HTTP server's decision flow
   * (Webmachine's diagram), earlier first, within its class (4xx, 5xx); `undefined` for none.
   */
  readonly flow: number | undefined
  /**
   * A reader per own field: from what a value errmap did not build holds in that field
   * (read once), the field's value, or `undefined` to leave an optional field out.
   */
  readonly read: { readonly [K in keyof Own<T>]-?: (u: unknown) => Own<T>[K] }
  /** Adds the headers its own fields oblige. */
  readonly headers?: (e: Variant<T>, acc: Collected, ctx: HeaderContext) => void
  /** What its own fields say in the body when the error has no `details`. */
  readonly details?: (e: Variant<T>) => unknown
  /**
   * Its own fields, read back from a response's headers (`header` gives a header by its
   * lower-case name) and status: the inverse of `headers` (a 429's or 503's quotas
   * excepted: `errmap/client`'s `quotasOf` reads those).
   */
  readonly fromHeaders: (
    header: (name: string) => string | undefined,
    status: ErrorStatus,
  ) => Own<T>
}

/**
 * The table's type: an entry for every tag.
 *
 * @category model
 * @since 0.2.0
 */
export type Variants = { readonly [T in Tag]: Spec<T> }

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

// The variants with no own field: only their status, code and place in the flow.
type Plain = { [T in Tag]: keyof Own<T> extends never ? T : never }[Tag]

const none = {}
const plain = <T extends Plain>(status: ErrorStatus, code: string, flow: number): Spec<T> => ({
  status,
  code,
  flow,
  read: none as Spec<T>['read'],
  fromHeaders: () => none as Own<T>,
})

const retrying = (
  e: { readonly retryAfter?: RetryAfter | undefined },
  acc: Collected,
  ctx: HeaderContext,
): void => addRetryAfter(acc, e.retryAfter, ctx.now)

// A temporary condition: when to retry (RFC 9110 §10.2.3), and the quotas it is about
// (`RateLimit-Policy` and `RateLimit`, draft-ietf-httpapi-ratelimit-headers-11).
const temporary = <T extends 'TooManyRequests' | 'ServiceUnavailable'>(
  status: ErrorStatus,
  code: string,
  flow: number,
): Spec<T> => ({
  status,
  code,
  flow,
  read: { retryAfter: read.retryAfter, quota: read.quotas } as Spec<T>['read'],
  headers: (
    e: {
      readonly retryAfter?: RetryAfter | undefined
      readonly quota?: Quota | ReadonlyArray<Quota> | undefined
    },
    acc,
    ctx,
  ) => {
    retrying(e, acc, ctx)
    addQuotas(acc, e.quota)
  },
  // Quotas are read back by `errmap/client`'s `quotasOf`: a server never needs to.
  fromHeaders: (h) => defined({ retryAfter: parseRetryAfter(h('retry-after')) }) as Own<T>,
})

// Own fields from headers, leaving out those that are absent.
const defined = <O extends object>(o: O): O => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as O
}

/**
 * The variant table.
 *
 * @category instances
 * @since 0.2.0
 */
export const variants: Variants = {
  BadRequest: {
    status: 400,
    code: 'BAD_REQUEST',
    flow: 5,
    read: { issues: read.issues },
    fromHeaders: () => ({}),
  },
  Unauthorized: {
    status: 401,
    code: 'UNAUTHORIZED',
    flow: 6,
    read: { challenges: read.challenges },
    headers: (e, acc, ctx) => {
      // RFC 9110 §11.6.1: a 401 always carries a challenge.
      if ((e.challenges === undefined ? 0 : addChallenges(acc, e.challenges)) > 0) return
      if (addChallenges(acc, ctx.challenges) === 0) addChallenges(acc, [{ scheme: 'Bearer' }])
    },
    fromHeaders: (h) => defined({ challenges: parseChallenge(h('www-authenticate')) }),
  },
  Forbidden: plain(403, 'FORBIDDEN', 7),
  NotFound: plain(404, 'NOT_FOUND', 11),
  MethodNotAllowed: {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    flow: 4,
    read: { allow: (u) => read.strings(u) ?? [] },
    headers: (e, acc) => addAllow(acc, e.allow),
    fromHeaders: (h) => ({ allow: commaList(h('allow')) ?? [] }),
  },
  NotAcceptable: {
    status: 406,
    code: 'NOT_ACCEPTABLE',
    flow: 10,
    read: { available: read.strings },
    // The representations a 406 could send (RFC 9110 §15.5.7).
    details: (e) => (e.available === undefined ? undefined : { available: e.available }),
    fromHeaders: () => ({}),
  },
  RequestTimeout: plain(408, 'REQUEST_TIMEOUT', 0),
  Conflict: plain(409, 'CONFLICT', 15),
  Gone: plain(410, 'GONE', 12),
  PreconditionFailed: plain(412, 'PRECONDITION_FAILED', 13),
  ContentTooLarge: {
    status: 413,
    code: 'CONTENT_TOO_LARGE',
    flow: 9,
    read: { limit: read.size, retryAfter: read.retryAfter },
    headers: retrying,
    details: (e) => (e.limit === undefined ? undefined : { limit: e.limit }),
    fromHeaders: (h) => defined({ retryAfter: parseRetryAfter(h('retry-after')) }),
  },
  UriTooLong: plain(414, 'URI_TOO_LONG', 2),
  UnsupportedMediaType: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    flow: 8,
    read: { accept: read.strings },
    headers: (e, acc) => {
      if (e.accept !== undefined) addAccept(acc, e.accept)
    },
    fromHeaders: (h) => defined({ accept: commaList(h('accept')) }),
  },
  UnprocessableContent: {
    status: 422,
    code: 'UNPROCESSABLE_CONTENT',
    flow: 14,
    read: { issues: (u) => read.issues(u) ?? [] },
    fromHeaders: () => ({ issues: [] }),
  },
  TooManyRequests: temporary(429, 'TOO_MANY_REQUESTS', 3),
  RequestHeaderFieldsTooLarge: plain(431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 1),
  Internal: plain(500, 'INTERNAL_SERVER_ERROR', 4),
  NotImplemented: plain(501, 'NOT_IMPLEMENTED', 1),
  BadGateway: plain(502, 'BAD_GATEWAY', 3),
  ServiceUnavailable: temporary(503, 'SERVICE_UNAVAILABLE', 0),
  GatewayTimeout: plain(504, 'GATEWAY_TIMEOUT', 2),
  Custom: {
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    flow: undefined,
    // A status outside 400–599 (from untyped code) is answered as a 500.
    read: { status: (u) => (isErrorStatus(u) ? u : 500) },
    fromHeaders: (_, status) => ({ status }),
  },
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Every tag, in the table's order.
 *
 * @category utils
 * @since 0.1.0
 */
export const tags = Object.keys(variants) as ReadonlyArray<Tag>

/**
 * The variant a status names (`Custom` for a status no variant has).
 *
 * @example
 * import { tagOf } from 'errmap'
 * assert.strictEqual(tagOf(404), 'NotFound')
 * assert.strictEqual(tagOf(418), 'Custom')
 *
 * @category utils
 * @since 0.2.0
 */
export const tagOf = (status: ErrorStatus): Tag => byStatus.get(status) ?? 'Custom'

const byStatus = new Map<number, Tag>()
for (const tag of tags) if (tag !== 'Custom') byStatus.set(variants[tag].status, tag)

/**
 * Whether a tag is one of errmap's (not a key of `Object.prototype`).
 *
 * @internal
 */
export const isTag = (u: unknown): u is Tag =>
  typeof u === 'string' && Object.prototype.hasOwnProperty.call(variants, u)

/** The spec of a tag, widened for generic code over any variant. @internal */
export const specOf = (tag: Tag): Spec<Tag> => variants[tag] as unknown as Spec<Tag>

const byCode = new Map<string, ErrorStatus>()
for (const tag of tags) if (tag !== 'Custom') byCode.set(variants[tag].code, variants[tag].status)

/**
 * The status a code names by default (`NOT_FOUND` → 404), for a body that carries no
 * status per error.
 *
 * @internal
 */
export const statusOfCode = (code: string): ErrorStatus | undefined => byCode.get(code)
