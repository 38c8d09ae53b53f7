/**
 * Error codes (`extensions.code`) and `HttpError`s, both ways. Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import { get, type Bag } from '../internal/read.js'
import type { HttpError } from '../model/HttpError.js'
import { badRequest, internal, status as ownStatus, unprocessableContent } from '../model/errors.js'
import { codeOf, reason } from '../model/Status.js'
import { variants } from '../model/variants.js'
import { viewUnder, type View } from '../policy/View.js'
import { fromUnknown } from '../unknown/fromUnknown.js'
import { fromStatus } from '../unknown/fromStatus.js'
import { snapshot } from '../unknown/snapshot.js'
import type { FormattedError, GraphQLErrorLike, Meaning, Settings, Stage } from './model.js'
import { defaultSettings } from './settings.js'

// -------------------------------------------------------------------------------------
// codes
// -------------------------------------------------------------------------------------

/** @internal */
export interface Classified {
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
/** @internal */
export const thrown = (original: unknown): unknown => {
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

/** @internal */
export const safely = (g: GraphQLErrorLike, s: Settings): Classified => {
  try {
    return classify(g, s)
  } catch {
    return { error: internal(undefined, { cause: g }), stage: undefined }
  }
}

// The error with the code its status has in the code map, when it still has its
// variant's default code; a code chosen by the author is kept.
/** @internal */
export const coded = (e: HttpError, s: Settings): HttpError => {
  const fallback = e._tag === 'Custom' ? codeOf(ownStatus(e)) : variants[e._tag].code
  if (e.code !== fallback) return e
  const preferred = s.codes.get(ownStatus(e))
  return preferred === undefined || preferred === e.code ? e : { ...e, code: preferred }
}

/** @internal */
export const present = (e: HttpError, s: Settings): View => viewUnder(s.policy, coded(e, s))

const extensionsOf = (v: View, extra: Bag): FormattedError['extensions'] => {
  const out: Record<string, unknown> = { ...extra, code: v.code }
  if (v.details !== undefined) out['details'] = v.details
  // A stage's 422 has no issues of its own: its message says what failed.
  if (v.issues !== undefined && v.issues.length > 0) out['issues'] = v.issues
  return out as FormattedError['extensions']
}

/** @internal */
export const copy = (o: unknown, without: string | undefined): Record<string, unknown> => {
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

/** @internal */
export const masked = (s: Settings): FormattedError => {
  const code = variants.Internal.code
  return { message: reason(500), extensions: { code: s.policy.codes.get(code) ?? code } }
}

/** @internal */
export const format = (g: GraphQLErrorLike, c: Classified, s: Settings): FormattedError => {
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
