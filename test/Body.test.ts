import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  graphql,
  internal,
  json,
  notAcceptable,
  notFound,
  contentTooLarge,
  policy,
  problem,
  toResponse,
  jsonFormat,
  type ErrorStatus,
  type Format,
  type HttpError,
  type Report,
} from '../src/index.js'
import { encode } from '../src/format/encode.js'
import { generalOf } from '../src/format/json.js'
import { viewUnder } from '../src/policy/View.js'

// The view under a policy with exactly these bounds, code and masking decision.
const view = (
  e: HttpError,
  status: ErrorStatus,
  code: string,
  exposed: boolean,
  bounds: { readonly maxErrors: number; readonly maxMessageLength: number },
) =>
  viewUnder(
    policy({ ...bounds, codes: new Map([[e.code, code]]), expose: () => exposed }),
    { ...e, expose: undefined },
    status,
  )
import { anyPolicy, httpError } from './arbitraries.js'
import { bodyOf, formats } from './samples.js'

const throwingGetter = (): Record<string, unknown> => ({
  ok: 1,
  get boom(): unknown {
    throw new Error('getter')
  },
})

const throwingToJSON = (): Record<string, unknown> => ({
  toJSON: () => {
    throw new Error('toJSON')
  },
})

const circular = (): Record<string, unknown> => {
  const d: Record<string, unknown> = { a: 1 }
  d['self'] = d
  return d
}

/** Checks the body parses and `content-length` counts its UTF-8 bytes; returns the parse. */
const body = (e: HttpError | ReadonlyArray<HttpError>, accept: string, f?: Format): unknown => {
  const r = toResponse(e, { accept }, f === undefined ? undefined : policy({ formats: [f] }))
  expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body, 'utf8')))
  return JSON.parse(r.body)
}

