/**
 * `errmap/fetch`: error responses as Fetch `Response`s, for any Fetch runtime (Node ≥ 20,
 * Deno, Bun, Cloudflare Workers): no `node:` import, no `Buffer`.
 *
 * @since 0.1.0
 */
import { settleRaw, type Outcome } from '../fp/Domain.js'
import type { HttpError } from '../model/HttpError.js'
import { internal } from '../model/errors.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import { framingOf, tail, type Framing } from '../response/stream.js'
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

// What is answered when the runtime refuses a response: it names nothing of it.
const masked = (method: string | undefined): Response =>
  new Response(method === 'HEAD' ? null : lastResortJson.body, {
    status: 500,
    headers: lastResortJson.headers as Record<string, string>,
  })

/**
 * A `Response` for an `HttpResponse`: same status and headers (a list becomes several
 * field lines), no body for `HEAD` or an empty body. Never throws: a response the
 * runtime refuses (a status outside 200–599, a body on a 204 or 304, a header name that
 * is not a token, a header value with a character above U+00FF) becomes a constant
 * masked 500 (`{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}`,
 * JSON, `nosniff`).
 *
 * @example
 * import { write } from 'errmap/fetch'
 * const r = write({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'no' }, 'HEAD')
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.body, null)
 * assert.strictEqual(write({ status: 200, headers: { 'x-city': '東京' }, body: '' }).status, 500)
 *
 * @category utils
 * @since 0.1.0
 */
export const write = (response: HttpResponse, method?: string): Response => {
  try {
    const valid = writable(response)
    if (valid === undefined) return masked(method)
    const headers = new Headers()
    for (const [name, value] of Object.entries(valid.headers))
      if (typeof value === 'string') headers.set(name, value)
      else for (const v of value) headers.append(name, v)
    const empty = method === 'HEAD' || valid.body.length === 0
    return new Response(empty ? null : valid.body, { status: valid.status, headers })
  } catch {
    return masked(method)
  }
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id, read from the header `policy.requestIdHeader` names (`x-request-id` by
 * default; none when it is `undefined`), trimmed and cut to 200 characters (empty is
 * none); the trace id of a valid `traceparent` when the policy's `trace` is on, and
 * `Accept-Language` when it has `messages`. A header sent twice is one value joined with
 * `", "`, as `Headers.get` gives it.
 *
 * @example
 * import { facts } from 'errmap/fetch'
 * const request = new Request('http://localhost/', { method: 'POST', headers: { accept: 'application/json' } })
 * assert.deepStrictEqual(facts(request), { accept: 'application/json', method: 'POST', requestId: undefined })
 *
 * @category utils
 * @since 0.1.0
 */
export const facts = (request: Request, policy: Policy = defaultPolicy): RequestFacts =>
  requestFacts((name) => request.headers.get(name), request.method, policy)

/**
 * The `Response` for one error or several, as the core maps them for this request (see
 * `facts`) under `policy`; calls `policy.onError` with each error, its cause and those
 * facts. Never throws.
 *
 * @example
 * import { notFound } from 'errmap'
 * import { send } from 'errmap/fetch'
 * const r = send(notFound('no user 42'), new Request('http://localhost/users/42'))
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.headers.get('content-type'), 'application/json; charset=utf-8')
 *
 * @category utils
 * @since 0.1.0
 */
export const send = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: Request,
  policy: Policy = defaultPolicy,
): Response => fail(errors, request, policy)

// Answers what failed: errors, or a thrown value.
const fail = (failed: unknown, request: Request, policy: Policy): Response => {
  let method: unknown
  try {
    method = request.method
    return write(answer(failed, facts(request, policy), policy), method as string)
  } catch {
    return masked(typeof method === 'string' ? method : undefined)
  }
}

/**
 * Wraps a Fetch handler that returns a `Response` — directly, in a `Promise`, an
 * `Either` or a `TaskEither` — or throws: a `Left`, a throw or a rejection becomes the
 * mapped error `Response`. A `Response` streaming Server-Sent Events or JSON lines is
 * guarded (see `stream`): a failure inside it ends it with an error event or line. The
 * wrapped handler never rejects.
 *
 * @example
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { notFound } from 'errmap'
 * import { handler } from 'errmap/fetch'
 * const fetchHandler = handler((request: Request) =>
 *   request.url.endsWith('/hello') ? TE.right(new Response('hello')) : TE.left(notFound()),
 * )
 * fetchHandler(new Request('http://localhost/nope')).then((r) => assert.strictEqual(r.status, 404))
 *
 * @category constructors
 * @since 0.1.0
 */
