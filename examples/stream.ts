/**
 * Errors inside a stream with `errmap/fetch`: a Server-Sent Events feed and an NDJSON
 * export, each a `ReadableStream` whose source fails part-way. The status (200) is sent by
 * then; `handler` ends each stream with the error as its last event or line — the JSON body
 * the same error would have had, masked the same way — and a clean end, instead of a cut
 * connection. Node has no Fetch server, so running this file serves the handler through a
 * few lines of `node:http` that stream the body.
 *
 *   npx tsx examples/stream.ts      # PORT=3002 by default
 *   curl -N http://127.0.0.1:3002/prices
 *   curl -N http://127.0.0.1:3002/orders.ndjson
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { notFound, policy, serviceUnavailable, type HttpError, type Policy } from 'errmap'
import { handler } from 'errmap/fetch'

const encoder = new TextEncoder()

/** A source that gives `count` chunks, then fails with what `fail` gives. */
const failing = (
  count: number,
  chunk: (i: number) => string,
  fail: () => unknown,
): ReadableStream<Uint8Array> => {
  let i = 0
  return new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (i < count) controller.enqueue(encoder.encode(chunk(++i)))
      else controller.error(fail())
    },
  })
}

export interface StreamOptions {
  /** How many events or lines each stream sends before it fails. */
  readonly count?: number
  readonly onError?: Policy['onError']
}

/** The Fetch handler: `/prices` (SSE) and `/orders.ndjson` (NDJSON), both failing late. */
export const streamApp = (
  options: StreamOptions = {},
): ((request: Request) => Promise<Response>) => {
  const count = options.count ?? 2
  return handler(
    (request: Request): E.Either<HttpError, Response> => {
      const { pathname } = new URL(request.url)
      if (pathname === '/prices')
        return E.right(
          new Response(
            failing(
              count,
              (i) => `event: price\ndata: {"symbol":"ACME","price":${100 + i}}\n\n`,
              // An upstream's error: what it says is for the logs, the client sees a masked 500.
              () => new Error('price feed at 10.0.0.7:9000 refused the connection'),
            ),
            { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } },
          ),
        )
      if (pathname === '/orders.ndjson')
        return E.right(
          new Response(
            failing(
              count,
              (i) => `{"order":${i}}\n`,
              () => serviceUnavailable('The export is paused.', { retryAfter: 60, expose: true }),
            ),
            { headers: { 'content-type': 'application/x-ndjson' } },
          ),
        )
      return E.left(notFound(`Nothing at ${pathname}`))
    },
    policy({ requestIdHeader: 'x-request-id', onError: options.onError }),
  )
}

// Until the client can take more, or has left.
const drained = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done).off('close', done)
      resolve()
    }
    res.on('drain', done).on('close', done)
  })

/** A Fetch handler on Node's `http` server, its body streamed as the client reads it. */
export const serveStreaming = (app: (request: Request) => Promise<Response>): Server =>
  createServer(async (req, res) => {
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
    const response = await app(
      new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
        method: req.method,
        headers,
      }),
    )
    const out: Record<string, string> = {}
    response.headers.forEach((value, name) => (out[name] = value))
    res.writeHead(response.status, out)
    if (response.body === null) return void res.end()
    const reader = response.body.getReader()
    // The client left: the body is cancelled, which reaches its source.
    res.once('close', () => void reader.cancel().catch(() => undefined))
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read())
        if (!res.write(r.value)) await drained(res)
      res.end()
    } catch {
      res.destroy() // a body that fails: what a server does without errmap's guard
    }
  })

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = serveStreaming(streamApp({ count: 5, onError: (e) => console.error(e.cause) }))
  server.listen(Number(process.env['PORT'] ?? 3002), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    console.log(`errmap/fetch streams: http://127.0.0.1:${port}/prices`)
  })
}
