/**
 * `application/problem+json` (RFC 9457): `type` (`about:blank`, or a base followed by the
 * code in kebab case), `title` (the reason phrase, or its translation), `status`, `detail`,
 * `instance?`, and the extension members `code`, `details?`, `issues?`, `omittedIssues?`,
 * `requestId?`, `traceId?`, `errors?`, `omitted?`.
 *
 * @since 0.1.0
 */
import { isErrorStatus, reason } from '../model/Status.js'
import { issuesOf, items, object } from './decode.js'
import { jsonFormat, type Format, type Report } from './Format.js'
import { addShared, generalOf, member, withFastPath } from './json.js'

/**
 * What `problem` takes.
 *
 * @category model
 * @since 0.2.0
 */
export interface ProblemOptions {
  /**
   * The base URI of problem `type`s: `https://errors.example.com/` gives
   * `https://errors.example.com/not-found`; a base that does not end in `/`, `#`, `:` or `=`
   * gets a `/`. Absent or empty: `about:blank`.
   */
  readonly typeBase?: string | undefined
}

const slug = (code: string): string => {
  let out = ''
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += code[i]
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32)
    else if (out.length > 0 && out[out.length - 1] !== '-') out += '-'
  }
  return out.endsWith('-') ? out.slice(0, -1) : out
}

// A base the code is appended to: `https://errors.example.com` gets its `/`.
const baseOf = (base: string | undefined): string | undefined => {
  if (typeof base !== 'string' || base.length === 0) return undefined
  const last = base[base.length - 1]
  return last === '/' || last === '#' || last === ':' || last === '=' ? base : base + '/'
}

// RFC 9457 §3.1: a member whose value has the wrong type is ignored, as are unknown ones.
const str = (u: unknown): string | undefined => (typeof u === 'string' ? u : undefined)

const make = (options: ProblemOptions): Format => {
  const base = baseOf(options.typeBase)
  const type = (r: Report): string =>
    base === undefined ? 'about:blank' : base + (slug(r.primary.code) || r.status)
  const general = jsonFormat({
    mediaType: 'application/problem+json',
    toJson: (r) => {
      const p = r.primary
      const o: Record<string, unknown> = {
        type: type(r),
        title: p.title,
        status: r.status,
        detail: p.message,
      }
      if (r.instance !== undefined) o['instance'] = r.instance
      o['code'] = p.code
      return addShared(o, r)
    },
    // Every member is optional: any JSON object is a problem document.
    fromJson: (u, s) => {
      const o = object(u)
      if (o === undefined) return undefined
      const st = o['status']
      const status = isErrorStatus(st) ? st : s
      const list = o['errors'] === undefined ? undefined : items(o['errors'])
      if (list !== undefined) return list.map((i) => ({ ...i, status: i.status ?? status }))
      return [
        {
          status,
          message: str(o['detail']) ?? str(o['title']) ?? reason(status),
          code: str(o['code']),
          details: o['details'],
          issues: issuesOf(o['issues']),
        },
      ]
    },
  })
  return withFastPath(
    general,
    (r) =>
      `{"type":${JSON.stringify(type(r))},"title":${JSON.stringify(r.primary.title)},` +
      `"status":${r.status},"detail":${JSON.stringify(r.primary.message)}` +
      `${member('instance', r.instance)},"code":${JSON.stringify(r.primary.code)}` +
      `${member('requestId', r.requestId)}${member('traceId', r.traceId)}}`,
  )
}

/**
 * A problem format (RFC 9457) whose `type`s start with `typeBase`; `problem` itself is the
 * one with `about:blank` and can be used as a format as it is.
 *
 * @example
 * import { problem, policy, toResponse, notFound } from 'errmap'
 * const p = policy({ formats: [problem({ typeBase: 'https://errors.example.com/' })] })
 * assert.strictEqual(JSON.parse(toResponse(notFound(), {}, p).body).type, 'https://errors.example.com/not-found')
 * assert.strictEqual(JSON.parse(toResponse(notFound(), {}, policy({ formats: [problem] })).body).type, 'about:blank')
 *
 * @category instances
 * @since 0.1.0
 */
export const problem: Format & ((options: ProblemOptions) => Format) = Object.assign(
  (options: ProblemOptions) => make(options),
  make({}),
)
generalOf.set(problem, generalOf.get(make({})) as Format)
