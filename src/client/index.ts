/**
 * `errmap/client`: io-ts codecs for every body format, and `decodeResponse`, which turns
 * a status and a body back into `HttpError`s. Its own entry, so that a server never
 * loads io-ts at run time.
 *
 * Law: for an error `e`, `decodeResponse` of what `toResponse(e, facts, policy)` wrote is
 * `[exposed(e, policy)]`, in every format. For several errors (none left out by
 * `maxErrors`), it is their `exposed` parts in order in `json` and `problem`, whose items
 * carry their status; a `graphql` body carries no per-error status, so each error's
 * status is the one its code names by default (`NOT_FOUND` → 404), and the law holds for
 * errors that keep their variant's default code and status.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { Format, Reported } from '../format/Format.js'
import { readMediaType } from '../internal/mediaType.js'
import type { HttpError, Issue } from '../model/HttpError.js'
import { isErrorStatus, type ErrorStatus } from '../model/Status.js'
import { specOf } from '../model/variants.js'
import { defaultPolicy, resolve, type Policy } from '../policy/Policy.js'
import { cap, viewUnder } from '../policy/View.js'
import { fromStatus } from '../unknown/fromStatus.js'
import { fromUnknown } from '../unknown/fromUnknown.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const LocationCodec = t.keyof({
  body: null,
  query: null,
  path: null,
  header: null,
  cookie: null,
  security: null,
})

/**
 * An issue of a 400 or 422.
 *
 * @category codecs
 * @since 0.1.0
 */
export const IssueCodec: t.Type<Issue> = t.intersection([
  t.type({ path: t.string, message: t.string }),
  t.partial({ location: LocationCodec, expected: t.string }),
])

/**
 * An HTTP error status, 400–599.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ErrorStatusCodec = new t.Type<ErrorStatus, number, unknown>(
  'ErrorStatus',
  isErrorStatus,
  (u, c) => (isErrorStatus(u) ? t.success(u) : t.failure(u, c)),
  (s) => s,
)

const Item = t.intersection([
  t.type({ message: t.string, code: t.string }),
  t.partial({
    status: ErrorStatusCodec,
    details: t.unknown,
    issues: t.array(IssueCodec),
    omittedIssues: t.number,
  }),
])

/**
 * The `json` body.
 *
 * @category codecs
 * @since 0.1.0
 */
export const JsonBody = t.intersection([
  Item,
  t.partial({ requestId: t.string, errors: t.array(Item), omitted: t.number }),
])

/**
 * The `problem` body: an RFC 9457 problem document, whose members are all optional, with
 * errmap's extension members.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProblemBody = t.partial({
  type: t.string,
  title: t.string,
  status: ErrorStatusCodec,
  detail: t.string,
  instance: t.string,
  code: t.string,
  details: t.unknown,
  issues: t.array(IssueCodec),
  omittedIssues: t.number,
  requestId: t.string,
  errors: t.array(Item),
  omitted: t.number,
})

/**
 * The `graphql` body.
 *
 * @category codecs
 * @since 0.1.0
 */
export const GraphQLBody = t.intersection([
  t.type({
    errors: t.array(
      t.type({
        message: t.string,
        extensions: t.intersection([
          t.type({ code: t.string }),
          t.partial({ details: t.unknown, issues: t.array(IssueCodec) }),
        ]),
      }),
    ),
  }),
  t.partial({ extensions: t.partial({ requestId: t.string, omitted: t.number }) }),
])

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The error a client can rebuild: the variant of the status, the fields the body carried;
// the variant's own fields are what its headers would say when absent (`allow: []`).
const rebuild = (r: Reported, status: ErrorStatus): HttpError => {
  const s = r.status ?? status
  const e = fromStatus(s, r.message, { code: r.code, details: r.details })
  if (r.issues === undefined || !('issues' in specOf(e._tag).read)) return e
  return { ...e, issues: r.issues } as HttpError
}

/**
 * The part of an error a client sees under a policy, as `decodeResponse` rebuilds it:
 * the variant its status names (under the default policy, its own variant), its code,
 * and — when exposed — its message, details and issues, bounded exactly as the body
 * shows them (`maxMessageLength`, `maxErrors` issues); otherwise the status' reason
 * phrase. Headers are not part of it (`allow` is empty).
 *
 * @example
 * import { internal, notFound, policy } from 'errmap'
 * import { exposed } from 'errmap/client'
 * assert.deepStrictEqual(exposed(internal('db password is hunter2')), internal())
 * assert.deepStrictEqual(exposed(notFound('no user 42'), policy({ maxMessageLength: 7 })), notFound('no user…'))
 *
 * @category utils
 * @since 0.1.0
 */
export const exposed = (e: HttpError, policy: Policy = defaultPolicy): HttpError => {
  const p = resolve(policy)
  const v = viewUnder(p, fromUnknown(e, p.recognisers))
  return rebuild(
    { status: v.status, message: v.message, code: v.code, details: v.details, issues: v.issues },
    v.status,
  )
}

