/**
 * One conformance suite: every group of cases (`groups.ts`: the table of `cases.ts` under
 * the default policy, and each feature's table under its policy) against every adapter —
 * node, koa (3 and 2), express (5 and 4), fastify and hono on a real server, hono through
 * `app.request`, fetch served through a node server, and fetch called directly without a
 * socket — with Node's `fetch` as the client.
 */
import * as E from 'fp-ts/Either'
import express from 'express'
import express4 from 'express4'
import Fastify, { type FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import Koa2 from 'koa2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tags, type Outcome } from 'errmap'
import * as expressAdapter from 'errmap/express'
import * as fastifyAdapter from 'errmap/fastify'
import * as honoAdapter from 'errmap/hono'
import * as fetchAdapter from 'errmap/fetch'
import * as koaAdapter from 'errmap/koa'
import * as nodeAdapter from 'errmap/node'
import { cases, type Case } from './cases.js'
import { groups, type Group } from './groups.js'
import { conforms, requestHeaders } from './verdict.js'
import { bridge, seen, serve, listen, type Running, type Seen } from './harness.js'
import { createServer } from 'node:http'

// The case a request's path (`/case/<index>`) names in a table.
const at =
  (table: ReadonlyArray<Case>) =>
  (path: string): Case =>
    table[Number(path.split('/')[2])] as Case

// Koa does not read Either or TaskEither: a Koa route throws what a Left holds.
const throwLeft = async (raise: () => Outcome<never>): Promise<void> => {
  let v: unknown = raise()
  if (typeof v === 'function') v = (v as () => unknown)()
  v = await v
  if (typeof v === 'object' && v !== null && E.isLeft(v as E.Either<unknown, unknown>))
    throw (v as E.Left<unknown>).left
}

const fetchHandler =
  (g: Group) =>
  (request: Request): Promise<Response> => {
    const c = at(g.cases)(new URL(request.url).pathname)
    return 'send' in c
      ? Promise.resolve(fetchAdapter.send(c.send, request, g.policy))
      : fetchAdapter.handler(() => c.raise(), g.policy)(request)
  }

const koaApp = (g: Group, K: typeof Koa = Koa): Koa => {
  const caseAt = at(g.cases)
  const app = new K()
  app.on('error', () => undefined) // 5xx are emitted; the Koa tests check that
  app.use(koaAdapter.errmap(g.policy))
  app.use(async (ctx) => {
    const c = caseAt(ctx.path)
    if ('send' in c) koaAdapter.send(ctx, c.send, g.policy)
    else await throwLeft(c.raise)
  })
  return app
}

// Express does not read Either or TaskEither either: a route throws what a Left holds.
// Express 4 does not read a rejected promise either: there the route is errmap's `handler`.
const expressApp = (g: Group, e: typeof express = express, four = false): express.Express => {
  const caseAt = at(g.cases)
  const app = e()
  app.all(
    '/case/:i',
    four
      ? expressAdapter.handler((req, res) => {
          const c = caseAt(req.path)
          if ('send' in c) return expressAdapter.send(req, res, c.send, g.policy)
          return c.raise()
        })
      : async (req, res) => {
          const c = caseAt(req.path)
          if ('send' in c) expressAdapter.send(req, res, c.send, g.policy)
          else await throwLeft(c.raise)
        },
  )
  app.use(expressAdapter.notFoundHandler(g.policy))
  app.use(expressAdapter.errmap(g.policy))
  return app
}

// Fastify does not read them either.
const fastifyApp = async (g: Group): Promise<FastifyInstance> => {
  const caseAt = at(g.cases)
  const app = Fastify()
  await app.register(fastifyAdapter.errmap, { policy: g.policy })
  app.all('/case/:i', async (request, reply) => {
    const c = caseAt(request.url)
    if ('send' in c) fastifyAdapter.send(request, reply, c.send, g.policy)
    else await throwLeft(c.raise)
    return reply
  })
  return app
}

// Nor does Hono.
const honoApp = (g: Group): Hono => {
  const caseAt = at(g.cases)
  const app = new Hono()
  app.use(honoAdapter.errmap(g.policy))
  app.onError(honoAdapter.onError(g.policy))
  app.notFound(honoAdapter.notFoundHandler(g.policy))
  app.all('/case/:i', async (ctx) => {
    const c = caseAt(ctx.req.path)
    if ('send' in c) return honoAdapter.send(ctx, c.send, g.policy)
    await throwLeft(c.raise)
    return ctx.text('unreachable')
  })
  return app
}

type Client = (c: Case, index: number) => Promise<Seen>

interface Target {
  readonly name: string
  readonly start: (
    g: Group,
  ) => Promise<{ readonly client: Client; readonly close: () => Promise<void> }>
}

const overSocket = (running: Running) => ({
  client: (c: Case, i: number) =>
    fetch(`${running.url}/case/${i}`, {
      method: c.request.method,
      headers: requestHeaders(c),
    }).then(seen),
  close: running.close,
})

const targets: ReadonlyArray<Target> = [
  {
    name: 'node',
    start: async (g) =>
      overSocket(
        await serve((req, res) => {
          const c = at(g.cases)(req.url as string)
          if ('send' in c) nodeAdapter.send(req, res, c.send, g.policy)
          else void nodeAdapter.handler(() => c.raise(), g.policy)(req, res)
        }),
      ),
  },
  {
    name: 'koa',
    start: async (g) => overSocket(await listen(createServer(koaApp(g).callback()))),
  },
  {
    name: 'koa 2',
    start: async (g) => overSocket(await listen(createServer(koaApp(g, Koa2).callback()))),
  },
  {
    name: 'express',
    start: async (g) => overSocket(await listen(createServer(expressApp(g)))),
  },
  {
    name: 'express 4',
    start: async (g) =>
      overSocket(
        await listen(createServer(expressApp(g, express4 as unknown as typeof express, true))),
      ),
  },
  {
    name: 'fastify',
    start: async (g) => {
      const app = await fastifyApp(g)
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as { port: number }
      return overSocket({ url: `http://127.0.0.1:${port}`, close: () => app.close() })
    },
  },
  {
    name: 'hono',
    start: async (g) => {
      const app = honoApp(g)
      return overSocket(await serve(bridge(async (r) => app.fetch(r))))
    },
  },
  {
    name: 'hono app.request',
    start: async (g) => {
      const app = honoApp(g)
      return {
        client: (c: Case, i: number) =>
          Promise.resolve(
            app.request(`/case/${i}`, { method: c.request.method, headers: requestHeaders(c) }),
          ).then((r) => seen(r)),
        close: () => Promise.resolve(),
      }
    },
  },
  {
    name: 'fetch served through node',
    start: async (g) => overSocket(await serve(bridge(fetchHandler(g)))),
  },
  {
    name: 'fetch called directly',
    start: async (g) => ({
      client: (c: Case, i: number) =>
        fetchHandler(g)(
          new Request(`http://localhost/case/${i}`, {
            method: c.request.method,
            headers: requestHeaders(c),
          }),
        ).then(seen),
      close: () => Promise.resolve(),
    }),
  },
]

describe.each(targets)('conformance: $name', (target) => {
  describe.each(groups)('$name', (g) => {
    let client: Client
    let close: () => Promise<void> = () => Promise.resolve()
    beforeAll(async () => {
      const started = await target.start(g)
      client = started.client
      close = started.close
    })
    afterAll(() => close())

    it.each(g.cases.map((c, i) => ({ ...c, i })))('$name', async (c) => {
      conforms(c, await client(c, c.i))
    })
  })
})

describe('the table', () => {
  it('covers every HttpError variant', () => {
    const covered = cases.flatMap((c) => (c.variant === undefined ? [] : [c.variant]))
    expect([...new Set(covered)].sort()).toEqual([...tags].sort())
  })
})
