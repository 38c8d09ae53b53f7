import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import {
  gone,
  internal,
  notFound,
  policy,
  unauthorized,
  type HttpResponse,
  type RequestFacts,
} from 'errmap'
import { facts, handler, write, send } from 'errmap/fetch'
import { entries } from './harness.js'

const seenOf = async (r: Response) => ({
  status: r.status,
  headers: entries(r.headers),
  body: await r.text(),
})

describe('fetch write', () => {
  it('keeps status and headers, a list as several field lines', async () => {
    const r = write({
      status: 401,
      headers: { 'content-type': 'text/plain', 'www-authenticate': ['Basic', 'Bearer'] },
      body: 'who?',
    })
    expect(await seenOf(r)).toEqual({
      status: 401,
      headers: { 'content-type': 'text/plain', 'www-authenticate': 'Basic, Bearer' },
      body: 'who?',
    })
  })

  it('sends no body for HEAD but the same headers', async () => {
    const r = write({ status: 404, headers: { 'content-length': '2' }, body: 'no' }, 'HEAD')
    expect([r.body, await seenOf(r)]).toEqual([
      null,
      { status: 404, headers: { 'content-length': '2' }, body: '' },
    ])
  })

  it('sends a null body for an empty one, so that 204 is valid', () => {
    const r = write({ status: 204, headers: {}, body: '' })
    expect([r.status, r.body]).toEqual([204, null])
  })
})

// The constant answer to a response the runtime refuses.
const masked = {
  status: 500,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'content-length': '66',
    'x-content-type-options': 'nosniff',
  },
  body: '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}',
}

describe('fetch write is total', () => {
  const refused: ReadonlyArray<readonly [string, HttpResponse]> = [
    ['a header value beyond Latin-1', { status: 200, headers: { 'x-city': '東京' }, body: 'no' }],
    [
      'a list with a value beyond Latin-1',
      { status: 401, headers: { 'www-authenticate': ['Basic', 'Basic realm="日本"'] }, body: 'no' },
    ],
    ['a header value with CR LF', { status: 200, headers: { 'x-a': 'a\r\nb: c' }, body: 'no' }],
    ['a header name that is not a token', { status: 200, headers: { 'x a': '1' }, body: 'no' }],
    ['a status outside 200–599', { status: 99, headers: {}, body: 'no' }],
    ['a body on a 204', { status: 204, headers: {}, body: 'no' }],
  ]
  for (const [name, response] of refused)
    it(`${name}: the constant masked 500, and no throw`, async () => {
      expect(await seenOf(write(response))).toEqual(masked)
    })

  it('the masked 500 of a HEAD has no body', async () => {
    const r = write(refused[0]?.[1] as HttpResponse, 'HEAD')
    expect([r.body, await seenOf(r)]).toEqual([null, { ...masked, body: '' }])
  })
})

describe('fetch facts', () => {
  const id = (headers: HeadersInit, p = policy()) =>
    facts(new Request('http://localhost/', { headers }), p).requestId

  it('reads the request id from the policy’s header, trimmed, at most 200 characters, blank as none', () => {
    const correlation = policy({ requestIdHeader: 'X-Correlation-Id' })
    const none = policy({ requestIdHeader: undefined })
    expect([
      id({ 'x-request-id': '  req-1\t' }),
      id({ 'x-request-id': 'r'.repeat(250) }),
      id({ 'x-request-id': ' \t ' }),
      id({}),
      id({ 'x-correlation-id': 'corr-1', 'x-request-id': 'req-1' }, correlation),
      id({ 'x-request-id': 'req-1' }, correlation),
      id({ 'x-request-id': 'req-1' }, none),
    ]).toEqual(['req-1', 'r'.repeat(200), undefined, undefined, 'corr-1', undefined, undefined])
  })

  it('a request id sent twice is one value joined with ", ", as Headers.get gives it', () => {
    expect(
      id([
        ['x-request-id', 'a'],
        ['x-request-id', 'b'],
      ]),
    ).toBe('a, b')
  })

  it('a policy header name Headers refuses reads as no request id, without throwing', () => {
    expect(id({ 'x-request-id': 'req-1' }, policy({ requestIdHeader: 'x request id' }))).toBe(
      undefined,
    )
  })
})

