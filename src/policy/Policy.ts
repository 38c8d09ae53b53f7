/**
 * A policy gathers every knob of the mapping in one value: status remaps, code renames,
 * formats, priority, masking, bounds, the default challenge, recognisers, and the
 * `onError` hook the adapters call.
 *
 * Whatever reaches `toResponse` behaves as if it went through `policy()`: a value made by
 * spreading a policy (`{ ...defaultPolicy, onError }`) or one that is not a policy at all
 * is read once, validated like options and cached (`resolve`); no remap, priority or bound
 * can produce a status outside 400–599, unmask a 5xx or lift a bound.
 *
 * @since 0.1.0
 */
import { isToken } from '../internal/grammar.js'
import * as read from '../internal/read.js'
import type { Challenge, HttpError, Tag, Variant } from '../model/HttpError.js'
import { status } from '../model/errors.js'
import { isErrorStatus, type ErrorStatus } from '../model/Status.js'
import { isTag } from '../model/variants.js'
import type { RequestFacts } from '../response/types.js'
import { fromUnknown } from '../unknown/fromUnknown.js'
import type { Recogniser } from '../unknown/recognisers.js'
import { graphql } from '../format/graphql.js'
import { json } from '../format/json.js'
import { problem } from '../format/problem.js'
import { formatOf, type Format, type View } from '../format/Format.js'
import {
  defaultPriority,
  firstError,
  highestStatus,
  lastError,
  safePriority,
  type Priority,
} from './Priority.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A complete policy. Build one with `policy`, which fills in the defaults.
 *
 * @category model
 * @since 0.1.0
 */
export interface Policy {
  /** Status per variant, where it differs from the default (e.g. `NotImplemented: 412`). */
  readonly status: Remaps
  /** Code renames: `{ OPERATION_VALIDATION_ERROR: 'MY_CUSTOM_CODE' }`. */
  readonly codes: ReadonlyMap<string, string>
  /** The enabled formats in order of preference; the first is the default. Never empty. */
  readonly formats: ReadonlyArray<Format>
  /** How several errors choose the response's status. */
  readonly priority: Priority
  /**
   * Whether an error without its own `expose` is shown to the client, given the status it
   * is answered with. The default shows an error only when that status and its variant's
   * own are both 4xx, so a remap (`Internal: 404`) cannot unmask a 5xx.
   */
  readonly expose: (e: HttpError, status: ErrorStatus) => boolean
  /** At most this many errors in one body; the rest are counted in `omitted`. */
  readonly maxErrors: number
  /** Longer messages are cut and end with `…`. */
  readonly maxMessageLength: number
  /** The challenges of a 401 whose error names none (RFC 9110 requires one). */
  readonly challenges: ReadonlyArray<Challenge>
  /** Asked, in order, what a thrown value is, before the built-in recognisers. */
  readonly recognisers: ReadonlyArray<Recogniser>
  /**
   * Called by the adapters for each error they answer, with its cause (for a thrown
   * value, the value) and the request's facts (its `requestId` is the one in the body),
   * for logging. The response never waits for it: what it throws, or the rejection of a
   * promise it returns, is caught and ignored.
   */
  readonly onError:
    ((error: HttpError, cause: unknown, request: RequestFacts) => unknown) | undefined
  /** The request header adapters read the request id from (`x-request-id`); `undefined` for none. */
  readonly requestIdHeader: string | undefined
  /**
   * Whether adapters read the W3C Trace Context `traceparent` header and put its trace id
   * in every error body (`traceId`) and in `onError`'s facts. Off by default.
   */
  readonly trace: boolean
  /**
   * Messages and titles in other languages, chosen by `Accept-Language`: made with
   * `messages`. `undefined`: every body is in the language of the errors' own messages.
   */
  readonly messages: Translator | undefined
}

/**
 * What a policy translates with, made by `messages` (any other value is ignored): its
 * languages, and the lookup and translation it was built from.
 *
 * @category model
 * @since 0.2.0
 */
export interface Translator {
  /** Its languages, as `Content-Language` names them: what `errmap/openapi` documents. */
  readonly languages: ReadonlyArray<string>
  /** The best of its languages for an `Accept-Language` header, or `undefined` for none. */
  readonly lookup: (acceptLanguage: string) => string | undefined
  /**
   * A view's message and title in one of its languages; a member left out keeps the
   * view's own. The view is what the client may see (a masked 5xx shows no internals).
   */
  readonly translate: (
    view: View,
    language: string,
  ) => { readonly message?: string | undefined; readonly title?: string | undefined } | undefined
  /**
   * The views in the language `Accept-Language` chooses, each text capped at `max`, and
   * that language; `undefined` when none is chosen. Total.
   *
   * @internal
   */
  readonly localize: (
    acceptLanguage: string,
    views: ReadonlyArray<View>,
    max: number,
  ) => { readonly language: string; readonly views: ReadonlyArray<View> } | undefined
}

/**
 * The translators `messages` made: the only ones a policy takes (they are total, and their
 * languages are valid tags).
 *
 * @internal
 */
export const translators = new WeakSet<object>()

