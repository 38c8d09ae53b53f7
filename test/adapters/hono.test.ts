/**
 * errmap/hono: Hono's HTTPException and malformed JSON answered with their real 4xx in
 * errmap's body, over a real socket and through `app.request`; values that are not
 * `Error`s caught by the middleware; an unknown error still a masked 500.
 */
import { Hono } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { HTTPException } from 'hono/http-exception'
import { prettyJSON } from 'hono/pretty-json'
import { validator } from 'hono/validator'
import { afterEach, describe, expect, it } from 'vitest'
import { conflict, policy, toError, type HttpError } from 'errmap'
import { errmap, honoErrors, notFoundHandler, onError, send } from 'errmap/hono'
import { bridge, serve, type Running } from './harness.js'

const running: Array<Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()))
})

const heard: Array<HttpError> = []
const p = policy({ onError: (e) => heard.push(e) })

const app = (): Hono => {
  const a = new Hono()
  a.use(errmap(p))
  a.onError(onError(p))
  a.notFound(notFoundHandler(p))
  a.get('/401', () => {
    throw new HTTPException(401, { message: 'who are you?' })
  })
  a.get('/503', () => {
    throw new HTTPException(503, { message: 'secret: the pool is empty' })
  })
  a.post(
    '/json',
    validator('json', (v) => v),
    (c) => c.text('ok'),
  )
  a.post('/raw', async (c) => c.json(await c.req.json()))
  a.use('/admin/*', basicAuth({ username: 'u', password: 'p', realm: 'admin area' }))
  a.get('/admin/x', (c) => c.text('ok'))
  a.get('/plain', () => {
    throw conflict('taken')
  })
  a.get('/string', () => {
    throw 'secret string'
  })
  a.get('/error', () => {
    throw new Error('secret message')
  })
  a.get('/sent', (c) => send(c, conflict('taken')))
  a.get('/cors', (c) => {
    c.header('access-control-allow-origin', '*')
    c.header('etag', '"v1"')
    throw conflict('taken')
  })
  return a
}

type Client = (path: string, init?: RequestInit) => Promise<Response>

const clients: ReadonlyArray<readonly [string, () => Promise<Client>]> = [
  [
    'over a socket',
    async () => {
      const a = app()
      const r = await serve(bridge(async (req) => a.fetch(req)))
      running.push(r)
      return (path, init) => fetch(r.url + path, init)
    },
  ],
  [
    'through app.request',
    () => {
      const a = app()
      return Promise.resolve((path, init) => Promise.resolve(a.request(path, init)))
    },
  ],
]

const json = { 'content-type': 'application/json' }

