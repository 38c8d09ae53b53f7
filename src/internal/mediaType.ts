/**
 * One media type value (a `Content-Type`): its type and its parameters, split at the `;`
 * outside quoted strings, values unquoted (RFC 9110 §8.3.1, §5.6.6). Linear, bounded, no
 * regular expressions. Internal: `errmap/graphql` reads a request's `Content-Type` with
 * it, the client a response's.
 *
 * @internal
 */

/** At most this many parameters are read; the rest are ignored. @internal */
export const maxParameters = 16

/** A media type: lower case, trimmed; parameter names lower case, values unquoted. @internal */
export interface MediaType {
  readonly type: string
  readonly parameters: ReadonlyArray<readonly [string, string]>
}

const DQUOTE = 0x22
const BACKSLASH = 0x5c
const SEMICOLON = 0x3b

// A parameter value without its quotes and their escapes.
const unquote = (v: string): string => {
  if (v.length < 2 || v.charCodeAt(0) !== DQUOTE || v.charCodeAt(v.length - 1) !== DQUOTE) return v
  let out = ''
  for (let i = 1; i < v.length - 1; i++) {
    if (v.charCodeAt(i) === BACKSLASH && i + 1 < v.length - 1) i++
    out += v[i]
  }
  return out
}

const parameter = (part: string): readonly [string, string] | undefined => {
  const eq = part.indexOf('=')
  const name = eq < 0 ? '' : part.slice(0, eq).trim().toLowerCase()
  return name.length === 0 ? undefined : [name, unquote(part.slice(eq + 1).trim())]
}

/**
 * A media type value read: `application/json; charset="UTF-8"` is
 * `{ type: 'application/json', parameters: [['charset', 'UTF-8']] }`.
 *
 * @internal
 */
export const readMediaType = (value: string): MediaType => {
  const parameters: Array<readonly [string, string]> = []
  let type: string | undefined
  let start = 0
  let quoted = false
  for (let i = 0; i <= value.length && parameters.length < maxParameters; i++) {
    const c = i === value.length ? SEMICOLON : value.charCodeAt(i)
    if (quoted && c === BACKSLASH) i++
    else if (c === DQUOTE) quoted = !quoted
    else if (c === SEMICOLON && (!quoted || i === value.length)) {
      const part = value.slice(start, i)
      if (type === undefined) type = part.trim().toLowerCase()
      else {
        const p = parameter(part)
        if (p !== undefined) parameters.push(p)
      }
      start = i + 1
    }
  }
  return { type: type ?? '', parameters }
}

/** The value of a parameter (its first occurrence), by lower-case name. @internal */
export const parameterOf = (m: MediaType, name: string): string | undefined => {
  for (const [n, v] of m.parameters) if (n === name) return v
  return undefined
}
