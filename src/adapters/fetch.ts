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
import type { HttpResponse, RequestFacts } from '../response/types.js'
import { answer, lastResortJson, requestFacts, writable } from './kit.js'

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
 * none). A header sent twice is one value joined with `", "`, as `Headers.get` gives it.
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
 * mapped error `Response`. The wrapped handler never rejects.
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
      ? r.right
      : fail(internal(undefined, { cause: r.right }), request, policy)
  }
