import { createServer } from 'node:http'
import Koa from 'koa'
import { describe, expect, it, vi } from 'vitest'
import { internal, notFound, policy, unauthorized, type Policy } from 'errmap'
import { errmap } from 'errmap/koa'
import { listen, seen, type Seen } from './harness.js'

type Route = Koa.Middleware

interface Run {
  readonly responses: ReadonlyArray<Seen>
  /** What the app emitted as `error`: the error, and whether it came with the context. */
  readonly emitted: ReadonlyArray<[unknown, boolean]>
}

// Mounts errmap first, then the routes; requests each path in turn; closes the server.
const run = async (
  routes: ReadonlyArray<Route>,
  requests: ReadonlyArray<string | [string, RequestInit]>,
  p?: Policy,
  configure?: (app: Koa) => void,
): Promise<Run> => {
  const emitted: Array<[unknown, boolean]> = []
  const app = new Koa()
  if (configure === undefined)
    app.on('error', (e: unknown, ctx: unknown) => emitted.push([e, ctx !== undefined]))
  else configure(app)
  app.use(errmap(p))
  for (const r of routes) app.use(r)
  const s = await listen(createServer(app.callback()))
  try {
    const responses: Array<Seen> = []
    for (const req of requests) {
      const [path, init] = typeof req === 'string' ? [req, {}] : req
      responses.push(await fetch(s.url + path, init).then(seen))
    }
    return { responses, emitted }
  } finally {
    await s.close()
  }
}

const summary = (s: Seen) => ({
  status: s.status,
  type: s.headers.get('content-type'),
  body: s.text === '' ? '' : JSON.parse(s.text),
})

const jsonType = 'application/json; charset=utf-8'

