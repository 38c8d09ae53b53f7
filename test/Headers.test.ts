import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  methodNotAllowed,
  notFound,
  serviceUnavailable,
  tags,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
  type Challenge,
} from '../src/index.js'
import { challenge, retryAfter } from '../src/internal/headers.js'
import { clean, isToken, quote } from '../src/internal/grammar.js'
import {
  addExtra,
  addRetryAfter,
  addUnique,
  empty,
  maxExtra,
  maxSection,
  maxValue,
  render,
} from '../src/internal/headers.js'
import { collect } from '../src/response/toResponse.js'
import { fromUnknown } from '../src/unknown/fromUnknown.js'
import { samples } from './samples.js'

// The headers one error brings on its own (no policy, no status remap): its variant's and
// its extra headers; a 401 that names no challenge gets Bearer from its variant.
const headers = (u: unknown): Record<string, string | ReadonlyArray<string>> => {
  const out: Record<string, string | ReadonlyArray<string>> = {}
  const acc = empty()
  collect(acc, fromUnknown(u), { challenges: [], now: Date.now })
  render(acc, undefined, out)
  return out
}

describe('isToken', () => {
  it('accepts every tchar and nothing else', () => {
    expect(isToken("!#$%&'*+-.^_`|~09AZaz")).toBe(true)
    for (const bad of ['', 'a b', 'a,b', 'a"b', 'a;b', 'a=b', 'a/b', 'é', 'a\tb', 'a\u0000'])
      expect(isToken(bad)).toBe(false)
    expect(isToken(7 as unknown as string)).toBe(false)
  })
})

describe('clean', () => {
  it('removes CR, LF, NUL, other controls and DEL; keeps HTAB and non-ASCII', () => {
    expect(clean('a\r\nb\u0000c\u0001d\u007fe\tf é')).toBe('abcde\tf é')
  })

  it('returns the very same string when it is already clean', () => {
    const s = 'already clean'
    expect(clean(s)).toBe(s)
  })

  it('never leaves a control character, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = clean(s)
        expect([...c].filter((ch) => (ch < ' ' && ch !== '\t') || ch === '\u007f')).toStrictEqual(
          [],
        )
        expect(clean(c)).toBe(c)
      }),
    )
  })
})

describe('quote', () => {
  it('escapes " and \\ and drops controls', () => {
    expect(quote('say "hi" \\ bye\r\n')).toBe('"say \\"hi\\" \\\\ bye"')
    expect(quote('')).toBe('""')
  })

  it('always gives one quoted-string: unescaping it gives back the cleaned input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = quote(s)
        expect(q.startsWith('"') && q.endsWith('"')).toBe(true)
        let out = ''
        for (let i = 1; i < q.length - 1; i++) {
          expect(q[i]).not.toBe('"')
          out += q[i] === '\\' ? q[++i] : q[i]
        }
        expect(out).toBe(clean(s))
      }),
    )
  })
})

describe('challenge', () => {
  const cases: ReadonlyArray<readonly [Challenge, string | undefined]> = [
    [{ scheme: 'Bearer' }, 'Bearer'],
    [{ scheme: 'Bearer', params: {} }, 'Bearer'],
    [
      { scheme: 'Basic', params: { realm: 'a b', charset: 'UTF-8' } },
      'Basic realm="a b", charset="UTF-8"',
    ],
    [{ scheme: 'Negotiate', token68: 'abc+/-._~==' }, 'Negotiate abc+/-._~=='],
    [{ scheme: 'Negotiate', token68: '=abc', params: { a: 'b' } }, 'Negotiate a="b"'],
    [{ scheme: 'Negotiate', token68: 'ab=c' }, 'Negotiate'],
    [{ scheme: 'Negotiate', token68: '' }, 'Negotiate'],
    [{ scheme: 'Bearer', params: { 'bad name': 'x', ok: 7 as unknown as string } }, 'Bearer'],
    [{ scheme: 'Bad Scheme' }, undefined],
    [{ scheme: '' }, undefined],
    [{ scheme: 'Bearer\r\n' }, undefined],
  ]
  for (const [c, out] of cases)
    it(`${JSON.stringify(c)} → ${String(out)}`, () => {
      expect(challenge(c)).toBe(out)
    })
})

