/**
 * The `html` format: a page for a browser. Every variant through `toResponse` with a real
 * browser's `Accept`; negotiation with the `Accept` headers browsers, curl and `fetch()`
 * send; and properties over hostile text (`<`, quotes, `&`, CR/LF, NUL, lone surrogates,
 * `</script>`): the page parsed by a real HTML parser (parse5) has exactly errmap's
 * elements and attributes, and each text of the report as its text content; `decode`
 * reads every page back; nothing throws; a masked 5xx never shows its message.
 */
import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { parse } from 'parse5'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  conflict,
  graphql,
  html,
  internal,
  json,
  notFound,
  messages,
  policy,
  problem,
  tags,
  toResponse,
  unprocessableContent,
  type ErrorStatus,
  type HttpError,
  type Issue,
  type Policy,
  type Report,
  type View,
} from '../src/index.js'
import { decodeResponse, exposed } from '../src/client/index.js'
import { components, responses } from '../src/openapi/index.js'
import { Validator } from '@seriousme/openapi-schema-validator'
import { newAjv, withDocument } from './openapi/support.js'
import { escapeHtml, unescapeHtml } from '../src/format/html.js'
import { anyPolicy, errorStatus, httpError, jsonDetails, normalise } from './arbitraries.js'
import { expected, messageOf, samples } from './samples.js'

const p = policy({ formats: [json, problem, graphql, html] })

const chrome =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'
const firefox = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const safari = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

// -------------------------------------------------------------------------------------
// the page as a parser sees it
// -------------------------------------------------------------------------------------

interface Node {
  readonly nodeName: string
  readonly value?: string
  readonly attrs?: ReadonlyArray<{ readonly name: string; readonly value: string }>
  readonly childNodes?: ReadonlyArray<Node>
}

interface El {
  readonly tag: string
  readonly attrs: Readonly<Record<string, string>>
  readonly text: string
}

const textOf = (n: Node): string =>
  n.nodeName === '#text' ? (n.value ?? '') : (n.childNodes ?? []).map(textOf).join('')

/** Every element of a page, in document order, with its attributes and text content. */
const elements = (page: string): ReadonlyArray<El> => {
  const out: Array<El> = []
  const walk = (n: Node): void => {
    if (n.attrs !== undefined)
      out.push({
        tag: n.nodeName,
        attrs: Object.fromEntries(n.attrs.map((a) => [a.name, a.value])),
        text: textOf(n),
      })
    for (const c of n.childNodes ?? []) walk(c)
  }
  walk(parse(page) as unknown as Node)
  return out
}

const all = (page: string, tag: string): ReadonlyArray<El> =>
  elements(page).filter((e) => e.tag === tag)
const one = (page: string, tag: string): El | undefined => all(page, tag)[0]

// What an HTML parser makes of a text: CR LF and CR become LF (input preprocessing); a NUL
// is dropped in the body's text, and becomes U+FFFD in the title and in attribute values.
const lf = (s: string): string => s.replace(/\r\n?/g, '\n')
const bodyText = (s: string): string => lf(s).replaceAll('\0', '')
const rcdata = (s: string): string => lf(s).replaceAll('\0', '\ufffd')

const allowed = new Set([
  'html',
  'head',
  'meta',
  'title',
  'body',
  'main',
  'h1',
  'h2',
  'h3',
  'p',
  'dl',
  'dt',
  'dd',
  'code',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'pre',
  'ol',
  'li',
])

// -------------------------------------------------------------------------------------
// every variant
// -------------------------------------------------------------------------------------

