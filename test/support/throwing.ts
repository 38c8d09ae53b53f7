/**
 * Servers whose one route throws a fresh value from `fail`, behind each adapter under a
 * policy (any value: adapters read whatever they are given as a policy), listening on
 * 127.0.0.1 port 0. The fetch adapter is served through a Node server that passes the
 * request's headers on.
 */
import { createServer } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import type { Policy } from 'errmap'
import * as expressAdapter from 'errmap/express'
import * as fastifyAdapter from 'errmap/fastify'
import * as honoAdapter from 'errmap/hono'
import { handler as fetchHandler } from 'errmap/fetch'
import { errmap } from 'errmap/koa'
import { handler as nodeHandler } from 'errmap/node'
import { entries, listen, serve, type Running } from './http.js'

export type Throwing = (fail: () => unknown, policy: unknown) => Promise<Running>

// A Fetch handler served through a Node server that passes the request's headers on.
const fetchServer = (h: (request: Request) => Promise<Response>): Promise<Running> =>
  serve((req, res) => {
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method,
      headers,
    })
    void h(request).then(async (r) => {
      res.writeHead(r.status, entries(r.headers))
      res.end(await r.text())
    })
  })

export const throwing: Readonly<
  Record<'node' | 'fetch' | 'koa' | 'express' | 'fastify' | 'hono', Throwing>
> = {
  node: (fail, p) =>
    serve(
      nodeHandler(() => {
        throw fail()
      }, p as Policy),
    ),
  fetch: (fail, p) =>
    fetchServer(
      fetchHandler(() => {
        throw fail()
      }, p as Policy),
    ),
  koa: (fail, p) => {
    const app = new Koa()
    app.silent = true
    app.use(errmap(p as Policy)).use(() => {
      throw fail()
    })
    return listen(createServer(app.callback()))
  },
  express: (fail, p) => {
    const app = express()
    app.use(() => {
      throw fail()
    })
    app.use(expressAdapter.errmap(p as Policy))
    return listen(createServer(app))
  },
  fastify: async (fail, p) => {
    const app = Fastify()
    await app.register(fastifyAdapter.errmap, { policy: p as Policy })
    app.all('/*', async () => {
      throw fail()
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
  },
  hono: (fail, p) => {
    const app = new Hono()
    app.use(honoAdapter.errmap(p as Policy))
    app.onError(honoAdapter.onError(p as Policy))
    app.all('*', () => {
      throw fail()
    })
    return fetchServer(async (r) => app.fetch(r))
  },
}
