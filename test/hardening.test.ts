/**
 * One regression test per hole an outside fuzz found in 0.1 (ffd032c), each the value
 * that showed it, through the core and through the adapters over real sockets. Each of
 * these tests failed on ffd032c. docs/DESIGN.md §12: a value errmap did not build is read
 * once, whatever reaches `toResponse` behaves as if it went through `policy()`, headers
 * are bounded.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  defaultPolicy,
  internal,
  methodNotAllowed,
  notFound,
  policy,
  toResponse,
  type HttpError,
  type HttpResponse,
  type Policy,
  type Priority,
} from 'errmap'
import { write } from 'errmap/node'
import { fetchReply, serve, type Reply, type Running } from './support/http.js'
import { throwing } from './support/throwing.js'

// A getter that answers `first`, then `later` on every read after.
const flipping = <A>(first: A, later: A): (() => A) => {
  let reads = 0
  return () => (reads++ === 0 ? first : later)
}

const SECRET = 'db password is hunter2'

const running: Array<Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()))
})

const adapters = Object.keys(throwing).length
const each = <A>(a: A): Array<A> => Array.from({ length: adapters }, () => a)

// What each adapter answers to a fresh value from `make`.
const through = async (make: () => unknown, p: unknown = defaultPolicy): Promise<Array<Reply>> => {
  const out: Array<Reply> = []
  for (const adapter of Object.values(throwing)) {
    const r = await adapter(make, p)
    running.push(r)
    out.push(await fetchReply(r.url))
  }
  return out
}

describe('1. a value read twice cannot change its answer', () => {
  const statusFlips = (): unknown => {
    const status = flipping(404, 200)
    return {
      _tag: 'Custom',
      message: 'm',
      code: 'C',
      get status() {
        return status()
      },
    }
  }
  const exposeFlips = (): unknown => {
    const expose = flipping(false, true)
    return {
      status: 500,
      message: SECRET,
      get expose() {
        return expose()
      },
    }
  }

  it('a status getter answering 404 then 200 is a 404, in the core and every adapter', async () => {
    expect(toResponse(statusFlips() as HttpError).status).toBe(404)
    expect((await through(statusFlips)).map((r) => r.status)).toStrictEqual(each(404))
  })

  it('an expose getter answering false then true keeps the 500 masked', async () => {
    expect(toResponse(exposeFlips() as HttpError).body).not.toContain('hunter2')
    for (const r of await through(exposeFlips))
      expect([r.status, r.text.includes('hunter2')]).toStrictEqual([500, false])
  })
})

describe('2. an async onError that rejects', () => {
  it('is caught: the client gets its response and no rejection is left unhandled', async () => {
    const unhandled: Array<unknown> = []
    const onUnhandled = (e: unknown): void => {
      unhandled.push(e)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      const p = policy({
        onError: async () => {
          throw new Error('log shipper down')
        },
      })
      const replies = await through(() => notFound('gone'), p)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(replies.map((r) => r.status)).toStrictEqual(each(404))
      expect(unhandled).toStrictEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

describe('3. a policy made by spreading is validated like policy()', () => {
  it('no remap outside 400–599, no unmasked 5xx, no lifted bound', () => {
    const remapped = {
      ...defaultPolicy,
      status: { Internal: 200, NotFound: 999 },
    } as unknown as Policy
    const internalAnswer = toResponse(internal(SECRET), {}, remapped)
    expect([internalAnswer.status, internalAnswer.body.includes('hunter2')]).toStrictEqual([
      500,
      false,
    ])
    expect(toResponse(notFound(), {}, remapped).status).toBe(404)
    const unbounded = { ...defaultPolicy, maxMessageLength: -5 } as Policy
    const long = toResponse(notFound('x'.repeat(100_000)), {}, unbounded)
    expect((JSON.parse(long.body) as { message: string }).message.length).toBe(1025)
  })

  it('a remap to a 4xx does not unmask a 5xx either', () => {
    const r = toResponse(internal(SECRET), {}, policy({ status: { Internal: 404 } }))
    expect([r.status, r.body.includes('hunter2')]).toStrictEqual([404, false])
  })
})

describe('4. a user priority cannot choose a status', () => {
  it('an answer that is not one of its two errors keeps the first', () => {
    for (const status of [200, 999, NaN]) {
      const priority: Priority = { concat: (x) => ({ error: x.error, status: status as 404 }) }
      expect(toResponse([notFound(), internal()], {}, policy({ priority })).status).toBe(404)
    }
  })
})

describe('5. a value that is not a policy never makes an adapter reject', () => {
  const hostile = new Proxy(
    {},
    {
      get: () => {
        throw new Error('policy')
      },
    },
  )
  for (const p of [{ ...defaultPolicy, requestIdHeader: 5 }, null, hostile])
    it(`${p === null ? 'null' : p === hostile ? 'a Proxy whose traps throw' : 'requestIdHeader: 5'}`, async () => {
      const replies = await through(() => notFound('x'), p)
      expect(replies.map((r) => [r.status, JSON.parse(r.text)])).toStrictEqual(
        each([404, { message: 'x', code: 'NOT_FOUND' }]),
      )
    })
})

describe('6. node write with a body that is not a string', () => {
  for (const body of [{ a: 1 }, 42])
    it(`${JSON.stringify(body)}: the constant masked 500, not a reset`, async () => {
      const r = await serve((_req, res) =>
        write(res, { status: 200, headers: {}, body } as unknown as HttpResponse),
      )
      running.push(r)
      const reply = await fetchReply(r.url)
      expect([reply.status, JSON.parse(reply.text)]).toStrictEqual([
        500,
        { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
      ])
    })
})

describe('7. header values and the header section are bounded', () => {
  const section = (r: Reply): number =>
    Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0)

  it('a 1 MB header on a thrown http-errors 404 is dropped: Node’s own fetch reads the answer', async () => {
    const big = () => ({
      status: 404,
      expose: true,
      message: 'x',
      headers: { 'x-big': 'b'.repeat(1 << 20) },
    })
    for (const r of await through(big)) {
      expect([r.status, r.headers['x-big']]).toStrictEqual([404, undefined])
      expect(section(r)).toBeLessThan(8192)
    }
  })

  it('a 100,000-character method is left out of Allow', () => {
    const r = toResponse(methodNotAllowed(['GET', 'X'.repeat(100_000)]))
    expect(r.headers['allow']).toBe('GET')
  })

  it('many moderate extra headers stop at the section bound, each whole', () => {
    const headers = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`x-h${i}`, 'v'.repeat(400)]),
    )
    const r = toResponse(notFound('x', { headers }))
    const size = Object.entries(r.headers).reduce(
      (n, [k, v]) => n + k.length + String(v).length + 4,
      0,
    )
    expect(size).toBeLessThanOrEqual(8192)
    for (const [k, v] of Object.entries(r.headers))
      if (k.startsWith('x-h')) expect(v).toBe('v'.repeat(400))
  })
})

describe('lists of errors are read up to a bound', () => {
  it('of 20,001 errors the first 10,000 are read, the rest counted as omitted', () => {
    const list: Array<HttpError> = Array.from({ length: 20_001 }, () => notFound())
    list[15_000] = methodNotAllowed(['GET']) // would win, but is past the bound
    const r = toResponse(list)
    expect([r.status, (JSON.parse(r.body) as { omitted: number }).omitted]).toStrictEqual([
      404,
      20_001 - 100,
    ])
  })
})
