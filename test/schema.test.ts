import { type } from 'arktype'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  decodeInput,
  decodeSchema,
  fromSchemaIssues,
  internal,
  toResponse,
  unprocessableContent,
  type HttpError,
  type Location,
  type StandardSchemaV1,
} from '../src/index.js'
import { hostile, throwingTraps } from './arbitraries.js'

type Decode = (input: unknown) => Promise<E.Either<HttpError, unknown>>

const body = (e: HttpError): Record<string, unknown> =>
  JSON.parse(toResponse(e).body) as Record<string, unknown>

const leftOf = (r: E.Either<HttpError, unknown>): HttpError => {
  if (E.isRight(r)) expect.fail(`expected a Left, got ${JSON.stringify(r.right)}`)
  return r.left
}

// A Standard Schema whose `validate` answers `answer()` (a value, a Promise, or a throw).
const schemaOf = (answer: () => unknown): StandardSchemaV1 => ({
  '~standard': { version: 1, vendor: 'test', validate: answer as () => never },
})

const run = (schema: unknown, input: unknown = {}, location?: Location) =>
  decodeSchema(schema as StandardSchemaV1, location)(input)()

const masked = { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' }

// -------------------------------------------------------------------------------------
// the same input through every library
// -------------------------------------------------------------------------------------

// io-ts's transform: a string, upper-cased.
const Upper = new t.Type<string, string, unknown>(
  'Upper',
  t.string.is,
  (u, c) => E.map((s: string) => s.toUpperCase())(t.string.validate(u, c)),
  (s) => s,
)

const libraries: ReadonlyArray<readonly [string, (location: Location) => Decode]> = [
  [
    'zod 4',
    (l) => {
      const s = z.object({
        user: z.object({
          name: z.string().transform((n) => n.toUpperCase()),
          tags: z.array(z.string()),
          'a/b~c': z.number(),
        }),
        age: z.number(),
      })
      return (i) => decodeSchema(s, l)(i)()
    },
  ],
  [
    'valibot 1',
    (l) => {
      const s = v.object({
        user: v.object({
          name: v.pipe(
            v.string(),
            v.transform((n) => n.toUpperCase()),
          ),
          tags: v.array(v.string()),
          'a/b~c': v.number(),
        }),
        age: v.number(),
      })
      return (i) => decodeSchema(s, l)(i)()
    },
  ],
  [
    'arktype 2',
    (l) => {
      const s = type({
        user: {
          name: type('string').pipe((n) => n.toUpperCase()),
          tags: 'string[]',
          'a/b~c': 'number',
        },
        age: 'number',
      })
      return (i) => decodeSchema(s, l)(i)()
    },
  ],
  [
    'io-ts (decodeInput)',
    (l) => {
      const c = t.type({
        user: t.type({ name: Upper, tags: t.array(t.string), 'a/b~c': t.number }),
        age: t.number,
      })
      return (i) => Promise.resolve(decodeInput(c, l)(i))
    },
  ],
]

// A nested object with a wrong array item, a key holding `/` and `~`, a missing required
// field and a wrong type.
const invalid = { user: { tags: ['ok', 1], 'a/b~c': 'x' }, age: 'old' }
const valid = { user: { name: 'ada', tags: ['ok'], 'a/b~c': 1 }, age: 36 }

describe('Standard Schema and io-ts: the same input, the same 422', () => {
  it.each(
    libraries.flatMap(([name, make]) =>
      (['body', 'query'] as const).map((location) => [name, location, make] as const),
    ),
  )('%s, %s', async (_name, location, make) => {
    const decode = make(location)
    const e = leftOf(await decode(invalid))
    const r = toResponse(e)
    const { issues, ...rest } = body(e) as { issues: ReadonlyArray<Record<string, unknown>> }
    // Messages are each library's own: they must only be there.
    for (const i of issues)
      expect(typeof i['message'] === 'string' && i['message'] !== '').toBe(true)
    expect({
      status: r.status,
      rest,
      issues: issues
        .map((i) => ({ path: i['path'], location: i['location'] }))
        .sort((a, b) => String(a.path).localeCompare(String(b.path))),
    }).toStrictEqual({
      status: 422,
      rest: { message: 'The request is not valid.', code: 'UNPROCESSABLE_CONTENT' },
      issues: ['/age', '/user/a~1b~0c', '/user/name', '/user/tags/1'].map((path) => ({
        path,
        location,
      })),
    })
    expect(await decode(valid)).toStrictEqual(
      E.right({ user: { name: 'ADA', tags: ['ok'], 'a/b~c': 1 }, age: 36 }),
    )
  })
})

// -------------------------------------------------------------------------------------
// decodeSchema
// -------------------------------------------------------------------------------------

describe('decodeSchema', () => {
  it('waits for an async validation (zod refine with an async function)', async () => {
    const s = z.object({
      name: z.string().refine(async (n) => Promise.resolve(n !== 'taken'), 'is taken'),
    })
    expect(s['~standard'].validate({ name: 'taken' })).toBeInstanceOf(Promise)
    const decode = decodeSchema(s)
    expect(await decode({ name: 'free' })()).toStrictEqual(E.right({ name: 'free' }))
    expect(body(leftOf(await decode({ name: 'taken' })()))).toStrictEqual({
      message: 'The request is not valid.',
      code: 'UNPROCESSABLE_CONTENT',
      issues: [{ path: '/name', message: 'is taken', location: 'body' }],
    })
  })

  it('answers a synchronous and an asynchronous validator alike', async () => {
    const issues = [{ message: 'no', path: ['a'] }]
    const expected = E.left(
      unprocessableContent(
        [{ path: '/a', message: 'no', location: 'body' }],
        'The request is not valid.',
        { cause: issues },
      ),
    )
    expect(await run(schemaOf(() => ({ issues })))).toStrictEqual(expected)
    expect(await run(schemaOf(() => Promise.resolve({ issues })))).toStrictEqual(expected)
    expect(await run(schemaOf(() => Promise.resolve({ value: 1 })))).toStrictEqual(E.right(1))
  })

  it('calls validate on its ~standard object, and reads the schema once, when the decoder is made', async () => {
    let reads = 0
    const props = {
      version: 1,
      vendor: 'test',
      validate(this: { readonly vendor: string }, u: unknown) {
        return { value: [this.vendor, u] }
      },
    }
    const schema = {
      get '~standard'() {
        reads++
        return props
      },
    }
    const decode = decodeSchema(schema as unknown as StandardSchemaV1<unknown, unknown>)
    expect(await decode(1)()).toStrictEqual(E.right(['test', 1]))
    expect(await decode(2)()).toStrictEqual(E.right(['test', 2]))
    expect(reads).toBe(1)
  })

  it('a success may be undefined; a falsy issues is a success', async () => {
    expect(await run(schemaOf(() => ({ value: undefined })))).toStrictEqual(E.right(undefined))
    expect(await run(schemaOf(() => ({ value: 0, issues: null })))).toStrictEqual(E.right(0))
  })

  it('an empty issue list is a 422 with no issues, as the validator said', async () => {
    expect(body(leftOf(await run(schemaOf(() => ({ issues: [] })))))).toStrictEqual({
      message: 'The request is not valid.',
      code: 'UNPROCESSABLE_CONTENT',
      issues: [],
    })
  })
})

// -------------------------------------------------------------------------------------
// fromSchemaIssues
// -------------------------------------------------------------------------------------

const issuesOf = (e: HttpError): unknown =>
  e._tag === 'UnprocessableContent' ? e.issues : expect.fail(`a ${e._tag}`)

describe('fromSchemaIssues', () => {
  it('writes paths as RFC 6901 pointers: { key } unwrapped, numbers as indices, symbols as Symbol(description)', () => {
    const d = Symbol('d')
    const e = fromSchemaIssues(
      [
        { message: 'whole' },
        { message: 'a', path: [] },
        { message: 'b', path: ['a/b', { key: '~x' }, 0, { key: 12 }] },
        { message: 'c', path: [d, { key: Symbol() }, ''] },
        { message: 'd', path: [-0, 1.5] },
      ],
      'header',
    )
    expect(issuesOf(e)).toStrictEqual([
      { path: '', message: 'whole', location: 'header' },
      { path: '', message: 'a', location: 'header' },
      { path: '/a~1b/~0x/0/12', message: 'b', location: 'header' },
      { path: '/Symbol(d)/Symbol()/', message: 'c', location: 'header' },
      { path: '/0/1.5', message: 'd', location: 'header' },
    ])
  })

  it('reports a duplicate (the same path and message) once, in first-seen order', () => {
    const e = fromSchemaIssues([
      { message: 'x', path: ['a'] },
      { message: 'y', path: ['a'] },
      { message: 'x', path: [{ key: 'a' }] },
      { message: 'x', path: ['b'] },
    ])
    expect(issuesOf(e)).toStrictEqual([
      { path: '/a', message: 'x', location: 'body' },
      { path: '/a', message: 'y', location: 'body' },
      { path: '/b', message: 'x', location: 'body' },
    ])
  })

  it('never carries the failing value or any other field of an issue; the issues are the cause', () => {
    const issues = [
      { message: 'bad', path: ['pin'], input: 'secret-1234', received: 'secret-1234' },
    ]
    const e = fromSchemaIssues(issues)
    expect(e).toStrictEqual(
      unprocessableContent(
        [{ path: '/pin', message: 'bad', location: 'body' }],
        'The request is not valid.',
        {
          cause: issues,
        },
      ),
    )
    expect(toResponse(e).body).not.toContain('secret')
  })

  it('bounds what it reads: 10,000 issues of 100,000, 64 steps, a 1,024-character pointer', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ message: 'm', path: [i] }))
    // Past the bound, an item is never read.
    for (let i = 10_000; i < many.length; i++)
      Object.defineProperty(many, i, {
        get: () => {
          throw new Error('read past the bound')
        },
      })
    const e = fromSchemaIssues(many)
    expect((issuesOf(e) as ReadonlyArray<unknown>).length).toBe(10_000)
    const r = body(e) as { issues: ReadonlyArray<unknown>; omitted?: unknown }
    expect(r.issues.length).toBe(100)

    const deep = Array.from({ length: 100 }, () => 'k')
    expect(issuesOf(fromSchemaIssues([{ message: 'm', path: deep }]))).toStrictEqual([
      { path: '/k'.repeat(64), message: 'm', location: 'body' },
    ])

    const key = 'k'.repeat(5_000_000)
    const [huge] = issuesOf(fromSchemaIssues([{ message: 'm', path: ['a', key, key] }])) as [
      { path: string },
    ]
    expect(huge.path).toBe(`/a/${'k'.repeat(1021)}…`)
    const symbol = Symbol('s'.repeat(5000))
    expect(issuesOf(fromSchemaIssues([{ message: 'm', path: [symbol] }]))).toStrictEqual([
      { path: `/Symbol(${'s'.repeat(1016)}…`, message: 'm', location: 'body' },
    ])
  })

  it('a message is capped by toResponse, as an io-ts one is', () => {
    const e = fromSchemaIssues([{ message: 'm'.repeat(100_000), path: ['a'] }])
    const [shown] = (body(e) as { issues: ReadonlyArray<{ message: string }> }).issues as [
      { message: string },
    ]
    expect(shown.message).toBe('m'.repeat(1024) + '…')
  })
})

