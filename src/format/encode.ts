/**
 * Serializing a report with a format, in a way that cannot throw. Internal.
 *
 * @internal
 */
import { byteLength } from '../internal/json.js'
import type { Format, Report, View } from './Format.js'
import { json } from './json.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A serialized body and the format that produced it.
 *
 * @internal
 */
export interface Encoded {
  readonly body: string
  /** `undefined`: the fallback JSON body of the built-in `json` shape. */
  readonly format: Format | undefined
  readonly length: number
}

const attempt = (format: Format, report: Report): string | undefined => {
  try {
    const body: unknown = format.encode(report)
    return typeof body === 'string' ? body : undefined
  } catch {
    return undefined
  }
}

const bare = (v: View): View =>
  v.details === undefined && v.issues === undefined
    ? v
    : { ...v, details: undefined, issues: undefined, omittedIssues: 0 }

// The last resort: the built-in `json` shape of what errmap itself made.
const minimal = (r: Report): string => attempt(json, r) ?? '{}'

/**
 * Serializes a report; cannot throw. When the format throws or answers no string, the
 * user-supplied parts (`details`, `issues`) are dropped and the format tried again; if it
 * still fails, the body is the built-in `json` one (`format` is then `undefined`).
 *
 * @internal
 */
export const encode = (format: Format, report: Report): Encoded => {
  const body = attempt(format, report)
  if (body !== undefined) return { body, format, length: byteLength(body) }
  const stripped: Report = {
    ...report,
    primary: bare(report.primary),
    errors: report.errors.map(bare),
  }
  const retry = attempt(format, stripped)
  if (retry !== undefined) return { body: retry, format, length: byteLength(retry) }
  const fallback = minimal(stripped)
  return { body: fallback, format: undefined, length: byteLength(fallback) }
}
