import type { IncomingMessage, ServerResponse } from 'node:http'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  internal,
  notFound,
  notImplemented,
  policy,
  unauthorized,
  type HttpError,
} from 'errmap'
import { facts, handler, send, write } from 'errmap/node'
import { seen, serve, type Running } from './harness.js'

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
          { message: 'Disabled in this version.', code: 'NOT_SUPPORTED' },
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

  it('replaces headers the failing handler had set', async () => {
    await withServer(
      handler((_, res) => {
        res.setHeader('cache-control', 'public, max-age=3600')
        res.setHeader('etag', '"v1"')
        return E.left(notFound())
      }),
      async (s) => {
        const r = await seen(await fetch(s.url))
        expect([r.status, r.headers.get('cache-control'), r.headers.get('etag')]).toEqual([
          404,
          null,
          null,
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

  it('facts take a single header value only', () => {
    const req = {
      method: 'POST',
      headers: { accept: 'application/json', 'x-request-id': ['a', 'b'] },
    } as unknown as IncomingMessage
    expect(facts(req)).toEqual({ accept: 'application/json', method: 'POST', requestId: undefined })
  })
})
