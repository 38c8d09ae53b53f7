/**
 * One small API behind every errmap adapter, for the audit: each route fails the way the
 * audit's routes say (`errmapRoutes`), decided once, framework-neutrally, by `decide`,
 * and thrown where each framework catches. Every server listens on 127.0.0.1 port 0.
 * Used by test/audit/adapters.test.ts and the scoreboard (benchmarks/audit-peers.ts).
 */
import { createServer, type IncomingMessage } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import {
  forbidden,
  methodNotAllowed,
  notFound,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from 'errmap'
import type { AuditRoutes } from 'errmap/audit'
import * as expressAdapter from 'errmap/express'
import * as fastifyAdapter from 'errmap/fastify'
import { handler as fetchHandler } from 'errmap/fetch'
import * as honoAdapter from 'errmap/hono'
import { errmap as koaErrmap } from 'errmap/koa'
import { handler as nodeHandler } from 'errmap/node'
import { bridge, listen, serve, type Running } from '../support/http.js'

/** The secret in the failing driver's message, which no 5xx may show. */
export const SECRET = 'postgres://admin:hunter2@db.internal'

/** The origin the CORS route answers. */
export const ORIGIN = 'https://app.example'

/** How the audit provokes each error on these servers. */
export const errmapRoutes: AuditRoutes = {
  notFound: '/nothing',
  methodNotAllowed: { method: 'DELETE', path: '/items' },
  unauthorized: '/private',
  unsupportedMediaType: '/items',
  badRequest: {
    method: 'POST',
    path: '/items',
    headers: { 'content-type': 'application/json' },
    body: '{"name":',
  },
  serverError: { path: '/boom', secret: SECRET },
  tooManyRequests: '/busy',
  serviceUnavailable: '/down',
  requestId: '/boom',
  cors: { path: '/cors', origin: ORIGIN },
}

/**
 * What each request fails with: an `HttpError`, or whatever else a buggy route throws
 * (a driver's `Error`, a `SyntaxError` from a malformed body).
 */
export const decide = async (
  method: string,
  path: string,
  body: () => Promise<string>,
): Promise<unknown> => {
  if (path === '/items') {
    if (method !== 'POST') return methodNotAllowed(['GET', 'HEAD', 'POST'])
    return JSON.parse(await body()) as unknown // a malformed body: a SyntaxError, a 400
  }
  if (path === '/private') return unauthorized()
  if (path === '/boom') return new Error(`connect ECONNREFUSED ${SECRET}`)
  if (path === '/busy') return tooManyRequests('Slow down.', { retryAfter: 30 })
  if (path === '/down')
    return serviceUnavailable(undefined, { retryAfter: new Date('2030-01-01T00:00:00Z') })
  if (path === '/cors')
    // The errmap way: the error carries the headers it must be sent with.
    return forbidden('Not from there.', { headers: { 'access-control-allow-origin': ORIGIN } })
  return notFound()
}

// A 415 before the body is read: the route accepts JSON only.
const mediaType = (method: string, path: string, contentType: string | undefined) =>
  method === 'POST' && path === '/items' && !(contentType ?? '').startsWith('application/json')
    ? unsupportedMediaType('Send JSON.', { accept: ['application/json'] })
    : undefined

const fail = async (
  method: string,
  path: string,
  contentType: string | undefined,
  body: () => Promise<string>,
): Promise<never> => {
  throw mediaType(method, path, contentType) ?? (await decide(method, path, body))
}

const text = async (req: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const pathOf = (url: string | undefined): string => new URL(url ?? '/', 'http://x').pathname

/** A server behind one adapter. */
export type Start = () => Promise<Running>

export const errmapServers: Readonly<
  Record<'node' | 'fetch' | 'koa' | 'express' | 'fastify' | 'hono', Start>
> = {
  node: () =>
    serve(
      nodeHandler((req) =>
        fail(req.method ?? 'GET', pathOf(req.url), req.headers['content-type'], () => text(req)),
      ),
    ),
  fetch: () =>
    serve(
      bridge(
        fetchHandler((request: Request) =>
          fail(
            request.method,
            pathOf(request.url),
            request.headers.get('content-type') ?? undefined,
            () => request.text(),
          ),
        ),
      ),
    ),
  koa: () => {
    const app = new Koa()
    app.silent = true
    app.use(koaErrmap())
    app.use((ctx) => fail(ctx.method, ctx.path, ctx.get('content-type'), () => text(ctx.req)))
    return listen(createServer(app.callback()))
  },
  express: () => {
    const app = express()
    app.use((req, _res, next) => {
      fail(req.method, req.path, req.get('content-type'), () => text(req)).catch(next)
    })
    app.use(expressAdapter.errmap())
    return listen(createServer(app))
  },
  fastify: async () => {
    const app = Fastify()
    await app.register(fastifyAdapter.errmap)
    // Fastify parses JSON itself (a malformed body is its own 400, which errmap maps);
    // any other type reaches the route as text, so the route says what it accepts.
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))
    app.all('/*', async (request) =>
      fail(request.method, pathOf(request.url), request.headers['content-type'], () =>
        Promise.resolve(String(request.body)),
      ),
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
  },
  hono: () => {
    const app = new Hono()
    app.use(honoAdapter.errmap())
    app.onError(honoAdapter.onError())
    app.notFound(honoAdapter.notFoundHandler())
    app.all('*', (c) =>
      fail(c.req.method, c.req.path, c.req.header('content-type'), () => c.req.text()),
    )
    return serve(bridge(async (r) => app.fetch(r)))
  },
}
