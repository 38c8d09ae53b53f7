/**
 * Server-driven content negotiation on the `Accept` request header (RFC 9110 §12.5.1).
 *
 * errmap sends every body as `<type>; charset=utf-8`, so {@link negotiate} weighs each available
 * type with that one parameter: `application/problem+json; charset=utf-8` in `Accept` picks
 * `application/problem+json`, `;charset=iso-8859-1` does not. It makes the same choice as the
 * `negotiator` package that Express and Koa use, asked about the types as they are sent,
 * `new Negotiator({ headers: { accept } })` then
 * `.mediaTypes(available.map((t) => t + '; charset=utf-8'))[0]`, with two differences:
 *
 * - An empty header picks the first available type, as Express's and Koa's `accepts` wrapper
 *   does (`negotiator` alone finds nothing acceptable in `''`).
 * - The work is bounded: only the first {@link MAX_ACCEPT_LENGTH} characters and the first
 *   {@link MAX_MEDIA_RANGES} media ranges are read, a media range that the bound cuts in two is
 *   ignored (a cut `q=0.5` would otherwise read as `q=0.`, and a cut `q=0` as `q=`, that is 1),
 *   and so is a media range with more than {@link MAX_RANGE_PARAMETERS} parameters.
 *
 * The parser is one pass of `charCodeAt` loops over the header that follows `content-type`'s
 * parser (the one `negotiator` uses) token for token: a quoted string can hold `,` and `;`, the
 * first occurrence of a parameter wins, a range without `/` is ignored, and so on. It reuses two
 * module-level typed arrays (for up to 16 available types; it allocates them for more) and
 * allocates only a string to read a `q` value. Two common headers skip the parser, where that
 * gives the same answer: a header that is exactly one of the available types, and the full
 * wildcard alone when no available type holds a `*`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * How many characters of an `Accept` header {@link negotiate} reads at most. The rest is ignored,
 * and so is a media range that runs past this bound.
 *
 * @internal
 */
export const MAX_ACCEPT_LENGTH = 4096

/**
 * How many media ranges (list elements containing a `/`) {@link negotiate} considers at most;
 * later ones are ignored.
 *
 * @internal
 */
export const MAX_MEDIA_RANGES = 64

/**
 * How many parameters (`;name=value`, `q` included) a media range may have; {@link negotiate}
 * ignores a range with more. This bounds the look back that finds whether a parameter is
 * repeated (the first value wins), which would otherwise be quadratic in the header length.
 *
 * @internal
 */
export const MAX_RANGE_PARAMETERS = 16

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const HTAB = 0x09
const SP = 0x20
const DQUOTE = 0x22
const STAR = 0x2a
const COMMA = 0x2c
const SLASH = 0x2f
const SEMI = 0x3b
const EQUALS = 0x3d
const UPPER_Q = 0x51
const BACKSLASH = 0x5c
const LOWER_Q = 0x71
const KELVIN = 0x212a

// Slots of the scratch array `readParameter` writes to, from some offset.
const KEY_START = 0
const KEY_END = 1
const VALUE_START = 2
const VALUE_END = 3
const KIND = 4
const SLOTS = 5
// Kinds of parameter: none was set (no `=`, or an unterminated quoted string), a token, a
// quoted string (the value slots then hold its raw content, between the quotes).
const NONE = 0
const TOKEN = 1
const QUOTED = 2

// Slots per available type in the state array: specificity, q, order of the winning range.
const SPECIFICITY = 0
const QUALITY = 1
const ORDER = 2
const STATE = 3

// The one parameter every available type is taken to carry: errmap sends UTF-8 bodies.
const CHARSET = 'charset'
const UTF_8 = 'utf-8'

