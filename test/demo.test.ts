/**
 * `npm start` runs examples/demo.ts: it starts the users API on all three adapters, prints
 * their URLs, answers with mapped errors, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// tsx as a loader in one process (what `tsx examples/demo.ts` runs), so a signal reaches the demo.
const start = (): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const urlsOf = (child: ChildProcess): Promise<Record<string, string>> =>
  new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const found = [...out.matchAll(/^ {2}(node|fetch|koa) +(http:\/\/127\.0\.0\.1:\d+)$/gm)]
      if (found.length === 3) resolve(Object.fromEntries(found.map((m) => [m[1], m[2]])))
    })
    child.once('exit', (code) =>
      reject(new Error(`demo exited (${code}) before listening:\n${out}${err}`)),
    )
  })

const get = async (url: string, init?: RequestInit) => {
  const r = await fetch(url, init)
  return {
    status: r.status,
    type: r.headers.get('content-type'),
    challenge: r.headers.get('www-authenticate'),
    body: (await r.json()) as unknown,
  }
}

describe('the demo (npm start)', () => {
  let child: ChildProcess
  let urls: Record<string, string> = {}

  beforeAll(async () => {
    child = start()
    urls = await urlsOf(child)
  })
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('prints one URL per adapter on 127.0.0.1', () => {
    expect(Object.keys(urls).sort()).toEqual(['fetch', 'koa', 'node'])
  })

  it('answers 404, 401 and a masked 500 the same on every adapter', async () => {
    for (const url of Object.values(urls)) {
      const answers = [
        await get(`${url}/users/42`, { headers: { accept: 'application/problem+json' } }),
        await get(`${url}/users`, { method: 'POST', body: '{}' }),
        await get(`${url}/health/db`),
      ]
      expect(answers).toEqual([
        {
          status: 404,
          type: 'application/problem+json; charset=utf-8',
          challenge: null,
          body: {
            type: '/errors/not-found', // the demo's problemTypeBase: its catalog answers it
            title: 'Not Found',
            status: 404,
            detail: 'There is no user 42.',
            code: 'NOT_FOUND',
          },
        },
        {
          status: 401,
          type: 'application/json; charset=utf-8',
          challenge: 'Bearer realm="users"',
          body: { message: 'Send a bearer token.', code: 'UNAUTHORIZED' },
        },
        {
          status: 500,
          type: 'application/json; charset=utf-8',
          challenge: null,
          body: { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
        },
      ])
    }
  })

  it('speaks German, names the trace, gives a browser a page, on every adapter', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    for (const url of Object.values(urls)) {
      const failed = await fetch(`${url}/health/db`, {
        headers: {
          'accept-language': 'de-CH, en;q=0.5',
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        },
      })
      expect([failed.status, failed.headers.get('content-language'), await failed.json()]).toEqual([
        500,
        'de',
        { message: 'Interner Serverfehler.', code: 'INTERNAL_SERVER_ERROR', traceId },
      ])
      const page = await fetch(`${url}/users/42`, { headers: { accept: 'text/html' } })
      expect([page.status, page.headers.get('content-type')]).toEqual([
        404,
        'text/html; charset=utf-8',
      ])
      expect(await page.text()).toContain('<h1>404 Not Found</h1>')
    }
  })

  it('stops with exit code 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
