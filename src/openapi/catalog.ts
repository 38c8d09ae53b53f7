/**
 * The error catalog: every code a policy can answer with, its statuses, title,
 * description and problem `type` URI, and renderers to Markdown and to a self-contained
 * HTML page whose element ids are what follows the `typeBase` in each `type` URI (its
 * fragment, or the last segment of its path) — so that a server can answer every `type`
 * URI it emits with its entry.
 *
 * @since 0.2.0
 */
import { escapeHtml } from '../format/html.js'
import type { Tag } from '../model/HttpError.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import { problem } from '../format/problem.js'
import type { Format } from '../format/Format.js'
import { defaultPolicy, resolve, type Policy } from '../policy/Policy.js'
import { encodeWith, kindOf, report, typeIn, view } from './schema.js'
import {
  descriptions,
  maskedNote,
  policyTargets,
  type DescribeOptions,
  type Target,
} from './targets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One code of a catalog.
 *
 * @category model
 * @since 0.2.0
 */
export interface CatalogEntry {
  /** The code, after the policy's renames. */
  readonly code: string
  /** The statuses it is answered with (a remap may give it several), ascending. */
  readonly statuses: ReadonlyArray<ErrorStatus>
  /** The user's title, else the first status' reason phrase. */
  readonly title: string
  /** The user's description, else errmap's for its variant. */
  readonly description: string
  /** Whether the policy hides its message and details (see `expose`). */
  readonly masked: boolean
  /** The variants that answer with it. */
  readonly variants: ReadonlyArray<Tag>
  /** Its problem `type` URI as the policy's problem format writes it; `undefined` with no problem format. */
  readonly type: string | undefined
  /** Its element id in the HTML page: what follows the `typeBase` (the code in kebab case). */
  readonly id: string
}

/**
 * A policy's catalog: its problem `typeBase` (`undefined` for `about:blank` or no
 * problem format) and its entries, by status then code.
 *
 * @category model
 * @since 0.2.0
 */
