/**
 * errmap/express on Express 4 and 5 over real sockets: the not-found handler, and
 * `handler` (what Express 4 needs for async routes) with every shape a route returns.
 */
import express from 'express'
import express4 from 'express4'
import { createServer } from 'node:http'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { afterEach, describe, expect, it } from 'vitest'
import { conflict, policy } from 'errmap'
import { errmap, handler, notFoundHandler } from 'errmap/express'
import { listen, type Running } from './harness.js'

const running: Array<Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()))
})

const masked = { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' }

describe.each([
  ['express 5', express],
  ['express 4', express4 as unknown as typeof express],
])('%s', (_, e) => {
  const start = async (): Promise<string> => {
    const app = e()
    app.get(
      '/right',
      handler(() => TE.right({ status: 418, headers: { 'x-a': 'b' }, body: 'tea' })),
    )
    app.get(
      '/either',
      handler(() => E.left(conflict('taken'))),
    )
    app.get(
      '/rejects',
      handler(() => Promise.reject(conflict('taken'))),
    )
    app.get(
      '/own',
      handler((_req, res) => {
        res.status(202).send('written')
      }),
    )
    app.get(
      '/invalid',
      handler(() => Promise.resolve({ status: 'x' } as never)),
    )
    // Falsy values and 'route' would mean "no error" or "skip" to Express's next().
    app.get(
      '/undefined',
      handler(() => TE.left(undefined as never)),
    )
    app.get(
      '/route',
      handler(() => {
        throw 'route'
      }),
    )
    app.get('/route', (_req, res) => void res.send('the next route'))
    app.get(
      '/late',
      handler((_req, res) => {
        Object.defineProperty(res, 'writableEnded', {
          get: () => {
            throw new Error('a hostile response')
          },
        })
        return { status: 200, headers: {}, body: 'x' }
      }),
    )
    app.use(notFoundHandler())
    app.use(errmap())
    const r = await listen(createServer(app))
    running.push(r)
    return r.url
  }

  it.each([
    ['/right', 418, 'tea'],
    ['/either', 409, JSON.stringify({ message: 'taken', code: 'CONFLICT' })],
    ['/rejects', 409, JSON.stringify({ message: 'taken', code: 'CONFLICT' })],
    ['/own', 202, 'written'],
    ['/invalid', 500, JSON.stringify(masked)],
    ['/undefined', 500, JSON.stringify(masked)],
    ['/route', 500, JSON.stringify(masked)],
    ['/nope', 404, JSON.stringify({ message: 'Not Found', code: 'NOT_FOUND' })],
  ] as const)('%s', async (path, status, body) => {
    const r = await fetch((await start()) + path)
    expect([r.status, await r.text()]).toEqual([status, body])
  })

  it('cuts a response that cannot be read, never answering with a stack trace', async () => {
    await expect(fetch((await start()) + '/late')).rejects.toThrow()
  })

  it('a response Node refuses goes to the error handler, and onError hears what Node threw', async () => {
    const heard: Array<unknown> = []
    const app = e()
    app.get(
      '/',
      handler(() => E.right({ status: 200, headers: { 'x-city': '東京' }, body: 'hi' })),
    )
    app.use(errmap(policy({ onError: (_e, cause) => heard.push(cause) })))
    const r = await listen(createServer(app))
    running.push(r)
    const got = await fetch(r.url)
    expect([got.status, await got.json()]).toEqual([500, masked])
    expect(heard).toHaveLength(1)
    expect(heard[0]).toBeInstanceOf(TypeError)
  })
})
