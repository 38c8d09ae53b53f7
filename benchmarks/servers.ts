/**
 * The HTTP candidates: each answers every request with a 404. Each one runs alone in a
 * child process (`server-child.ts`), bundled with its framework, under plain `node`.
 */
import express from 'express'
import Fastify from 'fastify'
import * as E from 'fp-ts/Either'
import { Hono } from 'hono'
import Koa from 'koa'
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http'
import { notFound } from '../src/index.js'
import {
  errmap as expressErrmap,
  notFoundHandler as expressNotFound,
} from '../src/adapters/express.js'
import { errmap as fastifyErrmap } from '../src/adapters/fastify.js'
import { handler as fetchHandler } from '../src/adapters/fetch.js'
import {
  errmap as honoErrmap,
  notFoundHandler as honoNotFound,
  send as honoSend,
} from '../src/adapters/hono.js'
import { errmap } from '../src/adapters/koa.js'
import { handler as nodeHandler, send } from '../src/adapters/node.js'
import { Boom, createError, floor, fromBoom, MESSAGE_404 } from './peers.js'

export interface ServerCandidate {
  readonly name: string
  /** What the server does, for the report. */
  readonly note: string
  /** The server, not yet listening (a promise for frameworks that must be made ready). */
  readonly create: () => Server | Promise<Server>
  /**
   * The server writes a log line per request to stderr (Express's default error handler
   * logs every error): its stderr goes to /dev/null, so the write stays in its CPU time
   * without flooding the benchmark's output.
   */
  readonly logs?: true
}

export const BARE = 'node:http bare'
export const NODE_SEND = 'errmap/node send'
export const BOOM = 'Boom on node:http'
export const KOA_DEFAULT = 'Koa default (ctx.throw)'
export const KOA_ERRMAP = 'errmap/koa'
export const FETCH_BARE = 'fetch: hand-written Response'
export const FETCH_ERRMAP = 'errmap/fetch handler'
export const EXPRESS_404 = 'Express default 404'
export const EXPRESS_ERRMAP_404 = 'errmap/express notFoundHandler'
export const EXPRESS_ERROR = 'Express default error handler'
export const EXPRESS_ERRMAP_ERROR = 'errmap/express errmap()'
export const FASTIFY_404 = 'Fastify default 404'
export const FASTIFY_ERRMAP_404 = 'errmap/fastify not-found'
export const FASTIFY_ERROR = 'Fastify default error handler'
export const FASTIFY_ERRMAP_ERROR = 'errmap/fastify error handler'
export const HONO_BARE = 'Hono bare c.json'
export const HONO_ERRMAP = 'errmap/hono errmap()'
export const HONO_ERRMAP_404 = 'errmap/hono notFoundHandler'
export const HONO_SEND = 'errmap/hono send'

// The same tiny Node → Fetch bridge for both Fetch candidates.
const bridge = (handle: (request: Request) => Response | Promise<Response>): Server =>
  createServer((req, res) => {
    const headers = new Headers()
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
    })
    Promise.resolve(handle(request))
      .then(async (response) => {
        res.statusCode = response.status
        response.headers.forEach((v, k) => {
          res.setHeader(k, v)
        })
        // Node adds `content-length` when the whole body is given to `end`.
        res.end(await response.text())
      })
      .catch(() => res.writeHead(500).end())
  })

const koa = (app: Koa): Server => createServer(app.callback())

// Express as deployed: `production` (the default error handler then answers the status
// text, not the stack; it still logs every error).
const expressApp = (): express.Express => express().set('env', 'production')

// Fastify's own server, once its plugins are loaded (listened to by the child).
const fastify = async (
  setup: (app: ReturnType<typeof Fastify>) => Promise<unknown>,
): Promise<Server> => {
  const app = Fastify()
  await setup(app)
  await app.ready()
  return app.server
}

// Hono served through the same bridge as the Fetch candidates.
const hono = (app: Hono): Server => bridge((request) => app.fetch(request))

