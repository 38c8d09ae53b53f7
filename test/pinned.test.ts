/**
 * Behaviours a mutation run of 0.1 (Stryker, 10 of 11 core files) showed no test pinned:
 * each test here fails when the behaviour it names breaks.
 */
import createError from 'http-errors'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  conflict,
  custom,
  type Remaps,
  contentTooLarge,
  firstError,
  lastError,
  messages,
  policy,
  type MessageTable,
  type Ranked,
  fromStatus,
  fromUnknown,
  fromValidation,
  notFound,
  settle,
  toResponse,
  unprocessableContent,
  decodeSchema,
  type HttpError,
  type StandardSchemaV1,
  json,
  jsonFormat,
  problem,
  graphql,
  type Format,
} from 'errmap'
import { defaultPriority, safePriority } from '../src/policy/Priority.js'
import { resolve } from '../src/policy/Policy.js'
import { traceIdOf } from '../src/internal/trace.js'
import { parameterOf, readMediaType } from '../src/internal/mediaType.js'
import { lookupLanguage, parentOf } from '../src/internal/language.js'

const body = (r: { readonly body: string }): Record<string, unknown> =>
  JSON.parse(r.body) as Record<string, unknown>

describe('pinned', () => {
  it('an empty list is a masked 500 that still negotiates, varies and carries the request id', () => {
    const r = toResponse([], { accept: 'application/problem+json', requestId: 'r-1' })
    expect([r.status, r.headers['content-type'], r.headers['vary']]).toStrictEqual([
      500,
      'application/problem+json; charset=utf-8',
      'Accept',
    ])
    expect(body(r)).toMatchObject({ status: 500, requestId: 'r-1' })
  })

  it('a plain Error with a JSON.parse message is not a JSON SyntaxError: a masked 500', () => {
    expect(fromUnknown(new Error('Unexpected end of JSON input'))._tag).toBe('Internal')
  })

  it('a thrown http-errors 413 keeps a valid Retry-After', () => {
    const r = toResponse(
      fromUnknown(createError(413, 'too big', { headers: { 'Retry-After': '120' } })),
    )
    expect([r.status, r.headers['retry-after']]).toStrictEqual([413, '120'])
  })

  it('issue texts are capped even when no issue is left out', () => {
    const long = 'x'.repeat(2000)
    const r = toResponse(unprocessableContent([{ path: '/a', message: long, expected: long }]))
    const [issue] = body(r)['issues'] as ReadonlyArray<{ message: string; expected: string }>
    expect([issue?.message.length, issue?.expected.length, body(r)['omittedIssues']]).toStrictEqual(
      [1025, 1025, undefined],
    )
  })

  it('an exposed 413 without a limit has no details', () => {
    expect(body(toResponse(contentTooLarge('too big')))).toStrictEqual({
      message: 'too big',
      code: 'CONTENT_TOO_LARGE',
    })
  })

  it('settle takes only a tagged Either for one: { right: 1 } is a value', async () => {
    const notAnEither: { readonly right: number } = { right: 1 }
    expect(await settle<typeof notAnEither>(() => notAnEither)).toStrictEqual(E.right({ right: 1 }))
    expect(await settle(() => ({ _tag: 'Right', right: 1 }))).toStrictEqual(E.right(1))
  })

  it('a string headers field adds no header (not one per character)', () => {
    const e = { ...notFound('x'), headers: 'abc' } as unknown as HttpError
    expect(Object.keys(toResponse(e).headers).sort()).toStrictEqual([
      'content-length',
      'content-type',
      'vary',
      'x-content-type-options',
    ])
  })

  it('issues are de-duplicated on path and expected type, which never run together', () => {
    const failure = (key: string, type: string): t.ValidationError => ({
      value: 1,
      context: [
        { key: '', type: { name: 'Root' } as t.Decoder<unknown, unknown> },
        { key, type: { name: type } as t.Decoder<unknown, unknown> },
      ],
    })
    const e = fromValidation([failure('ab', 'c'), failure('a', 'bc'), failure('a', 'bc')])
    expect(e.issues.map((i) => [i.path, i.expected])).toStrictEqual([
      ['/ab', 'c'],
      ['/a', 'bc'],
    ])
  })

  it('a quoted challenge parameter may hold a comma', () => {
    const e = fromStatus(401, 'who?', {
      headers: { 'WWW-Authenticate': 'Bearer realm="a,", error="x"' },
    })
    expect(e._tag === 'Unauthorized' && e.challenges).toStrictEqual([
      { scheme: 'Bearer', params: { realm: 'a,', error: 'x' } },
    ])
  })
})

