/**
 * JSON serialization that cannot throw, and UTF-8 byte length without `Buffer`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Tolerant replacer: BigInt as a decimal string, a reference to an ancestor as "[Circular]".
const tolerant = (): ((this: unknown, key: string, value: unknown) => unknown) => {
  const ancestors: Array<unknown> = []
  return function (_key, value) {
    // `this` is the object holding `value`: unwind to it.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop()
    if (typeof value === 'bigint') return value.toString()
    if (typeof value === 'object' && value !== null) {
      if (ancestors.includes(value)) return '[Circular]'
      ancestors.push(value)
    }
    return value
  }
}

/**
 * `JSON.stringify` that never throws: the fast path first; on failure, a tolerant pass
 * (BigInt as a string, circular references as `"[Circular]"`); `undefined` when even
 * that fails (a throwing getter or `toJSON`) or the value has no JSON form. `indent`
 * spaces indent each level, as `JSON.stringify`'s `space`.
 * @internal
 */
export const stringify = (value: unknown, indent?: number): string | undefined => {
  try {
    const s = JSON.stringify(value, null, indent)
    return typeof s === 'string' ? s : undefined
  } catch {
    try {
      const s = JSON.stringify(value, tolerant(), indent)
      return typeof s === 'string' ? s : undefined
    } catch {
      return undefined
    }
  }
}

// One code unit above U+007F (no `u` flag: a surrogate is a code unit of its own).
const NON_ASCII = /[\x80-\uffff]/

/**
 * The length in bytes of a string encoded as UTF-8 (lone surrogates count as U+FFFD).
 * @internal
 */
export const byteLength = (s: string): number => {
  // ASCII fast path: the regex engine finds the first non-ASCII code unit faster than a loop.
  const from = s.search(NON_ASCII)
  if (from === -1) return s.length
  let n = s.length
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2
      i++
    } else n += 2
  }
  return n
}