// Scratch reused across calls instead of two allocations per call. `negotiate` is synchronous and
// calls no user code (bar getters or proxies on `available`), so one call at a time uses it; were
// such code to call `negotiate` again, `busy` makes that inner call allocate its own; it is
// released even when a call throws (on entries that are not strings).
const SCRATCH_TYPES = 16
const sharedState = new Float64Array(SCRATCH_TYPES * STATE)
const sharedParameters = new Int32Array(2 * SLOTS)
let busy = false

const at = (array: Float64Array | Int32Array, index: number): number => array[index] as number

const isOWS = (c: number): boolean => c === SP || c === HTAB

const skipOWS = (s: string, from: number, end: number): number => {
  let i = from
  while (i < end && isOWS(s.charCodeAt(i))) i++
  return i
}

const trimOWS = (s: string, start: number, end: number): number => {
  let i = end
  while (i > start && isOWS(s.charCodeAt(i - 1))) i--
  return i
}

/** Moves to the next `;` or `,` (or `end`). */
const skipValue = (s: string, from: number, end: number): number => {
  let i = from
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === SEMI || c === COMMA) break
    i++
  }
  return i
}

/**
 * Lower cases a code unit the way `String.prototype.toLowerCase` does, as far as the result can
 * be ASCII: the only non-ASCII code unit that lower cases to ASCII is the Kelvin sign (to `k`).
 */
const fold = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c === KELVIN ? 0x6b : c)

/** `s[a0, a1)` equals `t[b0, b1)` ignoring case (`t` is ASCII: a media type or a name). */
const equalsFolded = (
  s: string,
  a0: number,
  a1: number,
  t: string,
  b0: number,
  b1: number,
): boolean => {
  if (a1 - a0 !== b1 - b0) return false
  for (let k = 0; k < a1 - a0; k++) {
    if (fold(s.charCodeAt(a0 + k)) !== fold(t.charCodeAt(b0 + k))) return false
  }
  return true
}

const isStar = (s: string, start: number, end: number): boolean =>
  end - start === 1 && s.charCodeAt(start) === STAR

const isAscii = (s: string, start: number, end: number): boolean => {
  for (let k = start; k < end; k++) if (s.charCodeAt(k) > 0x7f) return false
  return true
}

/** Whether the parameter names `s[a0, a1)` and `s[b0, b1)` are equal once lower cased. */
const sameName = (s: string, a0: number, a1: number, b0: number, b1: number): boolean => {
  const n = a1 - a0
  if (n === b1 - b0) {
    let k = 0
    for (; k < n; k++) {
      const a = s.charCodeAt(a0 + k)
      const b = s.charCodeAt(b0 + k)
      if (a > 0x7f || b > 0x7f) break
      if (fold(a) !== fold(b)) return false
    }
    if (k === n) return true
  } else if (isAscii(s, a0, a1) && isAscii(s, b0, b1)) {
    return false
  }
  // Rare: non-ASCII names, whose lower case may differ in length (`İ` becomes `i̇`).
  return s.slice(a0, a1).toLowerCase() === s.slice(b0, b1).toLowerCase()
}

/**
 * Reads one parameter from `from`, which is at a `;`, as `content-type` does, into
 * `out[offset, offset + SLOTS)`. Returns where it stopped: at the next `;` or `,`, or at `end`.
 */
const readParameter = (
  s: string,
  from: number,
  end: number,
  out: Int32Array,
  offset: number,
): number => {
  out[offset + KIND] = NONE
  const keyStart = skipOWS(s, from + 1, end)
  for (let i = keyStart; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c === SEMI || c === COMMA) return i
    if (c === EQUALS) {
      out[offset + KEY_START] = keyStart
      out[offset + KEY_END] = trimOWS(s, keyStart, i)
      let v = skipOWS(s, i + 1, end)
      if (v < end && s.charCodeAt(v) === DQUOTE) {
        const valueStart = ++v
        while (v < end) {
          const d = s.charCodeAt(v++)
          if (d === DQUOTE) {
            out[offset + VALUE_START] = valueStart
            out[offset + VALUE_END] = v - 1
            out[offset + KIND] = QUOTED
            return skipValue(s, v, end)
          }
          if (d === BACKSLASH && v < end) v++
        }
        // An unterminated quoted string swallows the rest of the header and sets nothing.
        return end
      }
      const valueEnd = skipValue(s, v, end)
      out[offset + VALUE_START] = v
      out[offset + VALUE_END] = trimOWS(s, v, valueEnd)
      out[offset + KIND] = TOKEN
      return valueEnd
    }
  }
  return end
}

