/**
 * `toResponse`: one error or several, the request's facts and a policy in; the exact
 * response out, as plain data — the single contract between the core and every adapter.
 *
 * @since 0.1.0
 */
import type { Format, Report } from '../format/Format.js'
import { encode } from '../format/encode.js'
import {
  addChallenges,
  addExtra,
  addRetryAfter,
  empty,
  entityHeaders,
  render,
  type Collected,
} from '../internal/headers.js'
import { byteLength } from '../internal/json.js'
import { MAX_ACCEPT_LENGTH, negotiate } from '../internal/negotiate.js'
import { isTraceId } from '../internal/trace.js'
import type { HttpError } from '../model/HttpError.js'
import type { ErrorStatus } from '../model/Status.js'
import { specOf, type HeaderContext } from '../model/variants.js'
import { resolve, statusIn, type Policy } from '../policy/Policy.js'
import { choose, type Ranked } from '../policy/Priority.js'
import { viewUnder, type View } from '../policy/View.js'
import { fromUnknown } from '../unknown/fromUnknown.js'
import type { ErrorResponse, RequestFacts } from './types.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// What a list of formats needs on every call, computed once per list: media types, and
// the answers of past negotiations (browsers send a handful of distinct Accept headers;
// the cache is bounded and starts over when full). The formats are the policy's
// snapshots (see `policy`): their fields are plain data.
interface Compiled {
  readonly formats: ReadonlyArray<Format>
  readonly mediaTypes: ReadonlyArray<string>
  readonly chosen: Map<string, number>
}

const compiledFormats = new WeakMap<ReadonlyArray<Format>, Compiled>()
const maxCachedAccepts = 64

const compile = (list: ReadonlyArray<Format>): Compiled => {
  let c = compiledFormats.get(list)
  if (c === undefined) {
    c = { formats: list, mediaTypes: list.map((f) => f.mediaType), chosen: new Map() }
    compiledFormats.set(list, c)
  }
  return c
}

const pick = (c: Compiled, accept: string | undefined): number => {
  if (accept === undefined) return 0
  if (c.mediaTypes.length === 1) return 0
  // negotiate reads no further than MAX_ACCEPT_LENGTH (one more tells it the header was
  // cut): a longer key would only keep a hostile header alive in the cache. A shorter
  // header is its own key.
  // Stryker disable next-line MethodExpression: the whole header as the key answers the same; only memory is at stake
  const key = accept.slice(0, MAX_ACCEPT_LENGTH + 1)
  let i = c.chosen.get(key)
  if (i === undefined) {
    i = negotiate(accept, c.mediaTypes)
    // An error response is never a 406: nothing acceptable means the default format.
    if (i < 0) i = 0
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's bound (memory only)
    if (c.chosen.size >= maxCachedAccepts) c.chosen.clear()
    c.chosen.set(key, i)
  }
  return i
}

/**
 * At most this many errors of a list are read: the rest only count in `omitted`. Reading
 * an error costs about a microsecond; a thrown list of a million must not hold a request.
 *
 * @internal
 */
export const maxRead = 10_000

// Statuses whose condition is temporary: they may say when to retry (RFC 9110 §10.2.3).
const retryable = (s: ErrorStatus): boolean => s === 503 || s === 429 || s === 413

/** Adds what one error's own fields and extra headers say. @internal */
export const collect = (acc: Collected, e: HttpError, ctx: HeaderContext): void => {
  if (e.headers !== undefined) addExtra(acc, e.headers)
  const own = specOf(e._tag).headers
  if (own !== undefined) own(e, acc, ctx)
}

// What the status obliges even when no variant said it (a Custom 401 or 405, a remap).
const oblige = (acc: Collected, status: ErrorStatus, ctx: HeaderContext): void => {
  if (status === 401 && acc.challenges === undefined)
    if (addChallenges(acc, ctx.challenges) === 0) addChallenges(acc, [{ scheme: 'Bearer' }])
  if (status === 405) acc.allow ??= []
}

