/**
 * `errmap/graphql`: GraphQL over HTTP. A GraphQL execution result, or a request refused
 * before GraphQL could run, becomes the exact `HttpResponse` — status, `Content-Type`,
 * body — that the GraphQL-over-HTTP spec asks for, under one of two profiles: the 2024
 * draft (the default: what deployed servers, graphql-http's audit and the seeds follow)
 * or the 2026 draft (422s, 294 for partial success). Error codes (`extensions.code`) and
 * `HttpError`s map both ways through a code map: Apollo's (the base), the Grafbase
 * gateway's, or yours. Structural types only: nothing of the `graphql` package is
 * imported.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { Format } from '../format/Format.js'
import { graphql as graphqlBody } from '../format/graphql.js'
import { entityHeaders, mergeVary } from '../internal/headers.js'
import { byteLength, stringify } from '../internal/json.js'
import { negotiate } from '../internal/negotiate.js'
import { get, isRecord, type Bag } from '../internal/read.js'
import type { HttpError, Issue, Location } from '../model/HttpError.js'
import {
  badRequest,
  internal,
  methodNotAllowed,
  notAcceptable,
  status as ownStatus,
  unprocessableContent,
  unsupportedMediaType,
} from '../model/errors.js'
import { codeOf, isErrorStatus, reason, type ErrorStatus } from '../model/Status.js'
import { tags, variants } from '../model/variants.js'
import { notify, policy as make, resolve, type Policy } from '../policy/Policy.js'
import { viewUnder, type View } from '../policy/View.js'
import { toResponse } from '../response/toResponse.js'
import type { ErrorResponse, HttpResponse, RequestFacts } from '../response/types.js'
import { fromStatus } from '../unknown/fromStatus.js'
import { fromUnknown } from '../unknown/fromUnknown.js'
import { snapshot } from '../unknown/snapshot.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Which draft of the GraphQL-over-HTTP spec decides statuses and media types.
 *
 * - `'2024'` (default): the Stage-2 draft deployed servers, graphql-http's audit and the
 *   seeds follow. A well-formed request answered as `application/json` is a 200; under
 *   `application/graphql-response+json` a result without `data` gets the 4xx/5xx of its
 *   errors (400 for parse, validation, operation and variable failures). No `Accept`, or
 *   the full wildcard, gets `application/json`.
 * - `'2026'`: the revision that removed the `application/json` response section. Both
 *   media types get the full range of statuses — 422 for malformed requests and for
 *   validation, operation and variable failures, 294 for partial success under
 *   `application/graphql-response+json` — and `application/json` only replaces the
 *   `Content-Type` of 2xx answers. No `Accept`, or the full wildcard, gets
 *   `application/graphql-response+json`.
 *
 * @category model
 * @since 0.1.0
 */
export type Profile = '2024' | '2026'

/**
 * The media types a GraphQL response is sent as.
 *
 * @category model
 * @since 0.1.0
 */
export type MediaType = 'application/json' | 'application/graphql-response+json'

/**
 * The facts of the request that shape the answer: the core's `RequestFacts` (`Accept`,
 * method, request id) and the request's `Content-Type`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Facts extends RequestFacts {
  /** The `Content-Type` header of the request, if any (a POST must send JSON). */
  readonly contentType?: string | undefined
}

/**
 * A position in a GraphQL document.
 *
 * @category model
 * @since 0.1.0
 */
export interface SourceLocation {
  readonly line: number
  readonly column: number
}

/**
 * A GraphQL error, read structurally: graphql-js's `GraphQLError` fits, and so does a
 * plain object. `originalError` is what a resolver threw (graphql-js wraps a thrown value
 * that is not an `Error`, such as an `HttpError`, and keeps it as `thrownValue`).
 *
 * @category model
 * @since 0.1.0
 */
export interface GraphQLErrorLike {
  readonly message: string
  readonly locations?: ReadonlyArray<SourceLocation> | undefined
  readonly path?: ReadonlyArray<string | number> | undefined
  readonly extensions?: Readonly<Record<string, unknown>> | undefined
  readonly originalError?: unknown
}

/**
 * A GraphQL execution result, read structurally: graphql-js's `ExecutionResult` fits.
 * `data` present (even `null`) means execution started; absent means a request error.
 *
 * @category model
 * @since 0.1.0
 */
export interface ExecutionResult {
  readonly data?: unknown
  readonly errors?: ReadonlyArray<GraphQLErrorLike> | undefined
  readonly extensions?: Readonly<Record<string, unknown>> | undefined
}

/**
 * A GraphQL error as the client receives it.
 *
 * @category model
 * @since 0.1.0
 */
export interface FormattedError {
  readonly message: string
  readonly locations?: ReadonlyArray<SourceLocation>
  readonly path?: ReadonlyArray<string | number>
  readonly extensions: { readonly code: string; readonly [key: string]: unknown }
}

/**
 * The stages of a GraphQL request that fail with a request error (no `data`), each with
 * the status the spec gives it: loading a persisted query (Apollo: 200 with
 * `Cache-Control: private, no-cache, must-revalidate`, so that the client sends the
 * document), parsing (400), validation, choosing the operation and coercing variables
 * (400 in the 2024 draft, 422 in the 2026 draft).
 *
 * @category model
 * @since 0.1.0
 */
export type Stage = 'persisted-query' | 'parse' | 'validation' | 'operation' | 'variables'

