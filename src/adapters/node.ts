/**
 * `errmap/node`: error responses on Node's `http` server — write an `HttpResponse`, send
 * errors mapped by the core, and wrap handlers so every failure ends in that response.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Either } from 'fp-ts/Either'
import { settleRaw, type Outcome } from '../fp/Domain.js'
import type { HttpError } from '../model/HttpError.js'
import { internal } from '../model/errors.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import { framingOf, tail, type Framing, type Tail } from '../response/stream.js'
import type { HttpResponse, RequestFacts } from '../response/types.js'
import {
  answer,
  answerInStream,
  lastResortJson,
  requestFacts,
  streamVary,
  writable,
} from './kit.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Writes, or answers with what Node threw (nothing is sent then, and the headers set
// before are still there).
const attempt = (
  res: ServerResponse,
  response: HttpResponse,
  method: string | undefined,
): { readonly thrown: unknown } | undefined => {
  try {
    res.writeHead(response.status, response.headers as OutgoingHttpHeaders)
    res.end(method === 'HEAD' ? undefined : response.body)
    return undefined
  } catch (thrown) {
    return { thrown }
  }
}

const clear = (res: ServerResponse): void => {
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name)
  } catch {
    // Nothing set before can be removed: the error's own headers still replace theirs.
  }
}

const destroy = (res: ServerResponse): void => {
  try {
    res.destroy()
  } catch {
    // Already gone.
  }
}

/**
 * Writes a response: status, headers and body, or no body for `HEAD` (`content-length`
 * is kept). Never throws: a response that is not one (a body that is not a string, a
 * status that is not an integer in 100–999) or one Node refuses (a header
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
  try {
    if (res.destroyed || res.writableEnded) return
    if (res.headersSent) return destroy(res)
    const valid = writable(response)
    if (valid !== undefined && attempt(res, valid, method) === undefined) return
    // Refused before anything was sent (else nothing valid can follow).
    if (!res.headersSent) {
      clear(res)
      if (attempt(res, lastResortJson, method) === undefined) return
    }
  } catch {
    // A response that cannot even be read (a hostile object, a wrapper): cut it.
  }
  destroy(res)
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id, read from the header `policy.requestIdHeader` names (`x-request-id` by
 * default; none when it is `undefined`), trimmed and cut to 200 characters (empty is
 * none); the trace id of a valid `traceparent` when the policy's `trace` is on, and
 * `Accept-Language` when it has `messages`. A header sent twice reaches Node joined with
 * `", "` and is taken as one value, as Fetch's `Headers.get` and Koa do; a header Node
 * gives as a list counts as absent.
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
): void => fail(req, res, errors, policy)

/**
 * Answers what failed — errors, or a thrown value — on a Node response (Express's too).
 *
 * @internal
 */
export const fail = (
  req: IncomingMessage,
  res: ServerResponse,
  failed: unknown,
  policy: Policy,
): void => {
  const request = facts(req, policy)
  const response = answer(failed, request, policy)
  if (!res.headersSent) clear(res)
  write(res, response, req.method)
}

/**
 * What a handler settled to, delivered: a `Right` response is written (one Node refuses
 * is not: what Node threw is what failed); answers what failed — a `Left`'s content, a
 * response that is not one (a masked 500 naming it) — for the adapter to answer, or
 * `undefined` when nothing is left to do. May throw (a response that cannot be read).
 *
 * @internal
 */
export const deliver = (
  req: IncomingMessage,
  res: ServerResponse,
  r: Either<unknown, unknown>,
): { readonly failed: unknown } | undefined => {
  if (r._tag === 'Left') return { failed: r.left }
  const out = r.right
  if (out === undefined || res.destroyed || res.writableEnded) return undefined
  const valid = writable(out)
  if (valid === undefined) return { failed: internal(undefined, { cause: out }) }
  if (res.headersSent) return void write(res, valid, req.method)
  const refused = attempt(res, valid, req.method)
  return refused === undefined ? undefined : { failed: refused.thrown }
}

/**
 * Wraps a handler that returns a value, an `Either`, a `TaskEither` or a `Promise`, or
 * throws: a `Left`, a throw or a rejection is sent as its mapped error response. On
 * success the handler has written its own response, or returns an `HttpResponse` to be
 * written; one Node refuses (an invalid status or header) is answered as a masked 500,
 * reported to `onError` with what Node threw (or the value returned) as the cause. The returned listener's
 * promise never rejects.
 *
 * @example
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import * as E from 'fp-ts/lib/Either.js'
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
    try {
      const failure = deliver(req, res, await settleRaw(() => fn(req, res)))
      if (failure !== undefined) fail(req, res, failure.failed, policy)
    } catch {
      // Never reject: a listener's rejection would end the process.
      destroy(res)
    }
  }

/**
 * What `stream` sends: an async iterable (an async generator, a Node `Readable`) or a web
 * `ReadableStream`, of strings (UTF-8) or bytes.
 *
 * @category model
 * @since 0.2.0
 */
export type Chunks = AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>

// A source read one chunk at a time, and how to stop it (never throws, never rejects).
interface Pull {
  readonly next: () => Promise<IteratorResult<unknown>>
  readonly stop: () => void
}

const ignore = (): void => undefined

