/**
 * `npm run audit:peers`: the scoreboard. errmap/audit against the default error handling
 * of Express 5, Fastify 5, Koa 3, Hono 4 and Boom on node — the same small API on each,
 * its errors raised the way each one's documentation shows (headers a status obliges
 * included where the framework documents a way to send them) — side by side with errmap
 * on each. Every server listens on 127.0.0.1 port 0 and is closed before the next starts.
 * Prints a Markdown table (docs/AUDIT.md, "Scoreboard", holds the last run's).
 */
import { createServer, type ServerResponse } from 'node:http'
import Boom from '@hapi/boom'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { validator } from 'hono/validator'
import createError from 'http-errors'
import Koa from 'koa'
import { auditIds, auditServer, summarize, type AuditResult, type AuditRoutes } from 'errmap/audit'
import { bridge, listen, serve, type Running } from '../test/support/http.js'
import { errmapRoutes, errmapServers, ORIGIN, SECRET } from '../test/audit/servers.js'

const RETRY_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT'

// The routes every stack is audited on. None of the peers echoes a request id by default,
// so that audit is left out for all (errmap's own tests run it).
const { requestId: _requestId, ...routes } = errmapRoutes
const peerRoutes: AuditRoutes = routes

const isJson = (type: string | undefined): boolean => (type ?? '').startsWith('application/json')

// Express 5: http-errors (with the headers finalhandler sends), express.json(), the
// default final handler in production mode, as Express's docs recommend for production.
const expressDefault = (): Promise<Running> => {
  const app = express()
  app.set('env', 'production')
  app.use('/cors', (_req, res, next) => {
    res.set('access-control-allow-origin', ORIGIN) // what the cors middleware does
    next()
  })
  app.post('/items', express.json(), (req, res) => {
    if (!req.is('application/json')) throw createError(415, 'Send JSON.')
    res.status(201).json(req.body)
  })
  app.get('/private', () => {
    throw createError(401, 'Sign in.', { headers: { 'WWW-Authenticate': 'Bearer' } })
  })
  app.get('/boom', () => {
    throw new Error(`connect ECONNREFUSED ${SECRET}`)
  })
  app.get('/busy', () => {
    throw createError(429, 'Slow down.', { headers: { 'Retry-After': '30' } })
  })
  app.get('/down', () => {
    throw createError(503, { headers: { 'Retry-After': RETRY_DATE } })
  })
  app.get('/cors', () => {
    throw createError(403, 'Not from there.')
  })
  return listen(createServer(app))
}

// Fastify 5: errors with a statusCode (and `headers`, which its error handler sends), its
// own JSON parser, 404 and 415.
const status = (code: number, message: string, headers?: Record<string, string>) =>
  Object.assign(new Error(message), { statusCode: code, headers })

