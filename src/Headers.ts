/**
 * The headers an error obliges (RFC 9110 §15): `WWW-Authenticate`, `Allow`,
 * `Retry-After`, `Accept`. Every value is validated: no CR, LF or NUL ever reaches a
 * header, tokens stay tokens, quoted strings are escaped. Linear, no regular expressions.
 *
 * @since 0.1.0
 */
import type { Challenge, HttpError, RetryAfter } from './HttpError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Response headers, names in lower case. A list stands for several field lines.
 *
 * @category model
 * @since 0.1.0
 */
export type ResponseHeaders = Readonly<Record<string, string | ReadonlyArray<string>>>

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

// tchar (RFC 9110 §5.6.2): ALPHA / DIGIT / "!#$%&'*+-.^_`|~"
const isTchar = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 33 ||
  (c >= 35 && c <= 39) ||
  c === 42 ||
  c === 43 ||
  c === 45 ||
  c === 46 ||
  c === 94 ||
  c === 95 ||
  c === 96 ||
  c === 124 ||
  c === 126

/**
 * `true` for a non-empty RFC 9110 token (a method, an auth scheme, a parameter name).
 *
 * @example
 * import { isToken } from 'errmap'
 * assert.strictEqual(isToken('Bearer'), true)
 * assert.strictEqual(isToken('a b'), false)
 *
 * @category refinements
 * @since 0.1.0
 */
export const isToken = (s: string): boolean => {
  if (typeof s !== 'string' || s.length === 0) return false
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false
  return true
}

// token68 (RFC 9110 §11.2): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const isToken68 = (s: string): boolean => {
  if (typeof s !== 'string' || s.length === 0) return false
  let i = 0
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ok =
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 45 ||
      c === 46 ||
      c === 95 ||
      c === 126 ||
      c === 43 ||
      c === 47
    if (!ok) break
  }
  if (i === 0) return false
  for (; i < s.length; i++) if (s.charCodeAt(i) !== 61) return false
  return true
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// What a header value may hold: HTAB, visible ASCII and SP, and obs-text (0x80–0xFF).
// Node's writeHead and Fetch's Headers reject anything above 0xFF.
const unsafe = (c: number): boolean => (c < 32 && c !== 9) || c === 127 || c > 255

/**
 * A header value made safe: control characters (CR, LF, NUL and the rest, but not HTAB),
 * DEL, and characters beyond Latin-1 (which Node and Fetch refuse in a header) are
 * removed, so no value can split a response or make the platform throw. Returns the
 * same string when it is already clean.
 *
 * @example
 * import { clean } from 'errmap'
 * assert.strictEqual(clean('a\r\nSet-Cookie: x'), 'aSet-Cookie: x')
 * assert.strictEqual(clean('realm 日本'), 'realm ')
 *
 * @category utils
 * @since 0.1.0
 */
export const clean = (s: string): string => {
  for (let i = 0; i < s.length; i++) {
    if (unsafe(s.charCodeAt(i))) {
      let out = s.slice(0, i)
      for (let j = i + 1; j < s.length; j++) if (!unsafe(s.charCodeAt(j))) out += s[j]
      return out
    }
  }
  return s
}

/**
 * A quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped, control characters dropped.
 *
 * @example
 * import { quote } from 'errmap'
 * assert.strictEqual(quote('say "hi"'), '"say \\"hi\\""')
 *
 * @category utils
 * @since 0.1.0
 */
export const quote = (s: string): string => {
  const v = clean(s)
  let out = '"'
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c === 34 || c === 92) out += '\\'
    out += v[i]
  }
  return out + '"'
}

/**
 * One challenge for `WWW-Authenticate`, or `undefined` when its scheme is not a token.
 * Parameters with a name that is not a token are dropped; values are always quoted.
 *
 * @example
 * import { challenge } from 'errmap'
 * assert.strictEqual(
 *   challenge({ scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } }),
 *   'Bearer realm="api", error="invalid_token"',
 * )
 *
 * @category utils
 * @since 0.1.0
 */
