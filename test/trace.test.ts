/**
 * Trace correlation (W3C Trace Context Level 1, §3.2): `traceparent` is read strictly, its
 * trace id goes in every error body and in `onError`'s facts; anything else is ignored.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { internal, notFound, policy, toResponse, type RequestFacts } from 'errmap'
import { facts, handler } from 'errmap/fetch'
import { isTraceId, traceIdOf } from '../src/internal/trace.js'

const id = '4bf92f3577b34da6a3ce929d0e0e4736'
const parent = '00f067aa0ba902b7'
const header = `00-${id}-${parent}-01`

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n })

describe('traceIdOf', () => {
  it.each([
    ['the spec example', header, id],
    ['sampled flag off', `00-${id}-${parent}-00`, id],
    ['unknown flags are kept to the version 00 shape', `00-${id}-${parent}-ff`, id],
    ['optional whitespace around the value', ` \t${header} `, id],
    ['a later version, exactly 55 characters', `01-${id}-${parent}-01`, id],
    ['a later version with more after a dash', `fe-${id}-${parent}-01-extra`, id],
  ])('reads %s', (_, value, expected) => {
    expect(traceIdOf(value)).toBe(expected)
  })

  it.each([
    ['absent', undefined],
    ['not a string', 42],
    ['empty', ''],
    ['upper-case hex in the trace id', `00-${id.toUpperCase()}-${parent}-01`],
    ['upper-case hex in the version', `0A-${id}-${parent}-01`],
    ['upper-case hex in the flags', `00-${id}-${parent}-0A`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${parent}-01`],
    ['an all-zero parent id', `00-${id}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${id}-${parent}-01`],
    ['version 00 followed by more', `${header}-00`],
    ['version 00 followed by anything', `${header}x`],
    ['a later version followed by no dash', `01-${id}-${parent}-01x`],
    ['a trace id one digit short', `00-${id.slice(1)}-${parent}-01`],
    ['a parent id one digit long', `00-${id}-${parent}0-01`],
    ['another separator', `00_${id}_${parent}_01`],
    ['a non-hex digit', `00-${id.slice(0, 31)}g-${parent}-01`],
    ['a one-digit version', `0-${id}-${parent}-01`],
    ['a line feed before it', `\n${header}`],
    ['a no-break space after it', `${header}\u00a0`],
    ['a byte-order mark before it', `\ufeff${header}`],
  ])('ignores %s', (_, value) => {
    expect(traceIdOf(value)).toBeUndefined()
  })

  it('is total: any string gives undefined or 32 lower-case hex digits that occur in it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const t = traceIdOf(s)
        expect(t === undefined || (isTraceId(t) && s.includes(t))).toBe(true)
      }),
    )
  })

  it('reads back every valid header of version 00 (property)', () => {
    fc.assert(
      fc.property(hex(32), hex(16), hex(2), (trace, p, flags) => {
        const valid = /[^0]/.test(trace) && /[^0]/.test(p)
        expect(traceIdOf(`00-${trace}-${p}-${flags}`)).toBe(valid ? trace : undefined)
      }),
    )
  })

  it('a 1 MB header: refused after version 00, read up to its 56th character after a later version', () => {
    expect(traceIdOf(`00-${id}-${parent}-01` + '-'.repeat(1_000_000))).toBeUndefined()
    expect(traceIdOf(`01-${id}-${parent}-01` + '-'.repeat(1_000_000))).toBe(id)
  })
})

describe('toResponse and the trace id', () => {
  it('puts a valid trace id from the facts in the body, and ignores any other value', () => {
    const body = (traceId: unknown) =>
      JSON.parse(toResponse(notFound(), { traceId } as RequestFacts).body) as unknown
    expect(body(id)).toEqual({ message: 'Not Found', code: 'NOT_FOUND', traceId: id })
    for (const bad of [id.toUpperCase(), '0'.repeat(32), `${id}0`, 42, { id }, '<b>'])
      expect(body(bad)).toEqual({ message: 'Not Found', code: 'NOT_FOUND' })
  })

  it('a masked 500 keeps its trace id, so it can be found in the traces', () => {
    const r = toResponse(internal('secret'), { traceId: id })
    expect(JSON.parse(r.body)).toEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
      traceId: id,
    })
  })
})

describe('adapters read traceparent only when the policy asks', () => {
  const request = new Request('http://x/', { headers: { traceparent: header } })

  it('facts: no traceId key by default; the trace id with trace: true; none for an invalid one', () => {
    expect('traceId' in facts(request)).toBe(false)
    expect(facts(request, policy({ trace: true })).traceId).toBe(id)
    const bad = new Request('http://x/', { headers: { traceparent: header.toUpperCase() } })
    expect(facts(bad, policy({ trace: true })).traceId).toBeUndefined()
  })

  it("onError's facts carry the trace id the body shows", async () => {
    const told: Array<RequestFacts> = []
    const p = policy({ trace: true, onError: (_e, _c, f) => void told.push(f) })
    const r = await handler(() => {
      throw new Error('db down')
    }, p)(request)
    expect(((await r.json()) as { traceId: string }).traceId).toBe(id)
    expect(told.map((f) => f.traceId)).toEqual([id])
  })
})
