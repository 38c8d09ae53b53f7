/**
 * What a policy can answer, found by asking it: for each variant, the statuses its
 * remaps give (a remap function is asked about sample errors of the variant, with and
 * without issues), the code its renames give, whether its message is masked, and the
 * headers `toResponse` writes with it. The user adds their own codes and the statuses a
 * remap function gives that sample errors cannot show.
 *
 * @internal
 */
import type { HttpError, Tag } from '../model/HttpError.js'
import { custom } from '../model/errors.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import { codeIn, exposedIn, statusIn, type Policy } from '../policy/Policy.js'
import { toResponse } from '../response/toResponse.js'
import { fromStatus } from '../unknown/fromStatus.js'
import { tags, variants } from '../model/variants.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the user says of one code: its description, a title other than the status'
 * reason phrase, and — for a code of their own (`notFound(m, { code: 'NO_SUCH_USER' })`)
 * — the status it is answered with.
 *
 * @category model
 * @since 0.2.0
 */
export interface CodeDoc {
  /** The status a code of your own is answered with; errmap's codes have theirs. */
  readonly status?: ErrorStatus
  readonly title?: string
  /** Markdown in OpenAPI, text in the catalog. */
  readonly description?: string
}

/**
 * The variants with a status of their own (all but `Custom`).
 *
 * @category model
 * @since 0.2.0
 */
export type Modelled = Exclude<Tag, 'Custom'>

/**
 * What the descriptions of a policy take beyond the policy.
 *
 * @category model
 * @since 0.2.0
 */
export interface DescribeOptions {
  /** Per code (after renames): a description, a title; for your own codes, their status. */
  readonly codes?: Readonly<Record<string, CodeDoc>>
  /** The statuses a remap function gives a variant, when sample errors cannot show them all. */
  readonly statuses?: { readonly [T in Modelled]?: ReadonlyArray<ErrorStatus> }
}