describe('serialization never throws: every format still writes valid JSON', () => {
  for (const f of formats) {
    const nf = (details: unknown) =>
      bodyOf(f.name, {
        status: 404,
        title: 'Not Found',
        code: 'NOT_FOUND',
        message: 'm',
        ...(details === undefined ? {} : { details }),
      })

    it(`${f.name}: circular details are cut with "[Circular]"`, () => {
      expect(body(notFound('m', { details: circular() }), f.accept)).toStrictEqual(
        nf({ a: 1, self: '[Circular]' }),
      )
    })

    it(`${f.name}: BigInt details are written as decimal strings`, () => {
      expect(body(notFound('m', { details: { n: 2n ** 70n } }), f.accept)).toStrictEqual(
        nf({ n: '1180591620717411303424' }),
      )
      expect(body(notFound('m', { details: 5n }), f.accept)).toStrictEqual(nf('5'))
    })

    it(`${f.name}: details with a throwing getter or toJSON are dropped, the rest kept`, () => {
      expect(body(notFound('m', { details: throwingGetter() }), f.accept)).toStrictEqual(
        nf(undefined),
      )
      expect(body(notFound('m', { details: throwingToJSON() }), f.accept)).toStrictEqual(
        nf(undefined),
      )
    })

    it(`${f.name}: one bad error in a list drops the details of all, keeps every error`, () => {
      const errs = [
        notFound('m', { details: throwingGetter() }),
        badRequest('b', { details: 'kept?' }),
      ]
      const parsed = body(errs, f.accept) as Record<string, unknown>
      const expectedBodies: Record<string, unknown> = {
        json: {
          message: 'b',
          code: 'BAD_REQUEST',
          errors: [
            { status: 404, message: 'm', code: 'NOT_FOUND' },
            { status: 400, message: 'b', code: 'BAD_REQUEST' },
          ],
        },
        problem: {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'b',
          code: 'BAD_REQUEST',
          errors: [
            { status: 404, message: 'm', code: 'NOT_FOUND' },
            { status: 400, message: 'b', code: 'BAD_REQUEST' },
          ],
        },
        graphql: {
          errors: [
            { message: 'm', extensions: { code: 'NOT_FOUND' } },
            { message: 'b', extensions: { code: 'BAD_REQUEST' } },
          ],
        },
      }
      expect(parsed).toStrictEqual(expectedBodies[f.name])
    })
  }

  it('a user format that always throws falls back to the built-in json, and says so', () => {
    const broken: Format = jsonFormat({
      mediaType: 'application/vnd.broken+json',
      toJson: () => {
        throw new Error('encoder bug')
      },
      fromJson: () => undefined,
    })
    const r = toResponse(notFound('m', { details: { x: 1 } }), {}, policy({ formats: [broken] }))
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(r.body)).toStrictEqual({ message: 'm', code: 'NOT_FOUND' })
  })

  it('the json fallback of a failing user format is sent without that format’s headers', () => {
    const broken: Format = {
      mediaType: 'application/x-broken',
      contentType: 'application/x-broken',
      encode: () => {
        throw new Error('encoder bug')
      },
      decode: () => undefined,
      headers: { 'x-format': 'broken' },
    }
    const r = toResponse(notFound('m'), {}, policy({ formats: [broken] }))
    expect([r.headers['content-type'], r.headers['x-format']]).toStrictEqual([
      'application/json; charset=utf-8',
      undefined,
    ])
  })

  it('a user format whose value has no JSON form falls back to json', () => {
    for (const value of [undefined, () => 1, Symbol('x')]) {
      const odd = jsonFormat({
        mediaType: 'application/vnd.odd+json',
        toJson: () => value,
        fromJson: () => undefined,
      })
      const r = toResponse(notFound('m'), {}, policy({ formats: [odd] }))
      expect([r.headers['content-type'], JSON.parse(r.body)]).toStrictEqual([
        'application/json; charset=utf-8',
        { message: 'm', code: 'NOT_FOUND' },
      ])
    }
  })

  it('a request id that is not a string (untyped callers) is left out of the body', () => {
    const requestId = {
      toJSON: () => {
        throw new Error('no')
      },
    } as unknown as string
    const r = toResponse(notFound('m'), { requestId })
    expect(r).toStrictEqual({
      status: 404,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': '34',
        'x-content-type-options': 'nosniff',
        vary: 'Accept',
      },
      body: '{"message":"m","code":"NOT_FOUND"}',
    })
  })

  it('a user format that only fails on details is retried without them and keeps its media type', () => {
    const picky = jsonFormat({
      mediaType: 'application/vnd.picky+json',
      toJson: (r) => {
        if (r.primary.details !== undefined) throw new Error('no details please')
        return { picky: r.primary.message }
      },
      fromJson: () => undefined,
    })
    const r = toResponse(notFound('m', { details: 1 }), {}, policy({ formats: [picky] }))
    expect([r.headers['content-type'], JSON.parse(r.body)]).toStrictEqual([
      'application/vnd.picky+json; charset=utf-8',
      { picky: 'm' },
    ])
  })

  it('a user format that only fails on issues is retried with no error carrying any', () => {
    const seen: Array<unknown> = []
    const picky = jsonFormat({
      mediaType: 'application/vnd.picky+json',
      toJson: (r) => {
        if (r.errors.some((v) => v.issues !== undefined)) throw new Error('no issues please')
        seen.push(r.errors.map((v) => [v.details, v.issues, v.omittedIssues]))
        return { picky: r.errors.map((v) => v.message) }
      },
      fromJson: () => undefined,
    })
    const issues = [
      { path: '/a', message: 'x' },
      { path: '/b', message: 'y' },
    ]
    const r = toResponse(
      [notFound('n'), badRequest('b', { issues })],
      {},
      policy({ formats: [picky], maxErrors: 1 }),
    )
    expect([r.status, r.headers['content-type'], JSON.parse(r.body)]).toStrictEqual([
      400,
      'application/vnd.picky+json; charset=utf-8',
      { picky: ['b'] },
    ])
    expect(seen).toStrictEqual([[[undefined, undefined, 0]]])
  })
})

const report = (errors: ReadonlyArray<HttpError>, extra: Partial<Report> = {}): Report => {
  const views = errors.map((e) =>
    view(e, e._tag === 'Internal' ? 500 : 404, e.code, e._tag !== 'Internal', {
      maxErrors: 100,
      maxMessageLength: 1024,
    }),
  )
  return {
    status: views[0]?.status ?? 500,
    primary: views[0] as Report['primary'],
    errors: views,
    omitted: 0,
    requestId: undefined,
    instance: undefined,
    traceId: undefined,
    language: undefined,
    ...extra,
  }
}

