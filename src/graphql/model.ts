/**
 * The types of `errmap/graphql`: profiles, media types, request facts, GraphQL errors and results, stages, code maps, refusals, settings. Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import type { Issue } from '../model/HttpError.js'
import type { ErrorStatus } from '../model/Status.js'
import type { Policy } from '../policy/Policy.js'
import type { RequestFacts } from '../response/types.js'

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