/**
 * What an `extensions.code` means: a failed stage, or an error status (mapped to its
 * `HttpError` variant: 401 → `Unauthorized`, 502 → `BadGateway`, 418 → `Custom`).
 *
 * @category model
 * @since 0.1.0
 */
export type Meaning = Stage | ErrorStatus

/**
 * A code map: `extensions.code` → meaning. The first code of a meaning is the code an
 * `HttpError` with that status (and its variant's default code) is given.
 *
 * @category model
 * @since 0.1.0
 */
export type Codes = Readonly<Record<string, Meaning>>

/**
 * A request refused before GraphQL could run — there is no GraphQL request to answer,
 * so the answer is never `application/graphql-response+json`:
 *
 * - `UnsupportedMethod`: 405, `Allow: GET, POST`.
 * - `MutationOverGet`: 405, `Allow: POST`.
 * - `UnsupportedContentType`: 415, `Accept: application/json` (and `Accept-Post`).
 * - `NotAcceptable`: 406, the `Accept` header names neither media type.
 * - `UnparsableBody`: 400, the body is not JSON.
 * - `MalformedRequest`: not a well-formed GraphQL-over-HTTP request (`{"qeury": …}`,
 *   `variables` not a map): 400 in the 2024 draft, 422 in the 2026 draft.
 *
 * @category model
 * @since 0.1.0
 */
export type Refusal =
  | { readonly _tag: 'UnsupportedMethod' }
  | { readonly _tag: 'MutationOverGet' }
  | { readonly _tag: 'UnsupportedContentType' }
  | { readonly _tag: 'NotAcceptable' }
  | { readonly _tag: 'UnparsableBody' }
  | { readonly _tag: 'MalformedRequest'; readonly issues: ReadonlyArray<Issue> }

/**
 * The parameters of a GraphQL-over-HTTP request. `query` is absent only when
 * `extensions.persistedQuery` names a persisted document.
 *
 * @category model
 * @since 0.1.0
 */
export interface Params {
  readonly query: string | undefined
  readonly operationName: string | undefined
  readonly variables: Readonly<Record<string, unknown>> | undefined
  readonly extensions: Readonly<Record<string, unknown>> | undefined
}

/**
 * The knobs, all optional: the profile, whether a request must send `Accept` (the Grafbase
 * gateway answers a missing one with 406), a code map (added over Apollo's codes), code
 * renames (added to the policy's), and the core `Policy` (priority, masking, bounds,
 * status remaps).
 *
 * @category model
 * @since 0.1.0
 */
export interface Options {
  readonly profile?: Profile
  readonly acceptRequired?: boolean
  readonly codes?: Codes
  readonly renames?: Readonly<Record<string, string>>
  readonly policy?: Policy
}

// The GraphQL body under each media type, as the single format of a policy (one list per
// type, made once, so the core compiles it once).
const bodyFormats: { readonly [T in MediaType]: ReadonlyArray<Format> } = {
  'application/json': [
    {
      ...graphqlBody,
      mediaType: 'application/json',
      contentType: 'application/json; charset=utf-8',
    },
  ],
  'application/graphql-response+json': [graphqlBody],
}

/**
 * Complete settings, as `settings` builds them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Settings {
  readonly profile: Profile
  /** A missing or empty `Accept` is refused with 406 instead of getting the profile's default. */
  readonly acceptRequired: boolean
  /** The core policy, its `codes` including the renames. */
  readonly policy: Policy
  /** The same policy with the GraphQL body as its one format, per media type. @internal */
  readonly bodies: { readonly [T in MediaType]: Policy }
  /** Code → meaning: the code map over Apollo's over errmap's own codes, and renamed codes. */
  readonly meanings: ReadonlyMap<string, Meaning>
  /** Meaning → the code it is given. */
  readonly codes: ReadonlyMap<Meaning, string>
}

// -------------------------------------------------------------------------------------
// code maps
// -------------------------------------------------------------------------------------

/**
 * Apollo Server's codes: parse, validation, variable (`BAD_USER_INPUT`) and operation
 * failures, persisted queries (answered 200 so that the client sends the document),
 * `BAD_REQUEST`, `UNAUTHENTICATED`, `FORBIDDEN`, `INTERNAL_SERVER_ERROR`. Every code map
 * is added over this one.
 *
 * @category code maps
 * @since 0.1.0
 */
export const apolloCodes: Codes = {
  GRAPHQL_PARSE_FAILED: 'parse',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  BAD_USER_INPUT: 'variables',
  OPERATION_RESOLUTION_FAILURE: 'operation',
  PERSISTED_QUERY_NOT_FOUND: 'persisted-query',
  PERSISTED_QUERY_NOT_SUPPORTED: 'persisted-query',
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INTERNAL_SERVER_ERROR: 500,
}

/**
 * The Grafbase gateway's codes (seed 002): under `application/graphql-response+json`, a
 * request error gets the status of its code, and a 4xx wins over a 5xx (the core's
 * `defaultPriority`). Variable and operation failures keep Apollo's codes.
 *
 * @example
 * import { grafbaseCodes, respond, settings } from 'errmap/graphql'
 * const gateway = settings({ codes: grafbaseCodes })
 * const r = respond(
 *   { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] },
 *   { accept: 'application/graphql-response+json' },
 *   gateway,
 * )
 * assert.strictEqual(r.status, 429)
 *
 * @category code maps
 * @since 0.1.0
 */
