/**
 * The demo (`npm start`) serves the error catalog at its `problemTypeBase`: every problem
 * `type` URI it emits — each error its routes can answer, on each of its three adapters —
 * answers 200 with that entry, followed over a socket as a client would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog } from '../../src/openapi/index.js'
import { apiPolicy, TOKEN } from '../../examples/users.js'

const start = (): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const urlsOf = (child: ChildProcess): Promise<ReadonlyArray<string>> =>
  new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const found = [...out.matchAll(/^ {2}(?:node|fetch|koa) +(http:\/\/127\.0\.0\.1:\d+)$/gm)]
      if (found.length === 3) resolve(found.map((m) => m[1] as string))
    })
    child.once('exit', (code) => reject(new Error(`demo exited (${code}):\n${out}`)))
  })

const problemJson = { accept: 'application/problem+json' }
const signedIn = { ...problemJson, authorization: `Bearer ${TOKEN}` }

// Every error the demo's routes answer, by the code it carries.
const requests: ReadonlyArray<readonly [string, string, RequestInit]> = [
  ['NOT_FOUND', '/users/42', { headers: problemJson }],
  ['UNAUTHORIZED', '/users', { method: 'POST', headers: problemJson, body: '{}' }],
  ['UNPROCESSABLE_CONTENT', '/users', { method: 'POST', headers: signedIn, body: '{"name":""}' }],
  ['BAD_REQUEST', '/users', { method: 'POST', headers: signedIn, body: '{"name":' }],
  [
    'CONFLICT',
    '/users',
    { method: 'POST', headers: signedIn, body: '{"name":"Ada","email":"ada@example.com"}' },
  ],
  ['CONTENT_TOO_LARGE', '/users', { method: 'POST', headers: signedIn, body: 'x'.repeat(70_000) }],
  ['METHOD_NOT_ALLOWED', '/users', { method: 'DELETE', headers: problemJson }],
  ['INTERNAL_SERVER_ERROR', '/health/db', { headers: problemJson }],
  ['TOO_MANY_REQUESTS', '/users/export', { headers: problemJson }],
]

describe('the demo answers every problem type URI it emits with its catalog entry', () => {
  let child: ChildProcess
  let urls: ReadonlyArray<string> = []

  beforeAll(async () => {
    child = start()
    urls = await urlsOf(child)
  })
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  const follow = async (url: string, type: string, code: string) => {
    const target = new URL(type, url)
    const r = await fetch(target)
    const page = await r.text()
    const id = target.pathname.slice(target.pathname.lastIndexOf('/') + 1)
    return {
      status: r.status,
      contentType: r.headers.get('content-type'),
      entry: page.includes(`<section id="${id}">`) && page.includes(`<code>${code}</code>`),
    }
  }

  it('on node, fetch and koa: each error, then its type URI', async () => {
    expect(urls).toHaveLength(3)
    const followed: Array<string> = []
    for (const url of urls) {
      // The export answers 200 once a minute; the second call is the 429.
      await (await fetch(`${url}/users/export`)).arrayBuffer()
      for (const [code, path, init] of requests) {
        const r = await fetch(`${url}${path}`, init)
        const body = (await r.json()) as { readonly type: string; readonly code: string }
        expect([r.headers.get('content-type'), body.code]).toEqual([
          'application/problem+json; charset=utf-8',
          code,
        ])
        expect(await follow(url, body.type, code), `${url} ${body.type}`).toEqual({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          entry: true,
        })
        followed.push(body.type)
      }
    }
    expect(followed).toHaveLength(3 * requests.length)
  })

  it("every entry of the demo policy's catalog resolves, and the base lists them all", async () => {
    const c = catalog(apiPolicy)
    expect(c.typeBase).toBe('/errors/')
    for (const url of urls) {
      for (const e of c.entries) {
        expect(e.type).toBe(`/errors/${e.id}`)
        expect((await follow(url, e.type as string, e.code)).status).toBe(200)
      }
      const all = await (await fetch(`${url}/errors/`)).text()
      for (const e of c.entries) expect(all).toContain(`<section id="${e.id}">`)
      const head = await fetch(`${url}/errors/not-found`, { method: 'HEAD' })
      expect([head.status, await head.text()]).toEqual([200, ''])
      const unknown = await fetch(`${url}/errors/no-such-code`)
      expect(unknown.status).toBe(404)
      await unknown.arrayBuffer()
    }
  })
})
