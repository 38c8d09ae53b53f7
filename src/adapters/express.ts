/**
 * `errmap/express`: error responses for Express 4 and 5. Express's request and response
 * are Node's, so this is `errmap/node` in Express's shapes: an error-handling middleware
 * (what a route throws, rejects — Express 5 — or passes to `next(err)`), a handler for
 * the requests no route answered, and `send`.
 *
 * @since 0.2.0
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import type { HttpError } from '../model/HttpError.js'
import { notFound } from '../model/errors.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import { fail } from './node.js'

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
