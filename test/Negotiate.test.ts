import { describe, it, expect } from 'vitest'
import * as fc from 'fast-check'
import Negotiator from 'negotiator'
import {
  MAX_ACCEPT_LENGTH,
  MAX_MEDIA_RANGES,
  MAX_RANGE_PARAMETERS,
  negotiate,
} from '../src/internal/negotiate.js'

const JSON_ = 'application/json'
const PROBLEM = 'application/problem+json'
const GRAPHQL = 'application/graphql-response+json'
const ALL = [JSON_, PROBLEM, GRAPHQL] as const

/**
 * What Express and Koa pick for the types as errmap sends them, with `; charset=utf-8`: `accepts`
 * returns the first type for a missing or empty header and asks `negotiator` otherwise. The empty
 * header is the one deliberate difference from calling `negotiator` directly, which finds nothing
 * acceptable in `''`.
 */
const reference = (accept: string | undefined, available: ReadonlyArray<string>): number => {
  if (accept === '') return available.length > 0 ? 0 : -1
  const sent = available.map((t) => `${t}; charset=utf-8`)
  const best = new Negotiator({ headers: { accept } }).mediaTypes(sent)[0]
  return best === undefined ? -1 : sent.indexOf(best)
}

describe('negotiate', () => {
  const cases: ReadonlyArray<
    readonly [
      name: string,
      accept: string | undefined,
      available: ReadonlyArray<string>,
      expected: number,
    ]
  > = [
    // missing, empty, nothing to choose from
    ['a missing header picks the server default', undefined, ALL, 0],
    [
      'a missing header picks the server default whatever the order',
      undefined,
      [GRAPHQL, JSON_],
      0,
    ],
    ['an empty header picks the server default (as accepts does)', '', [PROBLEM, JSON_], 0],
    ['nothing is acceptable when nothing is available', 'application/json', [], -1],
    ['a missing header with nothing available is -1', undefined, [], -1],
    ['an empty header with nothing available is -1', '', [], -1],
    ['a header of whitespace accepts nothing', '  \t ', ALL, -1],
    ['a header of commas accepts nothing', ' , ,, ', ALL, -1],
    // exact types
    ['an exact type is picked', 'application/problem+json', ALL, 1],
    [
      'an exact type is picked among others',
      'text/html, application/graphql-response+json',
      ALL,
      2,
    ],
    ['an unavailable type accepts nothing', 'text/html', ALL, -1],
    ['types compare case-insensitively', 'Application/Problem+JSON', ALL, 1],
    [
      'the Kelvin sign lower cases to k, as in negotiator',
      'application/\u212aind',
      ['application/kind'],
      0,
    ],
    ['a dotted I does not match an i', 'appl\u0130cation/json', ALL, -1],
    // wildcards
    ['*/* accepts the server default', '*/*', [PROBLEM, JSON_, GRAPHQL], 0],
    ['application/* accepts the server default', 'application/*', [GRAPHQL, JSON_], 0],
    ['text/* accepts none of the JSON types', 'text/*', ALL, -1],
    ['*/json matches the json subtype', '*/json', ALL, 0],
    ['*/problem+json matches the problem subtype', '*/problem+json', ALL, 1],
    ['a more specific range beats a wildcard at equal q', '*/*, application/problem+json', ALL, 1],
    [
      'a wildcard with a higher q beats an exact type',
      'application/json;q=0.5, */*',
      [JSON_, PROBLEM],
      1,
    ],
    ['a bare * is not a media range', '*', ALL, -1],
    ['a type without subtype is not a media range', 'application', ALL, -1],
    ['an empty subtype matches nothing', 'application/', ALL, -1],
    ['an empty type matches nothing', '/json', ALL, -1],
    ['a second slash belongs to the subtype', 'application/json/x', ALL, -1],
    ['spaces around the slash make the type not match', 'application / json', ALL, -1],
    // q values
    ['the higher q wins', 'application/json;q=0.4, application/problem+json;q=0.8', ALL, 1],
    ['q defaults to 1', 'application/json;q=0.999, application/problem+json', ALL, 1],
    ['q=0 excludes a type', 'application/json;q=0', [JSON_], -1],
    [
      'q=0 on an exact type excludes it from a wildcard',
      '*/*, application/json;q=0',
      [JSON_, PROBLEM],
      1,
    ],
    ['q=0.000 excludes', 'application/json;q=0.000', [JSON_], -1],
    ['a negative q excludes', 'application/json;q=-1', [JSON_], -1],
    ['an unreadable q excludes', 'application/json;q=abc', [JSON_], -1],
    ['an empty q means 1', 'application/json;q=0.5, application/problem+json;q=', ALL, 1],
    ['q is read like parseFloat', 'application/json;q=0.5x, application/problem+json;q=.7', ALL, 1],
    [
      'q above 1 is kept, as in negotiator',
      'application/json;q=2, application/problem+json',
      ALL,
      0,
    ],
    ['q may be quoted', 'application/json;q="0.1", application/problem+json;q="0.2"', ALL, 1],
    [
      'q may be quoted with escapes',
      'application/json;q="0\\.3", application/problem+json;q=0.2',
      ALL,
      0,
    ],
    ['an empty quoted q means 1', 'application/json;q=0.5, application/problem+json;q=""', ALL, 1],
    ['the first q wins', 'application/json;q=0;q=1', [JSON_], -1],
    ['Q is q', 'application/json;Q=0', [JSON_], -1],
    [
      'an unreadable q excludes, even where a less specific range accepts',
      'application/*;q=x, */*;q=0.1',
      [JSON_],
      -1,
    ],
    [
      'an unreadable q ties with any q: a later range replaces it',
      'application/json;q=x, application/json;q=0.5',
      [JSON_],
      0,
    ],
    [
      'an unreadable q ties with any q: it replaces an earlier range',
      'application/json;q=0.5, application/json;q=x',
      [JSON_],
      -1,
    ],
    // ties
    [
      'equal q and specificity: the earlier range wins',
      'application/problem+json, application/json',
      ALL,
      1,
    ],
    [
      'equal q and specificity from one wildcard: server order wins',
      'application/*',
      [PROBLEM, JSON_],
      0,
    ],
    [
      'a later, equally specific range replaces an earlier one for the same type',
      'application/json;q=0.1, application/json',
      [JSON_, PROBLEM],
      0,
    ],
    [
      'an earlier higher q is kept over a later equally specific range',
      'application/json, application/json;q=0',
      [JSON_],
      0,
    ],
    ['specificity beats q for the same type', 'application/json, */*;q=0', [JSON_], 0],
    [
      'specificity beats q, even when the specific q is 0',
      'application/json;q=0, */*',
      [JSON_],
      -1,
    ],
    ['duplicate available types: the first wins', 'application/json', [JSON_, JSON_], 0],
    // a header that is exactly one available type (a shortcut)
    ['a header equal to the last available type picks it', GRAPHQL, ALL, 2],
    [
      'a header equal to an available type picks the first type equal ignoring case',
      'application/json',
      [PROBLEM, 'APPLICATION/JSON', JSON_],
      1,
    ],
    [
      'a header equal to an available type picks the first one equal after Kelvin folding',
      'application/\u212aind',
      ['application/kind', 'application/\u212aind'],
      0,
    ],
    [
      'a header equal to an available wildcard type picks it over the types it covers',
      'application/*',
      [JSON_, 'application/*'],
      1,
    ],
    ['a header equal to an available type without a slash accepts nothing', 'json', ['json'], -1],
    ['a header equal to an available type with a second slash picks it', 'a/b/c', ['a/b/c'], 0],
    // the full wildcard alone (a shortcut when no available type holds a *)
    ['*/* alone picks the first type with a slash', '*/*', ['json', JSON_, PROBLEM], 1],
    ['*/* alone prefers an available */*', '*/*', [JSON_, '*/*'], 1],
    ['*/* alone prefers an available type/*', '*/*', [JSON_, 'application/*'], 1],
    ['*/* alone prefers an available */subtype', '*/*', [JSON_, '*/json'], 1],
    // parameters
    [
      'a parameter that the sent type lacks does not match',
      'application/json;level=1',
      [JSON_],
      -1,
    ],
    [
      'a parameter * matches and is more specific',
      'application/json;charset=*;q=0.5, application/json;q=0',
      [JSON_],
      0,
    ],
    ['an empty parameter matches', 'application/json;v=;q=0.3, */*;q=0.2', [JSON_, PROBLEM], 0],
    ['an empty quoted parameter matches', 'application/json;v="", */*;q=0.5', [PROBLEM, JSON_], 1],
    ['a quoted * parameter matches', 'application/json;v="\\*", */*;q=0.5', [PROBLEM, JSON_], 1],
    [
      'a quoted ** parameter does not match',
      'application/json;v="**", */*;q=0.5',
      [PROBLEM, JSON_],
      0,
    ],
    ['the first value of a parameter wins', 'application/json;v=*;V=1', [JSON_], 0],
    [
      'the first value of a parameter wins, even a bad one',
      'application/json;v=1;v=*',
      [JSON_],
      -1,
    ],
    [
      'repeated names compare with toLowerCase (Kelvin sign)',
      'application/json;k=*;\u212a=1',
      [JSON_],
      0,
    ],
    [
      'repeated names compare with toLowerCase (dotted I)',
      'application/json;\u0130=*;i\u0307=1',
      [JSON_],
      0,
    ],
    ['different non-ASCII names are different', 'application/json;\u0130=*;\u0131=1', [JSON_], -1],
    ['different ASCII names are different', 'application/json;ab=*;abc=1', [JSON_], -1],
    [
      'a name without a value is ignored',
      'application/json;level;q=0.5, application/problem+json;q=0.4',
      ALL,
      0,
    ],
    ['an empty name is a name', 'application/json;=1', [JSON_], -1],
    [
      'a quoted value can hold commas and semicolons',
      'application/json;v="a,*/*;", application/problem+json',
      ALL,
      1,
    ],
    ['an unterminated quoted value sets nothing', 'application/json;v="a, text/html', ALL, 0],
    [
      'an unterminated quoted value swallows the rest',
      'application/json;v="a, application/problem+json',
      [PROBLEM],
      -1,
    ],
    [
      'junk after a closing quote is skipped',
      'application/json;q="0.1"junk, application/problem+json;q=0.2',
      ALL,
      1,
    ],
    // charset: every type is sent with charset=utf-8
    [
      'charset=utf-8 matches the type as sent',
      'application/problem+json; charset=utf-8',
      [JSON_, PROBLEM],
      1,
    ],
    [
      'a GraphQL client header picks graphql-response+json',
      'application/graphql-response+json; charset=utf-8, application/json; charset=utf-8',
      ALL,
      2,
    ],
    ['the charset name is case-insensitive', 'application/problem+json; CharSet=utf-8', ALL, 1],
    ['the charset value is case-insensitive', 'application/problem+json;charset=UTF-8', ALL, 1],
    ['a quoted charset value matches', 'application/problem+json;charset="utf-8"', ALL, 1],
    ['a quoted charset value in upper case matches', 'application/json;CHARSET="UTF-8"', ALL, 0],
    [
      'escapes in a quoted charset are undone',
      'application/problem+json;charset="u\\tf\\-8"',
      ALL,
      1,
    ],
    ['escapes in a token charset are kept', 'application/problem+json;charset=utf\\-8', ALL, -1],
    ['whitespace around the charset = is skipped', 'application/json ; charset = utf-8 ', ALL, 0],
    [
      'charset=utf-8 with q: the higher q wins',
      'application/json;charset=utf-8;q=0.4, application/problem+json;q=0.5;charset=utf-8',
      ALL,
      1,
    ],
    [
      'a charset=utf-8 range is more specific than the bare range: its q=0 excludes',
      'application/json;charset=utf-8;q=0, application/json',
      [JSON_],
      -1,
    ],
    [
      'a bare range is less specific: a later one does not replace the charset range',
      'application/json, application/json;charset=utf-8;q=0.5, application/problem+json;q=0.6',
      [JSON_, PROBLEM],
      1,
    ],
    [
      'at equal q, the charset range beats an earlier bare range',
      'application/problem+json, application/json;charset=utf-8',
      [JSON_, PROBLEM],
      0,
    ],
    [
      'charset=iso-8859-1 does not match',
      'application/problem+json; charset=iso-8859-1',
      [JSON_, PROBLEM],
      -1,
    ],
    [
      'charset=iso-8859-1 does not match, a wildcard still accepts',
      'application/problem+json;charset=iso-8859-1, */*;q=0.1',
      [PROBLEM, JSON_],
      0,
    ],
    ['charset=utf8 is not utf-8', 'application/json;charset=utf8', ALL, -1],
    ['an empty charset does not match utf-8', 'application/json;charset=', ALL, -1],
    ['an empty quoted charset does not match utf-8', 'application/json;charset=""', ALL, -1],
    ['charset=* matches', 'application/json;charset=*', ALL, 0],
    ['utf-8 under another name does not match', 'application/json;encoding=utf-8', ALL, -1],
    ['a name longer than charset does not match', 'application/json;charsets=utf-8', ALL, -1],
    [
      'charset=utf-8 alongside another parameter does not match',
      'application/json;charset=utf-8;level=1',
      ALL,
      -1,
    ],
    [
      'charset=utf-8 alongside a * parameter matches',
      'application/json;level=*;charset=utf-8',
      ALL,
      0,
    ],
    [
      'charset=utf-8 alongside an empty parameter matches',
      'application/json;charset=utf-8;level=',
      ALL,
      0,
    ],
    ['the first charset wins', 'application/json;charset=utf-8;charset=latin1', ALL, 0],
    [
      'the first charset wins, even a bad one',
      'application/json;charset=latin1;charset=utf-8',
      ALL,
      -1,
    ],
    ['*/*;charset=utf-8 accepts the server default', '*/*;charset=utf-8', [PROBLEM, JSON_], 0],
    [
      '*/*;charset=utf-8 is more specific than */*: its q=0 excludes',
      '*/*;charset=utf-8;q=0, */*',
      ALL,
      -1,
    ],
    [
      '*/*;charset=iso-8859-1 accepts nothing',
      '*/*;charset=iso-8859-1, application/problem+json;q=0.1',
      ALL,
      1,
    ],
    ['application/*;charset=UTF-8 accepts the default', 'application/*;charset=UTF-8', ALL, 0],
    // whitespace
    [
      'whitespace around ranges and parameters is tolerated',
      ' \tapplication/json \t; \tq = 0.5 \t,\t*/* ; q=0.1 ',
      [PROBLEM, JSON_],
      1,
    ],
    [
      'whitespace inside a q value is kept (and read by parseFloat)',
      'application/json;q=0.5 1',
      [JSON_],
      0,
    ],
    // malformed ranges
    ['malformed ranges are ignored', 'foo, ;q=1, /, application/json', ALL, 0],
    ['a range starting with ; is ignored', ';application/json', ALL, -1],
    [
      'a browser header falls back to */*',
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      ALL,
      0,
    ],
  ]

  it.each(cases)('%s', (_name, accept, available, expected) => {
    expect(negotiate(accept, available)).toBe(expected)
  })

  it.each(cases)('agrees with negotiator (via accepts): %s', (_name, accept, available) => {
    expect(negotiate(accept, available)).toBe(reference(accept, available))
  })

  it('treats a null header (Fetch headers.get) like a missing one', () => {
    expect(negotiate(null as unknown as undefined, ALL)).toBe(0)
  })

  it('ignores available entries that are not media types', () => {
    expect(negotiate('*/*', ['json', JSON_])).toBe(1)
    expect(negotiate('*/*', ['json', JSON_])).toBe(reference('*/*', ['json', JSON_]))
  })
})

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