describe('retryAfter', () => {
  it('delay-seconds: non-negative integers, rounded up', () => {
    expect([0, 1, 1.2, 59.999, -0.5, -7, 1e9].map(retryAfter)).toStrictEqual([
      '0',
      '1',
      '2',
      '60',
      '0',
      '0',
      '1000000000',
    ])
  })

  it('an IMF-fixdate from a Date', () => {
    expect(retryAfter(new Date(Date.UTC(2026, 10, 21, 22, 0, 1)))).toBe(
      'Sat, 21 Nov 2026 22:00:01 GMT',
    )
  })

  it('undefined for NaN, infinities, invalid Dates and values that are neither', () => {
    for (const bad of [
      Number.NaN,
      Infinity,
      -Infinity,
      new Date('nope'),
      {} as Date,
      '5' as unknown as number,
    ])
      expect(retryAfter(bad)).toBeUndefined()
  })
})

describe('headers', () => {
  it('gives the headers each sample obliges, with Bearer for a bare 401', () => {
    const all = Object.fromEntries(tags.map((t) => [t, headers(samples[t])]))
    expect(all).toStrictEqual({
      BadRequest: {},
      Unauthorized: { 'www-authenticate': 'Bearer' },
      Forbidden: {},
      NotFound: {},
      MethodNotAllowed: { allow: 'GET, HEAD' },
      NotAcceptable: {},
      RequestTimeout: {},
      Conflict: {},
      Gone: {},
      PreconditionFailed: {},
      ContentTooLarge: { 'retry-after': '120' },
      UriTooLong: {},
      UnsupportedMediaType: { accept: 'application/json, application/merge-patch+json' },
      UnprocessableContent: {},
      TooManyRequests: { 'retry-after': '30' },
      RequestHeaderFieldsTooLarge: {},
      Internal: {},
      NotImplemented: {},
      BadGateway: {},
      ServiceUnavailable: { 'retry-after': 'Wed, 02 Jan 2030 03:04:05 GMT' },
      GatewayTimeout: {},
      Custom: {},
    })
  })

  it('several challenges of one error are several field lines', () => {
    expect(
      headers(unauthorized('x', { challenges: [{ scheme: 'Basic' }, { scheme: 'Bearer' }] })),
    ).toStrictEqual({ 'www-authenticate': ['Basic', 'Bearer'] })
  })
})

describe('collect and render', () => {
  it('gather several errors, then render with the method', () => {
    const acc = empty()
    const now = () => Date.UTC(2030, 0, 1)
    for (const e of [
      unauthorized('a'),
      methodNotAllowed(['GET']),
      unsupportedMediaType('b', { accept: ['text/csv'] }),
      tooManyRequests('c', { retryAfter: 10 }),
      serviceUnavailable('d', { retryAfter: new Date(Date.UTC(2030, 0, 1, 0, 0, 5)) }),
      notFound(),
    ])
      collect(acc, e, { challenges: [{ scheme: 'Basic', params: { realm: 'r' } }], now })
    expect(acc).toStrictEqual({
      challenges: ['Basic realm="r"'],
      allow: ['GET'],
      accept: ['text/csv'],
      retryAfter: 10,
      quotas: undefined,
      extra: undefined,
    })
    const out: Record<string, string | ReadonlyArray<string>> = {}
    render(acc, 'PATCH', out)
    expect(out).toStrictEqual({
      'www-authenticate': 'Basic realm="r"',
      allow: 'GET',
      accept: 'text/csv',
      'accept-patch': 'text/csv',
      'retry-after': '10',
    })
  })

  it('render writes nothing for an empty collection', () => {
    const out: Record<string, string> = {}
    render(empty(), 'POST', out)
    expect(out).toStrictEqual({})
  })
})

describe('header value bounds', () => {
  it('clean drops characters Node and Fetch refuse in a header (beyond Latin-1), keeps Latin-1', () => {
    expect(clean('café ü 日本 😀')).toBe('café ü  ')
  })

  it('Retry-After delays stop at 2^31 and dates must have four-digit years', () => {
    expect(retryAfter(1e21)).toBe('2147483648')
    expect(retryAfter(new Date(8.64e15))).toBeUndefined()
    expect(retryAfter(new Date(Date.UTC(999, 11, 31)))).toBeUndefined()
    expect(retryAfter(new Date(Date.UTC(1000, 0, 1)))).toBe('Wed, 01 Jan 1000 00:00:00 GMT')
    expect(retryAfter(new Date(Date.UTC(9999, 11, 31)))).toBe('Fri, 31 Dec 9999 00:00:00 GMT')
  })
})

