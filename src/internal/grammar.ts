/**
 * The HTTP grammar errmap writes headers with (RFC 9110 §5.6): tokens, token68, quoted
 * strings, and values cleaned of what Node and Fetch refuse. Linear, no regular
 * expressions. Internal.
 *
 * @internal
 */

/** tchar (RFC 9110 §5.6.2): ALPHA / DIGIT / "!#$%&'*+-.^_`|~". @internal */
export const isTchar = (c: number): boolean =>
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
 * @internal
 */
export const isToken = (s: string): boolean => {
  if (typeof s !== 'string' || s.length === 0) return false
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false
  return true
}

// token68 (RFC 9110 §11.2): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
export const isToken68 = (s: string): boolean => {
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

// What a header value may hold: HTAB, visible ASCII and SP, and obs-text (0x80–0xFF).
// Node's writeHead and Fetch's Headers reject anything above 0xFF.
const unsafe = (c: number): boolean => (c < 32 && c !== 9) || c === 127 || c > 255

/**
 * A header value made safe: control characters (CR, LF, NUL and the rest, but not HTAB),
 * DEL, and characters beyond Latin-1 (which Node and Fetch refuse in a header) are
 * removed, so no value can split a response or make the platform throw. Returns the
 * same string when it is already clean.
 * @internal
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
 * @internal
 */
export const quote = (s: string): string => {
  const v = clean(s)
  // Most values need no escape: one native scan instead of a copy character by character.
  if (v.indexOf('"') < 0 && v.indexOf('\\') < 0) return '"' + v + '"'
  let out = '"'
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c === 34 || c === 92) out += '\\'
    out += v[i]
  }
  return out + '"'
}
