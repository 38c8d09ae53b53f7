/**
 * `toResponse`: one error or several, the request's facts and a policy in; the exact
 * response out, as plain data — the single contract between the core and every adapter.
 *
 * @since 0.1.0
 */
import { encode, json, view, type Format, type Report, type View } from './Body.js'
import { clean, collect, empty, render, type ResponseHeaders } from './Headers.js'
import { unauthorized, type HttpError } from './HttpError.js'
import { negotiate } from './Negotiate.js'
import { codeUnder, defaultPolicy, exposedUnder, statusUnder, type Policy } from './Policy.js'
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

const rank = (p: Policy, u: unknown): Ranked => {
  const error = fromUnknown(u)
  return { error, status: statusUnder(p)(error) }
}

const see = (p: Policy, r: Ranked): View =>
  view(
    r.error,
    r.status,
    codeUnder(p)(r.error),
    exposedUnder(p)(r.error, r.status),
    p.maxMessageLength,
  )

/**
 * The response for one error or several. With several, the policy's priority chooses
 * the status; the headers of every error with that status are merged (challenges,
 * `Allow` and `Accept` united), `Retry-After` is the longest of all; the body lists
 * every error, at most `maxErrors`. The format is negotiated from `Accept` among the
 * policy's formats and falls back to the first one: an error response is never a 406.
 * Total: values that are not `HttpError`s go through `fromUnknown`, an empty list is a
 * masked 500, and serialization cannot throw.
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
    return respond(errors, request, policy)
  } catch {
    // A value shaped like an HttpError whose fields throw when read, or a throwing
    // user priority: nothing of it can be trusted, so nothing of it is shown.
    return lastResort(policy)
  }
}

// A masked 500 that names nothing of the input.
const masked: View = {
  tag: 'Internal',
  status: 500,
  code: 'INTERNAL_SERVER_ERROR',
  message: 'Internal Server Error',
  details: undefined,
  issues: undefined,
  exposed: false,
}

const lastResort = (policy: Policy): ErrorResponse => {
  const report: Report = {
    status: 500,
    primary: masked,
    errors: [masked],
    omitted: 0,
    requestId: undefined,
    instance: undefined,
    typeBase: undefined,
  }
  // `encode` cannot throw; reading a hostile policy's formats can.
  let format: Format = json
  try {
    format = policy.formats[0] ?? json
  } catch {
    // keep json
  }
  const encoded = encode(format, report)
  return {
    status: 500,
    headers: {
      'content-type': clean(encoded.format.mediaType) + '; charset=utf-8',
      'content-length': String(encoded.length),
      'x-content-type-options': 'nosniff',
    },
    body: encoded.body,
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

const retries = (e: HttpError): boolean =>
  e._tag === 'TooManyRequests' || e._tag === 'ServiceUnavailable' || e._tag === 'PayloadTooLarge'

const respond = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: RequestFacts,
  policy: Policy,
): ErrorResponse => {
  const list: ReadonlyArray<unknown> = Array.isArray(errors) ? errors : [errors]
  const ranked: Array<Ranked> =
    list.length === 0 ? [rank(policy, undefined)] : list.map((u) => rank(policy, u))

  let primary = ranked[0] as Ranked
  for (let i = 1; i < ranked.length; i++)
    primary = policy.priority.concat(primary, ranked[i] as Ranked)

  const acc = empty()
  const now = Date.now
  for (const r of ranked)
    if (r.status === primary.status || retries(r.error))
      collect(acc, r.error, policy.challenges, now)
  // What the status obliges even when no variant said it (a Custom 401 or 405, a remap).
  if (primary.status === 401 && acc.challenges === undefined)
    collect(acc, unauthorized(), policy.challenges, now)
  if (primary.status === 405) acc.allow ??= []

  const main = see(policy, primary)
  const kept = bounded(ranked, primary, policy.maxErrors)
  const report: Report = {
    status: primary.status,
    primary: main,
    errors: kept.map((r) => (r === primary ? main : see(policy, r))),
    omitted: ranked.length - kept.length,
    requestId: typeof request.requestId === 'string' ? request.requestId : undefined,
    instance: typeof request.instance === 'string' ? request.instance : undefined,
    typeBase: policy.problemTypeBase,
  }

  const negotiated = policy.formats.length > 1
  const chosen = negotiated ? negotiate(request.accept, policy.mediaTypes) : 0
  const encoded = encode(policy.formats[chosen < 0 ? 0 : chosen] as Format, report)

  const headers: Record<string, string | ReadonlyArray<string>> = {
    // A user format's media type is user data: no CR, LF or NUL in a header.
    'content-type': clean(encoded.format.mediaType) + '; charset=utf-8',
    'content-length': String(encoded.length),
    'x-content-type-options': 'nosniff',
  }
  if (negotiated) headers['vary'] = 'Accept'
  render(acc, request.method, headers)
  return { status: primary.status, headers, body: encoded.body }
}
