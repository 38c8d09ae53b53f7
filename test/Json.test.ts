import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { byteLength, stringify } from '../src/internal/json.js'

describe('stringify', () => {
  it('is JSON.stringify for plain JSON values', () => {
    const v = { a: [1, 'two', null, true], b: { c: 'é😀' } }
    expect(stringify(v)).toBe(JSON.stringify(v))
  })

  it('gives undefined for values with no JSON form', () => {
    expect(stringify(undefined)).toBeUndefined()
    expect(stringify(() => 1)).toBeUndefined()
    expect(stringify(Symbol('s'))).toBeUndefined()
  })

  it('writes BigInt as a decimal string, at the top and nested', () => {
    expect(stringify(12345678901234567890n)).toBe('"12345678901234567890"')
    expect(stringify({ n: [1n, { m: -2n }] })).toBe('{"n":["1",{"m":"-2"}]}')
  })

  it('writes a reference to an ancestor as "[Circular]"', () => {
    const a: Record<string, unknown> = { x: 1 }
    a['self'] = a
    a['list'] = [a, { up: a }]
    expect(stringify(a)).toBe(
      '{"x":1,"self":"[Circular]","list":["[Circular]",{"up":"[Circular]"}]}',
    )
  })

  it('keeps a shared but acyclic value in full wherever it appears', () => {
    const shared = { k: 1 }
    // The BigInt forces the tolerant pass, which must not mistake siblings for ancestors.
    expect(stringify({ n: 1n, a: shared, b: [shared, shared] })).toBe(
      '{"n":"1","a":{"k":1},"b":[{"k":1},{"k":1}]}',
    )
  })

  it('gives undefined, without throwing, for throwing getters, toJSON and Proxy traps', () => {
    const getter = {
      get boom(): unknown {
        throw new Error('getter')
      },
    }
    const toJSON = {
      toJSON: () => {
        throw new Error('toJSON')
      },
    }
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap')
        },
      },
    )
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    for (const v of [getter, toJSON, trap, proxy, { nested: [getter] }])
      expect(stringify(v)).toBeUndefined()
  })

  it('gives undefined when the tolerant pass finds no JSON form either', () => {
    let calls = 0
    const flaky = {
      toJSON: (): unknown => {
        calls++
        if (calls === 1) throw new Error('first call')
        return undefined
      },
    }
    expect([stringify(flaky), calls]).toStrictEqual([undefined, 2])
  })

  it('never throws and, when it gives a string, the string parses', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withBoxedValues: true,
        }),
        (v) => {
          const s = stringify(v)
          if (s !== undefined) expect(() => JSON.parse(s) as unknown).not.toThrow()
        },
      ),
    )
  })
})

describe('byteLength', () => {
  it('counts UTF-8 bytes: 1, 2, 3 and 4-byte characters', () => {
    expect(byteLength('')).toBe(0)
    expect(byteLength('a')).toBe(1)
    expect(byteLength('é')).toBe(2)
    expect(byteLength('€')).toBe(3)
    expect(byteLength('😀')).toBe(4)
  })

  it('counts a lone surrogate as U+FFFD (3 bytes), as an encoder would', () => {
    expect(byteLength('\ud800')).toBe(3)
    expect(byteLength('\udc00x')).toBe(4)
    expect(byteLength('\ud800\ud800\udc00')).toBe(7)
  })

  it('equals Buffer.byteLength for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (a) => {
        expect(byteLength(a)).toBe(Buffer.byteLength(a, 'utf8'))
      }),
    )
  })

  it('counts an ASCII string, of any length, as its length', () => {
    expect(byteLength('\x00\x7f')).toBe(2)
    expect(byteLength('x'.repeat(100_000))).toBe(100_000)
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 300 }), (a) => {
        expect(byteLength(a)).toBe(a.length)
      }),
    )
  })

  it('counts from the first non-ASCII code unit on, wherever it is', () => {
    expect(byteLength('\x80')).toBe(2)
    expect(byteLength('abc\udc00')).toBe(6)
    expect(byteLength('abc\ud800')).toBe(6)
    expect(byteLength('abc\ud83d\ude00def')).toBe(10)
    expect(byteLength('abc\udc00\ud800x\u07ff\u0800\uffff')).toBe(3 + 3 + 3 + 1 + 2 + 3 + 3)
  })

  it('equals Buffer.byteLength for strings of random UTF-16 code units, lone surrogates too', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 64 }), (a) => {
        expect(byteLength(a)).toBe(Buffer.byteLength(a, 'utf8'))
      }),
      { numRuns: 1000 },
    )
  })

  it('equals Buffer.byteLength for ASCII runs around any characters', () => {
    const special = fc.constantFrom(
      '\u0080',
      '\u07ff',
      '\u0800',
      '\ud800',
      '\udfff',
      '\ud83d\ude00',
    )
    const piece = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
      special,
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const a = pieces.join('')
        expect(byteLength(a)).toBe(Buffer.byteLength(a, 'utf8'))
      }),
      { numRuns: 1000 },
    )
  })
})
