/**
 * A policy gathers every knob of the mapping in one value: status remaps, code renames,
 * formats, priority, masking, problem `type` base, bounds, the default challenge, and the
 * `onError` hook the adapters call.
 *
 * @since 0.1.0
 */
import { graphql, json, problem, view, type Format, type View } from './Body.js'
import {
  defaults,
  status,
  type Challenge,
  type HttpError,
  type Tag,
  type Variant,
} from './HttpError.js'
import { defaultPriority, type Priority } from './Priority.js'
import type { RequestFacts } from './Response.js'
import { isErrorStatus, type ErrorStatus } from './Status.js'

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
  /** Whether an error without its own `expose` is shown to the client. */
  readonly expose: (e: HttpError, status: ErrorStatus) => boolean
  /** Base URI of problem `type`s (`https://errors.example.com/` → `…/not-found`); `undefined` for `about:blank`. */
  readonly problemTypeBase: string | undefined
  /** At most this many errors in one body; the rest are counted in `omitted`. */
  readonly maxErrors: number
  /** Longer messages are cut and end with `…`. */
  readonly maxMessageLength: number
  /** The challenges of a 401 whose error names none (RFC 9110 requires one). */
  readonly challenges: ReadonlyArray<Challenge>
  /**
   * Called by the adapters (`notify`) for each error they answer, with its cause (for a
   * thrown value, the value) and the request's facts (its `requestId` is the one in the
   * body), for logging.
   */
  readonly onError: ((error: HttpError, cause: unknown, request: RequestFacts) => void) | undefined
  /** The request header adapters read the request id from (`x-request-id`); `undefined` for none. */
  readonly requestIdHeader: string | undefined
}

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
 * What `policy` accepts: any subset of the knobs, with codes as a plain record.
 *
 * @category model
 * @since 0.1.0
 */
export type Options = Partial<Omit<Policy, 'codes'>> & {
  readonly codes?: Readonly<Record<string, string>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const clientErrors = (_: HttpError, s: ErrorStatus): boolean => s < 500

// A base the code is appended to: `https://errors.example.com` gets its `/`.
const typeBase = (base: string | undefined): string | undefined => {
  if (base === undefined || base.length === 0) return undefined
  const last = base[base.length - 1]
  return last === '/' || last === '#' || last === ':' || last === '=' ? base : base + '/'
}

/**
 * A policy from options; everything not given is the default: statuses and codes as
 * the variants define them, `json` then `problem` then `graphql`, `defaultPriority`,
 * 4xx exposed and 5xx masked, `about:blank`, 100 errors, 1,024-character messages,
 * a `Bearer` challenge. Invalid remapped statuses and bounds are ignored.
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
export const policy = (options: Options = {}): Policy => {
  const status: Record<string, Remaps[keyof Remaps]> = {}
  for (const tag in options.status)
    if (tag !== 'Custom' && Object.prototype.hasOwnProperty.call(defaults, tag)) {
      const s = options.status[tag as keyof Remaps]
      if (isErrorStatus(s) || typeof s === 'function') status[tag] = s
    }
  const codes = new Map<string, string>()
  for (const code in options.codes) {
    const to = options.codes[code]
    if (typeof to === 'string' && to.length > 0) codes.set(code, to)
  }
  const formats =
    options.formats !== undefined && options.formats.length > 0
      ? options.formats
      : [json, problem, graphql]
  const bound = (n: number | undefined, fallback: number): number =>
    n !== undefined && Number.isInteger(n) && n >= 1 ? n : fallback
  return {
    status: status as Remaps,
    codes,
    formats,
    priority: options.priority ?? defaultPriority,
    expose: options.expose ?? clientErrors,
    problemTypeBase: typeBase(options.problemTypeBase),
    maxErrors: bound(options.maxErrors, 100),
    maxMessageLength: bound(options.maxMessageLength, 1024),
    challenges: options.challenges ?? [{ scheme: 'Bearer' }],
    onError: options.onError,
    requestIdHeader:
      'requestIdHeader' in options ? options.requestIdHeader?.toLowerCase() : 'x-request-id',
  }
}

/**
 * The default policy.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultPolicy: Policy = policy()

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
    statusIn(p, e)

/** Uncurried, for the hot path; not part of the public API. @internal */
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
 * @category utils
 * @since 0.1.0
 */
export const codeUnder =
  (p: Policy) =>
  (e: HttpError): string =>
    codeIn(p, e)

/** Uncurried, for the hot path; not part of the public API. @internal */
export const codeIn = (p: Policy, e: HttpError): string => {
  const code = typeof e.code === 'string' ? e.code : defaults[e._tag].code
  return p.codes.size === 0 ? code : (p.codes.get(code) ?? code)
}

/**
 * Whether the client sees an error's message and details under a policy.
 *
 * @category utils
 * @since 0.1.0
 */
export const exposedUnder =
  (p: Policy) =>
  (e: HttpError, status: ErrorStatus): boolean =>
    exposedIn(p, e, status)

/** Uncurried, for the hot path; not part of the public API. @internal */
export const exposedIn = (p: Policy, e: HttpError, status: ErrorStatus): boolean => {
  if (typeof e.expose === 'boolean') return e.expose
  try {
    return p.expose(e, status) === true
  } catch {
    // A predicate that fails must not leak what it was deciding about.
    return false
  }
}

/**
 * What the client sees of an error under a policy: its status (the remapped one unless
 * given), its renamed code, its message and details masked as the policy says, bounded
 * by its limits. The one place the policy meets the body: `toResponse`, the client's
 * `exposed` and `errmap/graphql` all go through it. Internal: not exported from the
 * package.
 *
 * @category utils
 * @since 0.1.0
 */
export const viewUnder = (p: Policy, e: HttpError, status: ErrorStatus = statusIn(p, e)): View =>
  view(e, status, codeIn(p, e), exposedIn(p, e, status), p)

/**
 * Calls the policy's `onError` with each error, its cause and the request's facts.
 * Adapters call it once per error response. Total: a hook that throws is ignored, so a
 * failing logger cannot cost the client its response.
 *
 * @example
 * import { notify, policy, internal } from 'errmap'
 * const seen: Array<unknown> = []
 * notify(policy({ onError: (_e, cause) => seen.push(cause) }), internal('db down', { cause: 'ECONNREFUSED' }))
 * assert.deepStrictEqual(seen, ['ECONNREFUSED'])
 *
 * @category utils
 * @since 0.1.0
 */
export const notify = (
  p: Policy,
  errors: HttpError | ReadonlyArray<HttpError>,
  request: RequestFacts = {},
): void => {
  const onError = p.onError
  if (onError === undefined) return
  try {
    const list: ReadonlyArray<HttpError> = Array.isArray(errors) ? errors : [errors as HttpError]
    for (const e of list) {
      try {
        onError(e, e.cause, request)
      } catch {
        // A failing logger must not cost the client its response.
      }
    }
  } catch {
    // A hostile list (a Proxy whose traps throw) has nothing a logger could use.
  }
}