/**
 * Whether the parameter value `s[start, end)` (the raw content between the quotes when `kind` is
 * `QUOTED`, whose escapes it undoes) lower cases to `target`, a lower case ASCII string.
 */
const valueIs = (s: string, start: number, end: number, kind: number, target: string): boolean => {
  let n = 0
  for (let k = start; k < end; k++) {
    if (kind === QUOTED && s.charCodeAt(k) === BACKSLASH) k++
    // Past the end of `target`, `charCodeAt` is NaN, which equals nothing.
    if (fold(s.charCodeAt(k)) !== target.charCodeAt(n++)) return false
  }
  return n === target.length
}

/**
 * Whether the parameter `s[keyStart, keyEnd)` = `s[valueStart, valueEnd)` matches the one
 * parameter every available type carries, `charset=utf-8`, as `negotiator` compares them: a value
 * `*` matches any name, a `charset` (any case) matches `utf-8` (any case), any other name matches
 * only an empty value, the type having no such parameter.
 */
const parameterMatches = (
  s: string,
  keyStart: number,
  keyEnd: number,
  valueStart: number,
  valueEnd: number,
  kind: number,
): boolean =>
  valueIs(s, valueStart, valueEnd, kind, '*') ||
  valueIs(
    s,
    valueStart,
    valueEnd,
    kind,
    equalsFolded(s, keyStart, keyEnd, CHARSET, 0, CHARSET.length) ? UTF_8 : '',
  )

/** The value of a `q` parameter, as `negotiator` reads it: `parseFloat`, an empty value is 1. */
const quality = (s: string, start: number, end: number, kind: number): number => {
  let value = ''
  if (kind === TOKEN) {
    value = s.slice(start, end)
  } else {
    let from = start
    for (let k = start; k < end; k++) {
      if (s.charCodeAt(k) === BACKSLASH) {
        value += s.slice(from, k)
        from = ++k
      }
    }
    value += s.slice(from, end)
  }
  return value === '' ? 1 : parseFloat(value)
}

/** Whether a parameter named like `s[keyStart, keyEnd)` was set in `s[from, to)`. */
const setBefore = (
  s: string,
  from: number,
  to: number,
  end: number,
  keyStart: number,
  keyEnd: number,
  out: Int32Array,
): boolean => {
  for (let i = from; i < to;) {
    i = readParameter(s, i, end, out, SLOTS)
    if (
      at(out, SLOTS + KIND) !== NONE &&
      sameName(s, at(out, SLOTS + KEY_START), at(out, SLOTS + KEY_END), keyStart, keyEnd)
    ) {
      return true
    }
  }
  return false
}

/**
 * The specificity of the range `s[start, slash) / s[slash + 1, end)` for `media`: 4 when the types
 * are equal, plus 2 when the subtypes are, or -1 when the range does not match.
 */
const specificity = (s: string, start: number, slash: number, end: number, media: string) => {
  const mediaSlash = media.indexOf('/')
  if (mediaSlash === -1) return -1
  let bits = 0
  if (equalsFolded(s, start, slash, media, 0, mediaSlash)) bits = 4
  else if (!isStar(s, start, slash)) return -1
  if (equalsFolded(s, slash + 1, end, media, mediaSlash + 1, media.length)) bits |= 2
  else if (!isStar(s, slash + 1, end)) return -1
  return bits
}

