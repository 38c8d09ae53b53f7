/**
 * `application/graphql-response+json`: `{ errors: [{ message, extensions: { code,
 * details?, issues?, omittedIssues? } }], extensions? }` — every error, in order; the
 * response-level `extensions` carries `requestId`, `traceId` and `omitted` when present.
 *
 * @since 0.1.0
 */
import { statusOfCode } from '../model/variants.js'
import { issuesOf, object } from './decode.js'
import { jsonFormat, type Format, type Reported } from './Format.js'
import { member, withFastPath } from './json.js'

// The response-level extensions of the fast path, and the body's end.
const ids = (members: string): string =>
  members === '' ? '}' : `,"extensions":{${members.slice(1)}}}`

/**
 * The `graphql` format.
 *
 * @category instances
 * @since 0.1.0
 */
export const graphql: Format = withFastPath(
  jsonFormat({
    mediaType: 'application/graphql-response+json',
    toJson: (r) => {
      const errors = r.errors.map((v) => {
        const extensions: Record<string, unknown> = { code: v.code }
        if (v.details !== undefined) extensions['details'] = v.details
        if (v.issues !== undefined) extensions['issues'] = v.issues
        if (v.omittedIssues > 0) extensions['omittedIssues'] = v.omittedIssues
        return { message: v.message, extensions }
      })
      const o: Record<string, unknown> = { errors }
      if (r.requestId !== undefined || r.traceId !== undefined || r.omitted > 0) {
        const extensions: Record<string, unknown> = {}
        if (r.requestId !== undefined) extensions['requestId'] = r.requestId
        if (r.traceId !== undefined) extensions['traceId'] = r.traceId
        if (r.omitted > 0) extensions['omitted'] = r.omitted
        o['extensions'] = extensions
      }
      return o
    },
    // A graphql body carries no status per error: with several, the client reads each
    // one's from its code.
    fromJson: (u, s) => {
      const list = object(u)?.['errors']
      if (!Array.isArray(list) || list.length === 0) return undefined
      const out: Array<Reported> = []
      for (const x of list as ReadonlyArray<unknown>) {
        const e = object(x)
        const ext = object(e?.['extensions'])
        const message = e?.['message']
        const code = ext?.['code']
        if (ext === undefined || typeof message !== 'string' || typeof code !== 'string')
          return undefined
        out.push({
          status: list.length === 1 ? s : (statusOfCode(code) ?? s),
          message,
          code,
          details: ext['details'],
          issues: issuesOf(ext['issues']),
        })
      }
      return out
    },
  }),
  (r) =>
    `{"errors":[{"message":${JSON.stringify(r.primary.message)},` +
    `"extensions":{"code":${JSON.stringify(r.primary.code)}}}]` +
    ids(member('requestId', r.requestId) + member('traceId', r.traceId)),
)
