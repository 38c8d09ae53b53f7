import { describe, expect, it } from 'vitest'
import {
  challenge,
  challenges,
  issue,
  issues,
  list,
  maxItems,
  quota,
  quotas,
  size,
} from '../src/internal/read.js'

// The readers fromUnknown's snapshot is built with, on their own: each takes any value
// and answers plain data or `undefined`, never throws.

describe('size', () => {
  it.each([
    [0, 0],
    [1.5, 1.5],
    [-0.5, undefined],
    [-1, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['1', undefined],
  ])('%s → %s', (u, want) => {
    expect(size(u)).toBe(want)
  })
})

describe('list', () => {
  const number = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined)

  it('keeps at most max items, leaving out those the item reader refuses', () => {
    const long = Array.from({ length: maxItems + 1 }, (_, i) => i)
    expect(list(long, number)).toEqual(long.slice(0, maxItems))
    expect(list([1, 'a', 2, 3], number, 3)).toEqual([1, 2])
    expect(list([1, 2], number, 3)).toEqual([1, 2])
    expect(list({ length: 1, 0: 1 }, number)).toBeUndefined()
  })

  it('reads the length and each item it keeps once, and nothing past max', () => {
    const reads: Array<string> = []
    const arr = new Proxy([1, 2, 3, 4], {
      get: (t, k, r) => {
        if (typeof k === 'string') reads.push(k)
        return Reflect.get(t, k, r) as unknown
      },
    })
    expect(list(arr, number, 3)).toEqual([1, 2, 3])
    expect(reads).toEqual(['length', '0', '1', '2'])
  })
})

describe('issue, challenge, quota: anything but an object is none', () => {
  const some = { path: '/a', message: 'm' }

  it.each([null, undefined, 0, 'x', true, Symbol('s')])('%s', (u) => {
    expect(issue(u)).toBeUndefined()
    expect(challenge(u)).toBeUndefined()
    expect(quota(u)).toBeUndefined()
  })

  it('in a list, such an item is left out and the others kept', () => {
    expect(issues([null, 7, some])).toEqual([some])
    expect(challenges([null, 'Bearer', { scheme: 'Bearer' }])).toEqual([{ scheme: 'Bearer' }])
    expect(quotas([null, { policy: 'hourly', limit: 5 }])).toEqual([{ policy: 'hourly', limit: 5 }])
  })
})

describe('quota', () => {
  it('a policy name of 1 to 256 printable ASCII characters', () => {
    for (const [policy, ok] of [
      ['p'.repeat(256), true],
      ['p'.repeat(257), false],
      ['', false],
      [' ~', true],
      ['a\u007f', false],
      ['a\u001f', false],
    ] as const)
      expect(quota({ policy, limit: 1 }) !== undefined, JSON.stringify(policy)).toBe(ok)
  })
})