// Calls `f`; what it throws, or the rejection of what it returns, is ignored.
const quietly = (f: () => unknown): void => {
  try {
    const r = f()
    if (typeof r === 'object' && r !== null) {
      const then = (r as { readonly then?: unknown }).then
      if (typeof then === 'function') then.call(r, ignore, ignore)
    }
  } catch {
    // Already stopped.
  }
}

// A web stream by its reader, anything else by its async iterator. May throw.
const pullOf = (source: unknown): Pull => {
  const getReader = (source as { readonly getReader?: unknown }).getReader
  if (typeof getReader === 'function') {
    const reader = getReader.call(source) as ReadableStreamDefaultReader<unknown>
    return { next: () => reader.read(), stop: () => quietly(() => reader.cancel()) }
  }
  const it = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
  return { next: () => it.next(), stop: () => quietly(() => it.return?.()) }
}

// Until the response can take more, or is closed (at once when it is already).
const drained = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    if (res.destroyed) return resolve()
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })

/**
 * Sends a stream of chunks as the body of `res`, with the status and headers set on it
 * (`statusCode`, `setHeader`: a header given only to `writeHead` cannot be read back, and
 * `writeHead` sends the headers at once). A source that fails — an iterator or a read that rejects
 * with any value, a chunk that is neither a string nor a `Uint8Array` — is answered as
 * what failed: before the first chunk, with the normal error response (see `send`);
 * after it, when `Content-Type` is `text/event-stream` or one of JSON lines
 * (`application/x-ndjson`, `application/ndjson`, `application/jsonl`,
 * `application/jsonlines`, `application/x-jsonlines`), with the final event or line for it
 * (see `sseError`, `ndjsonError`) and a clean end of the response, its status kept; with any
 * other type nothing valid can follow, so the connection is cut. `policy.onError` is told
 * once. Chunks are written as the client takes them (backpressure); when the client
 * leaves, even before `stream` is called, the source is stopped (`return()` on the
 * iterator, `cancel()` on the stream). A `HEAD` gets the headers and the source is not
 * read. `Vary` names `Accept-Language` when the policy translates (a framed stream's last
 * frame may be translated). The promise never rejects and
 * resolves when the response is done.
 *
 * @example
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import { stream } from 'errmap/node'
 * async function* ticks() {
 *   yield 'data: 1\n\n'
 *   throw new Error('feed down')
 * }
 * const server = createServer((req, res) => {
 *   res.setHeader('content-type', 'text/event-stream')
 *   void stream(req, res, ticks())
 * })
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const { port } = server.address() as { port: number }
 * const r = await fetch(`http://127.0.0.1:${port}/`)
 * assert.strictEqual(r.status, 200)
 * assert.strictEqual(
 *   await r.text(),
 *   'data: 1\n\nevent: error\ndata: {"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}\n\n',
 * )
 * server.close()
 *
 * @category utils
 * @since 0.2.0
 */
export const stream = async (
  req: IncomingMessage,
  res: ServerResponse,
  source: Chunks,
  policy: Policy = defaultPolicy,
): Promise<void> => {
  let pull: Pull | undefined
  let closed = false
  const onClose = (): void => {
    closed = true
    pull?.stop()
  }
  let failed: { readonly value: unknown } | undefined
  let sent: Tail | undefined
  let framing: Framing | undefined
  try {
    res.on('close', onClose)
    framing = framingOf(res.getHeader('content-type'))
    sent = framing === undefined ? undefined : tail(framing)
    pull = pullOf(source)
    // The client left before the stream began (its `close` has been emitted): stop.
    if (res.destroyed || res.writableEnded) return pull.stop()
    if (req.method === 'HEAD') {
      pull.stop()
      return void res.end()
    }
    // The final frame may be translated: its language depends on the request's.
    const vary = framing === undefined ? undefined : streamVary(policy, res.getHeader('vary'))
    if (vary !== undefined && !res.headersSent) res.setHeader('vary', vary)
    for (;;) {
      let r: IteratorResult<unknown>
      try {
        r = await pull.next()
      } catch (value) {
        failed = { value }
        break
      }
      if (closed || res.writableEnded || res.destroyed) return pull.stop()
      if (r.done === true) return void res.end()
      const chunk = r.value
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        pull.stop()
        failed = { value: internal(undefined, { cause: chunk }) }
        break
      }
      sent?.push(chunk)
      if (!res.write(chunk) && !closed) await drained(res)
    }
  } catch (value) {
    // A source that cannot be read, a response that cannot be written.
    pull?.stop()
    failed = { value }
  } finally {
    quietly(() => res.off('close', onClose))
  }
  answerIn(req, res, failed?.value, policy, closed ? undefined : framing, sent, closed)
}

// Answers what failed in a stream: the normal error response before anything was sent;
// the final frame after, when the response is framed (else the connection is cut).
const answerIn = (
  req: IncomingMessage,
  res: ServerResponse,
  failed: unknown,
  policy: Policy,
  framing: Framing | undefined,
  sent: Tail | undefined,
  closed: boolean,
): void => {
  try {
    if (!closed && !res.headersSent) return fail(req, res, failed, policy)
    const request = facts(req, policy)
    if (closed || framing === undefined || sent === undefined || res.writableEnded) {
      // Told, though nothing can be said to the client.
      answer(failed, request, policy)
      return destroy(res)
    }
    res.end(sent.prefix() + answerInStream(framing, failed, request, policy))
  } catch {
    destroy(res)
  }
}
