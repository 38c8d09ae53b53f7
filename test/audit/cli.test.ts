/**
 * `errmap-audit` (package.json#bin, built from bin/errmap-audit.ts) run as a process against
 * `npm start`'s demo, as the README shows it: every audit whose route is given is ok, and
 * the exit code is 0; against a server that breaks a MUST, the exit code is 1; against
 * none, one line on standard error and the exit code 2.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reference } from './reference.js'

/** The routes of the demo, as the README's command passes them. */
export const demoArgs: ReadonlyArray<string> = [
  '--route',
  'notFound=/nope',
  '--route',
  'methodNotAllowed=DELETE /users',
  '--route',
  'unauthorized=POST /users',
  '--route',
  'serverError=/health/db',
  '--secret',
  'hunter2',
  '--route',
  'requestId=/health/db',
  '--routes',
  '{"tooManyRequests":{"path":"/users/export","attempts":2}}',
]

const cli = (args: ReadonlyArray<string>): Promise<{ code: number; out: string; err: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/errmap-audit.ts', ...args],
      { timeout: 60_000, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), out: stdout, err: stderr }),
    )
  })

describe('errmap-audit against the demo (npm start)', () => {
  let child: ChildProcess
  let url = ''
  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /^ {2}node +(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)
        if (m !== null) resolve(m[1] as string)
      })
      child.once('exit', (code) => reject(new Error(`the demo exited (${code}):\n${out}`)))
    })
  })
  afterAll(() => {
    child.kill('SIGTERM')
  })

  it('prints every audit ok but the two it has no route for, and exits 0', async () => {
    const { code, out } = await cli([url, ...demoArgs])
    expect(code).toBe(0)
    expect(out.split('\n')[0]).toBe(
      `errmap-audit ${url}: 18 audits — 16 ok, 0 warn, 0 error, 2 skip`,
    )
    const skipped = out.split('\n').filter((l) => l.startsWith('- skip'))
    expect(skipped.map((l) => l.split(/\s+/)[2])).toStrictEqual(['accept-415', 'cors'])
  })

  it('prints what the README shows (its port, timings and wait aside)', async () => {
    const readme = readFileSync('README.md', 'utf8')
    const shown = /npx errmap-audit http:\/\/127\.0\.0\.1:3000[^`]*```\n+```text\n([^`]*)```/.exec(
      readme,
    )
    const { out } = await cli([url, ...demoArgs])
    const same = (text: string, at: string) =>
      text
        .replaceAll(at, '<url>')
        .replace(/ in \d+ ms/g, ' in <n> ms')
        .replace(/Retry-After: \d+/g, 'Retry-After: <s>')
    expect(same(out, url)).toBe(
      same(shown?.[1] ?? '(no output in the README)', 'http://127.0.0.1:3000'),
    )
  })
})

describe('errmap-audit against a server that breaks a MUST', () => {
  it('exits 1, and prints --json for machines', async () => {
    const running = await reference('allow')
    try {
      const { code, out } = await cli([
        running.url,
        '--route',
        'methodNotAllowed=DELETE /items',
        '--json',
      ])
      const report = JSON.parse(out) as { summary: unknown }
      expect([code, report.summary]).toStrictEqual([1, { ok: 4, warn: 0, error: 1, skip: 13 }])
    } finally {
      await running.close()
    }
  })
})

describe('errmap-audit against a port nothing listens on', () => {
  it('prints one line on standard error, nothing on standard output, and exits 2', async () => {
    // A port just freed: the connection is refused.
    const server = createServer()
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    )
    await new Promise((resolve) => server.close(resolve))
    const url = `http://127.0.0.1:${port}`
    const { code, out, err } = await cli([url, '--route', 'notFound=/x'])
    expect({ code, out }).toStrictEqual({ code: 2, out: '' })
    expect(err).toMatch(
      new RegExp(
        `^errmap-audit: cannot reach ${url}/x: fetch failed: connect ECONNREFUSED [^\\n]+\\n$`,
      ),
    )
  })
})
