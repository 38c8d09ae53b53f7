import * as E from 'fp-ts/Either'
import { PathReporter } from 'io-ts/PathReporter'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  conflict,
  custom,
  gone,
  html,
  internal,
  json,
  methodNotAllowed,
  notFound,
  notImplemented,
  contentTooLarge,
  policy,
  serviceUnavailable,
  tags,
  toResponse,
  unprocessableContent,
  type HttpError,
} from '../src/index.js'
import {
  decodeResponse,
  ErrorStatusCodec,
  exposed,
  GraphQLBody,
  IssueCodec,
  JsonBody,
  ProblemBody,
} from '../src/client/index.js'
import { formats, samples } from './samples.js'

describe('codecs', () => {
  it('IssueCodec accepts the documented shape and rejects unknown locations', () => {
    const ok = { path: '/a', message: 'm', location: 'query', expected: 'string' }
    expect(IssueCodec.decode(ok)).toStrictEqual(E.right(ok))
    expect(IssueCodec.decode({ path: '/a', message: 'm' })).toStrictEqual(
      E.right({ path: '/a', message: 'm' }),
    )
    expect(E.isLeft(IssueCodec.decode({ ...ok, location: 'nowhere' }))).toBe(true)
    expect(E.isLeft(IssueCodec.decode({ path: 1, message: 'm' }))).toBe(true)
  })

  it('ErrorStatusCodec accepts integers in 400–599 only', () => {
    expect(ErrorStatusCodec.decode(404)).toStrictEqual(E.right(404))
    for (const bad of [302, 600, 404.5, '404', null])
      expect(E.isLeft(ErrorStatusCodec.decode(bad))).toBe(true)
    expect(ErrorStatusCodec.is(599)).toBe(true)
    expect(ErrorStatusCodec.encode(418)).toBe(418)
  })

  it('each body codec accepts what its format writes, for every variant', () => {
    const codecs = { json: JsonBody, problem: ProblemBody, graphql: GraphQLBody } as const
    for (const tag of tags)
      for (const f of formats) {
        const body: unknown = JSON.parse(toResponse(samples[tag], { accept: f.accept }).body)
        expect(PathReporter.report(codecs[f.name].decode(body))).toStrictEqual(['No errors!'])
      }
  })
})

