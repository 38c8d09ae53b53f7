/**
 * The HTTP candidates: each answers every request with a 404. Each one runs alone in a
 * child process (`server-child.ts`), bundled with its framework, under plain `node`.
 */
import * as E from 'fp-ts/Either'
import Koa from 'koa'
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http'
import { notFound } from '../src/index.js'
import { handler as fetchHandler } from '../src/adapters/fetch.js'
import { errmap } from '../src/adapters/koa.js'
import { handler as nodeHandler, send } from '../src/adapters/node.js'
import { Boom, floor, fromBoom, MESSAGE_404 } from './peers.js'

export interface ServerCandidate {
  readonly name: string
  /** What the server does, for the report. */
  readonly note: string
  readonly create: () => Server
}

export const BARE = 'node:http bare'
export const NODE_SEND = 'errmap/node send'
export const BOOM = 'Boom on node:http'
export const KOA_DEFAULT = 'Koa default (ctx.throw)'
export const KOA_ERRMAP = 'errmap/koa'
export const FETCH_BARE = 'fetch: hand-written Response'
export const FETCH_ERRMAP = 'errmap/fetch handler'

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
]
