/**
 * Errors inside a stream. Once a Server-Sent Events or NDJSON response has started, its
 * status is sent: what fails after can only be said in the stream itself. `sseError` and
 * `ndjsonError` write that last event or line from the body the `json` format writes for
 * the same errors under the same policy — masked 5xx, bounds, request and trace ids — so
 * a client reads one error shape whether it came before the stream or inside it.
 *
 * @since 0.2.0
 */
import { json } from '../format/json.js'
import type { HttpError } from '../model/HttpError.js'
import { policy as build, resolve, type Policy } from '../policy/Policy.js'
import { lastResortJson, respond } from './toResponse.js'
import type { ErrorResponse, RequestFacts } from './types.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * How a streaming body is framed: Server-Sent Events, or one JSON text per line.
 *
 * @internal
 */
export type Framing = 'sse' | 'ndjson'

// Each policy with `json` as its only format, made once per policy.
const jsonPolicies = new WeakMap<Policy, Policy>()

/**
 * The policy with `json` as its only format (everything else kept): the body of a final
 * frame is the JSON one, whatever the policy negotiates for a whole response.
 *
 * @internal
 */
export const jsonOnly = (p: Policy): Policy => {
  if (p.formats.length === 1 && p.formats[0] === json) return p
  let q = jsonPolicies.get(p)
  if (q === undefined) {
    q = build({ ...p, formats: [json] })
    jsonPolicies.set(p, q)
  }
  return q
}

// Characters some line readers also end a line at (Python's `splitlines`, a JavaScript
// regular expression's `$`), which JSON.stringify leaves raw in strings: escaped, the JSON
// value is the same and no reader can cut it.
const breaks = /[\u0085\u2028\u2029]/g
const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

// WHATWG HTML §9.2.6: a line ends at CR LF, LF or CR.
const lineEnds = /\r\n|\r|\n/

/**
 * The final SSE event or NDJSON line for an error response's JSON body: `event: error`
 * and one `data:` line per line of the body (JSON.stringify writes one), then the blank
 * line that dispatches it; or `{"status":…,"error":<body>}` and LF, any CR or LF in the
 * body (JSON whitespace) made a space.
 *
 * @internal
 */
export const frame = (framing: Framing, response: ErrorResponse): string => {
  const body = response.body.replace(breaks, escape)
  if (framing === 'ndjson')
    return `{"status":${response.status},"error":${body.replace(/[\r\n]/g, ' ')}}\n`
  let out = 'event: error\n'
  for (const line of body.split(lineEnds)) out += `data: ${line}\n`
  return `${out}\n`
}

/**
 * The final frame for what failed, as `toResponse` maps it under `policy` in JSON; the
 * errors as read are pushed to `read` (see `respond`). Never throws.
 *
 * @internal
 */
export const frameFor = (
  framing: Framing,
  failed: unknown,
  request: RequestFacts | undefined,
  policy: unknown,
  read?: Array<HttpError>,
): string => {
  try {
    return frame(framing, respond(failed, request, jsonOnly(resolve(policy)), read))
  } catch {
    return frame(framing, lastResortJson)
  }
}

const CR = 0x0d
const LF = 0x0a

/**
 * What a stream sent so far, as far as its framing goes: `prefix()` is what must come
 * before a final frame or line so that it stands on its own — nothing at a boundary (no
 * byte sent, an SSE event ended by a blank line, an NDJSON line ended by LF), else the line
 * ends that close the unfinished line (and SSE event). Line ends are ASCII: bytes and
 * UTF-16 units read alike, and only the line ends at the end of a chunk are looked at.
 *
 * @internal
 */
export interface Tail {
  readonly push: (chunk: string | Uint8Array) => void
  readonly prefix: () => string
}