describe('html: every variant, with a browser’s Accept', () => {
  it.each([...tags])('%s', (tag) => {
    const e = samples[tag]
    const x = expected[tag]
    const r = toResponse(e, { accept: chrome, requestId: 'req-1', method: 'GET' }, p)
    expect(r.status).toBe(x.status)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['content-security-policy']).toBe("default-src 'none'")
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['vary']).toBe('Accept')
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)))
    for (const [name, value] of Object.entries(x.headers)) expect(r.headers[name]).toBe(value)

    expect(r.body.startsWith('<!doctype html>\n<html>\n')).toBe(true)
    expect(one(r.body, 'title')?.text).toBe(`${x.status} ${x.title}`)
    expect(one(r.body, 'h1')?.text).toBe(`${x.status} ${x.title}`)
    expect(all(r.body, 'code').map((c) => c.text)).toEqual(
      expect.arrayContaining([x.code, 'req-1']),
    )
    const masked = x.status >= 500
    const p1 = all(r.body, 'p').map((el) => el.text)
    if (masked) {
      expect(p1).toEqual([])
      expect(r.body).not.toContain(messageOf(tag))
      expect(r.body).not.toContain(escapeHtml(messageOf(tag)))
      expect(one(r.body, 'pre')).toBeUndefined()
    } else {
      expect(p1[0]).toBe(messageOf(tag))
      expect(JSON.parse(one(r.body, 'pre')?.text ?? 'null')).toEqual(e.details)
    }
    // errmap/client reads it back: the exposed part of the error.
    expect(
      decodeResponse(r.status, r.body, {
        formats: p.formats,
        contentType: r.headers['content-type'] as string,
      }),
    ).toStrictEqual(E.right([exposed(e, p)]))
  })

  it('the masked 500 page, exactly', () => {
    const r = toResponse(
      internal('pool exhausted: postgres://admin:hunter2@db'),
      { accept: firefox },
      p,
    )
    expect(r.body).toBe(
      [
        '<!doctype html>',
        '<html>',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="errmap">',
        '<title>500 Internal Server Error</title>',
        '</head>',
        '<body>',
        '<main>',
        '<h1>500 Internal Server Error</h1>',
        '<dl>',
        '<dt>Code</dt><dd><code>INTERNAL_SERVER_ERROR</code></dd>',
        '</dl>',
        '</main>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    )
  })

  it('a 422: its issues in a table, the ones maxErrors left out counted', () => {
    const issues: ReadonlyArray<Issue> = [
      { path: '/name', message: 'Required', location: 'body', expected: 'string' },
      { path: '/age', message: 'must be <= 150' },
      { path: '/x', message: 'three' },
    ]
    const q = policy({ formats: [json, html], maxErrors: 2 })
    const r = toResponse(unprocessableContent(issues, 'Invalid body.'), { accept: chrome }, q)
    expect(r.body).toContain(
      [
        '<h1>422 Unprocessable Content</h1>',
        '<p>Invalid body.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>UNPROCESSABLE_CONTENT</code></dd>',
        '</dl>',
        '<h2>Issues</h2>',
        '<table>',
        '<thead><tr><th>Path</th><th>Location</th><th>Message</th><th>Expected</th></tr></thead>',
        '<tbody>',
        '<tr><td><code>/name</code></td><td>body</td><td>Required</td><td><code>string</code></td></tr>',
        '<tr><td><code>/age</code></td><td></td><td>must be &lt;= 150</td><td></td></tr>',
        '</tbody>',
        '</table>',
        '<p>1 more not shown.</p>',
        '</main>',
      ].join('\n'),
    )
    expect(html.decode(r.body, 422)).toEqual([
      {
        status: 422,
        message: 'Invalid body.',
        code: 'UNPROCESSABLE_CONTENT',
        details: undefined,
        issues: issues.slice(0, 2),
      },
    ])
  })

  it('several errors: an ordered list, the ids once, the ones left out counted', () => {
    const q = policy({ formats: [json, html], maxErrors: 2 })
    const r = toResponse(
      [badRequest('Bad name.'), conflict('Taken.'), internal('secret')],
      { accept: chrome, requestId: 'r-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      q,
    )
    expect(r.body).toContain(
      [
        '<main>',
        '<h1>400 Bad Request</h1>',
        '<dl>',
        '<dt>Request id</dt><dd><code>r-1</code></dd>',
        '<dt>Trace id</dt><dd><code>4bf92f3577b34da6a3ce929d0e0e4736</code></dd>',
        '</dl>',
        '<ol>',
        '<li>',
        '<h2>400 Bad Request</h2>',
        '<p>Bad name.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>BAD_REQUEST</code></dd>',
        '</dl>',
        '</li>',
        '<li>',
        '<h2>409 Conflict</h2>',
        '<p>Taken.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>CONFLICT</code></dd>',
        '</dl>',
        '</li>',
        '</ol>',
        '<p>1 more not shown.</p>',
        '</main>',
      ].join('\n'),
    )
    expect(r.body).not.toContain('secret')
    expect(
      decodeResponse(r.status, r.body, { formats: q.formats, contentType: 'text/html' }),
    ).toStrictEqual(E.right([badRequest('Bad name.'), conflict('Taken.')]))
  })

  it('several errors without ids: no empty <dl> under the <h1>', () => {
    const q = policy({ formats: [json, html] })
    const r = toResponse([badRequest('Bad name.'), conflict('Taken.')], { accept: chrome }, q)
    expect(r.body).toContain('<main>\n<h1>400 Bad Request</h1>\n<ol>\n<li>\n')
  })

  it('lang from a translation; none without', () => {
    const q = policy({
      formats: [json, html],
      messages: messages({
        fr: { NOT_FOUND: { message: 'Aucun utilisateur.', title: 'Introuvable' } },
      }),
    })
    const r = toResponse(notFound('No user.'), { accept: chrome, acceptLanguage: 'fr' }, q)
    expect(r.body).toContain('<html lang="fr">\n')
    expect(r.body).toContain('<title>404 Introuvable</title>')
    expect(r.body).toContain('<h1>404 Introuvable</h1>\n<p>Aucun utilisateur.</p>')
    expect(r.headers['content-language']).toBe('fr')
  })
})

// -------------------------------------------------------------------------------------
// negotiation
// -------------------------------------------------------------------------------------

describe('html: negotiation with real Accept headers', () => {
  const typeFor = (accept: string | undefined, q: Policy = p): unknown =>
    toResponse(notFound(), { accept }, q).headers['content-type']
  it.each([
    ['Chrome', chrome, 'text/html; charset=utf-8'],
    ['Firefox', firefox, 'text/html; charset=utf-8'],
    ['Safari', safari, 'text/html; charset=utf-8'],
    ['curl', '*/*', 'application/json; charset=utf-8'],
    ['fetch()', '*/*', 'application/json; charset=utf-8'],
    ['no Accept', undefined, 'application/json; charset=utf-8'],
    ['an API client', 'application/json', 'application/json; charset=utf-8'],
    [
      'json preferred over html',
      'application/json, text/html;q=0.5',
      'application/json; charset=utf-8',
    ],
    ['problem+json', 'application/problem+json', 'application/problem+json; charset=utf-8'],
  ])('%s', (_, accept, type) => {
    expect(typeFor(accept)).toBe(type)
  })

  it('never chosen unless enabled: the default policy answers a browser in JSON', () => {
    expect(typeFor(chrome, policy())).toBe('application/json; charset=utf-8')
    expect(toResponse(notFound(), { accept: chrome }).headers['content-security-policy']).toBe(
      undefined,
    )
  })

  it('the CSP comes with html bodies only', () => {
    expect(toResponse(notFound(), { accept: '*/*' }, p).headers['content-security-policy']).toBe(
      undefined,
    )
  })
})

// -------------------------------------------------------------------------------------
// escaping
// -------------------------------------------------------------------------------------

describe('html: escaping', () => {
  it('the five characters, in one pass', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    )
    expect(escapeHtml('plain')).toBe('plain')
    expect(unescapeHtml('&lt;&amp;lt;&gt;&quot;&#39;&nbsp;&')).toBe('<&lt;>"\'&nbsp;&')
  })

  it('unescape(escape(s)) is s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(unescapeHtml(escapeHtml(s))).toBe(s)
        expect(escapeHtml(s)).not.toMatch(/[<>"']/)
      }),
    )
  })

  it('linear: a long hostile text is escaped and read back quickly', () => {
    const s = '&<"'.repeat(50_000) + '&amp'.repeat(50_000)
    const t0 = performance.now()
    expect(unescapeHtml(escapeHtml(s))).toBe(s)
    expect(performance.now() - t0).toBeLessThan(2_000)
  })
})

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

