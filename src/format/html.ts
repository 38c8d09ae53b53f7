/**
 * `text/html`: a minimal page for a browser that opens an API URL — the status and its
 * title, the message (masked on 5xx like every body), the code, the issues and details
 * when the error shows them, every error when there are several, the request id and the
 * trace id. Opt-in: it is not among the default formats. Every text taken from the report
 * is escaped; the page has no script, no style, no link and no image, and is sent with
 * `Content-Security-Policy: default-src 'none'` (its `headers`).
 *
 * @since 0.2.0
 */
import { stringify } from '../internal/json.js'
import { issue } from '../internal/read.js'
import type { Issue } from '../model/HttpError.js'
import { isErrorStatus } from '../model/Status.js'
import type { Format, Report, Reported, View } from './Format.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const entity = (c: number): string | undefined =>
  c === 38
    ? '&amp;'
    : c === 60
      ? '&lt;'
      : c === 62
        ? '&gt;'
        : c === 34
          ? '&quot;'
          : c === 39
            ? '&#39;'
            : undefined

/**
 * A text as HTML text or attribute value: `&`, `<`, `>`, `"` and `'` written as character
 * references, in one pass; anything else as it is.
 *
 * @internal
 */
export const escapeHtml = (s: string): string => {
  let out = ''
  let from = 0
  for (let i = 0; i < s.length; i++) {
    const e = entity(s.charCodeAt(i))
    if (e === undefined) continue
    out += s.slice(from, i) + e
    from = i + 1
  }
  return from === 0 ? s : out + s.slice(from)
}

const references = ['&amp;', '&lt;', '&gt;', '&quot;', '&#39;']
const characters = '&<>"\''

/**
 * The inverse of `escapeHtml`, in one pass: the five references it writes become their
 * characters again; any other `&` stays.
 *
 * @internal
 */
export const unescapeHtml = (s: string): string => {
  let out = ''
  let from = 0
  for (let i = s.indexOf('&'); i !== -1; i = s.indexOf('&', i + 1)) {
    for (let k = 0; k < references.length; k++) {
      const r = references[k] as string
      if (!s.startsWith(r, i)) continue
      out += s.slice(from, i) + characters[k]
      from = i + r.length
      break
    }
  }
  return from === 0 ? s : out + s.slice(from)
}

// Details as indented JSON (BigInt and cycles cannot break it); `undefined` when they have
// no JSON form.
const pretty = (u: unknown): string | undefined => stringify(u, 2)

// What marks a page as errmap's: `decode` reads no other.
const start = '<!doctype html>\n<html'
const generator = '<meta name="generator" content="errmap">'
const code = '<dl>\n<dt>Code</dt><dd><code>'
const tableHead =
  '<table>\n<thead><tr><th>Path</th><th>Location</th><th>Message</th><th>Expected</th></tr></thead>\n<tbody>\n'
const row = '<tr><td><code>'

const id = (name: string, value: string | undefined): string =>
  value === undefined ? '' : `<dt>${name}</dt><dd><code>${escapeHtml(value)}</code></dd>\n`

const issueRow = (i: Issue): string =>
  `${row}${escapeHtml(i.path)}</code></td><td>${escapeHtml(i.location ?? '')}</td>` +
  `<td>${escapeHtml(i.message)}</td><td>` +
  (i.expected === undefined ? '' : `<code>${escapeHtml(i.expected)}</code>`) +
  '</td></tr>\n'

const more = (n: number): string => (n > 0 ? `<p>${n} more not shown.</p>\n` : '')

// One error under a heading of level `n`: the message unless it is the title, the code
// (and `ids`), the issues, the details (their own headings one level down).
const block = (v: View, status: number, n: number, ids: string): string => {
  const sub = `h${n + 1}>`
  const details = v.details === undefined ? undefined : pretty(v.details)
  return (
    `<h${n}>${status} ${escapeHtml(v.title)}</h${n}>\n` +
    (v.message === v.title ? '' : `<p>${escapeHtml(v.message)}</p>\n`) +
    `${code}${escapeHtml(v.code)}</code></dd>\n${ids}</dl>\n` +
    (v.issues === undefined
      ? ''
      : `<${sub}Issues</${sub}\n${tableHead}${v.issues.map(issueRow).join('')}</tbody>\n</table>\n`) +
    more(v.omittedIssues) +
    (details === undefined ? '' : `<${sub}Details</${sub}\n<pre>${escapeHtml(details)}</pre>\n`)
  )
}

const main = (r: Report): string => {
  const ids = id('Request id', r.requestId) + id('Trace id', r.traceId)
  if (r.errors.length <= 1 && r.omitted === 0) return block(r.primary, r.status, 1, ids)
  return (
    `<h1>${r.status} ${escapeHtml(r.primary.title)}</h1>\n` +
    (ids === '' ? '' : `<dl>\n${ids}</dl>\n`) +
    `<ol>\n${r.errors.map((v) => `<li>\n${block(v, v.status, 2, '')}</li>\n`).join('')}</ol>\n` +
    more(r.omitted)
  )
}

// A reader of errmap's own markup: user text holds no `<` (it is escaped), so a marker
// found with `indexOf` is always markup.
interface Cursor {
  readonly s: string
  i: number
}

const take = (c: Cursor, marker: string): boolean => {
  if (!c.s.startsWith(marker, c.i)) return false
  c.i += marker.length
  return true
}

// The text up to `end`, unescaped, and the cursor past `end`; `undefined` when absent.
const until = (c: Cursor, end: string): string | undefined => {
  const j = c.s.indexOf(end, c.i)
  if (j === -1) return undefined
  const text = unescapeHtml(c.s.slice(c.i, j))
  c.i = j + end.length
  return text
}

