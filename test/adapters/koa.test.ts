import { createServer } from 'node:http'
import createError from 'http-errors'
import Koa from 'koa'
import { describe, expect, it, vi } from 'vitest'
import {
  internal,
  notFound,
  policy,
  unauthorized,
  type HttpResponse,
  type Policy,
  type RequestFacts,
} from 'errmap'
import { errmap, facts, send, write } from 'errmap/koa'
import { listen, own, rawGet, seen, type Seen } from './harness.js'

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

const maskedBody = '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}'
const maskedHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': '66',
  'x-content-type-options': 'nosniff',
}

// An app without errmap: Koa's own error handler would answer in plain text.
const bare = async (
  route: Koa.Middleware,
  init: RequestInit = {},
): Promise<{ readonly seen: Seen; readonly errors: ReadonlyArray<unknown> }> => {
  const errors: Array<unknown> = []
  const app = new Koa()
  app.on('error', (e: unknown) => errors.push(e))
  app.use(route)
  const s = await listen(createServer(app.callback()))
  try {
    return { seen: await fetch(s.url, init).then(seen), errors }
  } finally {
    await s.close()
  }
}

describe('koa write is total', () => {
  const refused: ReadonlyArray<readonly [string, HttpResponse]> = [
    [
      'a header value beyond Latin-1',
      { status: 200, headers: { 'x-city': '東京' }, body: 'secret-k1' },
    ],
    [
      'a list with a value beyond Latin-1',
      { status: 401, headers: { 'www-authenticate': ['Basic', 'Basic realm="日本"'] }, body: 'x' },
    ],
    ['a header name that is not a token', { status: 200, headers: { 'x a': '1' }, body: 'x' }],
    ['a status Koa refuses', { status: 99, headers: {}, body: 'secret-k1' }],
  ]
  for (const [name, response] of refused)
    it(`${name}: the constant masked 500, without the headers set before, and no throw`, async () => {
      let threw: unknown = 'not run'
      const { seen: r, errors } = await bare((ctx) => {
        ctx.set('etag', '"v1"')
        try {
          write(ctx, response)
          threw = undefined
        } catch (e) {
          threw = e
        }
      })
      expect([threw, errors, r.status, own(r.headers), r.text]).toEqual([
        undefined,
        [],
        500,
        maskedHeaders,
        maskedBody,
      ])
    })

  it('never throws, even for a context that refuses everything', () => {
    const refuse = () => {
      throw new Error('refused')
    }
    const ctx = Object.defineProperty({ res: { getHeaderNames: refuse } }, 'status', {
      set: refuse,
    }) as unknown as Koa.Context
    expect(() => {
      write(ctx, refused[0]?.[1] as HttpResponse)
    }).not.toThrow()
  })

  it('send after the headers were sent reports the error and cuts the response', async () => {
    const calls: Array<unknown> = []
    const p = policy({ onError: (e) => calls.push(e) })
    const app = new Koa()
    app.use((ctx) => {
      ctx.res.writeHead(200, { 'content-type': 'text/plain' })
      ctx.res.write('partial ')
      send(ctx, notFound('too late'), p)
    })
    const s = await listen(createServer(app.callback()))
    try {
      // The client never gets a whole response (cut before or after the status line).
      await expect(fetch(s.url).then((r) => r.text())).rejects.toThrow(TypeError)
    } finally {
      await s.close()
    }
    expect(calls).toEqual([notFound('too late')])
  })

  it('send returns nothing', async () => {
    let returned: unknown = 'not run'
    const { seen: r } = await bare((ctx) => {
      returned = send(ctx, notFound())
    })
    expect([returned, r.status]).toEqual([undefined, 404])
  })
})