// Text that tries to break out of the markup.
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '&',
      '\r',
      '\n',
      '\r\n',
      '\0',
      '\ud800',
      '\udfff',
      '</script>',
      '<script>',
      '</code>',
      '</p>\n',
      '<!--',
      '&amp;',
      '&#39;',
      '&lt;',
      ']]>',
    ),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('a', ' ', 'é', '😀'),
  ),
  maxLength: 24,
})

const issueArb: fc.Arbitrary<Issue> = fc.record(
  {
    path: hostile,
    message: hostile,
    location: fc.constantFrom('body', 'query', 'path', 'header', 'cookie', 'security' as const),
    expected: hostile,
  },
  { requiredKeys: ['path', 'message'], noNullPrototype: true },
)

const details = fc.oneof(
  fc.constant(undefined),
  jsonDetails,
  fc.dictionary(hostile, hostile, { maxKeys: 3 }),
)

const viewArb: fc.Arbitrary<View> = fc
  .record({
    status: errorStatus,
    code: hostile,
    message: hostile,
    title: hostile,
    sameText: fc.boolean(),
    details,
    issues: fc.option(fc.array(issueArb, { maxLength: 3 }), { nil: undefined }),
    omittedIssues: fc.nat({ max: 5 }),
  })
  .map((v): View => ({
    tag: 'Custom',
    status: v.status,
    code: v.code,
    message: v.sameText ? v.title : v.message,
    title: v.title,
    details: v.details,
    issues: v.issues,
    omittedIssues: v.omittedIssues,
    exposed: true,
  }))

