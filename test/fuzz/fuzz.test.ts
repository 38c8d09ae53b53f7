/**
 * A bounded slice of the fuzz (test/fuzz/run.ts), fixed seed: a few hundred hostile
 * values thrown or rejected behind every adapter, over real sockets; nothing may go
 * wrong. `npm run fuzz` runs the long one.
 */
import { describe, expect, it } from 'vitest'
import { adapters, failures, fuzz } from './run.js'

const count = 300
const seed = 20_240_601

describe('fuzz: hostile thrown values through every adapter', () => {
  it.each(adapters)('%s answers every value with a bounded, masked 4xx/5xx', async (adapter) => {
    const r = await fuzz({ adapter, count, seed })
    expect(r.values).toBe(count)
    expect(failures(r), JSON.stringify(r.findings, null, 2)).toEqual({})
  })
})