describe('view', () => {
  it('exposed: message (capped), details, issues of a 400/422; masked: reason phrase and code only', () => {
    const e = badRequest('abcdef', {
      details: { d: 1 },
      issues: [{ path: '/a', message: 'm' }],
      cause: 'never read',
    })
    expect(
      view(e, 400, 'BAD_REQUEST', true, { maxErrors: 100, maxMessageLength: 3 }),
    ).toStrictEqual({
      tag: 'BadRequest',
      status: 400,
      code: 'BAD_REQUEST',
      message: 'abc…',
      title: 'Bad Request',
      details: { d: 1 },
      issues: [{ path: '/a', message: 'm' }],
      omittedIssues: 0,
      exposed: true,
    })
    expect(view(e, 503, 'X', false, { maxErrors: 100, maxMessageLength: 3 })).toStrictEqual({
      tag: 'BadRequest',
      status: 503,
      code: 'X',
      message: 'Service Unavailable',
      title: 'Service Unavailable',
      details: undefined,
      issues: undefined,
      omittedIssues: 0,
      exposed: false,
    })
  })

  it('keeps at most maxErrors issues, counts the rest, and caps their text', () => {
    const issues = [
      { path: '/a', message: 'abcdef', expected: 'string' },
      { path: '/b', message: 'm' },
      { path: '/c', message: 'm' },
    ]
    const v = view(badRequest('x', { issues }), 400, 'BAD_REQUEST', true, {
      maxErrors: 2,
      maxMessageLength: 3,
    })
    expect([v.issues, v.omittedIssues]).toStrictEqual([
      [
        { path: '/a', message: 'abc…', expected: 'str…' },
        { path: '/b', message: 'm' },
      ],
      1,
    ])
    expect(JSON.parse(encode(json, { ...report([badRequest()]), primary: v }).body)).toMatchObject({
      omittedIssues: 1,
    })
  })

  it('copies nothing that fits: the error’s own array, and its own object for each issue that fits', () => {
    const bounds = { maxErrors: 2, maxMessageLength: 3 }
    // Each at the bound exactly: a message, then an expected text.
    const message = { path: '/a', message: 'abc' }
    const atBound = [message, { path: '/b', message: 'm', expected: 'str' }]
    const fits = view(badRequest('x', { issues: atBound }), 400, 'X', true, bounds)
    expect(fits.issues).toBe(atBound)
    expect(fits.omittedIssues).toBe(0)
    // One over the bound: a new array, but the issues that fit are passed as they are.
    const both = { path: '/c', message: 'abc', expected: 'str' }
    const mixed = [both, message, { path: '/d', message: 'abcd' }]
    const cut = view(badRequest('x', { issues: mixed }), 400, 'X', true, {
      ...bounds,
      maxErrors: 3,
    })
    expect(cut.issues).not.toBe(mixed)
    expect(cut.issues?.[0]).toBe(both)
    expect(cut.issues?.[1]).toBe(message)
    expect(cut.issues?.[2]).toStrictEqual({ path: '/d', message: 'abc…' })
  })

  it('shows what a 406 could send and the limit of a 413 when they have no details', () => {
    const bounds = { maxErrors: 100, maxMessageLength: 100 }
    const na = notAcceptable('no', { available: ['application/json'] })
    expect(view(na, 406, 'NOT_ACCEPTABLE', true, bounds).details).toStrictEqual({
      available: ['application/json'],
    })
    expect(
      view(contentTooLarge('big', { limit: 1024 }), 413, 'X', true, bounds).details,
    ).toStrictEqual({
      limit: 1024,
    })
    expect(view({ ...na, details: 'own' }, 406, 'X', true, bounds).details).toBe('own')
    expect(view(na, 406, 'X', false, bounds).details).toBeUndefined()
  })

  it('a value whose message is not a string is not an HttpError: a masked 500', () => {
    const e = { ...notFound(), message: 42 } as unknown as HttpError
    expect(toResponse(e).status).toBe(500)
  })
})

