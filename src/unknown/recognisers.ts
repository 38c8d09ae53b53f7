/**
 * Recognisers: each reads a thrown or rejected value and says which `HttpError` it is, or
 * `undefined` when it does not know the value. `fromUnknown` asks errmap's own first, then
 * the policy's, then the built-ins below, in order; a value none knows is a masked 500.
 *
 * The rule every recogniser keeps: a status is trusted only from an error made to be
 * answered to this client (http-errors and Koa's `ctx.throw`, Boom, a framework's own
 * request errors). An axios, Stripe or Octokit error carries the status an upstream
 * answered, and a thrown `Response` is a response the code meant to return: those are not
 * ours to answer, and stay masked 500s. Each recogniser reads each field once.
 *
 * @since 0.2.0
 */
import { get, type Bag } from '../internal/read.js'
import type { HttpError } from '../model/HttpError.js'
import { badRequest, gatewayTimeout, requestTimeout } from '../model/errors.js'
import { isErrorStatus, type ErrorStatus } from '../model/Status.js'
import { fromStatus } from './fromStatus.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Reads an unknown value as an `HttpError`, or `undefined` when it does not know it. It
 * may throw (a hostile getter): the value is then answered as a masked 500.
 *
 * @category model
 * @since 0.2.0
 */
export type Recogniser = (u: unknown) => HttpError | undefined

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

const nonEmpty = (m: unknown): string | undefined =>
  typeof m === 'string' && m.length > 0 ? m : undefined

/**
 * Boom errors (`isBoom`): `output.statusCode` in 400–599 keeps its status and
 * `output.headers`; Boom hides 5xx messages itself, so 4xx are shown and 5xx masked.
 *
 * @category instances
 * @since 0.2.0
 */
export const boomErrors: Recogniser = (u) => {
  if (get(u, 'isBoom') !== true) return undefined
  const output = get(u, 'output')
  const s = get(output, 'statusCode')
  if (!isErrorStatus(s)) return undefined
  return fromStatus(s, nonEmpty(get(u, 'message')), {
    expose: s < 500,
    headers: get(output, 'headers'),
    cause: u,
  })
}

/**
 * http-errors and Koa's `ctx.throw`: a `status` (or `statusCode`) in 400–599 with a
 * boolean `expose` keeps its status, message, `expose` and headers. Without `expose`, a
 * status is not an answer meant for this client.
 *
 * @category instances
 * @since 0.2.0
 */
export const httpErrors: Recogniser = (u) => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as Bag
  const expose = o['expose']
  if (typeof expose !== 'boolean') return undefined
  const status = o['status']
  const s: unknown = isErrorStatus(status) ? status : o['statusCode']
  if (!isErrorStatus(s)) return undefined
  return fromStatus(s as ErrorStatus, nonEmpty(o['message']), {
    expose,
    headers: o['headers'],
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

/**
 * A `SyntaxError` from `JSON.parse` (a request body that is not JSON): a 400.
 *
 * @category instances
 * @since 0.2.0
 */
export const jsonSyntaxErrors: Recogniser = (u) => {
  if (get(u, 'name') !== 'SyntaxError') return undefined
  const message = get(u, 'message')
  return typeof message === 'string' && fromJsonParse(message)
    ? badRequest('The request body is not valid JSON.', { cause: u })
    : undefined
}

/**
 * Timeouts (`AbortSignal.timeout()`'s `TimeoutError`, `ETIMEDOUT`, undici's header
 * timeout): something the server waited on was too slow, a 504; an abort (`AbortError`:
 * the client went away or gave up), a 408.
 *
 * @category instances
 * @since 0.2.0
 */
export const timeoutErrors: Recogniser = (u) => {
  const name = get(u, 'name')
  const code = get(u, 'code')
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')
    return gatewayTimeout(undefined, { cause: u })
  if (name === 'AbortError' || code === 'ABORT_ERR') return requestTimeout(undefined, { cause: u })
  return undefined
}
