import { describe, expect, it } from 'vitest'
import { maxParameters, parameterOf, readMediaType } from '../src/internal/mediaType.js'

describe('readMediaType', () => {
  const cases: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, string]>]> =
    [
      ['application/json', 'application/json', []],
      [' Application/JSON ; Charset = "UTF-8" ', 'application/json', [['charset', 'UTF-8']]],
      [
        'a/b; x="1;2"; y=3',
        'a/b',
        [
          ['x', '1;2'],
          ['y', '3'],
        ],
      ],
      [
        'a/b; x="q\\"d"; y=z',
        'a/b',
        [
          ['x', 'q"d'],
          ['y', 'z'],
        ],
      ],
      ['a/b; x="open; y=z', 'a/b', [['x', '"open; y=z']]],
      ['a/b; novalue; =x; y=', 'a/b', [['y', '']]],
      ['', '', []],
      [';a=b', '', [['a', 'b']]],
    ]
  for (const [value, type, parameters] of cases)
    it(JSON.stringify(value), () => {
      expect(readMediaType(value)).toStrictEqual({ type, parameters })
    })

  it(`reads at most ${maxParameters} parameters`, () => {
    const m = readMediaType('a/b' + ';p=1'.repeat(maxParameters + 5))
    expect(m.parameters.length).toBe(maxParameters)
  })

  it('parameterOf gives the first occurrence by lower-case name', () => {
    const m = readMediaType('a/b; Charset=x; charset=y')
    expect([parameterOf(m, 'charset'), parameterOf(m, 'q')]).toStrictEqual(['x', undefined])
  })
})
