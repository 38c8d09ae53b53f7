import type { IncomingMessage, ServerResponse } from 'node:http'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  forbidden,
  internal,
  notFound,
  notImplemented,
  policy,
  unauthorized,
  type HttpError,
  type HttpResponse,
  type RequestFacts,
} from 'errmap'
import { facts, handler, send, write } from 'errmap/node'
import { own, rawGet, seen, serve, type Running } from './harness.js'

const withServer = async (
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  run: (s: Running) => Promise<void>,
): Promise<void> => {
  const s = await serve(listener)
  try {
    await run(s)
  } finally {
    await s.close()
  }
}

const ok = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hello' }

// A promise and the function that settles it.
const deferred = <A = void>() => {
  let resolve: (a: A) => void = () => undefined
  const promise = new Promise<A>((r) => (resolve = r))
  return { promise, resolve }
}

describe('node write', () => {
  it('writes status, headers (a list as several lines) and body', async () => {
    await withServer(
      (_, res) =>
        write(res, {
          status: 401,
          headers: { 'content-type': 'text/plain', 'www-authenticate': ['Basic', 'Bearer'] },
          body: 'who?',
        }),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, r.headers.get('www-authenticate'), r.text]).toEqual([
          401,
          'Basic, Bearer',
          'who?',
        ])
      },
    )
  })

  it('answers HEAD with the headers, content-length included, and no body', async () => {
    await withServer(
      (req, res) =>
        write(res, { ...ok, headers: { ...ok.headers, 'content-length': '5' } }, req.method),
      async (s) => {
        const r = await seen(await fetch(s.url, { method: 'HEAD' }))
        expect([r.status, r.headers.get('content-length'), r.text]).toEqual([200, '5', ''])
      },
    )
  })

  it('ignores a response that has already ended', async () => {
    await withServer(
      (_, res) => {
        res.end('first')
        write(res, ok)
      },
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, r.text]).toEqual([200, 'first'])
      },
    )
  })
})

// The constant answer to a response the platform refuses.
const maskedBody = '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}'
const maskedHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(maskedBody)),
  'x-content-type-options': 'nosniff',
}

// Responses Node refuses to write, each for another reason.
const refused: ReadonlyArray<readonly [string, HttpResponse]> = [
  [
    'a header value beyond Latin-1',
    { status: 200, headers: { 'x-city': '東京' }, body: 'secret-w1' },
  ],
  [
    'a header value with CR LF',
    { status: 200, headers: { 'x-a': 'a\r\nset-cookie: s=1' }, body: 'secret-w1' },
  ],
  [
    'a header name that is not a token',
    { status: 200, headers: { 'x a': '1' }, body: 'secret-w1' },
  ],
  ['a status outside 100–999', { status: 99, headers: {}, body: 'secret-w1' }],
]

describe('node write is total', () => {
  for (const [name, response] of refused)
    it(`${name}: the constant masked 500, without the headers set before, and no throw`, async () => {
      let threw: unknown = 'not run'
      await withServer(
        (_, res) => {
          res.setHeader('etag', '"v1"')
          try {
            write(res, response)
            threw = undefined
          } catch (e) {
            threw = e
          }
        },
        async (s) => {
          const r = await seen(await fetch(s.url))
          expect([threw, r.status, own(r.headers), r.text]).toEqual([
            undefined,
            500,
            maskedHeaders,
            maskedBody,
          ])
        },
      )
    })

  it('answers HEAD with the masked 500’s headers and no body', async () => {
    await withServer(
      (req, res) => write(res, refused[0]?.[1] as HttpResponse, req.method),
      async (s) => {
        const r = await seen(await fetch(s.url, { method: 'HEAD' }))
        expect([r.status, own(r.headers), r.text]).toEqual([500, maskedHeaders, ''])
      },
    )
  })

  // A response that refuses as told: in writeHead, or in end once the headers went out.
  const refusing = (at: 'writeHead' | 'end') => {
    const res = {
      destroyed: false,
      writableEnded: false,
      headersSent: false,
      writes: 0,
      writeHead: () => {
        if (at === 'writeHead') throw new Error('refused')
        res.headersSent = true
        res.writes++
      },
      end: () => {
        if (at === 'end') throw new Error('refused')
      },
      getHeaderNames: () => [],
      removeHeader: () => undefined,
      destroy: () => {
        res.destroyed = true
      },
    }
    return res
  }

  it('destroys the response when even the masked 500 is refused', () => {
    const res = refusing('writeHead')
    expect(() => {
      write(res as unknown as ServerResponse, ok)
    }).not.toThrow()
    expect([res.destroyed, res.writes]).toEqual([true, 0])
  })

  it('destroys the response when the refusal comes after the headers went out', () => {
    const res = refusing('end')
    expect(() => {
      write(res as unknown as ServerResponse, ok)
    }).not.toThrow()
    expect([res.destroyed, res.writes]).toEqual([true, 1])
  })
})

