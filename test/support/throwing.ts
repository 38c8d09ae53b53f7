/**
 * Servers whose one route throws a fresh value from `fail`, behind each adapter under a
 * policy (any value: adapters read whatever they are given as a policy), listening on
 * 127.0.0.1 port 0. The fetch adapter is served through a Node server that passes the
 * request's headers on.
 */
import { createServer } from 'node:http'
import Koa from 'koa'
import type { Policy } from 'errmap'
import { handler as fetchHandler } from 'errmap/fetch'
import { errmap } from 'errmap/koa'
import { handler as nodeHandler } from 'errmap/node'
import { entries, listen, serve, type Running } from './http.js'

export type Throwing = (fail: () => unknown, policy: unknown) => Promise<Running>

export const throwing: Readonly<Record<'node' | 'fetch' | 'koa', Throwing>> = {
  node: (fail, p) =>
    serve(
      nodeHandler(() => {
        throw fail()
      }, p as Policy),
    ),
  fetch: (fail, p) => {
    const h = fetchHandler(() => {
      throw fail()
    }, p as Policy)
    return serve((req, res) => {
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
  },
  koa: (fail, p) => {
    const app = new Koa()
    app.silent = true
    app.use(errmap(p as Policy)).use(() => {
      throw fail()
    })
    return listen(createServer(app.callback()))
  },
}
