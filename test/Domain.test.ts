import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  conflict,
  decodeInput,
  forbidden,
  fromValidation,
  gatewayTimeout,
  internal,
  mapDomain,
  notFound,
  settle,
  toIssue,
  unprocessableContent,
  type HttpError,
  type Issue,
  type Location,
} from '../src/index.js'

describe('mapDomain', () => {
  type UserError =
    | { readonly _tag: 'NoSuchUser'; readonly id: string }
    | { readonly _tag: 'EmailTaken'; readonly email: string }
    | { readonly _tag: 'Banned' }

  const toHttp = mapDomain<UserError>({
    NoSuchUser: (e) => notFound(`no user ${e.id}`),
    EmailTaken: (e) => conflict(`${e.email} is taken`),
    Banned: () => forbidden(),
  })

  it('sends each domain error to its own handler, with the error narrowed', () => {
    expect(toHttp({ _tag: 'NoSuchUser', id: '42' })).toStrictEqual(notFound('no user 42'))
    expect(toHttp({ _tag: 'EmailTaken', email: 'a@b.c' })).toStrictEqual(conflict('a@b.c is taken'))
    expect(toHttp({ _tag: 'Banned' })).toStrictEqual(forbidden())
  })
})

const issuesOf = (codec: t.Mixed, input: unknown, location?: Location): ReadonlyArray<Issue> => {
  const r = codec.decode(input)
  if (E.isRight(r)) return []
  return fromValidation(r.left, location).issues
}

describe('fromValidation', () => {
  it('is a 422 with a fixed message, the io-ts errors as cause, body as default location', () => {
    const r = t.type({ a: t.string }).decode({})
    const errors = E.isLeft(r) ? r.left : []
    expect(fromValidation(errors)).toStrictEqual(
      unprocessableContent(
        [{ path: '/a', message: 'expected string', location: 'body', expected: 'string' }],
        'The request is not valid.',
        { cause: errors },
      ),
    )
  })

  it('escapes ~ and / in keys as RFC 6901 says (~0, ~1)', () => {
    expect(
      issuesOf(t.type({ 'a/b': t.type({ 'c~d': t.type({ '~/': t.number }) }) }), {
        'a/b': { 'c~d': { '~/': 'x' } },
      }),
    ).toStrictEqual([
      { path: '/a~1b/c~0d/~0~1', message: 'expected number', location: 'body', expected: 'number' },
    ])
  })

  it('points into nested arrays, records and tuples by index and key', () => {
    expect(
      issuesOf(t.type({ xs: t.array(t.array(t.number)) }), { xs: [[1], [2, 'y']] }),
    ).toStrictEqual([
      { path: '/xs/1/1', message: 'expected number', location: 'body', expected: 'number' },
    ])
    expect(issuesOf(t.record(t.string, t.number), { k: 'v' }, 'query')).toStrictEqual([
      { path: '/k', message: 'expected number', location: 'query', expected: 'number' },
    ])
    expect(issuesOf(t.tuple([t.string, t.number]), ['a', 'b'], 'path')).toStrictEqual([
      { path: '/1', message: 'expected number', location: 'path', expected: 'number' },
    ])
  })

  it('a failure at the root has the empty pointer', () => {
    expect(issuesOf(t.string, 1, 'header')).toStrictEqual([
      { path: '', message: 'expected string', location: 'header', expected: 'string' },
    ])
  })

  it('a union of primitives is one issue naming the union', () => {
    expect(
      issuesOf(t.type({ u: t.union([t.string, t.number]) }), { u: true }, 'cookie'),
    ).toStrictEqual([
      {
        path: '/u',
        message: 'expected (string | number)',
        location: 'cookie',
        expected: '(string | number)',
      },
    ])
  })

  it('a union of objects points into each member without the member index', () => {
    const U = t.union([t.type({ a: t.string }), t.type({ b: t.number })])
    expect(issuesOf(t.type({ u: U }), { u: {} }, 'security')).toStrictEqual([
      { path: '/u/a', message: 'expected string', location: 'security', expected: 'string' },
      { path: '/u/b', message: 'expected number', location: 'security', expected: 'number' },
    ])
  })

  it('an intersection points into its members without the member index', () => {
    const I = t.intersection([t.type({ a: t.string }), t.type({ b: t.number })])
    expect(issuesOf(I, {})).toStrictEqual([
      { path: '/a', message: 'expected string', location: 'body', expected: 'string' },
      { path: '/b', message: 'expected number', location: 'body', expected: 'number' },
    ])
  })

  it('the same failure reported by several union members appears once', () => {
    const U = t.union([t.type({ a: t.string }), t.type({ a: t.string, b: t.number })])
    const r = U.decode({})
    expect(E.isLeft(r) && r.left.length).toBe(3)
    expect(issuesOf(U, {})).toStrictEqual([
      { path: '/a', message: 'expected string', location: 'body', expected: 'string' },
      { path: '/b', message: 'expected number', location: 'body', expected: 'number' },
    ])
  })

  it('a tagged union whose tag matches no member is one issue at the union', () => {
    const U = t.union([t.type({ x: t.literal(1) }), t.type({ x: t.literal(2) })])
    expect(issuesOf(t.type({ w: U }), { w: { x: 3 } })).toStrictEqual([
      {
        path: '/w',
        message: 'expected ({ x: 1 } | { x: 2 })',
        location: 'body',
        expected: '({ x: 1 } | { x: 2 })',
      },
    ])
  })

  it('uses a failure’s own message, and never echoes the failing value', () => {
    const Positive = new t.Type<number, number, unknown>(
      'Positive',
      (u): u is number => typeof u === 'number' && u > 0,
      (u, c) =>
        typeof u === 'number' && u > 0 ? t.success(u) : t.failure(u, c, 'must be positive'),
      (n) => n,
    )
    const issues = issuesOf(t.type({ n: Positive }), { n: -123456 })
    expect(issues).toStrictEqual([
      { path: '/n', message: 'must be positive', location: 'body', expected: 'Positive' },
    ])
    expect(JSON.stringify(issues)).not.toContain('123456')
  })

  it('toIssue on an empty context points at the root with no expected type', () => {
    expect(toIssue({ value: 1, context: [] }, 'body')).toStrictEqual({
      path: '',
      message: 'expected ',
      location: 'body',
      expected: '',
    })
  })
})

