/**
 * `toResponse`: one error or several, the request's facts and a policy in; the exact
 * response out, as plain data — the single contract between the core and every adapter.
 *
 * @since 0.1.0
 */
import { encode, type Format, type Report, type View } from './Body.js'
import {
  clean,
  collect,
  collectRetryAfter,
  empty,
  render,
  type Collected,
  type ResponseHeaders,
} from './Headers.js'
import { unauthorized, type HttpError, type Tag } from './HttpError.js'
import { byteLength } from './Json.js'
import { MAX_ACCEPT_LENGTH, negotiate } from './Negotiate.js'
import { defaultPolicy, statusIn, viewUnder, type Policy } from './Policy.js'
import type { Ranked } from './Priority.js'
import type { ErrorStatus } from './Status.js'
import { fromUnknown } from './Unknown.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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
  /** The method, upper case (`HEAD` answers with no body; `POST`/`PATCH` pick `Accept-Post`/`Accept-Patch`). */
  readonly method?: string | undefined
  /** Put in the body so that a masked 500 can be found in the logs. */
  readonly requestId?: string | undefined
  /** A URI reference for this occurrence: problem+json's `instance`. */
  readonly instance?: string | undefined
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

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// What a list of formats needs on every call, computed once per list: media types,
// Content-Type values, and the answers of past negotiations (browsers send a handful of
// distinct Accept headers; the cache is bounded and starts over when full).
interface Compiled {
  readonly mediaTypes: ReadonlyArray<string>
  readonly contentTypes: ReadonlyArray<string>
  readonly chosen: Map<string, number>
}

const compiledFormats = new WeakMap<ReadonlyArray<Format>, Compiled>()
const maxCachedAccepts = 64

const compile = (formats: ReadonlyArray<Format>): Compiled => {
  let c = compiledFormats.get(formats)
  if (c === undefined) {
    const mediaTypes = formats.map((f) => f.mediaType)
    // A user format's media type is user data: no CR, LF or NUL in a header.
    const contentTypes = mediaTypes.map((m) => clean(m) + '; charset=utf-8')
    c = { mediaTypes, contentTypes, chosen: new Map() }
    compiledFormats.set(formats, c)
  }
  return c
}

const choose = (c: Compiled, accept: string | undefined): number => {
  if (c.mediaTypes.length === 1 || typeof accept !== 'string') return 0
  // negotiate reads no further than MAX_ACCEPT_LENGTH (one more tells it the header was
  // cut): a longer key would only keep a hostile header alive in the cache.
  const key =
    accept.length > MAX_ACCEPT_LENGTH + 1 ? accept.slice(0, MAX_ACCEPT_LENGTH + 1) : accept
  let i = c.chosen.get(key)
  if (i === undefined) {
    i = negotiate(accept, c.mediaTypes)
    // An error response is never a 406: nothing acceptable means the default format.
    if (i < 0) i = 0
    if (c.chosen.size >= maxCachedAccepts) c.chosen.clear()
    c.chosen.set(key, i)
  }
  return i
}

const rank = (p: Policy, u: unknown): Ranked => {
  const error = fromUnknown(u)
  return { error, status: statusIn(p, error) }
}

// Statuses whose condition is temporary: they may say when to retry (RFC 9110 §10.2.3).
const retryable = (s: ErrorStatus): boolean => s === 503 || s === 429 || s === 413

// The variants whose own fields become headers (`collect` renders them): a Record over
// every tag, so a new variant must say.
const ownHeaders: { readonly [T in Tag]: boolean } = {
  BadRequest: false,
  Unauthorized: true,
  Forbidden: false,
  NotFound: false,
  MethodNotAllowed: true,
  NotAcceptable: false,
  RequestTimeout: false,
  Conflict: false,
  Gone: false,
  PreconditionFailed: false,
  PayloadTooLarge: true,
  UriTooLong: false,
  UnsupportedMediaType: true,
  UnprocessableContent: false,
  TooManyRequests: true,
  HeaderFieldsTooLarge: false,
  Internal: false,
  NotImplemented: false,
  BadGateway: false,
  ServiceUnavailable: true,
  GatewayTimeout: false,
  Custom: false,
}