export const grafbaseCodes: Codes = {
  BAD_REQUEST: 400,
  TRUSTED_DOCUMENT_ERROR: 400,
  PERSISTED_QUERY_ERROR: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  OPERATION_PARSING_ERROR: 'parse',
  OPERATION_VALIDATION_ERROR: 'validation',
  OPERATION_PLANNING_ERROR: 400,
  UNAUTHENTICATED: 401,
  UNAUTHORIZED: 403,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  HOOK_ERROR: 500,
  SUBGRAPH_ERROR: 502,
  SUBGRAPH_INVALID_RESPONSE_ERROR: 502,
  SUBGRAPH_REQUEST_ERROR: 502,
  GATEWAY_TIMEOUT: 504,
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const stages: ReadonlyArray<unknown> = [
  'persisted-query',
  'parse',
  'validation',
  'operation',
  'variables',
]

const isMeaning = (u: unknown): u is Meaning => isErrorStatus(u) || stages.includes(u)

/**
 * Settings from options; everything not given is the default: the 2024 profile, no
 * `Accept` needed, Apollo's codes, no renames, the core's default policy. A code map is
 * added over Apollo's codes, and errmap's own codes (`NOT_FOUND`, …) are understood too;
 * entries whose meaning is neither a stage nor an error status are ignored. A renamed
 * code means what the original meant.
 *
 * @example
 * import { grafbaseCodes, settings } from 'errmap/graphql'
 * const s = settings({ codes: grafbaseCodes, renames: { OPERATION_VALIDATION_ERROR: 'MY_CUSTOM_CODE' } })
 * assert.strictEqual(s.meanings.get('MY_CUSTOM_CODE'), 'validation')
 * assert.strictEqual(s.codes.get(403), 'UNAUTHORIZED')
 *
 * @category constructors
 * @since 0.1.0
 */
export const settings = (options: Options = {}): Settings => {
  const base = resolve(options.policy)
  const renames = new Map(base.codes)
  const given = options.renames ?? {}
  for (const from of Object.keys(given)) {
    const to = given[from]
    if (typeof to === 'string' && to.length > 0) renames.set(from, to)
  }
  const policy: Policy = make({ ...base, codes: renames })

  const user = options.codes ?? {}
  const meanings = new Map<string, Meaning>()
  for (const tag of tags)
    if (tag !== 'Custom') meanings.set(variants[tag].code, variants[tag].status)
  for (const map of [apolloCodes, user])
    for (const code of Object.keys(map)) {
      const m = map[code]
      if (isMeaning(m)) meanings.set(code, m)
    }
  const codes = new Map<Meaning, string>()
  for (const map of [user, apolloCodes])
    for (const code of Object.keys(map)) {
      const m = meanings.get(code)
      if (m !== undefined && m === map[code] && !codes.has(m)) codes.set(m, code)
    }
  for (const [from, to] of renames) {
    const m = meanings.get(from)
    if (m !== undefined && !meanings.has(to)) meanings.set(to, m)
  }
  return {
    profile: options.profile === '2026' ? '2026' : '2024',
    acceptRequired: options.acceptRequired === true,
    policy,
    bodies: {
      'application/json': make({ ...policy, formats: bodyFormats['application/json'] }),
      'application/graphql-response+json': make({
        ...policy,
        formats: bodyFormats['application/graphql-response+json'],
      }),
    },
    meanings,
    codes,
  }
}

/**
 * The default settings: the 2024 profile, Apollo's codes, the core's default policy.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultSettings: Settings = settings()

// -------------------------------------------------------------------------------------
// negotiation
// -------------------------------------------------------------------------------------

const JSON_TYPE: MediaType = 'application/json'
const GRAPHQL_TYPE: MediaType = 'application/graphql-response+json'
const order2024: ReadonlyArray<MediaType> = [JSON_TYPE, GRAPHQL_TYPE]
const order2026: ReadonlyArray<MediaType> = [GRAPHQL_TYPE, JSON_TYPE]

const available = (s: Settings): ReadonlyArray<MediaType> =>
  s.profile === '2026' ? order2026 : order2024

const DQUOTE = 0x22

const unquote = (v: string): string =>
  v.length >= 2 && v.charCodeAt(0) === DQUOTE && v.charCodeAt(v.length - 1) === DQUOTE
    ? v.slice(1, -1)
    : v

// `name=value` is `charset=utf-8` (any case, value quoted or not). For the request's
// `Content-Type` only: `Accept` charsets are the core's `negotiate`'s concern.
const isUtf8Charset = (parameter: string): boolean => {
  const eq = parameter.indexOf('=')
  return (
    eq > 0 &&
    parameter.slice(0, eq).trim().toLowerCase() === 'charset' &&
    unquote(parameter.slice(eq + 1).trim()).toLowerCase() === 'utf-8'
  )
}

/**
 * The media type of the answer: the one `Accept` prefers (q-values, wildcards and
 * `charset=utf-8` parameters honoured, through the core's `negotiate`), or `undefined`
 * when it names neither. No `Accept` or an empty one (unless `acceptRequired`), the full
 * wildcard or `application/*`: the profile's default — `application/json` in 2024,
 * `application/graphql-response+json` in 2026.
 *
 * @example
 * import { mediaType, settings } from 'errmap/graphql'
 * assert.strictEqual(mediaType(undefined), 'application/json')
 * const anything = ['*', '*'].join('/')
 * assert.strictEqual(mediaType(anything), 'application/json')
 * assert.strictEqual(mediaType(anything, settings({ profile: '2026' })), 'application/graphql-response+json')
 * assert.strictEqual(mediaType('application/graphql-response+json;charset=utf-8, application/json;q=0.9'), 'application/graphql-response+json')
 * assert.strictEqual(mediaType('text/html'), undefined)
 *
 * @category negotiation
 * @since 0.1.0
 */
export const mediaType = (
  accept: string | undefined,
  s: Settings = defaultSettings,
): MediaType | undefined => {
  const missing = typeof accept !== 'string' || accept.trim() === ''
  if (missing && s.acceptRequired) return undefined
  const types = available(s)
  return types[negotiate(missing ? undefined : accept, types)]
}

// `type; a=1; b="x;y"` split at the `;` outside quoted strings (a `\` escapes inside them).
const splitParameters = (v: string): Array<string> => {
  const out: Array<string> = []
  let start = 0
  let quoted = false
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (quoted && c === 92) i++
    else if (c === DQUOTE) quoted = !quoted
    else if (c === 59 && !quoted) {
      out.push(v.slice(start, i))
      start = i + 1
    }
  }
  out.push(v.slice(start))
  return out
}