const ows = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \t ')

// Mostly well-formed pieces (so that every available type gets chosen often), some junk.
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad })

const type = mostly(
  fc.constantFrom('application', 'application', 'Application', 'APPLICATION', '*'),
  fc.constantFrom('text', 'appl', ''),
)
const slash = mostly(fc.constant('/'), fc.constantFrom('', '//', ' /', '/ '))
const subtype = mostly(
  fc.constantFrom('json', 'problem+json', 'graphql-response+json', 'JSON', 'Problem+Json', '*'),
  fc.constantFrom('html', 'xml', 'json+problem', ''),
)

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })
const qValue = mostly(
  fc.oneof(
    // well formed: 0, 1, 0.x, 0.xx, 0.xxx (0.0 and 0.000 included), 1.0, 1.000
    fc.constantFrom('0', '1', '1.0', '1.000'),
    fc.integer({ min: 1, max: 3 }).chain((d) => digits(d).map((s) => `0.${s}`)),
  ),
  // odd values
  fc.constantFrom(
    '',
    '2',
    '-1',
    '-0',
    'abc',
    '.5',
    '0.',
    '1e0',
    '1e-1',
    '+0.5',
    '0x1',
    'NaN',
    'Infinity',
    '0.5x',
    '"0.5"',
    '"0\\.5"',
    '""',
    '"',
    '1.0001',
    '00.5',
  ),
)
const qParam = fc
  .tuple(fc.constantFrom('q', 'q', 'q', 'Q'), ows, ows, qValue)
  .map(([k, a, b, v]) => `${k}${a}=${b}${v}`)
