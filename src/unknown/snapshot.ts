/**
 * The snapshot of an `HttpError`-shaped value: every field read once into a new plain
 * object of the variant's shape, each own field through the variant table's reader.
 * Decisions about an error (its status, whether it is exposed, its headers) are made on
 * the snapshot, so a getter that answers differently on a second read cannot change them.
 *
 * @since 0.2.0
 */
import * as read from '../internal/read.js'
import type { HttpError, Tag } from '../model/HttpError.js'
import { isTag, specOf, tags } from '../model/variants.js'

type Reader = readonly [string, (u: unknown) => unknown]

// Each variant's own fields and their readers, as a list made once (no `for…in` per call).
const readers = new Map<Tag, ReadonlyArray<Reader>>(
  tags.map((tag) => [
    tag,
    Object.entries(specOf(tag).read as Readonly<Record<string, (u: unknown) => unknown>>),
  ]),
)

/**
 * The snapshot of a value shaped like an `HttpError` (a known `_tag`, a string `message`
 * and `code`), or `undefined` for any other value. May throw (a getter, a Proxy trap):
 * `fromUnknown` calls it inside a `try`.
 *
 * @internal
 */
export const snapshot = (u: unknown): HttpError | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as read.Bag
  const tag = o['_tag']
  if (!isTag(tag)) return undefined
  const message = o['message']
  if (typeof message !== 'string') return undefined
  const code = o['code']
  if (typeof code !== 'string') return undefined
  const out: Record<string, unknown> = { _tag: tag, message, code }
  const details = o['details']
  if (details !== undefined) out['details'] = details
  const expose = o['expose']
  if (typeof expose === 'boolean') out['expose'] = expose
  const headers = o['headers']
  if (headers !== undefined) {
    const h = read.headerRecord(headers)
    if (h !== undefined) out['headers'] = h
  }
  const cause = o['cause']
  if (cause !== undefined) out['cause'] = cause
  const own = readers.get(tag) as ReadonlyArray<Reader>
  for (let i = 0; i < own.length; i++) {
    const [key, reader] = own[i] as Reader
    const v = reader(o[key])
    if (v !== undefined) out[key] = v
  }
  return out as unknown as HttpError
}