export const SERVERS: ReadonlyArray<ServerCandidate> = [
  {
    name: BARE,
    note: 'the floor: `JSON.stringify` of a constant body and a headers literal, `writeHead` + `end`',
    create: () =>
      createServer((_req, res) => {
        const a = floor()
        res.writeHead(a.status, a.headers as OutgoingHttpHeaders).end(a.body)
      }),
  },
  {
    name: NODE_SEND,
    note: '`send(req, res, notFound(…))`',
    create: () => createServer((req, res) => send(req, res, notFound(MESSAGE_404))),
  },
  {
    name: 'errmap/node handler',
    note: '`handler(() => E.left(notFound(…)))`: the wrapper and its promise',
    create: () => createServer(nodeHandler(() => E.left(notFound(MESSAGE_404)))),
  },
  {
    name: BOOM,
    note: '`Boom.notFound(…)`, then the same body and headers, `writeHead` + `end`',
    create: () =>
      createServer((_req, res) => {
        const a = fromBoom(Boom.notFound(MESSAGE_404))
        res.writeHead(a.status, a.headers as OutgoingHttpHeaders).end(a.body)
      }),
  },
  {
    name: KOA_DEFAULT,
    note: "`ctx.throw(404)` and Koa's own error handling (a text/plain `Not Found` body)",
    create: () => koa(new Koa().use((ctx) => ctx.throw(404))),
  },
  {
    name: KOA_ERRMAP,
    note: '`errmap()` first, then a middleware that throws `notFound(…)`',
    create: () =>
      koa(
        new Koa().use(errmap()).use(() => {
          throw notFound(MESSAGE_404)
        }),
      ),
  },
  {
    name: 'errmap/koa, ctx.throw(404)',
    note: '`errmap()` first, then `ctx.throw(404)`: an http-errors error through `fromUnknown`',
    create: () => koa(new Koa().use(errmap()).use((ctx) => ctx.throw(404))),
  },
  {
    name: FETCH_BARE,
    note: 'a hand-written `new Response(JSON.stringify(…), { status: 404, headers })` through the bridge',
    create: () =>
      bridge(
        () =>
          new Response(JSON.stringify({ message: MESSAGE_404, code: 'NOT_FOUND' }), {
            status: 404,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'x-content-type-options': 'nosniff',
              vary: 'Accept',
            },
          }),
      ),
  },
  {
    name: FETCH_ERRMAP,
    note: '`handler(() => E.left(notFound(…)))` through the same bridge',
    create: () => bridge(fetchHandler(() => E.left(notFound(MESSAGE_404)))),
  },
  {
    name: EXPRESS_404,
    note: "Express 5, no route: the router's fall-through to finalhandler's 404 (an HTML `Cannot GET /users/42`, no `Error`)",
    create: () => createServer(expressApp()),
  },
  {
    name: EXPRESS_ERRMAP_404,
    note: 'Express 5, no route: `app.use(notFoundHandler())`, then `app.use(errmap())`',
    create: () => createServer(expressApp().use(expressNotFound()).use(expressErrmap())),
  },
  {
    name: EXPRESS_ERROR,
    note:
      "Express 5, a route that throws http-errors' `createError(404, …)`: the default error " +
      'handler (finalhandler) answers an HTML `Not Found` and logs the error with ' +
      '`console.error` (stderr to /dev/null here)',
    create: () =>
      createServer(
        expressApp().get('/users/:id', () => {
          throw createError(404, MESSAGE_404)
        }),
      ),
    logs: true,
  },
  {
    name: EXPRESS_ERRMAP_ERROR,
    note: 'Express 5, a route that throws `notFound(…)`, then `app.use(errmap())`',
    create: () =>
      createServer(
        expressApp()
          .get('/users/:id', () => {
            throw notFound(MESSAGE_404)
          })
          .use(expressErrmap()),
      ),
  },
  {
    name: FASTIFY_404,
    note: 'Fastify 5, no route: its own not-found handler (a JSON `Route GET:/users/42 not found`, no `Error`)',
    create: () => fastify(() => Promise.resolve()),
  },
  {
    name: FASTIFY_ERRMAP_404,
    note: "Fastify 5, no route: `await app.register(errmap)`'s not-found handler",
    create: () => fastify((app) => app.register(fastifyErrmap)),
  },
  {
    name: FASTIFY_ERROR,
    note:
      'Fastify 5, an async route that throws `Object.assign(new Error(…), { statusCode: 404 })`: ' +
      "Fastify's default error handler",
    create: () =>
      fastify((app) => {
        app.get('/users/:id', async () => {
          throw Object.assign(new Error(MESSAGE_404), { statusCode: 404 })
        })
        return Promise.resolve()
      }),
  },
  {
    name: FASTIFY_ERRMAP_ERROR,
    note: 'Fastify 5, `await app.register(errmap)`, an async route that throws `notFound(…)`',
    create: () =>
      fastify(async (app) => {
        await app.register(fastifyErrmap)
        app.get('/users/:id', async () => {
          throw notFound(MESSAGE_404)
        })
      }),
  },
  {
    name: HONO_BARE,
    note: 'Hono 4, a route returning `c.json({ message, code }, 404)` (the floor a Hono user writes by hand), through the bridge',
    create: () =>
      hono(
        new Hono().get('/users/:id', (c) =>
          c.json({ message: MESSAGE_404, code: 'NOT_FOUND' }, 404),
        ),
      ),
  },
  {
    name: HONO_ERRMAP,
    note: 'Hono 4, `app.use(errmap())`, then a route that throws `notFound(…)`, through the bridge',
    create: () =>
      hono(
        new Hono().use(honoErrmap()).get('/users/:id', () => {
          throw notFound(MESSAGE_404)
        }),
      ),
  },
  {
    name: HONO_ERRMAP_404,
    note: 'Hono 4, no route: `app.notFound(notFoundHandler())`, through the bridge',
    create: () => hono(new Hono().notFound(honoNotFound())),
  },
  {
    name: HONO_SEND,
    note: 'Hono 4, a route returning `send(c, notFound(…))` (no middleware), through the bridge',
    create: () => hono(new Hono().get('/users/:id', (c) => honoSend(c, notFound(MESSAGE_404)))),
  },
]
