/**
 * Which media type answers a request, and what must be refused before GraphQL runs (405, 415, 406). Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import { parameterOf, readMediaType } from '../internal/mediaType.js'
import { negotiate } from '../internal/negotiate.js'
import type { Facts, MediaType, Refusal, Settings } from './model.js'
import { defaultSettings } from './settings.js'

// -------------------------------------------------------------------------------------
// negotiation
// -------------------------------------------------------------------------------------

/** @internal */
export const JSON_TYPE: MediaType = 'application/json'
/** @internal */
export const GRAPHQL_TYPE: MediaType = 'application/graphql-response+json'
const order2024: ReadonlyArray<MediaType> = [JSON_TYPE, GRAPHQL_TYPE]
const order2026: ReadonlyArray<MediaType> = [GRAPHQL_TYPE, JSON_TYPE]

/** @internal */
export const available = (s: Settings): ReadonlyArray<MediaType> =>
  s.profile === '2026' ? order2026 : order2024

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

// A request body in JSON: `application/json`, with no charset or `utf-8` (any case,
// quoted or not; a `;` inside a quoted parameter value is not a separator).
const isJsonContent = (contentType: string | undefined): boolean => {
  if (typeof contentType !== 'string') return false
  const m = readMediaType(contentType)
  const charset = parameterOf(m, 'charset')
  return m.type === JSON_TYPE && (charset === undefined || charset.toLowerCase() === 'utf-8')
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