const isJsonContent = (contentType: string | undefined): boolean => {
  if (typeof contentType !== 'string') return false
  const parts = splitParameters(contentType)
  if ((parts[0] as string).trim().toLowerCase() !== JSON_TYPE) return false
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i] as string
    const eq = p.indexOf('=')
    if (eq > 0 && p.slice(0, eq).trim().toLowerCase() === 'charset') return isUtf8Charset(p)
  }
  return true
}

/**
 * What the server must refuse before reading the request, in the order an HTTP server
 * checks: a method other than GET and POST (405), a POST whose `Content-Type` is not
 * `application/json` in UTF-8 (415), an `Accept` that names neither media type (406).
 * `undefined` when the request may proceed. Without a method, neither method nor
 * `Content-Type` is checked.
 *
 * @example
 * import { check } from 'errmap/graphql'
 * assert.deepStrictEqual(check({ method: 'PUT' }), { _tag: 'UnsupportedMethod' })
 * assert.deepStrictEqual(check({ method: 'POST', contentType: 'text/plain' }), { _tag: 'UnsupportedContentType' })
 * assert.deepStrictEqual(check({ method: 'GET', accept: 'text/html' }), { _tag: 'NotAcceptable' })
 * assert.strictEqual(check({ method: 'POST', contentType: 'application/json; charset=utf-8' }), undefined)
 *
 * @category negotiation
 * @since 0.1.0
 */
export const check = (facts: Facts, s: Settings = defaultSettings): Refusal | undefined => {
  const method = facts.method
  if (method !== undefined && method !== 'GET' && method !== 'POST')
    return { _tag: 'UnsupportedMethod' }
  if (method === 'POST' && !isJsonContent(facts.contentType))
    return { _tag: 'UnsupportedContentType' }
  if (mediaType(facts.accept, s) === undefined) return { _tag: 'NotAcceptable' }
  return undefined
}

// -------------------------------------------------------------------------------------
// codes
// -------------------------------------------------------------------------------------

interface Classified {
  readonly error: HttpError
  readonly stage: Stage | undefined
}

const isIssue = (u: unknown): boolean =>
  typeof get(u, 'path') === 'string' && typeof get(u, 'message') === 'string'

// What a client-facing error carried besides its message: `details`, and `issues` on a 400/422.
const carried = (e: HttpError, extensions: unknown): HttpError => {
  const details = get(extensions, 'details')
  const issues = get(extensions, 'issues')
  const valid = Array.isArray(issues) && issues.every(isIssue)
  const out: Record<string, unknown> = { ...e }
  if (details !== undefined) out['details'] = details
  if (valid && (e._tag === 'BadRequest' || e._tag === 'UnprocessableContent'))
    out['issues'] = issues
  return out as unknown as HttpError
}

const fromMeaning = (m: Meaning, g: GraphQLErrorLike, code: string, s: Settings): Classified => {
  const message = typeof g.message === 'string' ? g.message : undefined
  if (typeof m === 'number')
    return { error: carried({ ...fromStatus(m, message), code }, g.extensions), stage: undefined }
  const late = m === 'validation' || m === 'operation' || m === 'variables'
  const error =
    late && s.profile === '2026'
      ? unprocessableContent([], message, { code })
      : badRequest(message, { code })
  return { error: carried(error, g.extensions), stage: m }
}

// What a resolver threw: graphql-js 16 wraps a thrown non-Error and keeps it as `thrownValue`.
const thrown = (original: unknown): unknown => {
  const value = get(original, 'thrownValue')
  return value === undefined ? original : value
}

const classify = (g: GraphQLErrorLike, s: Settings): Classified => {
  const origin = thrown(g.originalError)
  // An HttpError a resolver threw, read once.
  const own = snapshot(origin)
  if (own !== undefined) return { error: own, stage: undefined }
  const code = get(g.extensions, 'code')
  // A code nobody mapped was still chosen for the client: a 400 that shows its message.
  if (typeof code === 'string') return fromMeaning(s.meanings.get(code) ?? 400, g, code, s)
  const message = typeof g.message === 'string' ? g.message : undefined
  // Anything else a resolver threw is a 500, masked unless it carries its own status.
  if (g.originalError !== undefined && g.originalError !== null)
    return { error: fromUnknown(origin, s.policy.recognisers), stage: undefined }
  // graphql-js's own errors: a field error (non-null violation) is the server's fault, but
  // its text names only the schema; a request error without a code is the client's.
  return {
    error: Array.isArray(g.path) ? internal(message, { expose: true }) : badRequest(message),
    stage: undefined,
  }
}