// What the mutation run of src/unknown (0.2) found no test pinned.
describe('pinned: src/unknown', () => {
  it('http-errors: a primitive or null is not one; a status outside 400–599 is not one', async () => {
    const { httpErrors } = await import('../src/unknown/recognisers.js')
    for (const u of [null, undefined, 'x', 404, true]) expect(httpErrors(u)).toBeUndefined()
    expect(httpErrors({ status: 200, expose: true, message: 'ok' })).toBeUndefined()
    expect(httpErrors({ statusCode: 302, expose: true })).toBeUndefined()
  })

  it("JSON.parse's messages: only at the end, and a line number of several digits", async () => {
    const { jsonSyntaxErrors } = await import('../src/unknown/recognisers.js')
    const syntax = (message: string) =>
      Object.assign(new SyntaxError(message), { name: 'SyntaxError' })
    expect(
      jsonSyntaxErrors(
        syntax(`Unexpected token 'x', "x" is not valid JSON at position 17 (line 12 column 3)`),
      )?._tag,
    ).toBe('BadRequest')
    expect(
      jsonSyntaxErrors(syntax('Bad control character in JSON at position 7 (line 10 column 2)'))
        ?._tag,
    ).toBe('BadRequest')
    expect(
      jsonSyntaxErrors(syntax('schema: Unexpected token in JSON at position 7, in field x')),
    ).toBeUndefined()
  })

  it('fromStatus: a code that is not a string is not the code', () => {
    expect(fromStatus(404, 'm', { code: 5 as unknown as string }).code).toBe('NOT_FOUND')
    expect(fromStatus(418, 'm', { code: null as unknown as string }).code).toBe('IM_A_TEAPOT')
  })

  it('a snapshot has no key for an own field the value does not have', () => {
    // (Required fields, MethodNotAllowed's allow and the 422's issues, get their default.)
    for (const _tag of ['TooManyRequests', 'Unauthorized', 'UnsupportedMediaType'] as const)
      expect(Object.keys(fromUnknown({ _tag, message: 'm', code: 'C' }))).toStrictEqual([
        '_tag',
        'message',
        'code',
      ])
  })
})

// What the mutation run of src/fp (0.2) found no test pinned.
describe('pinned: src/fp', () => {
  it('settle: null and a plain object are values, not Eithers', async () => {
    expect(await settle(() => null)).toStrictEqual(E.right(null))
    expect(await settle(() => ({ _tag: 'Right', value: 1 }))).toStrictEqual(
      E.right({ _tag: 'Right', value: 1 }),
    )
    expect(await settle(() => ({ _tag: 'Other', left: 1 }))).toStrictEqual(
      E.right({ _tag: 'Other', left: 1 }),
    )
  })

  it('a Standard Schema defect names what was wrong as its cause: the schema, or the result', async () => {
    const causeOf = async (schema: unknown, input: unknown = 1): Promise<unknown> => {
      const r = await decodeSchema(schema as StandardSchemaV1<unknown, unknown>)(input)()
      return E.isLeft(r) && r.left._tag === 'Internal' ? r.left.cause : 'no defect'
    }
    // Not a schema: a primitive has no `~standard` to read; the cause is the value given.
    expect(await causeOf(42)).toBe(42)
    expect(await causeOf('schema')).toBe('schema')
    // A schema whose `validate` answers `null`: the cause is that answer.
    const answering = (u: unknown) => ({
      '~standard': { version: 1, vendor: 't', validate: () => u },
    })
    expect(await causeOf(answering(null))).toBeNull()
  })

  it("a Standard Schema result's value is read once; `in` is asked only when it is undefined", async () => {
    const asked: Array<string> = []
    const result = new Proxy(
      {},
      {
        get: (_t, k) => (k === 'value' ? 7 : undefined),
        has: (_t, k) => (asked.push(String(k)), false),
      },
    )
    const schema = { '~standard': { version: 1, vendor: 't', validate: () => result } }
    const r = await decodeSchema(schema as unknown as StandardSchemaV1<unknown, number>)(0)()
    expect(r).toStrictEqual(E.right(7))
    expect(asked).toStrictEqual([])
  })
})

