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
import type { HttpError } from './HttpError.js'
import type { ErrorStatus } from './Status.js'

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

// Webmachine's decision flow: the check an HTTP server makes first wins.
const clientFlow: ReadonlyArray<number> = [
  408, 431, 414, 429, 405, 400, 401, 403, 415, 413, 406, 404, 410, 412, 422, 409,
]
const serverFlow: ReadonlyArray<number> = [503, 501, 504, 502, 500]

const rank = (s: ErrorStatus): number => {
  const server = s >= 500
  const i = (server ? serverFlow : clientFlow).indexOf(s)
  // Any 4xx before any 5xx; unlisted statuses after the listed ones, by number.
  return (server ? 1000 : 0) + (i >= 0 ? i : 100 + s)
}

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