/**
 * Whether the header `accept` is one media range without parameters that the parser reads in full:
 * it has a `/`, no `,` or `;`, no whitespace to trim at either end, and fits the length bound.
 */
const isBareRange = (accept: string): boolean =>
  accept.length <= MAX_ACCEPT_LENGTH &&
  !isOWS(accept.charCodeAt(0)) &&
  !isOWS(accept.charCodeAt(accept.length - 1)) &&
  // Native scans: faster than a `charCodeAt` loop, even three of them.
  !accept.includes(';') &&
  !accept.includes(',') &&
  accept.includes('/')

/**
 * The answer of the parser for a bare range `accept` equal to `available[exact]`: every match has
 * q=1 and comes from the same range, so the most specific wins, then the earlier in `available`.
 * Only a type equal to `accept` ignoring case has the highest specificity, type and subtype equal
 * (`fold` maps nothing else to `/`, so the slashes line up), and `available[exact]` is one of them;
 * the first of them is the answer.
 */
const firstFoldedEqual = (
  accept: string,
  available: ReadonlyArray<string>,
  exact: number,
): number => {
  for (let j = 0; j < exact; j++) {
    const t = available[j] as string
    if (equalsFolded(accept, 0, accept.length, t, 0, t.length)) return j
  }
  return exact
}

/**
 * Whether the full wildcard alone picks index 0. It matches every type with a `/`, all with q=1
 * from the same range; with no `*` in any available type they all have the lowest specificity
 * (only `*` folds to `*`), so the first type with a `/` wins.
 */
const wildcardPicksFirst = (available: ReadonlyArray<string>): boolean => {
  for (let j = 0; j < available.length; j++) {
    if ((available[j] as string).includes('*')) return false
  }
  return (available[0] as string).includes('/')
}

// -------------------------------------------------------------------------------------
// negotiation
// -------------------------------------------------------------------------------------

/**
 * Picks the index in `available` (media types like `'application/json'`, lower case ASCII,
 * without parameters) that the `Accept` header prefers, or -1 when none is acceptable (or
 * `available` is empty). A missing or empty header picks 0, the server's default.
 *
 * Each available type is weighed as errmap sends it, with the parameter `charset=utf-8`. It takes
 * its most specific matching range (`type/subtype` over `type/*` over the full wildcard; a range
 * with parameters other than `q` is more specific still, but matches only when each of them is
 * `*`, or `charset` with the value `utf-8` — names and values in any case, values quoted or not —
 * or another name with an empty value), breaking ties by the higher `q`, then the later range.
 * The type with the highest `q` wins, then the most specific, then the one matched by the earlier
 * range, then the earlier in `available`. `q=0`, negative or unreadable `q` values exclude. The
 * result is `negotiator`'s on the types with `; charset=utf-8` appended (see the module notes for
 * the two differences).
 *
 * Only the first {@link MAX_ACCEPT_LENGTH} characters and {@link MAX_MEDIA_RANGES} ranges are
 * read, in one pass; the only extra work is a look back over the current range when a parameter
 * does not match, at most {@link MAX_RANGE_PARAMETERS} times per range.
 *
 * @internal
 */