// What the src/policy mutation run (2026-11-30, --ignoreStatic) left: each test below was
// also checked by hand against the mutant it names (the test fails with it applied).
describe('pinned: src/policy', () => {
  it('an expose that is not a function (untyped callers) is the default one', () => {
    const p = policy({ expose: 'yes' } as unknown as Parameters<typeof policy>[0])
    expect(JSON.parse(toResponse(notFound('no user 42'), {}, p).body)).toStrictEqual({
      message: 'no user 42',
      code: 'NOT_FOUND',
    })
  })

  it('a 4xx remapped to exactly 500 is masked like any 5xx', () => {
    const r = toResponse(notFound('no user 42'), {}, policy({ status: { NotFound: 500 } }))
    expect([r.status, JSON.parse(r.body)]).toStrictEqual([
      500,
      { message: 'Internal Server Error', code: 'NOT_FOUND' },
    ])
  })

  const ranked = (status: 404 | 409): Ranked => ({
    error: status === 404 ? notFound() : conflict(),
    status,
  })

  it('safePriority: null, undefined and a number are no priorities, and none makes it throw', () => {
    for (const u of [null, undefined, 5, 'x'])
      expect(safePriority(u as unknown)).toBe(defaultPriority)
  })

  it("safePriority: a user priority object's choice is kept", () => {
    const [a, b] = [ranked(404), ranked(409)]
    expect(safePriority(lastError).concat(a, b)).toBe(b)
    expect(safePriority(firstError).concat(a, b)).toBe(a)
  })

  const de = (table: MessageTable, e: HttpError = notFound('own text')) =>
    body(toResponse(e, { acceptLanguage: 'de' }, policy({ messages: messages(table) })))

  it('messages: an empty string or a number is no text; the error keeps its own', () => {
    expect(de({ de: { NOT_FOUND: '' } })).toStrictEqual({ message: 'own text', code: 'NOT_FOUND' })
    expect(de({ de: { NOT_FOUND: 5 as unknown as string } })).toStrictEqual({
      message: 'own text',
      code: 'NOT_FOUND',
    })
  })

  it('messages: an object with only a message, or only a title, is an entry', () => {
    expect(de({ de: { NOT_FOUND: { message: 'Nicht da.' } } })).toStrictEqual({
      message: 'Nicht da.',
      code: 'NOT_FOUND',
    })
    const r = toResponse(
      notFound('own text'),
      { acceptLanguage: 'de', accept: 'application/problem+json' },
      policy({ messages: messages({ de: { NOT_FOUND: { title: 'Fehlt' } } }) }),
    )
    expect(body(r)).toMatchObject({ title: 'Fehlt', detail: 'own text' })
  })

  it("messages: an object with neither is no entry, so the language's * answers", () => {
    expect(
      de({ de: { '*': 'Fehler.', NOT_FOUND: { other: 'x' } as unknown as string } }),
    ).toStrictEqual({ message: 'Fehler.', code: 'NOT_FOUND' })
  })

  it('messages: a region takes what it says over its parent, and the rest from it', () => {
    const r = toResponse(
      notFound('own text'),
      { acceptLanguage: 'de-CH', accept: 'application/problem+json' },
      policy({
        messages: messages({
          de: { NOT_FOUND: { message: 'Nicht gefunden.', title: 'Nicht gefunden' } },
          'de-CH': { NOT_FOUND: { message: 'Nöd gfunde.' } },
        }),
      }),
    )
    expect(body(r)).toMatchObject({ title: 'Nicht gefunden', detail: 'Nöd gfunde.' })
    expect(r.headers['content-language']).toBe('de-CH')
  })

  it('messages: a function that answers no text translates nothing: no Content-Language', () => {
    const r = toResponse(
      notFound('own text'),
      { acceptLanguage: 'de' },
      policy({ messages: messages({ de: { NOT_FOUND: () => 5 as unknown as string } }) }),
    )
    expect(body(r)).toStrictEqual({ message: 'own text', code: 'NOT_FOUND' })
    expect(r.headers['content-language']).toBeUndefined()
  })

  it('messages: a language tag of the longest length, 35 characters, is translated', () => {
    const tag = `${'abcdefgh-'.repeat(3)}abcdefgh`
    const p = policy({ messages: messages({ [tag]: { NOT_FOUND: 'Lang.' } }) })
    const r = toResponse(notFound('own text'), { acceptLanguage: tag }, p)
    expect([body(r).message, r.headers['content-language']]).toStrictEqual(['Lang.', tag])
  })

  it('messages: headers past the bound that differ where it is read get their own answers', () => {
    // Read: the first 4,096 characters. Here the 4,096th is a comma (de complete) or not
    // (de… cut by the bound, so ignored): a cache key shorter than what is read would mix them.
    const p = policy({ messages: messages({ de: { NOT_FOUND: 'Nicht da.' } }) })
    const pad = ' '.repeat(4093)
    const cut = toResponse(
      notFound('own text'),
      { acceptLanguage: `${pad}dex${'a'.repeat(10)}` },
      p,
    )
    const whole = toResponse(
      notFound('own text'),
      { acceptLanguage: `${pad}de,${'a'.repeat(10)}` },
      p,
    )
    expect([body(cut).message, body(whole).message]).toStrictEqual(['own text', 'Nicht da.'])
  })

  it('messages: a title-only function is called with a frozen copy of the view', () => {
    let frozen: boolean | undefined
    const r = toResponse(
      notFound('own text'),
      { acceptLanguage: 'de', accept: 'application/problem+json' },
      policy({
        messages: messages({
          de: {
            NOT_FOUND: {
              title: (v) => {
                frozen = Object.isFrozen(v)
                return 'Fehlt'
              },
            },
          },
        }),
      }),
    )
    expect(body(r)).toMatchObject({ title: 'Fehlt' })
    expect(frozen).toBe(true)
  })

  it('a remap names variants only: one for Custom, whose status is its own, is ignored', () => {
    const p = policy({ status: { Custom: 418 } as unknown as Remaps })
    expect(toResponse(custom(409, 'taken'), {}, p).status).toBe(409)
    expect(p.status).toStrictEqual({})
  })

  it('a value read as a policy is read once: the same policy each time', () => {
    const spread = { ...policy({ maxErrors: 3 }) }
    expect(resolve(spread)).toBe(resolve(spread))
  })

  it("an issue's expected text longer than the bound is capped, even when its message is not", () => {
    const r = toResponse(
      unprocessableContent([{ path: '/a', message: 'short', expected: 'x'.repeat(50) }]),
      {},
      policy({ maxMessageLength: 10 }),
    )
    const issues = (body(r)['issues'] ?? []) as ReadonlyArray<Record<string, unknown>>
    expect(issues[0]).toMatchObject({ message: 'short', expected: `${'x'.repeat(10)}…` })
  })

  describe('traceparent, where the internal/trace mutation run found nothing pinned', () => {
    const valid = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    const at = (i: number, c: string): string => valid.slice(0, i) + c + valid.slice(i + 1)

    it('is read when valid', () => {
      expect(traceIdOf(valid)).toBe('0af7651916cd43dd8448eb211c80319c')
    })

    it.each([2, 35, 52])('a separator other than - at %i is no traceparent', (i) => {
      expect(traceIdOf(at(i, '_'))).toBeUndefined()
    })

    it.each([
      ['an upper-case trace id digit', 3, 'A'],
      ['a trace id character past f', 3, 'g'],
      ['a character below 0 in the trace id', 3, '/'],
      ['an upper-case parent id digit', 36, 'B'],
      ['a version character past f', 0, 'g'],
      ['a version character below 0', 1, '/'],
      ['an upper-case flags digit', 53, 'F'],
      ['a flags character past f', 54, 'z'],
    ])('%s is no traceparent', (_, i, c) => {
      expect(traceIdOf(at(i as number, c as string))).toBeUndefined()
    })
  })

  describe('media type parameters, where the internal/mediaType run found nothing pinned', () => {
    const value = (header: string): string | undefined => parameterOf(readMediaType(header), 'p')

    it('a value that only ends with a quote, or only starts with one, is kept as it is', () => {
      expect(value('a/b; p=x"')).toBe('x"')
      expect(value('a/b; p="x')).toBe('"x')
    })

    it('an empty quoted string is empty', () => {
      expect(value('a/b; p=""')).toBe('')
    })

    it('a backslash right before the closing quote is kept: it escapes nothing', () => {
      expect(value('a/b; p="a\\"')).toBe('a\\')
      expect(value('a/b; p="a\\"b"')).toBe('a"b')
    })
  })

  describe('Accept-Language, where the internal/language run found nothing pinned', () => {
    it('the empty string has no parent', () => {
      expect(parentOf('')).toBeUndefined()
    })

    it('the wildcard is never looked up, even in a table that holds it', () => {
      expect(lookupLanguage('*', new Map([['*', '*']]))).toBeUndefined()
    })
  })
})

