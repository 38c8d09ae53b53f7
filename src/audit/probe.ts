/**
 * One bounded exchange with the server under audit: a request built from a route, sent
 * with the injected `fetch`, answered within a time bound and read up to a byte bound.
 * It never throws and never rejects: whatever goes wrong is a reason.
 *
 * @internal
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How to provoke one answer: a method (GET when left out), a path resolved against the
 * audited URL, request headers and a body.
 *
 * @category model
 * @since 0.2.0
 */
export interface Route {
  readonly method?: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/**
 * The Fetch function the audit calls: the global `fetch` by default.
 *
 * @category model
 * @since 0.2.0
 */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** The bounds of every exchange. @internal */
export interface Bounds {
  readonly url: string
  readonly fetch: FetchLike
  /** Milliseconds a request may take, body included. */
  readonly timeout: number
  /** Bytes of a body read at most. */
  readonly maxBytes: number
}

/** What the client saw. @internal */
export interface Seen {
  readonly _tag: 'Seen'
  readonly method: string
  readonly status: number
  readonly headers: Headers
  /** The body as UTF-8 text, cut at `maxBytes`. */
  readonly text: string
  /** Bytes received (at most `maxBytes`). */
  readonly bytes: number
  readonly truncated: boolean
  /** Why the body stopped before its end (the connection closed, the time ran out). */
  readonly cut?: string
  /** Milliseconds from the request to the end of the body. */
  readonly ms: number
}

/** Why no answer was seen. @internal */
export interface Failed {
  readonly _tag: 'Failed'
  readonly reason: string
}

/** @internal */
export type Exchange = Seen | Failed

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** `METHOD /path`, as reasons name a request. @internal */
export const requestLine = (route: Route): string => `${route.method ?? 'GET'} ${route.path}`

/** The URL a route is sent to: its path after the audited URL. @internal */
export const urlOf = (bounds: Bounds, route: Route): string =>
  `${bounds.url.replace(/\/+$/, '')}${route.path}`

const message = (e: unknown): string => {
  if (typeof e === 'object' && e !== null) {
    const name = (e as { name?: unknown }).name
    if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time'
    const cause = (e as { cause?: unknown }).cause
    const m = (e as { message?: unknown }).message
    const detail =
      typeof cause === 'object' && cause !== null && 'message' in cause
        ? `: ${String((cause as { message: unknown }).message)}`
        : ''
    if (typeof m === 'string') return `${m}${detail}`
  }
  return String(e)
}

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now())

// Reads at most `max` bytes, then cancels the rest of the stream.
const readBounded = async (
  response: Response,
  max: number,
): Promise<{
  readonly data: Uint8Array
  readonly truncated: boolean
  readonly cut: string | undefined
}> => {
  if (response.body === null) return { data: new Uint8Array(0), truncated: false, cut: undefined }
  const reader = response.body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  let truncated = false
  let cut: string | undefined
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (size + value.byteLength > max) {
        chunks.push(value.subarray(0, max - size))
        size = max
        truncated = true
        await reader.cancel().catch(() => undefined)
        break
      }
      chunks.push(value)
      size += value.byteLength
    }
  } catch (e) {
    // The status and the headers arrived: what was read of the body is still evidence.
    cut = message(e)
  }
  const data = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    data.set(c, at)
    at += c.byteLength
  }
  return { data, truncated, cut }
}

// -------------------------------------------------------------------------------------
// the exchange
// -------------------------------------------------------------------------------------

/**
 * Sends `route` (its headers, then `extra` over them) and reads the answer within the
 * bounds. Redirects are not followed; `Accept-Encoding: identity` asks for the bytes as
 * sent, so that `Content-Length` can be compared.
 *
 * @internal
 */
export const exchange = async (
  bounds: Bounds,
  route: Route,
  extra: Readonly<Record<string, string>> = {},
  timeout: number = bounds.timeout,
): Promise<Exchange> => {
  const method = route.method ?? 'GET'
  const started = now()
  try {
    const response = await bounds.fetch(urlOf(bounds, route), {
      method,
      headers: { 'accept-encoding': 'identity', ...route.headers, ...extra },
      body: route.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
    })
    const { data, truncated, cut } = await readBounded(response, bounds.maxBytes)
    return {
      _tag: 'Seen',
      method,
      status: response.status,
      headers: response.headers,
      text: new TextDecoder().decode(data),
      bytes: data.byteLength,
      truncated,
      ...(cut === undefined ? {} : { cut }),
      ms: now() - started,
    }
  } catch (e) {
    return { _tag: 'Failed', reason: `${requestLine(route)}: ${message(e)}` }
  }
}