// -------------------------------------------------------------------------------------
// totality: a validator that fails as a validator is a masked 500
// -------------------------------------------------------------------------------------

const allTrapsThrow = new Proxy(
  {},
  throwingTraps((trap) => `trap ${trap}`),
)

// Each read of a field answers the next of its answers (the last one from then on).
const fickle = (fields: Readonly<Record<string, ReadonlyArray<unknown>>>): object => {
  const o = {}
  for (const [key, answers] of Object.entries(fields)) {
    let n = 0
    Object.defineProperty(o, key, {
      enumerable: true,
      get: () => answers[Math.min(n++, answers.length - 1)],
    })
  }
  return o
}

const boom = new Error('validator bug')

const defects: ReadonlyArray<readonly [string, unknown]> = [
  ['null instead of a schema', null],
  ['a schema without ~standard', {}],
  [
    'a schema of version 2',
    { '~standard': { version: 2, vendor: 'x', validate: () => ({ value: 1 }) } },
  ],
  ['a validate that is not a function', { '~standard': { version: 1, vendor: 'x', validate: 1 } }],
  ['a schema whose every trap throws', allTrapsThrow],
  ['a ~standard whose every trap throws', { '~standard': allTrapsThrow }],
  [
    'a throwing validate',
    schemaOf(() => {
      throw boom
    }),
  ],
  ['a rejecting validate', schemaOf(() => Promise.reject(boom))],
  ['a validate answering a number', schemaOf(() => 42)],
  ['a validate answering undefined', schemaOf(() => undefined)],
  ['a validate answering neither { value } nor { issues }', schemaOf(() => ({ issue: [] }))],
  [
    'issues that are not an array',
    schemaOf(() => ({ issues: { length: 1, 0: { message: 'm' } } })),
  ],
  ['issues that are a string', schemaOf(() => ({ issues: 'age is wrong' }))],
  ['an issue that is not an object', schemaOf(() => ({ issues: ['age is wrong'] }))],
  ['a message that is not a string', schemaOf(() => ({ issues: [{ message: 1 }] }))],
  ['a path that is not an array', schemaOf(() => ({ issues: [{ message: 'm', path: 'a/b' }] }))],
  ['a step that is not a key', schemaOf(() => ({ issues: [{ message: 'm', path: [true] }] }))],
  [
    'a { key } that is not a key',
    schemaOf(() => ({ issues: [{ message: 'm', path: [{ key: {} }] }] })),
  ],
  ['a result whose every trap throws', schemaOf(() => allTrapsThrow)],
  [
    'issues whose every trap throws',
    schemaOf(() => ({
      issues: new Proxy(
        [],
        throwingTraps(() => 'x'),
      ),
    })),
  ],
  [
    'a message getter that throws',
    schemaOf(() => ({
      issues: [
        Object.defineProperty({}, 'message', {
          get: () => {
            throw boom
          },
        }),
      ],
    })),
  ],
  [
    'a thenable whose then throws',
    schemaOf(() => ({
      get then() {
        throw boom
      },
    })),
  ],
]