describe('node handler', () => {
  it('writes an HttpResponse the handler returns, in a Right or a Promise', async () => {
    await withServer(
      handler((req) => (req.url === '/either' ? E.right(ok) : Promise.resolve(ok))),
      async (s) => {
        for (const path of ['/either', '/promise']) {
          const r = await seen(await fetch(s.url + path))
          expect([r.status, r.headers.get('content-type'), r.text]).toEqual([
            200,
            'text/plain; charset=utf-8',
            'hello',
          ])
        }
      },
    )
  })

  it('lets a handler that returns nothing write its own response', async () => {
    await withServer(
      handler((_, res) => {
        res.writeHead(201, { 'content-type': 'text/plain' }).end('made')
      }),
      async (s) => {
        const r = await seen(await fetch(s.url, { method: 'POST' }))
        expect([r.status, r.text]).toEqual([201, 'made'])
      },
    )
  })

  it('maps a response the handler got wrong (an invalid status) to a masked 500', async () => {
    await withServer(
      handler(() => ({ status: 99, headers: {}, body: 'secret-99' })),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, JSON.parse(r.text)]).toEqual([
          500,
          { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
        ])
      },
    )
  })

  it('answers a returned response Node refuses with the policy’s masked 500, reported with what Node threw', async () => {
    const calls: Array<[unknown, unknown]> = []
    const p = policy({ onError: (e, cause) => calls.push([e, cause]) })
    const h = handler(() => E.right(refused[0]?.[1] as HttpResponse), p)
    let done: Promise<void> = Promise.resolve()
    await withServer(
      (req, res) => {
        done = h(req, res)
      },
      async (s) => {
        const r = await seen(await fetch(s.url, { headers: { 'x-request-id': 'req-1' } }))
        expect([r.status, JSON.parse(r.text)]).toEqual([
          500,
          { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' },
        ])
      },
    )
    await expect(done).resolves.toBeUndefined()
    const cause = calls[0]?.[1]
    expect([calls.length, calls[0]?.[0], (cause as { code?: unknown }).code]).toEqual([
      1,
      internal(undefined, { cause }),
      'ERR_INVALID_CHAR',
    ])
  })

  it('a thrown 401 whose challenge is not Latin-1: the listener resolves and the client gets its 401', async () => {
    const h = handler(() => {
      throw { status: 401, expose: true, headers: { 'WWW-Authenticate': 'Basic realm="日本"' } }
    })
    let done: Promise<void> = Promise.resolve()
    await withServer(
      (req, res) => {
        done = h(req, res)
      },
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, r.headers.get('www-authenticate'), JSON.parse(r.text)]).toEqual([
          401,
          'Basic realm=""',
          { message: 'Unauthorized', code: 'UNAUTHORIZED' },
        ])
      },
    )
    await expect(done).resolves.toBeUndefined()
  })

  it('writes a returned response when the handler had already sent headers: the socket is cut', async () => {
    await withServer(
      handler((_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('partial ')
        return ok
      }),
      async (s) => {
        const r = await fetch(s.url)
        expect(r.status).toBe(200)
        await expect(r.text()).rejects.toThrow(TypeError)
      },
    )
  })

  it('passes the policy through: remapped status and renamed code', async () => {
    const p = policy({
      status: { NotImplemented: 412 },
      codes: { NOT_IMPLEMENTED: 'NOT_SUPPORTED' },
    })
    await withServer(
      handler(() => TE.left(notImplemented('Disabled in this version.')), p),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, JSON.parse(r.text)]).toEqual([
          412,
          // A remap cannot unmask a 501's message.
          { message: 'Precondition Failed', code: 'NOT_SUPPORTED' },
        ])
      },
    )
  })

  it('calls onError with the error and its cause; a thrown value is the cause', async () => {
    const calls: Array<[unknown, unknown]> = []
    const p = policy({ onError: (e, cause) => calls.push([e, cause]) })
    const db = new Error('connection refused')
    const thrown = new Error('secret')
    await withServer(
      handler((req) => {
        if (req.url === '/left') return E.left(notFound('No user 42.', { cause: db }))
        throw thrown
      }, p),
      async (s) => {
        await fetch(s.url + '/left').then(seen)
        await fetch(s.url + '/throw').then(seen)
      },
    )
    expect(calls).toEqual([
      [notFound('No user 42.', { cause: db }), db],
      [internal(undefined, { cause: thrown }), thrown],
    ])
  })

  it('still answers when onError throws', async () => {
    const p = policy({
      onError: () => {
        throw new Error('logger down')
      },
    })
    await withServer(
      handler(() => E.left(badRequest('Bad id.')), p),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, JSON.parse(r.text)]).toEqual([
          400,
          { message: 'Bad id.', code: 'BAD_REQUEST' },
        ])
      },
    )
  })

  it('replaces headers the failing handler had set, but sends the error’s own headers', async () => {
    await withServer(
      handler((_, res) => {
        res.setHeader('cache-control', 'public, max-age=3600')
        res.setHeader('etag', '"v1"')
        res.setHeader('access-control-allow-origin', 'https://app.example')
        return E.left(
          forbidden('Not yours.', {
            headers: { 'Access-Control-Allow-Origin': 'https://app.example' },
          }),
        )
      }),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, own(r.headers)]).toEqual([
          403,
          {
            'access-control-allow-origin': 'https://app.example',
            'content-length': '43',
            'content-type': 'application/json; charset=utf-8',
            vary: 'Accept',
            'x-content-type-options': 'nosniff',
          },
        ])
      },
    )
  })

  it('destroys the socket when the handler fails after sending headers, and reports it', async () => {
    const calls: Array<unknown> = []
    const p = policy({ onError: (e) => calls.push(e) })
    const received = deferred()
    const broke = new Error('stream broke')
    await withServer(
      handler(async (_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('partial ')
        await received.promise
        throw broke
      }, p),
      async (s) => {
        const r = await fetch(s.url)
        received.resolve()
        expect(r.status).toBe(200)
        await expect(r.text()).rejects.toThrow(TypeError)
      },
    )
    expect(calls).toEqual([internal(undefined, { cause: broke })])
  })

  it('survives a client that disconnects before the error is written', async () => {
    const arrived = deferred()
    const left = deferred()
    let done: Promise<void> = Promise.resolve()
    let destroyed: boolean | undefined
    const h = handler(async (req, res) => {
      if (req.url === '/next') return E.left(unauthorized())
      arrived.resolve()
      await new Promise((r) => res.once('close', r))
      destroyed = res.destroyed
      left.resolve()
      return E.left(internal('too late'))
    })
    await withServer(
      (req, res) => {
        done = h(req, res)
      },
      async (s) => {
        const abort = new AbortController()
        const pending = fetch(s.url, { signal: abort.signal })
        await arrived.promise
        abort.abort()
        await expect(pending).rejects.toThrow()
        await left.promise
        await done
        // The server still answers.
        const r = await seen(await fetch(s.url + '/next'))
        expect([destroyed, r.status, r.headers.get('www-authenticate')]).toEqual([
          true,
          401,
          'Bearer',
        ])
      },
    )
  })
})

