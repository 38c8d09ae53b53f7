/**
 * `errmap/hono`: error responses for Hono 4, on every runtime Hono runs on. A middleware
 * answers whatever fails below it — `Error`s (which Hono hands to `onError`) and any
 * other thrown value (which Hono lets through) — an `onError` handler answers the
 * `Error`s alone, and a not-found handler the requests no route answered. Hono's
 * `HTTPException` keeps its status, message and the headers of any `Response` it
 * carries. The responses are `errmap/fetch`'s.
 *
 * @since 0.2.0
 */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { get, headerRecord, put } from '../internal/read.js'
import type { HttpError } from '../model/HttpError.js'
import { notFound } from '../model/errors.js'
import { isErrorStatus } from '../model/Status.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import type { RequestFacts } from '../response/types.js'
import { fromStatus } from '../unknown/fromStatus.js'
import type { Recogniser } from '../unknown/recognisers.js'
import { write } from './fetch.js'
import { answer, requestFacts, withRecognisers } from './kit.js'

// -------------------------------------------------------------------------------------
// recognisers
// -------------------------------------------------------------------------------------

// The headers of a `Response`, at most as many as any header record.
const headersOf = (res: unknown): unknown => {
  const h = get(res, 'headers')
  if (!(h instanceof Headers)) return undefined
  const all: Record<string, string> = {}
  h.forEach((value, name) => put(all, name, value))
  return headerRecord(all)
}

// An `HTTPException`, of this copy of Hono or another (two copies: a CJS and an ESM
// build, or a package manager's peers), as Hono's own error handler tells it.
const isHttpException = (u: unknown): boolean =>
  u instanceof HTTPException || (u instanceof Error && typeof get(u, 'getResponse') === 'function')

/**
 * Hono's `HTTPException`: a status in 400–599 keeps it, with its message (a 5xx is
 * masked, as every 5xx is by default) and the headers of the `Response` it carries, if
 * any (`basicAuth`'s `WWW-Authenticate` challenge, say); the body is errmap's.
 *
 * @example
 * import { HTTPException } from 'hono/http-exception'
 * import { honoErrors } from 'errmap/hono'
 * const e = honoErrors(new HTTPException(401, { message: 'who are you?' }))
 * assert.deepStrictEqual([e?._tag, e?.message], ['Unauthorized', 'who are you?'])
 *
 * @category instances
 * @since 0.2.0
 */
export const honoErrors: Recogniser = (u) => {
  if (!isHttpException(u)) return undefined
  const s: unknown = get(u, 'status')
  if (!isErrorStatus(s)) return undefined
  const message = get(u, 'message')
  return fromStatus(s, typeof message === 'string' && message !== '' ? message : undefined, {
    expose: s < 500,
    headers: headersOf(get(u, 'res')),
    cause: u,
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id (see `errmap/fetch`'s `facts`).
 *
 * @category utils
 * @since 0.2.0
 */
export const facts = (c: Context, policy: Policy = defaultPolicy): RequestFacts =>
  requestFacts((name) => c.req.header(name), c.req.method, policy)

// The requests whose error `onError` answered already, so that the middleware does not
// answer (and tell `onError`) twice: by the request's context, since a middleware below
// may replace the response, and one error value may be thrown in many requests.
const answered = new WeakSet<Context>()

// The request is read once, into its facts; the method for `HEAD` comes from them.
const respond = (c: Context, failed: unknown, p: Policy): Response => {
  const request = facts(c, p)
  return write(answer(failed, request, p), request.method)
}

// Replaces the response being built: the headers set before are dropped, as every
// adapter drops them (Hono would otherwise copy them onto the new one). Returned too,
// for a handler to return.
const replace = (c: Context, r: Response): Response => {
  c.res = undefined
  c.res = r
  return r
}

/**
 * Sends one error or several from a handler, mapped under `policy`; `onError` hears of
 * each. Never throws.
 *
 * @example
 * import { Hono } from 'hono'
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/hono'
 * const app = new Hono().get('/users/:id', (c) => send(c, notFound(`no user ${c.req.param('id')}`)))
 * const r = await app.request('/users/7')
 * assert.deepStrictEqual([r.status, await r.json()], [404, { message: 'no user 7', code: 'NOT_FOUND' }])
 *
 * @category utils
 * @since 0.2.0
 */
export const send = (
  c: Context,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): Response => replace(c, respond(c, errors, policy))

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The middleware, registered first (`app.use(errmap())`): whatever fails below it is
 * mapped and answered — a thrown `Error` (which Hono gives to `onError`: its response is
 * replaced), any other thrown or rejected value, `HTTPException`s, errmap's errors
 * (plain or made with `toError`). `onError` hears of each error. Add `notFoundHandler()`
 * for the requests no route answers.
 *
 * @example
 * import { Hono } from 'hono'
 * import { conflict } from 'errmap'
 * import { errmap, notFoundHandler, onError } from 'errmap/hono'
 * const app = new Hono()
 * app.use(errmap())
 * app.onError(onError()) // else Hono logs each Error it catches before errmap answers
 * app.notFound(notFoundHandler())
 * app.post('/users', () => { throw conflict('email taken') })
 * const r = await app.request('/users', { method: 'POST' })
 * assert.deepStrictEqual([r.status, await r.json()], [409, { message: 'email taken', code: 'CONFLICT' }])
 * assert.strictEqual((await app.request('/nope')).status, 404)
 *
 * @category constructors
 * @since 0.2.0
 */
export const errmap = (policy: Policy = defaultPolicy): MiddlewareHandler => {
  const p = withRecognisers(policy, [honoErrors])
  return async (c, next) => {
    try {
      await next()
    } catch (thrown) {
      replace(c, respond(c, thrown, p))
      return
    }
    const error: unknown = c.error
    if (error !== undefined && !answered.has(c)) replace(c, respond(c, error, p))
  }
}

/**
 * An `onError` handler (`app.onError(onError())`): the `Error`s Hono catches, mapped and
 * answered. Hono gives it nothing else: a thrown value that is not an `Error` needs the
 * middleware (or `toError`).
 *
 * @category constructors
 * @since 0.2.0
 */
export const onError = (policy: Policy = defaultPolicy): ErrorHandler => {
  const p = withRecognisers(policy, [honoErrors])
  return (error, c) => {
    answered.add(c)
    // Hono sets what this returns (an error's response replaces any other): dropping
    // the response built so far drops the headers set before.
    c.res = undefined
    return respond(c, error, p)
  }
}

/**
 * A not-found handler (`app.notFound(notFoundHandler())`): a 404 in the policy's format.
 *
 * @category constructors
 * @since 0.2.0
 */
export const notFoundHandler =
  (policy: Policy = defaultPolicy): NotFoundHandler =>
  (c) =>
    replace(c, respond(c, notFound(), policy))