// Whether an error brings headers (most do not: no collection then).
const hasHeaders = (e: HttpError, s: ErrorStatus): boolean =>
  e.headers !== undefined || s === 401 || s === 405 || ownHeaders[e._tag]

// What the status obliges even when no variant said it (a Custom 401 or 405, a remap).
const oblige = (acc: Collected, status: ErrorStatus, p: Policy): void => {
  if (status === 401 && acc.challenges === undefined)
    collect(acc, unauthorized(), p.challenges, Date.now)
  if (status === 405) acc.allow ??= []
}

/**
 * The response for one error or several. With several, the policy's priority chooses
 * the status; the headers of every error with that status are merged (challenges,
 * `Allow` and `Accept` united, extra headers with the first naming one winning); when
 * that status is a temporary one (413, 429, 503), `Retry-After` is the longest any error
 * gives. The body lists every error, at most `maxErrors` (always including the one that
 * chose the status). The format is negotiated from `Accept` among the policy's formats
 * and falls back to the first one: an error response is never a 406. A 408 closes the
 * connection (RFC 9110 §15.5.9). Total: values that are not `HttpError`s go through
 * `fromUnknown`, an empty list is a masked 500, and nothing can make it throw.
 *
 * @example
 * import { toResponse, notFound } from 'errmap'
 * const r = toResponse(notFound('no user 42'), { accept: 'application/problem+json' })
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.headers['content-type'], 'application/problem+json; charset=utf-8')
 * assert.deepStrictEqual(JSON.parse(r.body), {
 *   type: 'about:blank', title: 'Not Found', status: 404, detail: 'no user 42', code: 'NOT_FOUND',
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const toResponse = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: RequestFacts = {},
  policy: Policy = defaultPolicy,
): ErrorResponse => {
  try {
    // `null` facts (untyped callers) are no facts, not a reason for a 500.
    const facts = request ?? {}
    return Array.isArray(errors)
      ? several(errors as ReadonlyArray<unknown>, facts, policy)
      : one(errors, facts, policy)
  } catch {
    // A value shaped like an HttpError whose fields throw when read, a throwing user
    // priority, a hostile policy: nothing of it can be trusted, so nothing of it is shown.
    return lastResort(policy)
  }
}

// The common case, without the machinery of several errors.
const one = (u: unknown, request: RequestFacts, policy: Policy): ErrorResponse => {
  const error = fromUnknown(u)
  const status = statusIn(policy, error)
  const main = viewUnder(policy, error, status)
  let acc: Collected | undefined
  if (hasHeaders(error, status)) {
    acc = collect(empty(), error, policy.challenges, Date.now)
    oblige(acc, status, policy)
  }
  return finish(status, main, [main], 0, acc, request, policy)
}

const several = (
  list: ReadonlyArray<unknown>,
  request: RequestFacts,
  policy: Policy,
): ErrorResponse => {
  if (list.length === 0) return one(undefined, request, policy)
  const ranked = list.map((u) => rank(policy, u))
  let primary = ranked[0] as Ranked
  for (let i = 1; i < ranked.length; i++)
    primary = policy.priority.concat(primary, ranked[i] as Ranked)

  const acc = empty()
  const now = Date.now
  const retry = retryable(primary.status)
  for (const r of ranked)
    if (r.status === primary.status) collect(acc, r.error, policy.challenges, now)
    else if (retry) collectRetryAfter(acc, r.error, now)
  oblige(acc, primary.status, policy)

  const main = viewUnder(policy, primary.error, primary.status)
  const kept = bounded(ranked, primary, policy.maxErrors)
  const errors = kept.map((r) => (r === primary ? main : viewUnder(policy, r.error, r.status)))
  return finish(primary.status, main, errors, ranked.length - kept.length, acc, request, policy)
}

const finish = (
  status: ErrorStatus,
  primary: View,
  errors: ReadonlyArray<View>,
  omitted: number,
  acc: Collected | undefined,
  request: RequestFacts,
  policy: Policy,
): ErrorResponse => {
  const report: Report = {
    status,
    primary,
    errors,
    omitted,
    requestId: typeof request.requestId === 'string' ? request.requestId : undefined,
    instance: typeof request.instance === 'string' ? request.instance : undefined,
    typeBase: policy.problemTypeBase,
  }
  const c = compile(policy.formats)
  const i = choose(c, request.accept)
  const format = policy.formats[i] as Format
  const encoded = encode(format, report)
  const headers = entityHeaders(
    encoded.format === format ? (c.contentTypes[i] as string) : jsonType,
    encoded.length,
  )
  if (c.mediaTypes.length > 1) headers['vary'] = 'Accept'
  if (status === 408) headers['connection'] = 'close'
  if (acc !== undefined) {
    // Waiting only helps a temporary condition, whatever a remap made of the error.
    if (!retryable(status)) acc.retryAfter = undefined
    render(acc, request.method, headers)
  }
  return { status, headers, body: encoded.body }
}

const jsonType = 'application/json; charset=utf-8'

// A masked 500 that names nothing of the input.
const masked: View = {
  tag: 'Internal',
  status: 500,
  code: 'INTERNAL_SERVER_ERROR',
  message: 'Internal Server Error',
  details: undefined,
  issues: undefined,
  omittedIssues: 0,
  exposed: false,
}

const maskedReport: Report = {
  status: 500,
  primary: masked,
  errors: [masked],
  omitted: 0,
  requestId: undefined,
  instance: undefined,
  typeBase: undefined,
}

/**
 * The headers every body carries: its `Content-Type` (with charset), its exact
 * `Content-Length`, and `X-Content-Type-Options: nosniff`. Internal: the core's and
 * `errmap/graphql`'s responses start from it.
 *
 * @category utils
 * @since 0.1.0
 */