describe('decodeInput', () => {
  const Body = t.type({ id: t.string })

  it('Right with the decoded value', () => {
    expect(decodeInput(Body, 'query')({ id: 'x' })).toStrictEqual(E.right({ id: 'x' }))
  })

  it('Left with a 422 naming the location', () => {
    const r = decodeInput(Body, 'query')({ id: 1 })
    expect(E.isLeft(r) && r.left).toMatchObject({
      _tag: 'UnprocessableContent',
      issues: [{ path: '/id', message: 'expected string', location: 'query', expected: 'string' }],
    })
  })

  it('the location defaults to body', () => {
    const r = decodeInput(Body)({})
    expect(E.isLeft(r) && r.left).toMatchObject({ issues: [{ location: 'body' }] })
  })
})

describe('settle', () => {
  const boom = new Error('db password is hunter2')

  it('a plain value is Right', async () => {
    expect(await settle(() => 42)).toStrictEqual(E.right(42))
  })

  it('an Either is kept; a Left with an HttpError passes through', async () => {
    expect(await settle(() => E.right('ok'))).toStrictEqual(E.right('ok'))
    expect(await settle(() => E.left(notFound()))).toStrictEqual(E.left(notFound()))
  })

  it('a Left with a non-HttpError goes through fromUnknown', async () => {
    expect(
      await settle(() => E.left(boom) as unknown as E.Either<HttpError, number>),
    ).toStrictEqual(E.left(internal(undefined, { cause: boom })))
    expect(
      await settle(
        () =>
          E.left({ status: 404, message: 'x', expose: true }) as unknown as E.Either<
            HttpError,
            number
          >,
      ),
    ).toMatchObject(E.left({ _tag: 'NotFound', message: 'x' }))
  })

  it('a Left with a list settles each error; an empty list is one masked 500', async () => {
    const left = (u: unknown) => () => E.left(u) as unknown as E.Either<HttpError, number>
    expect(await settle(left([notFound('a'), boom]))).toStrictEqual(
      E.left([notFound('a'), internal(undefined, { cause: boom })]),
    )
    expect(await settle(left([]))).toStrictEqual(E.left(internal(undefined, { cause: [] })))
  })

  it('a TaskEither is run', async () => {
    expect(await settle(() => TE.right(1))).toStrictEqual(E.right(1))
    expect(await settle(() => TE.left(conflict('x')))).toStrictEqual(E.left(conflict('x')))
  })

  it('a Promise of a value or of an Either is awaited', async () => {
    expect(await settle(() => Promise.resolve(7))).toStrictEqual(E.right(7))
    expect(await settle(() => Promise.resolve(E.left(notFound())))).toStrictEqual(
      E.left(notFound()),
    )
  })

  it('a throw and a rejection go through fromUnknown', async () => {
    expect(
      await settle(() => {
        throw boom
      }),
    ).toStrictEqual(E.left(internal(undefined, { cause: boom })))
    expect(await settle(() => Promise.reject(notFound('late')))).toStrictEqual(
      E.left(notFound('late')),
    )
    const timeout = new DOMException('slow', 'TimeoutError')
    expect(await settle(() => TE.fromTask(() => Promise.reject(timeout)))).toStrictEqual(
      E.left(gatewayTimeout(undefined, { cause: timeout })),
    )
  })

  it('objects that only look like Either are plain values', async () => {
    const v = { _tag: 'Left' }
    expect(await settle(() => v)).toStrictEqual(E.right(v))
    expect(await settle(() => null)).toStrictEqual(E.right(null))
  })
})