// Why no format read a body.
const whyNot = (text: string): string => {
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch {
    return 'the body is not JSON'
  }
  return typeof u === 'object' && u !== null && !Array.isArray(u)
    ? 'no format reads the body'
    : 'the body is not a JSON object'
}

const failure = (actual: unknown, message: string): E.Either<t.Errors, never> =>
  t.failure(actual, [{ key: '', type: t.unknown, actual }], message)

// What a `Left` carries of a body: a body can be megabytes, an error shows its start.
const shown = (body: unknown): unknown => (typeof body === 'string' ? cap(body, 64) : body)

// The name errmap exports each of its formats under, by media type.
const builtIn: ReadonlyMap<string, string> = new Map([
  ['application/json', 'json'],
  ['application/problem+json', 'problem'],
  ['application/graphql-response+json', 'graphql'],
  ['text/html', 'html'],
])

// Why no format read a body whose `Content-Type` names a media type none of `formats` is for.
const noFormatFor = (
  formats: ReadonlyArray<Format>,
  contentType: string | null | undefined,
): string | undefined => {
  if (typeof contentType !== 'string') return undefined
  const m = readMediaType(contentType).type
  if (!m.includes('/') || formats.some((f) => f.mediaType === m)) return undefined
  const type = cap(m, 64)
  return `no format for ${type}; pass formats: [..., ${builtIn.get(m) ?? `a format for ${type}`}]`
}

/**
 * What `decodeResponse` reads a body with.
 *
 * @category model
 * @since 0.2.0
 */
export interface DecodeOptions {
  /** The formats the server may have answered in (a policy's `formats`); errmap's three by default. */
  readonly formats?: ReadonlyArray<Format>
  /** The response's `Content-Type`: picks the format whose media type it names. */
  readonly contentType?: string | null | undefined
}

// Formats whose members are all optional (a problem document) read any object: tried last.
const lenient = (f: Format): boolean => f.mediaType.endsWith('problem+json')

const decodeWith = (
  formats: ReadonlyArray<Format>,
  contentType: string | null | undefined,
  body: string,
  status: ErrorStatus,
): ReadonlyArray<Reported> | undefined => {
  if (typeof contentType === 'string') {
    const m = readMediaType(contentType).type
    for (const f of formats) if (f.mediaType === m) return f.decode(body, status)
  }
  for (const f of formats) {
    if (lenient(f)) continue
    const r = f.decode(body, status)
    if (r !== undefined) return r
  }
  for (const f of formats) if (lenient(f)) return f.decode(body, status)
  return undefined
}

/**
 * Turns a status and a body (a string, or parsed JSON) back into the errors it reports,
 * in order, with the formats the server may have used (a policy's, errmap's three by
 * default). With the response's `Content-Type`, the format it names reads the body;
 * without, each format is tried in turn, a problem format (whose members are all
 * optional) last: a `json` body (`message` and `code`) and a `graphql` body (`errors`
 * with `extensions.code`) are read as errmap writes them; any other JSON object is read as
 * an RFC 9457 problem document, whose members are ignored when of the wrong type: the
 * message is `detail`, else `title`, else the status' reason phrase, the code is `code`,
 * else the variant's, and the status is `status`, else the response's (`{}` with a 404 is
 * `notFound()`). A status outside 400–599 is read as 500. Never throws: a body no format
 * reads, or that cannot be read (a throwing getter, a revoked Proxy), is a `Left`, whose
 * message says why — `no format for text/html; pass formats: [..., html]` when the
 * `Content-Type` names a media type none of the formats is for — and which carries at most
 * the first 64 characters of a string body, never the whole of it.
 *
 * @example
 * import { toResponse, notFound } from 'errmap'
 * import { decodeResponse } from 'errmap/client'
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = toResponse(notFound('no user 42'))
 * assert.deepStrictEqual(decodeResponse(r.status, r.body), E.right([notFound('no user 42')]))
 * const plain = { type: 'about:blank', title: 'Not Found', status: 404 }
 * assert.deepStrictEqual(decodeResponse(404, plain), E.right([notFound('Not Found')]))
 *
 * @category utils
 * @since 0.1.0
 */
export const decodeResponse = (
  status: number,
  body: unknown,
  options: DecodeOptions = {},
): E.Either<t.Errors, ReadonlyArray<HttpError>> => {
  const s: ErrorStatus = isErrorStatus(status) ? status : 500
  try {
    // An array (a Proxy of one included) is refused without running any of its getters.
    if (Array.isArray(body)) return failure(body, 'the body is not a JSON object')
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    if (typeof text !== 'string') return failure(body, 'the body is not a JSON object')
    const formats = options.formats ?? defaultPolicy.formats
    const contentType = options.contentType
    const reported = decodeWith(formats, contentType, text, s)
    if (reported === undefined || reported.length === 0)
      return failure(shown(body), noFormatFor(formats, contentType) ?? whyNot(text))
    return E.right(reported.map((r) => rebuild(r, s)))
  } catch {
    // A getter or a Proxy trap threw: nothing of the value can be trusted or shown.
    return failure(undefined, 'the body could not be read')
  }
}

export { quotasOf } from './quotas.js'