export const challenge = (c: Challenge): string | undefined => {
  if (!isToken(c.scheme)) return undefined
  if (c.token68 !== undefined && isToken68(c.token68)) return `${c.scheme} ${c.token68}`
  let out = c.scheme
  let sep = ' '
  if (c.params !== undefined) {
    for (const name in c.params) {
      const value = c.params[name]
      if (!isToken(name) || typeof value !== 'string') continue
      out += `${sep}${name}=${quote(value)}`
      sep = ', '
    }
  }
  return out
}

// RFC 9111 §1.2.2: a recipient treats a larger delta-seconds as 2^31.
const maxDelay = 2147483648

/**
 * `Retry-After` as delay-seconds (a non-negative integer, rounded up, at most 2^31) or
 * an IMF-fixdate; `undefined` for a value that is neither (NaN, ±Infinity, an invalid
 * `Date`, a year an IMF-fixdate cannot write in four digits).
 *
 * @example
 * import { retryAfter } from 'errmap'
 * assert.strictEqual(retryAfter(1.2), '2')
 * assert.strictEqual(retryAfter(new Date(0)), 'Thu, 01 Jan 1970 00:00:00 GMT')
 *
 * @category utils
 * @since 0.1.0
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

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * What the headers of several errors gather into before rendering.
 *
 * @category model
 * @since 0.1.0
 */
export interface Collected {
  challenges: Array<string> | undefined
  allow: Array<string> | undefined
  accept: Array<string> | undefined
  retryAfter: RetryAfter | undefined
  extra: Record<string, string> | undefined
}

/**
 * An empty collection.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty = (): Collected => ({
  challenges: undefined,
  allow: undefined,
  accept: undefined,
  retryAfter: undefined,
  extra: undefined,
})

// Merged lists (challenges, Allow, Accept, Vary) keep at most this many distinct values:
// with thousands of errors, the headers stay bounded and merging stays linear.
const maxListed = 64

const addUnique = (list: Array<string> | undefined, value: string): Array<string> => {
  if (list === undefined) return [value]
  if (list.length < maxListed && !list.includes(value)) list.push(value)
  return list
}

// The valid challenges of a list; hostile entries (null, not an array) are skipped.
const rendered = (list: unknown): Array<string> => {
  const out: Array<string> = []
  if (Array.isArray(list))
    for (const c of list as ReadonlyArray<unknown>) {
      const v = typeof c === 'object' && c !== null ? challenge(c as Challenge) : undefined
      if (v !== undefined) out.push(v)
    }
  return out
}

// Headers the mapping itself decides: an error's extra headers never set them.
const managed = new Set([
  'content-type',
  'content-length',
  'content-encoding',
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

const maxExtra = 32

/**
 * Two `Vary` lists as one (an error's `Origin` beside the negotiated `Accept`); `*`
 * absorbs all. Internal: not exported from the package.
 *
 * @category combinators
 * @since 0.1.0
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

// An error's extra headers: token names (lower-cased), cleaned string values; the first
// error to name a header wins, except `Vary`, whose lists merge.
const addExtra = (acc: Collected, headers: unknown): void => {
  if (typeof headers !== 'object' || headers === null) return
  for (const key in headers) {
    const value = (headers as Readonly<Record<string, unknown>>)[key]
    const name = key.toLowerCase()
    if (typeof value !== 'string' || !isToken(name) || managed.has(name)) continue
    // No prototype: a header named `constructor` or `__proto__` is just a name.
    acc.extra ??= Object.create(null) as Record<string, string>
    if (name === 'vary') {
      acc.extra[name] = mergeVary(acc.extra[name], value)
      continue
    }
    if (name in acc.extra) continue
    if (Object.keys(acc.extra).length >= maxExtra) return
    acc.extra[name] = clean(value)
  }
}

/**
 * Keeps the longest of two `Retry-After`s (`now` compares a delay with a date); invalid
 * values are dropped.
 *
 * @category combinators
 * @since 0.1.0
 */
export const collectRetryAfter = (acc: Collected, e: HttpError, now: () => number): Collected => {
  const r =
    e._tag === 'TooManyRequests' || e._tag === 'ServiceUnavailable' || e._tag === 'PayloadTooLarge'
      ? e.retryAfter
      : undefined
  if (r === undefined || retryAfter(r) === undefined) return acc
  if (acc.retryAfter === undefined) acc.retryAfter = r
  else if (typeof r === typeof acc.retryAfter) {
    if (+r > +acc.retryAfter) acc.retryAfter = r
  } else {
    const t = now()
    if (delayOf(r, t) > delayOf(acc.retryAfter, t)) acc.retryAfter = r
  }
  return acc
}