// Whether an error brings headers (most do not: no collection then).
const hasHeaders = (e: HttpError, s: ErrorStatus): boolean =>
  e.headers !== undefined || s === 401 || s === 405 || specOf(e._tag).headers !== undefined

// The request's facts, each read once; values of the wrong type are no facts.
const factsOf = (u: RequestFacts | null | undefined): RequestFacts => {
  if (typeof u !== 'object' || u === null) return {}
  const accept = u.accept
  const method = u.method
  const requestId = u.requestId
  const instance = u.instance
  const traceId = u.traceId
  const acceptLanguage = u.acceptLanguage
  return {
    accept: typeof accept === 'string' ? accept : undefined,
    method: typeof method === 'string' ? method : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    instance: typeof instance === 'string' ? instance : undefined,
    traceId: isTraceId(traceId) ? traceId : undefined,
    acceptLanguage: typeof acceptLanguage === 'string' ? acceptLanguage : undefined,
  }
}

/**
 * The response for one error or several. With several, the policy's priority chooses
 * the status (it can only choose one of the errors); the headers of every error with that
 * status are merged (challenges, `Allow` and `Accept` united, extra headers with the first
 * naming one winning); when that status is a temporary one (413, 429, 503),
 * `Retry-After` is the longest any error gives. A 429 or a 503 carries the quotas of its
 * errors in `RateLimit` and `RateLimit-Policy` (each policy once, the first to name it
 * winning); any other status, a remap's included, carries none. The body lists every
 * error, at most `maxErrors` (always including the one that chose the status); of a list
 * longer than 10,000, the first 10,000 are read and the rest only counted. The format is
 * negotiated from `Accept` among the policy's formats and falls back to the first one: an
 * error response is never a 406. A 408 closes the connection (RFC 9110 §15.5.9). Header
 * values and the header section are bounded. Total: values that are not `HttpError`s go through
 * `fromUnknown` (with the policy's recognisers), every value errmap did not build is read
 * once, a value that is not a policy is read as one (see `policy`), an empty list is a
 * masked 500, and nothing can make it throw.
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
  request?: RequestFacts,
  policy?: Policy,
): ErrorResponse => respond(errors, request, resolve(policy), undefined)

/**
 * `toResponse` for a resolved policy and what failed as it was (a thrown value, a list);
 * the errors as read (see `fromUnknown`) are pushed to `read` when it is given: what the
 * adapter kit tells `onError` about.
 *
 * @internal
 */
export const respond = (
  errors: unknown,
  request: RequestFacts | undefined,
  p: Policy,
  read: Array<HttpError> | undefined,
): ErrorResponse => {
  try {
    const facts = factsOf(request)
    return Array.isArray(errors)
      ? several(errors as ReadonlyArray<unknown>, facts, p, read)
      : one(errors, facts, p, read)
  } catch {
    // Nothing of what failed can be trusted, so nothing of it is shown.
    return lastResort(p)
  }
}

const contextOf = (p: Policy): HeaderContext => ({ challenges: p.challenges, now: Date.now })

// The common case, without the machinery of several errors.
const one = (
  u: unknown,
  request: RequestFacts,
  p: Policy,
  read: Array<HttpError> | undefined,
): ErrorResponse => {
  const error = fromUnknown(u, p.recognisers)
  read?.push(error)
  const status = statusIn(p, error)
  const main = viewUnder(p, error, status)
  let acc: Collected | undefined
  if (hasHeaders(error, status)) {
    const ctx = contextOf(p)
    acc = empty()
    collect(acc, error, ctx)
    oblige(acc, status, ctx)
  }
  return finish(status, main, [main], 0, acc, request, p)
}