const reportArb: fc.Arbitrary<Report> = fc
  .record({
    errors: fc.array(viewArb, { minLength: 1, maxLength: 4 }),
    omitted: fc.oneof(fc.constant(0), fc.nat({ max: 3 })),
    requestId: fc.option(hostile, { nil: undefined }),
    traceId: fc.option(hostile, { nil: undefined }),
    language: fc.option(hostile, { nil: undefined }),
  })
  .map((r) => ({
    status: (r.errors[0] as View).status,
    primary: r.errors[0] as View,
    errors: r.errors,
    omitted: r.omitted,
    requestId: r.requestId,
    instance: undefined,
    traceId: r.traceId,
    language: r.language,
  }))

const several = (r: Report): boolean => r.errors.length > 1 || r.omitted > 0

// The same report with every text replaced by a harmless one (keeping which are equal and
// which are present): its page must have exactly the same elements.
const tame = (r: Report): Report => {
  const view = (v: View): View => ({
    ...v,
    code: 'c',
    title: 't',
    message: v.message === v.title ? 't' : 'm',
    details: v.details === undefined ? undefined : 0,
    issues: v.issues?.map((i) => ({
      path: 'p',
      message: 'm',
      ...(i.location === undefined ? {} : { location: i.location }),
      ...(i.expected === undefined ? {} : { expected: 'e' }),
    })),
  })
  const errors = r.errors.map(view)
  return {
    ...r,
    primary: errors[0] as View,
    errors,
    requestId: r.requestId === undefined ? undefined : 'r',
    traceId: r.traceId === undefined ? undefined : 't',
    language: r.language === undefined ? undefined : 'l',
  }
}

const shape = (page: string): ReadonlyArray<string> =>
  elements(page).map((e) => `${e.tag}[${Object.keys(e.attrs).join(',')}]`)

