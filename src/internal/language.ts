/**
 * `Accept-Language` (RFC 9110 §12.5.4) read as `negotiate` reads `Accept`: in one pass, no
 * further than {@link MAX_LANGUAGE_LENGTH} characters and {@link MAX_LANGUAGE_RANGES}
 * ranges, with no regular expression. Then RFC 4647 §3.4 lookup: the ranges by descending
 * weight (ties in the header's order), each truncated from the end until it names a tag of
 * a table. Total and linear in the header's length. Internal.
 *
 * @internal
 */

/**
 * Only the first this many characters of an `Accept-Language` header are read; a range the
 * bound cuts in two is ignored, and so is the rest.
 *
 * @internal
 */
export const MAX_LANGUAGE_LENGTH = 4096

/**
 * At most this many elements of an `Accept-Language` header are read (valid or not).
 *
 * @internal
 */
export const MAX_LANGUAGE_RANGES = 32

/**
 * The longest language tag a table may hold (RFC 5646 §4.4.1's buffer size).
 *
 * @internal
 */
export const MAX_TAG_LENGTH = 35

/**
 * One language range of an `Accept-Language` header: lower case (`*` for the wildcard), and
 * its weight in thousandths (0–1000).
 *
 * @internal
 */
export interface LanguageRange {
  readonly range: string
  readonly q: number
}

const HTAB = 0x09
const SP = 0x20
const COMMA = 0x2c
const HYPHEN = 0x2d
const DOT = 0x2e
const SEMI = 0x3b
const EQUALS = 0x3d
const STAR = 0x2a
const ZERO = 0x30
const ONE = 0x31

const isOWS = (c: number): boolean => c === SP || c === HTAB
const isAlpha = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a
const isDigit = (c: number): boolean => c >= ZERO && c <= 0x39

/**
 * Where the language range starting at `from` ends (`1*8ALPHA *("-" 1*8alphanum)`, or
 * `*`), or -1 when there is none. Reads no further than `end`.
 */
