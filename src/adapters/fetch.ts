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
import { toResponse, type HttpResponse, type RequestFacts } from '../Response.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A `Response` for an `HttpResponse`: same status and headers (a list becomes several
 * field lines), no body for `HEAD` or an empty body.
 *
 * @example
 * import { respond } from 'errmap/fetch'
 * const r = respond({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'no' }, 'HEAD')
 * assert.strictEqual(r.status, 404)
 * assert.strictEqual(r.body, null)
 *
 * @category utils
 * @since 0.1.0
 */
export const respond = (response: HttpResponse, method?: string): Response => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === 'string') headers.set(name, value)
    else for (const v of value) headers.append(name, v)
  const empty = method === 'HEAD' || response.body.length === 0
  return new Response(empty ? null : response.body, { status: response.status, headers })
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * `X-Request-Id` header.
 *
 * @example
 * import { facts } from 'errmap/fetch'
 * const request = new Request('http://localhost/', { method: 'POST', headers: { accept: 'application/json' } })
 * assert.deepStrictEqual(facts(request), { accept: 'application/json', method: 'POST', requestId: undefined })
 *
 * @category utils
 * @since 0.1.0
 */
export const facts = (request: Request): RequestFacts => ({
  accept: request.headers.get('accept') ?? undefined,
  method: request.method,
  requestId: request.headers.get('x-request-id') ?? undefined,
})

/**
 * The `Response` for one error or several, as the core maps them for this request under
 * `policy`, after calling `policy.onError` with each error and its cause.
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
  notify(policy, errors)
  return respond(toResponse(errors, facts(request), policy), request.method)
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
