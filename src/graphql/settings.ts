/**
 * Code maps (Apollo's, the Grafbase gateway's) and `settings`, which builds complete settings from options. Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import type { Format } from '../format/Format.js'
import { graphql as graphqlBody } from '../format/graphql.js'
import { isErrorStatus } from '../model/Status.js'
import { tags, variants } from '../model/variants.js'
import { policy as make, resolve, type Policy } from '../policy/Policy.js'
import type { Codes, Meaning, MediaType, Options, Settings } from './model.js'

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

/** @internal */
export const stages: ReadonlyArray<unknown> = [
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
 * code means what the original meant. The policy's `messages` are not applied: GraphQL
 * answers keep the errors' own messages, with no `Content-Language`.
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
  // GraphQL answers are not translated: a result's errors (`formatError`) have no request
  // to choose a language from, and a GraphQL client reads `extensions.code`.
  const policy: Policy = make({ ...base, codes: renames, messages: undefined })

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