const otherParam = fc
  .tuple(
    fc.constantFrom('charset', 'charset', 'Charset', 'CHARSET', 'level', 'v', 'V', '', 'q1'),
    fc.constantFrom(
      'utf-8',
      'utf-8',
      'UTF-8',
      '"utf-8"',
      '"Utf\\-8"',
      'utf8',
      'iso-8859-1',
      '"iso-8859-1"',
      '*',
      '*',
      '',
      '""',
      '"*"',
      '"\\*"',
      '1',
      '"a,b"',
      '"x;y"',
      '*x',
      '"*"x',
    ),
  )
  .map(([k, v]) => `${k}=${v}`)
const junkParam = fc.constantFrom('', 'level', ' ', '=', '=1')
const param = fc.oneof(
  { weight: 6, arbitrary: qParam },
  { weight: 2, arbitrary: otherParam },
  { weight: 1, arbitrary: junkParam },
)

const mediaRange = fc
  .tuple(type, slash, subtype, fc.array(fc.tuple(ows, param, ows), { maxLength: 3 }))
  .map(
    ([t, slash, s, params]) =>
      `${t}${slash}${s}${params.map(([a, p, b]) => `${a};${b}${p}`).join('')}`,
  )
const junkRange = fc.constantFrom(
  '',
  'foo',
  '*',
  '/',
  ';',
  ';q=1',
  'application',
  '"',
  'a/b;x="open',
  '\u0130/json',
  'application/\u212aind',
)
const range = mostly(mediaRange, junkRange)