export const negotiate = (accept: string | undefined, available: ReadonlyArray<string>): number => {
  const n = available.length
  if (n === 0) return -1
  if (typeof accept !== 'string' || accept === '') return 0
  // Shortcuts for common headers; each gives what the parser below would.
  const exact = available.indexOf(accept)
  if (exact !== -1 && isBareRange(accept)) return firstFoldedEqual(accept, available, exact)
  if (accept === '*/*' && wildcardPicksFirst(available)) return 0
  const truncated = accept.length > MAX_ACCEPT_LENGTH
  const end = truncated ? MAX_ACCEPT_LENGTH : accept.length
  const shared = !busy && n <= SCRATCH_TYPES
  const state = shared ? sharedState : new Float64Array(n * STATE)
  const scratch = shared ? sharedParameters : new Int32Array(2 * SLOTS)
  if (shared) busy = true
  try {
    for (let j = 0; j < n; j++) {
      state[j * STATE + SPECIFICITY] = 0
      state[j * STATE + QUALITY] = 0
      state[j * STATE + ORDER] = -1
    }
    let ranges = 0
    for (let i = 0; i < end && ranges < MAX_MEDIA_RANGES;) {
      const start = skipOWS(accept, i, end)
      let p = skipValue(accept, start, end)
      const typeEnd = trimOWS(accept, start, p)
      let slash = start
      while (slash < typeEnd && accept.charCodeAt(slash) !== SLASH) slash++
      const isRange = slash < typeEnd
      let candidate = false
      for (let j = 0; isRange && !candidate && j < n; j++) {
        candidate = specificity(accept, start, slash, typeEnd, available[j] as string) !== -1
      }
      // Parameters: the first `q` is the quality; every other one must match `charset=utf-8`.
      const paramsStart = p
      let q = 1
      let qSet = false
      let hasParams = false
      let paramsMatch = true
      let params = 0
      while (p < end && accept.charCodeAt(p) !== COMMA) {
        const paramStart = p
        p = readParameter(accept, p, end, scratch, 0)
        const kind = at(scratch, KIND)
        if (!candidate || !paramsMatch || kind === NONE) continue
        if (++params > MAX_RANGE_PARAMETERS) {
          paramsMatch = false
          continue
        }
        const keyStart = at(scratch, KEY_START)
        const keyEnd = at(scratch, KEY_END)
        const valueStart = at(scratch, VALUE_START)
        const valueEnd = at(scratch, VALUE_END)
        const c = accept.charCodeAt(keyStart)
        if (keyEnd - keyStart === 1 && (c === LOWER_Q || c === UPPER_Q)) {
          if (!qSet) q = quality(accept, valueStart, valueEnd, kind)
          qSet = true
        } else {
          hasParams = true
          paramsMatch =
            parameterMatches(accept, keyStart, keyEnd, valueStart, valueEnd, kind) ||
            setBefore(accept, paramsStart, paramStart, end, keyStart, keyEnd, scratch)
        }
      }
      // A range that runs past the bound is cut: ignore it, and the rest.
      if (p === end && truncated) break
      i = p + 1
      if (!isRange) continue
      const order = ranges++
      if (!candidate || !paramsMatch) continue
      for (let j = 0; j < n; j++) {
        const bits = specificity(accept, start, slash, typeEnd, available[j] as string)
        if (bits === -1) continue
        const s = hasParams ? bits | 1 : bits
        const k = j * STATE
        const ds = at(state, k + SPECIFICITY) - s
        // negotiator: replace when (ds || dq || dorder) < 0, and this range's order is the latest.
        if (ds < 0 || (ds === 0 && !(at(state, k + QUALITY) - q > 0))) {
          state[k + SPECIFICITY] = s
          state[k + QUALITY] = q
          state[k + ORDER] = order
        }
      }
    }
    // The best acceptable type: highest q, then specificity, then earliest range, then index.
    let best = -1
    let bestQ = 0
    let bestS = 0
    let bestOrder = 0
    for (let j = 0; j < n; j++) {
      const k = j * STATE
      const q = at(state, k + QUALITY)
      if (!(q > 0)) continue
      const s = at(state, k + SPECIFICITY)
      const order = at(state, k + ORDER)
      if (
        best === -1 ||
        q - bestQ > 0 ||
        (!(q - bestQ < 0) && (s > bestS || (s === bestS && order < bestOrder)))
      ) {
        best = j
        bestQ = q
        bestS = s
        bestOrder = order
      }
    }
    return best
  } finally {
    // Released even when a call throws (entries that are not strings).
    if (shared) busy = false
  }
}
