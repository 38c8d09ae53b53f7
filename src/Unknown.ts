/**
 * `fromUnknown`: any thrown or rejected value, turned into an `HttpError`. Total: it
 * never throws, whatever the value (Proxies whose every trap throws, revoked Proxies,
 * throwing getters, circular or frozen objects, BigInt, Symbols).
 *
 * A status is trusted only from errors made to be answered: http-errors and Koa's
 * `ctx.throw` (a `status` or `statusCode` with a boolean `expose`) and Boom (`isBoom`).
 * Many other errors carry a status that describes something else — an axios, Stripe or
 * Octokit error has the status an upstream answered, a thrown `Response` is a response
 * the code meant to return — so they are masked 500s like any other value.
 *
 * @since 0.1.0
 */
import {
  badGateway,
  badRequest,
  conflict,
  custom,
  forbidden,
  gatewayTimeout,
  gone,
  headerFieldsTooLarge,
  internal,
  isHttpError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  payloadTooLarge,
  preconditionFailed,
  requestTimeout,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  uriTooLong,
  type Challenge,
  type HttpError,
} from './HttpError.js'
import { isErrorStatus, type ErrorStatus } from './Status.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * An object read as a record of unknown values. Internal, like `get` and `isRecord`:
 * how errmap reads values it did not make (not exported from the package).
 *
 * @category utils
 * @since 0.1.0
 */
export type Bag = Readonly<Record<string, unknown>>

/**
 * An object that is not an array.
 *
 * @category utils
 * @since 0.1.0
 */
export const isRecord = (u: unknown): u is Bag =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * A field of a value, or `undefined` when the value is not an object. May throw (a
 * getter, a Proxy): callers read inside a `try`.
 *
 * @category utils
 * @since 0.1.0
 */
export const get = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Bag)[key] : undefined

// A header from an http-errors/Boom `headers` object, whatever the case of its name.
const header = (hs: unknown, name: string): string | undefined => {
  if (typeof hs !== 'object' || hs === null) return undefined
  for (const k in hs) {
    if (k.toLowerCase() !== name) continue
    const v = (hs as Bag)[k]
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
  }
  return undefined
}

const maxHeaders = 32

// An http-errors/Boom `headers` object as extra response headers: string names, string
// values (numbers written out), at most 32; `undefined` when none is left. The core
// validates names and values and ignores the headers it manages itself.
const extra = (hs: unknown): Readonly<Record<string, string>> | undefined => {
  if (typeof hs !== 'object' || hs === null) return undefined
  // No prototype: a header named `__proto__` stays a header.
  const out = Object.create(null) as Record<string, string>
  let n = 0
  for (const k of Object.keys(hs)) {
    const v = (hs as Bag)[k]
    if (typeof v !== 'string' && typeof v !== 'number') continue
    out[k] = String(v)
    if (++n === maxHeaders) break
  }
  return n === 0 ? undefined : { ...out }
}

const list = (v: string | undefined): ReadonlyArray<string> | undefined => {
  if (v === undefined) return undefined
  const out: Array<string> = []
  for (const part of v.split(',')) {
    const t = part.trim()
    if (t.length > 0) out.push(t)
  }
  return out
}

// `Bearer realm="x", error="y"` → a structured challenge; the first challenge only.
const parseChallenge = (v: string | undefined): ReadonlyArray<Challenge> | undefined => {
  if (v === undefined) return undefined
  const s = v.trim()
  const sp = s.indexOf(' ')
  const scheme = sp < 0 ? s : s.slice(0, sp)
  if (scheme.length === 0) return undefined
  if (sp < 0) return [{ scheme }]
  const rest = s.slice(sp + 1).trim()
  if (!rest.includes('=') || rest.endsWith('=')) return [{ scheme, token68: rest }]
  const params: Record<string, string> = {}
  let i = 0
  while (i < rest.length) {
    const eq = rest.indexOf('=', i)
    if (eq < 0) break
    const name = rest.slice(i, eq).trim()
    let value = ''
    let j = eq + 1
    if (rest[j] === '"') {
      for (j++; j < rest.length && rest[j] !== '"'; j++)
        value += rest[j] === '\\' ? (rest[++j] ?? '') : rest[j]
      j++
    } else {
      const comma = rest.indexOf(',', j)
      const end = comma < 0 ? rest.length : comma
      value = rest.slice(j, end).trim()
      j = end
    }
    if (name.length > 0) params[name] = value
    const comma = rest.indexOf(',', j)
    if (comma < 0) break
    i = comma + 1
  }
  return [{ scheme, params }]
}

