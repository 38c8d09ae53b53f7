/**
 * The priority reducer: several errors, one status. Combining is an explicit `Semigroup`
 * over ranked errors; the default is a semilattice on the chosen status (associative,
 * commutative, idempotent) and ties keep the first.
 *
 * @since 0.1.0
 */
import * as N from 'fp-ts/number'
import { contramap, reverse, type Ord } from 'fp-ts/Ord'
import { first as keepFirst, last as keepLast, min, type Semigroup } from 'fp-ts/Semigroup'
import { pipe } from 'fp-ts/function'
import type { HttpError } from '../model/HttpError.js'
import type { ErrorStatus } from '../model/Status.js'
import { tags, variants } from '../model/variants.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An error with the status the policy gives it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Ranked {
  readonly error: HttpError
  readonly status: ErrorStatus
}

/**
 * How two errors combine into the one whose status the response carries.
 *
 * @category model
 * @since 0.1.0
 */
export type Priority = Semigroup<Ranked>

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

// Webmachine's decision flow, from the variant table: the check an HTTP server makes first
// wins; any 4xx before any 5xx; unlisted statuses after the listed ones, by number.
const flow = new Map<number, number>()
for (const tag of tags) {
  const v = variants[tag]
  if (v.flow !== undefined) flow.set(v.status, v.flow)
}

const rank = (s: ErrorStatus): number => (s >= 500 ? 1000 : 0) + (flow.get(s) ?? 200 + s)

/**
 * The default order of statuses, most urgent first: any 4xx before any 5xx (the client
 * must fix its request first); within a class, Webmachine's decision order — 408, 431,
 * 414, 429, 405, 400, 401, 403, 415, 413, 406, 404, 410, 412, 422, 409, then the others
 * by number; 503, 501, 504, 502, 500, then the others by number. A total order: two
 * statuses are equal only when they are the same status.
 *
 * @category instances
 * @since 0.1.0
 */
export const decisionOrder: Ord<ErrorStatus> = pipe(N.Ord, contramap(rank))

/**
 * The error whose status comes first in `O` wins; ties keep the first.
 *
 * @example
 * import { byStatus, decisionOrder } from 'errmap'
 * const p = byStatus(decisionOrder)
 *
 * @category constructors
 * @since 0.1.0
 */
export const byStatus = (O: Ord<ErrorStatus>): Priority =>
  min(
    pipe(
      O,
      contramap((r: Ranked) => r.status),
    ),
  )

/**
 * The error that comes first in `O` wins; ties keep the first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const byError = (O: Ord<HttpError>): Priority =>
  min(
    pipe(
      O,
      contramap((r: Ranked) => r.error),
    ),
  )

/**
 * The default: 4xx over 5xx, then the server decision flow (`decisionOrder`).
 *
 * @category instances
 * @since 0.1.0
 */
export const defaultPriority: Priority = byStatus(decisionOrder)

/**
 * The highest status number wins (what graphql-yoga does).
 *
 * @category instances
 * @since 0.1.0
 */
export const highestStatus: Priority = byStatus(reverse(N.Ord))

/**
 * The first error wins (what Effect's HttpApi does).
 *
 * @category instances
 * @since 0.1.0
 */
export const firstError: Priority = keepFirst<Ranked>()

/**
 * The last error wins (what Apollo Server does).
 *
 * @category instances
 * @since 0.1.0
 */
export const lastError: Priority = keepLast<Ranked>()

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A user's priority made safe: its `concat` read once; it can only choose one of the two
 * errors it is given (an answer that is neither, or a throw, keeps the first), so it
 * cannot invent a status or give an error another one.
 *
 * @internal
 */
export const safePriority = (u: unknown): Priority => {
  const concat = typeof u === 'object' && u !== null ? (u as Priority).concat : undefined
  if (typeof concat !== 'function') return defaultPriority
  return {
    concat: (x, y) => {
      try {
        const r: unknown = concat.call(u, x, y)
        return r === y ? y : x
      } catch {
        return x
      }
    },
  }
}

/**
 * The error whose status a list of ranked errors answers with (not empty).
 *
 * @internal
 */
export const choose = (p: Priority, ranked: ReadonlyArray<Ranked>): Ranked => {
  let primary = ranked[0] as Ranked
  for (let i = 1; i < ranked.length; i++) primary = p.concat(primary, ranked[i] as Ranked)
  return primary
}
