/**
 * A body format is a codec: its media type (what `Accept` is matched against), its whole
 * `Content-Type`, an encoder from the report of an error response to the body, and a
 * decoder from a body back to the errors it reports (what `errmap/client` reads with).
 * The built-ins (`json`, `problem`, `graphql`) are made the way a user's format is.
 *
 * Law: for a report `r` a format encodes to `body`, `decode(body, r.status)` gives the
 * errors of `r` (their status, message, code, details and issues as the body shows them).
 *
 * @since 0.1.0
 */
import { clean, isToken } from '../internal/grammar.js'
import { stringify } from '../internal/json.js'
import type { Issue, Tag } from '../model/HttpError.js'
import type { ErrorStatus } from '../model/Status.js'

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
  /** The error's message, or the status' reason phrase when masked (translated, see `messages`). */
  readonly message: string
  /** The status' reason phrase (RFC 9110), or its translation (see `messages`). */
  readonly title: string
  /** `undefined` when absent or masked. */
  readonly details: unknown
  /** `undefined` when absent or masked; at most `maxErrors`, their text capped. */
  readonly issues: ReadonlyArray<Issue> | undefined
  /** How many issues `maxErrors` left out. */
  readonly omittedIssues: number
  readonly exposed: boolean
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
  /** The W3C Trace Context trace id of the request (32 lower-case hex digits), when known. */
  readonly traceId: string | undefined
  /** The language of the messages and titles when they were translated (see `messages`). */
  readonly language: string | undefined
}

/**
 * One error as a body reports it, read back by a format's decoder. `status` is absent
 * when the body does not say (the response's status applies).
 *
 * @category model
 * @since 0.2.0
 */
export interface Reported {
  readonly status?: ErrorStatus | undefined
  readonly message: string
  readonly code?: string | undefined
  readonly details?: unknown
  readonly issues?: ReadonlyArray<Issue> | undefined
}

/**
 * A body format. `encode` and `decode` may be user code: if `encode` throws or answers
 * something other than a string, the body falls back to the format without the user's
 * `details` and `issues`, then to the built-in `json` body; `decode` is called inside a
 * `try`.
 *
 * @example
 * import { toResponse, notFound, policy, json } from 'errmap'
 * const text = {
 *   mediaType: 'text/plain',
 *   contentType: 'text/plain; charset=utf-8',
 *   encode: (r) => `${r.status} ${r.primary.code}: ${r.primary.message}`,
 *   decode: (body) => [{ message: body.slice(body.indexOf(': ') + 2) }],
 * } satisfies import('errmap').Format
 * const r = toResponse(notFound('no user 42'), { accept: 'text/plain' }, policy({ formats: [json, text] }))
 * assert.strictEqual(r.headers['content-type'], 'text/plain; charset=utf-8')
 * assert.strictEqual(r.body, '404 NOT_FOUND: no user 42')
 *
 * @category model
 * @since 0.1.0
 */