const rangeEnd = (s: string, from: number, end: number): number => {
  if (from < end && s.charCodeAt(from) === STAR) return from + 1
  // The first subtag: letters only.
  let i = from
  while (i < end && isAlpha(s.charCodeAt(i))) i++
  if (i === from || i - from > 8) return -1
  while (i < end && s.charCodeAt(i) === HYPHEN) {
    const start = ++i
    while (i < end && (isAlpha(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++
    if (i === start || i - start > 8) return -1
  }
  return i
}

/**
 * The weight `s[from, end)` (a `qvalue`: `0[.ddd]` or `1[.000]`) in thousandths, or -1 when
 * it is not one.
 */
const qvalue = (s: string, from: number, end: number): number => {
  if (from >= end) return -1
  const first = s.charCodeAt(from)
  if (first !== ZERO && first !== ONE) return -1
  if (from + 1 === end) return first === ONE ? 1000 : 0
  if (s.charCodeAt(from + 1) !== DOT || end - from - 2 > 3) return -1
  let q = 0
  let scale = 100
  for (let i = from + 2; i < end; i++, scale /= 10) {
    const c = s.charCodeAt(i)
    if (!isDigit(c)) return -1
    q += (c - ZERO) * scale
  }
  if (first === ONE) return q === 0 ? 1000 : -1
  return q
}

/**
 * Reads the element `s[start, end)` of the header: a range and its weight, `undefined` for
 * an empty element or one that is not `range [ OWS ";" OWS "q=" qvalue ]`.
 */
const element = (s: string, start: number, end: number): LanguageRange | undefined => {
  let from = start
  let to = end
  while (from < to && isOWS(s.charCodeAt(from))) from++
  while (to > from && isOWS(s.charCodeAt(to - 1))) to--
  if (from === to) return undefined
  const r = rangeEnd(s, from, to)
  if (r === -1) return undefined
  const range = s.slice(from, r).toLowerCase()
  let i = r
  while (i < to && isOWS(s.charCodeAt(i))) i++
  if (i === to) return { range, q: 1000 }
  if (s.charCodeAt(i) !== SEMI) return undefined
  i++
  while (i < to && isOWS(s.charCodeAt(i))) i++
  if (i + 1 >= to || (s.charCodeAt(i) | 0x20) !== 0x71 || s.charCodeAt(i + 1) !== EQUALS)
    return undefined
  const q = qvalue(s, i + 2, to)
  return q === -1 ? undefined : { range, q }
}

/**
 * The language ranges of an `Accept-Language` header, in the header's order: lower case,
 * each with its weight in thousandths. Invalid elements are ignored; only the first
 * {@link MAX_LANGUAGE_LENGTH} characters and {@link MAX_LANGUAGE_RANGES} elements are read,
 * and an element the length bound cuts is ignored. Total: anything but a string has none.
 *
 * @internal
 */
export const languageRanges = (header: unknown): ReadonlyArray<LanguageRange> => {
  if (typeof header !== 'string') return []
  const truncated = header.length > MAX_LANGUAGE_LENGTH
  const end = truncated ? MAX_LANGUAGE_LENGTH : header.length
  const out: Array<LanguageRange> = []
  let elements = 0
  for (let i = 0; i <= end && elements < MAX_LANGUAGE_RANGES;) {
    let j = i
    while (j < end && header.charCodeAt(j) !== COMMA) j++
    // An element the bound cuts in two is not what the client sent: ignore it, and the rest.
    if (j === end && truncated) break
    let blank = true
    for (let k = i; k < j && blank; k++) blank = isOWS(header.charCodeAt(k))
    if (!blank) {
      elements++
      const r = element(header, i, j)
      if (r !== undefined) out.push(r)
    }
    i = j + 1
  }
  return out
}

/**
 * Whether a string is a language tag a table may hold: `1*8ALPHA *("-" 1*8alphanum)`, at
 * most {@link MAX_TAG_LENGTH} characters.
 *
 * @internal
 */
export const isLanguageTag = (u: unknown): u is string =>
  typeof u === 'string' &&
  u.length > 0 &&
  u.length <= MAX_TAG_LENGTH &&
  u.charCodeAt(0) !== STAR &&
  rangeEnd(u, 0, u.length) === u.length

/**
 * The tag `tag` (lower case) falls back to under RFC 4647 §3.4 lookup: the last subtag
 * removed, and a single-character subtag before it too (`zh-hant-cn-x-a` → `zh-hant-cn`);
 * `undefined` when nothing is left.
 *
 * @internal
 */
export const parentOf = (tag: string): string | undefined => {
  const end = truncate(tag, tag.length)
  return end === 0 ? undefined : tag.slice(0, end)
}

// Where `range[0, end)` ends once its last subtag is removed (and a single-character subtag
// left before it): 0 when nothing is left. Scans back over the removed subtags only.
const truncate = (range: string, end: number): number => {
  let k = end - 1
  while (k > 0 && range.charCodeAt(k) !== HYPHEN) k--
  if (k <= 0) return 0
  // A single-character subtag (a singleton, as `x` of private use) goes with it.
  if (k === 1) return 0
  return range.charCodeAt(k - 2) === HYPHEN ? k - 2 : k
}

// Whether `tag` (lower case) is excluded: the most specific range that matches it by RFC
// 4647 §3.3.1 basic filtering (itself, or a prefix of it ending at a subtag boundary; `*`
// aside) has q=0. The first of equally specific ranges counts.
const excluded = (tag: string, ranges: ReadonlyArray<LanguageRange>): boolean => {
  let best = -1
  let zero = false
  for (const r of ranges) {
    const n = r.range.length
    if (n <= best || n > tag.length || r.range === '*') continue
    if (n < tag.length && tag.charCodeAt(n) !== HYPHEN) continue
    if (!tag.startsWith(r.range)) continue
    best = n
    zero = r.q === 0
  }
  return zero
}

/**
 * RFC 4647 §3.4 lookup: the tag of `tags` (lower-case tag → the tag as the table writes
 * it) that `Accept-Language` chooses, or `undefined` for none. Ranges are tried by
 * descending weight, ties in the header's order; each is truncated from the end (a
 * single-character subtag before the last one going with it) until it names a tag of
 * `tags`, case-insensitively. `*` is ignored; a tag whose most specific matching range has
 * q=0 is never chosen. Linear in the header's length.
 *
 * @internal
 */
export const lookupLanguage = (
  header: unknown,
  tags: ReadonlyMap<string, string>,
): string | undefined => {
  if (tags.size === 0) return undefined
  const ranges = languageRanges(header)
  // Stable: equal weights keep the header's order.
  const ordered = ranges.filter((r) => r.q > 0 && r.range !== '*').sort((a, b) => b.q - a.q)
  const zeros = ordered.length < ranges.length && ranges.some((r) => r.q === 0)
  for (const { range } of ordered) {
    for (let end = range.length; end > 0; end = truncate(range, end)) {
      if (end > MAX_TAG_LENGTH) continue
      const candidate = end === range.length ? range : range.slice(0, end)
      const hit = tags.get(candidate)
      if (hit !== undefined && !(zeros && excluded(candidate, ranges))) return hit
    }
  }
  return undefined
}
