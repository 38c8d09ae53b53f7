/**
 * `errmap/koa`: a middleware for Koa 3 (and 2) that renders whatever goes wrong
 * downstream — errmap errors, `ctx.throw` and http-errors, Boom errors, anything thrown —
 * as the core's JSON error response, instead of Koa's plain-text default.
 *
 * @since 0.1.0
 */
import type { Context, Middleware } from 'koa'
import type { HttpError } from '../model/HttpError.js'
import { notFound } from '../model/errors.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import type { HttpResponse, RequestFacts } from '../response/types.js'
import { answer, lastResortJson, requestFacts, writable } from './kit.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const clear = (ctx: Context): void => {
  try {
    for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name)
  } catch {
    // Not Koa's Node response: nothing set before can be removed.
  }
}

const put = (ctx: Context, response: HttpResponse): void => {
  ctx.status = response.status
  for (const [name, value] of Object.entries(response.headers))
    ctx.set(name, typeof value === 'string' ? value : [...value])
  ctx.body = response.body
}

/**
 * Writes an `HttpResponse` into `ctx`: its status, its headers (a list becomes several
 * field lines) and its serialized body. Koa answers `HEAD` without the body. Never
 * throws: a response Koa or Node refuses (a status Koa does not know, a header name that
 * is not a token, a header value with a character above U+00FF) is replaced by a
 * constant masked 500 (`{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}`,
 * JSON, `nosniff`), without the headers set before.
 *
 * @example
 * import { once } from 'node:events'
 * import Koa from 'koa'
 * import { write } from 'errmap/koa'
 * const app = new Koa().use((ctx) => {
 *   write(ctx, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' })
 * })
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/`)
 * assert.strictEqual(await r.text(), 'ok')
 * server.close()
 *
 * @category utils
 * @since 0.1.0
 */
export const write = (ctx: Context, response: HttpResponse): void => {
  try {
    const valid = writable(response)
    if (valid === undefined) clear(ctx)
    put(ctx, valid ?? lastResortJson)
  } catch {
    try {
      clear(ctx)
      put(ctx, lastResortJson)
    } catch {
      // Only a Context that is not Koa's can refuse the constant response: leave it.
    }
  }
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id, read from the header `policy.requestIdHeader` names (`x-request-id` by
 * default; none when it is `undefined`), trimmed and cut to 200 characters (empty is
 * none); the trace id of a valid `traceparent` when the policy's `trace` is on, and
 * `Accept-Language` when it has `messages`. A header sent twice reaches Koa (from Node)
 * joined with `", "` and is taken as one value, as Fetch's `Headers.get` does; a header
 * Node gives as a list counts as absent.
 *
 * @example
 * import { once } from 'node:events'
 * import Koa from 'koa'
 * import { facts } from 'errmap/koa'
 * const app = new Koa().use((ctx) => {
 *   ctx.body = facts(ctx)
 * })
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'application/json', 'x-request-id': ' r-1 ' } })
 * assert.deepStrictEqual(await r.json(), { accept: 'application/json', method: 'GET', requestId: 'r-1' })
 * server.close()
 *
 * @category utils
 * @since 0.1.0
 */
export const facts = (ctx: Context, policy: Policy = defaultPolicy): RequestFacts =>
  requestFacts((name) => ctx.headers[name], ctx.method, policy)

// Answers what failed (errors, or a thrown value) and gives the status it rendered.
const render = (ctx: Context, failed: unknown, policy: Policy): number => {
  const request = facts(ctx, policy)
  const response = answer(failed, request, policy)
  if (ctx.headerSent) {
    // Nothing valid can follow: cut the response under way.
    destroy(ctx)
    return response.status
  }
  clear(ctx)
  write(ctx, response)
  return ctx.status
}

const destroy = (ctx: Context): void => {
  try {
    ctx.res.destroy()
  } catch {
    // Already gone.
  }
}

/**
 * Renders one error or several into `ctx` (status, headers, serialized body) as the core
 * maps them for this request (see `facts`) under `policy`, and calls `policy.onError`
 * with each error, its cause and those facts. The headers set before are removed, as
 * Koa's own error handler does (a `Cache-Control` meant for a success must not stick to
 * the error); headers the errors carry (`headers`, which an http-errors or Boom error's
 * headers become through `fromUnknown`, where `@koa/cors` puts its headers) are sent.
 * Koa answers `HEAD` without the body. After the headers were sent nothing valid can
 * follow, so the socket is destroyed instead. Never throws.
 *
 * @example
 * import { once } from 'node:events'
 * import Koa from 'koa'
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/koa'
 * const app = new Koa().use((ctx) => {
 *   send(ctx, notFound(`nothing at ${ctx.path}`))
 * })
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/x`)
 * assert.deepStrictEqual([r.status, await r.json()], [404, { message: 'nothing at /x', code: 'NOT_FOUND' }])
 * server.close()
 *
 * @category utils
 * @since 0.1.0
 */
export const send = (
  ctx: Context,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): void => {
  render(ctx, errors, policy)
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
 * `error`) and destroys the socket: no valid response can follow. The middleware never
 * rejects.
 *
 * @example
 * import { once } from 'node:events'
 * import Koa from 'koa'
 * import { notFound } from 'errmap'
 * import { errmap } from 'errmap/koa'
 * const app = new Koa()
 *   .use(errmap())
 *   .use((ctx) => {
 *     if (ctx.path !== '/') throw notFound(`nothing at ${ctx.path}`)
 *     ctx.body = { hello: 'world' }
 *   })
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/x`)
 * assert.deepStrictEqual([r.status, await r.json()], [404, { message: 'nothing at /x', code: 'NOT_FOUND' }])
 * server.close()
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
      // A 5xx is also emitted on the app, as Koa users expect; a response already under
      // way is cut, after `onError` was told.
      if (render(ctx, thrown, policy) >= 500 || ctx.headerSent) emit(ctx, thrown)
      return
    }
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent)
      send(ctx, notFound(), policy)
  }