describe('encode', () => {
  it('reports which format wrote the body and its UTF-8 length', () => {
    const r = report([notFound('né')])
    const out = encode(problem, r)
    expect(out.format).toBe(problem)
    expect(out.length).toBe(Buffer.byteLength(out.body, 'utf8'))
  })

  it('the built-in formats write exactly their documented members', () => {
    const r = report([notFound('a'), internal('secret')], {
      omitted: 2,
      requestId: 'r1',
      instance: '/i',
    })
    const typed = problem({ typeBase: 'https://e.example/' })
    expect(JSON.parse(encode(json, r).body)).toStrictEqual({
      message: 'a',
      code: 'NOT_FOUND',
      requestId: 'r1',
      errors: [
        { status: 404, message: 'a', code: 'NOT_FOUND' },
        { status: 500, message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
      ],
      omitted: 2,
    })
    expect(JSON.parse(encode(typed, r).body)).toStrictEqual({
      type: 'https://e.example/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'a',
      instance: '/i',
      code: 'NOT_FOUND',
      requestId: 'r1',
      errors: [
        { status: 404, message: 'a', code: 'NOT_FOUND' },
        { status: 500, message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
      ],
      omitted: 2,
    })
    expect(JSON.parse(encode(graphql, r).body)).toStrictEqual({
      errors: [
        { message: 'a', extensions: { code: 'NOT_FOUND' } },
        { message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
      extensions: { requestId: 'r1', omitted: 2 },
    })
  })

  it('graphql: a trace id alone gives the response-level extensions', () => {
    const r = report([notFound('a', { details: { d: 1 } })], { traceId: 't1' })
    expect(JSON.parse(encode(graphql, r).body)).toStrictEqual({
      errors: [{ message: 'a', extensions: { code: 'NOT_FOUND', details: { d: 1 } } }],
      extensions: { traceId: 't1' },
    })
  })

  it('the problem type slug keeps letters and digits, lower-cased, one dash per gap', () => {
    const typeOf = (code: string) =>
      (
        JSON.parse(
          encode(problem({ typeBase: 'b/' }), {
            ...report([notFound()]),
            primary: { ...report([notFound()]).primary, code },
          }).body,
        ) as { type: string }
      ).type
    expect(typeOf('USER_NOT_FOUND')).toBe('b/user-not-found')
    expect(typeOf('E42--x  Y')).toBe('b/e42-x-y')
    expect(typeOf('__A')).toBe('b/a')
    // Nothing left of the code: the status stands in.
    expect(typeOf('')).toBe('b/404')
    expect(typeOf('日本')).toBe('b/404')
    expect(typeOf('A-')).toBe('b/a')
    // The bounds of each range are kept.
    expect(typeOf('a_z_0_9_A_Z')).toBe('b/a-z-0-9-a-z')
  })

  it('when even json cannot write the report, the body is {}', () => {
    const throwing: Format = {
      ...json,
      encode: () => {
        throw new Error('no')
      },
    }
    const r = report([notFound()])
    // Only a report errmap did not build (untyped callers) can fail json: a BigInt message.
    const odd = { ...r, primary: { ...r.primary, message: 1n as unknown as string } }
    expect(encode(throwing, odd)).toStrictEqual({ body: '{}', format: undefined, length: 2 })
  })
})

describe('formats: the one-error fast path', () => {
  const fast = [json, problem, problem({ typeBase: 'https://e.example/' }), graphql]
  it('each built-in format has one', () => {
    expect(fast.map((f) => generalOf.has(f))).toStrictEqual([true, true, true, true])
  })

  it('writes exactly what the general path writes, for any errors, policy, request id and instance', () => {
    fc.assert(
      fc.property(
        fc.array(httpError(), { minLength: 1, maxLength: 3 }),
        anyPolicy(),
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        (errors, p, requestId, instance) => {
          const views = errors.map((e) => viewUnder(p, e))
          const r: Report = {
            ...report(errors),
            status: views[0]?.status ?? 500,
            primary: views[0] as Report['primary'],
            errors: views,
            requestId,
            instance,
          }
          for (const f of fast) expect(f.encode(r)).toBe(generalOf.get(f)?.encode(r))
        },
      ),
    )
  })

  it('is not taken by a report that counts left-out issues, even with none shown', () => {
    const r = report([notFound('m')])
    const counted: Report = { ...r, primary: { ...r.primary, omittedIssues: 2 } }
    for (const f of fast) expect(f.encode(counted)).toBe(generalOf.get(f)?.encode(counted))
    expect(JSON.parse(json.encode(counted))).toStrictEqual({
      message: 'm',
      code: 'NOT_FOUND',
      omittedIssues: 2,
    })
  })
})