const safely = (g: GraphQLErrorLike, s: Settings): Classified => {
  try {
    return classify(g, s)
  } catch {
    return { error: internal(undefined, { cause: g }), stage: undefined }
  }
}

// The error with the code its status has in the code map, when it still has its
// variant's default code; a code chosen by the author is kept.
const coded = (e: HttpError, s: Settings): HttpError => {
  const fallback = e._tag === 'Custom' ? codeOf(ownStatus(e)) : variants[e._tag].code
  if (e.code !== fallback) return e
  const preferred = s.codes.get(ownStatus(e))
  return preferred === undefined || preferred === e.code ? e : { ...e, code: preferred }
}

const present = (e: HttpError, s: Settings): View => viewUnder(s.policy, coded(e, s))

const extensionsOf = (v: View, extra: Bag): FormattedError['extensions'] => {
  const out: Record<string, unknown> = { ...extra, code: v.code }
  if (v.details !== undefined) out['details'] = v.details
  // A stage's 422 has no issues of its own: its message says what failed.
  if (v.issues !== undefined && v.issues.length > 0) out['issues'] = v.issues
  return out as FormattedError['extensions']
}

const copy = (o: unknown, without: string | undefined): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  if (typeof o === 'object' && o !== null && !Array.isArray(o))
    for (const k of Object.keys(o)) if (k !== without) out[k] = (o as Bag)[k]
  return out
}

/**
 * The `HttpError` a GraphQL error stands for. An `HttpError` a resolver threw is itself;
 * otherwise `extensions.code` decides through the code map (an unknown code is a 400
 * with that code), with `extensions.details` and `extensions.issues` carried back; an
 * uncoded thrown value goes through the core's `fromUnknown` (a masked 500 unless it
 * carries a status, as http-errors and Boom errors do); graphql-js's own uncoded errors
 * are a 400 for a request error and an exposed 500 for a field error. Stage codes give a
 * 400, or a 422 for validation, operation and variable failures in the 2026 profile.
 * Total.
 *
 * @example
 * import { fromGraphQLError, settings } from 'errmap/graphql'
 * assert.strictEqual(fromGraphQLError({ message: 'who?', extensions: { code: 'UNAUTHENTICATED' } })._tag, 'Unauthorized')
 * const v = { message: 'no field x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }
 * assert.strictEqual(fromGraphQLError(v)._tag, 'BadRequest')
 * assert.strictEqual(fromGraphQLError(v, settings({ profile: '2026' }))._tag, 'UnprocessableContent')
 *
 * @category codes
 * @since 0.1.0
 */
export const fromGraphQLError = (
  error: GraphQLErrorLike,
  s: Settings = defaultSettings,
): HttpError => safely(error, s).error

/**
 * The GraphQL error a client sees for an `HttpError`: `extensions.code` from the code
 * map (`Unauthorized` is `UNAUTHENTICATED` with Apollo's and Grafbase's codes) unless the
 * error has a code of its own, then renamed by the policy; message, `details` and
 * `issues` shown or masked as the policy says (a 5xx shows its reason phrase).
 *
 * @example
 * import { internal, notFound, unauthorized } from 'errmap'
 * import { toGraphQLError } from 'errmap/graphql'
 * assert.deepStrictEqual(toGraphQLError(notFound('no user 42')), { message: 'no user 42', extensions: { code: 'NOT_FOUND' } })
 * assert.deepStrictEqual(toGraphQLError(unauthorized('sign in')), { message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } })
 * assert.deepStrictEqual(toGraphQLError(internal('db password is hunter2')), {
 *   message: 'Internal Server Error',
 *   extensions: { code: 'INTERNAL_SERVER_ERROR' },
 * })
 *
 * @category codes
 * @since 0.1.0
 */
export const toGraphQLError = (e: HttpError, s: Settings = defaultSettings): FormattedError => {
  try {
    const v = present(fromUnknown(e, s.policy.recognisers), s)
    return { message: v.message, extensions: extensionsOf(v, {}) }
  } catch {
    return masked(s)
  }
}

const masked = (s: Settings): FormattedError => {
  const code = variants.Internal.code
  return { message: reason(500), extensions: { code: s.policy.codes.get(code) ?? code } }
}

const format = (g: GraphQLErrorLike, c: Classified, s: Settings): FormattedError => {
  try {
    const v = present(c.error, s)
    // graphql-js's order: message, locations, path, extensions.
    const out: Record<string, unknown> = { message: v.message }
    if (Array.isArray(g.locations)) out['locations'] = g.locations
    if (Array.isArray(g.path)) out['path'] = g.path
    out['extensions'] = extensionsOf(v, v.exposed ? copy(g.extensions, 'code') : {})
    return out as unknown as FormattedError
  } catch {
    return masked(s)
  }
}

/**
 * A GraphQL error as the client should see it: `message`, `locations`, `path`, and
 * `extensions` with the code of `fromGraphQLError` (renamed by the policy). A masked
 * error (a 5xx, such as anything a resolver threw that is not an `HttpError`) shows only
 * its status' reason phrase and its code; an exposed one keeps its other extensions and
 * adds `details`/`issues`. Usable as a server's `formatError` hook.
 *
 * @example
 * import { formatError } from 'errmap/graphql'
 * const leaked = { message: 'connect ECONNREFUSED 10.0.0.3', path: ['user'], originalError: new Error('connect ECONNREFUSED 10.0.0.3') }
 * assert.deepStrictEqual(formatError(leaked), {
 *   message: 'Internal Server Error',
 *   path: ['user'],
 *   extensions: { code: 'INTERNAL_SERVER_ERROR' },
 * })
 *
 * @category codes
 * @since 0.1.0
 */