const several = (
  list: ReadonlyArray<unknown>,
  request: RequestFacts,
  p: Policy,
  read: Array<HttpError> | undefined,
): ErrorResponse => {
  const total = list.length
  if (total === 0) return one(undefined, request, p, read)
  const n = Math.min(total, maxRead)
  const ranked: Array<Ranked> = []
  for (let i = 0; i < n; i++) {
    const error = fromUnknown(list[i], p.recognisers)
    read?.push(error)
    ranked.push({ error, status: statusIn(p, error) })
  }
  const primary = choose(p.priority, ranked)

  const acc = empty()
  const ctx = contextOf(p)
  const retry = retryable(primary.status)
  for (const r of ranked)
    if (r.status === primary.status) collect(acc, r.error, ctx)
    // Another status only adds how long to wait.
    else if (retry && 'retryAfter' in r.error) addRetryAfter(acc, r.error.retryAfter, ctx.now)
  oblige(acc, primary.status, ctx)

  const main = viewUnder(p, primary.error, primary.status)
  const kept = bounded(ranked, primary, p.maxErrors)
  const errors = kept.map((r) => (r === primary ? main : viewUnder(p, r.error, r.status)))
  return finish(primary.status, main, errors, total - kept.length, acc, request, p)
}

const finish = (
  status: ErrorStatus,
  primary: View,
  errors: ReadonlyArray<View>,
  omitted: number,
  acc: Collected | undefined,
  request: RequestFacts,
  p: Policy,
): ErrorResponse => {
  const t = p.messages
  const l =
    t === undefined || request.acceptLanguage === undefined
      ? undefined
      : t.localize(request.acceptLanguage, errors, p.maxMessageLength)
  const language = l?.language
  let views = errors
  if (l !== undefined) {
    views = l.views
    primary = views[errors.indexOf(primary)] as View
  }
  const report: Report = {
    status,
    primary,
    errors: views,
    omitted,
    requestId: request.requestId,
    instance: request.instance,
    traceId: request.traceId,
    language,
  }
  const c = compile(p.formats)
  const format = c.formats[pick(c, request.accept)] as Format
  const encoded = encode(format, report)
  const headers = entityHeaders(
    encoded.format === undefined ? jsonType : format.contentType,
    encoded.length,
  )
  if (c.mediaTypes.length > 1)
    headers['vary'] = t === undefined ? 'Accept' : 'Accept, Accept-Language'
  else if (t !== undefined) headers['vary'] = 'Accept-Language'
  if (language !== undefined) headers['content-language'] = language
  if (encoded.format !== undefined) {
    const own = format.headers
    if (own !== undefined) for (const name in own) headers[name] = own[name] as string
  }
  if (status === 408) headers['connection'] = 'close'
  if (acc !== undefined) {
    // Waiting only helps a temporary condition, whatever a remap made of the error.
    if (!retryable(status)) acc.retryAfter = undefined
    // Quotas are what a 429 or 503 is about; a remap to another status hides them too.
    if (status !== 429 && status !== 503) acc.quotas = undefined
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
  title: 'Internal Server Error',
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
  traceId: undefined,
  language: undefined,
}

const constant = (
  body: string,
  contentType: string,
  extra?: Readonly<Record<string, string>>,
): ErrorResponse => ({
  status: 500,
  headers: { ...extra, ...entityHeaders(contentType, byteLength(body)) },
  body,
})

/**
 * The constant masked 500: what is sent when nothing else can be (a platform refused a
 * response). The adapters' fallback.
 *
 * @internal
 */
export const lastResortJson: ErrorResponse = constant(
  '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}',
  jsonType,
)

/**
 * The masked 500 in the policy's default format when that format works, else in JSON.
 *
 * @internal
 */
export const lastResort = (p: Policy): ErrorResponse => {
  try {
    const format = compile(p.formats).formats[0] as Format
    const encoded = encode(format, maskedReport)
    return encoded.format === undefined
      ? lastResortJson
      : constant(encoded.body, format.contentType, format.headers)
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
