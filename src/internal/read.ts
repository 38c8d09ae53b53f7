/**
 * How errmap reads values it did not build (a thrown value, a user's object, a spread
 * policy): each field once, into plain data of the expected shape, bounded. Readers may
 * throw (a getter, a Proxy trap): their callers read inside a `try`. Internal.
 *
 * @internal
 */
import type { Challenge, Issue, Location, Quota, RetryAfter } from '../model/HttpError.js'

/** An object read as a record of unknown values. @internal */
export type Bag = Readonly<Record<string, unknown>>

/** An object that is not an array. @internal */
export const isRecord = (u: unknown): u is Bag =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** A field of a value, or `undefined` when the value is not an object. May throw. @internal */
export const get = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Bag)[key] : undefined

/**
 * Sets a field of a record built from foreign names: a name `__proto__` is an own field
 * like any other, never the prototype.
 *
 * @internal
 */
export const put = (o: Record<string, string>, name: string, value: string): void => {
  if (name === '__proto__')
    Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true })
  else o[name] = value
}

/** A string, or `undefined`. @internal */
export const string = (u: unknown): string | undefined => (typeof u === 'string' ? u : undefined)

/** A finite number that is not negative, or `undefined`. @internal */
export const size = (u: unknown): number | undefined =>
  typeof u === 'number' && Number.isFinite(u) && u >= 0 ? u : undefined

/** Lists read from foreign values keep at most this many items. @internal */
export const maxItems = 64

/** Header records keep at most this many headers. @internal */
export const maxHeaders = 32

/** Issue lists keep at most this many issues (a body shows at most `maxErrors`). @internal */
export const maxIssues = 10_000

/**
 * The first `max` items of an array (its length and each item read once) that `item`
 * accepts, as a new array; `undefined` when `u` is not an array.
 *
 * @internal
 */
export const list = <A>(
  u: unknown,
  item: (x: unknown) => A | undefined,
  max: number = maxItems,
): ReadonlyArray<A> | undefined => {
  if (!Array.isArray(u)) return undefined
  const arr: ReadonlyArray<unknown> = u
  const n = Math.min(arr.length, max)
  const out: Array<A> = []
  for (let i = 0; i < n; i++) {
    const v = item(arr[i])
    if (v !== undefined) out.push(v)
  }
  return out
}

/** A list of strings. @internal */
export const strings = (u: unknown): ReadonlyArray<string> | undefined => list(u, string)

const locations: ReadonlySet<string> = new Set<Location>([
  'body',
  'query',
  'path',
  'header',
  'cookie',
  'security',
])

/** An issue: a string `path` and `message`, an optional known `location` and string `expected`. @internal */
export const issue = (u: unknown): Issue | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as Bag
  const path = o['path']
  const message = o['message']
  if (typeof path !== 'string' || typeof message !== 'string') return undefined
  const l = o['location']
  const e = o['expected']
  const location = typeof l === 'string' && locations.has(l) ? (l as Location) : undefined
  const expected = typeof e === 'string' ? e : undefined
  // One literal per shape: the common issue costs one allocation.
  if (expected === undefined)
    return location === undefined ? { path, message } : { path, message, location }
  return location === undefined
    ? { path, message, expected }
    : { path, message, location, expected }
}

/** A list of issues, at most `maxIssues`. @internal */
export const issues = (u: unknown): ReadonlyArray<Issue> | undefined => list(u, issue, maxIssues)

/**
 * A header record (an error's `headers`, an http-errors or Boom `headers` object): string
 * names, string values (numbers written out), at most `maxHeaders` (a header named
 * `__proto__` stays a header); `undefined` when none is left.
 *
 * @internal
 */
export const headerRecord = (u: unknown): Readonly<Record<string, string>> | undefined => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined
  const out: Record<string, string> = {}
  let n = 0
  for (const k of Object.keys(u)) {
    const v = (u as Bag)[k]
    if (typeof v !== 'string' && typeof v !== 'number') continue
    put(out, k, String(v))
    if (++n === maxHeaders) break
  }
  return n === 0 ? undefined : out
}

/** A challenge: a string `scheme`, string `params`, an optional string `token68`. @internal */
export const challenge = (u: unknown): Challenge | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as Bag
  const scheme = o['scheme']
  if (typeof scheme !== 'string') return undefined
  const token68 = o['token68']
  const params = headerRecord(o['params'])
  const out: { scheme: string; params?: Readonly<Record<string, string>>; token68?: string } = {
    scheme,
  }
  if (params !== undefined) out.params = params
  if (typeof token68 === 'string') out.token68 = token68
  return out
}

/** A list of challenges. @internal */
export const challenges = (u: unknown): ReadonlyArray<Challenge> | undefined => list(u, challenge)

/** A delay in seconds (a number) or an instant (a `Date`, copied). @internal */
export const retryAfter = (u: unknown): RetryAfter | undefined =>
  typeof u === 'number' ? u : u instanceof Date ? new Date(u.getTime()) : undefined

// Printable ASCII (what an RFC 9651 String holds), 1–256 characters.
const text = (u: unknown): string | undefined => {
  if (typeof u !== 'string' || u.length === 0 || u.length > 256) return undefined
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i)
    if (c < 32 || c > 126) return undefined
  }
  return u
}

// An integer of at least `min` that an RFC 9651 Integer can hold (15 digits).
const integer = (u: unknown, min: number): number | undefined =>
  Number.isInteger(u) && (u as number) >= min && (u as number) < 1e15 ? (u as number) : undefined

/**
 * A quota: each field read once; a field of the wrong kind is left out, and a quota with
 * no valid `policy`, or neither `limit` nor `remaining`, is none.
 *
 * @internal
 */
export const quota = (u: unknown): Quota | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as Bag
  const q: Record<string, unknown> = {}
  for (const [k, v] of [
    ['policy', text(o['policy'])],
    ['limit', integer(o['limit'], 0)],
    ['remaining', integer(o['remaining'], 0)],
    ['reset', integer(o['reset'], 0)],
    ['window', integer(o['window'], 1)],
    ['unit', text(o['unit'])],
    ['partitionKey', text(o['partitionKey'])],
  ] as const)
    if (v !== undefined) q[k] = v
  return q['policy'] === undefined || (q['limit'] ?? q['remaining']) === undefined
    ? undefined
    : (q as unknown as Quota)
}

/** One quota, or a list of them (at most `maxItems`, invalid ones left out). @internal */
export const quotas = (u: unknown): Quota | ReadonlyArray<Quota> | undefined =>
  Array.isArray(u) ? list(u, quota) : quota(u)