export interface Catalog {
  readonly typeBase: string | undefined
  readonly entries: ReadonlyArray<CatalogEntry>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// What a problem format writes as `type` for a code at a status.
const typeOf = (f: Format, code: string, s: ErrorStatus): string | undefined =>
  typeIn(encodeWith(f, report(view({ tag: 'Custom', status: s, code, message: '', title: '' }))))

// The kebab case of a code, as a problem format writes it after its base.
const anchor = problem({ typeBase: '#' })
const idOf = (code: string, s: ErrorStatus): string => (typeOf(anchor, code, s) ?? '#').slice(1)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The catalog of a policy (default: the default policy): every code it can answer with —
 * each variant's, after renames, at each status its remaps give, and your own codes with
 * the status `codes` gives them — with its title, description (yours from `codes`, else
 * errmap's), whether it is masked, and its problem `type` URI as the policy's first
 * problem format writes it.
 *
 * @example
 * import { policy, problem, json } from 'errmap'
 * import { catalog } from 'errmap/openapi'
 * const p = policy({ formats: [json, problem({ typeBase: 'https://example.com/errors#' })] })
 * const c = catalog(p, { codes: { NO_SUCH_USER: { status: 404, description: 'No user has this id.' } } })
 * const entry = c.entries.find((e) => e.code === 'NO_SUCH_USER')
 * assert.deepStrictEqual(entry, {
 *   code: 'NO_SUCH_USER',
 *   statuses: [404],
 *   title: 'Not Found',
 *   description: 'No user has this id.',
 *   masked: false,
 *   variants: ['NotFound'],
 *   type: 'https://example.com/errors#no-such-user',
 *   id: 'no-such-user',
 * })
 * assert.strictEqual(c.typeBase, 'https://example.com/errors#')
 *
 * @category constructors
 * @since 0.2.0
 */
export const catalog = (policy: Policy = defaultPolicy, options: DescribeOptions = {}): Catalog => {
  const p = resolve(policy)
  let format: Format | undefined
  let typeBase: string | undefined
  for (const f of p.formats) {
    const k = kindOf(f)
    if (k.kind !== 'problem') continue
    format = f
    typeBase = k.typeBase
    break
  }
  const byCode = new Map<string, Array<Target>>()
  for (const t of policyTargets(p, options)) {
    const at = byCode.get(t.code)
    if (at === undefined) byCode.set(t.code, [t])
    else at.push(t)
  }
  const codes = options.codes ?? {}
  const entries: Array<CatalogEntry> = []
  for (const [code, at] of byCode) {
    const statuses = [...new Set(at.map((t) => t.status))].sort((a, b) => a - b)
    const first = statuses[0] as ErrorStatus
    const doc = Object.prototype.hasOwnProperty.call(codes, code) ? codes[code] : undefined
    entries.push({
      code,
      statuses,
      title: doc?.title ?? reason(first),
      description: doc?.description ?? descriptions[(at[0] as Target).tag],
      masked: at.some((t) => t.masked),
      variants: [...new Set(at.map((t) => t.tag))],
      type: format === undefined ? undefined : typeOf(format, code, first),
      id: idOf(code, first),
    })
  }
  entries.sort(
    (a, b) => (a.statuses[0] as number) - (b.statuses[0] as number) || (a.code < b.code ? -1 : 1),
  )
  return { typeBase, entries }
}

/**
 * The entry a request for a `type` URI asks for: the one whose `type` is `uri`, or whose
 * `type` resolves (against `http://localhost`) to a URL with `uri` as its path — a server
 * can look up its request's path. `undefined` when none.
 *
 * @example
 * import { policy, problem } from 'errmap'
 * import { catalog, entryAt } from 'errmap/openapi'
 * const c = catalog(policy({ formats: [problem({ typeBase: 'https://example.com/errors/' })] }))
 * assert.strictEqual(entryAt(c, 'https://example.com/errors/not-found')?.code, 'NOT_FOUND')
 * assert.strictEqual(entryAt(c, '/errors/gone')?.code, 'GONE')
 * assert.strictEqual(entryAt(c, '/errors/nothing'), undefined)
 *
 * @category utils
 * @since 0.2.0
 */
export const entryAt = (c: Catalog, uri: string): CatalogEntry | undefined =>
  // Without a `typeBase` every `type` is `about:blank`: it names no entry.
  c.typeBase === undefined
    ? undefined
    : c.entries.find((e) => e.type !== undefined && (e.type === uri || pathOf(e.type) === uri))

// The path a `type` URI is served at; none when a fragment names the entry (every entry
// of `https://example.com/errors#` shares the path `/errors`).
const pathOf = (uri: string): string | undefined => {
  try {
    const u = new URL(uri, 'http://localhost')
    return u.hash === '' ? u.pathname : undefined
  } catch {
    return undefined
  }
}

// -------------------------------------------------------------------------------------
// renderers
// -------------------------------------------------------------------------------------

// Markdown punctuation is escaped, and `<`/`&` written as entities: user text stays text.
const md = (s: string): string =>
  s
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ')

const statusText = (e: CatalogEntry): string => e.statuses.join(', ')

/**
 * A catalog as Markdown: a table of every code, then one section per code, each with an
 * anchor named by its id. Every text is escaped: a description holding Markdown or HTML
 * shows as written.
 *
 * @example
 * import { catalog, catalogMarkdown } from 'errmap/openapi'
 * const text = catalogMarkdown(catalog())
 * assert.match(text, /^# Errors/)
 * assert.match(text, /<a id="not-found"><\/a>NOT\\_FOUND/)
 *
 * @category renderers
 * @since 0.2.0
 */
export const catalogMarkdown = (c: Catalog, title = 'Errors'): string => {
  const out = [
    `# ${md(title)}`,
    '',
    '| Status | Code | Title |',
    '| ------ | ---- | ----- |',
    ...c.entries.map((e) => `| ${statusText(e)} | [${md(e.code)}](#${e.id}) | ${md(e.title)} |`),
  ]
  for (const e of c.entries) {
    out.push('', `## <a id="${html(e.id)}"></a>${md(e.code)}`, '')
    out.push(`${statusText(e)} ${md(e.title)}. ${md(e.description)}`)
    if (e.masked) out.push('', md(maskedNote))
    if (c.typeBase !== undefined && e.type !== undefined)
      out.push('', `Problem type: ${md(e.type)}`)
  }
  return out.join('\n') + '\n'
}

const html = escapeHtml

// Inline code spans of errmap's own texts (`Retry-After`): shown as code, escaped.
const prose = (s: string): string =>
  html(s).replace(/`([^`]*)`/g, (_, code: string) => `<code>${code}</code>`)

const style =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}' +
  'section{margin-top:2rem}section:target{background:#fff8d6}code{font-size:.95em}' +
  '.masked{color:#8a4b00}'

/**
 * A catalog as one self-contained HTML page: no script, no external resource (a
 * `Content-Security-Policy` meta forbids both), every text and attribute escaped, one
 * `<section>` per code whose `id` is the entry's id — the fragment or last path segment of
 * its `type` URI. `only` renders the page of that one entry.
 *
 * @example
 * import { policy, notFound } from 'errmap'
 * import { catalog, catalogHtml } from 'errmap/openapi'
 * const c = catalog(policy(), { codes: { NOT_FOUND: { description: '<script>alert(1)</script>' } } })
 * const page = catalogHtml(c)
 * assert.match(page, /<section id="not-found">/)
 * assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
 * assert.ok(!page.includes('<script>'))
 *
 * @category renderers
 * @since 0.2.0
 */
export const catalogHtml = (
  c: Catalog,
  options: { readonly title?: string; readonly only?: CatalogEntry } = {},
): string => {
  const title = options.title ?? 'Errors'
  const entries = options.only === undefined ? c.entries : [options.only]
  const rows = entries
    .map(
      (e) =>
        `<tr><td>${statusText(e)}</td><td><a href="#${html(e.id)}"><code>${html(e.code)}</code></a></td>` +
        `<td>${html(e.title)}</td></tr>`,
    )
    .join('\n')
  const sections = entries
    .map((e) =>
      [
        `<section id="${html(e.id)}">`,
        `<h2><code>${html(e.code)}</code> — ${statusText(e)} ${html(e.title)}</h2>`,
        `<p>${prose(e.description)}</p>`,
        e.masked ? `<p class="masked">${prose(maskedNote)}</p>` : '',
        c.typeBase === undefined || e.type === undefined
          ? ''
          : `<p>Problem type: <code>${html(e.type)}</code></p>`,
        '</section>',
      ]
        .filter((l) => l.length > 0)
        .join('\n'),
    )
    .join('\n')
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<h1>${html(title)}</h1>`,
    '<table>',
    '<thead><tr><th>Status</th><th>Code</th><th>Title</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    sections,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
