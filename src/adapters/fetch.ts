/**
 * `errmap/fetch`: error responses as Fetch `Response`s, for any Fetch runtime (Node ≥ 20,
 * Deno, Bun, Cloudflare Workers): no `node:` import, no `Buffer`.
 *
 * @since 0.1.0
 */
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
 * import { respond } from 'errmap/fetch'
 * const r = respond({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'no' }, 'HEAD')
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.body, null)
 * assert.strictEqual(respond({ status: 200, headers: { 'x-city': '東京' }, body: '' }).status, 500)
 *
 * @category utils
 * @since 0.1.0
 */
export const respond = (response: HttpResponse, method?: string): Response => {
  try {
    const headers = new Headers()
    for (const [name, value] of Object.entries(response.headers))
      if (typeof value === 'string') headers.set(name, value)
      else for (const v of value) headers.append(name, v)
    const empty = method === 'HEAD' || response.body.length === 0
    return new Response(empty ? null : response.body, { status: response.status, headers })
  } catch {
    return masked(method)
  }
}

const header = (request: Request, name: string): string | null => {
  try {
    return request.headers.get(name)
  } catch {
    // Not a valid header name (a policy's `requestIdHeader` with a space, say).
    return null
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
  requestFacts((name) => header(request, name), request.method, policy)

/**
 * The `Response` for one error or several, as the core maps them for this request (see
 * `facts`) under `policy`; calls `policy.onError` with each error, its cause and those
 * facts. Never throws.
 *
 * @example
 * import { notFound } from 'errmap'
 * import { toFetchResponse } from 'errmap/fetch'
 * const r = toFetchResponse(notFound('no user 42'), new Request('http://localhost/users/42'))
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.headers.get('content-type'), 'application/json; charset=utf-8')
 *
 * @category utils
 * @since 0.1.0
 */
export const toFetchResponse = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request: Request,
  policy: Policy = defaultPolicy,
): Response => {
  const f = facts(request, policy)
  const response = toResponse(errors, f, policy)
  notify(policy, errors, f)
  return respond(response, request.method)
}

/**
 * Wraps a Fetch handler that returns a `Response` — directly, in a `Promise`, an
 * `Either` or a `TaskEither` — or throws: a `Left`, a throw or a rejection becomes the
 * mapped error `Response`. The wrapped handler never rejects.
 *
 * @example
 * import * as TE from 'fp-ts/TaskEither'
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
  (fn: (request: Request) => Outcome<Response>, policy: Policy = defaultPolicy) =>
  async (request: Request): Promise<Response> => {
    const r = await settle(() => fn(request))
    return E.isLeft(r) ? toFetchResponse(r.left, request, policy) : r.right
  }