describe('totality: what a validator did wrong is a masked 500, never a 422', () => {
  it.each(defects)('%s', async (_name, schema) => {
    const e = leftOf(await run(schema))
    expect([e._tag, toResponse(e).status, body(e)]).toStrictEqual(['Internal', 500, masked])
  })

  it('keeps what went wrong as the cause, for the logs', async () => {
    const thrown = leftOf(
      await run(
        schemaOf(() => {
          throw boom
        }),
      ),
    )
    expect(thrown).toStrictEqual(internal(undefined, { cause: boom }))
    const answer = { issues: 'no' }
    expect(leftOf(await run(schemaOf(() => answer)))).toStrictEqual(
      internal(undefined, { cause: 'no' }),
    )
  })

  it('reads each field once: getters that answer differently on a second read change nothing', async () => {
    const issue = fickle({ message: ['first', 2], path: [['a'], 'x'] })
    const result = fickle({ issues: [[issue], undefined] })
    const props = fickle({ version: [1, 2], vendor: ['x'], validate: [() => result, 1] })
    const schema = fickle({ '~standard': [props, null] })
    expect(issuesOf(leftOf(await run(schema)))).toStrictEqual([
      { path: '/a', message: 'first', location: 'body' },
    ])
  })

  it('never throws nor rejects, whatever the schema, its answer, its issues or their paths are (property)', async () => {
    // Thunks: fast-check inspects the values it generates, and a hostile value breaks it.
    const values = hostile().map(([, u]) => u)
    const junk = fc.oneof(
      fc.anything().map((u) => () => u),
      fc.nat({ max: values.length - 1 }).map((i) => () => values[i]),
    )
    const answers: ReadonlyArray<(u: unknown) => unknown> = [
      (u) => u,
      (u) => ({ issues: u }),
      (u) => ({ value: u }),
      (u) => ({ issues: [u] }),
      (u) => ({ issues: [{ message: u, path: [] }] }),
      (u) => ({ issues: [{ message: 'm', path: u }] }),
      (u) => ({ issues: [{ message: 'm', path: ['a', u] }] }),
      (u) => ({ issues: [{ message: 'm', path: [{ key: u }] }] }),
    ]
    const ways: ReadonlyArray<(a: unknown) => unknown> = [
      (a) => a,
      (a) => Promise.resolve(a),
      (a) => Promise.reject(a),
      (a) => {
        throw a
      },
    ]
    const schemas: ReadonlyArray<(u: unknown, answer: number, way: number) => unknown> = [
      (u) => u,
      (u) => ({ '~standard': u }),
      (u) => ({ '~standard': { version: 1, vendor: 'x', validate: u } }),
      (u, a, w) =>
        schemaOf(() =>
          (ways[w] as (a: unknown) => unknown)((answers[a] as (u: unknown) => unknown)(u)),
        ),
    ]
    const schema = fc
      .tuple(
        junk,
        fc.nat({ max: schemas.length - 1 }),
        fc.nat({ max: answers.length - 1 }),
        fc.nat({ max: ways.length - 1 }),
      )
      .map(
        ([u, s, a, w]) =>
          () =>
            (schemas[s] as (u: unknown, a: number, w: number) => unknown)(u(), a, w),
      )
    await fc.assert(
      fc.asyncProperty(schema, fc.anything(), async (s, input) => {
        const r = await run(s(), input)
        if (E.isRight(r)) return
        const res = toResponse(r.left)
        expect([422, 500]).toContain(res.status)
        if (res.status === 500) expect(JSON.parse(res.body)).toStrictEqual(masked)
      }),
      { numRuns: 500 },
    )
  })
})
