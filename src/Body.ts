/**
 * Bodies: what the client may see of each error (masking), and the formats that encode
 * it — `json`, `problem` (RFC 9457) and `graphql`. Users add a format the same way the
 * built-ins are made: a media type and an `encode` function.
 *
 * @since 0.1.0
 */
import type { HttpError, Issue, Tag } from './HttpError.js'
import { byteLength, stringify } from './Json.js'
import { reason, type ErrorStatus } from './Status.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a client may see of one error, after masking and code renaming.
 *
 * @category model
 * @since 0.1.0
 */
export interface View {
  readonly tag: Tag
  readonly status: ErrorStatus
  readonly code: string
  /** The error's message, or the status' reason phrase when masked. */
  readonly message: string
  /** `undefined` when absent or masked. */
  readonly details: unknown
  /** `undefined` when absent or masked; at most `maxErrors`, their text capped. */
  readonly issues: ReadonlyArray<Issue> | undefined
  /** How many issues `maxErrors` left out. */
  readonly omittedIssues: number
  readonly exposed: boolean
}

/**
 * The bounds of a body, from the policy.
 *
 * @category model
 * @since 0.1.0
 */
export interface Bounds {
  readonly maxErrors: number
  readonly maxMessageLength: number
}

/**
 * Everything a format may put in a body.
 *
 * @category model
 * @since 0.1.0
 */
export interface Report {
  /** The response's status. */
  readonly status: ErrorStatus
  /** The error that chose the status. */
  readonly primary: View
  /** Every error, in the order given, at most `maxErrors` of them. */
  readonly errors: ReadonlyArray<View>
  /** How many errors `maxErrors` left out. */
  readonly omitted: number
  readonly requestId: string | undefined
  readonly instance: string | undefined
  /** The base of problem `type` URIs; `undefined` for `about:blank`. */
  readonly typeBase: string | undefined
}

/**
 * A body format: its media type and an encoder to a JSON value. `encode` may be user
 * code: if it throws, or its value cannot be serialized, the body falls back to a
 * minimal valid one.
 *
 * @category model
 * @since 0.1.0
 */