describe('koa errmap middleware: headers and facts', () => {
  it('a thrown 401 whose challenge is not Latin-1 is answered as a 401, its header cleaned', async () => {
    const { responses, emitted } = await run(
      [
        () => {
          throw { status: 401, expose: true, headers: { 'WWW-Authenticate': 'Basic realm="日本"' } }
        },
      ],
      ['/'],
    )
    expect([emitted, responses.map((r) => [r.status, own(r.headers), r.text])]).toEqual([
      [],
      [
        [
          401,
          {
            'content-type': 'application/json; charset=utf-8',
            'content-length': '48',
            'x-content-type-options': 'nosniff',
            vary: 'Accept',
            'www-authenticate': 'Basic realm=""',
          },
          '{"message":"Unauthorized","code":"UNAUTHORIZED"}',
        ],
      ],
    ])
  })

  // What @koa/cors does with keepHeadersOnError: it copies its headers into err.headers.
  const cors: Route = async (ctx, next) => {
    const headers = {
      'Access-Control-Allow-Origin': 'https://app.example',
      'Access-Control-Expose-Headers': 'X-Request-Id',
    }
    ctx.set(headers)
    try {
      await next()
    } catch (err) {
      const e = err as { headers?: Record<string, string> }
      e.headers = { ...e.headers, ...headers, vary: 'Origin' }
      throw err
    }
  }

  it('CORS headers put in err.headers survive the error; headers set before are removed', async () => {
    const { responses } = await run(
      [
        cors,
        (ctx) => {
          ctx.set('cache-control', 'public, max-age=3600')
          ctx.throw(403, 'Not yours.')
        },
      ],
      ['/'],
    )
    expect(responses.map((r) => [r.status, own(r.headers)])).toEqual([
      [
        403,
        {
          'access-control-allow-origin': 'https://app.example',
          'access-control-expose-headers': 'X-Request-Id',
          'content-type': 'application/json; charset=utf-8',
          'content-length': '43',
          'x-content-type-options': 'nosniff',
          // @koa/cors's Vary: Origin merges with the negotiated Accept.
          vary: 'Accept, Origin',
        },
      ],
    ])
  })

  it('calls onError once per error with its cause and the request’s facts', async () => {
    const calls: Array<[unknown, unknown, RequestFacts]> = []
    const thrown = createError(409, 'Taken.')
    const p = policy({ onError: (e, c, request) => calls.push([e, c, request]) })
    await run(
      [
        () => {
          throw thrown
        },
      ],
      [['/', { method: 'POST', headers: { accept: 'application/json', 'x-request-id': 'req-4' } }]],
      p,
    )
    expect(calls).toEqual([
      [
        { _tag: 'Conflict', message: 'Taken.', code: 'CONFLICT', expose: true, cause: thrown },
        thrown,
        { accept: 'application/json', method: 'POST', requestId: 'req-4' },
      ],
    ])
  })
})

describe('koa facts', () => {
  const factsOver = async (
    p: Policy | undefined,
    headers: Record<string, string>,
  ): Promise<unknown> => {
    const { seen: r } = await bare(
      (ctx) => {
        ctx.body = facts(ctx, p)
      },
      { headers },
    )
    return JSON.parse(r.text)
  }

  it('reads Accept, the method and the request id, with the same rules as node and fetch', async () => {
    const correlation = policy({ requestIdHeader: 'X-Correlation-Id' })
    const none = policy({ requestIdHeader: undefined })
    const seenFacts = [
      await factsOver(undefined, { accept: 'application/json', 'x-request-id': '  req-1\t' }),
      await factsOver(undefined, { 'x-request-id': 'r'.repeat(250) }),
      await factsOver(undefined, { 'x-request-id': ' ' }),
      await factsOver(correlation, { 'x-correlation-id': 'corr-1', 'x-request-id': 'req-1' }),
      await factsOver(none, { 'x-request-id': 'req-1' }),
    ]
    // JSON drops undefined members.
    expect(seenFacts).toEqual([
      { accept: 'application/json', method: 'GET', requestId: 'req-1' },
      { accept: '*/*', method: 'GET', requestId: 'r'.repeat(200) },
      { accept: '*/*', method: 'GET' },
      { accept: '*/*', method: 'GET', requestId: 'corr-1' },
      { accept: '*/*', method: 'GET' },
    ])
  })

  it('a request id sent twice arrives joined with ", " and is used as one value', async () => {
    const app = new Koa()
    app.use((ctx) => {
      ctx.body = facts(ctx)
    })
    const s = await listen(createServer(app.callback()))
    try {
      const reply = await rawGet(s.url, ['X-Request-Id: a', 'x-request-id: b'])
      expect(JSON.parse(reply)).toEqual({
        method: 'GET',
        requestId: 'a, b',
      })
    } finally {
      await s.close()
    }
  })
})
