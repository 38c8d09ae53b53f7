/**
 * `errmap/fastify`: error responses for Fastify 5. One plugin installs the error handler
 * and the not-found handler; Fastify's own request errors (a body that is not JSON, an
 * empty JSON body, an unsupported media type, a body too large, a schema that the
 * request fails) are answered with their real 4xx in the policy's format, and anything
 * else thrown is mapped as `fromUnknown` maps it.
 *
 * @since 0.2.0
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { escapeToken } from '../internal/pointer.js'
import { get, maxIssues } from '../internal/read.js'
import type { HttpError, Issue, Location } from '../model/HttpError.js'
import { methodNotAllowed, notFound, unprocessableContent } from '../model/errors.js'
import { isErrorStatus } from '../model/Status.js'
import { defaultPolicy, type Policy } from '../policy/Policy.js'
import type { HttpResponse, RequestFacts } from '../response/types.js'
import { fromStatus } from '../unknown/fromStatus.js'
import type { Recogniser } from '../unknown/recognisers.js'
import { answer, lastResortJson, requestFacts, withRecognisers, writable } from './kit.js'

// -------------------------------------------------------------------------------------
// recognisers
// -------------------------------------------------------------------------------------

// Where Fastify's schema validation looked, as errmap names it.
const locations: Readonly<Record<string, Location>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
}

// One Ajv error as an issue: its `instancePath` is a JSON Pointer already; a missing
// property is one step further down.
const issueOf = (u: unknown, location: Location | undefined): Issue | undefined => {
  const at = get(u, 'instancePath')
  const message = get(u, 'message')
  if (typeof at !== 'string' || (at !== '' && !at.startsWith('/'))) return undefined
  const params = get(u, 'params')
  const missing = get(params, 'missingProperty')
  const type = get(params, 'type')
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = {
    path: typeof missing === 'string' ? `${at}/${escapeToken(missing)}` : at,
    message: typeof message === 'string' ? message : 'is not valid',
  }
  if (location !== undefined) issue.location = location
  if (typeof type === 'string') issue.expected = type
  return issue
}

// A schema validation error: a 422 naming each failure and where it was.
const validationError = (list: ReadonlyArray<unknown>, context: unknown, cause: unknown) => {
  const location = typeof context === 'string' ? locations[context] : undefined
  const issues: Array<Issue> = []
  const n = Math.min(list.length, maxIssues)
  for (let i = 0; i < n; i++) {
    const issue = issueOf(list[i], location)
    if (issue !== undefined) issues.push(issue)
  }
  return unprocessableContent(issues, 'The request is not valid.', { cause })
}

/**
 * Fastify's own request errors: a schema validation error (`FST_ERR_VALIDATION`) is a
 * 422 whose issues point (JSON Pointer) at each failure in its location (`body`,
 * `query`, `path`, `header`); any other `FST_ERR_*` with a 4xx `statusCode` (invalid or
 * empty JSON body 400, unsupported media type 415, body too large 413, …) keeps its
 * status and message. Fastify's 5xx and every other error are not known here.
 *
 * @example
 * import { fastifyErrors } from 'errmap/fastify'
 * const e = fastifyErrors({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415, message: 'Unsupported Media Type' })
 * assert.strictEqual(e?._tag, 'UnsupportedMediaType')
 * assert.strictEqual(fastifyErrors({ code: 'FST_ERR_FAILED_ERROR_SERIALIZATION', statusCode: 500 }), undefined)
 *
 * @category instances
 * @since 0.2.0
 */