describe('html: properties over hostile text', () => {
  it('encode never throws, and the page has only errmap’s elements and attributes', () => {
    fc.assert(
      fc.property(reportArb, (r) => {
        const page = html.encode(r)
        expect(typeof page).toBe('string')
        const els = elements(page)
        for (const e of els) expect(allowed.has(e.tag), e.tag).toBe(true)
        // User data adds no element and no attribute: the tame report's page has the same.
        expect(shape(page)).toEqual(shape(html.encode(tame(r))))
        for (const e of els)
          for (const [name] of Object.entries(e.attrs))
            expect(['lang', 'charset', 'name', 'content']).toContain(name)
      }),
    )
  })

  it('each text of the report is the text content of its element', () => {
    fc.assert(
      fc.property(reportArb, (r) => {
        const page = html.encode(r)
        const heading = (v: View): string => `${v.status} ${bodyText(v.title)}`
        expect(one(page, 'title')?.text).toBe(`${r.status} ${rcdata(r.primary.title)}`)
        expect(one(page, 'html')?.attrs['lang']).toBe(
          r.language === undefined ? undefined : rcdata(r.language),
        )
        const views = several(r) ? r.errors : [r.primary]
        const h = several(r) ? 'h2' : 'h1'
        expect(all(page, h).map((e) => e.text)).toEqual(views.map(heading))
        if (several(r))
          expect(one(page, 'h1')?.text).toBe(`${r.status} ${bodyText(r.primary.title)}`)
        // dd: each error's code; the ids once.
        const ids = [r.requestId, r.traceId].flatMap((x) => (x === undefined ? [] : [bodyText(x)]))
        const codes = views.map((v) => bodyText(v.code))
        const dds = all(page, 'dd').map((e) => e.text)
        expect(dds).toEqual(several(r) ? [...ids, ...codes] : [...codes, ...ids])
        // Every issue's cells.
        const cells = all(page, 'td').map((e) => e.text)
        expect(cells).toEqual(
          views.flatMap((v) =>
            (v.issues ?? []).flatMap((i) => [
              bodyText(i.path),
              i.location ?? '',
              bodyText(i.message),
              bodyText(i.expected ?? ''),
            ]),
          ),
        )
        // The messages that are not their titles, in order.
        const ps = all(page, 'p')
          .map((e) => e.text)
          .filter((t) => !/^\d+ more not shown\.$/.test(t))
        expect(ps).toEqual(
          views.flatMap((v) => (v.message === v.title ? [] : [bodyText(v.message)])),
        )
        for (const pre of all(page, 'pre'))
          expect(() => JSON.parse(pre.text) as unknown).not.toThrow()
      }),
    )
  })

  it('decode(encode(r)) gives the errors of r', () => {
    fc.assert(
      fc.property(reportArb, (r) => {
        const views = several(r) ? r.errors : [r.primary]
        expect(html.decode(html.encode(r), r.status)).toStrictEqual(
          views.map((v) => ({
            status: v.status,
            message: v.message,
            code: v.code,
            details: v.details === undefined ? undefined : normalise(v.details),
            issues: v.issues,
          })),
        )
      }),
    )
  })

  it('decode reads no other body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (s, n) => {
        const page = html.encode({
          status: 404,
          primary: samplesView,
          errors: [samplesView],
          omitted: 0,
          requestId: undefined,
          instance: undefined,
          traceId: undefined,
          language: undefined,
        })
        // A cut page, foreign text, or a page with text spliced in is not one.
        const at = n % page.length
        expect(() => html.decode(page.slice(0, at) + s, 404)).not.toThrow()
        expect(html.decode(s, 404)).toBeUndefined()
      }),
    )
    expect(html.decode('<!doctype html>\n<html><body>Bad gateway</body></html>', 502)).toBe(
      undefined,
    )
    expect(html.decode('{"message":"x","code":"Y"}', 400)).toBeUndefined()
  })

  describe('decode refuses a page errmap did not write', () => {
    const q = policy({ formats: [json, html], maxErrors: 1 })
    const page = (e: HttpError | ReadonlyArray<HttpError>): string =>
      toResponse(e, { accept: chrome }, q).body
    const plain = page(notFound())
    const issues = page(
      unprocessableContent(
        [
          { path: '/a', message: 'x' },
          { path: '/b', message: 'y' },
        ],
        'Invalid body.',
      ),
    )
    const list = toResponse(
      [badRequest('Bad name.'), conflict('Taken.')],
      { accept: chrome },
      policy({ formats: [json, html] }),
    ).body
    const codeRow = '<dt>Code</dt><dd><code>NOT_FOUND</code></dd>\n'
    it.each([
      ['without the doctype', issues.replace('<!doctype html>\n', '')],
      [
        'a heading without a space',
        issues.replace('<h1>422 Unprocessable Content</h1>', '<h1>4220</h1>'),
      ],
      ['a message <p> never closed', plain.replace('</h1>\n<dl>', '</h1>\n<p><dl>')],
      ['no code', plain.replace(codeRow, '')],
      ['cut after the code', plain.slice(0, plain.indexOf(codeRow) + codeRow.length)],
      ['cut in the last paragraph', issues.slice(0, issues.indexOf(' more not shown.'))],
      ['several, without the <h1>', list.replace('<main>\n<h1>', '<main>\n')],
      ['several, an empty list', list.replace(/<ol>\n[\s\S]*<\/ol>\n/, '<ol>\n</ol>\n')],
      ['several, cut after the last item', list.slice(0, list.lastIndexOf('</li>\n') + 6)],
    ])('%s', (_, body) => {
      expect(body).toContain('<main>')
      expect(html.decode(body, 404)).toBeUndefined()
    })
  })

  it('through toResponse: a masked 5xx never shows its message or details', () => {
    const SECRET = 'S3CRET'
    const q = policy({ formats: [json, html] })
    fc.assert(
      fc.property(
        fc.array(httpError({ details: jsonDetails, message: hostile }), { maxLength: 3 }),
        httpError({
          only: [
            'Internal',
            'BadGateway',
            'ServiceUnavailable',
            'GatewayTimeout',
            'NotImplemented',
          ],
          message: hostile.map((m) => SECRET + m),
          details: fc.constant({ secret: SECRET }),
          expose: fc.constant(false),
        }),
        fc.option(hostile, { nil: undefined }),
        (others, secret, requestId) => {
          const r = toResponse([...others, secret], { accept: chrome, requestId }, q)
          expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
          expect(r.body).not.toContain(SECRET)
        },
      ),
    )
  })

  it('the client law, any policy: decodeResponse(toResponse(es)) is the exposed part of es', () => {
    fc.assert(
      fc.property(
        anyPolicy(),
        fc.array(httpError({ details: jsonDetails, message: hostile }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(hostile, { nil: undefined }),
        (base, es, requestId) => {
          const q = { ...base, formats: [json, html], maxErrors: 100 }
          const r = toResponse(es, { accept: chrome, requestId }, q)
          expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
          expect(
            decodeResponse(r.status, r.body, { formats: [json, html], contentType: 'text/html' }),
          ).toStrictEqual(E.right(es.map((e) => exposed(e, q))))
        },
      ),
    )
  })
})