describe('header bounds, at the edge', () => {
  const managedNames = [
    'content-type',
    'content-length',
    'content-encoding',
    'content-language',
    'content-security-policy',
    'transfer-encoding',
    'connection',
    'keep-alive',
    'x-content-type-options',
    'www-authenticate',
    'allow',
    'retry-after',
    'accept',
    'accept-post',
    'accept-patch',
  ]

  it('extra headers never set a header the mapping decides, whatever its case', () => {
    const own = Object.fromEntries(managedNames.map((n) => [n.toUpperCase(), 'x']))
    const acc = empty()
    addExtra(acc, own)
    expect(acc.extra).toBeUndefined()
  })

  it('an extra value of exactly maxValue is kept, one more is dropped', () => {
    const acc = empty()
    addExtra(acc, { 'x-a': 'a'.repeat(maxValue), 'x-b': 'b'.repeat(maxValue + 1) })
    expect(Object.keys(acc.extra ?? {})).toStrictEqual(['x-a'])
  })

  it(`at most ${maxExtra} extra headers`, () => {
    const acc = empty()
    addExtra(
      acc,
      Object.fromEntries(Array.from({ length: maxExtra + 3 }, (_, i) => [`x-${i}`, 'v'])),
    )
    expect(Object.keys(acc.extra ?? {}).length).toBe(maxExtra)
  })

  it('a list keeps a value that brings it to exactly maxValue, not one past it', () => {
    const first = 'a'.repeat(maxValue - 5)
    expect(addUnique(addUnique(undefined, first), 'bbb')).toStrictEqual([first, 'bbb'])
    expect(addUnique(addUnique(undefined, first), 'bbbb')).toStrictEqual([first])
    expect(addUnique(undefined, 'c'.repeat(maxValue))).toStrictEqual(['c'.repeat(maxValue)])
    expect(addUnique(undefined, 'c'.repeat(maxValue + 1))).toStrictEqual([])
  })

  it('a challenge of exactly maxValue is written, one more is not', () => {
    const scheme = 'B'.repeat(maxValue)
    expect(challenge({ scheme })).toBe(scheme)
    expect(challenge({ scheme: scheme + 'B' })).toBeUndefined()
    const value = 'v'.repeat(maxValue - 'Bearer realm=""'.length)
    expect(challenge({ scheme: 'Bearer', params: { realm: value } })).toBe(
      `Bearer realm="${value}"`,
    )
    expect(challenge({ scheme: 'Bearer', params: { realm: value + 'v' } })).toBeUndefined()
    const token68 = 't'.repeat(maxValue - 'Bearer '.length)
    expect(challenge({ scheme: 'Bearer', token68 })).toBe(`Bearer ${token68}`)
  })

  it('the section is filled up to maxSection exactly, the header past it left out whole', () => {
    const out: Record<string, string> = {}
    // One header of n characters takes n + 4 + its name's length.
    const acc = empty()
    acc.extra = { 'x-a': 'a'.repeat(maxSection - 'x-a'.length - 4 - 20), 'x-b': 'b'.repeat(13) }
    render(acc, undefined, out)
    expect(Object.keys(out)).toStrictEqual(['x-a', 'x-b'])
    const over = empty()
    over.extra = { 'x-a': 'a'.repeat(maxSection - 'x-a'.length - 4 - 20), 'x-b': 'b'.repeat(14) }
    const out2: Record<string, string> = {}
    render(over, undefined, out2)
    expect(Object.keys(out2)).toStrictEqual(['x-a'])
  })

  it('a longer Retry-After wins, an equal one keeps the first', () => {
    const acc = empty()
    const now = () => 0
    addRetryAfter(acc, 10, now)
    addRetryAfter(acc, 10, now)
    addRetryAfter(acc, new Date(10_000), now)
    expect(acc.retryAfter).toBe(10)
    addRetryAfter(acc, new Date(11_000), now)
    expect(acc.retryAfter).toStrictEqual(new Date(11_000))
  })
})
