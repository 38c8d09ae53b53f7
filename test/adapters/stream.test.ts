/**
 * Errors inside a stream, on real sockets (127.0.0.1, port 0): `errmap/fetch`'s `handler`
 * and `stream` behind a Node server that streams the body (examples/stream.ts), and
 * `errmap/node`'s `stream`. A source that fails once its status is sent ends with the
 * error event or line and a clean end, status kept; `onError` is told once; a cancel
 * reaches the source; nothing rejects unhandled and no listener is left behind.
 */
import { once } from 'node:events'
import { get, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  internal,
  messages,
  notFound,
  policy,
  type HttpError,
  type Policy,
  type RequestFacts,
} from 'errmap'
import { handler, stream as fetchStream } from 'errmap/fetch'
import { stream } from 'errmap/node'
import { serveStreaming, streamApp } from '../../examples/stream.js'
import { parseSse } from '../support/sse.js'
import { listen, serve, type Running } from './harness.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const masked500 = '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}'
const maskedFrame = `event: error\ndata: ${masked500}\n\n`
const maskedLine = `{"status":500,"error":${masked500}}\n`

const encoder = new TextEncoder()

// Unhandled rejections anywhere in this file fail it.
const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
beforeAll(() => void process.on('unhandledRejection', onUnhandled))
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 20))
  process.off('unhandledRejection', onUnhandled)
  expect(unhandled).toStrictEqual([])
})

/** What `onError` was told, and a policy that tells it. */
const recorder = (options: Parameters<typeof policy>[0] = {}) => {
  const told: Array<{ error: HttpError; cause: unknown; facts: RequestFacts }> = []
  const p = policy({
    ...options,
    onError: (error, cause, facts) => told.push({ error, cause, facts }),
  })
  return { told, policy: p }
}

const withServer = async (
  running: Promise<Running>,
  run: (url: string) => Promise<void>,
): Promise<void> => {
  const s = await running
  try {
    await run(s.url)
  } finally {
    await s.close()
  }
}

/** A byte stream that gives `chunks`, then fails with `failure()` (or ends, without one). */
const source = (
  chunks: ReadonlyArray<string | Uint8Array | number>,
  failure?: () => unknown,
): ReadableStream<unknown> => {
  let i = 0
  return new ReadableStream<unknown>({
    pull: (c) => {
      const next = chunks[i++]
      if (next !== undefined) c.enqueue(typeof next === 'string' ? encoder.encode(next) : next)
      else if (failure === undefined) c.close()
      else c.error(failure())
    },
  })
}

const sseResponse = (body: ReadableStream<unknown>, headers: Record<string, string> = {}) =>
  new Response(body as ReadableStream<Uint8Array>, {
    headers: { 'content-type': 'text/event-stream', ...headers },
  })

/** A promise and the function that settles it. */
const deferred = <A = void>() => {
  let resolve: (a: A) => void = () => undefined
  const promise = new Promise<A>((r) => (resolve = r))
  return { promise, resolve }
}

const twoEvents = ['event: tick\ndata: 1\n\n', 'event: tick\ndata: 2\n\n']

// -------------------------------------------------------------------------------------
// errmap/fetch
// -------------------------------------------------------------------------------------