/**
 * Status remaps per variant: a status, or a function of the error for a remap that
 * depends on it (`UnprocessableContent: (e) => (e.issues.length > 0 ? 400 : 422)`).
 * `Custom` errors always keep their own status.
 *
 * @category model
 * @since 0.1.0
 */
export type Remaps = {
  readonly [T in Exclude<Tag, 'Custom'>]?: ErrorStatus | ((e: Variant<T>) => ErrorStatus)
}

/**
 * What `policy` accepts: any subset of the knobs, with codes as a plain record (or a
 * `Map`, as a policy holds them).
 *
 * @category model
 * @since 0.1.0
 */
export type Options = Partial<Omit<Policy, 'codes'>> & {
  readonly codes?: Readonly<Record<string, string>> | ReadonlyMap<string, string>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

// The default masking: shown when both the status answered and the variant's own are 4xx.
const clientErrors = (e: HttpError, s: ErrorStatus): boolean => s < 500 && status(e) < 500

const defaultFormats: ReadonlyArray<Format> = [json, problem, graphql]
const defaultChallenges: ReadonlyArray<Challenge> = [{ scheme: 'Bearer' }]

// Policies `policy` built: complete, validated and frozen.
const made = new WeakSet<object>()

const bound = (n: unknown, fallback: number): number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : fallback

const fn = <F>(u: unknown): F | undefined => (typeof u === 'function' ? (u as F) : undefined)

const remapsOf = (u: unknown): Remaps => {
  const out: Record<string, unknown> = {}
  if (typeof u !== 'object' || u === null) return out
  for (const tag of Object.keys(u)) {
    if (tag === 'Custom' || !isTag(tag)) continue
    const s = (u as read.Bag)[tag]
    if (isErrorStatus(s) || typeof s === 'function') out[tag] = s
  }
  return out as Remaps
}

const codesOf = (u: unknown): ReadonlyMap<string, string> => {
  const codes = new Map<string, string>()
  const add = (from: unknown, to: unknown): void => {
    if (typeof from === 'string' && typeof to === 'string' && to.length > 0) codes.set(from, to)
  }
  if (u instanceof Map) for (const [from, to] of u as Map<unknown, unknown>) add(from, to)
  else if (typeof u === 'object' && u !== null)
    for (const from of Object.keys(u)) add(from, (u as read.Bag)[from])
  return codes
}

const builtinFormats: ReadonlySet<unknown> = new Set(defaultFormats)

const formatsOf = (u: unknown): ReadonlyArray<Format> => {
  if (u === undefined) return defaultFormats
  const list = read.list(u, (f) => (builtinFormats.has(f) ? (f as Format) : formatOf(f))) ?? []
  return list.length > 0 ? list : defaultFormats
}

const requestIdHeaderOf = (o: read.Bag): string | undefined => {
  if (!('requestIdHeader' in o)) return 'x-request-id'
  const h = o['requestIdHeader']
  if (h === undefined) return undefined
  // A name that is not a token cannot be read from a request: none.
  return typeof h === 'string' && isToken(h) ? h.toLowerCase() : undefined
}

// A translator `messages` made, or none.
const translatorOf = (u: unknown): Translator | undefined =>
  typeof u === 'object' && u !== null && translators.has(u) ? (u as Translator) : undefined

// errmap's own priorities always choose one of the two errors.
const trusted: ReadonlySet<unknown> = new Set([
  defaultPriority,
  highestStatus,
  firstError,
  lastError,
])

// Every knob read once from `o`, validated.
const build = (o: read.Bag): Policy => {
  const priority = o['priority']
  const p: Policy = {
    status: remapsOf(o['status']),
    codes: codesOf(o['codes']),
    formats: formatsOf(o['formats']),
    priority:
      priority === undefined
        ? defaultPriority
        : trusted.has(priority)
          ? (priority as Priority)
          : safePriority(priority),
    expose: fn(o['expose']) ?? clientErrors,
    maxErrors: bound(o['maxErrors'], 100),
    maxMessageLength: bound(o['maxMessageLength'], 1024),
    challenges: read.challenges(o['challenges']) ?? defaultChallenges,
    recognisers: read.list(o['recognisers'], fn<Recogniser>) ?? [],
    onError: fn(o['onError']),
    requestIdHeader: requestIdHeaderOf(o),
    trace: o['trace'] === true,
    messages: translatorOf(o['messages']),
  }
  Object.freeze(p)
  made.add(p)
  return p
}

/**
 * A policy from options; everything not given is the default: statuses and codes as the
 * variants define them, `json` then `problem` then `graphql`, `defaultPriority`, 4xx
 * exposed and 5xx masked, 100 errors, 1,024-character messages, a `Bearer` challenge, no
 * recognisers beyond the built-ins, `x-request-id`, no trace ids, no translations. Invalid values are ignored: remapped
 * statuses outside 400–599, bounds that are not positive integers, formats that are not
 * formats. The result is frozen.
 *
 * @example
 * import { policy, notImplemented, toResponse } from 'errmap'
 * const p = policy({ status: { NotImplemented: 412 }, codes: { NOT_IMPLEMENTED: 'NOT_SUPPORTED' } })
 * const r = toResponse(notImplemented('feature disabled'), {}, p)
 * assert.strictEqual(r.status, 412)
 * assert.strictEqual(JSON.parse(r.body).code, 'NOT_SUPPORTED')
 *
 * @category constructors
 * @since 0.1.0
 */
export const policy = (options: Options = {}): Policy => build(options as unknown as read.Bag)

/**
 * The default policy.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultPolicy: Policy = policy()

// The policies made from other values, each read once.
const resolved = new WeakMap<object, Policy>()

/**
 * The policy a value stands for: a policy `policy` built is itself; any other object (a
 * spread policy, a Proxy) is read once, validated as `policy` validates options, and
 * cached; `undefined`, `null`, a primitive or an object that cannot be read is the
 * default policy.
 *
 * @internal
 */
export const resolve = (u: unknown): Policy => {
  if (typeof u !== 'object' || u === null) return defaultPolicy
  if (made.has(u)) return u as Policy
  let p = resolved.get(u)
  if (p === undefined) {
    try {
      p = build(u as read.Bag)
    } catch {
      p = defaultPolicy
    }
    resolved.set(u, p)
  }
  return p
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The status an error gets under a policy: the policy's remap of its variant, else
 * `status(e)`. A `Custom` error always keeps its own status; a remap function that
 * throws or answers something other than 400–599 leaves the default.
 *
 * @example
 * import { statusUnder, policy, notImplemented } from 'errmap'
 * assert.strictEqual(statusUnder(policy({ status: { NotImplemented: 412 } }))(notImplemented()), 412)
 *
 * @category utils
 * @since 0.1.0
 */
export const statusUnder =
  (p: Policy) =>
  (e: HttpError): ErrorStatus =>
    statusIn(resolve(p), e)

/** Uncurried, for the hot path. @internal */
export const statusIn = (p: Policy, e: HttpError): ErrorStatus => {
  const remap = e._tag === 'Custom' ? undefined : p.status[e._tag]
  if (remap === undefined) return status(e)
  if (typeof remap === 'number') return remap
  try {
    const s: unknown = (remap as (e: HttpError) => unknown)(e)
    return isErrorStatus(s) ? s : status(e)
  } catch {
    return status(e)
  }
}

/**
 * The code an error shows under a policy, after renaming.
 *
 * @internal
 */
export const codeUnder =
  (p: Policy) =>
  (e: HttpError): string =>
    codeIn(resolve(p), fromUnknown(e))

/**
 * Whether the client sees an error's message and details under a policy, given the
 * status it is answered with.
 *
 * @internal
 */
export const exposedUnder =
  (p: Policy) =>
  (e: HttpError, s: ErrorStatus): boolean =>
    exposedIn(resolve(p), fromUnknown(e), s)

/** The code an error shows under a policy, after renaming. @internal */
export const codeIn = (p: Policy, e: HttpError): string =>
  p.codes.size === 0 ? e.code : (p.codes.get(e.code) ?? e.code)

/**
 * Whether the client sees an error's message and details under a policy: the error's
 * own `expose` when it has one, else the policy's predicate (a predicate that throws or
 * answers anything but `true` masks).
 *
 * @internal
 */
export const exposedIn = (p: Policy, e: HttpError, s: ErrorStatus): boolean => {
  if (e.expose !== undefined) return e.expose
  try {
    return p.expose(e, s) === true
  } catch {
    // A predicate that fails must not leak what it was deciding about.
    return false
  }
}

// A hook's promise is never awaited; its rejection is caught.
const ignore = (): void => undefined

/**
 * Calls the policy's `onError` with each error, its cause and the request's facts (the
 * arguments in `toResponse`'s order). Adapters call it once per error response. Total: a hook that throws, or returns a
 * promise that rejects, is ignored, so a failing logger cannot cost the client its
 * response; the response never waits for it.
 *
 * @example
 * import { notify, policy, internal } from 'errmap'
 * const seen: Array<unknown> = []
 * notify(internal('db down', { cause: 'ECONNREFUSED' }), {}, policy({ onError: (_e, cause) => seen.push(cause) }))
 * assert.deepStrictEqual(seen, ['ECONNREFUSED'])
 *
 * @category utils
 * @since 0.1.0
 */
export const notify = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: RequestFacts = {},
  policy: Policy = defaultPolicy,
): void => {
  const onError = resolve(policy).onError
  if (onError === undefined) return
  try {
    const list: ReadonlyArray<HttpError> = Array.isArray(errors) ? errors : [errors as HttpError]
    for (const e of list) {
      try {
        const r: unknown = onError(e, e.cause, request)
        if (typeof r === 'object' && r !== null) {
          const then = (r as { readonly then?: unknown }).then
          if (typeof then === 'function') then.call(r, undefined, ignore)
        }
      } catch {
        // A failing logger must not cost the client its response.
      }
    }
  } catch {
    // A hostile list (a Proxy whose traps throw) has nothing a logger could use.
  }
}
