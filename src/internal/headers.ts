/**
 * Header facts gathered from one error or several, and their rendering: `WWW-Authenticate`,
 * `Allow`, `Accept`, `Retry-After`, `RateLimit`/`RateLimit-Policy` and an error's extra
 * headers. Every value is validated (no CR, LF or NUL, tokens stay tokens, quoted strings
 * are escaped) and bounded: a value is at most `maxValue` characters and the whole section
 * at most `maxSection`; what does not fit is dropped whole, never cut inside a token or a
 * quoted string. Internal.
 *
 * @internal
 */
import type { Challenge, Quota, RetryAfter } from '../model/HttpError.js'
import { clean, isToken, isToken68, quote } from './grammar.js'

/**
 * Response headers, names in lower case. A list stands for several field lines.
 *
 * @category model
 * @since 0.1.0
 */
export type ResponseHeaders = Readonly<Record<string, string | ReadonlyArray<string>>>

/** The longest header value errmap writes. @internal */
export const maxValue = 2048

/**
 * The largest header section errmap writes (names, values and `: `/CRLF), well under the
 * 16 KiB Node's parser and `fetch` accept by default.
 *
 * @internal
 */
export const maxSection = 8192

/** Merged lists (challenges, `Allow`, `Accept`, `Vary`) keep at most this many values. @internal */
export const maxListed = 64

/** At most this many extra headers from one response. @internal */
export const maxExtra = 32

/**
 * One challenge for `WWW-Authenticate`, or `undefined` when its scheme is not a token or
 * it would be longer than `maxValue` (a challenge is sent whole or not at all). Parameters
 * with a name that is not a token are dropped; values are always quoted.
 *
 * @internal
 */
export const challenge = (c: Challenge): string | undefined => {
  const scheme = c.scheme
  // The length is checked first: a hostile value is never scanned further than the bound.
  if (scheme.length > maxValue || !isToken(scheme)) return undefined
  const token68 = c.token68
  if (token68 !== undefined && token68.length < maxValue - scheme.length && isToken68(token68))
    return `${scheme} ${token68}`
  let out = scheme
  let sep = ' '
  const params = c.params
  if (params !== undefined)
    for (const name in params) {
      const value = params[name]
      if (typeof value !== 'string' || !isToken(name)) continue
      if (out.length + name.length + value.length > maxValue) return undefined
      out += `${sep}${name}=${quote(value)}`
      sep = ', '
    }
  return out.length > maxValue ? undefined : out
}

// RFC 9111 §1.2.2: a recipient treats a larger delta-seconds as 2^31.
const maxDelay = 2147483648

/**
 * `Retry-After` as delay-seconds (a non-negative integer, rounded up, at most 2^31) or
 * an IMF-fixdate; `undefined` for a value that is neither (NaN, ±Infinity, an invalid
 * `Date`, a year an IMF-fixdate cannot write in four digits).
 *
 * @internal
 */
export const retryAfter = (r: RetryAfter): string | undefined => {
  if (typeof r === 'number')
    return Number.isFinite(r) ? String(Math.min(maxDelay, Math.max(0, Math.ceil(r)))) : undefined
  const year = r instanceof Date ? r.getUTCFullYear() : NaN
  return year >= 1000 && year <= 9999 ? r.toUTCString() : undefined
}

// Seconds from `now` until a retry, to compare a delay with a date.
const delayOf = (r: RetryAfter, now: number): number =>
  typeof r === 'number' ? r : (r.getTime() - now) / 1000

/**
 * What the headers of several errors gather into before rendering.
 *
 * @internal
 */
export interface Collected {
  challenges: Array<string> | undefined
  allow: Array<string> | undefined
  accept: Array<string> | undefined
  retryAfter: RetryAfter | undefined
  quotas: Array<Quota> | undefined
  extra: Record<string, string> | undefined
}

/** An empty collection. @internal */
export const empty = (): Collected => ({
  challenges: undefined,
  allow: undefined,
  accept: undefined,
  retryAfter: undefined,
  quotas: undefined,
  extra: undefined,
})

// The joined length a list would have with one more value.
const joined = (list: ReadonlyArray<string>, value: string): number => {
  let n = value.length
  for (const v of list) n += v.length + 2
  return n
}

/**
 * A list with one more distinct value, bounded: at most `maxListed` values whose joined
 * length stays within `maxValue`; a value that does not fit is dropped whole.
 *
 * @internal
 */
export const addUnique = (list: Array<string> | undefined, value: string): Array<string> => {
  if (list === undefined) return value.length <= maxValue ? [value] : []
  if (list.length < maxListed && !list.includes(value) && joined(list, value) <= maxValue)
    list.push(value)
  return list
}

