/**
 * `errmap/express`: error responses for Express 4 and 5. Express's request and response
 * are Node's, so this is `errmap/node` in Express's shapes: an error-handling middleware
 * (what a route throws, rejects — Express 5 — or passes to `next(err)`), a handler for
 * the requests no route answered, and `send`.
 *
 * @since 0.2.0
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import { settleRaw, type Outcome } from '../fp/Domain.js'
import type { HttpError } from '../model/HttpError.js'
import { internal, notFound } from '../model/errors.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import type { HttpResponse } from '../response/types.js'
import { deliver, fail } from './node.js'

export { facts, write } from './node.js'

/**
 * Sends one error or several as `errmap/node`'s `send` does. Never throws.
 *
 * @category utils
 * @since 0.2.0
 */
export const send = (
  req: Request,
  res: Response,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): void => fail(req, res, errors, policy)

/**
 * The error-handling middleware, registered after the routes: whatever reaches it is
 * mapped (errmap's errors, http-errors, a body parser's 400/413/415, any thrown value)
 * and sent; `onError` hears of each error. Never throws.
 *
 * @example
 * import { once } from 'node:events'
 * import express from 'express'
 * import { conflict } from 'errmap'
 * import { errmap, notFoundHandler } from 'errmap/express'
 * const app = express()
 * app.post('/users', () => { throw conflict('email taken') })
 * app.use(notFoundHandler())
 * app.use(errmap())
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/users`, { method: 'POST' })
 * assert.deepStrictEqual([r.status, await r.json()], [409, { message: 'email taken', code: 'CONFLICT' }])
 * assert.strictEqual((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404)
 * server.close()
 *
 * @category constructors
 * @since 0.2.0
 */
export const errmap =
  (policy: Policy = defaultPolicy): ErrorRequestHandler =>
  // Express tells an error handler by its four parameters.
  (err: unknown, req, res, _next) =>
    fail(req, res, err, policy)

/**
 * A handler for the requests no route answered, registered after the routes: a 404 in
 * the policy's format.
 *
 * @category constructors
 * @since 0.2.0
 */
export const notFoundHandler =
  (policy: Policy = defaultPolicy): RequestHandler =>
  (req, res) =>
    fail(req, res, notFound(), policy)

// What `next` may be given: Express reads a falsy value as "no error" and `'route'` or
// `'router'` as "skip"; those are masked 500s naming the value as their cause.
const forNext = (failed: unknown): unknown =>
  !failed || failed === 'route' || failed === 'router'
    ? internal(undefined, { cause: failed })
    : failed

/**
 * A route from a function that returns an `HttpResponse` (or writes its own response
 * and returns nothing) — directly, in a `Promise`, an `Either` or a `TaskEither` — or
 * throws: a `Left`, a throw or a rejection goes to `next`, for the error-handling
 * middleware (`errmap()`) to answer. Express 4 does not read rejected promises: this is
 * how an async route reaches the error handler there.
 *
 * @example
 * import { once } from 'node:events'
 * import express from 'express'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { notFound } from 'errmap'
 * import { errmap, handler } from 'errmap/express'
 * const app = express()
 * app.get('/users/:id', handler((req) => TE.left(notFound(`no user ${req.params.id}`))))
 * app.use(errmap())
 * const server = app.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/users/7`)
 * assert.deepStrictEqual([r.status, await r.json()], [404, { message: 'no user 7', code: 'NOT_FOUND' }])
 * server.close()
 *
 * @category constructors
 * @since 0.2.0
 */
export const handler =
  (
    // `void`: a route that writes its own response returns nothing.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
    fn: (req: Request, res: Response) => Outcome<HttpResponse | void>,
  ): RequestHandler =>
  (req, res, next) => {
    void settleRaw(() => fn(req, res))
      .then((r) => {
        let failure: { readonly failed: unknown } | undefined
        try {
          // A response Node refuses goes to the error handler with what Node threw.
          failure = deliver(req, res, r)
        } catch (thrown) {
          // A response that cannot even be read.
          failure = { failed: thrown }
        }
        if (failure !== undefined) next(forNext(failure.failed))
      })
      .catch(() => {
        // `next` threw: Express itself failed; nothing more can be sent.
        try {
          res.destroy()
        } catch {
          // Already gone.
        }
      })
  }