describe('fetch send', () => {
  it('reads Accept, method and X-Request-Id from the Request', async () => {
    const request = new Request('http://localhost/users', {
      method: 'POST',
      headers: { accept: 'application/problem+json', 'x-request-id': 'req-9' },
    })
    expect(facts(request)).toEqual({
      accept: 'application/problem+json',
      method: 'POST',
      requestId: 'req-9',
    })
    expect(JSON.parse(await send(gone('Archived.'), request).text())).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'Archived.',
      code: 'GONE',
      requestId: 'req-9',
    })
  })

  it('merges the challenges of several 401s into WWW-Authenticate', () => {
    const r = send(
      [
        unauthorized(undefined, { challenges: [{ scheme: 'Basic', params: { realm: 'a' } }] }),
        unauthorized(undefined, { challenges: [{ scheme: 'Bearer' }] }),
      ],
      new Request('http://localhost/'),
    )
    expect([r.status, r.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="a", Bearer'])
  })

  it('calls onError with each error and its cause, and survives a throwing onError', async () => {
    const calls: Array<[unknown, unknown]> = []
    const cause = new Error('disk')
    const p = policy({
      onError: (e, c) => {
        calls.push([e, c])
        throw new Error('logger down')
      },
    })
    const r = send([notFound('a'), internal('b', { cause })], new Request('http://localhost/'), p)
    expect([r.status, calls]).toEqual([
      404,
      [
        [notFound('a'), undefined],
        [internal('b', { cause }), cause],
      ],
    ])
  })
})

describe('fetch handler', () => {
  const ok = new Response('hello')
  const request = new Request('http://localhost/')

  it('returns the handler’s Response as is, from a value, a Promise, an Either or a TaskEither', async () => {
    const results = await Promise.all([
      handler(() => ok)(request),
      handler(() => Promise.resolve(ok))(request),
      handler(() => E.right(ok))(request),
      handler(() => TE.right(ok))(request),
    ])
    expect(results.map((r) => r === ok)).toEqual([true, true, true, true])
  })

  it('a thrown 401 whose challenge is not Latin-1: resolves with the 401, its header cleaned', async () => {
    const r = await handler(() => {
      throw { status: 401, expose: true, headers: { 'WWW-Authenticate': 'Basic realm="日本"' } }
    })(request)
    expect(await seenOf(r)).toEqual({
      status: 401,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': '48',
        'x-content-type-options': 'nosniff',
        vary: 'Accept',
        'www-authenticate': 'Basic realm=""',
      },
      body: '{"message":"Unauthorized","code":"UNAUTHORIZED"}',
    })
  })

  it('calls onError once per error with its cause and the request’s facts', async () => {
    const calls: Array<[unknown, unknown, RequestFacts]> = []
    const p = policy({ onError: (e, c, facts) => calls.push([e, c, facts]) })
    const req = new Request('http://localhost/', {
      method: 'PUT',
      headers: { accept: 'application/json', 'x-request-id': ' req-3 ' },
    })
    await handler(() => TE.left(gone('Archived.')), p)(req)
    expect(calls).toEqual([
      [
        gone('Archived.'),
        undefined,
        { accept: 'application/json', method: 'PUT', requestId: 'req-3' },
      ],
    ])
  })

  it('passes the policy through and calls onError with a thrown value as the cause', async () => {
    const calls: Array<[unknown, unknown]> = []
    const thrown = new Error('secret')
    const p = policy({
      codes: { INTERNAL_SERVER_ERROR: 'OOPS' },
      onError: (e, c) => calls.push([e, c]),
    })
    const r = await handler(() => {
      throw thrown
    }, p)(request)
    expect([r.status, await r.json(), calls]).toEqual([
      500,
      { message: 'Internal Server Error', code: 'OOPS' },
      [[internal(undefined, { cause: thrown }), thrown]],
    ])
  })
})