/** Adds every valid challenge of a list; returns how many were valid. @internal */
export const addChallenges = (acc: Collected, list: ReadonlyArray<Challenge>): number => {
  let n = 0
  for (const c of list) {
    const v = challenge(c)
    if (v === undefined || v.length > maxValue) continue
    n++
    if (acc.challenges === undefined) acc.challenges = [v]
    else if (acc.challenges.length < maxListed && !acc.challenges.includes(v))
      acc.challenges.push(v)
  }
  return n
}

/** Adds methods to `Allow` (an empty `Allow` still counts); non-tokens are dropped. @internal */
export const addAllow = (acc: Collected, methods: ReadonlyArray<string>): void => {
  acc.allow ??= []
  for (const m of methods) if (isToken(m)) acc.allow = addUnique(acc.allow, m)
}

/** Adds media types to `Accept`; values with a comma (a list, not a type) are dropped. @internal */
export const addAccept = (acc: Collected, types: ReadonlyArray<string>): void => {
  for (const m of types) {
    if (m.length > maxValue) continue
    const v = clean(m).trim()
    if (v.length > 0 && !v.includes(',')) acc.accept = addUnique(acc.accept, v)
  }
}

/**
 * Keeps the longest of two `Retry-After`s (`now` compares a delay with a date); invalid
 * values are dropped.
 *
 * @internal
 */
export const addRetryAfter = (
  acc: Collected,
  r: RetryAfter | undefined,
  now: () => number,
): void => {
  if (r === undefined || retryAfter(r) === undefined) return
  const was = acc.retryAfter
  if (was === undefined) acc.retryAfter = r
  else if (typeof r === typeof was) {
    if (+r > +was) acc.retryAfter = r
  } else {
    const t = now()
    if (delayOf(r, t) > delayOf(was, t)) acc.retryAfter = r
  }
}

/**
 * Adds quotas (already a snapshot: valid ones): each policy once, the first to name it
 * (case-insensitively) winning, at most `maxListed`.
 *
 * @internal
 */
export const addQuotas = (acc: Collected, q: Quota | ReadonlyArray<Quota> | undefined): void => {
  if (q === undefined) return
  for (const x of Array.isArray(q) ? (q as ReadonlyArray<Quota>) : [q as Quota]) {
    const name = x.policy.toLowerCase()
    const list = acc.quotas
    if (list === undefined) acc.quotas = [x]
    else if (list.length < maxListed && !list.some((y) => y.policy.toLowerCase() === name))
      list.push(x)
  }
}

/**
 * A text as an RFC 9651 String (§4.1.6): quoted, `"` and `\` escaped. The text is printable
 * ASCII (the quota's reader saw to it).
 *
 * @internal
 */