const parse = (s: string): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(s) as unknown }
  } catch {
    return undefined
  }
}

const readIssues = (c: Cursor, sub: string): ReadonlyArray<Issue> | null | undefined => {
  if (!take(c, `<${sub}Issues</${sub}\n${tableHead}`)) return undefined
  const out: Array<Issue> = []
  while (take(c, row)) {
    const path = until(c, '</code></td><td>')
    const location = until(c, '</td><td>')
    const message = until(c, '</td><td>')
    const expected = take(c, '<code>') ? until(c, '</code>') : undefined
    const i = issue({ path, message, location, expected })
    if (i === undefined || !take(c, '</td></tr>\n')) return null
    out.push(i)
  }
  return take(c, '</tbody>\n</table>\n') ? out : null
}

const readBlock = (c: Cursor, n: number): Reported | undefined => {
  const sub = `h${n + 1}>`
  if (!take(c, `<h${n}>`)) return undefined
  const heading = until(c, `</h${n}>\n`) ?? ''
  const space = heading.indexOf(' ')
  const status = Number(heading.slice(0, space))
  if (space < 1 || !isErrorStatus(status)) return undefined
  const message = take(c, '<p>') ? until(c, '</p>\n') : heading.slice(space + 1)
  const own = take(c, code) ? until(c, '</code></dd>\n') : undefined
  const end = c.s.indexOf('</dl>\n', c.i)
  if (message === undefined || own === undefined || end === -1) return undefined
  c.i = end + 6
  const issues = readIssues(c, sub)
  if (issues === null) return undefined
  if (take(c, '<p>') && until(c, '</p>\n') === undefined) return undefined
  let details: unknown
  if (take(c, `<${sub}Details</${sub}\n<pre>`)) {
    const d = parse(until(c, '</pre>\n') ?? '')
    if (d === undefined) return undefined
    details = d.value
  }
  return { status, message, code: own, details, issues }
}

const decode = (body: string): ReadonlyArray<Reported> | undefined => {
  const m = body.indexOf('<main>\n')
  if (!body.startsWith(start) || !body.includes(generator) || m === -1) return undefined
  const c: Cursor = { s: body, i: m + 7 }
  if (!body.includes('<ol>\n', c.i)) {
    const one = readBlock(c, 1)
    return one === undefined ? undefined : [one]
  }
  if (!take(c, '<h1>') || until(c, '</h1>\n') === undefined) return undefined
  if (take(c, '<dl>\n') && until(c, '</dl>\n') === undefined) return undefined
  if (!take(c, '<ol>\n')) return undefined
  const out: Array<Reported> = []
  while (take(c, '<li>\n')) {
    const one = readBlock(c, 2)
    if (one === undefined || !take(c, '</li>\n')) return undefined
    out.push(one)
  }
  return out.length > 0 && take(c, '</ol>\n') ? out : undefined
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The `html` format: a page for a browser that opens an API URL. Opt-in — add it to a
 * policy's formats after the default one: a browser's `Accept` (which ranks `text/html`
 * above the wildcard) picks it, while the bare wildcard of curl and `fetch()` keeps the
 * first format.
 *
 * The page (`text/html; charset=utf-8`): `<html lang>` when the messages were translated
 * (see `messages`), `<title>` and `<h1>` with the status and its title, the message in a
 * `<p>` unless it is the title itself (a masked 5xx shows only its reason phrase), a `<dl>`
 * with the code, the request id and the trace id, an issues `<table>` (path, location,
 * message, expected — as many as `maxErrors` lets through) and the details as JSON in a
 * `<pre>`; with several errors, an `<ol>` of them, each with its own heading. Every text
 * from the report is escaped (`& < > " '`); there is no script, style or link, and every
 * body is sent with `Content-Security-Policy: default-src 'none'`. Need more (say
 * `frame-ancestors 'none'`)? `{ ...html, headers: { 'content-security-policy': … } }`.
 * `decode` reads these pages back for `errmap/client`, and no other page.
 *
 * @example
 * import { html, json, problem, graphql, notFound, internal, policy, toResponse } from 'errmap'
 * const p = policy({ formats: [json, problem, graphql, html] })
 * const chrome = 'text/html,application/xhtml+xml,application/xml;q=0.9,*\/*;q=0.8'
 * const r = toResponse(notFound('No user <42>.'), { accept: chrome, requestId: 'req-1' }, p)
 * assert.strictEqual(r.headers['content-type'], 'text/html; charset=utf-8')
 * assert.strictEqual(r.headers['content-security-policy'], "default-src 'none'")
 * assert.ok(r.body.includes('<h1>404 Not Found</h1>\n<p>No user &lt;42&gt;.</p>'))
 * assert.ok(r.body.includes('<dt>Request id</dt><dd><code>req-1</code></dd>'))
 * assert.ok(!toResponse(internal('db is down'), { accept: chrome }, p).body.includes('db is down'))
 * assert.strictEqual(toResponse(notFound(), { accept: '*\/*' }, p).headers['content-type'], 'application/json; charset=utf-8')
 *
 * @category instances
 * @since 0.2.0
 */
export const html: Format = {
  mediaType: 'text/html',
  contentType: 'text/html; charset=utf-8',
  headers: { 'content-security-policy': "default-src 'none'" },
  encode: (r) =>
    `${start}${r.language === undefined ? '' : ` lang="${escapeHtml(r.language)}"`}>\n<head>\n` +
    '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `${generator}\n<title>${r.status} ${escapeHtml(r.primary.title)}</title>\n</head>\n` +
    `<body>\n<main>\n${main(r)}</main>\n</body>\n</html>\n`,
  decode,
}