describe('errmap/fetch: the example (examples/stream.ts) over a socket', () => {
  it('SSE: two events, then the error event, a clean end, status 200 kept; onError told once', async () => {
    const told: Array<readonly [string, unknown, string | undefined]> = []
    const app = streamApp({
      onError: (e, cause, facts) => told.push([e._tag, cause, facts.requestId]),
    })
    await withServer(listen(serveStreaming(app)), async (url) => {
      const r = await fetch(`${url}/prices`, { headers: { 'x-request-id': 'req-7' } })
      expect([r.status, r.headers.get('content-type')]).toStrictEqual([200, 'text/event-stream'])
      const text = await r.text() // rejects if the connection is cut
      expect(parseSse(text)).toStrictEqual([
        { type: 'price', data: '{"symbol":"ACME","price":101}' },
        { type: 'price', data: '{"symbol":"ACME","price":102}' },
        {
          type: 'error',
          data: '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR","requestId":"req-7"}',
        },
      ])
      expect(text).not.toContain('10.0.0.7')
      expect(told).toHaveLength(1)
      expect(told[0]?.[0]).toBe('Internal')
      expect(String(told[0]?.[1])).toContain('10.0.0.7')
      expect(told[0]?.[2]).toBe('req-7')
    })
  })

  it('NDJSON: two lines, then the error line', async () => {
    await withServer(listen(serveStreaming(streamApp())), async (url) => {
      const r = await fetch(`${url}/orders.ndjson`)
      expect(r.status).toBe(200)
      const lines = (await r.text()).split('\n')
      expect(lines.pop()).toBe('')
      expect(lines.map((l) => JSON.parse(l) as unknown)).toStrictEqual([
        { order: 1 },
        { order: 2 },
        { status: 503, error: { message: 'The export is paused.', code: 'SERVICE_UNAVAILABLE' } },
      ])
    })
  })

  it('a route error before the stream is the normal error response', async () => {
    await withServer(listen(serveStreaming(streamApp())), async (url) => {
      const r = await fetch(`${url}/nope`)
      expect([r.status, await r.json()]).toStrictEqual([
        404,
        { message: 'Nothing at /nope', code: 'NOT_FOUND' },
      ])
    })
  })

  it('without errmap, the same source cuts the connection: the client sees no end', async () => {
    let i = 0
    const slow = new ReadableStream<Uint8Array>({
      pull: async (c) => {
        await new Promise((r) => setTimeout(r, 5))
        if (i < 2) c.enqueue(encoder.encode(twoEvents[i++] as string))
        else c.error(new Error('x'))
      },
    })
    const raw = async (): Promise<Response> => sseResponse(slow)
    await withServer(listen(serveStreaming(raw)), async (url) => {
      const r = await fetch(url)
      await expect(r.text()).rejects.toThrow()
    })
  })
})

describe('errmap/fetch handler: streaming responses', () => {
  const run = async (response: () => Response, p?: Policy): Promise<string> => {
    const r = await handler(response, p)(new Request('http://localhost/'))
    expect(r.status).toBe(200)
    return r.text()
  }

  it('a failure with a value that is not an Error, under a policy that is not one', async () => {
    for (const thrown of [
      'boom',
      undefined,
      null,
      42n,
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap')
          },
        },
      ),
    ])
      expect(await run(() => sseResponse(source(twoEvents, () => thrown)), 42 as never)).toBe(
        twoEvents.join('') + maskedFrame,
      )
  })

  it('an HttpError thrown by the source keeps its status and message when they are shown', async () => {
    const { told, policy: p } = recorder()
    const text = await run(
      () =>
        new Response(
          source(['{"a":1}\n'], () => notFound('the feed is gone')) as ReadableStream<Uint8Array>,
          {
            headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
          },
        ),
      p,
    )
    expect(text).toBe(
      '{"a":1}\n{"status":404,"error":{"message":"the feed is gone","code":"NOT_FOUND"}}\n',
    )
    expect(told.map((t) => t.error._tag)).toStrictEqual(['NotFound'])
  })

  it('a chunk that is not bytes is what failed: a masked 500 naming it in its cause', async () => {
    const { told, policy: p } = recorder()
    const text = await run(() => sseResponse(source([twoEvents[0] as string, 7])), p)
    expect(text).toBe(twoEvents[0] + maskedFrame)
    expect(told.map((t) => [t.error._tag, t.cause])).toStrictEqual([['Internal', 7]])
  })

  it('an unfinished line or event is closed before the error', async () => {
    expect(await run(() => sseResponse(source(['data: 1'], () => 'x')))).toBe(
      `data: 1\n\n${maskedFrame}`,
    )
    expect(parseSse(await run(() => sseResponse(source(['data: 1\r'], () => 'x'))))).toStrictEqual([
      { type: 'message', data: '1' },
      { type: 'error', data: masked500 },
    ])
    const ndjson = (body: ReadableStream<unknown>) =>
      new Response(body as ReadableStream<Uint8Array>, {
        headers: { 'content-type': 'application/jsonl' },
      })
    expect(await run(() => ndjson(source(['{"a":'], () => 'x')))).toBe(`{"a":\n${maskedLine}`)
  })

  it('a source that ends normally ends the stream as it is', async () => {
    expect(await run(() => sseResponse(source(twoEvents)))).toBe(twoEvents.join(''))
  })

  it('content-length is dropped from a guarded stream, the other headers kept', async () => {
    const r = await handler(() =>
      sseResponse(source(twoEvents), { 'content-length': '40', 'cache-control': 'no-cache' }),
    )(new Request('http://localhost/'))
    expect([r.headers.get('content-length'), r.headers.get('cache-control')]).toStrictEqual([
      null,
      'no-cache',
    ])
  })

  it('other responses are returned untouched, as the same object', async () => {
    const responses = [
      Response.json({ a: 1 }),
      new Response('x', { headers: { 'content-type': 'text/plain' } }),
      new Response(source(['data: 1\n\n']) as ReadableStream<Uint8Array>, {
        headers: { 'content-type': 'application/octet-stream' },
      }),
      new Response(null, { status: 204, headers: { 'content-type': 'text/event-stream' } }),
    ]
    for (const response of responses)
      expect(await handler(() => response)(new Request('http://localhost/'))).toBe(response)
  })
})