describe('decodeResponse', () => {
  it('gives back the exposed part of every sample, in every format', () => {
    for (const tag of tags)
      for (const f of formats) {
        const r = toResponse(samples[tag], { accept: f.accept })
        expect(decodeResponse(r.status, r.body)).toStrictEqual(E.right([exposed(samples[tag])]))
      }
  })

  it('gives back every error of a multi-error body, in order, in every format', () => {
    const errors = [notFound('a'), internal('secret'), conflict('c'), badRequest('b')]
    for (const f of formats) {
      const r = toResponse(errors, { accept: f.accept })
      expect(decodeResponse(r.status, r.body)).toStrictEqual(
        E.right([notFound('a'), internal(), conflict('c'), badRequest('b')]),
      )
    }
  })

  it('accepts a parsed body as well as a string', () => {
    const r = toResponse(notFound('x'))
    expect(decodeResponse(r.status, JSON.parse(r.body))).toStrictEqual(E.right([notFound('x')]))
  })

  it('rebuilds the variant of the status: Custom when none, empty Allow, empty issues', () => {
    expect(decodeResponse(402, '{"message":"pay","code":"PAYMENT_REQUIRED"}')).toStrictEqual(
      E.right([custom(402, 'pay')]),
    )
    expect(decodeResponse(405, '{"message":"m","code":"METHOD_NOT_ALLOWED"}')).toStrictEqual(
      E.right([methodNotAllowed([], 'm')]),
    )
    expect(decodeResponse(422, '{"message":"m","code":"C"}')).toStrictEqual(
      E.right([unprocessableContent([], 'm', { code: 'C' })]),
    )
    expect(
      decodeResponse(
        400,
        '{"message":"m","code":"BAD_REQUEST","issues":[{"path":"","message":"x"}]}',
      ),
    ).toStrictEqual(E.right([badRequest('m', { issues: [{ path: '', message: 'x' }] })]))
  })

  it('a status outside 400–599 is read as 500', () => {
    expect(decodeResponse(200, '{"message":"m","code":"X"}')).toStrictEqual(
      E.right([internal('m', { code: 'X' })]),
    )
  })

  it('json items without a status take their code’s, else the response’s', () => {
    const body = {
      message: 'a',
      code: 'NOT_FOUND',
      errors: [
        { message: 'a', code: 'NOT_FOUND' },
        { message: 'b', code: 'MY_CODE' },
      ],
    }
    expect(decodeResponse(409, body)).toStrictEqual(
      E.right([notFound('a'), conflict('b', { code: 'MY_CODE' })]),
    )
    // The same when json alone reads it, not the problem format tried after it.
    expect(decodeResponse(409, body, { contentType: 'application/json' })).toStrictEqual(
      E.right([notFound('a'), conflict('b', { code: 'MY_CODE' })]),
    )
  })

  it('json: an errors member that is not a list makes the body no json body', () => {
    for (const errors of ['""', '"ab"', '{}', '1'])
      expect(json.decode(`{"message":"m","code":"C","errors":${errors}}`, 400)).toBeUndefined()
  })

  it('graphql: one error takes the response status; several take their code’s, else the response’s', () => {
    const one = { errors: [{ message: 'x', extensions: { code: 'ANYTHING' } }] }
    expect(decodeResponse(404, one)).toStrictEqual(E.right([notFound('x', { code: 'ANYTHING' })]))
    const two = {
      errors: [
        { message: 'a', extensions: { code: 'CONFLICT', details: { d: 1 } } },
        { message: 'b', extensions: { code: 'MY_CODE' } },
      ],
    }
    expect(decodeResponse(404, two)).toStrictEqual(
      E.right([conflict('a', { details: { d: 1 } }), notFound('b', { code: 'MY_CODE' })]),
    )
  })

  it('a body that is not JSON, or not a JSON object, is a Left naming why', () => {
    const why = (status: number, body: unknown) => {
      const r = decodeResponse(status, body)
      return E.isLeft(r) ? r.left.map((e) => e.message) : r
    }
    expect(
      [
        '<html>',
        '[{"message":"m","code":"C"}]',
        '"Not Found"',
        '404',
        'null',
        [],
        null,
        undefined,
        7,
      ].map((b) => why(404, b)),
    ).toStrictEqual([
      ['the body is not JSON'],
      ...Array.from({ length: 8 }, () => ['the body is not a JSON object']),
    ])
  })

  it('a Content-Type no format is for is a Left naming it, carrying at most the start of the body', () => {
    const page = `<!doctype html>\n<title>502 Bad Gateway</title>\n${'<p>x</p>\n'.repeat(1_000)}`
    const left = (r: ReturnType<typeof decodeResponse>) =>
      E.isLeft(r) ? r.left.map((e) => [e.message, e.value, e.context.map((c) => c.actual)]) : r
    const start = `${page.slice(0, 64)}…`
    expect(
      left(decodeResponse(502, page, { contentType: 'text/html; charset=utf-8' })),
    ).toStrictEqual([['no format for text/html; pass formats: [..., html]', start, [start]]])
    expect(
      left(decodeResponse(502, page, { formats: [json], contentType: 'Application/Problem+JSON' })),
    ).toStrictEqual([
      ['no format for application/problem+json; pass formats: [..., problem]', start, [start]],
    ])
    expect(left(decodeResponse(502, 'Bad Gateway', { contentType: 'text/plain' }))).toStrictEqual([
      [
        'no format for text/plain; pass formats: [..., a format for text/plain]',
        'Bad Gateway',
        ['Bad Gateway'],
      ],
    ])
    // A format for the media type read it (and found nothing), or none was named: as before,
    // the body's start only.
    expect(
      left(decodeResponse(502, page, { formats: [json, html], contentType: 'text/html' })),
    ).toStrictEqual([['the body is not JSON', start, [start]]])
    expect(left(decodeResponse(502, page))).toStrictEqual([
      ['the body is not JSON', start, [start]],
    ])
    // What was decoded still is, whatever the Content-Type says.
    expect(
      decodeResponse(404, '{"message":"m","code":"NOT_FOUND"}', { contentType: 'text/html' }),
    ).toStrictEqual(E.right([notFound('m')]))
    expect(
      PathReporter.report(decodeResponse(502, page, { contentType: 'text/html' })),
    ).toStrictEqual(['no format for text/html; pass formats: [..., html]'])
  })

  it('never throws: a body whose getters or Proxy traps throw is a Left', () => {
    const trap = () => {
      throw new Error('trap')
    }
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    const bodies: ReadonlyArray<unknown> = [
      Object.defineProperty({}, 'message', { enumerable: true, get: trap }),
      Object.defineProperty({ type: 'about:blank' }, 'detail', { enumerable: true, get: trap }),
      {
        message: 'm',
        code: 'C',
        errors: [Object.defineProperty({}, 'code', { enumerable: true, get: trap })],
      },
      new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap }),
      proxy,
    ]
    for (const body of bodies) {
      const r = decodeResponse(500, body)
      expect(E.isLeft(r) && r.left.map((e) => [e.message, e.value])).toStrictEqual([
        ['the body could not be read', undefined],
      ])
    }
    // A Proxy of an array is an array: no getter runs.
    const list = decodeResponse(500, new Proxy([], { get: trap }))
    expect(E.isLeft(list) && list.left.map((e) => e.message)).toStrictEqual([
      'the body is not a JSON object',
    ])
  })
})

