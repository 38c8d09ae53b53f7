/**
 * `fromStatus`: the variant a status names, with what a response or a foreign error knew
 * about it (its message, `expose`, cause and headers), read back through the variant
 * table's `fromHeaders`.
 *
 * @since 0.1.0
 */
import { headerRecord } from '../internal/read.js'
import type { HttpError } from '../model/HttpError.js'
import { codeOf, reason, type ErrorStatus } from '../model/Status.js'
import { specOf, tagOf, variants } from '../model/variants.js'

/**
 * What `fromStatus` carries besides the status and message.
 *
 * @category model
 * @since 0.2.0
 */
export interface Known {
  readonly code?: string | undefined
  readonly details?: unknown
  readonly expose?: boolean | undefined
  /** Response headers, any case, string or number values. */
  readonly headers?: unknown
  readonly cause?: unknown
}

/**
 * The variant for a status, carrying what an http-errors, Boom or Koa error (or a
 * response) knew: its message, code, details, `expose`, cause, and its headers —
 * `WWW-Authenticate`, `Allow`, `Retry-After` and `Accept` become the variant's fields,
 * and every header (string or number values, at most 64) is kept in `headers`.
 *
 * @example
 * import { fromStatus } from 'errmap'
 * const e = fromStatus(429, 'slow down', { headers: { 'Retry-After': 30, 'X-RateLimit-Limit': '10' } })
 * assert.strictEqual(e._tag, 'TooManyRequests')
 * assert.deepStrictEqual({ ...e.headers }, { 'Retry-After': '30', 'X-RateLimit-Limit': '10' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStatus = (s: ErrorStatus, message?: string, known?: Known): HttpError => {
  const tag = tagOf(s)
  // Each field of `known` (which may be a caller's hostile object) is read once.
  const code = known?.code
  const details = known?.details
  const expose = known?.expose
  const cause = known?.cause
  const headers = headerRecord(known?.headers)
  const out: Record<string, unknown> = {
    _tag: tag,
    message: message ?? reason(s),
    code: typeof code === 'string' ? code : tag === 'Custom' ? codeOf(s) : variants[tag].code,
  }
  if (details !== undefined) out['details'] = details
  if (typeof expose === 'boolean') out['expose'] = expose
  if (headers !== undefined) out['headers'] = headers
  if (cause !== undefined) out['cause'] = cause
  const header = (name: string): string | undefined => {
    if (headers !== undefined)
      for (const k in headers) if (k.toLowerCase() === name) return headers[k]
    return undefined
  }
  return { ...out, ...specOf(tag).fromHeaders(header, s) } as unknown as HttpError
}