describe('errmap/fetch stream: for a Response built by hand', () => {
  it('guards it as handler does, and tells onError once', async () => {
    const { told, policy: p } = recorder()
    const request = new Request('http://localhost/', { headers: { 'x-request-id': 'r-1' } })
    const r = fetchStream(sseResponse(source(twoEvents, () => new Error('db down'))), request, p)
    expect(await r.text()).toBe(
      `${twoEvents.join('')}event: error\ndata: {"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR","requestId":"r-1"}\n\n`,
    )
    expect(told.map((t) => [t.error._tag, String(t.cause), t.facts.requestId])).toStrictEqual([
      ['Internal', 'Error: db down', 'r-1'],
    ])
  })

  it("the client's cancel reaches the source, with its reason", async () => {
    const cancelled = deferred<unknown>()
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(encoder.encode('data: 1\n\n')),
      cancel: (reason) => cancelled.resolve(reason),
    })
    const r = fetchStream(sseResponse(body), new Request('http://localhost/'))
    const reader = (r.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.cancel('bye')
    expect(await cancelled.promise).toBe('bye')
  })

  it('with messages: Vary names Accept-Language, and the last event is translated', async () => {
    const p = policy({ messages: messages({ de: { INTERNAL_SERVER_ERROR: 'Interner Fehler.' } }) })
    const request = new Request('http://localhost/', { headers: { 'accept-language': 'de' } })
    const body = source(twoEvents, () => new Error('feed down'))
    const r = fetchStream(sseResponse(body, { vary: 'Origin' }), request, p)
    expect(r.headers.get('vary')).toBe('Origin, Accept-Language')
    expect(await r.text()).toBe(
      twoEvents.join('') +
        'event: error\ndata: {"message":"Interner Fehler.","code":"INTERNAL_SERVER_ERROR"}\n\n',
    )
    // Without messages, Vary is the response's own.
    const plain = fetchStream(sseResponse(source(twoEvents), { vary: 'Origin' }), request)
    expect(plain.headers.get('vary')).toBe('Origin')
  })

  it('never throws: a body already read, a hostile response, a hostile request', async () => {
    const used = sseResponse(source(twoEvents))
    await used.text()
    expect(fetchStream(used, new Request('http://localhost/'))).toBe(used)
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap')
        },
      },
    ) as Response
    expect(fetchStream(hostile, new Request('http://localhost/'))).toBe(hostile)
    const r = fetchStream(
      sseResponse(source(twoEvents, () => 'x')),
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap')
          },
        },
      ) as Request,
      'not a policy' as never,
    )
    expect(await r.text()).toBe(twoEvents.join('') + maskedFrame)
  })

  it('over a socket, a client that leaves cancels the source', async () => {
    const cancelled = deferred<unknown>()
    let n = 0
    const app = handler(() =>
      sseResponse(
        new ReadableStream<Uint8Array>({
          pull: async (c) => {
            await new Promise((r) => setTimeout(r, 5))
            c.enqueue(encoder.encode(`data: ${++n}\n\n`))
          },
          cancel: (reason) => cancelled.resolve(reason),
        }),
      ),
    )
    await withServer(listen(serveStreaming(app)), async (url) => {
      const abort = new AbortController()
      const r = await fetch(url, { signal: abort.signal })
      const reader = (r.body as ReadableStream<Uint8Array>).getReader()
      await reader.read()
      abort.abort()
      await cancelled.promise
      await new Promise((r) => setTimeout(r, 20)) // a read under way when it was cancelled
      const seen = n
      await new Promise((r) => setTimeout(r, 30))
      expect(n).toBe(seen) // no more reads
    })
  })
})

// -------------------------------------------------------------------------------------
// errmap/node
// -------------------------------------------------------------------------------------

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/** A listener that streams what `chunks()` gives as `contentType`, awaiting `stream`. */
const streaming =
  (
    contentType: string | undefined,
    chunks: () => Parameters<typeof stream>[2],
    p?: Policy,
    done?: (listeners: readonly [number, number]) => void,
  ): Listener =>
  (req, res) => {
    if (contentType !== undefined) res.setHeader('content-type', contentType)
    res.setHeader('cache-control', 'no-cache')
    const before = res.listenerCount('close') + res.listenerCount('drain')
    void stream(req, res, chunks(), p).then(() =>
      done?.([before, res.listenerCount('close') + res.listenerCount('drain')]),
    )
  }