const fastifyDefault = async (): Promise<Running> => {
  const app = Fastify()
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url === '/cors') void reply.header('access-control-allow-origin', ORIGIN)
    done()
  })
  app.post('/items', async (request, reply) => reply.code(201).send(request.body))
  app.get('/private', async () => {
    throw status(401, 'Sign in.', { 'www-authenticate': 'Bearer' })
  })
  app.get('/boom', async () => {
    throw new Error(`connect ECONNREFUSED ${SECRET}`)
  })
  app.get('/busy', async () => {
    throw status(429, 'Slow down.', { 'retry-after': '30' })
  })
  app.get('/down', async () => {
    throw status(503, 'Down.', { 'retry-after': RETRY_DATE })
  })
  app.get('/cors', async () => {
    throw status(403, 'Not from there.')
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
}

// Koa 3: ctx.throw (with the headers its default handler sends), no router (bare Koa).
const koaDefault = (): Promise<Running> => {
  const app = new Koa()
  app.silent = true
  app.use(async (ctx, next) => {
    if (ctx.path === '/cors') ctx.set('access-control-allow-origin', ORIGIN)
    await next()
  })
  app.use(async (ctx) => {
    if (ctx.path === '/items' && ctx.method === 'POST') {
      if (!ctx.is('application/json')) ctx.throw(415, 'Send JSON.')
      const chunks: Array<Buffer> = []
      for await (const c of ctx.req) chunks.push(c as Buffer)
      try {
        ctx.body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        ctx.throw(400, 'The body is not valid JSON.')
      }
      ctx.status = 201
    } else if (ctx.path === '/private')
      ctx.throw(401, 'Sign in.', { headers: { 'WWW-Authenticate': 'Bearer' } })
    else if (ctx.path === '/boom') throw new Error(`connect ECONNREFUSED ${SECRET}`)
    else if (ctx.path === '/busy')
      ctx.throw(429, 'Slow down.', { headers: { 'Retry-After': '30' } })
    else if (ctx.path === '/down') ctx.throw(503, { headers: { 'Retry-After': RETRY_DATE } })
    else if (ctx.path === '/cors') ctx.throw(403, 'Not from there.')
    // anything else: Koa's bare 404
  })
  return listen(createServer(app.callback()))
}

// Hono 4: HTTPException (with `res` for the headers, as its docs show), hono/cors,
// hono/validator for the JSON body, the default onError and notFound.
const honoDefault = (): Promise<Running> => {
  const app = new Hono()
  const fails = (code: 401 | 429 | 503, headers: Record<string, string>, message: string) =>
    new HTTPException(code, { message, res: new Response(message, { status: code, headers }) })
  app.use('/cors', cors({ origin: ORIGIN }))
  app.post(
    '/items',
    async (c, next) => {
      if (!isJson(c.req.header('content-type')))
        throw new HTTPException(415, { message: 'Send JSON.' })
      await next()
    },
    validator('json', (value) => value),
    (c) => c.json(c.req.valid('json'), 201),
  )
  app.get('/private', () => {
    throw fails(401, { 'www-authenticate': 'Bearer' }, 'Sign in.')
  })
  app.get('/boom', () => {
    throw new Error(`connect ECONNREFUSED ${SECRET}`)
  })
  app.get('/busy', () => {
    throw fails(429, { 'retry-after': '30' }, 'Slow down.')
  })
  app.get('/down', () => {
    throw fails(503, { 'retry-after': RETRY_DATE }, 'Down.')
  })
  app.get('/cors', () => {
    throw new HTTPException(403, { message: 'Not from there.' })
  })
  return serve(bridge(async (r) => app.fetch(r)))
}

// Boom on node: routes throw Boom errors (with the headers Boom sets or documents), one
// catch writes `output` as Boom's docs describe; anything else is boomified (a 500).
const boomDefault = (): Promise<Running> => {
  const write = (res: ServerResponse, e: unknown): void => {
    const b = Boom.isBoom(e) ? e : Boom.boomify(e instanceof Error ? e : new Error(String(e)))
    res.writeHead(b.output.statusCode, {
      'content-type': 'application/json; charset=utf-8',
      ...b.output.headers,
    })
    res.end(JSON.stringify(b.output.payload))
  }
  const withHeader = (b: Boom.Boom, name: string, value: string): Boom.Boom => {
    b.output.headers[name] = value
    return b
  }
  return serve(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    try {
      if (path === '/cors') res.setHeader('access-control-allow-origin', ORIGIN)
      if (path === '/items') {
        if (req.method !== 'POST') throw Boom.methodNotAllowed(undefined, undefined, ['POST'])
        if (!isJson(req.headers['content-type'])) throw Boom.unsupportedMediaType('Send JSON.')
        const chunks: Array<Buffer> = []
        for await (const c of req) chunks.push(c as Buffer)
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'))
        } catch {
          throw Boom.badRequest('The body is not valid JSON.')
        }
        res.writeHead(201).end()
        return
      }
      if (path === '/private') throw Boom.unauthorized('Sign in.', 'Bearer')
      if (path === '/boom') throw new Error(`connect ECONNREFUSED ${SECRET}`)
      if (path === '/busy')
        throw withHeader(Boom.tooManyRequests('Slow down.'), 'Retry-After', '30')
      if (path === '/down')
        throw withHeader(Boom.serverUnavailable('Down.'), 'Retry-After', RETRY_DATE)
      if (path === '/cors') throw Boom.forbidden('Not from there.')
      throw Boom.notFound()
    } catch (e) {
      write(res, e)
    }
  })
}

const stacks: ReadonlyArray<readonly [string, () => Promise<Running>]> = [
  ['Express 5', expressDefault],
  ['errmap/express', errmapServers.express],
  ['Fastify 5', fastifyDefault],
  ['errmap/fastify', errmapServers.fastify],
  ['Koa 3', koaDefault],
  ['errmap/koa', errmapServers.koa],
  ['Hono 4', honoDefault],
  ['errmap/hono', errmapServers.hono],
  ['Boom on node', boomDefault],
  ['errmap/node', errmapServers.node],
]

const cell = { ok: 'ok', warn: '**warn**', error: '**ERROR**', skip: '–' } as const

const main = async (): Promise<void> => {
  const all: Array<readonly [string, ReadonlyArray<AuditResult>]> = []
  for (const [name, start] of stacks) {
    const running = await start()
    try {
      all.push([name, await auditServer({ url: running.url, routes: peerRoutes })])
    } finally {
      await running.close()
    }
  }
  const levelOf = new Map(all[0]?.[1].map((r) => [r.id, r.level]))
  const rows = [
    `| audit | level | ${all.map(([n]) => n).join(' | ')} |`,
    `| --- | --- | ${all.map(() => '---').join(' | ')} |`,
    ...auditIds.map(
      (id) =>
        `| \`${id}\` | ${levelOf.get(id)} | ${all
          .map(([, rs]) => cell[rs.find((r) => r.id === id)?.status ?? 'skip'])
          .join(' | ')} |`,
    ),
    `| **ok / warn / error / skip** | | ${all
      .map(([, rs]) => {
        const s = summarize(rs)
        return `${s.ok} / ${s.warn} / ${s.error} / ${s.skip}`
      })
      .join(' | ')} |`,
  ]
  console.log(rows.join('\n'))
  console.log('\nWhat each breaks:\n')
  for (const [name, rs] of all) {
    const broken = rs.filter((r) => r.status === 'warn' || r.status === 'error')
    console.log(`- **${name}**: ${broken.length === 0 ? 'nothing' : ''}`)
    for (const r of broken) console.log(`  - \`${r.id}\` (${r.level}): ${r.reason}`)
  }
}

void main()
