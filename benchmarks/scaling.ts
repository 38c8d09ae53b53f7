/**
 * Reducer scaling: `toResponse` over 1 … 100,000 errors with the default priority and
 * `maxErrors`. Linear means the time per error stays flat as the count grows.
 */
import type { HttpError } from '../src/index.js'
import type { Errmap } from './core.js'
import { compare, median, type Rounds } from './harness.js'

export interface ScalingRow {
  readonly errors: number
  /** Median time of one `toResponse`, in nanoseconds. */
  readonly nsPerCall: number
  readonly nsPerError: number
  /** Time added per error since the previous size: the fixed cost of one response removed. */
  readonly marginalNsPerError: number | undefined
}

export interface ScalingResult {
  readonly rows: ReadonlyArray<ScalingRow>
  /** Time per error at 100,000 divided by time per error at 1,000 (1 is linear). */
  readonly ratio100kTo1k: number
  /** Slope of log(time) against log(errors) from 1,000 up (1 is linear, 2 quadratic). */
  readonly slope: number
  readonly sink: number
}

export const SIZES = [1, 10, 100, 1_000, 10_000, 100_000] as const

// A mix of 4xx and 5xx, each with its own message, so the reducer really compares.
const errorsOf = (m: Errmap, n: number): ReadonlyArray<HttpError> => {
  const make: ReadonlyArray<(i: number) => HttpError> = [
    (i) => m.conflict(`version ${i} is stale`),
    (i) => m.notFound(`no item ${i}`),
    (i) => m.forbidden(`item ${i} is private`),
    (i) => m.internal(`shard ${i} failed`),
    (i) => m.badRequest(`bad id ${i}`),
    (i) => m.unprocessableContent([{ path: `/items/${i}`, message: 'must be a string' }]),
  ]
  return Array.from({ length: n }, (_, i) => (make[i % make.length] as (i: number) => HttpError)(i))
}

// Least-squares slope of y on x.
const fit = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number => {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my)
    den += ((xs[i] as number) - mx) ** 2
  }
  return num / den
}

export const runScaling = (m: Errmap, rounds: Rounds): ScalingResult => {
  const request = { accept: 'application/json' }
  let last: unknown
  const { results, sink } = compare(
    SIZES.map((n) => {
      const errors = errorsOf(m, n)
      return {
        name: String(n),
        op: () => {
          const r = m.toResponse(errors, request)
          last = r
          return r.body.length
        },
      }
    }),
    rounds,
  )
  const calls = results.map((r) => 1e9 / median(r.hz))
  const rows = calls.map((nsPerCall, i) => {
    const errors = SIZES[i] as number
    const before = i === 0 ? undefined : (SIZES[i - 1] as number)
    return {
      errors,
      nsPerCall,
      nsPerError: nsPerCall / errors,
      marginalNsPerError:
        before === undefined
          ? undefined
          : (nsPerCall - (calls[i - 1] as number)) / (errors - before),
    }
  })
  const at = (n: number): ScalingRow => rows.find((r) => r.errors === n) as ScalingRow
  const big = rows.filter((r) => r.errors >= 1_000)
  return {
    rows,
    ratio100kTo1k: at(100_000).nsPerError / at(1_000).nsPerError,
    slope: fit(
      big.map((r) => Math.log(r.errors)),
      big.map((r) => Math.log(r.nsPerCall)),
    ),
    sink: sink + (last === undefined ? 0 : 1),
  }
}
