/**
 * The error catalog: every code a policy can answer with (after renames and remaps, and
 * the user's own), its problem `type` URI as the policy writes it; the Markdown and HTML
 * renderers escape every text; the default policy's catalog under docs/ is current.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import {
  defaultPolicy,
  json,
  policy,
  problem,
  tags,
  toResponse,
  variants,
  type ErrorStatus,
} from '../../src/index.js'
import { ndc, openapiRest } from '../../src/profiles/index.js'
import {
  catalog,
  catalogHtml,
  catalogMarkdown,
  entryAt,
  type CatalogEntry,
} from '../../src/openapi/index.js'

// The first status of an entry (every entry has one).
const first = (statuses: unknown): ErrorStatus =>
  (statuses as ReadonlyArray<ErrorStatus>)[0] as ErrorStatus

const docs = fileURLToPath(new URL('../../docs/ERRORS.md', import.meta.url))

describe('catalog', () => {
  it('the default policy: one entry per variant, its status, masked 5xx, about:blank', () => {
    const c = catalog()
    expect(c.typeBase).toBeUndefined()
    expect(c.entries.map((e) => [e.code, e.statuses, e.variants, e.masked, e.type])).toEqual(
      tags
        .filter((t) => t !== 'Custom')
        .map((t) => [
          variants[t].code,
          [variants[t].status],
          [t],
          variants[t].status >= 500,
          'about:blank',
        ])
        .sort((a, b) => first(a[1]) - first(b[1])),
    )
    expect(entryAt(c, 'about:blank')).toBeUndefined()
  })

  it('type URIs are what the policy writes, ids what follows the base', () => {
    for (const base of ['https://errors.example.com/', 'https://example.com/errors#', 'urn:e:']) {
      const p = policy({ formats: [json, problem({ typeBase: base })] })
      const c = catalog(p)
      expect(c.typeBase).toBe(base)
      for (const e of c.entries) {
        const written = JSON.parse(
          toResponse(
            { _tag: 'Custom', status: first(e.statuses), code: e.code, message: '' },
            { accept: 'application/problem+json' },
            p,
          ).body,
        ) as { type: string }
        expect([e.type, e.id]).toEqual([written.type, written.type.slice(base.length)])
        expect(entryAt(c, String(e.type))).toBe(e)
      }
    }
  })

  it('renames, remaps, codes shared by variants, your own codes and descriptions', () => {
    const p = policy({
      formats: [problem({ typeBase: '/errors/' })],
      codes: { NOT_FOUND: 'MISSING', GONE: 'MISSING' },
      status: { NotImplemented: 412 },
    })
    const c = catalog(p, {
      codes: {
        MISSING: { title: 'Missing', description: 'Nothing is here.' },
        PAYMENT_REQUIRED: { status: 402, description: 'The trial has ended.' },
      },
    })
    const byCode = Object.fromEntries(c.entries.map((e) => [e.code, e]))
    expect(byCode['MISSING']).toEqual({
      code: 'MISSING',
      statuses: [404, 410],
      title: 'Missing',
      description: 'Nothing is here.',
      masked: false,
      variants: ['NotFound', 'Gone'],
      type: '/errors/missing',
      id: 'missing',
    })
    expect(byCode['NOT_IMPLEMENTED']?.statuses).toEqual([412])
    // The default masking looks at the variant's own status too: a remap never unmasks a 5xx.
    expect(byCode['NOT_IMPLEMENTED']?.masked).toBe(true)
    expect(byCode['PAYMENT_REQUIRED']).toMatchObject({ statuses: [402], variants: ['Custom'] })
    expect(entryAt(c, '/errors/payment-required')?.code).toBe('PAYMENT_REQUIRED')
    // A base that is no URL: entries are found by their `type` only.
    const odd = catalog(policy({ formats: [problem({ typeBase: 'http://[/' })] }))
    expect(entryAt(odd, 'http://[/not-found')?.code).toBe('NOT_FOUND')
    expect(entryAt(odd, '/not-found')).toBeUndefined()
    const firsts = c.entries.map((e) => first(e.statuses))
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b))
  })

  it('the seed profiles: openapiRest answers UNPROCESSABLE_CONTENT with 400 and 422; ndc has no problem type', () => {
    const rest = catalog(openapiRest)
    expect(rest.entries.find((e) => e.code === 'UNPROCESSABLE_CONTENT')?.statuses).toEqual([
      400, 422,
    ])
    expect(rest.entries.some((e) => e.statuses.includes(501))).toBe(false)
    const n = catalog(ndc)
    expect(n.typeBase).toBeUndefined()
    expect(n.entries.every((e) => e.type === undefined)).toBe(true)
    expect(n.entries.find((e) => e.code === 'NOT_IMPLEMENTED')?.masked).toBe(false)
  })
})

describe('renderers', () => {
  const hostile = '<script>alert(1)</script> | *x* [a](javascript:b) & "q" \'s\'\nnext'
  const p = policy({
    formats: [problem({ typeBase: 'https://e.example/"><script>#' })],
    codes: { NOT_FOUND: '<img src=x onerror=alert(1)>' },
  })
  const c = catalog(p, {
    codes: { '<img src=x onerror=alert(1)>': { title: '<b>t</b>', description: hostile } },
  })

  it('HTML: every text and attribute escaped, no script, one section per entry', () => {
    for (const page of [
      catalogHtml(c, { title: '<i>T</i>' }),
      catalogHtml(c, { only: c.entries[3] as CatalogEntry }),
    ]) {
      expect(page).not.toMatch(/<script|<img|<b>|<i>|javascript:b\)<|onerror=alert\(1\)>/)
      expect(page).toMatch(/^<!doctype html>/)
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
    }
    const page = catalogHtml(c)
    expect(page).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; | *x* [a](javascript:b) &amp; &quot;q&quot; &#39;s&#39;',
    )
    expect(page).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>')
    for (const e of c.entries)
      expect(page).toContain(`<section id="${e.id.replace(/"/g, '&quot;')}">`)
    expect(page.match(/<section /g)).toHaveLength(c.entries.length)
    expect(catalogHtml(c, { only: c.entries[0] as CatalogEntry }).match(/<section /g)).toHaveLength(
      1,
    )
  })

  it('HTML: errmap texts show their code spans; masked entries say so', () => {
    const page = catalogHtml(catalog())
    expect(page).toContain('<code>WWW-Authenticate</code>')
    expect(page).toContain('<p class="masked">Masked:')
    expect(page).toContain('<section id="internal-server-error">')
  })

  it('Markdown: every text escaped, anchors by id', () => {
    const text = catalogMarkdown(c, 'Errors <x>')
    expect(text).toContain('# Errors &lt;x>')
    expect(text).toContain(
      '&lt;script>alert(1)&lt;/script> \\| \\*x\\* \\[a\\](javascript:b) &amp; "q" \'s\' next',
    )
    expect(text).not.toMatch(/<script|<img/)
    expect(text).toContain(
      '| 404 | [&lt;img src=x onerror=alert(1)>](#img-src-x-onerror-alert-1) | &lt;b>t&lt;/b> |',
    )
  })

  it('docs/ERRORS.md is the default policy catalog (UPDATE_DOCS=1 rewrites it)', async () => {
    // As the generator writes it, laid out as the repository's prettier lays out Markdown.
    const current = await format(
      catalogMarkdown(catalog(defaultPolicy), 'Errors of the default policy'),
      { ...(await resolveConfig(docs)), parser: 'markdown' },
    )
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(docs, current)
    expect(readFileSync(docs, 'utf8')).toBe(current)
  })
})

describe('entryAt, from review', () => {
  it('with a fragment typeBase, a path names no entry; the whole URI names one', () => {
    const c = catalog(policy({ formats: [problem({ typeBase: 'https://example.com/errors#' })] }))
    expect(entryAt(c, '/errors')).toBeUndefined()
    expect(entryAt(c, 'https://example.com/errors#not-found')?.code).toBe('NOT_FOUND')
  })
})
