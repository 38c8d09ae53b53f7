/**
 * errmap's conformance, as the audit sees it: every audit is ok against every adapter
 * (node, fetch, koa, express, fastify, hono), each a real server on 127.0.0.1, closed by
 * the test. And the one duty errmap does not keep: CORS headers set on the response
 * before a failure are replaced (docs/AUDIT.md, "cors").
 */
import { createServer } from 'node:http'
import express from 'express'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forbidden } from 'errmap'
import { auditIds, auditServer, type AuditResult } from 'errmap/audit'
import * as expressAdapter from 'errmap/express'
import { errmap as koaErrmap } from 'errmap/koa'
import { handler as nodeHandler } from 'errmap/node'
import { listen, serve, type Running } from '../support/http.js'
import { errmapRoutes, errmapServers, ORIGIN } from './servers.js'

describe.each(Object.entries(errmapServers))('errmap/%s passes every audit', (_name, start) => {
  let running: Running
  let results: ReadonlyArray<AuditResult> = []
  beforeAll(async () => {
    running = await start()
    results = await auditServer({ url: running.url, routes: errmapRoutes })
  })
  afterAll(() => running.close())

  it('runs every audit, none skipped', () => {
    expect(results.map((r) => r.id)).toStrictEqual([...auditIds])
  })

  it.each([...auditIds])('%s is ok', (id) => {
    const r = results.find((x) => x.id === id)
    expect([r?.status, r?.reason]).toStrictEqual(['ok', r?.reason])
  })
})

// A CORS middleware sets its header, then the route throws a plain errmap error: the
// adapters replace every header the failing handler set, CORS ones included.
const corsSetBefore: ReadonlyArray<readonly [string, () => Promise<Running>]> = [
  [
    'node',
    () =>
      serve(
        nodeHandler((_req, res) => {
          res.setHeader('access-control-allow-origin', ORIGIN)
          throw forbidden('Not from there.')
        }),
      ),
  ],
  [
    'koa',
    () => {
      const app = new Koa()
      app.use(koaErrmap())
      app.use((ctx) => {
        ctx.set('access-control-allow-origin', ORIGIN)
        throw forbidden('Not from there.')
      })
      return listen(createServer(app.callback()))
    },
  ],
  [
    'express',
    () => {
      const app = express()
      app.use((_req, res) => {
        res.set('access-control-allow-origin', ORIGIN)
        throw forbidden('Not from there.')
      })
      app.use(expressAdapter.errmap())
      return listen(createServer(app))
    },
  ],
]

describe.each(corsSetBefore)('errmap/%s and CORS headers set before the failure', (_n, start) => {
  let running: Running
  beforeAll(async () => {
    running = await start()
  })
  afterAll(() => running.close())

  it('are dropped: the cors audit warns (a SHOULD)', async () => {
    const results = await auditServer({
      url: running.url,
      routes: { cors: { path: '/cors', origin: ORIGIN } },
    })
    expect(results.find((r) => r.id === 'cors')).toStrictEqual({
      id: 'cors',
      level: 'SHOULD',
      name: 'SHOULD keep the CORS headers of a failing route',
      status: 'warn',
      reason: `GET /cors → 403 with no access-control-allow-origin for Origin: ${ORIGIN}`,
    })
  })
})