describe.each(clients)('%s', (_, client) => {
  it.each([
    [
      'an HTTPException(401)',
      '/401',
      undefined,
      401,
      { message: 'who are you?', code: 'UNAUTHORIZED' },
    ],
    [
      "the validator's malformed JSON",
      '/json',
      { method: 'POST', headers: json, body: '{' },
      400,
      { message: 'Malformed JSON in request body', code: 'BAD_REQUEST' },
    ],
    [
      "c.req.json()'s SyntaxError",
      '/raw',
      { method: 'POST', headers: json, body: '{' },
      400,
      { message: 'The request body is not valid JSON.', code: 'BAD_REQUEST' },
    ],
    [
      'an errmap error thrown plain',
      '/plain',
      undefined,
      409,
      { message: 'taken', code: 'CONFLICT' },
    ],
    ['an errmap error sent', '/sent', undefined, 409, { message: 'taken', code: 'CONFLICT' }],
    ['no route', '/nope', undefined, 404, { message: 'Not Found', code: 'NOT_FOUND' }],
    [
      'an HTTPException(503), masked',
      '/503',
      undefined,
      503,
      { message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' },
    ],
    [
      'a thrown string, masked',
      '/string',
      undefined,
      500,
      { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
    ],
    [
      'an Error, masked',
      '/error',
      undefined,
      500,
      { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
    ],
  ] as const)('%s', async (_name, path, init, status, body) => {
    const r = await (await client())(path, init)
    expect([r.status, r.headers.get('content-type'), await r.json()]).toEqual([
      status,
      'application/json; charset=utf-8',
      body,
    ])
  })

  it("keeps basicAuth's challenge from the Response its HTTPException carries", async () => {
    const r = await (await client())('/admin/x')
    expect([r.status, r.headers.get('www-authenticate'), (await r.json()).code]).toEqual([
      401,
      'Basic realm="admin area"',
      'UNAUTHORIZED',
    ])
  })

  it('drops the headers set before the failure, and tells onError once', async () => {
    heard.length = 0
    const r = await (await client())('/cors')
    expect([r.status, r.headers.get('etag'), r.headers.get('access-control-allow-origin')]).toEqual(
      [409, null, null],
    )
    expect(heard.map((e) => e._tag)).toEqual(['Conflict'])
  })

  it('answers HEAD with the headers and no body', async () => {
    const r = await (await client())('/plain', { method: 'HEAD' })
    expect([r.status, r.headers.get('content-type'), await r.text()]).toEqual([
      409,
      'application/json; charset=utf-8',
      '',
    ])
  })
})

describe('each handler alone', () => {
  it('onError alone answers Errors, errmap errors made with toError among them', async () => {
    const a = new Hono()
    a.onError(onError())
    a.get('/', () => {
      throw toError(conflict('taken'))
    })
    a.get('/h', () => {
      throw new HTTPException(403)
    })
    const r = await a.request('/')
    expect([r.status, await r.json()]).toEqual([409, { message: 'taken', code: 'CONFLICT' }])
    expect((await a.request('/h')).status).toBe(403)
  })

  it('the middleware alone answers Errors too (it replaces what Hono answered)', async () => {
    const a = new Hono()
    a.use(errmap())
    a.get('/', () => {
      throw toError(conflict('taken'))
    })
    const r = await a.request('/')
    expect([r.status, await r.json()]).toEqual([409, { message: 'taken', code: 'CONFLICT' }])
  })

  it('a rejection in a middleware below is caught', async () => {
    const a = new Hono()
    a.use(errmap())
    a.use(() => Promise.reject(conflict('taken')))
    a.get('/', (c) => c.text('never'))
    expect((await a.request('/')).status).toBe(409)
  })
})

describe('from review', () => {
  it('tells onError once when a middleware below replaces the response', async () => {
    const told: Array<string> = []
    const q = policy({ onError: (e) => told.push(e._tag) })
    const a = new Hono()
    a.use(errmap(q))
    a.onError(onError(q))
    a.use(prettyJSON())
    a.get('/', () => {
      throw toError(conflict('taken'))
    })
    expect((await a.request('/')).status).toBe(409)
    expect(told).toEqual(['Conflict'])
  })

  it('one error value thrown in two apps, one without onError, is answered in both', async () => {
    const shared = toError(conflict('taken'))
    const withBoth = new Hono()
    withBoth.use(errmap())
    withBoth.onError(onError())
    withBoth.get('/', () => {
      throw shared
    })
    const middlewareOnly = new Hono()
    middlewareOnly.use(errmap())
    middlewareOnly.onError(() => new Response('hono', { status: 500 }))
    middlewareOnly.get('/', () => {
      throw shared
    })
    expect((await withBoth.request('/')).status).toBe(409)
    expect((await middlewareOnly.request('/')).status).toBe(409)
  })

  it('send and notFoundHandler drop the headers set before, as every adapter does', async () => {
    const a = new Hono()
    a.use(async (c, next) => {
      c.header('cache-control', 'max-age=600')
      await next()
    })
    a.notFound(notFoundHandler())
    a.get('/e', (c) => send(c, conflict('taken')))
    for (const path of ['/e', '/nope']) {
      const r = await a.request(path)
      expect([path, r.headers.get('cache-control'), r.headers.get('content-type')]).toEqual([
        path,
        null,
        'application/json; charset=utf-8',
      ])
    }
  })

  it('knows an HTTPException of another copy of Hono by its shape', () => {
    const foreign = Object.assign(new Error('who?'), {
      status: 401,
      getResponse: () => new Response(),
    })
    expect(honoErrors(foreign)).toMatchObject({ _tag: 'Unauthorized', message: 'who?' })
  })
})

describe('honoErrors', () => {
  it('knows HTTPExceptions with an error status, nothing else', () => {
    expect(honoErrors(new HTTPException(404))).toMatchObject({
      _tag: 'NotFound',
      message: 'Not Found',
      expose: true,
    })
    expect(honoErrors(new HTTPException(302 as 400))).toBeUndefined()
    expect(honoErrors({ status: 401, message: 'x' })).toBeUndefined()
    expect(honoErrors(new Error('x'))).toBeUndefined()
  })
})
