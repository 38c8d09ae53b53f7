/**
 * `fromUnknown`: any thrown or rejected value, turned into an `HttpError` by the
 * recognisers. Total: it never throws, whatever the value (Proxies whose every trap
 * throws, revoked Proxies, getters that throw or change their answer, circular or frozen
 * objects, BigInt, Symbols).
 *
 * @since 0.1.0
 */
import type { HttpError } from '../model/HttpError.js'
import { internal } from '../model/errors.js'
import {
  boomErrors,
  httpErrors,
  jsonSyntaxErrors,
  timeoutErrors,
  type Recogniser,
} from './recognisers.js'
import { snapshot } from './snapshot.js'

const masked = (u: unknown): HttpError => internal(undefined, { cause: u })

const recognise = (u: unknown, own: ReadonlyArray<Recogniser>): HttpError => {
  const e = snapshot(u)
  if (e !== undefined) return e
  for (const r of own) {
    const found = snapshot(r(u))
    if (found !== undefined) return found
  }
  // The built-ins, in order; they know only objects.
  if (typeof u !== 'object' || u === null) return masked(u)
  return boomErrors(u) ?? httpErrors(u) ?? jsonSyntaxErrors(u) ?? timeoutErrors(u) ?? masked(u)
}

/**
 * Any value as an `HttpError`; never throws. An `HttpError` (or a value shaped like one)
 * passes through as a snapshot; then `recognisers` (a policy's, see `policy`) are asked in
 * order, then the built-ins: Boom, http-errors and Koa's `ctx.throw` keep their status,
 * message, `expose` (Boom: 4xx shown, 5xx masked) and headers; a `SyntaxError` from
 * `JSON.parse` is a 400; a timeout a 504; an abort a 408. Anything else — an object with
 * any other status included (an axios or Stripe error, a thrown `Response`) — is a masked
 * 500 with the value as `cause`, and so is a value whose reading throws.
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
export const fromUnknown = (u: unknown, recognisers: ReadonlyArray<Recogniser> = []): HttpError => {
  try {
    return recognise(u, recognisers)
  } catch {
    return masked(u)
  }
}