/** One code a policy answers with one status. @internal */
export interface Target {
  readonly tag: Tag
  readonly status: ErrorStatus
  readonly code: string
  /** An error of this target, as the probes and examples use. */
  readonly sample: HttpError
  readonly masked: boolean
  /** The domain errors that map to it (the keys of a `DomainTargets`). */
  readonly names: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * errmap's one-line description of each variant.
 *
 * @internal
 */
export const descriptions: { readonly [T in Tag]: string } = {
  BadRequest: 'The request is malformed: it cannot be parsed, or breaks a rule checked first.',
  Unauthorized: 'The request lacks valid credentials; `WWW-Authenticate` says how to send them.',
  Forbidden: 'The credentials are valid but do not allow this request.',
  NotFound: 'The resource does not exist, or is not disclosed.',
  MethodNotAllowed: 'The resource does not support this method; `Allow` lists those it does.',
  NotAcceptable: 'None of the representations the request accepts can be produced.',
  RequestTimeout: 'The request took too long to arrive; the connection is closed.',
  Conflict: 'The request conflicts with the current state of the resource.',
  Gone: 'The resource existed and is gone for good.',
  PreconditionFailed: 'A condition of the request does not hold; nothing was changed.',
  ContentTooLarge: 'The request body is larger than the server accepts.',
  UriTooLong: 'The target URI is longer than the server accepts.',
  UnsupportedMediaType:
    "The request body's media type is not supported; `Accept` may list those that are.",
  UnprocessableContent:
    'The request is well-formed but its content is not valid; `issues` points at each problem.',
  TooManyRequests:
    'Too many requests; `Retry-After` may say when to try again, `RateLimit` and `RateLimit-Policy` which quota ran out.',
  RequestHeaderFieldsTooLarge: 'A header field, or the header section, is too large.',
  Internal: 'The server failed unexpectedly.',
  NotImplemented: 'The server does not support what the request needs.',
  BadGateway: 'An upstream server gave an invalid answer.',
  ServiceUnavailable:
    'The server cannot handle the request now (load, maintenance); `Retry-After` may say when to retry, `RateLimit-Policy` a reduced quota.',
  GatewayTimeout: 'An upstream server did not answer in time.',
  Custom: 'An error whose status has no variant of its own.',
}

/** The note on a masked error. @internal */
export const maskedNote =
  "Masked: the client sees the status' reason phrase, not the error's message or details " +
  '(unless the error sets `expose: true`).'

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

// The sample errors of a variant a remap function is asked about.
const samplesOf = (tag: Modelled): ReadonlyArray<HttpError> => {
  const e = fromStatus(variants[tag].status)
  return own(variants[tag].read, 'issues')
    ? [e, { ...e, issues: [{ path: '', message: reason(variants[tag].status) }] } as HttpError]
    : [e]
}

const target = (p: Policy, sample: HttpError, s: ErrorStatus, names: ReadonlyArray<string>) => ({
  tag: sample._tag,
  status: s,
  code: codeIn(p, sample),
  sample,
  masked: !exposedIn(p, sample, s),
  names,
})

// An error of a status and a code, as close to the variant of that status as the policy
// answers it: that variant when it keeps its status, else a `Custom`.
const sampleAt = (p: Policy, s: ErrorStatus, code: string | undefined): HttpError => {
  const known = fromStatus(s, undefined, code === undefined ? undefined : { code })
  return known._tag !== 'Custom' && statusIn(p, known) === s
    ? known
    : custom(s, undefined, code === undefined ? undefined : { code })
}

/** The targets of one variant: one per status the policy gives it. @internal */
export const targetsOfTag = (
  p: Policy,
  tag: Modelled,
  o: DescribeOptions,
  names: ReadonlyArray<string> = [],
): ReadonlyArray<Target> => {
  const out: Array<Target> = []
  const seen = new Set<ErrorStatus>()
  for (const e of samplesOf(tag)) {
    const s = statusIn(p, e)
    if (!seen.has(s)) out.push(target(p, e, s, names))
    seen.add(s)
  }
  for (const s of o.statuses?.[tag] ?? []) {
    if (seen.has(s)) continue
    seen.add(s)
    const e = fromStatus(variants[tag].status)
    out.push({ ...target(p, e, s, names), sample: sampleAt(p, s, e.code) })
  }
  return out
}

/**
 * Every code a policy can answer: each variant at each of its statuses, then the user's
 * own codes (those `codes` gives a status).
 *
 * @internal
 */
export const policyTargets = (p: Policy, o: DescribeOptions): ReadonlyArray<Target> => {
  const out: Array<Target> = []
  for (const tag of tags) if (tag !== 'Custom') out.push(...targetsOfTag(p, tag, o))
  const codes = o.codes ?? {}
  for (const code of Object.keys(codes)) {
    const s = codes[code]?.status
    if (s === undefined) continue
    out.push(target(p, sampleAt(p, s, code), s, []))
  }
  return out
}

/**
 * What one operation can fail with: a variant (at each status the policy gives it), a
 * status (every code the policy answers with it, or a `Custom` one), or an error (its
 * status and code under the policy).
 *
 * @category model
 * @since 0.2.0
 */
export type Produces = Modelled | ErrorStatus | HttpError

/**
 * What a `mapDomain` mapping produces, named per domain error: `{ NoSuchUser: 'NotFound',
 * EmailTaken: conflict('', { code: 'EMAIL_TAKEN' }) }`; leaving a tag of `D` out does not
 * compile.
 *
 * @category model
 * @since 0.2.0
 */
export type DomainTargets<D extends { readonly _tag: string }> = {
  readonly [K in D['_tag']]: Produces | ReadonlyArray<Produces>
}

/** The targets one `Produces` names. @internal */
export const targetsOf = (
  p: Policy,
  x: Produces,
  o: DescribeOptions,
  all: ReadonlyArray<Target>,
  names: ReadonlyArray<string>,
): ReadonlyArray<Target> => {
  if (typeof x === 'string') return targetsOfTag(p, x, o, names)
  if (typeof x === 'number') {
    const at = all.filter((t) => t.status === x)
    return at.length > 0
      ? at.map((t) => ({ ...t, names }))
      : [target(p, sampleAt(p, x, undefined), x, names)]
  }
  return [target(p, x, statusIn(p, x), names)]
}

// -------------------------------------------------------------------------------------
// headers
// -------------------------------------------------------------------------------------

/** A header a response may carry: whether it always does, and a value it may have. @internal */
export interface HeaderFact {
  readonly required: boolean
  readonly example: string
}

const value = (v: string | ReadonlyArray<string>): string =>
  typeof v === 'string' ? v : v.join(', ')

// What each sample's own fields would put in headers when the error sets them.
const full: Readonly<Record<string, unknown>> = {
  allow: ['GET', 'HEAD'],
  accept: ['application/json'],
  retryAfter: 30,
  quota: { policy: 'default', limit: 100, remaining: 0, reset: 30, window: 60 },
}

// Statuses whose condition is temporary: any error of the response may say when to retry.
const retryable = (s: ErrorStatus): boolean => s === 413 || s === 429 || s === 503

/**
 * The headers `toResponse` writes for the targets of one status, by lower-case name
 * (`content-type` and `content-length` left out): those of a sample error of each target
 * are required, those its optional fields, the method or the language add (`Retry-After`,
 * `Accept-Post`, `Content-Language`) are not, nor those only some formats send (`html`'s
 * `Content-Security-Policy`).
 *
 * @internal
 */
export const headersOf = (
  p: Policy,
  targets: ReadonlyArray<Target>,
): ReadonlyMap<string, HeaderFact> => {
  const required = new Map<string, string>()
  const optional = new Map<string, string>()
  for (const t of targets) {
    const plain = toResponse(t.sample, { method: 'GET' }, p)
    const rich = { ...t.sample, ...full } as HttpError
    const answers = [
      toResponse(rich, { method: 'POST' }, p),
      toResponse(rich, { method: 'PATCH' }, p),
    ]
    // A translated answer says its language (`Content-Language`) when a language matches.
    const language = p.messages?.languages?.[0]
    if (language !== undefined)
      answers.push(toResponse(t.sample, { method: 'GET', acceptLanguage: language }, p))
    for (const [name, v] of Object.entries(plain.headers)) required.set(name, value(v))
    for (const r of answers)
      for (const [name, v] of Object.entries(r.headers)) optional.set(name, value(v))
  }
  const s = targets[0]?.status
  if (s !== undefined && retryable(s)) optional.set('retry-after', '30')
  // A format's own headers come with its bodies only (`html`'s CSP): required when every
  // format sends the same.
  for (const f of p.formats)
    for (const [name, v] of Object.entries(f.headers ?? {})) {
      if (p.formats.every((g) => g.headers?.[name] === v)) continue
      required.delete(name)
      optional.set(name, v)
    }
  const out = new Map<string, HeaderFact>()
  // An example with the optional fields set says more (`Allow: GET, HEAD`, not `Allow: `).
  for (const [name, example] of required)
    out.set(name, { required: true, example: optional.get(name) || example })
  for (const [name, example] of optional)
    if (!out.has(name)) out.set(name, { required: false, example })
  out.delete('content-type')
  out.delete('content-length')
  return out
}
