import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import {
  badRequest,
  conflict,
  internal,
  json,
  messages,
  notFound,
  policy,
  problem,
  serviceUnavailable,
  toResponse,
  unprocessableContent,
  type MessageTable,
  type View,
} from 'errmap'
import { components } from 'errmap/openapi'
import { deny, settings } from 'errmap/graphql'
import {
  MAX_LANGUAGE_LENGTH,
  MAX_LANGUAGE_RANGES,
  isLanguageTag,
  languageRanges,
  lookupLanguage,
  parentOf,
} from '../src/internal/language.js'

// The longest tag a table may hold: 35 characters, the most `isLanguageTag` accepts.
const longestTag = `${'abcdefgh-'.repeat(3)}abcdefgh`

// A table of tags (as written) by their lower case, as `messages` compiles them.
const tagsOf = (...tags: ReadonlyArray<string>): ReadonlyMap<string, string> =>
  new Map(tags.map((t) => [t.toLowerCase(), t]))

const bodyOf = (r: { readonly body: string }): Record<string, unknown> =>
  JSON.parse(r.body) as Record<string, unknown>

describe('Accept-Language: parsing', () => {
  const cases: ReadonlyArray<readonly [string, unknown, ReadonlyArray<readonly [string, number]>]> =
    [
      ['one range', 'de', [['de', 1000]]],
      ['lower-cased', 'DE-ch', [['de-ch', 1000]]],
      [
        'weights, OWS around the semicolon',
        ' de-CH ;\tq=0.5 , en',
        [
          ['de-ch', 500],
          ['en', 1000],
        ],
      ],
      ['Q in upper case', 'fr;Q=0.25', [['fr', 250]]],
      [
        '1.000 and 0 are weights',
        'fr;q=1.000, de;q=0',
        [
          ['fr', 1000],
          ['de', 0],
        ],
      ],
      ['the wildcard', '*;q=0.1', [['*', 100]]],
      ['empty elements are skipped', ',, de ,,', [['de', 1000]]],
      ['a subtag of 8 characters', 'de-1901abcd', [['de-1901abcd', 1000]]],
      ['private use', 'x-klingon', [['x-klingon', 1000]]],
      ['q above 1', 'de;q=1.5', []],
      ['q=1.001', 'de;q=1.001', []],
      ['four decimals', 'de;q=0.1234', []],
      ['no leading digit', 'de;q=.5', []],
      ['an empty q', 'de;q=', []],
      ['a parameter that is not q', 'de;level=1', []],
      ['two weights', 'de;q=0.5;q=0.3', []],
      ['space around =', 'de;q = 0.5', []],
      ['an underscore', 'de_DE', []],
      ['a trailing hyphen', 'de-', []],
      ['a leading hyphen', '-de', []],
      ['a digit in the first subtag', 'd1', []],
      ['a first subtag of 9 letters', 'abcdefghi', []],
      ['a subtag of 9', 'de-abcdefghi', []],
      ['a wildcard subtag (not a basic range)', 'de-*', []],
      ['non-ASCII letters', 'dé', []],
      ['markup', '<script>alert(1)</script>', []],
      [
        'invalid ones among valid ones',
        'de_DE, fr;q=0.5, <x>, en',
        [
          ['fr', 500],
          ['en', 1000],
        ],
      ],
      ['not a string', 42, []],
      ['the empty header', '', []],
      // Pinned after the internal/language mutation run.
      ['q=1', 'de;q=1', [['de', 1000]]],
      ['q=0', 'de;q=0', [['de', 0]]],
      ['an upper-case Q', 'de;Q=0.5', [['de', 500]]],
      ['q=2', 'de;q=2', []],
      ['no dot after the digit', 'de;q=05', []],
      ['a letter among the decimals', 'de;q=0.5a', []],
      ['no ; before q', 'de xq=0.5', []],
      ['a parameter of one letter that is not q', 'de;x=0.5', []],
      ['q without =', 'de;qx0.5', []],
      ['a range that starts with a digit', '9;q=0.5', []],
      ['blank elements do not count towards the bound', `${' ,'.repeat(40)} de`, [['de', 1000]]],
    ]
  it.each(cases)('%s', (_name, header, expected) => {
    expect(languageRanges(header).map((r) => [r.range, r.q])).toEqual(expected)
  })

  it(`reads at most ${MAX_LANGUAGE_RANGES} elements, invalid ones included`, () => {
    const many = Array.from({ length: MAX_LANGUAGE_RANGES + 5 }, (_, i) => `l${'abcdefgh'[i % 8]}`)
    expect(languageRanges(many.join(','))).toHaveLength(MAX_LANGUAGE_RANGES)
    const invalid = Array.from({ length: MAX_LANGUAGE_RANGES }, () => 'x_y').join(',')
    expect(languageRanges(`${invalid}, de`)).toEqual([])
  })

  it(`reads at most ${MAX_LANGUAGE_LENGTH} characters; a range the bound cuts is ignored`, () => {
    const pad = ' '.repeat(MAX_LANGUAGE_LENGTH - 'fr, '.length - 2)
    expect(languageRanges(`fr, ${pad}de`).map((r) => r.range)).toEqual(['fr', 'de'])
    expect(languageRanges(`fr, ${pad}de-CH`).map((r) => r.range)).toEqual(['fr'])
    expect(languageRanges(`fr, ${pad} de`).map((r) => r.range)).toEqual(['fr'])
  })

  it('validates table tags', () => {
    for (const ok of [
      'de',
      'de-CH',
      'zh-Hant-CN',
      'sl-rozaj-biske',
      'x-private',
      'a'.repeat(8),
      longestTag,
    ])
      expect(isLanguageTag(ok), ok).toBe(true)
    for (const bad of ['', '*', 'de_CH', 'de-', '-de', 'de--CH', '1de', 'dé', 'a'.repeat(9), 42])
      expect(isLanguageTag(bad), String(bad)).toBe(false)
    expect(isLanguageTag(`de${'-abcdefgh'.repeat(4)}`)).toBe(false) // 38 characters
  })

  it('parents drop a singleton with the subtag after it (RFC 4647 §3.4)', () => {
    const chain = (t: string): ReadonlyArray<string> => {
      const out: Array<string> = []
      for (let p = parentOf(t); p !== undefined; p = parentOf(p)) out.push(p)
      return out
    }
    expect(chain('zh-hant-cn-x-private1-private2')).toEqual([
      'zh-hant-cn-x-private1',
      'zh-hant-cn',
      'zh-hant',
      'zh',
    ])
    expect(chain('de')).toEqual([])
    expect(chain('x-klingon')).toEqual([])
  })

  // Any string, and strings of the header's own pieces.
  const headerish = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          'de',
          'CH',
          '1996',
          '-',
          ';',
          'q=',
          'Q=',
          '0.5',
          '1',
          ',',
          ' ',
          '\t',
          '*',
          'é',
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join('')),
  )

  it('is total on any string', () => {
    fc.assert(
      fc.property(headerish, (s) => {
        const ranges = languageRanges(s)
        expect(ranges.length).toBeLessThanOrEqual(MAX_LANGUAGE_RANGES)
        for (const r of ranges) {
          expect(r.range === '*' || r.range.length > 35 || isLanguageTag(r.range)).toBe(true)
          expect(r.range).toBe(r.range.toLowerCase())
          expect(r.q >= 0 && r.q <= 1000 && Number.isInteger(r.q)).toBe(true)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('is linear: hostile headers of 100 KB take no longer than a short one times their length', () => {
    const tags = tagsOf('de', 'zh-Hant', 'en-GB')
    const k = 100_000
    const hostile = [
      'a'.repeat(k),
      '-'.repeat(k),
      'a-'.repeat(k / 2),
      `${'a-'.repeat(k / 2 - 1)}b`,
      ','.repeat(k),
      ' '.repeat(k),
      ';'.repeat(k),
      'de;q=0.5, '.repeat(k / 10),
      `zh-${'hant-'.repeat(k / 5 - 1)}cn`,
      `zh${'-x-a'.repeat(k / 4)}`,
      `de;q=0.${'1'.repeat(k)}`,
      `${'q=0;'.repeat(k / 4)}`,
      `${'de-ch;q=0,'.repeat(MAX_LANGUAGE_RANGES - 1)}de-${'a1'.repeat(k / 2)}`,
    ]
    for (const h of hostile) {
      const start = performance.now()
      for (let i = 0; i < 10; i++) lookupLanguage(h, tags)
      expect(performance.now() - start, h.slice(0, 20)).toBeLessThan(500)
    }
  })
})

describe('Accept-Language: lookup (RFC 4647 §3.4)', () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string, string | undefined]> =
    [
      // §3.4's example: zh-Hant-CN-x-private1-private2 falls back step by step.
      [
        'the range itself',
        ['zh-Hant-CN-x-private1-private2', 'zh'],
        'zh-Hant-CN-x-private1-private2',
        'zh-Hant-CN-x-private1-private2',
      ],
      [
        'a private use subtag removed',
        ['zh-Hant-CN-x-private1', 'zh'],
        'zh-Hant-CN-x-private1-private2',
        'zh-Hant-CN-x-private1',
      ],
      [
        'the singleton goes with it',
        ['zh-Hant-CN', 'zh-Hant-CN-x'],
        'zh-Hant-CN-x-private1-private2',
        'zh-Hant-CN',
      ],
      ['the script', ['zh-Hant', 'zh'], 'zh-Hant-CN-x-private1-private2', 'zh-Hant'],
      ['the language', ['zh', 'en'], 'zh-Hant-CN-x-private1-private2', 'zh'],
      // §3.4: "de-ch" can produce de or de-CH, never de-CH-1996.
      ['never a longer tag', ['de-CH-1996'], 'de-ch', undefined],
      ['de-ch to de-CH', ['de-CH-1996', 'de-CH', 'de'], 'de-ch', 'de-CH'],
      ['de-ch to de', ['de-CH-1996', 'de'], 'de-ch', 'de'],
      // The order of the ranges.
      ['ties keep the header order', ['de', 'fr'], 'fr, de', 'fr'],
      ['ties keep the header order (2)', ['de', 'fr'], 'de, fr', 'de'],
      ['higher q first', ['de', 'fr'], 'fr;q=0.5, de;q=0.8', 'de'],
      ['a range is truncated before a lower one is tried', ['de', 'fr'], 'de-CH, fr;q=0.9', 'de'],
      ['an unknown range is skipped', ['fr'], 'ja, fr;q=0.1', 'fr'],
      // The wildcard and q=0.
      ['* is ignored', ['de'], '*', undefined],
      ['* is ignored among others', ['de', 'fr'], '*, fr;q=0.5', 'fr'],
      ['q=0 excludes', ['de'], 'de;q=0', undefined],
      ['q=0 excludes a fallback', ['de'], 'de-CH, de;q=0', undefined],
      ['q=0 excludes what it prefixes', ['de-CH'], 'de-CH-1996, de;q=0', undefined],
      ['a more specific range overrides q=0', ['de-CH'], 'de;q=0, de-CH', 'de-CH'],
      ['a more specific range overrides q=0 (2)', ['de', 'de-CH'], 'de-CH, de;q=0', 'de-CH'],
      ['the first of two equal ranges counts', ['de'], 'de, de;q=0', 'de'],
      ['*;q=0 excludes nothing', ['de'], 'de-CH, *;q=0', 'de'],
      ['q=0 excludes only at a subtag boundary', ['de'], 'de-CH, d;q=0', 'de'],
      [
        'q=0 on a one-letter range excludes what it prefixes',
        ['x-klingon'],
        'x-klingon-a, x;q=0',
        undefined,
      ],
      // Length.
      ['a tag of 35 characters', [longestTag], longestTag, longestTag],
      // Case.
      ['any case, the table’s spelling', ['de-CH'], 'DE-ch', 'de-CH'],
      ['the table’s spelling in upper case', ['EN-gb'], 'en-GB', 'EN-gb'],
      ['nothing', ['de'], '', undefined],
      ['an empty table', [], 'de', undefined],
    ]
  it.each(cases)('%s', (_name, table, header, expected) => {
    expect(lookupLanguage(header, tagsOf(...table))).toBe(expected)
  })

  const tag = fc
    .tuple(
      fc.constantFrom('de', 'fr', 'en', 'zh', 'x', 'i'),
      fc.array(fc.constantFrom('CH', 'DE', 'Hant', '1996', 'x', 'a', 'private1'), {
        maxLength: 4,
      }),
    )
    .map(([l, rest]) => [l, ...rest].join('-'))
  const noise = fc.constantFrom('*', ';q=0', ';q=0.5', ',', ' ', '_', ';q=1.5', '-', 'Q=0.3')

  it('returns only tags of the table, as the table writes them', () => {
    fc.assert(
      fc.property(
        fc.array(tag, { maxLength: 6 }),
        fc.array(fc.oneof(tag, noise, fc.string({ maxLength: 8 })), { maxLength: 30 }),
        (table, parts) => {
          const written = table.map((t, i) => (i % 2 === 0 ? t.toUpperCase() : t))
          const tags = tagsOf(...written)
          const l = lookupLanguage(parts.join(''), tags)
          if (l !== undefined) expect([...tags.values()]).toContain(l)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('finds a tag of the table that the header names with q > 0', () => {
    fc.assert(
      fc.property(fc.array(tag, { minLength: 1, maxLength: 6 }), fc.nat(), (table, i) => {
        const t = table[i % table.length] as string
        expect(
          lookupLanguage(`ja, ${t.toUpperCase()};q=0.001`, tagsOf(...table))?.toLowerCase(),
        ).toBe(
          // An earlier tag of the table may spell it in another case.
          t.toLowerCase(),
        )
      }),
    )
  })
})

describe('messages', () => {
  const p = policy({
    formats: [json, problem],
    messages: messages({
      de: {
        NOT_FOUND: { message: 'Nicht gefunden.', title: 'Nicht gefunden' },
        BAD_REQUEST: 'Ungültige Anfrage.',
        UNPROCESSABLE_CONTENT: (v) => `${v.issues?.length ?? 0} Fehler`,
        '*': { title: 'Fehler' },
      },
      'de-CH': { NOT_FOUND: 'Nöd gfunde.', CONFLICT: { title: 'Konflikt' } },
      fr: { '*': (v) => `Erreur ${v.status}` },
    }),
  })
  const problemIn = (e: Parameters<typeof toResponse>[0], acceptLanguage?: string) =>
    bodyOf(toResponse(e, { accept: 'application/problem+json', acceptLanguage }, p))

  it('translates message and title, and names the language', () => {
    const r = toResponse(
      notFound('No user 42.'),
      { accept: 'application/problem+json', acceptLanguage: 'de' },
      p,
    )
    expect(r.headers['content-language']).toBe('de')
    expect(r.headers['vary']).toBe('Accept, Accept-Language')
    expect(bodyOf(r)).toMatchObject({ title: 'Nicht gefunden', detail: 'Nicht gefunden.' })
  })

  it('falls back field by field: the code in de-CH, then in de, then * in de-CH, then * in de', () => {
    // de-CH's message, de's title.
    expect(problemIn(notFound('x'), 'de-CH')).toMatchObject({
      title: 'Nicht gefunden',
      detail: 'Nöd gfunde.',
    })
    // Only de lists BAD_REQUEST; the title is de's `*`.
    expect(problemIn(badRequest('x'), 'de-CH')).toMatchObject({
      title: 'Fehler',
      detail: 'Ungültige Anfrage.',
    })
    // de-CH's title; no message anywhere: the error's own.
    expect(problemIn(conflict('Taken.'), 'de-CH')).toMatchObject({
      title: 'Konflikt',
      detail: 'Taken.',
    })
    // de has no CONFLICT: its `*` title, the error's own message.
    expect(problemIn(conflict('Taken.'), 'de')).toMatchObject({ title: 'Fehler', detail: 'Taken.' })
    // fr's `*` is a message function.
    expect(problemIn(conflict('Taken.'), 'fr')).toMatchObject({
      title: 'Conflict',
      detail: 'Erreur 409',
    })
  })

  it('a function sees the exposed view', () => {
    const e = unprocessableContent([
      { path: '/a', message: 'required' },
      { path: '/b', message: 'required' },
    ])
    expect(problemIn(e, 'de')).toMatchObject({ detail: '2 Fehler', title: 'Fehler' })
  })

  it('no language matches: nothing translated, no Content-Language, Vary still names it', () => {
    for (const acceptLanguage of [undefined, 'ja', '*', 'de;q=0']) {
      const r = toResponse(notFound('No user 42.'), { acceptLanguage }, p)
      expect(bodyOf(r)).toEqual({ message: 'No user 42.', code: 'NOT_FOUND' })
      expect(r.headers['content-language']).toBeUndefined()
      expect(r.headers['vary']).toBe('Accept, Accept-Language')
    }
    const one = policy({ formats: [json], messages: messages({ de: {} }) })
    expect(toResponse(notFound(), {}, one).headers['vary']).toBe('Accept-Language')
  })

  it('a masked 5xx: the translated standard text, or the English one; never its own message', () => {
    const t = policy({
      messages: messages({ de: { INTERNAL_SERVER_ERROR: 'Interner Fehler.' }, fr: {} }),
    })
    const secret = internal('password=hunter2')
    expect(bodyOf(toResponse(secret, { acceptLanguage: 'de' }, t))).toEqual({
      message: 'Interner Fehler.',
      code: 'INTERNAL_SERVER_ERROR',
    })
    const fr = toResponse(secret, { acceptLanguage: 'fr' }, t)
    expect(bodyOf(fr)).toEqual({ message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' })
    // Nothing of the body is French: no Content-Language says it is (nor <html lang>).
    expect(fr.headers['content-language']).toBeUndefined()
    expect(fr.headers['vary']).toBe('Accept, Accept-Language')
  })

  it('translates every error of a response', () => {
    const r = toResponse([badRequest('a'), notFound('b')], { acceptLanguage: 'de' }, p)
    expect(bodyOf(r)['errors']).toEqual([
      { status: 400, message: 'Ungültige Anfrage.', code: 'BAD_REQUEST' },
      { status: 404, message: 'Nicht gefunden.', code: 'NOT_FOUND' },
    ])
  })

  it('looks codes up after the policy’s renames', () => {
    const t = policy({
      codes: { NOT_FOUND: 'NO_SUCH_THING' },
      messages: messages({ de: { NOT_FOUND: 'alt', NO_SUCH_THING: 'neu' } }),
    })
    expect(bodyOf(toResponse(notFound(), { acceptLanguage: 'de' }, t))['message']).toBe('neu')
  })

  it('caps translations like messages', () => {
    const t = policy({
      maxMessageLength: 5,
      messages: messages({ de: { NOT_FOUND: 'Nicht gefunden.' } }),
    })
    expect(bodyOf(toResponse(notFound(), { acceptLanguage: 'de' }, t))['message']).toBe('Nicht…')
  })

  it('functions that throw, or answer anything but a non-empty string, keep the error’s own', () => {
    const bad: ReadonlyArray<(v: View) => string> = [
      () => {
        throw new Error('boom')
      },
      () => 42 as unknown as string,
      () => '',
      () => undefined as unknown as string,
      () => ({ toString: () => 'x' }) as unknown as string,
    ]
    for (const f of bad) {
      const t = policy({
        formats: [problem],
        messages: messages({ de: { CONFLICT: { message: f, title: 'Konflikt' } } }),
      })
      expect(bodyOf(toResponse(conflict('Taken.'), { acceptLanguage: 'de' }, t))).toMatchObject({
        detail: 'Taken.',
        title: 'Konflikt',
      })
    }
  })

  it('functions see one frozen copy of the view, never the caller’s view, which stays as it was', () => {
    const seen: Array<unknown> = []
    const text = (s: string) => (v: View) => (seen.push(v), s)
    const t = messages({ de: { NOT_FOUND: { message: text('m'), title: text('t') } } })
    const view = { code: 'NOT_FOUND', message: 'x' } as View
    expect(t.translate(view, 'de')).toEqual({ message: 'm', title: 't' })
    expect(seen.map((v) => [v === view, Object.isFrozen(v), (v as View).code])).toEqual([
      [false, true, 'NOT_FOUND'],
      [false, true, 'NOT_FOUND'],
    ])
    expect(seen[0]).toBe(seen[1])
    expect(Object.isFrozen(view)).toBe(false)
  })

  it('a function cannot change the response through its argument', () => {
    const t = policy({
      messages: messages({
        de: {
          CONFLICT: (v) => {
            try {
              ;(v as { code: string }).code = 'HACKED'
            } catch {
              // frozen
            }
            return 'Konflikt.'
          },
        },
      }),
    })
    expect(bodyOf(toResponse(conflict('x'), { acceptLanguage: 'de' }, t))).toEqual({
      message: 'Konflikt.',
      code: 'CONFLICT',
    })
  })

  it('reads the table once: later changes do not matter, a throwing getter drops its entry', () => {
    let calls = 0
    const de: Record<string, unknown> = { CONFLICT: 'Konflikt.' }
    Object.defineProperty(de, 'NOT_FOUND', {
      enumerable: true,
      get: () => (++calls === 1 ? 'Nicht gefunden.' : 'changed'),
    })
    Object.defineProperty(de, 'BAD_REQUEST', {
      enumerable: true,
      get: () => {
        throw new Error('getter')
      },
    })
    const table: Record<string, unknown> = { de }
    const t = policy({ messages: messages(table as MessageTable) })
    de['CONFLICT'] = 'Geändert.'
    table['fr'] = { NOT_FOUND: 'Introuvable.' }
    const say = (e: Parameters<typeof toResponse>[0], l: string) =>
      bodyOf(toResponse(e, { acceptLanguage: l }, t))['message']
    expect([say(notFound(), 'de'), say(notFound(), 'de'), calls]).toEqual([
      'Nicht gefunden.',
      'Nicht gefunden.',
      1,
    ])
    expect(say(conflict('Taken.'), 'de')).toBe('Konflikt.')
    expect(say(badRequest('Bad.'), 'de')).toBe('Bad.')
    expect(say(notFound('No.'), 'fr')).toBe('No.')
  })

  it('ignores invalid tags and values, and keeps the first spelling of a tag', () => {
    const t = messages({
      de_DE: { NOT_FOUND: 'a' },
      '*': { NOT_FOUND: 'b' },
      [`de${'-abcdefgh'.repeat(4)}`]: { NOT_FOUND: 'c' },
      De: { NOT_FOUND: 'De' },
      dE: { NOT_FOUND: 'dE' },
      fr: 'not a record' as unknown as Record<string, string>,
      it: { NOT_FOUND: 42 as unknown as string, CONFLICT: { message: null as unknown as string } },
    })
    expect(t.languages).toEqual(['De', 'fr', 'it'])
    expect(t.lookup('de-DE')).toBe('De')
    expect(t.translate({ code: 'NOT_FOUND' } as View, 'de')).toEqual({
      message: 'De',
      title: undefined,
    })
    expect(t.translate({ code: 'NOT_FOUND' } as View, 'it')).toBeUndefined()
    expect(t.translate({ code: 'CONFLICT' } as View, 'it')).toBeUndefined()
  })

  it('is total on hostile tables and arguments', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('ownKeys')
        },
      },
    )
    for (const table of [trap, null, undefined, 42, 'de', [], { de: trap }, { de: null }])
      expect(() => messages(table as unknown as MessageTable)).not.toThrow()
    const t = messages({ de: { NOT_FOUND: 'x' } })
    const hostile = new Proxy({} as View, {
      get: () => {
        throw new Error('get')
      },
    })
    expect(t.translate(hostile, 'de')).toBeUndefined()
    expect(t.translate(null as unknown as View, 'de')).toBeUndefined()
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    expect(t.translate(revoked.proxy as View, 'de')).toBeUndefined()
    expect(t.translate({ code: 'NOT_FOUND' } as View, 42 as unknown as string)).toBeUndefined()
    // Not a view at all: nothing to translate, even where a catch-all text would answer any.
    const any = messages({ de: { '*': 'Fehler', NOT_FOUND: 'x' } })
    expect(any.translate({} as View, 'de')).toEqual({ message: 'Fehler', title: undefined })
    for (const v of [null, 7, 'NOT_FOUND', [], () => 0])
      expect(any.translate(v as unknown as View, 'de')).toBeUndefined()
    expect(t.lookup(undefined as unknown as string)).toBeUndefined()
  })

  it('caches lookups per header, bounded', () => {
    const t = messages({ de: {}, fr: {} })
    for (let i = 0; i < 200; i++) expect(t.lookup(`x${i}, fr`)).toBe('fr')
    const long = `${'ja, '.repeat(2000)}de`
    expect(t.lookup(long)).toBeUndefined()
    expect(t.lookup('de')).toBe('de')
  })

  it('never shows a masked error’s internal message, whatever the table says', () => {
    const secret = 'hunter2-7f3a'
    const text = fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => !s.includes('hunter2')),
      fc.constant((v: View) => v.message),
      fc.constant((v: View) => JSON.stringify(v)),
      fc.constant((v: View) => `${v.title} ${String(v.details)} ${JSON.stringify(v.issues)}`),
      fc.constant((): string => {
        throw new Error(secret)
      }),
      fc.constant(() => 7 as unknown as string),
    )
    const entry = fc.oneof(text, fc.record({ message: text, title: text }, { requiredKeys: [] }))
    const code = fc.constantFrom('INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', '*', 'NOT_FOUND')
    const table = fc.dictionary(
      fc.constantFrom('de', 'de-CH', 'fr', 'en'),
      fc.dictionary(code, entry, { maxKeys: 4 }),
      { maxKeys: 4 },
    )
    const accept = fc.constantFrom(
      undefined,
      'application/problem+json',
      'application/graphql-response+json',
    )
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('de', 'de-CH-1996', 'fr, de', 'en;q=0.3', '*'),
        accept,
        (tbl, l, a) => {
          const t = policy({ messages: messages(tbl as MessageTable) })
          for (const e of [
            internal(`db at ${secret}`, { details: { secret } }),
            serviceUnavailable(`upstream ${secret}`),
            new Error(`thrown ${secret}`),
          ]) {
            const r = toResponse(
              e as Parameters<typeof toResponse>[0],
              { accept: a, acceptLanguage: l },
              t,
            )
            expect(r.body).not.toContain('hunter2')
            expect(JSON.stringify(r.headers)).not.toContain('hunter2')
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('messages elsewhere', () => {
  const t = messages({
    de: { NOT_FOUND: { message: 'Nicht gefunden.', title: 'Nicht gefunden' } },
    fr: {},
  })

  it('the policy keeps the translator’s languages', () => {
    expect(policy({ messages: t }).messages?.languages).toEqual(['de', 'fr'])
  })

  it('the policy takes only a translator `messages` made: a look-alike is no translator', () => {
    const forged = { message: 'forged', title: 'forged' }
    const lookAlike = {
      ...t,
      translate: () => forged,
      localize: () => ({ language: 'de', views: [forged] }),
    }
    const p = policy({ messages: lookAlike as unknown as typeof t })
    expect(p.messages).toBeUndefined()
    const r = toResponse(notFound('x'), { acceptLanguage: 'de' }, p)
    expect(r.headers['content-language']).toBeUndefined()
    expect(bodyOf(r)).toEqual({ message: 'x', code: 'NOT_FOUND' })
  })

  it('OpenAPI: no constant title, Content-Language and Vary described', () => {
    const plain = components(policy({ formats: [json, problem] }))
    const translated = components(policy({ formats: [json, problem], messages: t }))
    const problemSchema = (c: typeof plain) =>
      c.responses['Errmap404']?.content['application/problem+json']?.schema
    expect(JSON.stringify(problemSchema(plain))).toContain('"title":{"const":"Not Found"}')
    expect(JSON.stringify(problemSchema(translated))).not.toContain('"title"')
    expect(translated.schemas['ErrmapProblem']?.['properties']).toMatchObject({
      title: { description: expect.stringMatching(/translation/) },
    })
    const headers = translated.responses['Errmap404']?.headers
    expect(headers?.['Content-Language']).toMatchObject({ required: false, example: 'de' })
    expect(headers?.['Vary']).toMatchObject({
      required: true,
      example: 'Accept, Accept-Language',
      description: expect.stringMatching(/Accept-Language/),
    })
    expect(plain.responses['Errmap404']?.headers['Content-Language']).toBeUndefined()
  })

  it('errmap/graphql does not translate', () => {
    const s = settings({ policy: policy({ messages: t }) })
    const r = deny(notFound('No user 42.'), { accept: 'application/json', acceptLanguage: 'de' }, s)
    expect(JSON.parse(r.body)).toEqual({
      errors: [{ message: 'No user 42.', extensions: { code: 'NOT_FOUND' } }],
    })
    expect(r.headers['content-language']).toBeUndefined()
    expect(r.headers['vary']).toBe('Accept')
  })
})