describe('node send', () => {
  it('reads Accept, method and X-Request-Id from the request', async () => {
    await withServer(
      (req, res) => send(req, res, [internal('db'), internal('cache')] as ReadonlyArray<HttpError>),
      async (s) => {
        const r = await seen(
          await fetch(s.url, {
            headers: { accept: 'application/graphql-response+json', 'x-request-id': 'req-1' },
          }),
        )
        expect([r.status, JSON.parse(r.text)]).toEqual([
          500,
          {
            errors: [
              { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
              { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
            ],
            extensions: { requestId: 'req-1' },
          },
        ])
      },
    )
  })

  it('calls onError once per error with its cause and the request’s facts', async () => {
    const calls: Array<[unknown, unknown, RequestFacts]> = []
    const cause = new Error('disk')
    const p = policy({ onError: (e, c, request) => calls.push([e, c, request]) })
    await withServer(
      (req, res) => send(req, res, [notFound('a'), internal('b', { cause })], p),
      async (s) => {
        await fetch(s.url, {
          method: 'DELETE',
          headers: { accept: 'application/problem+json', 'x-request-id': 'req-2' },
        }).then(seen)
      },
    )
    const request = { accept: 'application/problem+json', method: 'DELETE', requestId: 'req-2' }
    expect(calls).toEqual([
      [notFound('a'), undefined, request],
      [internal('b', { cause }), cause, request],
    ])
  })

  it('a request id sent twice arrives joined with ", " and is used as one value', async () => {
    await withServer(
      (req, res) => send(req, res, internal()),
      async (s) => {
        const reply = await rawGet(s.url, ['X-Request-Id: a', 'x-request-id: b'])
        expect(JSON.parse(reply)).toEqual({
          message: 'Internal Server Error',
          code: 'INTERNAL_SERVER_ERROR',
          requestId: 'a, b',
        })
      },
    )
  })
})

describe('node facts', () => {
  const req = (headers: Record<string, string | ReadonlyArray<string>>) =>
    ({ method: 'POST', headers }) as unknown as IncomingMessage

  it('takes a single header value only: a list is no request id', () => {
    expect(facts(req({ accept: 'application/json', 'x-request-id': ['a', 'b'] }))).toEqual({
      accept: 'application/json',
      method: 'POST',
      requestId: undefined,
    })
  })

  it('reads the request id from the policy’s header, trimmed, at most 200 characters, blank as none', () => {
    const correlation = policy({ requestIdHeader: 'X-Correlation-Id' })
    const none = policy({ requestIdHeader: undefined })
    const id = (headers: Record<string, string>, p = policy()) => facts(req(headers), p).requestId
    expect([
      id({ 'x-request-id': '  req-1\t' }),
      id({ 'x-request-id': 'r'.repeat(250) }),
      id({ 'x-request-id': ' \t ' }),
      id({ 'x-request-id': '' }),
      id({}),
      id({ 'x-correlation-id': 'corr-1', 'x-request-id': 'req-1' }, correlation),
      id({ 'x-request-id': 'req-1' }, correlation),
      id({ 'x-request-id': 'req-1' }, none),
      // A spread policy keeps the name as written: it is lower-cased when read.
      id({ 'x-correlation-id': 'corr-2' }, { ...policy(), requestIdHeader: 'X-Correlation-Id' }),
    ]).toEqual([
      'req-1',
      'r'.repeat(200),
      undefined,
      undefined,
      undefined,
      'corr-1',
      undefined,
      undefined,
      'corr-2',
    ])
  })
})
