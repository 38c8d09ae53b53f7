/**
 * `errmap/koa`: a middleware for Koa 3 (and 2) that renders whatever goes wrong
 * downstream — errmap errors, `ctx.throw` and http-errors, Boom errors, anything thrown —
 * as the core's JSON error response, instead of Koa's plain-text default.
 *
 * @since 0.1.0
 */
import type { Context, Middleware } from 'koa'
import { notFound, type HttpError } from '../HttpError.js'
import { defaultPolicy, notify, type Policy } from '../Policy.js'
import { toResponse, type HttpResponse } from '../Response.js'
import { fromUnknown } from '../Unknown.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const one = (v: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined

/**
 * Writes an `HttpResponse` into `ctx`: its status, its headers (a list becomes several
 * field lines) and its serialized body. Koa answers `HEAD` without the body.
 *
 * @example
 * import Koa from 'koa'
 * import { write } from 'errmap/koa'
 * const app = new Koa().use((ctx) => {
 *   write(ctx, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' })
 * })
 * assert.strictEqual(typeof app.callback(), 'function')
 *
 * @category utils
 * @since 0.1.0
 */
export const write = (ctx: Context, response: HttpResponse): void => {
  ctx.status = response.status
  for (const [name, value] of Object.entries(response.headers))
    ctx.set(name, typeof value === 'string' ? value : [...value])
  ctx.body = response.body
}

/**
 * Renders one error or several into `ctx` (status, headers, serialized body) as the core
 * maps them for this request (`Accept`, method, `X-Request-Id`) under `policy`, after
 * calling `policy.onError` with each error and its cause; headers set earlier are
 * removed. Returns the status. Koa answers `HEAD` without the body.
 *
 * @example
 * import Koa from 'koa'
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/koa'
 * const app = new Koa().use((ctx) => {
 *   send(ctx, notFound(`nothing at ${ctx.path}`))
 * })
 * assert.strictEqual(typeof app.callback(), 'function')
 *
 * @category utils
 * @since 0.1.0
 */
export const send = (
  ctx: Context,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): number => {
  notify(policy, errors)
  const facts = {
    accept: one(ctx.headers.accept),
    method: ctx.method,
    requestId: one(ctx.headers['x-request-id']),
  }
  const r = toResponse(errors, facts, policy)
  for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name)
  write(ctx, r)
  return r.status
}

// Koa's default listener throws on anything that is not an `Error`.
const asError = (thrown: unknown): Error =>
  thrown instanceof Error
    ? thrown
    : new Error('errmap: a value that is not an Error was thrown', { cause: thrown })

const emit = (ctx: Context, thrown: unknown): void => {
  try {
    ctx.app.emit('error', asError(thrown), ctx)
  } catch {
    // A failing listener must not cost the client its response.
  }
}

/**
 * The error middleware; mount it first. Whatever a later middleware throws or rejects
 * with goes through `fromUnknown` and is rendered by `send`, and Koa's bare 404 (no
 * middleware set a body) becomes a mapped `NotFound`. For 5xx responses the app emits
 * `error` (the thrown value, or an `Error` whose `cause` it is), as Koa users expect for
 * logging; 4xx are not. A failure after the headers were sent is reported (`onError`,
 * `error`) and destroys the socket: no valid response can follow.
 *
 * @example
 * import Koa from 'koa'
 * import { notFound } from 'errmap'
 * import { errmap } from 'errmap/koa'
 * const app = new Koa()
 *   .use(errmap())
 *   .use((ctx) => {
 *     if (ctx.path !== '/') throw notFound(`nothing at ${ctx.path}`)
 *     ctx.body = { hello: 'world' }
 *   })
 * assert.strictEqual(typeof app.callback(), 'function')
 *
 * @category constructors
 * @since 0.1.0
 */
export const errmap =
  (policy: Policy = defaultPolicy): Middleware =>
  async (ctx, next) => {
    try {
      await next()
    } catch (thrown) {
      const error = fromUnknown(thrown)
      if (ctx.headerSent) {
        // Too late for an error response: report, and cut the one under way.
        notify(policy, error)
        emit(ctx, thrown)
        ctx.res.destroy()
        return
      }
      if (send(ctx, error, policy) >= 500) emit(ctx, thrown)
      return
    }
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent)
      send(ctx, notFound(), policy)
  }