export interface Format {
  /** The bare media type `Accept` is matched against, lower case (`application/vnd.api+json`). */
  readonly mediaType: string
  /** The whole `Content-Type` header of the body (`application/vnd.api+json`, with no charset). */
  readonly contentType: string
  /** The body for a report. */
  readonly encode: (report: Report) => string
  /** The errors a body of this format reports, or `undefined` when it is not one. */
  readonly decode: (body: string, status: ErrorStatus) => ReadonlyArray<Reported> | undefined
  /**
   * Headers every body of this format is sent with (`html` sets a `Content-Security-Policy`):
   * lower-case token names, values a header can hold. Never `content-type`,
   * `content-length`, `vary` or `content-language`, which errmap decides.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * What `jsonFormat` takes: a format whose body is JSON, described by JSON values.
 *
 * @category model
 * @since 0.2.0
 */
export interface JsonFormat {
  readonly mediaType: string
  /** Defaults to `<mediaType>; charset=utf-8`. */
  readonly contentType?: string
  /** The body as a JSON value (serialized for you: BigInt and cycles cannot break it). */
  readonly toJson: (report: Report) => unknown
  /** The errors a parsed body reports, or `undefined` when it is not one. */
  readonly fromJson: (body: unknown, status: ErrorStatus) => ReadonlyArray<Reported> | undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

/**
 * A format whose body is JSON: `toJson` and `fromJson` work on JSON values, the
 * serialization and parsing are done here.
 *
 * @example
 * import { jsonFormat, toResponse, notFound, policy } from 'errmap'
 * const jsonApi = jsonFormat({
 *   mediaType: 'application/vnd.api+json',
 *   contentType: 'application/vnd.api+json',
 *   toJson: (r) => ({ errors: r.errors.map((v) => ({ status: String(v.status), code: v.code, detail: v.message })) }),
 *   fromJson: () => undefined,
 * })
 * const r = toResponse(notFound(), { accept: 'application/vnd.api+json' }, policy({ formats: [jsonApi] }))
 * assert.strictEqual(r.headers['content-type'], 'application/vnd.api+json')
 *
 * @category constructors
 * @since 0.2.0
 */
export const jsonFormat = (f: JsonFormat): Format => ({
  mediaType: f.mediaType,
  contentType: f.contentType ?? `${f.mediaType}; charset=utf-8`,
  encode: (r) => stringify(f.toJson(r)) as string,
  decode: (body, status) => {
    const u = parse(body)
    return u === undefined ? undefined : f.fromJson(u, status)
  },
})

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/** The longest media type or `Content-Type` a format may have. @internal */
export const maxTypeLength = 256

// What the mapping decides itself: a format's headers never set them.
const decided = /* @__PURE__ */ new Set([
  'content-type',
  'content-length',
  'content-language',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'vary',
  'x-content-type-options',
])

/**
 * A format's headers, read once: at most 8, lower-cased token names errmap does not
 * decide itself, cleaned values of at most 1,024 characters; `undefined` when none is valid.
 *
 * @internal
 */
export const formatHeaders = (u: unknown): Readonly<Record<string, string>> | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  let out: Record<string, string> | undefined
  for (const key of Object.keys(u).slice(0, 8)) {
    const value: unknown = (u as Readonly<Record<string, unknown>>)[key]
    const name = key.toLowerCase()
    if (typeof value === 'string' && value.length <= 1024 && isToken(name) && !decided.has(name))
      (out ??= Object.create(null) as Record<string, string>)[name] = clean(value).trim()
  }
  return out
}

/**
 * A snapshot of a user's format, each field read once: a non-empty `mediaType` and
 * `contentType` of at most `maxTypeLength` characters (the `Content-Type` cleaned of what
 * a header cannot hold), an `encode` and a `decode` function, its `headers` (see
 * `formatHeaders`); `undefined` for any other
 * value or one whose reading throws.
 *
 * @internal
 */
export const formatOf = (u: unknown): Format | undefined => {
  try {
    if ((typeof u !== 'object' && typeof u !== 'function') || u === null) return undefined
    const f = u as Readonly<Record<string, unknown>>
    const mediaType = f['mediaType']
    const contentType = f['contentType']
    const encode = f['encode']
    const decode = f['decode']
    if (typeof mediaType !== 'string' || typeof contentType !== 'string') return undefined
    if (typeof encode !== 'function' || typeof decode !== 'function') return undefined
    if (mediaType.length === 0 || mediaType.length > maxTypeLength) return undefined
    if (contentType.length > maxTypeLength) return undefined
    const ct = clean(contentType).trim()
    if (ct.length === 0) return undefined
    const headers = formatHeaders(f['headers'])
    return Object.freeze({
      mediaType: mediaType.toLowerCase(),
      contentType: ct,
      encode: encode as Format['encode'],
      decode: decode as Format['decode'],
      ...(headers === undefined ? {} : { headers }),
    })
  } catch {
    return undefined
  }
}
