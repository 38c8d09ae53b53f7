/**
 * `errmap/fetch`'s `handler` keeps every argument a runtime passes after the request, with
 * its type: Workers' `(request, env, ctx)`, Deno's `(request, info)`, Bun's
 * `(request, server)`. test/runtimes runs them in those runtimes.
 */
import * as TE from 'fp-ts/TaskEither'
import { describe, expectTypeOf, it } from 'vitest'
import { notFound } from 'errmap'
import { handler } from 'errmap/fetch'

interface Env {
  readonly NOT_FOUND_MESSAGE: string
}
interface Ctx {
  readonly waitUntil: (promise: Promise<unknown>) => void
  readonly passThroughOnException: () => void
}
interface Info {
  readonly remoteAddr: { readonly hostname: string; readonly port: number }
}

const request = new Request('http://localhost/')
const env: Env = { NOT_FOUND_MESSAGE: 'No such route.' }
const ctx: Ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined }

const worker = handler((request: Request, env: Env, ctx: Ctx) => {
  expectTypeOf(request).toEqualTypeOf<Request>()
  expectTypeOf(env).toEqualTypeOf<Env>()
  expectTypeOf(ctx).toEqualTypeOf<Ctx>()
  ctx.waitUntil(Promise.resolve())
  return TE.left(notFound(env.NOT_FOUND_MESSAGE))
})

describe('handler((request, env, ctx) => …), as Workers call it', () => {
  it('takes (request, env, ctx) and answers a Promise<Response>', () => {
    expectTypeOf(worker).parameters.toEqualTypeOf<[Request, Env, Ctx]>()
    expectTypeOf(worker).returns.toEqualTypeOf<Promise<Response>>()
    expectTypeOf(worker(request, env, ctx)).resolves.toEqualTypeOf<Response>()
  })

  it('is a type error with a wrong, a missing or an extra argument', () => {
    // @ts-expect-error env must be an Env
    void worker(request, { NOT_FOUND_MESSAGE: 404 }, ctx)
    // @ts-expect-error ctx must be a Ctx
    void worker(request, env, {})
    // @ts-expect-error ctx is missing
    void worker(request, env)
    // @ts-expect-error nothing comes after ctx
    void worker(request, env, ctx, 'more')
    // @ts-expect-error the request comes first
    void worker(env, request, ctx)
  })

  it('reads the bindings it declares and no others', () => {
    handler((_request: Request, env: Env) => {
      // @ts-expect-error Env has no DATABASE_URL
      return new Response(env.DATABASE_URL)
    })
  })
})

describe('other runtimes’ arguments', () => {
  it('Deno: (request, info)', () => {
    const deno = handler((_request: Request, info: Info) =>
      TE.left(notFound(`No route for ${info.remoteAddr.hostname}.`)),
    )
    expectTypeOf(deno).parameters.toEqualTypeOf<[Request, Info]>()
  })

  it('with none: (request) only', () => {
    const plain = handler((_request: Request) => new Response('ok'))
    expectTypeOf(plain).parameters.toEqualTypeOf<[Request]>()
    // @ts-expect-error no argument after the request
    void plain(request, env)
  })
})
