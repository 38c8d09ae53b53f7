import * as E from 'fp-ts/Either'
import { PathReporter } from 'io-ts/PathReporter'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  conflict,
  custom,
  decodeResponse,
  ErrorStatusCodec,
  exposed,
  GraphQLBody,
  internal,
  IssueCodec,
  JsonBody,
  methodNotAllowed,
  notFound,
  notImplemented,
  policy,
  ProblemBody,
  tags,
  toResponse,
  unprocessableContent,
  type HttpError,
} from '../src/index.js'
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

  it('a body that is not JSON, or not an error body, is a Left', () => {
    const notJson = decodeResponse(500, '<html>')
    expect(E.isLeft(notJson) && notJson.left.map((e) => e.message)).toStrictEqual([
      'the body is not JSON',
    ])
    expect(E.isLeft(decodeResponse(500, '{"hello":"world"}'))).toBe(true)
    expect(E.isLeft(decodeResponse(500, { errors: [{ message: 'no extensions' }] }))).toBe(true)
  })
})

describe('exposed', () => {
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
    expect(exposed(e, p)).toStrictEqual({
      _tag: 'PreconditionFailed',
      message: 'feature off',
      code: 'NOT_SUPPORTED',
    })
    expect(exposed(custom(599, 'x'), policy({ expose: () => true }))).toStrictEqual(
      custom(599, 'x'),
    )
  })
})
