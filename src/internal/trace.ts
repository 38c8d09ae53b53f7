/**
 * W3C Trace Context (Level 1, §3.2): the trace id of a `traceparent` header, read strictly:
 * past its optional whitespace, no further than its first 55 characters. Internal.
 *
 * @internal
 */

// Whether `s[from, from + n)` is lower-case hex digits, not all zeros.
const hexId = (s: string, from: number, n: number): boolean => {
  let nonZero = false
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
    if (c !== 48) nonZero = true
  }
  return nonZero
}

// Whether `s[from, from + 2)` is two lower-case hex digits.
const hexByte = (s: string, from: number): boolean => {
  for (let i = from; i < from + 2; i++) {
    const c = s.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/**
 * Whether a value is a trace id: 32 lower-case hex digits, not all zeros.
 *
 * @internal
 */
export const isTraceId = (u: unknown): u is string =>
  typeof u === 'string' && u.length === 32 && hexId(u, 0, 32)

// A space or a horizontal tab: an HTTP field's optional whitespace (RFC 9110 §5.6.3).
const ows = (c: number): boolean => c === 32 || c === 9

/**
 * The trace id of a `traceparent` header value, or `undefined` when it is not a valid one:
 * `version-traceid-parentid-flags`, each part lower-case hex of 2, 32, 16 and 2 digits,
 * ids not all zeros, version not `ff`; version `00` is exactly 55 characters, a later
 * version may go on after a `-` (what follows is not read). Spaces and tabs around the
 * value (an HTTP field's optional whitespace) are allowed, and nothing else.
 *
 * @internal
 */
export const traceIdOf = (header: unknown): string | undefined => {
  if (typeof header !== 'string' || header.length < 55) return undefined
  let from = 0
  let to = header.length
  while (from < to && ows(header.charCodeAt(from))) from++
  while (to > from && ows(header.charCodeAt(to - 1))) to--
  if (to - from < 55) return undefined
  const s = from === 0 && to === header.length ? header : header.slice(from, to)
  if (!hexByte(s, 0) || s.startsWith('ff')) return undefined
  if (s.length > 55 && (s.startsWith('00') || s.charCodeAt(55) !== 0x2d)) return undefined
  if (s.charCodeAt(2) !== 0x2d || s.charCodeAt(35) !== 0x2d || s.charCodeAt(52) !== 0x2d)
    return undefined
  if (!hexId(s, 3, 32) || !hexId(s, 36, 16) || !hexByte(s, 53)) return undefined
  return s.slice(3, 35)
}
