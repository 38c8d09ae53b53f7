/**
 * The adapter kit: what every adapter does between reading a request and writing a
 * response, once. `answer` reads what failed with the policy's recognisers, maps it with
 * `toResponse`, tells `onError` (never waiting for it) and never throws; `requestFacts`
 * reads the facts of a request however a framework holds its headers; `lastResortJson` is
 * the constant masked 500 an adapter sends when the platform refuses a response. An
 * adapter is then only: read facts, write, catch.
 *
 * @since 0.2.0
 */
import type { HttpError } from '../model/HttpError.js'
import { notify, policy, resolve, type Policy } from '../policy/Policy.js'
import type { Recogniser } from '../unknown/recognisers.js'
import { traceIdOf } from '../internal/trace.js'
import { mergeVary } from '../internal/headers.js'
import { frameFor, type Framing } from '../response/stream.js'
import { lastResortJson, respond } from '../response/toResponse.js'
import type { ErrorResponse, HttpResponse, RequestFacts } from '../response/types.js'

export { lastResortJson }

/**
 * The error response for what failed — a thrown value, a `Left`'s content, an
 * `HttpError` or a list of them — read with the policy's recognisers; `onError` is told
 * about each error it reported (the response never waits for it). `policy` may be any
 * value (see `policy`). Never throws.
 *
 * @internal
 */
export const answer = (failed: unknown, facts: RequestFacts, policy: unknown): ErrorResponse => {
  const p = resolve(policy)
  const read: Array<HttpError> = []
  const response = respond(failed, facts, p, read)
  notify(read, facts, p)
  return response
}

/**
 * The last SSE event or NDJSON line of a stream for what failed inside it (see `sseError`,
 * `ndjsonError`), read as `answer` reads it: `onError` is told about each error. Never
 * throws.
 *
 * @internal
 */
export const answerInStream = (
  framing: Framing,
  failed: unknown,
  facts: RequestFacts,
  policy: unknown,
): string => {
  const p = resolve(policy)
  const read: Array<HttpError> = []
  const frame = frameFor(framing, failed, facts, p, read)
  notify(read, facts, p)
  return frame
}

/**
 * The policy a value stands for (see `resolve`), with a framework's recognisers asked
 * after its own: made once, when an adapter is installed, never per request.
 *
 * @internal
 */
export const withRecognisers = (given: unknown, framework: ReadonlyArray<Recogniser>): Policy => {
  const p = resolve(given)
  return policy({ ...p, recognisers: [...p.recognisers, ...framework] })
}

// A header, or `undefined` for a name the platform refuses.
const header = (read: (name: string) => unknown, name: string): unknown => {
  try {
    return read(name)
  } catch {
    return undefined
  }
}

// A request id: one header value, trimmed, at most 200 characters; empty is none.
const requestIdOf = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined
  const id = v.trim().slice(0, 200)
  return id.length > 0 ? id : undefined
}

/**
 * The facts of a request, however a framework holds its headers: `read(name)` gives a
 * header by its lower-case name (a value that is not one string counts as absent; `read`
 * may throw, for a name the platform refuses). The request id comes from the header
 * `policy.requestIdHeader` names, trimmed and cut to 200 characters; the trace id from
 * `traceparent` when the policy's `trace` is on (an invalid one is none); `Accept-Language`
 * is read when the policy has `messages`. Never throws.
 *
 * @internal
 */
export const requestFacts = (
  read: (name: string) => unknown,
  method: unknown,
  policy: unknown,
): RequestFacts => {
  const accept = header(read, 'accept')
  const p = resolve(policy)
  const name = p.requestIdHeader
  const facts: Mutable<RequestFacts> = {
    accept: typeof accept === 'string' ? accept : undefined,
    method: typeof method === 'string' ? method : undefined,
    requestId: name === undefined ? undefined : requestIdOf(header(read, name)),
  }
  if (p.trace) facts.traceId = traceIdOf(header(read, 'traceparent'))
  if (p.messages !== undefined) {
    const language = header(read, 'accept-language')
    facts.acceptLanguage = typeof language === 'string' ? language : undefined
  }
  return facts
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * A response an adapter can write, each field read once: an integer status in 100–999,
 * a headers record whose values are strings or lists of strings, a string body;
 * `undefined` for anything else (the adapter then sends `lastResortJson`).
 *
 * @internal
 */
export const writable = (u: unknown): HttpResponse | undefined => {
  try {
    if (typeof u !== 'object' || u === null) return undefined
    const o = u as {
      readonly status?: unknown
      readonly headers?: unknown
      readonly body?: unknown
    }
    const status = o.status
    const headers = o.headers
    const body = o.body
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999)
      return undefined
    if (typeof body !== 'string' || typeof headers !== 'object' || headers === null)
      return undefined
    const out: Record<string, string | ReadonlyArray<string>> = {}
    for (const name of Object.keys(headers)) {
      const v: unknown = (headers as Readonly<Record<string, unknown>>)[name]
      if (typeof v === 'string') out[name] = v
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
        out[name] = [...(v as ReadonlyArray<string>)]
      else return undefined
    }
    return { status, headers: out, body }
  } catch {
    return undefined
  }
}

/**
 * The `Vary` of a streamed response whose final frame may be translated: its own with
 * `Accept-Language` added when the policy has `messages`; `undefined` when it has none
 * (nothing to add). Never throws.
 *
 * @internal
 */
export const streamVary = (policy: unknown, was: unknown): string | undefined =>
  resolve(policy).messages === undefined
    ? undefined
    : mergeVary(typeof was === 'string' ? was : undefined, 'Accept-Language')