export interface Format {
  /** A bare media type, lower case, without parameters (`application/vnd.acme+json`): `; charset=utf-8` is added. */
  readonly mediaType: string
  readonly encode: (report: Report) => unknown
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A string cut to at most `max` code units plus `…`, never between the halves of a
 * surrogate pair.
 *
 * @example
 * import { cap } from 'errmap'
 * assert.strictEqual(cap('abcdef', 3), 'abc…')
 *
 * @category utils
 * @since 0.1.0
 */
export const cap = (s: string, max: number): string => {
  if (s.length <= max) return s
  // Never cut a surrogate pair in half.
  const end = (s.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max
  return s.slice(0, end) + '…'
}

const capIssue = (issue: Issue, max: number): Issue =>
  issue.message.length <= max && (issue.expected === undefined || issue.expected.length <= max)
    ? issue
    : {
        ...issue,
        message: cap(issue.message, max),
        ...(issue.expected === undefined ? {} : { expected: cap(issue.expected, max) }),
      }

// The issues a body shows: at most `maxErrors`, their text capped; the same array when
// nothing needs cutting.
const boundIssues = (issues: ReadonlyArray<Issue>, b: Bounds): ReadonlyArray<Issue> => {
  const n = Math.min(issues.length, b.maxErrors)
  let cut = n < issues.length
  for (let i = 0; i < n && !cut; i++) {
    const issue = issues[i] as Issue
    cut =
      issue.message.length > b.maxMessageLength ||
      (issue.expected !== undefined && issue.expected.length > b.maxMessageLength)
  }
  return cut ? issues.slice(0, n).map((x) => capIssue(x, b.maxMessageLength)) : issues
}

// What a variant's own fields say in the body when the error has no `details`: the
// representations a 406 could send (RFC 9110 §15.5.7), the size limit of a 413.
const ownDetails = (e: HttpError): unknown =>
  e._tag === 'NotAcceptable' && Array.isArray(e.available)
    ? { available: e.available }
    : e._tag === 'PayloadTooLarge' && typeof e.limit === 'number'
      ? { limit: e.limit }
      : undefined

/**
 * The client's view of an error with status `status`: exposed when the error says so,
 * else when the policy says so; a masked error shows only its status' reason phrase and
 * its code. Messages and issues are bounded. `cause` is never read.
 *
 * @category constructors
 * @since 0.1.0
 */
export const view = (
  e: HttpError,
  status: ErrorStatus,
  code: string,
  exposed: boolean,
  bounds: Bounds,
): View => {
  const all =
    exposed &&
    (e._tag === 'BadRequest' || e._tag === 'UnprocessableContent') &&
    Array.isArray(e.issues)
      ? e.issues
      : undefined
  const issues = all === undefined ? undefined : boundIssues(all, bounds)
  return {
    tag: e._tag,
    status,
    code,
    message:
      exposed && typeof e.message === 'string'
        ? cap(e.message, bounds.maxMessageLength)
        : reason(status),
    details: exposed ? (e.details !== undefined ? e.details : ownDetails(e)) : undefined,
    issues,
    omittedIssues: all === undefined || issues === undefined ? 0 : all.length - issues.length,
    exposed,
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const item = (v: View): Record<string, unknown> => {
  const o: Record<string, unknown> = { status: v.status, message: v.message, code: v.code }
  if (v.details !== undefined) o['details'] = v.details
  if (v.issues !== undefined) o['issues'] = v.issues
  if (v.omittedIssues > 0) o['omittedIssues'] = v.omittedIssues
  return o
}

const several = (r: Report): boolean => r.errors.length > 1 || r.omitted > 0

/**
 * `application/json`: `{ message, code, details?, issues?, requestId?, errors?, omitted? }`
 * — the NDC `ErrorResponse` shape plus `code`; `errors` lists every error when there
 * are several, `omitted` counts those `maxErrors` left out.
 *
 * @category instances
 * @since 0.1.0
 */
export const json: Format = {
  mediaType: 'application/json',
  encode: (r) => {
    const p = r.primary
    const o: Record<string, unknown> = { message: p.message, code: p.code }
    if (p.details !== undefined) o['details'] = p.details
    if (p.issues !== undefined) o['issues'] = p.issues
    if (p.omittedIssues > 0) o['omittedIssues'] = p.omittedIssues
    if (r.requestId !== undefined) o['requestId'] = r.requestId
    if (several(r)) o['errors'] = r.errors.map(item)
    if (r.omitted > 0) o['omitted'] = r.omitted
    return o
  },
}

const slug = (code: string): string => {
  let out = ''
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += code[i]
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32)
    else if (out.length > 0 && out[out.length - 1] !== '-') out += '-'
  }
  return out.endsWith('-') ? out.slice(0, -1) : out
}

/**
 * `application/problem+json` (RFC 9457): `type` (`about:blank`, or the policy's base
 * followed by the code in kebab case), `title` (the reason phrase), `status`, `detail`,
 * `instance?`, and the extension members `code`, `details?`, `issues?`, `requestId?`,
 * `errors?`, `omitted?`.
 *
 * @category instances
 * @since 0.1.0
 */
export const problem: Format = {
  mediaType: 'application/problem+json',
  encode: (r) => {
    const p = r.primary
    const o: Record<string, unknown> = {
      type: r.typeBase === undefined ? 'about:blank' : r.typeBase + (slug(p.code) || r.status),
      title: reason(r.status),
      status: r.status,
      detail: p.message,
    }
    if (r.instance !== undefined) o['instance'] = r.instance
    o['code'] = p.code
    if (p.details !== undefined) o['details'] = p.details
    if (p.issues !== undefined) o['issues'] = p.issues
    if (p.omittedIssues > 0) o['omittedIssues'] = p.omittedIssues
    if (r.requestId !== undefined) o['requestId'] = r.requestId
    if (several(r)) o['errors'] = r.errors.map(item)
    if (r.omitted > 0) o['omitted'] = r.omitted
    return o
  },
}

/**
 * `application/graphql-response+json`: `{ errors: [{ message, extensions: { code,
 * details?, issues? } }], extensions? }` — every error, in order; the response-level
 * `extensions` carries `requestId` and `omitted` when present.
 *
 * @category instances
 * @since 0.1.0
 */
export const graphql: Format = {
  mediaType: 'application/graphql-response+json',
  encode: (r) => {
    const errors = r.errors.map((v) => {
      const extensions: Record<string, unknown> = { code: v.code }
      if (v.details !== undefined) extensions['details'] = v.details
      if (v.issues !== undefined) extensions['issues'] = v.issues
      if (v.omittedIssues > 0) extensions['omittedIssues'] = v.omittedIssues
      return { message: v.message, extensions }
    })
    const o: Record<string, unknown> = { errors }
    if (r.requestId !== undefined || r.omitted > 0) {
      const extensions: Record<string, unknown> = {}
      if (r.requestId !== undefined) extensions['requestId'] = r.requestId
      if (r.omitted > 0) extensions['omitted'] = r.omitted
      o['extensions'] = extensions
    }
    return o
  },
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A serialized body and the format that produced it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Encoded {
  readonly body: string
  readonly format: Format
  readonly length: number
}

const attempt = (format: Format, report: Report): string | undefined => {
  try {
    return stringify(format.encode(report))
  } catch {
    return undefined
  }
}

const bare = (v: View): View =>
  v.details === undefined && v.issues === undefined
    ? v
    : { ...v, details: undefined, issues: undefined, omittedIssues: 0 }

/**
 * Serializes a report; cannot throw. When the format throws or its value cannot be
 * serialized, the user-supplied parts (`details`, `issues`) are dropped and the format
 * tried again; if it still fails, the built-in `json` format encodes that bare report.
 *
 * @category utils
 * @since 0.1.0
 */
export const encode = (format: Format, report: Report): Encoded => {
  const body = attempt(format, report)
  if (body !== undefined) return { body, format, length: byteLength(body) }
  const stripped: Report = {
    ...report,
    primary: bare(report.primary),
    errors: report.errors.map(bare),
  }
  const retry = attempt(format, stripped)
  if (retry !== undefined) return { body: retry, format, length: byteLength(retry) }
  const last = json.encode(stripped)
  const fallback = stringify(last) ?? '{}'
  return { body: fallback, format: json, length: byteLength(fallback) }
}