describe('pinned: src/format/Format.ts', () => {
  const user: Format = {
    mediaType: 'application/x',
    contentType: 'application/x',
    encode: json.encode,
    decode: json.decode,
  }
  const kept = (f: unknown): ReadonlyArray<Format> =>
    policy({ formats: [f] as ReadonlyArray<Format> }).formats
  const defaults = [json, problem, graphql]

  it('jsonFormat: a body that is not JSON is no body of the format, whatever fromJson says', () => {
    const eager = jsonFormat({
      mediaType: 'application/x',
      toJson: () => ({}),
      fromJson: () => [{ message: 'm' }],
    })
    expect([eager.decode('{', 400), eager.decode('{}', 400)]).toStrictEqual([
      undefined,
      [{ message: 'm' }],
    ])
  })

  it.each([
    ['an encode that is not a function', { ...user, encode: 'x' }],
    ['no decode', { ...user, decode: undefined }],
    ['an empty media type', { ...user, mediaType: '' }],
    ['a media type over 256 characters', { ...user, mediaType: `a/${'x'.repeat(255)}` }],
    ['a Content-Type over 256 characters', { ...user, contentType: `a/${'x'.repeat(255)}` }],
    ['an empty Content-Type', { ...user, contentType: '' }],
    ['a Content-Type of spaces and CR LF only', { ...user, contentType: ' \r\n ' }],
  ])('a user format with %s is no format', (_, f) => {
    expect(kept(f)).toStrictEqual(defaults)
  })

  it('a media type and Content-Type of 256 characters are kept; the media type lower-cased, the Content-Type trimmed', () => {
    const long = `a/${'x'.repeat(254)}`
    expect(kept({ ...user, mediaType: long, contentType: long })).toStrictEqual([
      { ...user, mediaType: long, contentType: long },
    ])
    expect(
      kept({ ...user, mediaType: 'Application/X', contentType: ' application/x; v=1 ' }),
    ).toStrictEqual([{ ...user, contentType: 'application/x; v=1' }])
  })

  it('a function with the fields of a format is one; a format without headers has no headers member', () => {
    const f = Object.assign(() => undefined, user)
    const [snapshot] = kept(f)
    expect(snapshot).toStrictEqual(user)
    expect(snapshot !== undefined && 'headers' in snapshot).toBe(false)
  })

  it('a format sends at most 8 of its headers, values trimmed and of at most 1,024 characters', () => {
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`x-${i}`, String(i)]))
    const headers = { ...nine, 'x-0': ' a ', 'x-1': 'b'.repeat(1024), 'x-2': 'c'.repeat(1025) }
    const r = toResponse(notFound(), {}, policy({ formats: [{ ...user, headers }] }))
    expect(
      Object.entries(r.headers).filter(
        ([k]) => k.startsWith('x-') && k !== 'x-content-type-options',
      ),
    ).toStrictEqual([
      ['x-0', 'a'],
      ['x-1', 'b'.repeat(1024)],
      ...Array.from({ length: 5 }, (_, i) => [`x-${i + 3}`, String(i + 3)]),
    ])
  })
})

describe('pinned: src/format/graphql', () => {
  it('a body whose errors list is empty is not a graphql error body', () => {
    expect(graphql.decode('{"errors":[]}', 400)).toBeUndefined()
  })
})
