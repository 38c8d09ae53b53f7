/**
 * The baselines: the literal floor, and Boom and http-errors building the same status,
 * headers and body as errmap's `json` format. Shared by the core and HTTP benchmarks.
 */
import * as Boom from '@hapi/boom'
import createError from 'http-errors'
import { STATUS_CODES } from 'node:http'

/** What each candidate produces; the shape of errmap's `HttpResponse`. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly body: string
}

/** The message every 404 carries. */
export const MESSAGE_404 = 'No user 42'

// The constant body's length, computed once: in the floor it is a literal.
const FLOOR_LENGTH = String(
  Buffer.byteLength(JSON.stringify({ message: 'No user 42', code: 'NOT_FOUND' })),
)

/**
 * The literal floor: a constant 404 body stringified, and a headers object literal (its
 * `content-length` a constant too). The least any library can do for this response.
 */
export const floor = (): Answer => {
  const body = JSON.stringify({ message: 'No user 42', code: 'NOT_FOUND' })
  return {
    status: 404,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': FLOOR_LENGTH,
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
    },
    body,
  }
}

const CODES: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  422: 'UNPROCESSABLE_CONTENT',
  500: 'INTERNAL_SERVER_ERROR',
}

// The same JSON body and headers as errmap's default `json` format.
const answer = (
  status: number,
  message: string,
  issues: unknown,
  challenge: string | undefined,
): Answer => {
  const o: Record<string, unknown> = { message, code: CODES[status] }
  if (issues !== undefined) o['issues'] = issues
  const body = JSON.stringify(o)
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-content-type-options': 'nosniff',
    vary: 'Accept',
  }
  if (challenge !== undefined) headers['www-authenticate'] = challenge
  return { status, headers, body }
}

/** The answer built from a Boom error: Boom masks 5xx messages itself (its `error` is the phrase). */
export const fromBoom = (b: Boom.Boom): Answer => {
  const s = b.output.statusCode
  const www = b.output.headers['WWW-Authenticate']
  return answer(
    s,
    s >= 500 ? b.output.payload.error : b.message,
    Array.isArray(b.data) ? b.data : undefined,
    typeof www === 'string' ? www : undefined,
  )
}

/** The answer built from an http-errors error: unexposed messages become the status text. */
export const fromHttpErrors = (e: createError.HttpError): Answer => {
  const www = e.headers?.['WWW-Authenticate']
  const issues: unknown = e['issues']
  return answer(
    e.status,
    e.expose ? e.message : (STATUS_CODES[e.status] ?? 'Error'),
    issues,
    typeof www === 'string' ? www : undefined,
  )
}

export { Boom, createError }
