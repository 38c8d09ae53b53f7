/**
 * GraphQL results and refusals as exact HTTP responses. Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import { isTraceId } from '../internal/trace.js'
import { entityHeaders, mergeVary } from '../internal/headers.js'
import { byteLength, stringify } from '../internal/json.js'
import { isRecord, type Bag } from '../internal/read.js'
import type { HttpError } from '../model/HttpError.js'
import {
  badRequest,
  internal,
  methodNotAllowed,
  notAcceptable,
  unprocessableContent,
  unsupportedMediaType,
} from '../model/errors.js'
import { notify } from '../policy/Policy.js'
import { toResponse } from '../response/toResponse.js'
import type { ErrorResponse, HttpResponse } from '../response/types.js'
import { fromUnknown } from '../unknown/fromUnknown.js'
import type {
  ExecutionResult,
  Facts,
  GraphQLErrorLike,
  MediaType,
  Refusal,
  Settings,
} from './model.js'
import { defaultSettings } from './settings.js'
import { GRAPHQL_TYPE, JSON_TYPE, available, mediaType } from './negotiation.js'
import { coded, copy, format, safely, type Classified } from './codes.js'

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
  notify(errors, facts, s.policy)
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
/** @internal */
export const own = new Set(['content-type', 'content-length', 'vary', 'x-content-type-options'])

const resultExtensions = (
  result: ExecutionResult,
  facts: Facts,
  omitted: number,
): Bag | undefined => {
  const out = copy(result.extensions, undefined)
  const requestId = facts.requestId
  const traceId = facts.traceId
  if (typeof requestId === 'string') out['requestId'] = requestId
  if (isTraceId(traceId)) out['traceId'] = traceId
  if (omitted > 0) out['omitted'] = omitted
  return Object.keys(out).length > 0 || isRecord(result.extensions) ? out : undefined
}

/** @internal */
export const answer = (
  result: ExecutionResult,
  facts: Facts,
  s: Settings,
  m: MediaType,
): HttpResponse => {
  const errors: ReadonlyArray<GraphQLErrorLike> = Array.isArray(result.errors) ? result.errors : []
  const data = result.data !== undefined
  if (!data && errors.length === 0)
    return deny(internal('A GraphQL result has data or errors.', { cause: result }), facts, s)

  const max = s.policy.maxErrors
  const kept = errors.length > max ? errors.slice(0, max) : errors
  const classified = errors.map((g) => safely(g, s))
  // Every error of the result, masked or not, is the policy's `onError`'s to log.
  notify(
    classified.map((c) => c.error),
    facts,
    s.policy,
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
  const extensions = resultExtensions(result, facts, errors.length - kept.length)
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
 * `extensions.requestId`, a valid trace id in `extensions.traceId`. Headers: `Content-Type` with charset, `Content-Length`,
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
