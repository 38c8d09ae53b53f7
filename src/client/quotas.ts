/**
 * The quotas a response announces in its `RateLimit-Policy` and `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers-11): what a client reads to slow down before it is
 * refused. Part of `errmap/client`.
 *
 * @since 0.2.0
 */
import { isTchar } from '../internal/grammar.js'
import { maxItems, quota } from '../internal/read.js'
import type { Quota } from '../model/HttpError.js'

/**
 * A bare item as `sfList` reads it (RFC 9651 §3.3): an Integer is a number, a String a
 * string, a Token `['t', text]`, a Byte Sequence `['b', base64]`, a Decimal or a Boolean
 * `['x', '']`.
 *
 * @internal
 */
export type Bare = number | string | readonly [string, string]

/** A List member: its bare item and its parameters. @internal */
export type Member = readonly [Bare, Readonly<Record<string, Bare>>]

const other: Bare = ['x', '']
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isLower = (c: number): boolean => c >= 97 && c <= 122
// lcalpha / DIGIT / "_" / "-" / "." / "*": a key's characters after its first.
const isKey = (c: number): boolean =>
  isLower(c) || isDigit(c) || c === 95 || c === 45 || c === 46 || c === 42

/**
 * An RFC 9651 List of Items (§4.2.1), in one pass with no regular expression; `undefined`
 * when the value does not parse (the field is then ignored, §4.2), or holds what the
 * draft's fields never do — an Inner List, a Date, a Display String — since the field is
 * then not one of the draft's, and a malformed field is ignored whole.
 *
 * @internal
 */
export const sfList = (s: string): Array<Member> | undefined => {
  let i = 0
  const at = (): number => s.charCodeAt(i) // NaN past the end
  const ows = (): void => {
    while (at() === 32 || at() === 9) i++
  }
  const bare = (): Bare | undefined => {
    const start = i
    const c = at()
    if (c === 34)
      for (let out = ''; ; out += s[i]) {
        let d = s.charCodeAt(++i)
        if (d === 34) {
          i++
          return out
        }
        if (d === 92) {
          d = s.charCodeAt(++i)
          if (d !== 34 && d !== 92) return undefined
        } else if (!(d >= 32 && d <= 126)) return undefined
      }
    if (c === 42 || isLower(c | 32)) {
      while (isTchar(s.charCodeAt(++i)) || at() === 58 || at() === 47);
      return ['t', s.slice(start, i)]
    }
    if (c === 58) {
      while (
        isLower(s.charCodeAt(++i) | 32) ||
        isDigit(at()) ||
        at() === 43 ||
        at() === 47 ||
        at() === 61
      );
      return at() === 58 ? ['b', s.slice(start + 1, i++)] : undefined
    }
    if (c === 63) {
      i += 2
      return s[i - 1] === '0' || s[i - 1] === '1' ? other : undefined
    }
    if (c === 45) i++
    const from = i
    while (isDigit(at())) i++
    const whole = i - from
    if (at() !== 46) return whole > 0 && whole < 16 ? Number(s.slice(start, i)) : undefined
    const dot = ++i
    while (isDigit(at())) i++
    return whole > 0 && whole < 13 && i > dot && i - dot < 4 ? other : undefined
  }
  const out: Array<Member> = []
  while (at() === 32) i++
  for (;;) {
    const v = bare()
    if (v === undefined) return undefined
    // No prototype: a key is only a key.
    const p = Object.create(null) as Record<string, Bare>
    while (at() === 59) {
      i++
      while (at() === 32) i++
      const k = i
      if (!isLower(at()) && at() !== 42) return undefined
      while (isKey(s.charCodeAt(++i)));
      const key = s.slice(k, i)
      const w = at() === 61 ? (i++, bare()) : other
      if (w === undefined) return undefined
      p[key] = w
    }
    out.push([v, p])
    ows()
    if (i >= s.length) return out
    if (at() !== 44) return undefined
    i++
    ows()
  }
}