export const formatError = (
  error: GraphQLErrorLike,
  s: Settings = defaultSettings,
): FormattedError => format(error, safely(error, s), s)

const stageCodes: { readonly [S in Stage]: string } = {
  'persisted-query': 'PERSISTED_QUERY_NOT_FOUND',
  parse: 'GRAPHQL_PARSE_FAILED',
  validation: 'GRAPHQL_VALIDATION_FAILED',
  operation: 'OPERATION_RESOLUTION_FAILURE',
  variables: 'BAD_USER_INPUT',
}

/**
 * The errors of a request that failed at `stage`, each given the stage's code from the
 * code map (`GRAPHQL_VALIDATION_FAILED` with Apollo's codes, `OPERATION_VALIDATION_ERROR`
 * with Grafbase's) unless it already has a code — so that `respond` can give the result
 * the stage's status. graphql-js's `parse`, `validate` and `execute` do not set codes.
 *
 * @example
 * import { requestErrors, respond, settings } from 'errmap/graphql'
 * const s = settings({ profile: '2026' })
 * const errors = requestErrors('validation', [{ message: 'Cannot query field "nope" on type "Query".' }], s)
 * assert.strictEqual(errors[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED')
 * assert.strictEqual(respond({ errors }, { accept: 'application/graphql-response+json' }, s).status, 422)
 *
 * @category codes
 * @since 0.1.0
 */
export const requestErrors = (
  stage: Stage,
  errors: ReadonlyArray<GraphQLErrorLike>,
  s: Settings = defaultSettings,
): ReadonlyArray<GraphQLErrorLike> => {
  const code = s.codes.get(stage) ?? stageCodes[stage]
  return errors.map((g) =>
    typeof get(g.extensions, 'code') === 'string'
      ? g
      : {
          message: g.message,
          locations: g.locations,
          path: g.path,
          originalError: g.originalError,
          extensions: { ...copy(g.extensions, undefined), code },
        },
  )
}

// -------------------------------------------------------------------------------------
// responses
// -------------------------------------------------------------------------------------

type MutableHeaders = Record<string, string | ReadonlyArray<string>>

// The core's errors-only response, as a GraphQL body in `type`, with `Accept` in `Vary`
// (beside what the errors' own `Vary` says); the policy's `onError` hears of each error.
const rendered = (
  errors: ReadonlyArray<HttpError>,
  facts: Facts,
  s: Settings,
  type: MediaType,
): ErrorResponse => {
  const r = toResponse(errors, facts, s.bodies[type])
  notify(s.policy, errors, facts)
  const vary = mergeVary('Accept', typeof r.headers['vary'] === 'string' ? r.headers['vary'] : '')
  return { ...r, headers: { ...r.headers, vary } }
}

const safeCoded = (u: unknown, s: Settings): HttpError => {
  try {
    return coded(fromUnknown(u, s.policy.recognisers), s)
  } catch {
    return internal(undefined, { cause: u })
  }
}

const refusalError = (r: Refusal, s: Settings): HttpError => {
  switch (r._tag) {
    case 'UnsupportedMethod':
      return methodNotAllowed(['GET', 'POST'], 'GraphQL requests use GET or POST.')
    case 'MutationOverGet':
      return methodNotAllowed(['POST'], 'Mutations cannot be executed over GET: use POST.')
    case 'UnsupportedContentType':
      return unsupportedMediaType('Send the request body as application/json.', {
        accept: [JSON_TYPE],
      })
    case 'NotAcceptable': {
      const types = available(s)
      // The core shows `available` in the body (RFC 9110 §15.5.7).
      return notAcceptable(`Acceptable media types: ${types.join(', ')}.`, { available: types })
    }
    case 'UnparsableBody':
      return badRequest('The request body is not valid JSON.')
    case 'MalformedRequest': {
      const message = 'The request is not a well-formed GraphQL-over-HTTP request.'
      return s.profile === '2026'
        ? unprocessableContent(r.issues, message)
        : badRequest(message, { issues: r.issues })
    }
  }
}

/**
 * The answer to a request refused before GraphQL could run (see `Refusal`): its status,
 * the headers it obliges (`Allow`, `Accept`/`Accept-Post`), and a GraphQL-shaped body
 * `{ errors: [{ message, extensions: { code } }] }` — always as `application/json`, since
 * no GraphQL response could be produced.
 *
 * @example
 * import { refuse } from 'errmap/graphql'
 * const r = refuse({ _tag: 'MutationOverGet' }, { method: 'GET', accept: 'application/graphql-response+json' })
 * assert.strictEqual(r.status, 405)
 * assert.strictEqual(r.headers.allow, 'POST')
 * assert.strictEqual(r.headers['content-type'], 'application/json; charset=utf-8')
 *
 * @category responses
 * @since 0.1.0
 */
export const refuse = (
  refusal: Refusal,
  facts: Facts = {},
  s: Settings = defaultSettings,
): ErrorResponse => rendered([safeCoded(refusalError(refusal, s), s)], facts ?? {}, s, JSON_TYPE)

