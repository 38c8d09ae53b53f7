/**
 * `application/json`: `{ message, code, details?, issues?, omittedIssues?, requestId?,
 * traceId?, errors?, omitted? }` — the NDC `ErrorResponse` shape plus `code`; `errors` lists every
 * error when there are several, `omitted` counts those `maxErrors` left out.
 *
 * @since 0.1.0
 */
import { item, items, object } from './decode.js'
import { jsonFormat, type Format, type Report, type View } from './Format.js'

// One error of an `errors` list, as json and problem bodies write it.
const itemOf = (v: View): Record<string, unknown> => {
  const o: Record<string, unknown> = { status: v.status, message: v.message, code: v.code }
  if (v.details !== undefined) o['details'] = v.details
  if (v.issues !== undefined) o['issues'] = v.issues
  if (v.omittedIssues > 0) o['omittedIssues'] = v.omittedIssues
  return o
}

// Whether a body lists its errors: there are several, or some were left out.
const several = (r: Report): boolean => r.errors.length > 1 || r.omitted > 0

/**
 * Adds the members json and problem bodies share after their own: the primary error's
 * `details`, `issues` and `omittedIssues`, then `requestId`, `traceId`, `errors` and
 * `omitted`.
 *
 * @internal
 */
export const addShared = (o: Record<string, unknown>, r: Report): Record<string, unknown> => {
  const p = r.primary
  if (p.details !== undefined) o['details'] = p.details
  if (p.issues !== undefined) o['issues'] = p.issues
  if (p.omittedIssues > 0) o['omittedIssues'] = p.omittedIssues
  if (r.requestId !== undefined) o['requestId'] = r.requestId
  if (r.traceId !== undefined) o['traceId'] = r.traceId
  if (several(r)) o['errors'] = r.errors.map(itemOf)
  if (r.omitted > 0) o['omitted'] = r.omitted
  return o
}

// RFC 9457 §3.1: the members a problem document defines; a json body has none of them.
const problemMembers = ['type', 'title', 'status', 'detail', 'instance']

/**
 * Whether a report is the common case — one error with neither details nor issues, none
 * left out — that a format may write straight to a string.
 *
 * @internal
 */
export const isPlain = (r: Report): boolean => {
  const p = r.primary
  return (
    r.errors.length === 1 &&
    r.omitted === 0 &&
    p.details === undefined &&
    p.issues === undefined &&
    p.omittedIssues === 0
  )
}

/** A JSON string member, `,"name":"value"`, or nothing when the value is absent. @internal */
export const member = (name: string, value: string | undefined): string =>
  value === undefined ? '' : `,"${name}":${JSON.stringify(value)}`

/**
 * Each format with a fast path, to its general path: the tests prove the two write the
 * same bytes.
 *
 * @internal
 */
export const generalOf = new WeakMap<Format, Format>()

/**
 * `general` with its common case written straight to a string by `plain` (no
 * intermediate object, no guarded serializer: the parts are strings and numbers errmap
 * made, which `JSON.stringify` cannot fail on).
 *
 * @internal
 */
export const withFastPath = (general: Format, plain: (r: Report) => string): Format => {
  const f: Format = {
    mediaType: general.mediaType,
    contentType: general.contentType,
    encode: (r) => (isPlain(r) ? plain(r) : general.encode(r)),
    decode: general.decode,
  }
  generalOf.set(f, general)
  return f
}

/**
 * The `json` format.
 *
 * @category instances
 * @since 0.1.0
 */
export const json: Format = withFastPath(
  jsonFormat({
    mediaType: 'application/json',
    toJson: (r) => addShared({ message: r.primary.message, code: r.primary.code }, r),
    fromJson: (u) => {
      const o = object(u)
      if (o === undefined || problemMembers.some((k) => o[k] !== undefined)) return undefined
      const top = item(o)
      if (top === undefined) return undefined
      return o['errors'] === undefined ? [top] : items(o['errors'])
    },
  }),
  (r) =>
    `{"message":${JSON.stringify(r.primary.message)},"code":${JSON.stringify(r.primary.code)}` +
    `${member('requestId', r.requestId)}${member('traceId', r.traceId)}}`,
)
