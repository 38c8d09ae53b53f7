/**
 * `errmap/node`: error responses on Node's `http` server — write an `HttpResponse`, send
 * errors mapped by the core, and wrap handlers so every failure ends in that response.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import * as E from 'fp-ts/Either'
import { settle, type Outcome } from '../Domain.js'
import type { HttpError } from '../HttpError.js'
import { defaultPolicy, notify, type Policy } from '../Policy.js'
import {
  lastResortJson,
  requestFacts,
  toResponse,
  type HttpResponse,
  type RequestFacts,
} from '../Response.js'
import { fromUnknown } from '../Unknown.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Writes, or answers with what Node threw (nothing is sent then, and the headers set
// before are still there).
const attempt = (
  res: ServerResponse,
  response: HttpResponse,
  method: string | undefined,
): E.Either<unknown, void> => {
  try {
    res.writeHead(response.status, response.headers as OutgoingHttpHeaders)
    res.end(method === 'HEAD' ? undefined : response.body)
    return E.right(undefined)
  } catch (thrown) {
    return E.left(thrown)
  }
}

const clear = (res: ServerResponse): void => {
  for (const name of res.getHeaderNames()) res.removeHeader(name)
}

/**
 * Writes a response: status, headers and body, or no body for `HEAD` (`content-length`
 * is kept). Never throws: a response Node refuses (a status outside 100–999, a header
 * name that is not a token, a header value with a character above U+00FF or a control
 * character) is replaced by a constant masked 500 (`{"message":"Internal Server
 * Error","code":"INTERNAL_SERVER_ERROR"}`, JSON, `nosniff`). Once headers are sent
 * nothing valid can follow, so the socket is destroyed instead; a response already ended
 * or destroyed (the client left) is left alone.
 *
 * @example
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import { write } from 'errmap/node'
 * const server = createServer((req, res) =>
 *   write(res, { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }, req.method),
 * )
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/`)
 * assert.strictEqual(await r.text(), 'ok')
 * server.close()
 *
 * @category utils
 * @since 0.1.0
 */
export const write = (res: ServerResponse, response: HttpResponse, method?: string): void => {
  if (res.destroyed || res.writableEnded) return
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (E.isRight(attempt(res, response, method))) return
  // Refused before anything was sent (else nothing valid can follow).
  if (!res.headersSent) {
    clear(res)
    if (E.isRight(attempt(res, lastResortJson, method))) return
  }
  res.destroy()
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id, read from the header `policy.requestIdHeader` names (`x-request-id` by
 * default; none when it is `undefined`), trimmed and cut to 200 characters (empty is
 * none). A header sent twice reaches Node joined with `", "` and is taken as one value,
 * as Fetch's `Headers.get` and Koa do; a header Node gives as a list counts as absent.
 *
 * @example
 * import { IncomingMessage } from 'node:http'
 * import { Socket } from 'node:net'
 * import { facts } from 'errmap/node'
 * const req = new IncomingMessage(new Socket())
 * req.method = 'HEAD'
 * req.headers = { accept: 'application/problem+json', 'x-request-id': ' req-1 ' }
 * assert.deepStrictEqual(facts(req), { accept: 'application/problem+json', method: 'HEAD', requestId: 'req-1' })
 *
 * @category utils
 * @since 0.1.0
 */
export const facts = (req: IncomingMessage, policy: Policy = defaultPolicy): RequestFacts =>
  requestFacts((name) => req.headers[name], req.method, policy)

/**
 * Sends one error or several as the core maps them for this request (see `facts`) under
 * `policy`, and calls `policy.onError` with each error, its cause and those facts. The
 * headers set earlier with `setHeader` are removed, as Koa's own error handler does (a
 * `Cache-Control` or `ETag` meant for a success must not stick to the error); headers
 * the errors carry (`headers`) are sent. Never throws.
 *
 * @example
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/node'
 * const server = createServer((req, res) => send(req, res, notFound(`nothing at ${req.url}`)))
 * server.listen(0, '127.0.0.1')
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
  req: IncomingMessage,
  res: ServerResponse,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): void => {
  const request = facts(req, policy)
  const response = toResponse(errors, request, policy)
  notify(policy, errors, request)
  if (!res.headersSent) clear(res)
  write(res, response, req.method)
}

/**
 * Wraps a handler that returns a value, an `Either`, a `TaskEither` or a `Promise`, or
 * throws: a `Left`, a throw or a rejection is sent as its mapped error response. On
 * success the handler has written its own response, or returns an `HttpResponse` to be
 * written; one Node refuses (an invalid status or header) is answered as a masked 500,
 * reported to `onError` with what Node threw as the cause. The returned listener's
 * promise never rejects.
 *
 * @example
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import * as E from 'fp-ts/Either'
 * import { notFound } from 'errmap'
 * import { handler } from 'errmap/node'
 * const server = createServer(
 *   handler((req) =>
 *     req.url === '/'
 *       ? E.right({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' })
 *       : E.left(notFound()),
 *   ),
 * )
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/nope`)
 * assert.strictEqual(r.status, 404)
 * server.close()
 *
 * @category constructors
 * @since 0.1.0
 */
export const handler =
  (
    // `void`: a handler that writes its own response returns nothing.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
    fn: (req: IncomingMessage, res: ServerResponse) => Outcome<HttpResponse | void>,
    policy: Policy = defaultPolicy,
  ) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const r = await settle(() => fn(req, res))
    if (E.isLeft(r)) return send(req, res, r.left, policy)
    if (r.right === undefined || res.destroyed || res.writableEnded) return
    if (res.headersSent) return write(res, r.right, req.method)
    const written = attempt(res, r.right, req.method)
    if (E.isLeft(written)) send(req, res, fromUnknown(written.left), policy)
  }