// The text of a Byte Sequence (`['b', base64]`): its bytes as code units (the quota's
// reader keeps it only when they are printable ASCII).
const bytes = (b: Bare | undefined): string | undefined => {
  if (typeof b !== 'object' || b[0] !== 'b') return undefined
  try {
    return atob(b[1])
  } catch {
    return undefined
  }
}

/**
 * The quotas of a response's `RateLimit-Policy` and `RateLimit` values (draft-ietf-
 * httpapi-ratelimit-headers-11), joined by policy name (case-insensitively; a name read
 * twice in one field keeps its first item): the inverse of what `headers.ts` writes. A
 * field that does not parse is ignored, and so is an item without its required `q` or `r`;
 * a parameter of the wrong type is left out, and so are parameters the draft does not
 * define (they are comments). A policy named by a Token is read too (revision 11 names them
 * by Strings; a Token is how the next revision may name them). One quota, a list of
 * several, or `undefined`.
 *
 * @internal
 */
export const parseQuotas = (
  policies: string | undefined,
  limits: string | undefined,
): Quota | ReadonlyArray<Quota> | undefined => {
  const found = new Map<string, Quota>()
  const each = (
    v: string | undefined,
    item: (policy: unknown, p: Readonly<Record<string, Bare>>) => Quota | undefined,
  ): void => {
    for (const [name, p] of (v === undefined ? undefined : sfList(v)) ?? []) {
      const q = item(typeof name === 'object' && name[0] === 't' ? name[1] : name, p)
      if (q === undefined) continue
      const key = q.policy.toLowerCase()
      const was = found.get(key)
      if (was === undefined) {
        if (found.size < maxItems) found.set(key, q)
      } else if (was.remaining === undefined && q.remaining !== undefined)
        found.set(key, { ...q, ...was })
    }
  }
  each(policies, (policy, p) =>
    quota({ policy, limit: p['q'], unit: p['qu'], window: p['w'], partitionKey: bytes(p['pk']) }),
  )
  each(limits, (policy, p) =>
    quota({
      policy,
      remaining: p['r'],
      reset: p['t'],
      partitionKey: bytes(p['pk']),
    }),
  )
  const out = [...found.values()]
  return out.length < 2 ? out[0] : out
}

/**
 * The quotas of a response's `RateLimit-Policy` and `RateLimit` fields, joined by policy
 * name: what errmap writes for a 429 or 503 with a `quota`, read back (a `Headers`, or a
 * record of header values in any case). A field that does not parse is ignored, as the
 * draft asks; an item without its required `q` or `r` too. Never throws.
 *
 * @example
 * import { toResponse, tooManyRequests } from 'errmap'
 * import { quotasOf } from 'errmap/client'
 * const r = toResponse(tooManyRequests('slow down', { quota: { policy: 'default', limit: 100, remaining: 0, reset: 30, window: 60 } }))
 * assert.deepStrictEqual(quotasOf(r.headers), [{ policy: 'default', limit: 100, window: 60, remaining: 0, reset: 30 }])
 * assert.deepStrictEqual(quotasOf(new Headers({ RateLimit: '"burst";r=5' })), [{ policy: 'burst', remaining: 5 }])
 *
 * @category utils
 * @since 0.2.0
 */
export const quotasOf = (
  headers: Headers | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
): ReadonlyArray<Quota> => {
  try {
    const get = (name: string): string | undefined => {
      if (typeof (headers as Headers).get === 'function')
        return (headers as Headers).get(name) ?? undefined
      for (const key of Object.keys(headers))
        if (key.toLowerCase() === name) {
          const v: unknown = (headers as Readonly<Record<string, unknown>>)[key]
          // Several field lines are one list (RFC 9110 §5.3).
          return typeof v === 'string'
            ? v
            : Array.isArray(v) && v.every((x) => typeof x === 'string')
              ? v.join(', ')
              : undefined
        }
      return undefined
    }
    const q = parseQuotas(get('ratelimit-policy'), get('ratelimit'))
    return q === undefined ? [] : Array.isArray(q) ? (q as ReadonlyArray<Quota>) : [q as Quota]
  } catch {
    // A Headers whose `get` throws, a Proxy: nothing to read.
    return []
  }
}