async function* events(
  list: ReadonlyArray<unknown>,
  failure?: () => unknown,
): AsyncGenerator<string | Uint8Array> {
  for (const e of list) {
    await new Promise((r) => setImmediate(r))
    yield e as string
  }
  if (failure !== undefined) throw failure()
}

describe('errmap/node stream', () => {
  it('two events then a failure: the error event, a clean end, status 200 kept; onError once', async () => {
    const { told, policy: p } = recorder()
    const listeners = deferred<readonly [number, number]>()
    await withServer(
      serve(
        streaming(
          'text/event-stream',
          () => events(twoEvents, () => new Error('db down')),
          p,
          listeners.resolve,
        ),
      ),
      async (url) => {
        const r = await fetch(url, { headers: { 'x-request-id': 'n-1' } })
        expect([
          r.status,
          r.headers.get('content-type'),
          r.headers.get('cache-control'),
        ]).toStrictEqual([200, 'text/event-stream', 'no-cache'])
        const text = await r.text()
        expect(text).toBe(
          `${twoEvents.join('')}event: error\ndata: {"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR","requestId":"n-1"}\n\n`,
        )
        expect(told.map((t) => [t.error._tag, String(t.cause)])).toStrictEqual([
          ['Internal', 'Error: db down'],
        ])
        const [before, after] = await listeners.promise
        expect(after).toBe(before)
      },
    )
  })

  it('a failure before the first chunk is the normal error response (the stream headers removed)', async () => {
    const { told, policy: p } = recorder()
    await withServer(
      serve(streaming('text/event-stream', () => events([], () => notFound('no such feed')), p)),
      async (url) => {
        const r = await fetch(url)
        expect([
          r.status,
          r.headers.get('content-type'),
          r.headers.get('cache-control'),
          await r.json(),
        ]).toStrictEqual([
          404,
          'application/json; charset=utf-8',
          null,
          { message: 'no such feed', code: 'NOT_FOUND' },
        ])
        expect(told).toHaveLength(1)
      },
    )
  })

  it('a web ReadableStream of NDJSON, failing after a partial line', async () => {
    await withServer(
      serve(
        streaming(
          'application/x-ndjson',
          () => source(['{"a":1}\n', '{"b":'], () => 'x') as ReadableStream<Uint8Array>,
        ),
      ),
      async (url) => {
        const r = await fetch(url)
        expect([r.status, await r.text()]).toStrictEqual([200, `{"a":1}\n{"b":\n${maskedLine}`])
      },
    )
  })

  it('a source that ends normally: the response ends with it', async () => {
    await withServer(
      serve(streaming('text/event-stream', () => events(twoEvents))),
      async (url) => {
        expect(await (await fetch(url)).text()).toBe(twoEvents.join(''))
      },
    )
  })

  it('a chunk that is neither a string nor bytes: a masked 500 naming it in its cause', async () => {
    const { told, policy: p } = recorder()
    await withServer(
      serve(streaming('text/event-stream', () => events([twoEvents[0], 42]), p)),
      async (url) => {
        expect(await (await fetch(url)).text()).toBe(twoEvents[0] + maskedFrame)
        expect(told.map((t) => [t.error._tag, t.cause])).toStrictEqual([['Internal', 42]])
      },
    )
  })

  it('another media type failing mid-stream: the connection is cut, onError still told', async () => {
    const { told, policy: p } = recorder()
    await withServer(
      serve(streaming('text/plain', () => events(['a', 'b'], () => 'late'), p)),
      async (url) => {
        const r = await fetch(url)
        expect(r.status).toBe(200)
        await expect(r.text()).rejects.toThrow()
        expect(told.map((t) => t.cause)).toStrictEqual(['late'])
      },
    )
  })

  it('a source that is none, or hostile, under a policy that is not one: a masked 500', async () => {
    const sources: ReadonlyArray<unknown> = [
      null,
      42,
      {},
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap')
          },
        },
      ),
      {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            throw 'sync'
          },
        }),
      },
    ]
    for (const s of sources)
      await withServer(
        serve(streaming('text/event-stream', () => s as never, 'nope' as never)),
        async (url) => {
          const r = await fetch(url)
          expect([r.status, await r.text()]).toStrictEqual([500, masked500])
        },
      )
  })

  it('a client that leaves stops the source, and no listener is left behind', async () => {
    const stopped = deferred()
    const listeners = deferred<readonly [number, number]>()
    async function* forever(): AsyncGenerator<string> {
      try {
        for (let i = 0; ; i++) {
          await new Promise((r) => setTimeout(r, 2))
          yield `data: ${i}\n\n`
        }
      } finally {
        stopped.resolve()
      }
    }
    await withServer(
      serve(streaming('text/event-stream', forever, undefined, listeners.resolve)),
      async (url) => {
        const abort = new AbortController()
        const r = await fetch(url, { signal: abort.signal })
        await (r.body as ReadableStream<Uint8Array>).getReader().read()
        abort.abort()
        await stopped.promise
        const [before, after] = await listeners.promise
        expect(after).toBe(before)
      },
    )
  })

  it('a client that left before stream() is called: the source is never read, the promise settles', async () => {
    const arrived = deferred()
    const closed = deferred()
    const settled = deferred()
    let pulled = 0
    async function* forever(): AsyncGenerator<string> {
      for (;;) {
        pulled++
        yield 'data: 1\n\n'
        await new Promise((r) => setTimeout(r, 1))
      }
    }
    await withServer(
      serve((req, res) => {
        res.setHeader('content-type', 'text/event-stream')
        res.on('close', () => closed.resolve())
        arrived.resolve()
        // The handler still awaits something of its own when the client leaves.
        void closed.promise.then(() => stream(req, res, forever())).then(() => settled.resolve())
      }),
      async (url) => {
        const abort = new AbortController()
        const pending = fetch(url, { signal: abort.signal }).catch(() => undefined)
        await arrived.promise
        abort.abort()
        await pending
        await settled.promise
        expect(pulled).toBe(0)
      },
    )
  })

  it('with messages: Vary names Accept-Language, and the last event is translated', async () => {
    const p = policy({ messages: messages({ de: { INTERNAL_SERVER_ERROR: 'Interner Fehler.' } }) })
    await withServer(
      serve((req, res) => {
        res.setHeader('content-type', 'text/event-stream')
        res.setHeader('vary', 'Origin')
        void stream(
          req,
          res,
          events(twoEvents, () => new Error('feed down')),
          p,
        )
      }),
      async (url) => {
        const r = await fetch(url, { headers: { 'accept-language': 'de' } })
        expect(r.headers.get('vary')).toBe('Origin, Accept-Language')
        expect(await r.text()).toBe(
          twoEvents.join('') +
            'event: error\ndata: {"message":"Interner Fehler.","code":"INTERNAL_SERVER_ERROR"}\n\n',
        )
      },
    )
  })

  it('backpressure: while the client reads nothing, the source is not drained', async () => {
    let pulled = 0
    const chunk = 'data: ' + 'x'.repeat(64 * 1024) + '\n\n'
    async function* big(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        pulled++
        yield chunk
      }
    }
    await withServer(serve(streaming('text/event-stream', big)), async (url) => {
      const req = get(url)
      const [res] = (await once(req, 'response')) as [IncomingMessage]
      res.pause()
      await new Promise((r) => setTimeout(r, 300))
      // 64 MB would be pulled without it; the socket's buffers hold a few MB at most.
      expect(pulled).toBeGreaterThan(0)
      expect(pulled).toBeLessThan(200)
      res.destroy()
    })
  })

  it('a large stream arrives whole, then the error event', async () => {
    const big = 'data: ' + 'x'.repeat(64 * 1024) + '\n\n'
    const count = 64
    await withServer(
      serve(streaming('text/event-stream', () => events(Array(count).fill(big), () => 'x'))),
      async (url) => {
        const text = await (await fetch(url)).text()
        expect(text.length).toBe(big.length * count + maskedFrame.length)
        expect(text.endsWith(maskedFrame)).toBe(true)
      },
    )
  })

  it('HEAD: the headers, and the source is not read', async () => {
    let read = false
    async function* once(): AsyncGenerator<string> {
      read = true
      yield 'data: 1\n\n'
    }
    await withServer(serve(streaming('text/event-stream', once)), async (url) => {
      const r = await fetch(url, { method: 'HEAD' })
      expect([r.status, r.headers.get('content-type'), await r.text(), read]).toStrictEqual([
        200,
        'text/event-stream',
        '',
        false,
      ])
    })
  })

  it('never rejects, even on objects that are not a request and a response', async () => {
    await expect(stream({} as never, {} as never, events(['a']))).resolves.toBeUndefined()
    await expect(
      stream(
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap')
            },
          },
        ) as never,
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap')
            },
          },
        ) as never,
        events(['a'], () => 'x'),
        internal() as never,
      ),
    ).resolves.toBeUndefined()
  })
})