export const fastifyErrors: Recogniser = (u) => {
  const code = get(u, 'code')
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_')) return undefined
  const validation = get(u, 'validation')
  if (Array.isArray(validation)) return validationError(validation, get(u, 'validationContext'), u)
  const s = get(u, 'statusCode')
  if (!isErrorStatus(s) || s >= 500) return undefined
  const message = get(u, 'message')
  return fromStatus(s, typeof message === 'string' && message !== '' ? message : undefined, {
    expose: true,
    cause: u,
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const clear = (reply: FastifyReply): void => {
  try {
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name)
    for (const name of reply.raw.getHeaderNames()) reply.raw.removeHeader(name)
  } catch {
    // Nothing set before can be removed: the error's own headers still replace theirs.
  }
}

const verbatim = (body: string): string => body

// Sends through Fastify (its hooks and logging run); `false` when Fastify refused it.
const attempt = (reply: FastifyReply, response: HttpResponse): boolean => {
  try {
    clear(reply)
    void reply
      .code(response.status)
      .headers(response.headers as Readonly<Record<string, string | Array<string>>>)
      // The body is final: an identity serializer replaces any a route set
      // (`reply.serializer`), and with one set Fastify adds no `; charset=utf-8` to a
      // JSON-like type (problem+json and JSON:API's must not carry it). A string, not a
      // Buffer, so Node sends the head and the body in one write.
      .serializer(verbatim)
      .send(response.body)
    return true
  } catch {
    return false
  }
}

/**
 * Writes an `HttpResponse` through Fastify's reply: the headers set before are removed,
 * then status, headers and body are sent (Fastify's hooks run, Node drops the body of a
 * `HEAD`). A response Fastify or Node refuses becomes the constant masked 500 (see
 * `errmap/node`'s `write`); an already-sent reply is left alone. Never throws.
 *
 * @category utils
 * @since 0.2.0
 */
export const write = (reply: FastifyReply, response: HttpResponse): void => {
  if (reply.sent) return
  const valid = writable(response)
  if (valid !== undefined && attempt(reply, valid)) return
  if (!reply.sent && attempt(reply, lastResortJson)) return
  try {
    reply.raw.destroy()
  } catch {
    // Already gone.
  }
}

/**
 * The facts of a request that shape an error response: `Accept`, the method and the
 * request id (see `errmap/node`'s `facts`).
 *
 * @category utils
 * @since 0.2.0
 */
export const facts = (request: FastifyRequest, policy: Policy = defaultPolicy): RequestFacts =>
  requestFacts((name) => request.headers[name], request.method, policy)

// Answers what failed: errors, or a thrown value.
const fail = (request: FastifyRequest, reply: FastifyReply, failed: unknown, p: Policy): void =>
  write(reply, answer(failed, facts(request, p), p))

/**
 * Sends one error or several, mapped under `policy`, from a route that answers its own
 * errors; `onError` hears of each. Never throws.
 *
 * @category utils
 * @since 0.2.0
 */
export const send = (
  request: FastifyRequest,
  reply: FastifyReply,
  errors: HttpError | ReadonlyArray<HttpError>,
  policy: Policy = defaultPolicy,
): void => fail(request, reply, errors, policy)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * For Fastify's `frameworkErrors` option: the errors its router raises before any route
 * or error handler runs (a URL that is not valid percent-encoding, 400; a path parameter
 * too long, 414), answered under `policy` like every other error.
 *
 * @example
 * import Fastify from 'fastify'
 * import { errmap, frameworkErrors } from 'errmap/fastify'
 * const app = Fastify({ frameworkErrors: frameworkErrors() })
 * await app.register(errmap)
 * app.get('/users/:id', async () => 'x')
 * const r = await app.inject({ url: '/users/%E0%A4%A' })
 * assert.deepStrictEqual([r.statusCode, r.json().code], [400, 'BAD_REQUEST'])
 *
 * @category constructors
 * @since 0.2.0
 */
export const frameworkErrors = (policy: Policy = defaultPolicy) => {
  const p = withRecognisers(policy, [fastifyErrors])
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void =>
    fail(request, reply, error, p)
}

/**
 * The plugin's options: the policy to answer with (`defaultPolicy` when none).
 *
 * @category model
 * @since 0.2.0
 */
export interface FastifyOptions {
  readonly policy?: Policy
  /**
   * Whether to install the not-found handler (default `true`). Fastify keeps one per
   * route prefix: a plugin registered without a prefix sets the whole app's, and a second
   * one for the same prefix is an error at boot. Pass `false` where another plugin sets it.
   */
  readonly notFound?: boolean
}

// The methods a route may be asked for: the standard ones and every one a route is
// registered with after the plugin.
const standard = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

const plugin: FastifyPluginAsync<FastifyOptions> = (fastify, options) => {
  const p = withRecognisers(options.policy, [fastifyErrors])
  const methods = new Set(standard)
  fastify.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) methods.add(String(m).toUpperCase())
  })
  // The methods Fastify routes this path under: Fastify answers a path it knows under
  // another method with a 404; RFC 9110 (§15.5.6) wants a 405 that lists them in `Allow`.
  const allowed = (request: FastifyRequest): ReadonlyArray<string> => {
    const out: Array<string> = []
    try {
      // A route that exists for this method and chose not to answer (`callNotFound`, a
      // static file that is not there) is a 404, not a 405.
      if (fastify.findRoute({ method: request.method, url: request.url }) !== null) return out
      for (const method of methods)
        if (method !== request.method && fastify.findRoute({ method, url: request.url }) !== null)
          out.push(method)
    } catch {
      // A path the router cannot read: no route has it.
    }
    return out
  }
  fastify.setErrorHandler((error, request, reply) => fail(request, reply, error, p))
  if (options.notFound !== false)
    fastify.setNotFoundHandler((request, reply) => {
      const allow = allowed(request)
      fail(request, reply, allow.length > 0 ? methodNotAllowed(allow) : notFound(), p)
    })
  return Promise.resolve()
}

/**
 * The plugin: installs an error handler (what a route or hook throws, rejects or passes
 * to `reply.send(error)`, Fastify's own request errors) and a not-found handler, both
 * answering under `options.policy`; `onError` hears of each error. The not-found handler
 * answers a path that a route has under other methods with a 405 whose `Allow` lists
 * them (Fastify's own answers 404), and any other path with a 404. Registered on the root
 * instance it answers for the whole app; registered inside a plugin, its error handler
 * answers for that plugin's routes only (Fastify's encapsulation: a child that sets its
 * own keeps it), and its not-found handler for that plugin's prefix (Fastify keeps one
 * per prefix; see `notFound`). Errors Fastify's router raises before routing need
 * `frameworkErrors` too.
 *
 * @example
 * import Fastify from 'fastify'
 * import { conflict } from 'errmap'
 * import { errmap } from 'errmap/fastify'
 * const app = Fastify()
 * await app.register(errmap)
 * app.post('/users', async () => { throw conflict('email taken') })
 * const r = await app.inject({ method: 'POST', url: '/users' })
 * assert.deepStrictEqual([r.statusCode, r.json()], [409, { message: 'email taken', code: 'CONFLICT' }])
 * assert.strictEqual((await app.inject({ url: '/nope' })).statusCode, 404)
 * const get = await app.inject({ url: '/users' })
 * assert.deepStrictEqual([get.statusCode, get.headers.allow], [405, 'POST'])
 * const bad = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'application/json' }, payload: '{' })
 * assert.deepStrictEqual([bad.statusCode, bad.json().code], [400, 'BAD_REQUEST'])
 *
 * @category constructors
 * @since 0.2.0
 */
export const errmap: FastifyPluginAsync<FastifyOptions> = Object.assign(plugin, {
  // What `fastify-plugin` sets: the handlers apply to the instance it is registered on,
  // not to a new child context.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'errmap',
})