const header = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 20,
    arbitrary: fc
      .array(fc.tuple(ows, range, ows), { maxLength: 6 })
      .map((rs) => rs.map(([a, r, b]) => `${a}${r}${b}`).join(',')),
  },
)
const available = fc.shuffledSubarray([...ALL])

describe('negotiate (properties)', () => {
  it('agrees with negotiator on realistic headers', () => {
    fc.assert(
      fc.property(header, available, (accept, types) => {
        expect(negotiate(accept, types)).toBe(reference(accept, types))
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with negotiator on arbitrary short strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'aj/*,;=q. "\\\t0158') }),
        available,
        (accept, types) => {
          expect(negotiate(accept, types)).toBe(reference(accept, types))
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('agrees with negotiator on strings of header pieces around charset', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            ...['application', '*', '/', 'json', 'problem+json', 'graphql-response+json'],
            ...[',', ';', '=', ' ', '"', '\\', 'q', 'q=0', 'q=0.5', 'v', ''],
            ...['charset', 'Charset', 'utf-8', 'UTF-8', 'utf', '-8', 'iso-8859-1', 'Utf\\-8'],
          ),
          maxLength: 24,
        }),
        available,
        (accept, types) => {
          expect(negotiate(accept, types)).toBe(reference(accept, types))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('never throws and returns -1 up to available.length - 1 on arbitrary unicode strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: 'binary', minLength: 4000, maxLength: 6000 }),
        ),
        fc.array(fc.oneof(fc.constantFrom(...ALL), fc.string()), { maxLength: 5 }),
        (accept, types) => {
          const index = negotiate(accept, types)
          expect(Number.isInteger(index)).toBe(true)
          expect(index).toBeGreaterThanOrEqual(-1)
          expect(index).toBeLessThan(types.length)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is bounded: only the first MAX_ACCEPT_LENGTH characters matter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ows, range, ows), { minLength: 1, maxLength: 8 }),
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.string({ unit: 'binary', minLength: 1 }),
        available,
        (rs, tail1, tail2, types) => {
          const body = rs.map(([a, r, b]) => `${a}${r}${b}`).join(',') || ','
          const prefix = body
            .repeat(Math.ceil(MAX_ACCEPT_LENGTH / body.length) + 1)
            .slice(0, MAX_ACCEPT_LENGTH)
          expect(prefix.length).toBe(MAX_ACCEPT_LENGTH)
          expect(negotiate(prefix + tail1, types)).toBe(negotiate(prefix + tail2, types))
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('negotiate (bounds)', () => {
  it('handles a 1 MB hostile header, reading only its first MAX_ACCEPT_LENGTH characters', () => {
    const hostile = [
      ';'.repeat(1 << 20),
      ','.repeat(1 << 20),
      'a'.repeat(1 << 20),
      '/'.repeat(1 << 20),
      '"'.repeat(1 << 20),
      'application/json;' + 'k=*;'.repeat(1 << 18),
      'application/json;' + 'k=*;'.repeat(500) + 'k=1;'.repeat(1 << 18),
      'application/json;v="' + '\\"'.repeat(1 << 19),
      'application/json;' + 'charset="UTF\\-8";'.repeat(1 << 16),
      'application/json;' + 'charset=utf-8;'.repeat(1 << 17) + 'charset=latin1',
      '*/*;q=0.1,'.repeat(1 << 17),
    ]
    for (const h of hostile) {
      expect(h.length).toBeGreaterThanOrEqual(1 << 20)
      const index = negotiate(h, ALL)
      // The tail beyond the bound would make JSON the only choice, if it were read.
      expect(negotiate(h + ', application/json;q=1, */*;q=0', ALL)).toBe(index)
      expect(negotiate(h.slice(0, MAX_ACCEPT_LENGTH) + '!', ALL)).toBe(index)
    }
  })

  it('ignores ranges after MAX_ACCEPT_LENGTH characters', () => {
    const padded = (n: number) => 'text/html,' + ' '.repeat(n) + ',application/json'
    const over = padded(MAX_ACCEPT_LENGTH)
    expect(over.indexOf('application/json')).toBeGreaterThan(MAX_ACCEPT_LENGTH)
    expect(negotiate(over, [JSON_])).toBe(-1)
    expect(reference(over, [JSON_])).toBe(0) // deliberate: bounded
    const within = padded(MAX_ACCEPT_LENGTH - 27)
    expect(within.length).toBe(MAX_ACCEPT_LENGTH)
    expect(negotiate(within, [JSON_])).toBe(0)
    expect(negotiate(within + ', text/html', [JSON_])).toBe(-1) // the last range was cut
  })

  it('ignores a range that the bound cuts, so that a cut q=0 does not read as q=1', () => {
    const header = 'text/html,'.padEnd(MAX_ACCEPT_LENGTH - 18, ' ') + 'application/json;q=0'
    expect(header.length).toBe(MAX_ACCEPT_LENGTH + 2)
    expect(reference(header, [JSON_])).toBe(-1)
    expect(negotiate(header, [JSON_])).toBe(-1)
    // Cutting the header instead would leave 'application/json;q', which sets no q: q=1.
    expect(reference(header.slice(0, MAX_ACCEPT_LENGTH), [JSON_])).toBe(0)
    // A range that ends exactly at the bound is read in full.
    const exact = header.slice(2)
    expect(exact.length).toBe(MAX_ACCEPT_LENGTH)
    expect(negotiate(exact.replace('q=0', 'q=1'), [JSON_])).toBe(0)
    // ...unless the header goes on, since the range might then go on too.
    expect(negotiate(exact.replace('q=0', 'q=1') + '5', [JSON_])).toBe(-1)
    expect(negotiate(exact.replace('q=0', 'q=1') + ',', [JSON_])).toBe(-1)
  })

  it('ignores a media range with more than MAX_RANGE_PARAMETERS parameters', () => {
    const withParams = (n: number) =>
      'application/json' + ';v=*'.repeat(n - 1) + ';q=0, application/*;q=0.5'
    // MAX_RANGE_PARAMETERS parameters: the q=0 range is read and excludes JSON.
    expect(negotiate(withParams(MAX_RANGE_PARAMETERS), [JSON_])).toBe(-1)
    expect(reference(withParams(MAX_RANGE_PARAMETERS), [JSON_])).toBe(-1)
    // One more: the range is ignored and application/* accepts JSON.
    expect(negotiate(withParams(MAX_RANGE_PARAMETERS + 1), [JSON_])).toBe(0)
    expect(reference(withParams(MAX_RANGE_PARAMETERS + 1), [JSON_])).toBe(-1) // deliberate: bounded
    // Parameter-like segments without '=' are not parameters.
    expect(negotiate('application/json' + ';v'.repeat(100) + ';q=0', [JSON_])).toBe(-1)
  })

  it('reads at most MAX_MEDIA_RANGES media ranges', () => {
    const before = (n: number) => 'text/html,'.repeat(n) + 'application/json'
    expect(negotiate(before(MAX_MEDIA_RANGES - 1), [JSON_])).toBe(0)
    expect(negotiate(before(MAX_MEDIA_RANGES), [JSON_])).toBe(-1)
    expect(reference(before(MAX_MEDIA_RANGES), [JSON_])).toBe(0) // deliberate: bounded
    // Empty elements and elements without a slash are not media ranges and are not counted.
    expect(negotiate(',foo,'.repeat(200) + 'application/json', [JSON_])).toBe(0)
  })
})

// -------------------------------------------------------------------------------------
// shortcuts and scratch
// -------------------------------------------------------------------------------------

/**
 * The parser alone, without shortcuts: a trailing empty list element is not a media range and
 * changes nothing, and a header with a `,` takes no shortcut (for headers under the length bound).
 */
const parsed = (accept: string, available: ReadonlyArray<string>): number =>
  negotiate(`${accept},`, available)

// Media types as errmap documents them (lower case ASCII, no parameters), and odder ones that
// negotiator still reads as the parser does: case variants, the Kelvin sign, wildcards, no slash.
const mediaType = fc.constantFrom(
  ...ALL,
  'text/html',
  'APPLICATION/JSON',
  'Application/Problem+Json',
  'application/kind',
  'application/\u212aind',
  '*/*',
  'application/*',
  '*/json',
  'json',
  'a/b/c',
  'a//b',
  '/',
)
const mediaTypes = fc.array(mediaType, { minLength: 1, maxLength: 6 })
// A header that is one of the types, or the full wildcard: the shortcuts' inputs, mostly.
const pick = (types: ReadonlyArray<string>) =>
  fc.oneof(fc.constantFrom(...types), fc.constant('*/*'), mediaType)

describe('negotiate (shortcuts)', () => {
  it('agrees with negotiator when the header is an available type or */*', () => {
    fc.assert(
      fc.property(
        mediaTypes.chain((types) => fc.tuple(pick(types), fc.constant(types))),
        ([accept, types]) => {
          expect(negotiate(accept, types)).toBe(reference(accept, types))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('agrees with the parser alone on any available strings, the header being one of them', () => {
    const entry = fc.oneof(
      mediaType,
      fc.constantFrom(' application/json', 'application/json\t', 'application/json;v=1', 'a/b,'),
      fc.string({ unit: fc.constantFrom(...'aA/*;, \t\u212ak') }),
      fc.string({ unit: 'binary' }),
    )
    fc.assert(
      fc.property(
        fc
          .array(entry, { minLength: 1, maxLength: 6 })
          // An empty header is a rule of its own (the server default), before any parsing.
          .chain((types) =>
            fc.tuple(
              pick(types).filter((a) => a !== ''),
              fc.constant(types),
            ),
          ),
        ([accept, types]) => {
          expect(negotiate(accept, types)).toBe(parsed(accept, types))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('takes no shortcut for types with whitespace or parameters, which the header cannot equal', () => {
    // negotiator parses the available types too, so it would accept these; errmap never has them.
    expect(negotiate(' application/json', [' application/json'])).toBe(-1)
    expect(negotiate('application/json\t', ['application/json\t'])).toBe(-1)
    expect(negotiate('application/json;v=1', ['application/json;v=1'])).toBe(-1)
    expect(negotiate('a/b,', ['a/b,'])).toBe(-1)
  })

  it('takes no shortcut for a header longer than MAX_ACCEPT_LENGTH, equal to a type or not', () => {
    const type = (n: number) => 'application/' + 'x'.repeat(n - 'application/'.length)
    expect(negotiate(type(MAX_ACCEPT_LENGTH), [JSON_, type(MAX_ACCEPT_LENGTH)])).toBe(1)
    expect(negotiate(type(MAX_ACCEPT_LENGTH + 1), [JSON_, type(MAX_ACCEPT_LENGTH + 1)])).toBe(-1)
  })
})

// Many distinct types, to go past the 16 that the reused scratch arrays hold.
const many = Array.from({ length: 24 }, (_, k) => `application/x-${k}+json`)
const manyHeader = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...many), fc.constantFrom('*/*', 'application/*', 'text/html')),
      fc.option(qValue, { nil: undefined }),
    ),
    { maxLength: 6 },
  )
  .map((rs) => rs.map(([t, q]) => (q === undefined ? t : `${t};q=${q}`)).join(', '))
const manyTypes = fc.shuffledSubarray(many, { minLength: 0, maxLength: 24 })

describe('negotiate (scratch)', () => {
  it('agrees with negotiator for up to 24 available types (more than the scratch holds)', () => {
    fc.assert(
      fc.property(manyHeader, manyTypes, (accept, types) => {
        expect(negotiate(accept, types)).toBe(reference(accept, types))
      }),
      { numRuns: 1000 },
    )
  })

  it('gives each call the same answer whatever the calls before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(header, manyHeader), fc.oneof(available, manyTypes)), {
          maxLength: 10,
        }),
        (calls) => {
          const forward = calls.map(([accept, types]) => negotiate(accept, types))
          const backward = [...calls].reverse().map(([accept, types]) => negotiate(accept, types))
          expect(backward.reverse()).toStrictEqual(forward)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('answers a call made from a getter on available while negotiating', () => {
    const inner: Array<number> = []
    // Reading entry 0 negotiates again, on a header that gives that entry q=0.9.
    const types = ['', PROBLEM]
    Object.defineProperty(types, 0, {
      get: () => {
        inner.push(negotiate('application/json;q=0.9', [JSON_]))
        return JSON_
      },
    })
    const accept = 'application/problem+json;q=0.5, application/json;q=0.1, text/plain'
    expect(negotiate(accept, types)).toBe(1)
    expect(reference(accept, [JSON_, PROBLEM])).toBe(1)
    expect(inner.length).toBeGreaterThan(0)
    expect(new Set(inner)).toStrictEqual(new Set([0]))
  })

  it('still agrees with negotiator after a call on entries that are not strings', () => {
    const notStrings = [1, null] as unknown as ReadonlyArray<string>
    let thrown: unknown
    try {
      negotiate('text/html;q=0.5', notStrings)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(TypeError)
    for (const accept of ['application/problem+json;q=0.5, */*;q=0.1', 'text/html', '*/*;q=0']) {
      expect(negotiate(accept, ALL)).toBe(reference(accept, ALL))
    }
  })
})