describe('decodeResponse: RFC 9457 problem documents', () => {
  it('reads a plain problem document: detail, else title, else the reason phrase', () => {
    expect(
      decodeResponse(404, { type: 'about:blank', title: 'Not Found', status: 404 }),
    ).toStrictEqual(E.right([notFound('Not Found')]))
    expect(
      decodeResponse(409, {
        type: 'https://example.com/probs/taken',
        title: 'Taken',
        status: 409,
        detail: 'ada@example.com is registered.',
        instance: '/users',
      }),
    ).toStrictEqual(E.right([conflict('ada@example.com is registered.')]))
    expect(decodeResponse(410, { type: 'https://example.com/probs/gone' })).toStrictEqual(
      E.right([gone()]),
    )
  })

  it('{} is the error of the response status, with the variant’s code (codeOf for a status without one)', () => {
    expect(decodeResponse(404, {})).toStrictEqual(E.right([notFound()]))
    expect(decodeResponse(413, '{}')).toStrictEqual(E.right([contentTooLarge()]))
    expect(decodeResponse(402, {})).toStrictEqual(E.right([custom(402)]))
    expect(decodeResponse(200, {})).toStrictEqual(E.right([internal()]))
  })

  it('the body’s status wins over the response’s (a proxy may have changed it)', () => {
    expect(decodeResponse(502, { status: 404, title: 'Not Found' })).toStrictEqual(
      E.right([notFound('Not Found')]),
    )
  })

  it('members of the wrong type are ignored, as RFC 9457 §3.1 asks', () => {
    expect(
      decodeResponse(410, {
        type: 1,
        status: '404',
        title: 'Archived',
        detail: null,
        code: 7,
        issues: 'none',
        errors: [{ message: 'no code' }],
      }),
    ).toStrictEqual(E.right([gone('Archived')]))
    expect(decodeResponse(404, { status: 302 })).toStrictEqual(E.right([notFound()]))
  })

  it('unknown members are ignored: any other JSON object is a problem document', () => {
    expect(decodeResponse(500, '{"hello":"world"}')).toStrictEqual(E.right([internal()]))
    expect(decodeResponse(503, { errors: [{ message: 'no extensions' }] })).toStrictEqual(
      E.right([serviceUnavailable()]),
    )
  })

  it('a document with an RFC 9457 member is a problem even with message and code members', () => {
    expect(
      decodeResponse(404, { title: 'Not Found', message: 'legacy', code: 'NO_USER' }),
    ).toStrictEqual(E.right([notFound('Not Found', { code: 'NO_USER' })]))
  })

  it('errmap’s extension members are read: code, details, issues, errors', () => {
    const issue = { path: '/a', message: 'm' }
    expect(
      decodeResponse(422, {
        title: 'Unprocessable Content',
        status: 422,
        detail: 'Invalid.',
        code: 'INVALID',
        details: { d: 1 },
        issues: [issue],
        omittedIssues: 2,
      }),
    ).toStrictEqual(
      E.right([unprocessableContent([issue], 'Invalid.', { code: 'INVALID', details: { d: 1 } })]),
    )
  })
})

describe('exposed', () => {
  it('caps an exposed message as the body does, never inside a surrogate pair', () => {
    const p = policy({ maxMessageLength: 5 })
    expect(exposed(notFound('abcdefgh'), p)).toStrictEqual(notFound('abcde…'))
    // '😀' is two code units at 4–5: cutting at 5 would split it, so it goes entirely.
    expect(exposed(notFound('abcd😀fgh'), p)).toStrictEqual(notFound('abcd…'))
    expect(exposed(notFound('abcde'), p)).toStrictEqual(notFound('abcde'))
    const r = toResponse(notFound('abcd😀fgh'), {}, p)
    expect(decodeResponse(r.status, r.body)).toStrictEqual(E.right([notFound('abcd…')]))
  })

  it('a masked error’s message is its reason phrase, however long the policy allows', () => {
    expect(exposed(internal('x'.repeat(2000)), policy({ maxMessageLength: 3 }))).toStrictEqual(
      internal(),
    )
  })

  it('is the masked view of a 5xx and the full view of a 4xx, without cause, expose or headers', () => {
    expect(exposed(internal('secret', { details: 1, cause: 2 }))).toStrictEqual(internal())
    expect(
      exposed(methodNotAllowed(['GET'], 'm', { details: { d: 1 }, expose: true, cause: 3 })),
    ).toStrictEqual(methodNotAllowed([], 'm', { details: { d: 1 } }))
    expect(exposed(badRequest('m', { expose: false, issues: [] }))).toStrictEqual(badRequest())
  })

  it('follows the policy: remapped status, renamed code, expose predicate', () => {
    const p = policy({
      status: { NotImplemented: 412 },
      codes: { NOT_IMPLEMENTED: 'NOT_SUPPORTED' },
    })
    const e: HttpError = notImplemented('feature off')
    // A remap cannot unmask: the 501's message stays hidden under the 412.
    expect(exposed(e, p)).toStrictEqual({
      _tag: 'PreconditionFailed',
      message: 'Precondition Failed',
      code: 'NOT_SUPPORTED',
    })
    expect(exposed(custom(599, 'x'), policy({ expose: () => true }))).toStrictEqual(
      custom(599, 'x'),
    )
  })
})
