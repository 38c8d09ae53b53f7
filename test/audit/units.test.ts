/**
 * The audit's parts without a server: its grammars, the bounds of an exchange (time,
 * size, a failing or hostile fetch), skipping, options read defensively, and the
 * `errmap-audit` command's arguments and output. Responses come from fake Fetch functions.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { auditIds, auditServer, runCli, serverAudits, summarize } from 'errmap/audit'
import type { FetchLike } from 'errmap/audit'
import {
  isChallenge,
  isRetryAfter,
  listOf,
  mediaTypeOf,
  problemFaults,
  stackFrame,
  variesOnAccept,
} from '../../src/audit/grammar.js'
import { exchange } from '../../src/audit/probe.js'
import { table } from '../../src/audit/cli.js'

const answering =
  (make: (url: string, init: RequestInit) => Response | Promise<Response>): FetchLike =>
  async (url, init) =>
    make(url, init)

const byId = async (fetch: FetchLike, routes: Parameters<typeof serverAudits>[0]['routes']) =>
  Object.fromEntries(
    (await auditServer({ url: 'http://t.test', routes, fetch, timeout: 500 })).map((r) => [
      r.id,
      r,
    ]),
  )

describe('grammars', () => {
  it('Retry-After is delay-seconds or an IMF-fixdate', () => {
    expect(
      ['30', '0', 'Tue, 01 Jan 2030 00:00:00 GMT', '-1', '1.5', 'soon', '2030-01-01', ''].map(
        isRetryAfter,
      ),
    ).toStrictEqual([true, true, true, false, false, false, false, false])
  })

  it('a challenge starts with an auth-scheme', () => {
    expect(
      ['Bearer', 'Basic realm="x"', 'Bearer, Basic', '"x"', '', '=x'].map(isChallenge),
    ).toStrictEqual([true, true, true, false, false, false])
  })

  it('lists, media types and Vary', () => {
    expect([listOf(''), listOf('GET, HEAD')]).toStrictEqual([[], ['GET', 'HEAD']])
    expect(
      [null, 'Application/JSON; charset=utf-8', 'nonsense', 'a/b/c'].map(mediaTypeOf),
    ).toStrictEqual([undefined, 'application/json', undefined, undefined])
    expect(
      [null, 'Origin', 'origin, accept', '*', 'Accept-Encoding'].map(variesOnAccept),
    ).toStrictEqual([false, false, true, true, false])
  })

  it('finds stack frames of several platforms, and nothing in a plain message', () => {
    expect(
      [
        'at Object.<anonymous> (/app/index.js:1:2)',
        '{"stack":"Error\\n    at file:///app/x.mjs:3:4"}',
        'at node:internal/process/task_queues:95:5',
        'Traceback (most recent call last):',
        'at com.acme.Api.get(Api.java:42)',
        'goroutine 1 [running]:',
        'Fatal error in /var/www/index.php on line 3',
        'at Acme.Api.Get() in /src/Api.cs:line 42',
        'Internal Server Error: look at the logs at 10:30',
      ].map((t) => stackFrame(t) !== undefined),
    ).toStrictEqual([true, true, true, true, true, true, true, true, false])
  })

  it('RFC 9457 documents: members of the wrong type, URIs, the status member', () => {
    expect(
      problemFaults('{"type":"about:blank","title":"Not Found","status":404}', 404),
    ).toStrictEqual([])
    expect(problemFaults('nope', 404)).toStrictEqual(['the body is not JSON'])
    expect(problemFaults('[1]', 404)).toStrictEqual(['the body is not a JSON object'])
    expect(
      problemFaults('{"type":"a b","title":1,"instance":"/x y","status":500}', 404),
    ).toStrictEqual([
      '"title" is not a string',
      '"type" is not a URI reference',
      '"instance" is not a URI reference',
      '"status" is 500, the response\'s is 404',
    ])
  })
})

describe('an exchange is bounded and never rejects', () => {
  const bounds = (fetch: FetchLike, timeout = 300, maxBytes = 8) => ({
    url: 'http://t.test/',
    fetch,
    timeout,
    maxBytes,
  })

  it('reads at most maxBytes of a body', async () => {
    const x = await exchange(bounds(answering(() => new Response('0123456789abcdef'))), {
      path: '/a',
    })
    expect(x).toMatchObject({ _tag: 'Seen', text: '01234567', bytes: 8, truncated: true })
  })

  it('gives up when no answer comes in time', async () => {
    const never: FetchLike = (_u, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    expect(await exchange(bounds(never, 50), { path: '/slow' })).toStrictEqual({
      _tag: 'Failed',
      reason: 'GET /slow: no answer in time',
    })
  })

  it('reports a fetch that throws, rejects with a cause, or answers no Response', async () => {
    const thrown: FetchLike = () => {
      throw 'boom'
    }
    const refused: FetchLike = () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))
    const odd = (() => Promise.resolve({})) as unknown as FetchLike
    expect(
      await Promise.all([thrown, refused, odd].map((f) => exchange(bounds(f), { path: '/' }))),
    ).toStrictEqual([
      { _tag: 'Failed', reason: 'GET /: boom' },
      { _tag: 'Failed', reason: 'GET /: fetch failed: ECONNREFUSED' },
      { _tag: 'Failed', reason: expect.stringMatching(/^GET \/: /) },
    ])
  })

  it('keeps the status and headers of a body cut off, with the reason', async () => {
    let sent = false
    const cut = answering(
      () =>
        new Response(
          new ReadableStream({
            pull(c) {
              if (sent) return c.error(new Error('other side closed'))
              sent = true
              c.enqueue(new TextEncoder().encode('{"a"'))
            },
          }),
          { status: 500, headers: { 'content-length': '20' } },
        ),
    )
    expect(await exchange(bounds(cut, 300, 100), { path: '/' })).toMatchObject({
      status: 500,
      text: '{"a"',
      cut: 'other side closed',
    })
  })
})

describe('audits over fake servers', () => {
  it('skip what has no route, and say which route they needed', async () => {
    const r = await byId(
      answering(() => new Response('x')),
      {},
    )
    expect(summarize(Object.values(r))).toStrictEqual({ ok: 0, warn: 0, error: 0, skip: 18 })
    expect(r['retry-after']?.reason).toBe('no tooManyRequests or serviceUnavailable route given')
  })

  it('ignore a route that is no route, and a cors route without an origin', async () => {
    const routes = { notFound: 42, cors: { path: '/c' } } as never
    expect(summarize(await auditServer({ url: 'http://t.test', routes }))).toStrictEqual({
      ok: 0,
      warn: 0,
      error: 0,
      skip: 18,
    })
  })

  it('answer error or warn, never reject, when the options themselves throw', async () => {
    const routes = new Proxy(
      {},
      {
        get: () => {
          throw new Error('hostile routes')
        },
      },
    )
    const results = await auditServer({ url: 'http://t.test', routes })
    expect(results.map((r) => r.status)).toStrictEqual(
      results.map((r) => (r.level === 'MUST' ? 'error' : 'warn')),
    )
    expect(results[0]?.reason).toBe('the audit could not run: hostile routes')
  })

  it('fail every audit of a route that never answers, at its level', async () => {
    const down: FetchLike = () => Promise.reject(new Error('ECONNREFUSED'))
    const routes = {
      notFound: '/n',
      methodNotAllowed: { method: 'DELETE', path: '/m' },
      unauthorized: '/u',
      unsupportedMediaType: '/s',
      serverError: '/e',
      tooManyRequests: { path: '/t', attempts: 2 },
      serviceUnavailable: '/d',
      requestId: '/e',
      cors: { path: '/c', origin: 'https://o.test' },
    }
    const results = await auditServer({ url: 'http://t.test', routes, fetch: down })
    expect(results.map((r) => [r.id, r.status])).toStrictEqual(
      results.map((r) => [r.id, r.level === 'MUST' ? 'error' : 'warn']),
    )
    expect(results.find((r) => r.id === 'retry-after')?.reason).toBe(
      'GET /t: ECONNREFUSED; GET /d: ECONNREFUSED',
    )
  })

  it('read the wrong status as a failure of the duty it was to show', async () => {
    const ok = answering(() => new Response('fine', { headers: { 'content-type': 'text/plain' } }))
    const r = await byId(ok, {
      notFound: '/n',
      methodNotAllowed: { method: 'DELETE', path: '/m' },
      unauthorized: '/u',
      unsupportedMediaType: { path: '/s', headers: { 'Content-Type': 'text/x' } },
      serverError: { path: '/e', secret: 'fine' },
      tooManyRequests: '/t',
      cors: { path: '/c', origin: 'https://o.test' },
    })
    expect(
      Object.fromEntries(
        [
          'allow',
          'www-authenticate',
          'accept-415',
          'retry-after',
          'no-leak-5xx',
          'cors',
          'error-body',
        ].map((id) => [id, r[id]?.reason]),
      ),
    ).toStrictEqual({
      allow: 'DELETE /m → 200, not 405',
      'www-authenticate': 'GET /u → 200, not 401',
      'accept-415': 'POST /s → 200, not 415',
      'retry-after': 'GET /t → 200, not 429',
      'no-leak-5xx': 'GET /e → 200, not a 5xx',
      cors: 'GET /c → 200, not an error',
      'error-body':
        'GET /n → 200, not an error; DELETE /m → 200, not an error; GET /u → 200, not an error; POST /s → 200, not an error; GET /e → 200, not an error',
    })
  })

  it('check what fetch would hide: a body to HEAD, an encoded or oversized body, bad grammar', async () => {
    const fake = answering((url, init) => {
      const path = new URL(url).pathname
      if (path === '/u')
        return new Response('{}', { status: 401, headers: { 'www-authenticate': '"x"' } })
      if (path === '/m')
        return new Response('{}', {
          status: 405,
          headers: { allow: init.method === 'DELETE' ? 'GET, DELETE' : 'G E T' },
        })
      if (path === '/m2') return new Response('{}', { status: 405, headers: { allow: 'G E T' } })
      if (path === '/e')
        return new Response('{"x":"the secret"}', {
          status: 500,
          headers: { 'content-type': 'application/json' },
        })
      if (path === '/big')
        return new Response('x'.repeat(64), { status: 400, headers: { 'content-length': '64' } })
      if (path === '/gz')
        return new Response('x', {
          status: 400,
          headers: { 'content-length': '99', 'content-encoding': 'gzip' },
        })
      if (path.startsWith('/n'))
        return new Response(init.method === 'HEAD' ? 'leak' : '[]', {
          status: 404,
          headers: {
            'content-type': 'application/problem+json',
            'content-length': init.method === 'HEAD' ? '9' : '2',
          },
        })
      return new Response(null, { status: 404 })
    })
    const r = await auditServer({
      url: 'http://t.test',
      fetch: fake,
      maxBytes: 16,
      routes: {
        notFound: '/n',
        unauthorized: '/u',
        methodNotAllowed: { method: 'DELETE', path: '/m' },
        serverError: { path: '/e', secret: 'the secret' },
        badRequest: '/big',
        serviceUnavailable: '/gz',
        requestId: { path: '/n', echo: 'header', header: 'x-id' },
      },
    })
    const reason = (id: string) => r.find((x) => x.id === id)?.reason
    expect(reason('head')).toBe('HEAD has a body of 4 bytes; HEAD says Content-Length: 9, GET 2')
    expect(reason('www-authenticate')).toBe(
      'GET /u → 401: WWW-Authenticate: "x" is not a challenge',
    )
    expect(reason('allow')).toBe('DELETE /m → 405: Allow: GET, DELETE lists the method it refused')
    expect(reason('no-leak-5xx')).toBe('GET /e → 500 shows the secret marker')
    expect(reason('content-length')).toContain('GET /big → 400 is longer than the audit reads')
    expect(reason('content-length')).toContain(
      'GET /gz → 400 is gzip-encoded although identity was asked: its length cannot be compared',
    )
    expect(reason('problem-details')).toContain('GET /n → 404: the body is not a JSON object')
    expect(reason('request-id')).toBe('GET /n → 404 does not echo the x-id in its header')
    const bad = await auditServer({
      url: 'http://t.test',
      fetch: fake,
      routes: { methodNotAllowed: { method: 'DELETE', path: '/m2' } },
    })
    expect(bad.find((x) => x.id === 'allow')?.reason).toBe(
      'DELETE /m2 → 405: Allow: G E T is no method list',
    )
  })
})

describe('the errmap-audit command', () => {
  const run = async (args: ReadonlyArray<string>, fetch?: FetchLike) => {
    let out = ''
    const code = await runCli(args, { write: (t) => (out += t), ...(fetch ? { fetch } : {}) })
    return { code, out }
  }
  const fake = answering((url, init) => {
    const path = new URL(url).pathname
    if (path === '/m')
      return new Response('{}', { status: 405, headers: { 'content-type': 'application/json' } })
    const h = new Headers(init.headers)
    return new Response(
      JSON.stringify({ path, id: h.get('x-request-id'), origin: h.get('origin') }),
      {
        status: 500,
        headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' },
      },
    )
  })

  it('prints its usage with --help, and on a usage error exits 2', async () => {
    const help = await run(['--help'])
    expect([help.code, help.out.startsWith('Usage: errmap-audit <url>')]).toStrictEqual([0, true])
    expect(help.out).toContain('2 on a usage error or when the server cannot be reached')
    const errors = await Promise.all(
      [
        [],
        ['http://a', 'http://b'],
        ['ftp://x'],
        ['http://x', '--bogus'],
        ['http://x', '--route'],
        ['http://x', '--route', 'nope'],
        ['http://x', '--route', 'teapot=/x'],
        ['http://x', '--routes', '[]'],
        ['http://x', '--routes', '{'],
        ['http://x', '--routes', '{"teapot":"/x"}'],
        ['http://x', '--timeout', '0'],
      ].map((a) => run(a)),
    )
    expect(errors.map((e) => [e.code, e.out.split('\n')[0]])).toStrictEqual([
      [2, 'errmap-audit: no <url> given'],
      [2, 'errmap-audit: one <url> only'],
      [2, 'errmap-audit: ftp://x: an http(s) URL expected'],
      [2, 'errmap-audit: unknown option --bogus'],
      [2, 'errmap-audit: --route needs a value'],
      [2, 'errmap-audit: --route nope: expected <kind>=[METHOD ]/path'],
      [2, 'errmap-audit: --route teapot=/x: unknown kind teapot'],
      [2, 'errmap-audit: --routes: not a JSON object'],
      [2, 'errmap-audit: --routes: not JSON'],
      [2, 'errmap-audit: --routes: unknown kind teapot'],
      [2, 'errmap-audit: --timeout 0: milliseconds expected'],
    ])
  })

  it('exits 2 with one line when the server cannot be reached, and runs no audit', async () => {
    const sent: Array<string> = []
    const failing =
      (make: () => unknown): FetchLike =>
      (url, init) => {
        sent.push(`${init.method ?? 'GET'} ${url}`)
        return Promise.reject(make())
      }
    const run2 = async (args: ReadonlyArray<string>, fetch: FetchLike) => {
      let out = ''
      let err = ''
      const code = await runCli(args, {
        write: (t) => (out += t),
        error: (t) => (err += t),
        fetch,
      })
      return { code, out, err }
    }
    const refused = failing(
      () =>
        new TypeError('fetch failed', {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:3999'),
        }),
    )
    expect(
      await run2(
        ['http://127.0.0.1:3999', '--route', 'notFound=/x', '--route', 'serverError=/e'],
        refused,
      ),
    ).toStrictEqual({
      code: 2,
      out: '',
      err: 'errmap-audit: cannot reach http://127.0.0.1:3999/x: fetch failed: connect ECONNREFUSED 127.0.0.1:3999\n',
    })
    // One request, to the first route (a 429's route last: its requests count), and no audit.
    expect(sent).toStrictEqual(['GET http://127.0.0.1:3999/x'])
    sent.length = 0
    const unresolved = failing(
      () => new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.test') }),
    )
    expect(
      await run2(
        [
          'http://api.test/v1/',
          '--routes',
          '{"tooManyRequests":"/t","cors":{"path":"/c","origin":"https://o.test"}}',
          '--json',
        ],
        unresolved,
      ),
    ).toStrictEqual({
      code: 2,
      out: '',
      err: 'errmap-audit: cannot reach http://api.test/v1/c: fetch failed: getaddrinfo ENOTFOUND api.test\n',
    })
    // No route but a 429's: the base URL. Without an error writer, the line goes to write.
    expect(
      await run(['http://api.test/v1/', '--route', 'tooManyRequests=/t'], unresolved),
    ).toStrictEqual({
      code: 2,
      out: 'errmap-audit: cannot reach http://api.test/v1/: fetch failed: getaddrinfo ENOTFOUND api.test\n',
    })
    expect(sent).toStrictEqual(['GET http://api.test/v1/c', 'GET http://api.test/v1/'])
    const never: FetchLike = (_u, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    expect(
      await run(['http://t.test', '--route', 'notFound=/x', '--timeout', '50'], never),
    ).toStrictEqual({
      code: 2,
      out: 'errmap-audit: cannot reach http://t.test/x: no answer in time\n',
    })
    // Any answer, whatever its status, is reaching it: the audits run.
    const answered = await run(
      ['http://t.test', '--route', 'notFound=/x'],
      answering(() => new Response(null, { status: 503 })),
    )
    expect(answered.code).toBe(1)
    expect(answered.out).toMatch(/^errmap-audit http:\/\/t\.test: 18 audits — .* [1-9]\d* error/)
  })

  it('exits 1 on a MUST failure and prints the table', async () => {
    const { code, out } = await run(
      ['http://t.test', '--route', 'methodNotAllowed=delete /m'],
      fake,
    )
    expect(code).toBe(1)
    expect(out).toContain(
      '✘ error  allow             MUST send Allow with a 405, without the refused method\n',
    )
    expect(out).toContain('DELETE /m → 405 without Allow\n')
  })

  it('exits 0 when only SHOULDs fail, 1 with --strict; --secret, --origin, --routes and --timeout', async () => {
    const args = [
      'http://t.test',
      '--route',
      'serverError=/e',
      '--secret',
      '/e',
      '--routes',
      '{"requestId":"/e","cors":"/c"}',
      '--origin',
      'https://o.test',
      '--timeout',
      '1000',
      '--json',
    ]
    const loose = await run(args, fake)
    const strict = await run([...args, '--strict'], fake)
    expect([loose.code, strict.code]).toStrictEqual([0, 1])
    const report = JSON.parse(loose.out) as {
      results: ReadonlyArray<{ id: string; status: string; reason: string }>
    }
    expect(
      report.results.filter((r) => r.status !== 'skip').map((r) => [r.id, r.status, r.reason]),
    ).toStrictEqual([
      ['error-body', 'ok', '1 error, each with a body and a Content-Type'],
      ['content-length', 'ok', '1 error whose Content-Length, where sent, is exact'],
      ['problem-details', 'ok', 'no answer was application/problem+json: nothing to check'],
      ['nosniff', 'ok', '1 error, each with nosniff'],
      ['no-leak-5xx', 'warn', 'GET /e → 500 shows the secret marker'],
      ['request-id', 'ok', 'GET /e → 500 echoes the x-request-id in its body'],
      [
        'cors',
        'warn',
        'GET /c → 500 with no access-control-allow-origin for Origin: https://o.test',
      ],
    ])
  })

  it('a throwing writer does not make it reject', async () => {
    const code = await runCli(['--help'], {
      write: () => {
        throw new Error('EPIPE')
      },
    })
    expect(code).toBe(0)
  })

  it('lines up the table', () => {
    expect(
      table('http://t.test', [
        { id: 'nosniff', level: 'SHOULD', name: 'SHOULD n', status: 'ok', reason: 'fine' },
      ]),
    ).toBe(
      'errmap-audit http://t.test: 1 audits — 1 ok, 0 warn, 0 error, 0 skip\n\n' +
        `✔ ok     nosniff${' '.repeat(9)}  SHOULD n\n${' '.repeat(27)}fine\n`,
    )
    expect(auditIds).toHaveLength(18)
  })
})

describe('docs/AUDIT.md', () => {
  it('lists every audit with its level, name and source, in order', () => {
    const doc = readFileSync('docs/AUDIT.md', 'utf8')
    const rows = doc
      .slice(doc.indexOf('## The audits'), doc.indexOf('## What a Fetch client'))
      .split('\n')
      .filter((l) => /^\| `[a-z0-9-]+` +\| (MUST|SHOULD|MAY) /.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, 5)
          .map((c) => c.trim()),
      )
    expect(rows).toStrictEqual(
      serverAudits({ url: 'http://t.test', routes: {} }).map((a) => [
        `\`${a.id}\``,
        a.level,
        a.name,
        a.source,
      ]),
    )
  })
})

describe('audits over answers at the edges', () => {
  // What no `Headers` can hold, as a Fetch function of another runtime might hand it over.
  const splitHeaders = {
    get: () => null,
    has: () => false,
    forEach: (cb: (value: string, name: string) => void) => cb('a\r\nb', 'x-split'),
  }
  const edge = answering((url, init) => {
    const { pathname: path, search } = new URL(url)
    const accept = new Headers(init.headers).get('accept') ?? ''
    if (path.startsWith('/split') && search !== '')
      return { status: 404, headers: splitHeaders, body: null } as unknown as Response
    if (path === '/empty') return new Response(null, { status: 404 })
    if (path === '/short')
      return new Response('abc', { status: 400, headers: { 'content-length': '5' } })
    if (path === '/head-fails') {
      if (init.method === 'HEAD') throw new Error('reset')
      if (accept.length > 60000) return new Response('x', { status: 500 })
      if (accept.includes('unmatched')) throw new Error('reset on odd Accept')
      return new Response('{}', { status: 404 })
    }
    if (path === '/m') return new Response('{}', { status: 405, headers: { allow: 'POST' } })
    if (path === '/busy') return new Response('{}', { status: 429 })
    if (path === '/long')
      return new Response(JSON.stringify({ title: 'x'.repeat(100) }), {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
      })
    if (path === '/e') return new Response('{}', { status: 503 })
    if (path === '/odd')
      return new Response(accept.includes('unmatched') ? null : '{}', {
        status: 404,
        headers: { 'content-type': 'application/json' },
      })
    return new Response(null, { status: 404 })
  })
  const reasonsOf = async (routes: Parameters<typeof serverAudits>[0]['routes']) =>
    Object.fromEntries(
      (await auditServer({ url: 'http://t.test', routes, fetch: edge, maxBytes: 64 })).map((r) => [
        r.id,
        r.reason,
      ]),
    )

  it('empty bodies, lying lengths, a missing Retry-After, a body past maxBytes', async () => {
    const r = await reasonsOf({
      notFound: '/empty',
      badRequest: '/short',
      methodNotAllowed: '/m',
      tooManyRequests: '/busy',
      unauthorized: '/long',
      serverError: '/e',
    })
    expect(r['error-body']).toContain('GET /empty → 404 has no body')
    expect(r['content-length']).toBe('GET /short → 400 says Content-Length: 5 but sent 3 bytes')
    expect(r['allow']).toBe('GET /m → 405 with Allow: POST')
    expect(r['retry-after']).toBe('GET /busy → 429 without Retry-After (MAY)')
    expect(r['problem-details']).toBe('GET /long → 400: the body is longer than the audit reads')
    expect(r['problem-offered']).toBe(
      'GET /empty → 404 as no Content-Type, though problem+json was asked',
    )
    expect(r['vary-accept']).toBe('GET /empty is always none: no Vary needed')
    expect(r['no-leak-5xx']).toBe('GET /e → 503 shows no stack frame')
  })

  it('a HEAD or an odd Accept that fails, a hostile Accept that breaks it, a split header', async () => {
    const failing = await reasonsOf({ notFound: '/head-fails' })
    expect([
      failing['head'],
      failing['head-headers'],
      failing['unmatched-accept'],
      failing['hostile-accept'],
    ]).toStrictEqual([
      'HEAD /head-fails: reset',
      'HEAD /head-fails: reset',
      'GET /head-fails: reset on odd Accept',
      'GET /head-fails → 500: the hostile Accept broke it',
    ])
    const odd = await reasonsOf({ notFound: '/odd' })
    expect(odd['unmatched-accept']).toBe(
      'with an Accept it cannot match, GET /odd → 404 has no typed body',
    )
    const split = await reasonsOf({ notFound: '/split?page=1' })
    expect(split['no-crlf']).toBe(
      'GET /split?page=1/%0D%0Ax-errmap-audit:%20injected → 404: x-split holds CR, LF or NUL; ' +
        'GET /split?page=1&q=%0D%0Ax-errmap-audit:%20injected → 404: x-split holds CR, LF or NUL',
    )
  })

  it('a stream whose cancel fails, missing routes, a thrown non-Error', async () => {
    const stubborn = answering(
      () =>
        new Response(
          new ReadableStream({
            pull: (c) => c.enqueue(new Uint8Array(32)),
            cancel: () => {
              throw new Error('cannot cancel')
            },
          }),
          { status: 404 },
        ),
    )
    expect(
      await exchange(
        { url: 'http://t.test', fetch: stubborn, timeout: 500, maxBytes: 40 },
        { path: '/' },
      ),
    ).toMatchObject({ status: 404, bytes: 40, truncated: true })
    const none = await auditServer({ url: 'http://t.test' } as never)
    expect(summarize(none).skip).toBe(18)
    const routes = new Proxy(
      {},
      {
        get: () => {
          throw 'plain'
        },
      },
    )
    const thrown = await auditServer({ url: 'http://t.test', routes })
    expect(thrown[0]?.reason).toBe('the audit could not run: plain')
    const unprintable = new Proxy(
      {},
      {
        get: () => {
          throw { toString: () => Symbol() }
        },
      },
    )
    const worse = await auditServer({ url: 'http://t.test', routes: unprintable })
    expect(worse[0]?.reason).toBe('the audit could not run: an unprintable value')
  })
})
