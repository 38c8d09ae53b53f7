/**
 * Core: `toResponse` per scenario and format, and `fromUnknown` on an `Error`, side by
 * side with the literal floor, Boom and http-errors building the same status and body.
 */
import { negotiate } from '../src/internal/negotiate.js'
import { deepStrictEqual } from 'node:assert'
import type { HttpError, Issue } from '../src/index.js'
import { compare, ratio, type Candidate, type Measured, type Rounds } from './harness.js'
import {
  Boom,
  createError,
  floor,
  fromBoom,
  fromHttpErrors,
  MESSAGE_404,
  type Answer,
} from './peers.js'

/** errmap as the benchmarks load it: the bundled core (see `bundle.ts`). */
export type Errmap = typeof import('../src/index.js')

export const FORMATS = [
  { name: 'json', accept: 'application/json' },
  { name: 'problem', accept: 'application/problem+json' },
  { name: 'graphql', accept: 'application/graphql-response+json' },
] as const

export const SCENARIOS = ['404', 'masked 500', '401 + challenge', '422 × 10 issues'] as const
export type Scenario = (typeof SCENARIOS)[number]

const CHALLENGE = 'Bearer realm="api", error="invalid_token"'
const SECRET = 'connect ECONNREFUSED 10.0.0.7:5432'

/** Ten validation issues, shared by every library's 422. */
export const ISSUES: ReadonlyArray<Issue> = Array.from({ length: 10 }, (_, i) => ({
  path: `/items/${i}/quantity`,
  message: 'must be a positive integer',
  location: 'body' as const,
  expected: 'PositiveInt',
}))

// Keeps every answer reachable, so that escape analysis cannot drop its allocation.
let last: unknown
const keep = (a: Answer): number => {
  last = a
  return a.body.length
}

export interface CoreResult {
  readonly results: ReadonlyArray<Measured>
  readonly floor: Measured
  /** Candidate name → median ratio to the floor over rounds. */
  readonly toFloor: ReadonlyMap<string, number>
  readonly sink: number
}

export const errmapName = (s: Scenario, format: string): string => `errmap ${s} ${format}`
export const boomName = (s: Scenario): string => `Boom ${s}`
export const httpErrorsName = (s: Scenario): string => `http-errors ${s}`
export const FLOOR = 'literal floor 404'
export const FROM_UNKNOWN = 'errmap fromUnknown(Error)'
/** Diagnostics: the 404 without content negotiation, and the negotiation alone. */
export const NO_ACCEPT = 'errmap 404 json, no Accept'
export const NEGOTIATE = 'errmap negotiate(application/json)'

/** Each scenario built by errmap, Boom and http-errors, a new error every call. */
export const builders = (
  m: Errmap,
): Record<Scenario, { errmap: () => HttpError; boom: () => Answer; httpErrors: () => Answer }> => {
  const cause = new Error(SECRET)
  const challenges = [{ scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } }]
  return {
    '404': {
      errmap: () => m.notFound(MESSAGE_404),
      boom: () => fromBoom(Boom.notFound(MESSAGE_404)),
      httpErrors: () => fromHttpErrors(createError(404, MESSAGE_404)),
    },
    'masked 500': {
      errmap: () => m.internal(SECRET, { cause }),
      boom: () => fromBoom(Boom.internal(SECRET)),
      httpErrors: () => fromHttpErrors(createError(500, SECRET)),
    },
    '401 + challenge': {
      errmap: () => m.unauthorized('Token expired', { challenges }),
      boom: () => fromBoom(Boom.unauthorized('Token expired', [CHALLENGE])),
      httpErrors: () =>
        fromHttpErrors(
          createError(401, 'Token expired', { headers: { 'WWW-Authenticate': CHALLENGE } }),
        ),
    },
    '422 × 10 issues': {
      errmap: () => m.unprocessableContent(ISSUES, 'Validation failed'),
      boom: () => fromBoom(Boom.badData('Validation failed', ISSUES)),
      httpErrors: () => fromHttpErrors(createError(422, 'Validation failed', { issues: ISSUES })),
    },
  }
}

/**
 * Checks that the peers answer exactly as errmap's `json` format does, and the floor
 * exactly as errmap's 404: otherwise the comparison would not be fair. Throws on a
 * difference.
 */
export const verify = (m: Errmap): void => {
  const b = builders(m)
  const json = { accept: 'application/json' }
  deepStrictEqual(floor(), m.toResponse(b['404'].errmap(), json), 'the floor differs from errmap')
  for (const s of SCENARIOS) {
    const expected = m.toResponse(b[s].errmap(), json)
    deepStrictEqual(b[s].boom(), expected, `Boom ${s} differs from errmap`)
    deepStrictEqual(b[s].httpErrors(), expected, `http-errors ${s} differs from errmap`)
  }
}

export const candidates = (m: Errmap): ReadonlyArray<Candidate> => {
  const b = builders(m)
  const out: Array<Candidate> = [{ name: FLOOR, op: () => keep(floor()) }]
  for (const s of SCENARIOS)
    for (const f of FORMATS) {
      const request = { accept: f.accept }
      const make = b[s].errmap
      out.push({ name: errmapName(s, f.name), op: () => keep(m.toResponse(make(), request)) })
    }
  const make404 = b['404'].errmap
  out.push({ name: NO_ACCEPT, op: () => keep(m.toResponse(make404(), {})) })
  const mediaTypes = m.defaultPolicy.formats.map((f) => f.mediaType)
  out.push({ name: NEGOTIATE, op: () => negotiate('application/json', mediaTypes) + 2 })
  const thrown = new Error(SECRET)
  out.push({
    name: FROM_UNKNOWN,
    op: () => {
      const e = m.fromUnknown(thrown)
      last = e
      return e.message.length
    },
  })
  for (const s of SCENARIOS) {
    const boom = b[s].boom
    const httpErrors = b[s].httpErrors
    out.push({ name: boomName(s), op: () => keep(boom()) })
    out.push({ name: httpErrorsName(s), op: () => keep(httpErrors()) })
  }
  return out
}

export const runCore = (m: Errmap, rounds: Rounds): CoreResult => {
  verify(m)
  const { results, sink } = compare(candidates(m), rounds)
  const base = results.find((r) => r.name === FLOOR) as Measured
  return {
    results,
    floor: base,
    toFloor: new Map(results.map((r) => [r.name, ratio(r, base)])),
    sink: sink + (last === undefined ? 0 : 1),
  }
}
