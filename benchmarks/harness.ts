/**
 * A small side-by-side harness: every candidate runs in the same process, in the same
 * rounds, in an order that rotates from round to round, so that drift in the machine's
 * load hits every candidate alike. Each operation returns a number that is summed into a
 * sink the caller prints, so no result can be eliminated as dead code.
 */

/** One thing to measure: `op` does the work once and returns something derived from it. */
export interface Candidate {
  readonly name: string
  readonly op: () => number
}

export interface Rounds {
  /** How many measured rounds; each candidate runs once per round. */
  readonly rounds: number
  /** How long each candidate runs in each round. */
  readonly roundMs: number
  /** How long each candidate runs before the first round (JIT warm-up; not measured). */
  readonly warmupMs: number
}

/** A candidate's measurements: operations per second in each round, in round order. */
export interface Measured {
  readonly name: string
  readonly hz: ReadonlyArray<number>
}

export interface Comparison {
  readonly results: ReadonlyArray<Measured>
  /** The sum of every operation's result: print it so the work stays observable. */
  readonly sink: number
}

export const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** Median absolute deviation relative to the median, in percent: the spread of the rounds. */
export const spread = (xs: ReadonlyArray<number>): number => {
  const m = median(xs)
  return (100 * median(xs.map((x) => Math.abs(x - m)))) / m
}

/** The order of `items` in round `r`: rotated by `r`, so each one leads in turn. */
export const rotate = <A>(items: ReadonlyArray<A>, r: number): ReadonlyArray<A> => {
  const k = items.length === 0 ? 0 : r % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

/** The median over rounds of `a`'s rate divided by `b`'s rate in the same round. */
export const ratio = (a: Measured, b: Measured): number =>
  median(a.hz.map((x, i) => x / (b.hz[i] as number)))

interface Timed {
  readonly ops: number
  readonly ms: number
  readonly sink: number
}

// Runs `op` in batches until `ms` have passed; the clock is read once per batch.
const runFor = (op: () => number, batch: number, ms: number): Timed => {
  let sink = 0
  let ops = 0
  const start = performance.now()
  let now = start
  do {
    for (let i = 0; i < batch; i++) sink += op()
    ops += batch
    now = performance.now()
  } while (now - start < ms)
  return { ops, ms: now - start, sink }
}

/** Measures every candidate side by side; see the module comment. */
export const compare = (candidates: ReadonlyArray<Candidate>, o: Rounds): Comparison => {
  let sink = 0
  // Warm-up, which also sizes the batches to about a tenth of a millisecond.
  const batches = new Map<string, number>()
  for (const c of candidates) {
    const t = runFor(c.op, 1, o.warmupMs)
    sink += t.sink
    batches.set(c.name, Math.max(1, Math.round((t.ops / t.ms) * 0.1)))
  }
  const hz = new Map<string, Array<number>>(candidates.map((c) => [c.name, []]))
  for (let r = 0; r < o.rounds; r++) {
    for (const c of rotate(candidates, r)) {
      const t = runFor(c.op, batches.get(c.name) ?? 1, o.roundMs)
      sink += t.sink
      hz.get(c.name)?.push((t.ops * 1000) / t.ms)
    }
  }
  return { results: candidates.map((c) => ({ name: c.name, hz: hz.get(c.name) ?? [] })), sink }
}