describe('koa errmap middleware', () => {
  it('maps ctx.throw(403) and ctx.throw(400, message) to JSON', async () => {
    const { responses } = await run(
      [(ctx) => (ctx.path === '/a' ? ctx.throw(403) : ctx.throw(400, 'The id must be a number.'))],
      ['/a', '/b'],
    )
    expect(responses.map(summary)).toEqual([
      { status: 403, type: jsonType, body: { message: 'Forbidden', code: 'FORBIDDEN' } },
      {
        status: 400,
        type: jsonType,
        body: { message: 'The id must be a number.', code: 'BAD_REQUEST' },
      },
    ])
  })

  it('catches what a middleware mounted after it throws before the route runs', async () => {
    let reached = false
    const { responses } = await run(
      [
        async (ctx, next) => {
          if (ctx.get('authorization') === '') throw unauthorized('Sign in first.')
          await next()
        },
        (ctx) => {
          reached = true
          ctx.body = { ok: true }
        },
      ],
      ['/'],
    )
    expect([
      reached,
      responses.map(summary),
      responses[0]?.headers.get('www-authenticate'),
    ]).toEqual([
      false,
      [{ status: 401, type: jsonType, body: { message: 'Sign in first.', code: 'UNAUTHORIZED' } }],
      'Bearer',
    ])
  })

  it('turns Koa’s bare 404 into a mapped NotFound, also for HEAD', async () => {
    const { responses } = await run([], ['/nothing', ['/nothing', { method: 'HEAD' }]])
    expect(responses.map(summary)).toEqual([
      { status: 404, type: jsonType, body: { message: 'Not Found', code: 'NOT_FOUND' } },
      { status: 404, type: jsonType, body: '' },
    ])
    expect(responses[1]?.headers.get('content-length')).toBe('42')
  })

  it('leaves a 404 that has a body, or that bypassed Koa, alone', async () => {
    const { responses } = await run(
      [
        (ctx) => {
          if (ctx.path === '/body') {
            ctx.status = 404
            ctx.body = 'no such page'
          } else if (ctx.path === '/raw') {
            ctx.respond = false
            ctx.res.statusCode = 404
            ctx.res.end('raw')
          } else {
            ctx.res.writeHead(404, { 'content-type': 'text/plain' })
            ctx.res.end('sent')
          }
        },
      ],
      ['/body', '/raw', '/sent'],
    )
    expect(responses.map((r) => [r.status, r.text])).toEqual([
      [404, 'no such page'],
      [404, 'raw'],
      [404, 'sent'],
    ])
  })

  it('emits error on the app for 5xx only: the Error itself, or an Error caused by the value', async () => {
    const boom = new Error('secret database password')
    const plain = internal('secret in an HttpError')
    const { responses, emitted } = await run(
      [
        (ctx) => {
          if (ctx.path === '/error') throw boom
          if (ctx.path === '/plain') throw plain
          throw notFound()
        },
      ],
      ['/error', '/plain', '/missing'],
    )
    expect(responses.map((r) => r.status)).toEqual([500, 500, 404])
    expect(emitted.map(([e, withCtx]) => [e, (e as Error).cause, withCtx])).toEqual([
      [boom, undefined, true],
      [new Error('errmap: a value that is not an Error was thrown'), plain, true],
    ])
    expect(responses.map((r) => r.text).join()).not.toContain('secret')
  })

  it('lets Koa’s own error listener log a 5xx that is not an Error', async () => {
    const logged: Array<string> = []
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => {
      logged.push(String(m))
    })
    try {
      const { responses } = await run(
        [
          () => {
            throw internal('not an Error')
          },
        ],
        ['/'],
        undefined,
        () => undefined, // no listener: Koa adds its default, which throws on non-Errors
      )
      expect(responses.map((r) => r.status)).toEqual([500])
    } finally {
      spy.mockRestore()
    }
    expect(logged.map((m) => m.split('\n')[1])).toEqual([
      '  Error: errmap: a value that is not an Error was thrown',
    ])
  })

  it('still answers when an error listener throws', async () => {
    const { responses } = await run(
      [
        () => {
          throw new Error('x')
        },
      ],
      ['/'],
      undefined,
      (app) =>
        app.on('error', () => {
          throw new Error('listener down')
        }),
    )
    expect(responses.map((r) => r.status)).toEqual([500])
  })

  it('replaces headers set downstream before the throw', async () => {
    const { responses } = await run(
      [
        (ctx) => {
          ctx.set('cache-control', 'public, max-age=3600')
          ctx.throw(409)
        },
      ],
      ['/'],
    )
    expect([responses[0]?.status, responses[0]?.headers.get('cache-control')]).toEqual([409, null])
  })

  it('passes the policy through and calls onError with the error and its cause', async () => {
    const calls: Array<[unknown, unknown]> = []
    const thrown = new Error('secret')
    const p = policy({
      codes: { NOT_FOUND: 'NO_SUCH_THING' },
      onError: (e, c) => {
        calls.push([e, c])
        throw new Error('logger down')
      },
    })
    const { responses } = await run(
      [
        (ctx) => {
          if (ctx.path === '/throw') throw thrown
        },
      ],
      ['/throw', ['/missing', { headers: { accept: 'application/problem+json' } }]],
      p,
    )
    expect(responses.map(summary)).toEqual([
      {
        status: 500,
        type: jsonType,
        body: { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
      },
      {
        status: 404,
        type: 'application/problem+json; charset=utf-8',
        body: {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: 'Not Found',
          code: 'NO_SUCH_THING',
        },
      },
    ])
    expect(calls).toEqual([
      [internal(undefined, { cause: thrown }), thrown],
      [notFound(), undefined],
    ])
  })

  it('destroys the socket when a failure comes after the headers, and reports it', async () => {
    const calls: Array<unknown> = []
    const broke = new Error('stream broke')
    const p = policy({ onError: (e) => calls.push(e) })
    const emitted: Array<unknown> = []
    const app = new Koa()
    app.on('error', (e: unknown) => emitted.push(e))
    let received: () => void = () => undefined
    const gate = new Promise<void>((r) => (received = r))
    app.use(errmap(p))
    app.use(async (ctx) => {
      ctx.res.writeHead(200, { 'content-type': 'text/plain' })
      ctx.res.write('partial ')
      await gate
      throw broke
    })
    const s = await listen(createServer(app.callback()))
    try {
      const r = await fetch(s.url)
      received()
      expect(r.status).toBe(200)
      await expect(r.text()).rejects.toThrow(TypeError)
    } finally {
      await s.close()
    }
    expect([calls, emitted]).toEqual([[internal(undefined, { cause: broke })], [broke]])
  })
})