/**
 * Adds one error's header facts: its challenges (or `fallback` for a 401 without a valid
 * one, or `Bearer` when the fallback has none either: RFC 9110 requires a challenge),
 * its allowed methods (an empty `Allow` still counts), its accepted media types, its
 * extra headers; keeps the longest `Retry-After`. Invalid values are dropped here.
 *
 * @category combinators
 * @since 0.1.0
 */
export const collect = (
  acc: Collected,
  e: HttpError,
  fallback: ReadonlyArray<Challenge>,
  now: () => number,
): Collected => {
  if (e.headers !== undefined) addExtra(acc, e.headers)
  switch (e._tag) {
    case 'Unauthorized': {
      const own = rendered(e.challenges)
      const chosen = own.length > 0 ? own : rendered(fallback)
      for (const v of chosen.length > 0 ? chosen : ['Bearer'])
        acc.challenges = addUnique(acc.challenges, v)
      return acc
    }
    case 'MethodNotAllowed': {
      acc.allow ??= []
      if (Array.isArray(e.allow))
        for (const m of e.allow) if (isToken(m)) acc.allow = addUnique(acc.allow, m)
      return acc
    }
    case 'UnsupportedMediaType': {
      if (Array.isArray(e.accept))
        for (const m of e.accept as ReadonlyArray<unknown>) {
          const v = typeof m === 'string' ? clean(m).trim() : ''
          if (v.length > 0 && !v.includes(',')) acc.accept = addUnique(acc.accept, v)
        }
      return acc
    }
    case 'TooManyRequests':
    case 'ServiceUnavailable':
    case 'PayloadTooLarge':
      return collectRetryAfter(acc, e, now)
    case 'BadRequest':
    case 'Forbidden':
    case 'NotFound':
    case 'NotAcceptable':
    case 'RequestTimeout':
    case 'Conflict':
    case 'Gone':
    case 'PreconditionFailed':
    case 'UriTooLong':
    case 'UnprocessableContent':
    case 'HeaderFieldsTooLarge':
    case 'Internal':
    case 'NotImplemented':
    case 'BadGateway':
    case 'GatewayTimeout':
    case 'Custom':
      return acc
  }
}

/**
 * Renders collected facts into headers. `method` picks `Accept-Post`/`Accept-Patch`
 * beside `Accept` for a 415 (RFC 9110 §15.5.16). Extra headers come last and never
 * replace one already set; an extra `Vary` merges with the negotiated one.
 *
 * @category combinators
 * @since 0.1.0
 */
export const render = (
  acc: Collected,
  method: string | undefined,
  out: Record<string, string | ReadonlyArray<string>>,
): void => {
  if (acc.challenges !== undefined)
    out['www-authenticate'] =
      acc.challenges.length === 1 ? (acc.challenges[0] as string) : acc.challenges
  if (acc.allow !== undefined) out['allow'] = acc.allow.join(', ')
  if (acc.accept !== undefined) {
    const v = acc.accept.join(', ')
    out['accept'] = v
    if (method === 'POST') out['accept-post'] = v
    else if (method === 'PATCH') out['accept-patch'] = v
  }
  if (acc.retryAfter !== undefined) out['retry-after'] = retryAfter(acc.retryAfter) as string
  if (acc.extra !== undefined)
    for (const name in acc.extra) {
      const value = acc.extra[name] as string
      // Every other name already set is a managed one, which never reaches `extra`.
      out[name] = name === 'vary' ? mergeVary(out[name] as string | undefined, value) : value
    }
}

/**
 * The headers one error obliges, and its extra headers, with `Bearer` as the challenge
 * of a 401 that names none.
 *
 * @example
 * import { headers, tooManyRequests } from 'errmap'
 * assert.deepStrictEqual(headers(tooManyRequests('slow down', { retryAfter: 30 })), { 'retry-after': '30' })
 *
 * @category utils
 * @since 0.1.0
 */
export const headers = (e: HttpError): ResponseHeaders => {
  const out: Record<string, string | ReadonlyArray<string>> = {}
  render(collect(empty(), e, [{ scheme: 'Bearer' }], Date.now), undefined, out)
  return out
}
