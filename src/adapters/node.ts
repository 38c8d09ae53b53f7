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
import { toResponse, type HttpResponse, type RequestFacts } from '../Response.js'
import { fromUnknown } from '../Unknown.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Writes a response: status, headers and body, or no body for `HEAD` (`content-length`
 * is kept). Once headers are sent nothing valid can follow, so the socket is destroyed
 * instead; a response already ended or destroyed (the client left) is left alone.
 *
 * @example
 * import { createServer } from 'node:http'
 * import { write } from 'errmap/node'
 * const server = createServer((req, res) =>
 *   write(res, { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }, req.method),
 * )
 * assert.strictEqual(typeof server.listen, 'function')
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
  res.writeHead(response.status, response.headers as OutgoingHttpHeaders)
  res.end(method === 'HEAD' ? undefined : response.body)
}

const one = (v: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * `X-Request-Id` header (a header sent twice counts as absent).
 *
 * @example
 * import { IncomingMessage } from 'node:http'
 * import { Socket } from 'node:net'
 * import { facts } from 'errmap/node'
 * const req = new IncomingMessage(new Socket())
 * req.method = 'HEAD'
 * req.headers = { accept: 'application/problem+json', 'x-request-id': 'req-1' }
 * assert.deepStrictEqual(facts(req), { accept: 'application/problem+json', method: 'HEAD', requestId: 'req-1' })
 *
 * @category utils
 * @since 0.1.0
 */
export const facts = (req: IncomingMessage): RequestFacts => ({
  accept: one(req.headers.accept),
  method: req.method,
  requestId: one(req.headers['x-request-id']),
})

/**
 * Sends one error or several as the core maps them for this request (`Accept`, method,
 * `X-Request-Id`) under `policy`, after calling `policy.onError` with each error and its
 * cause. The error response replaces any header set earlier with `setHeader`.
 *
 * @example
 * import { createServer } from 'node:http'
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/node'
 * const server = createServer((req, res) => send(req, res, notFound(`nothing at ${req.url}`)))
 * assert.strictEqual(typeof server.listen, 'function')
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
  notify(policy, errors)
  if (!res.headersSent) for (const name of res.getHeaderNames()) res.removeHeader(name)
  write(res, toResponse(errors, facts(req), policy), req.method)
}

/**
 * Wraps a handler that returns a value, an `Either`, a `TaskEither` or a `Promise`, or
 * throws: a `Left`, a throw or a rejection is sent as its mapped error response. On
 * success the handler has written its own response, or returns an `HttpResponse` to be
 * written. The returned listener's promise never rejects.
 *
 * @example
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
 * assert.strictEqual(typeof server.listen, 'function')
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
    if (r.right !== undefined) {
      try {
        write(res, r.right, req.method)
      } catch (thrown) {
        // An invalid status or header in the handler's own response.
        send(req, res, fromUnknown(thrown), policy)
      }
    }
  }