export const sfString = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`

// A list value with one more item, unless it would pass `maxValue`: the item is left out.
const append = (list: string, item: string): string => {
  const v = list === '' ? item : `${list}, ${item}`
  return v.length > maxValue ? list : v
}

/**
 * The `RateLimit-Policy` and `RateLimit` values of quotas (RFC 9651 Lists; draft-ietf-
 * httpapi-ratelimit-headers-11): a quota with a `limit` is a policy item, one with
 * `remaining` a service limit item; `''` when none is.
 *
 * @internal
 */
export const rateLimit = (quotas: ReadonlyArray<Quota>): readonly [string, string] => {
  let policies = ''
  let limits = ''
  for (const q of quotas) {
    const name = sfString(q.policy)
    // Printable ASCII (the reader saw to it): `btoa` cannot throw.
    const pk = q.partitionKey === undefined ? '' : `;pk=:${btoa(q.partitionKey)}:`
    if (q.limit !== undefined)
      policies = append(
        policies,
        name +
          `;q=${q.limit}` +
          (q.unit === undefined ? '' : `;qu=${sfString(q.unit)}`) +
          (q.window === undefined ? '' : `;w=${q.window}`) +
          pk,
      )
    if (q.remaining !== undefined)
      limits = append(
        limits,
        name + `;r=${q.remaining}` + (q.reset === undefined ? '' : `;t=${q.reset}`) + pk,
      )
  }
  return [policies, limits]
}

// Headers the mapping itself decides: an error's extra headers never set them.
const managed = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-security-policy',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'x-content-type-options',
  'www-authenticate',
  'allow',
  'retry-after',
  'accept',
  'accept-post',
  'accept-patch',
])

/**
 * Two `Vary` lists as one (an error's `Origin` beside the negotiated `Accept`); `*`
 * absorbs all.
 *
 * @internal
 */
export const mergeVary = (a: string | undefined, b: string): string => {
  const seen = new Set<string>()
  const out: Array<string> = []
  for (const list of a === undefined ? [b] : [a, b])
    for (const part of list.split(',')) {
      const token = part.trim()
      const key = token.toLowerCase()
      if (key === '*') return '*'
      if (isToken(token) && !seen.has(key) && out.length < maxListed) {
        seen.add(key)
        out.push(token)
      }
    }
  return out.join(', ')
}

/**
 * Adds an error's extra headers (already a snapshot: string values): token names,
 * lower-cased, cleaned values of at most `maxValue` characters; the first error to name a
 * header wins, except `Vary`, whose lists merge.
 *
 * @internal
 */
export const addExtra = (acc: Collected, headers: Readonly<Record<string, string>>): void => {
  for (const key in headers) {
    const value = headers[key] as string
    const name = key.toLowerCase()
    if (value.length > maxValue || !isToken(name) || managed.has(name)) continue
    // No prototype: a header named `constructor` or `__proto__` is just a name.
    acc.extra ??= Object.create(null) as Record<string, string>
    if (name === 'vary') {
      acc.extra[name] = mergeVary(acc.extra[name], value)
      continue
    }
    if (name in acc.extra) continue
    const v = clean(value)
    if (Object.keys(acc.extra).length >= maxExtra) return
    acc.extra[name] = v
  }
}

// The size a header takes in the section: `name: value` and CRLF per line.
const size = (name: string, value: string | ReadonlyArray<string>): number => {
  if (typeof value === 'string') return name.length + value.length + 4
  let n = 0
  for (const v of value) n += name.length + v.length + 4
  return n
}

/**
 * Renders collected facts into `out`. `method` picks `Accept-Post`/`Accept-Patch` beside
 * `Accept` for a 415 (RFC 9110 §15.5.16). Quotas become `RateLimit` and `RateLimit-Policy`
 * (with quotas, an extra header of either name is left out). Extra headers come last and
 * never replace one already set; an extra `Vary` merges with the negotiated one. The section stays within
 * `maxSection`: a header that would pass it is left out whole.
 *
 * @internal
 */
export const render = (
  acc: Collected,
  method: string | undefined,
  out: Record<string, string | ReadonlyArray<string>>,
): void => {
  let used = 0
  for (const name in out) used += size(name, out[name] as string)
  const put = (name: string, value: string | ReadonlyArray<string>): boolean => {
    const n = size(name, value)
    if (used + n > maxSection) return false
    used += n
    out[name] = value
    return true
  }
  if (acc.challenges !== undefined && acc.challenges.length > 0)
    put(
      'www-authenticate',
      acc.challenges.length === 1 ? (acc.challenges[0] as string) : acc.challenges,
    )
  if (acc.allow !== undefined) put('allow', acc.allow.join(', '))
  if (acc.accept !== undefined) {
    const v = acc.accept.join(', ')
    put('accept', v)
    if (method === 'POST') put('accept-post', v)
    else if (method === 'PATCH') put('accept-patch', v)
  }
  if (acc.retryAfter !== undefined) put('retry-after', retryAfter(acc.retryAfter) as string)
  // With quotas, both fields are theirs: an extra `RateLimit` would describe other policies.
  const quotas = acc.quotas
  if (quotas !== undefined) {
    const [policies, limits] = rateLimit(quotas)
    if (limits !== '') put('ratelimit', limits)
    if (policies !== '') put('ratelimit-policy', policies)
  }
  if (acc.extra !== undefined)
    for (const name in acc.extra) {
      const value = acc.extra[name] as string
      if (quotas !== undefined && (name === 'ratelimit' || name === 'ratelimit-policy')) continue
      if (name !== 'vary') put(name, value)
      else {
        // The negotiated `Vary` stays when the merged one does not fit.
        const was = out[name] as string | undefined
        if (was !== undefined) used -= size(name, was)
        if (!put(name, mergeVary(was, value)) && was !== undefined) used += size(name, was)
      }
    }
}

/**
 * The headers every body carries: its `Content-Type`, its exact `Content-Length`, and
 * `X-Content-Type-Options: nosniff`.
 *
 * @internal
 */
export const entityHeaders = (
  contentType: string,
  length: number,
): Record<string, string | ReadonlyArray<string>> => ({
  'content-type': contentType,
  'content-length': String(length),
  'x-content-type-options': 'nosniff',
})