const seconds = (v: string | undefined): number | Date | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim().length > 0 && Number.isFinite(n)) return n
  const d = new Date(v)
  return Number.isFinite(d.getTime()) ? d : undefined
}

interface Shape {
  readonly message: string | undefined
  readonly expose: boolean | undefined
  readonly headers: unknown
  readonly cause: unknown
}

/**
 * The variant for a status, carrying what an http-errors, Boom or Koa error knew: its
 * message, `expose`, cause, and its headers — `WWW-Authenticate`, `Allow`,
 * `Retry-After` and `Accept` become the variant's fields, and every header (string or
 * number values, at most 32) is kept in `headers` for the response.
 *
 * @example
 * import { fromStatus } from 'errmap'
 * const e = fromStatus(429, 'slow down', { headers: { 'Retry-After': 30, 'X-RateLimit-Limit': '10' } })
 * assert.strictEqual(e._tag, 'TooManyRequests')
 * assert.deepStrictEqual(e.headers, { 'Retry-After': '30', 'X-RateLimit-Limit': '10' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStatus = (
  s: ErrorStatus,
  message?: string,
  fields?: Partial<Shape>,
): HttpError => {
  const hs = fields?.headers
  const copied = extra(hs)
  const f =
    copied === undefined
      ? { expose: fields?.expose, cause: fields?.cause }
      : { expose: fields?.expose, cause: fields?.cause, headers: copied }
  switch (s) {
    case 400:
      return badRequest(message, f)
    case 401:
      return unauthorized(message, {
        ...f,
        challenges: parseChallenge(header(hs, 'www-authenticate')),
      })
    case 403:
      return forbidden(message, f)
    case 404:
      return notFound(message, f)
    case 405:
      return methodNotAllowed(list(header(hs, 'allow')) ?? [], message, f)
    case 406:
      return notAcceptable(message, f)
    case 408:
      return requestTimeout(message, f)
    case 409:
      return conflict(message, f)
    case 410:
      return gone(message, f)
    case 412:
      return preconditionFailed(message, f)
    case 413:
      return payloadTooLarge(message, { ...f, retryAfter: seconds(header(hs, 'retry-after')) })
    case 414:
      return uriTooLong(message, f)
    case 415:
      return unsupportedMediaType(message, { ...f, accept: list(header(hs, 'accept')) })
    case 422:
      return unprocessableContent([], message, f)
    case 429:
      return tooManyRequests(message, { ...f, retryAfter: seconds(header(hs, 'retry-after')) })
    case 431:
      return headerFieldsTooLarge(message, f)
    case 500:
      return internal(message, f)
    case 501:
      return notImplemented(message, f)
    case 502:
      return badGateway(message, f)
    case 503:
      return serviceUnavailable(message, { ...f, retryAfter: seconds(header(hs, 'retry-after')) })
    case 504:
      return gatewayTimeout(message, f)
    default:
      return custom(s, message, f)
  }
}

const statusOf = (u: unknown): ErrorStatus | undefined => {
  // Boom keeps its status in `output.statusCode`; http-errors and Koa in `status`/`statusCode`.
  if (get(u, 'isBoom') === true) {
    const s = get(get(u, 'output'), 'statusCode')
    return isErrorStatus(s) ? s : undefined
  }
  // Without `expose`, a status is not an answer meant for this client (an upstream's, a
  // `Response`'s).
  if (typeof get(u, 'expose') !== 'boolean') return undefined
  const s = get(u, 'status')
  if (isErrorStatus(s)) return s
  const sc = get(u, 'statusCode')
  return isErrorStatus(sc) ? sc : undefined
}

const fromShaped = (u: unknown, s: ErrorStatus): HttpError => {
  const boom = get(u, 'isBoom') === true
  const m = get(u, 'message')
  const expose = get(u, 'expose')
  return fromStatus(s, typeof m === 'string' && m.length > 0 ? m : undefined, {
    // Boom hides 5xx messages itself and has no `expose`; http-errors sets it.
    expose: typeof expose === 'boolean' ? expose : s < 500,
    headers: boom ? get(get(u, 'output'), 'headers') : get(u, 'headers'),
    cause: u,
  })
}

// The messages of V8's `JSON.parse` (Node, Deno, Chrome): `Unexpected end of JSON
// input`, `Unexpected token 'x', "x" is not valid JSON`, `… in JSON at position 7`,
// `… after JSON at position 7`, and since V8 12 `… at position 7 (line 1 column 8)`;
// and JavaScriptCore's (Bun, Safari): `JSON Parse error: Unexpected EOF`.
const atPosition = / JSON at position \d+(?: \(line \d+ column \d+\))?$/
const fromJsonParse = (m: string): boolean =>
  m === 'Unexpected end of JSON input' ||
  m.endsWith(' is not valid JSON') ||
  m.startsWith('JSON Parse error: ') ||
  atPosition.test(m)

const classify = (u: unknown): HttpError => {
  if (isHttpError(u)) return u
  if (typeof u !== 'object' || u === null) return internal(undefined, { cause: u })
  const s = statusOf(u)
  if (s !== undefined) return fromShaped(u, s)
  const name = get(u, 'name')
  const message = get(u, 'message')
  const code = get(u, 'code')
  if (name === 'SyntaxError' && typeof message === 'string' && fromJsonParse(message))
    return badRequest('The request body is not valid JSON.', { cause: u })
  // AbortSignal.timeout() and undici's timeouts: something we waited on was too slow.
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')
    return gatewayTimeout(undefined, { cause: u })
  // An aborted request (the client went away or gave up): the request timed out.
  if (name === 'AbortError' || code === 'ABORT_ERR') return requestTimeout(undefined, { cause: u })
  return internal(undefined, { cause: u })
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Any value as an `HttpError`; never throws. An `HttpError` passes through; an
 * http-errors or Koa `ctx.throw` error (a `status` or `statusCode` in 400–599 and a
 * boolean `expose`) or a Boom error (`isBoom`, `output.statusCode` in 400–599) keeps its
 * status, message, `expose` (Boom: 4xx shown, 5xx masked) and headers (see
 * `fromStatus`); a `SyntaxError` from V8's `JSON.parse` is a 400; a timeout a 504; an
 * abort a 408; anything else — an object with any other status included (an axios or
 * Stripe error, a thrown `Response`) — a masked 500 with the value as `cause`.
 *
 * @example
 * import { fromUnknown } from 'errmap'
 * assert.strictEqual(fromUnknown(new Error('db password is hunter2'))._tag, 'Internal')
 * assert.strictEqual(fromUnknown({ status: 404, message: 'no such user', expose: true })._tag, 'NotFound')
 * assert.strictEqual(fromUnknown({ status: 404, message: 'upstream: no such charge' })._tag, 'Internal')
 * assert.strictEqual(fromUnknown(new Proxy({}, { get: () => { throw new Error() } }))._tag, 'Internal')
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromUnknown = (u: unknown): HttpError => {
  try {
    return classify(u)
  } catch {
    return internal(undefined, { cause: u })
  }
}