/**
 * The answer to a request denied at the HTTP level — not authenticated (401), not
 * permitted (403), rate limited (429), the server at fault (5xx): the status of the
 * errors (combined by the policy's priority: a 4xx wins over a 5xx by default) whatever
 * the media type and profile, the headers they oblige (`WWW-Authenticate`, `Retry-After`,
 * …), and a GraphQL body with the code map's codes, masked as the policy says. The media
 * type is the negotiated one (2026: `application/graphql-response+json`, the answer not
 * being a 2xx), or `application/json` when `Accept` names neither.
 *
 * @example
 * import { unauthorized } from 'errmap'
 * import { deny } from 'errmap/graphql'
 * const r = deny(unauthorized('token expired'), { accept: 'application/graphql-response+json' })
 * assert.strictEqual(r.status, 401)
 * assert.strictEqual(r.headers['www-authenticate'], 'Bearer')
 * assert.deepStrictEqual(JSON.parse(r.body), { errors: [{ message: 'token expired', extensions: { code: 'UNAUTHENTICATED' } }] })
 *
 * @category responses
 * @since 0.1.0
 */
export const deny = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: Facts = {},
  s: Settings = defaultSettings,
): ErrorResponse => {
  const facts = request ?? {}
  const list: ReadonlyArray<unknown> = Array.isArray(errors) ? errors : [errors]
  const m = mediaType(facts.accept, s)
  const type = m === undefined ? JSON_TYPE : s.profile === '2026' ? GRAPHQL_TYPE : m
  return rendered(
    list.map((u) => safeCoded(u, s)),
    facts,
    s,
    type,
  )
}

// The headers the core adds itself; the rest (`WWW-Authenticate`, `Allow`, …) are kept.
const own = new Set(['content-type', 'content-length', 'vary', 'x-content-type-options'])

const resultExtensions = (
  result: ExecutionResult,
  requestId: string | undefined,
  omitted: number,
): Bag | undefined => {
  const out = copy(result.extensions, undefined)
  if (requestId !== undefined) out['requestId'] = requestId
  if (omitted > 0) out['omitted'] = omitted
  return Object.keys(out).length > 0 || isRecord(result.extensions) ? out : undefined
}

const answer = (result: ExecutionResult, facts: Facts, s: Settings, m: MediaType): HttpResponse => {
  const errors: ReadonlyArray<GraphQLErrorLike> = Array.isArray(result.errors) ? result.errors : []
  const data = result.data !== undefined
  if (!data && errors.length === 0)
    return deny(internal('A GraphQL result has data or errors.', { cause: result }), facts, s)

  const max = s.policy.maxErrors
  const kept = errors.length > max ? errors.slice(0, max) : errors
  const classified = errors.map((g) => safely(g, s))
  // Every error of the result, masked or not, is the policy's `onError`'s to log.
  notify(
    s.policy,
    classified.map((c) => c.error),
    facts,
  )
  const headers: MutableHeaders = {}
  let vary = 'Accept'
  let status = 200
  if (data) {
    if (errors.length > 0 && s.profile === '2026' && m === GRAPHQL_TYPE) status = 294
  } else {
    const failed = classified.filter((c) => c.stage !== 'persisted-query')
    if (failed.length === 0) headers['cache-control'] = 'private, no-cache, must-revalidate'
    else if (s.profile === '2026' || m === GRAPHQL_TYPE) {
      const r = toResponse(
        failed.map((c) => coded(c.error, s)),
        facts,
        s.policy,
      )
      status = r.status
      for (const name of Object.keys(r.headers))
        if (!own.has(name)) headers[name] = r.headers[name] as string | ReadonlyArray<string>
      const errorVary = r.headers['vary']
      if (typeof errorVary === 'string') vary = mergeVary(vary, errorVary)
    }
  }

  const body: Record<string, unknown> = {}
  if (errors.length > 0)
    body['errors'] = kept.map((g, i) => format(g, classified[i] as Classified, s))
  if (data) body['data'] = result.data
  const extensions = resultExtensions(result, facts.requestId, errors.length - kept.length)
  if (extensions !== undefined) body['extensions'] = extensions
  const text = stringify(body)
  if (text === undefined)
    return deny(internal('The GraphQL result cannot be serialized.', { cause: result }), facts, s)

  // 2026: only a 2xx may be relabelled `application/json` for a legacy client.
  const type = s.profile === '2026' && (status < 200 || status > 299) ? GRAPHQL_TYPE : m
  return {
    status,
    headers: { ...entityHeaders(type + '; charset=utf-8', byteLength(text)), vary, ...headers },
    body: text,
  }
}

/**
 * The answer to a GraphQL execution result (what `execute` returned, or request errors
 * such as `requestErrors` builds). The media type is negotiated (`Accept` naming neither
 * is a 406). With `data` (even `null`): 200, or 294 for errors under
 * `application/graphql-response+json` in 2026. Without `data`: 200 under
 * `application/json` in 2024 (a well-formed request); otherwise the status of the errors'
 * codes, combined by the policy's priority (a 4xx wins over a 5xx by default), with the
 * headers they oblige — except persisted-query misses, a 200 with `Cache-Control:
 * private, no-cache, must-revalidate`. Every error goes through `formatError`; at most
 * `maxErrors` are sent (`extensions.omitted` counts the rest); the request id goes in
 * `extensions.requestId`. Headers: `Content-Type` with charset, `Content-Length`,
 * `Vary: Accept`, `X-Content-Type-Options: nosniff`. Total.
 *
 * @example
 * import { respond, settings } from 'errmap/graphql'
 * const ok = respond({ data: { hello: 'world' } }, { accept: 'application/graphql-response+json' })
 * assert.strictEqual(ok.status, 200)
 * assert.strictEqual(ok.headers['content-type'], 'application/graphql-response+json; charset=utf-8')
 * assert.strictEqual(ok.body, '{"data":{"hello":"world"}}')
 *
 * const syntax = { errors: [{ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }
 * assert.strictEqual(respond(syntax, { accept: 'application/json' }).status, 200)
 * assert.strictEqual(respond(syntax, { accept: 'application/graphql-response+json' }).status, 400)
 *
 * const partial = { data: { me: null }, errors: [{ message: 'sign in', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }] }
 * assert.strictEqual(respond(partial, {}, settings({ profile: '2026' })).status, 294)
 *
 * @category responses
 * @since 0.1.0
 */