export const entityHeaders = (
  contentType: string,
  length: number,
): Record<string, string | ReadonlyArray<string>> => ({
  'content-type': contentType,
  'content-length': String(length),
  'x-content-type-options': 'nosniff',
})

const constant = (body: string, contentType: string): ErrorResponse => ({
  status: 500,
  headers: entityHeaders(contentType, byteLength(body)),
  body,
})

/**
 * The constant masked 500: what is sent when nothing else can be (a platform refused a
 * response). Internal: the adapters' fallback, not exported from the package.
 *
 * @category constructors
 * @since 0.1.0
 */
export const lastResortJson: ErrorResponse = constant(
  '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}',
  jsonType,
)

// A request id: one header value, trimmed, at most 200 characters; empty is none.
const requestIdOf = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined
  const id = v.trim().slice(0, 200)
  return id.length > 0 ? id : undefined
}

/**
 * The facts of a request, however a framework holds its headers: `read(name)` gives a
 * header by its lower-case name (a value that is not one string counts as absent). The
 * request id comes from `policy.requestIdHeader`, trimmed and cut to 200 characters.
 * Internal: each adapter's `facts` is this over its request type.
 *
 * @category constructors
 * @since 0.1.0
 */
export const requestFacts = (
  read: (name: string) => unknown,
  method: string | undefined,
  policy: Policy,
): RequestFacts => {
  const accept = read('accept')
  const name = policy.requestIdHeader?.toLowerCase()
  return {
    accept: typeof accept === 'string' ? accept : undefined,
    method,
    requestId: name === undefined ? undefined : requestIdOf(read(name)),
  }
}

// The masked 500 in the policy's default format when that format works, else in JSON.
const lastResort = (policy: Policy): ErrorResponse => {
  try {
    const format = policy.formats[0] as Format
    const encoded = encode(format, maskedReport)
    return encoded.format === format
      ? constant(encoded.body, compile(policy.formats).contentTypes[0] as string)
      : lastResortJson
  } catch {
    return lastResortJson
  }
}

// The first `max` errors in order, always including the one that chose the status.
const bounded = (
  ranked: ReadonlyArray<Ranked>,
  primary: Ranked,
  max: number,
): ReadonlyArray<Ranked> => {
  if (ranked.length <= max) return ranked
  const kept = ranked.slice(0, max)
  if (!kept.includes(primary)) kept[max - 1] = primary
  return kept
}
