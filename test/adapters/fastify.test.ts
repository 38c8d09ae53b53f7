/**
 * errmap/fastify over a real socket: Fastify's own request errors answered with their
 * real 4xx in errmap's body, schema failures as 422s with JSON Pointers and locations,
 * an unknown framework error still a masked 500, encapsulation as Fastify users expect.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { conflict, policy, problem, toError, type HttpError, type Policy } from 'errmap'
import { errmap, fastifyErrors, frameworkErrors, send, write } from 'errmap/fastify'

let apps: Array<FastifyInstance> = []
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()))
  apps = []
})

const start = async (
  setup: (app: FastifyInstance) => void | Promise<void>,
  opts: FastifyServerOptions = {},
): Promise<string> => {
  const app = Fastify(opts)
  apps.push(app)
  await setup(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return `http://127.0.0.1:${port}`
}

const json = { 'content-type': 'application/json' }

const schema = {
  body: {
    type: 'object',
    required: ['name', 'a/b~c'],
    properties: { age: { type: 'number' }, tags: { type: 'array', items: { type: 'integer' } } },
  },
  querystring: { type: 'object', properties: { n: { type: 'integer' } } },
  params: { type: 'object', properties: { id: { type: 'integer' } } },
  headers: {
    type: 'object',
    required: ['x-tenant'],
    properties: { 'x-tenant': { type: 'string' } },
  },
} as const

const app = (p?: Policy) =>
  start(
    async (a) => {
      await a.register(errmap, p === undefined ? {} : { policy: p })
      a.post('/echo', async (request) => request.body)
      a.post('/users/:id', { schema }, async () => 'ok')
      a.get('/q', { schema: { querystring: schema.querystring } }, async () => 'ok')
      a.get('/p/:id', { schema: { params: schema.params } }, async () => 'ok')
    },
    { bodyLimit: 1024 },
  )

const read = async (r: Response) => ({
  status: r.status,
  type: r.headers.get('content-type'),
  body: (await r.json()) as Record<string, unknown>,
})

describe("Fastify's own request errors keep their status", () => {
  it.each([
    ['a body that is not JSON', '{', 400, 'BAD_REQUEST', json],
    ['an empty JSON body', '', 400, 'BAD_REQUEST', json],
    [
      'an unsupported media type',
      '<a/>',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      { 'content-type': 'application/xml' },
    ],
    ['a body too large', JSON.stringify({ a: 'x'.repeat(2000) }), 413, 'CONTENT_TOO_LARGE', json],
  ] as const)('%s', async (_, body, status, code, headers) => {
    const url = await app()
    const r = await read(await fetch(`${url}/echo`, { method: 'POST', headers, body }))
    expect([r.status, r.body['code'], r.type]).toEqual([
      status,
      code,
      'application/json; charset=utf-8',
    ])
    expect(typeof r.body['message']).toBe('string')
  })

  it("answers in the policy's format, its Content-Type as the format writes it", async () => {
    const url = await app(policy({ formats: [problem] }))
    const r = await fetch(`${url}/echo`, { method: 'POST', headers: json, body: '{' })
    expect(r.status).toBe(400)
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
    expect(await r.json()).toMatchObject({ status: 400, title: 'Bad Request' })
  })
})

describe('schema failures are 422s pointing at each failure, in its location', () => {
  const headers = { ...json, 'x-tenant': 't' }
  it.each([
    [
      'a missing body property (a key holding / and ~ is escaped)',
      '/users/1',
      { name: 'x', age: 1 },
      headers,
      [{ path: '/a~1b~0c', location: 'body' }],
    ],
    [
      'a wrong body type',
      '/users/1',
      { name: 'x', 'a/b~c': 1, age: 'old' },
      headers,
      [{ path: '/age', location: 'body', expected: 'number' }],
    ],
    [
      'an array item',
      '/users/1',
      { name: 'x', 'a/b~c': 1, tags: [1, 'two'] },
      headers,
      [{ path: '/tags/1', location: 'body', expected: 'integer' }],
    ],
    [
      'a missing header',
      '/users/1',
      { name: 'x', 'a/b~c': 1 },
      json,
      [{ path: '/x-tenant', location: 'header' }],
    ],
    [
      'a path parameter',
      '/p/abc',
      undefined,
      {},
      [{ path: '/id', location: 'path', expected: 'integer' }],
    ],
    [
      'a query parameter',
      '/q?n=abc',
      undefined,
      {},
      [{ path: '/n', location: 'query', expected: 'integer' }],
    ],
  ] as const)('%s', async (_, path, body, h, issues) => {
    const url = await app()
    const r = await read(
      await fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: h,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    )
    expect([r.status, r.body['code']]).toEqual([422, 'UNPROCESSABLE_CONTENT'])
    const got = r.body['issues'] as ReadonlyArray<Record<string, unknown>>
    expect(got.map(({ message: _m, ...rest }) => rest)).toEqual(issues)
    for (const issue of got) expect(typeof issue['message']).toBe('string')
  })
})

describe('everything else', () => {
  it('an unknown Fastify error (a 5xx) and a plain Error are masked 500s', async () => {
    const url = await start(async (a) => {
      await a.register(errmap)
      a.get('/fst', async () => {
        throw Object.assign(new Error('serializer broke: secret'), {
          code: 'FST_ERR_FAILED_ERROR_SERIALIZATION',
          statusCode: 500,
        })
      })
      a.get('/err', async () => {
        throw new Error('db password secret')
      })
      a.get('/upstream', async () => {
        throw Object.assign(new Error('secret'), { statusCode: 404 })
      })
    })
    for (const p of ['/fst', '/err', '/upstream']) {
      const r = await fetch(url + p)
      const text = await r.text()
      expect([p, r.status]).toEqual([p, 500])
      expect(text).not.toContain('secret')
    }
  })

  it('answers errmap errors thrown plain, thrown as Errors, or sent; a not-found; HEAD', async () => {
    const url = await start(async (a) => {
      await a.register(errmap)
      a.get('/plain', async () => {
        throw conflict('taken')
      })
      a.get('/error', async () => {
        throw toError(conflict('taken'))
      })
      a.get('/sync', () => {
        throw conflict('taken')
      })
      a.get('/sent', (request, reply) => send(request, reply, conflict('taken')))
    })
    for (const p of ['/plain', '/error', '/sync', '/sent']) {
      const r = await fetch(url + p)
      expect([p, r.status, await r.json()]).toEqual([
        p,
        409,
        { message: 'taken', code: 'CONFLICT' },
      ])
    }
    const nf = await fetch(`${url}/nope`)
    expect([nf.status, await nf.json()]).toEqual([404, { message: 'Not Found', code: 'NOT_FOUND' }])
    const head = await fetch(`${url}/plain`, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([
      409,
      String('{"message":"taken","code":"CONFLICT"}'.length),
      '',
    ])
  })

  it('answers a path routed under other methods with a 405 and Allow, where Fastify says 404', async () => {
    const url = await start(async (a) => {
      await a.register(errmap)
      a.get('/users/:id', async () => 'x')
      a.put('/users/:id', async () => 'x')
      a.addHttpMethod('PROPFIND') // a method of the app's own: the plugin learns it
      a.route({ method: ['POST', 'PROPFIND'], url: '/users', handler: async () => 'x' })
    })
    const cases = [
      ['DELETE', '/users/7?fields=a', 405, 'GET, HEAD, PUT'],
      ['GET', '/users', 405, 'POST, PROPFIND'],
      ['DELETE', '/nope', 404, null],
    ] as const
    for (const [method, path, status, allow] of cases) {
      const r = await fetch(url + path, { method })
      expect([method, path, r.status, r.headers.get('allow')]).toEqual([
        method,
        path,
        status,
        allow,
      ])
      expect((await r.json()).code).toBe(status === 405 ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND')
    }
  })

  it('a route that exists and calls callNotFound is a 404, not a 405', async () => {
    const url = await start(async (a) => {
      await a.register(errmap)
      a.get('/items/:id', (_req, reply) => reply.callNotFound())
    })
    for (const method of ['GET', 'HEAD']) {
      const r = await fetch(`${url}/items/1`, { method })
      expect([method, r.status, r.headers.get('allow')]).toEqual([method, 404, null])
    }
  })

  it("a route's own serializer does not re-encode the error body", async () => {
    const url = await start(async (a) => {
      await a.register(errmap)
      a.get('/', async (_req, reply) => {
        reply.serializer((x) => JSON.stringify({ wrapped: x }))
        throw conflict('taken')
      })
    })
    const r = await fetch(url)
    expect([r.status, await r.json()]).toEqual([409, { message: 'taken', code: 'CONFLICT' }])
  })

  it("frameworkErrors answers the router's own errors; notFound: false leaves the 404 to another", async () => {
    const url = await start(
      async (a) => {
        await a.register(errmap, { notFound: false })
        a.setNotFoundHandler((_req, reply) => reply.code(404).send('mine'))
        a.get('/u/:id', async () => 'x')
      },
      { frameworkErrors: frameworkErrors(), maxParamLength: 10 },
    )
    const bad = await fetch(`${url}/u/%E0%A4%A`)
    expect([
      bad.status,
      (await bad.json()).code,
      bad.headers.get('x-content-type-options'),
    ]).toEqual([400, 'BAD_REQUEST', 'nosniff'])
    const long = await fetch(`${url}/u/${'a'.repeat(20)}`)
    expect([long.status, (await long.json()).code]).toEqual([414, 'URI_TOO_LONG'])
    const nope = await fetch(`${url}/nope`)
    expect([nope.status, await nope.text()]).toEqual([404, 'mine'])
  })

  it("removes the headers set before the failure and runs Fastify's hooks", async () => {
    const seen = vi.fn()
    const url = await start(async (a) => {
      await a.register(errmap)
      a.addHook('onResponse', async (_req, reply) => {
        seen(reply.statusCode)
      })
      a.get('/', async (_req, reply) => {
        reply.header('etag', '"v1"').header('content-type', 'text/html')
        throw conflict('taken')
      })
    })
    const r = await fetch(url)
    expect([r.status, r.headers.get('etag'), r.headers.get('content-type')]).toEqual([
      409,
      null,
      'application/json; charset=utf-8',
    ])
    expect(seen).toHaveBeenCalledWith(409)
  })

  it('tells onError of each error, with the request id', async () => {
    const heard: Array<[HttpError, unknown]> = []
    const url = await start(async (a) => {
      await a.register(errmap, {
        policy: policy({ onError: (e, _cause, f) => heard.push([e, f?.requestId]) }),
      })
      a.get('/', async () => {
        throw conflict('taken')
      })
    })
    await fetch(url, { headers: { 'x-request-id': 'r-1' } })
    expect(heard.map(([e, id]) => [e._tag, id])).toEqual([['Conflict', 'r-1']])
  })

  it('applies to the context it is registered in (encapsulation)', async () => {
    const url = await start(async (a) => {
      await a.register(
        async (child) => {
          await child.register(errmap)
          child.get('/in', async () => {
            throw conflict('taken')
          })
        },
        { prefix: '/api' },
      )
      a.get('/out', async () => {
        throw conflict('taken')
      })
    })
    const inside = await fetch(`${url}/api/in`)
    expect([inside.status, (await inside.json()).code]).toEqual([409, 'CONFLICT'])
    // Outside the plugin that registered errmap, Fastify's own handler answers.
    const outside = await fetch(`${url}/out`)
    expect(outside.status).toBe(500)
  })

  it('write: a response Fastify refuses becomes the constant masked 500; a sent reply is left', async () => {
    const url = await start((a) => {
      a.get('/bad', (_req, reply) =>
        write(reply, { status: 200, headers: { 'x-bad\r\nname': 'v' }, body: 'x' }),
      )
      a.get('/twice', (_req, reply) => {
        void reply.code(201).send('first')
        write(reply, { status: 404, headers: {}, body: 'second' })
      })
    })
    const bad = await fetch(`${url}/bad`)
    expect([bad.status, await bad.json()]).toEqual([
      500,
      { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
    ])
    const twice = await fetch(`${url}/twice`)
    expect([twice.status, await twice.text()]).toEqual([201, 'first'])
  })
})

describe('fastifyErrors', () => {
  it('knows FST_ERR_* 4xx and validation errors, nothing else; reads each field once', () => {
    expect(
      fastifyErrors({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400, message: '' }),
    ).toMatchObject({ _tag: 'BadRequest', message: 'Bad Request', expose: true })
    expect(fastifyErrors({ code: 'FST_ERR_X', statusCode: 302 })).toBeUndefined()
    expect(fastifyErrors({ code: 'OTHER', statusCode: 400 })).toBeUndefined()
    expect(fastifyErrors('FST_ERR_CTP_EMPTY_JSON_BODY')).toBeUndefined()
    let reads = 0
    const once = new Proxy(
      { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415, message: 'no' },
      {
        get: (t, k) => {
          reads++
          return t[k as keyof typeof t]
        },
      },
    )
    expect(fastifyErrors(once)?._tag).toBe('UnsupportedMediaType')
    expect(reads).toBe(4) // code, validation, statusCode, message
  })

  it('skips Ajv entries that are not ones, and bounds the list', () => {
    const e = fastifyErrors({
      code: 'FST_ERR_VALIDATION',
      validation: [
        { instancePath: 'not a pointer', message: 'x' },
        null,
        { instancePath: '', params: { missingProperty: 'id' } },
      ],
      validationContext: 'elsewhere',
    }) as HttpError & { issues: ReadonlyArray<unknown> }
    expect(e.issues).toEqual([{ path: '/id', message: 'is not valid' }])
    const many = fastifyErrors({
      code: 'FST_ERR_VALIDATION',
      validation: Array.from({ length: 20_000 }, () => ({ instancePath: '/a', message: 'm' })),
    }) as HttpError & { issues: ReadonlyArray<unknown> }
    expect(many.issues.length).toBe(10_000)
  })
})