/** @internal */
export const tail = (framing: Framing): Tail => {
  // At the start of a line; the line before was empty (an SSE boundary); the last byte
  // was a CR (an LF next belongs to it).
  let start = true
  let blank = true
  let cr = false
  return {
    push: (chunk) => {
      const n = chunk.length
      const at = (i: number): number =>
        typeof chunk === 'string' ? chunk.charCodeAt(i) : (chunk[i] as number)
      let k = n
      while (k > 0 && (at(k - 1) === LF || at(k - 1) === CR)) k--
      if (k > 0) start = blank = cr = false
      for (let i = k; i < n; i++) {
        const c = at(i)
        if (c === LF && cr) cr = false
        else {
          blank = start
          start = true
          cr = c === CR
        }
      }
    },
    prefix: () =>
      framing === 'sse' ? (blank ? '' : start && !cr ? '\n' : '\n\n') : start && !cr ? '' : '\n',
  }
}

// The media types whose bodies end in a frame: SSE, and the names NDJSON / JSON Lines go
// by (one JSON text per LF-ended line). JSON text sequences (RFC 7464) are framed apart.
const framings: Readonly<Record<string, Framing>> = {
  'text/event-stream': 'sse',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/jsonlines': 'ndjson',
  'application/x-jsonlines': 'ndjson',
}

/**
 * The framing a `Content-Type` value announces, or `undefined` (not a string, another
 * media type).
 *
 * @internal
 */
export const framingOf = (contentType: unknown): Framing | undefined => {
  if (typeof contentType !== 'string') return undefined
  const semi = contentType.indexOf(';')
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase()
  return Object.hasOwn(framings, type) ? framings[type] : undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The last event of a Server-Sent Events stream for one error or several:
 * `event: error\ndata: <json>\n\n`, where `<json>` is the body `toResponse` writes for them
 * in the `json` format under `policy` (a masked 5xx stays masked; bounds, `requestId` and
 * `traceId` as in that body), with U+0085, U+2028 and U+2029 escaped (the same JSON value).
 * The data is split into one `data:` line per line (JSON.stringify writes one), so no
 * character can end the event early. Send it, then close the stream. An `EventSource`
 * delivers it to its `error` listeners — where a lost connection also arrives, without
 * `data` — as a `MessageEvent` with the JSON as `data`; call `close()` there, or the
 * browser reconnects when the stream ends and asks again. Total, as
 * `toResponse` is; it tells no `onError` (the adapters do).
 *
 * @example
 * import { sseError, notFound, internal } from 'errmap'
 * assert.strictEqual(
 *   sseError(notFound('no order 7')),
 *   'event: error\ndata: {"message":"no order 7","code":"NOT_FOUND"}\n\n',
 * )
 * assert.strictEqual(
 *   sseError(internal('db at 10.0.0.7 down'), { requestId: 'r-1' }),
 *   'event: error\ndata: {"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR","requestId":"r-1"}\n\n',
 * )
 *
 * @category constructors
 * @since 0.2.0
 */
export const sseError = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request?: RequestFacts,
  policy?: Policy,
): string => frameFor('sse', errors, request, policy)

/**
 * The last line of an NDJSON (JSON Lines) stream for one error or several:
 * `{"status":<status>,"error":<json>}` and LF, where `<status>` is the status
 * `toResponse` gives them and `<json>` the body it writes in the `json` format under
 * `policy` (a masked 5xx stays masked). The one `error` member tells it from a data line;
 * `status` and `error` are what the response would have been, so `errmap/client`'s
 * `decodeResponse(line.status, line.error)` reads it back. U+0085, U+2028 and U+2029 are
 * escaped (the same JSON value): the line has no character any line reader ends a line at.
 * Total, as `toResponse` is; it tells no `onError` (the adapters do).
 *
 * @example
 * import { ndjsonError, tooManyRequests } from 'errmap'
 * const line = ndjsonError(tooManyRequests('slow down', { retryAfter: 30 }))
 * assert.strictEqual(line, '{"status":429,"error":{"message":"slow down","code":"TOO_MANY_REQUESTS"}}\n')
 * assert.deepStrictEqual(JSON.parse(line).error.code, 'TOO_MANY_REQUESTS')
 *
 * @category constructors
 * @since 0.2.0
 */
export const ndjsonError = (
  errors: HttpError | ReadonlyArray<HttpError>,
  request?: RequestFacts,
  policy?: Policy,
): string => frameFor('ndjson', errors, request, policy)
