/**
 * Header values read back into an error's fields: the inverse of what `headers.ts`
 * writes, for `fromStatus` (an http-errors or Boom error's headers) and the client.
 * Linear, no regular expressions. Internal.
 *
 * @internal
 */
import type { Challenge } from '../model/HttpError.js'
import { put } from './read.js'

/** A comma-separated header value as its non-empty items. @internal */
export const commaList = (v: string | undefined): ReadonlyArray<string> | undefined => {
  if (v === undefined) return undefined
  const out: Array<string> = []
  for (const part of v.split(',')) {
    const t = part.trim()
    if (t.length > 0) out.push(t)
  }
  return out
}

/**
 * A `WWW-Authenticate` value (`Bearer realm="x", error="y"`) as a structured
 * challenge; the first challenge only.
 *
 * @internal
 */
export const parseChallenge = (v: string | undefined): ReadonlyArray<Challenge> | undefined => {
  if (v === undefined) return undefined
  const s = v.trim()
  const sp = s.indexOf(' ')
  const scheme = sp < 0 ? s : s.slice(0, sp)
  if (scheme.length === 0) return undefined
  if (sp < 0) return [{ scheme }]
  const rest = s.slice(sp + 1).trim()
  if (!rest.includes('=') || rest.endsWith('=')) return [{ scheme, token68: rest }]
  const params: Record<string, string> = {}
  let i = 0
  while (i < rest.length) {
    const eq = rest.indexOf('=', i)
    if (eq < 0) break
    const name = rest.slice(i, eq).trim()
    let value = ''
    let j = eq + 1
    if (rest[j] === '"') {
      for (j++; j < rest.length && rest[j] !== '"'; j++)
        value += rest[j] === '\\' ? (rest[++j] ?? '') : rest[j]
      j++
    } else {
      const comma = rest.indexOf(',', j)
      const end = comma < 0 ? rest.length : comma
      value = rest.slice(j, end).trim()
      j = end
    }
    if (name.length > 0) put(params, name, value)
    const comma = rest.indexOf(',', j)
    if (comma < 0) break
    i = comma + 1
  }
  return [{ scheme, params }]
}

/** A `Retry-After` value as seconds or an instant. @internal */
export const parseRetryAfter = (v: string | undefined): number | Date | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim().length > 0 && Number.isFinite(n)) return n
  const d = new Date(v)
  return Number.isFinite(d.getTime()) ? d : undefined
}