export const respond = (
  result: ExecutionResult,
  request: Facts = {},
  s: Settings = defaultSettings,
): HttpResponse => {
  // `null` facts (untyped callers) are no facts.
  const facts = request ?? {}
  const m = mediaType(facts.accept, s)
  if (m === undefined) return refuse({ _tag: 'NotAcceptable' }, facts, s)
  try {
    return answer(result, facts, s, m)
  } catch {
    // A result whose fields throw when read: nothing of it can be trusted.
    return deny(internal(undefined, { cause: result }), facts, s)
  }
}

// -------------------------------------------------------------------------------------
// params
// -------------------------------------------------------------------------------------

const problem = (path: string, message: string, location: Location): Issue => ({
  path,
  message,
  location,
})

const fromValue = (u: unknown, location: Location): E.Either<Refusal, Params> => {
  if (!isRecord(u))
    return E.left({
      _tag: 'MalformedRequest',
      issues: [problem('', 'must be a JSON object', location)],
    })
  const issues: Array<Issue> = []
  const { query, operationName, variables, extensions } = u
  const absent = (v: unknown): boolean => v === undefined || v === null
  const persisted = isRecord(extensions) && isRecord(extensions['persistedQuery'])
  if (typeof query !== 'string' && !(absent(query) && persisted))
    issues.push(problem('/query', 'must be a string', location))
  if (!absent(operationName) && typeof operationName !== 'string')
    issues.push(problem('/operationName', 'must be a string', location))
  if (!absent(variables) && !isRecord(variables))
    issues.push(problem('/variables', 'must be a map', location))
  if (!absent(extensions) && !isRecord(extensions))
    issues.push(problem('/extensions', 'must be a map', location))
  if (issues.length > 0) return E.left({ _tag: 'MalformedRequest', issues })
  return E.right({
    query: typeof query === 'string' ? query : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: isRecord(variables) ? variables : undefined,
    extensions: isRecord(extensions) ? extensions : undefined,
  })
}

/**
 * The parameters of a POST body: `UnparsableBody` when it is not JSON, `MalformedRequest`
 * (with JSON-Pointer issues) when it is not a map with a string `query` (or a persisted
 * query), an optional string `operationName`, and `variables`/`extensions` maps.
 *
 * @example
 * import * as E from 'fp-ts/Either'
 * import { paramsFromBody } from 'errmap/graphql'
 * assert.deepStrictEqual(paramsFromBody('{"query":"{ hello }"}'), E.right({ query: '{ hello }', operationName: undefined, variables: undefined, extensions: undefined }))
 * assert.deepStrictEqual(paramsFromBody('{"query":'), E.left({ _tag: 'UnparsableBody' }))
 * assert.deepStrictEqual(paramsFromBody('{"qeury":"{ hello }"}'), E.left({ _tag: 'MalformedRequest', issues: [{ path: '/query', message: 'must be a string', location: 'body' }] }))
 *
 * @category params
 * @since 0.1.0
 */
export const paramsFromBody = (body: string): E.Either<Refusal, Params> => {
  let u: unknown
  try {
    u = JSON.parse(body)
  } catch {
    return E.left({ _tag: 'UnparsableBody' })
  }
  return fromValue(u, 'body')
}

/**
 * The parameters of a GET request's query string (a `URLSearchParams`, or anything with
 * its `get`): `variables` and `extensions` are JSON; an empty parameter is an absent one.
 * `MalformedRequest` (with JSON-Pointer issues) when they do not make a well-formed request.
 *
 * @example
 * import * as E from 'fp-ts/Either'
 * import { paramsFromSearch } from 'errmap/graphql'
 * const p = paramsFromSearch(new URLSearchParams('query=query($id: ID!) { user(id: $id) { name } }&variables={"id":"1"}'))
 * assert.deepStrictEqual(p, E.right({ query: 'query($id: ID!) { user(id: $id) { name } }', operationName: undefined, variables: { id: '1' }, extensions: undefined }))
 * assert.strictEqual(E.isLeft(paramsFromSearch(new URLSearchParams('query={ hello }&variables=[7]'))), true)
 *
 * @category params
 * @since 0.1.0
 */
export const paramsFromSearch = (search: {
  get(name: string): string | null
}): E.Either<Refusal, Params> => {
  const issues: Array<Issue> = []
  const text = (name: string): string | undefined => {
    const v = search.get(name)
    return v === null || v === '' ? undefined : v
  }
  const json = (name: string): unknown => {
    const v = text(name)
    if (v === undefined) return undefined
    try {
      return JSON.parse(v) as unknown
    } catch {
      issues.push(problem('/' + name, 'must be JSON', 'query'))
      return undefined
    }
  }
  const value = {
    query: text('query'),
    operationName: text('operationName'),
    variables: json('variables'),
    extensions: json('extensions'),
  }
  return issues.length > 0
    ? E.left({ _tag: 'MalformedRequest', issues })
    : fromValue(value, 'query')
}
