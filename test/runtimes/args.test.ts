/**
 * `errmap/fetch`'s `handler` passes every argument after the request to the function, as
 * they are: what Workers (`env`, `ctx`), Deno (`info`) and Bun (`server`) give. In each of
 * those runtimes, test/runtimes/runtimes.test.ts; here, in the test's own process.
 */
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import { notFound } from 'errmap'
import { handler } from 'errmap/fetch'

interface Env {
  readonly NOT_FOUND_MESSAGE: string
}
interface Ctx {
  readonly waitUntil: (promise: Promise<unknown>) => void
}

const request = (): Request => new Request('http://localhost/nope')

describe('handler passes the arguments after the request', () => {
  it('gives the function the very env and ctx it was called with, in order', async () => {
    const env: Env = { NOT_FOUND_MESSAGE: 'No such route.' }
    const ctx: Ctx = { waitUntil: () => undefined }
    const req = request()
    let got: ReadonlyArray<unknown> = []
    const r = await handler((request: Request, env: Env, ctx: Ctx) => {
      got = [request, env, ctx]
      return new Response(env.NOT_FOUND_MESSAGE)
    })(req, env, ctx)
    expect(await r.text()).toBe('No such route.')
    expect(got).toHaveLength(3)
    expect(got[0]).toBe(req)
    expect(got[1]).toBe(env)
    expect(got[2]).toBe(ctx)
  })

  it('maps a Left made from them', async () => {
    const fetchHandler = handler((_request: Request, env: Env) =>
      TE.left(notFound(env.NOT_FOUND_MESSAGE)),
    )
    const r = await fetchHandler(request(), { NOT_FOUND_MESSAGE: 'Nothing at /nope.' })
    expect([r.status, await r.json()]).toEqual([
      404,
      { message: 'Nothing at /nope.', code: 'NOT_FOUND' },
    ])
  })

  it('passes exactly as many as it was given', async () => {
    const counts: Array<number> = []
    const fetchHandler = handler((_request: Request, ...rest: ReadonlyArray<unknown>) => {
      counts.push(rest.length)
      return new Response(null, { status: 204 })
    })
    await fetchHandler(request())
    await fetchHandler(request(), 'env')
    await fetchHandler(request(), 'env', 'ctx', undefined)
    expect(counts).toEqual([0, 1, 3])
  })
})