export const handler =
  <Args extends ReadonlyArray<unknown>>(
    fn: (request: Request, ...args: Args) => Outcome<Response>,
    policy: Policy = defaultPolicy,
  ) =>
  async (request: Request, ...args: Args): Promise<Response> => {
    const r = await settleRaw(() => fn(request, ...args))
    if (r._tag === 'Left') return fail(r.left, request, policy)
    // Anything but a Response is a masked 500 that names what was returned in its cause.
    return r.right instanceof Response
      ? stream(r.right, request, policy)
      : fail(internal(undefined, { cause: r.right }), request, policy)
  }

const ignore = (): void => undefined

// A controller whose stream was cancelled meanwhile (nobody reads it) refuses both.
const enqueue = (c: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): void => {
  try {
    c.enqueue(chunk)
  } catch {
    // Cancelled.
  }
}

const close = (c: ReadableStreamDefaultController<Uint8Array>): void => {
  try {
    c.close()
  } catch {
    // Cancelled.
  }
}

// `source` read through: when a read fails (or gives something that is not bytes), the
// final frame for what failed is sent and the stream closes; a cancel reaches the source.
const guarded = (
  source: ReadableStream<unknown>,
  framing: Framing,
  request: RequestFacts,
  policy: Policy,
): ReadableStream<Uint8Array> => {
  const reader = source.getReader()
  const sent = tail(framing)
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, failed: unknown): void => {
    const last = sent.prefix() + answerInStream(framing, failed, request, policy)
    enqueue(controller, new TextEncoder().encode(last))
    close(controller)
    reader.cancel(failed).then(ignore, ignore)
  }
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        let r: ReadableStreamReadResult<unknown>
        try {
          r = await reader.read()
        } catch (failed) {
          return end(controller, failed)
        }
        const chunk = r.value
        if (r.done) close(controller)
        else if (chunk instanceof Uint8Array) {
          sent.push(chunk)
          enqueue(controller, chunk)
        } else end(controller, internal(undefined, { cause: chunk }))
      },
      cancel: (reason) => reader.cancel(reason).then(ignore, ignore),
    },
    { highWaterMark: 0 },
  )
}

/**
 * A response whose body is a stream of Server-Sent Events (`text/event-stream`) or of
 * JSON lines (`application/x-ndjson`, `application/ndjson`, `application/jsonl`,
 * `application/jsonlines`, `application/x-jsonlines`), with its body guarded: once its
 * status is sent, a source that fails (a read rejects, with any value, or gives a chunk
 * that is not a `Uint8Array`) ends with the final event or line for what failed (see
 * `sseError`, `ndjsonError`: JSON, masked as a whole response would be) and a clean end of
 * the stream, instead of a cut connection; `policy.onError` is told once. The client's
 * cancel reaches the source; `content-length` is dropped (the length changes), and `Vary`
 * names `Accept-Language` when the policy translates. Any other
 * response is returned as it is. `handler` does this to what its function returns; call
 * it on a `Response` you build yourself. Never throws.
 *
 * @example
 * import { stream } from 'errmap/fetch'
 * const request = new Request('http://localhost/ticks')
 * let sent = 0
 * const body = new ReadableStream({
 *   pull: (c) =>
 *     sent++ === 0 ? c.enqueue(new TextEncoder().encode('data: 1\n\n')) : c.error(new Error('feed down')),
 * })
 * const r = stream(new Response(body, { headers: { 'content-type': 'text/event-stream' } }), request)
 * assert.strictEqual(r.status, 200)
 * assert.strictEqual(
 *   await r.text(),
 *   'data: 1\n\nevent: error\ndata: {"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}\n\n',
 * )
 *
 * @category utils
 * @since 0.2.0
 */
export const stream = (
  response: Response,
  request: Request,
  policy: Policy = defaultPolicy,
): Response => {
  try {
    const framing = framingOf(response.headers.get('content-type'))
    if (framing === undefined) return response
    const body = response.body
    if (body === null) return response
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    // The final frame may be translated: its language depends on the request's.
    const vary = streamVary(policy, headers.get('vary'))
    if (vary !== undefined) headers.set('vary', vary)
    const init = { status: response.status, statusText: response.statusText, headers }
    return new Response(guarded(body, framing, factsOf(request, policy), policy), init)
  } catch {
    return response
  }
}

// The facts of a request, or none when it cannot be read.
const factsOf = (request: Request, policy: Policy): RequestFacts => {
  try {
    return facts(request, policy)
  } catch {
    return {}
  }
}
