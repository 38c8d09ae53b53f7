import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import { gone, internal, notFound, policy, unauthorized } from 'errmap'
import { facts, handler, respond, toFetchResponse } from 'errmap/fetch'
import { entries } from './harness.js'

const seenOf = async (r: Response) => ({
  status: r.status,
  headers: entries(r.headers),
  body: await r.text(),
})

describe('fetch respond', () => {
  it('keeps status and headers, a list as several field lines', async () => {
    const r = respond({
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
    const r = respond({ status: 404, headers: { 'content-length': '2' }, body: 'no' }, 'HEAD')
    expect([r.body, await seenOf(r)]).toEqual([
      null,
      { status: 404, headers: { 'content-length': '2' }, body: '' },
    ])
  })

  it('sends a null body for an empty one, so that 204 is valid', () => {
    const r = respond({ status: 204, headers: {}, body: '' })
    expect([r.status, r.body]).toEqual([204, null])
  })
})

describe('fetch toFetchResponse', () => {
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
    expect(JSON.parse(await toFetchResponse(gone('Archived.'), request).text())).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'Archived.',
      code: 'GONE',
      requestId: 'req-9',
    })
  })

  it('merges the challenges of several 401s into WWW-Authenticate', () => {
    const r = toFetchResponse(
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
    const r = toFetchResponse(
      [notFound('a'), internal('b', { cause })],
      new Request('http://localhost/'),
      p,
    )
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
