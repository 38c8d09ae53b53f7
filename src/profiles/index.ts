/**
 * Profiles: ready-made policies for systems whose error conventions are documented, and
 * the body formats they need. Each is plain configuration over the core — a `Policy`
 * value — so using one takes no code: pass it where a policy goes, or spread it to add
 * an `onError` hook (`{ ...ndc, onError: log }`).
 *
 * - `ndc`: the Hasura NDC connector spec — its status table and its `ErrorResponse`
 *   body `{ message, details }`, JSON only.
 * - `openapiRest`: a REST API that validates every request against its OpenAPI
 *   document — `{ errors: [{ type, message, details? }] }` on every error, validation
 *   failures typed `openapi` with the failing step in each detail's `key`, 412 for a
 *   feature that is not supported, 422 with a message and no details.
 *
 * The REST status guide most APIs follow (400/401/403/404/412/500/502/503) is the
 * default policy itself: no profile needed.
 *
 * @since 0.1.0
 */
import { jsonFormat, type Format, type Reported } from '../format/Format.js'
import type { Issue, Location } from '../model/HttpError.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import { policy, type Policy } from '../policy/Policy.js'
import type { View } from '../format/Format.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Only plain objects are merged into; anything else (arrays, scalars, class instances
// with a `toJSON`) is kept whole.
const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const record = (u: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof u === 'object' && u !== null && !Array.isArray(u)
    ? (u as Readonly<Record<string, unknown>>)
    : undefined

// -------------------------------------------------------------------------------------
// Hasura NDC
// -------------------------------------------------------------------------------------

// The NDC spec's name for 501: the caller relied on a capability the connector lacks.
const ndcReason = (status: ErrorStatus): string =>
  status === 501 ? 'Not Supported' : reason(status)

const ndcDetails = (
  v: View,
  requestId: string | undefined,
  traceId: string | undefined,
): unknown => {
  const own: unknown = v.details === undefined ? {} : v.details
  if (v.issues === undefined && requestId === undefined && traceId === undefined) return own
  const issues = v.issues === undefined ? {} : { issues: v.issues }
  // The error's own members win over the ids; its issues are the validation result.
  const id = {
    ...(requestId === undefined ? {} : { requestId }),
    ...(traceId === undefined ? {} : { traceId }),
  }
  return isPlainObject(own) ? { ...id, ...own, ...issues } : { ...id, value: own, ...issues }
}

/**
 * The Hasura NDC `ErrorResponse` as `application/json`: exactly `{ message, details }`.
 * It describes one error, the one that chose the status. `details` is always present:
 * the error's `details`, or `{}` when it has none or is masked; a 400 or 422 adds its
 * validation `issues`, and a request id and a trace id (for finding a masked 500 in the
 * logs and traces) are added as `requestId` and `traceId` — merged into `details` when
 * that is a plain object, else beside it as `{ value, issues?, requestId?, traceId? }`. A
 * status' standard text reads as the NDC spec names
 * it: 501 is "Not Supported".
 *
 * @example
 * import { policy, conflict, toResponse } from 'errmap'
 * import { ndcErrorResponse } from 'errmap/profiles'
 * const p = policy({ formats: [ndcErrorResponse] })
 * const r = toResponse(conflict('foreign key violated', { details: { constraint: 'fk_author' } }), {}, p)
 * assert.deepStrictEqual(JSON.parse(r.body), {
 *   message: 'foreign key violated',
 *   details: { constraint: 'fk_author' },
 * })
 *
 * @category instances
 * @since 0.1.0
 */
export const ndcErrorResponse: Format = jsonFormat({
  mediaType: 'application/json',
  toJson: (r) => {
    const p = r.primary
    return {
      message: p.message === reason(p.status) ? ndcReason(p.status) : p.message,
      details: ndcDetails(p, r.requestId, r.traceId),
    }
  },
  fromJson: (u) => {
    const o = record(u)
    const message = o?.['message']
    return typeof message === 'string' ? [{ message, details: o?.['details'] }] : undefined
  },
})

/**
 * The Hasura NDC connector spec: 400 for a request that does not match the spec, 403 for
 * a failed permission check, 409 for a conflicting state, 422 for a semantically wrong
 * request, 500 for a server error, 501 "Not Supported" for an unsupported capability,
 * 502 for an invalid upstream answer, 503 while the connector is not ready, 504 when an
 * upstream is unreachable — each the default status of its variant — with the
 * `ErrorResponse` body (`ndcErrorResponse`), JSON only, no negotiation. 5xx are masked,
 * except 501: the spec makes it the caller's fault, so its message (which capability is
 * missing) is shown.
 *
 * @example
 * import { notImplemented, toResponse } from 'errmap'
 * import { ndc } from 'errmap/profiles'
 * const r = toResponse(notImplemented('relationships are not supported'), {}, ndc)
 * assert.strictEqual(r.status, 501)
 * assert.strictEqual(r.headers['content-type'], 'application/json; charset=utf-8')
 * assert.deepStrictEqual(JSON.parse(r.body), { message: 'relationships are not supported', details: {} })
 *
 * @category instances
 * @since 0.1.0
 */
export const ndc: Policy = policy({
  formats: [ndcErrorResponse],
  expose: (_, status) => status < 500 || status === 501,
})

// -------------------------------------------------------------------------------------
// OpenAPI-validated REST
// -------------------------------------------------------------------------------------

/**
 * The validation step each issue location names in an `openapi` error's details: the
 * parts of a request an OpenAPI document describes.
 *
 * @example
 * import { openapiSteps } from 'errmap/profiles'
 * assert.strictEqual(openapiSteps.header, 'headers')
 * assert.strictEqual(openapiSteps.security, 'security scheme')
 *
 * @category instances
 * @since 0.1.0
 */
export const openapiSteps: { readonly [L in Location]: string } = {
  header: 'headers',
  cookie: 'cookies',
  body: 'body',
  query: 'query',
  path: 'path',
  security: 'security scheme',
}

const step = (issue: Issue): string => {
  const l = issue.location
  // An issue that names no location came from decoding the body.
  return l !== undefined && Object.prototype.hasOwnProperty.call(openapiSteps, l)
    ? openapiSteps[l]
    : openapiSteps.body
}

const detail = (issue: Issue): Record<string, unknown> => {
  const o: Record<string, unknown> = { key: step(issue) }
  if (typeof issue.path === 'string' && issue.path.length > 0) o['path'] = issue.path
  o['message'] = issue.message
  return o
}

const openapiError = (v: View): Record<string, unknown> => {
  // A 422 is an anticipated error: a message and never a details array.
  if (v.status === 422) return { type: 'application', message: v.message }
  if (v.issues !== undefined && v.issues.length > 0)
    return { type: 'openapi', message: v.message, details: v.issues.map(detail) }
  const o: Record<string, unknown> = { type: 'application', message: v.message }
  if (Array.isArray(v.details)) o['details'] = v.details
  return o
}

/**
 * `application/json` as an API that validates requests against its OpenAPI document
 * answers: `{ errors: [{ type, message, details? }], requestId?, traceId? }`, one entry per
 * error. An error with validation issues is of type `openapi`, with one detail per
 * issue — `{ key, path?, message }`, `key` naming the step that failed (see
 * `openapiSteps`: headers, cookies, body, query, path, security scheme) and `path` the
 * JSON Pointer inside it; any other error is of type `application` and keeps its
 * `details` when they are an array (of `{ key, message }`). A 422 has a `message` and
 * never a `details` array.
 *
 * @example
 * import { policy, badRequest, toResponse } from 'errmap'
 * import { openapiErrors } from 'errmap/profiles'
 * const p = policy({ formats: [openapiErrors] })
 * const e = badRequest('The request is not valid.', {
 *   issues: [{ path: '/X-Tenant', message: 'is required', location: 'header' }],
 * })
 * assert.deepStrictEqual(JSON.parse(toResponse(e, {}, p).body), {
 *   errors: [{
 *     type: 'openapi',
 *     message: 'The request is not valid.',
 *     details: [{ key: 'headers', path: '/X-Tenant', message: 'is required' }],
 *   }],
 * })
 *
 * @category instances
 * @since 0.1.0
 */
export const openapiErrors: Format = jsonFormat({
  mediaType: 'application/json',
  toJson: (r) => {
    const o: Record<string, unknown> = { errors: r.errors.map(openapiError) }
    if (r.requestId !== undefined) o['requestId'] = r.requestId
    if (r.traceId !== undefined) o['traceId'] = r.traceId
    return o
  },
  fromJson: (u) => {
    const list = record(u)?.['errors']
    if (!Array.isArray(list) || list.length === 0) return undefined
    const out: Array<Reported> = []
    for (const x of list as ReadonlyArray<unknown>) {
      const message = record(x)?.['message']
      if (typeof message !== 'string') return undefined
      out.push({ message })
    }
    return out
  },
})

/**
 * A REST API that validates every request against its OpenAPI document: a JSON body on
 * every error (`openapiErrors`, no negotiation); validation failures — what
 * `decodeInput` and `fromValidation` produce — are 400s of type `openapi` naming the
 * failing step; a feature that is disabled or not supported by the requested API
 * version (`notImplemented`) is a 412; an anticipated error is a 422 with a message
 * only (`unprocessableContent([], message)`); 401, 404, 405 (with `Allow`), 409 and 503 as their
 * variants define them; 5xx masked.
 *
 * @example
 * import { notImplemented, toResponse } from 'errmap'
 * import { openapiRest } from 'errmap/profiles'
 * const r = toResponse(notImplemented('bulk import needs API version 2'), {}, openapiRest)
 * assert.strictEqual(r.status, 412)
 * assert.deepStrictEqual(JSON.parse(r.body), {
 *   errors: [{ type: 'application', message: 'bulk import needs API version 2' }],
 * })
 *
 * @category instances
 * @since 0.1.0
 */
export const openapiRest: Policy = policy({
  // A remapped 501 (now a 412) is the caller's to fix: its message is shown.
  expose: (_, status) => status < 500,
  status: {
    NotImplemented: 412,
    // A 422 with issues is a validation failure: a 400; without, an anticipated error.
    UnprocessableContent: (e) => (e.issues.length > 0 ? 400 : 422),
  },
  formats: [openapiErrors],
})