describe('html: errmap/openapi', () => {
  it('text/html is a string schema; the example is the page; the CSP an optional header', () => {
    const c = components(p)
    expect(c.schemas['ErrmapHtml']).toMatchObject({ type: 'string' })
    expect(Object.keys(c.schemas)).not.toContain('ErrmapBody.text.html')
    const r = c.responses['Errmap404']
    const media = r?.content['text/html']
    expect(media?.schema).toEqual({ $ref: '#/components/schemas/ErrmapHtml' })
    expect(media?.example).toBe(toResponse(notFound(), { accept: 'text/html' }, p).body)
    expect(r?.headers['Content-Security-Policy']).toMatchObject({
      required: false,
      example: "default-src 'none'",
    })
    // Every example validates against its schema.
    const compile = withDocument(newAjv(), { components: c })
    for (const [, response] of Object.entries(c.responses))
      for (const m of Object.values(response.content)) {
        const ref = (m.schema as { $ref?: string }).$ref
        if (ref === undefined) continue
        expect(compile(ref.slice(1))(m.example)).toBe(true)
      }
  })

  it('html alone: the CSP is on every response; a wrapped html is still html', () => {
    const only = policy({
      formats: [
        {
          ...html,
          headers: { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" },
        },
      ],
    })
    const c = components(only)
    expect(Object.keys(c.schemas)).toEqual(['ErrmapHtml'])
    expect(c.responses['Errmap401']?.headers['Content-Security-Policy']).toMatchObject({
      required: true,
      example: "default-src 'none'; frame-ancestors 'none'",
    })
  })

  it('a document with html validates (@seriousme/openapi-schema-validator)', async () => {
    const c = components(p)
    const doc = {
      openapi: '3.1.0',
      info: { title: 'pages', version: '1.0.0' },
      paths: {
        '/things/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              '200': { description: 'The thing.' },
              ...responses(p, ['NotFound', 'Internal']),
            },
          },
        },
      },
      components: { schemas: c.schemas, responses: c.responses },
    }
    const v = new Validator()
    const r = await v.validate(doc as unknown as Record<string, unknown>)
    expect([r.valid, r.errors]).toEqual([true, undefined])
  })
})

const samplesView: View = {
  tag: 'NotFound',
  status: 404 as ErrorStatus,
  code: 'NOT_FOUND',
  message: 'No user 42.',
  title: 'Not Found',
  details: { a: 1 },
  issues: undefined,
  omittedIssues: 0,
  exposed: true,
}
