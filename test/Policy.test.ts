import { describe, expect, it } from 'vitest'
import {
  conflict,
  custom,
  defaultPolicy,
  defaultPriority,
  graphql,
  highestStatus,
  internal,
  json,
  notFound,
  notImplemented,
  notify,
  policy,
  problem,
  statusUnder,
  unprocessableContent,
  type HttpError,
  type Policy,
  toResponse,
} from '../src/index.js'
import { codeUnder, exposedUnder } from '../src/policy/Policy.js'

describe('policy', () => {
  it('fills in every default', () => {
    const p = policy()
    expect(p).toStrictEqual({
      status: {},
      codes: new Map(),
      formats: [json, problem, graphql],
      priority: defaultPriority,
      expose: p.expose,
      maxErrors: 100,
      maxMessageLength: 1024,
      challenges: [{ scheme: 'Bearer' }],
      recognisers: [],
      onError: undefined,
      requestIdHeader: 'x-request-id',
      trace: false,
      messages: undefined,
    })
    expect([
      p.expose(notFound(), 404),
      p.expose(notFound(), 499),
      p.expose(internal(), 500),
    ]).toStrictEqual([true, true, false])
    expect(defaultPolicy).toStrictEqual(p)
  })

  it('keeps what it is given', () => {
    const onError = (): void => undefined
    const expose = (): boolean => true
    const p = policy({
      status: { NotImplemented: 412 },
      codes: { A: 'B' },
      formats: [problem],
      priority: highestStatus,
      expose,
      maxErrors: 3,
      maxMessageLength: 10,
      challenges: [{ scheme: 'Basic' }],
      onError,
      requestIdHeader: 'X-Correlation-Id',
    })
    expect(p).toStrictEqual({
      status: { NotImplemented: 412 },
      codes: new Map([['A', 'B']]),
      formats: [problem],
      priority: highestStatus,
      expose,
      maxErrors: 3,
      maxMessageLength: 10,
      challenges: [{ scheme: 'Basic' }],
      recognisers: [],
      onError,
      requestIdHeader: 'x-correlation-id',
      trace: false,
      messages: undefined,
    })
  })

  it('joins a problem type base with a slash when it ends in none, and can read no request id', () => {
    const type = (typeBase: string): unknown =>
      JSON.parse(toResponse(notFound(), {}, policy({ formats: [problem({ typeBase })] })).body).type
    expect(type('https://e.example/errors')).toBe('https://e.example/errors/not-found')
    expect(type('urn:errors:')).toBe('urn:errors:not-found')
    expect(type('https://e.example/?code=')).toBe('https://e.example/?code=not-found')
    expect(type('https://e.example/#')).toBe('https://e.example/#not-found')
    expect(type('')).toBe('about:blank')
    expect(policy({ requestIdHeader: undefined }).requestIdHeader).toBeUndefined()
  })

  it('ignores an empty format list and bounds that are not positive integers', () => {
    const p = policy({ formats: [], maxErrors: 0, maxMessageLength: 2.5 })
    expect([p.formats, p.maxErrors, p.maxMessageLength]).toStrictEqual([
      [json, problem, graphql],
      100,
      1024,
    ])
  })
})

describe('statusUnder, codeUnder, exposedUnder', () => {
  const p = policy({
    // Custom is not remappable: untyped code that tries is ignored.
    status: { NotImplemented: 412, Custom: 400 } as unknown as Policy['status'],
    codes: { NOT_FOUND: 'MISSING' },
  })

  it('statusUnder: the remap, else the variant’s; a Custom error keeps its own', () => {
    expect([
      statusUnder(p)(notImplemented()),
      statusUnder(p)(notFound()),
      statusUnder(p)(custom(418)),
    ]).toStrictEqual([412, 404, 418])
  })

  it('statusUnder: a remap may be a function of the error; one that throws or answers a non-error status leaves the default', () => {
    const q = policy({
      status: {
        UnprocessableContent: (e) => (e.issues.length > 0 ? 400 : 422),
        NotFound: () => {
          throw new Error('remap bug')
        },
        Conflict: () => 200 as never,
      },
    })
    expect([
      statusUnder(q)(unprocessableContent([{ path: '/a', message: 'm' }])),
      statusUnder(q)(unprocessableContent([])),
      statusUnder(q)(notFound()),
      statusUnder(q)(conflict()),
    ]).toStrictEqual([400, 422, 404, 409])
  })

  it('codeUnder: renamed, else kept; a code that is not a string falls back to the default', () => {
    expect(codeUnder(p)(notFound())).toBe('MISSING')
    expect(codeUnder(p)(internal())).toBe('INTERNAL_SERVER_ERROR')
    // Not an HttpError (its code is not a string): a masked 500.
    expect(codeUnder(p)({ ...notFound(), code: 7 } as unknown as HttpError)).toBe(
      'INTERNAL_SERVER_ERROR',
    )
  })

  it('exposedUnder: the error’s own expose first, then the predicate, which must say true', () => {
    const yes = policy({ expose: () => true })
    const truthy = policy({ expose: () => 1 as unknown as boolean })
    expect([
      exposedUnder(yes)(internal(), 500),
      exposedUnder(yes)(internal('x', { expose: false }), 500),
      exposedUnder(defaultPolicy)(internal('x', { expose: true }), 500),
      exposedUnder(truthy)(notFound(), 404),
    ]).toStrictEqual([true, false, true, false])
  })
})

describe('notify', () => {
  it('calls onError with each error and its cause, in order', () => {
    const seen: Array<[string, unknown]> = []
    const p = policy({ onError: (e, cause) => seen.push([e.code, cause]) })
    notify(internal('x', { cause: 'ECONNREFUSED' }), {}, p)
    notify([notFound(), custom(418, 't', { cause: 1 })], {}, p)
    expect(seen).toStrictEqual([
      ['INTERNAL_SERVER_ERROR', 'ECONNREFUSED'],
      ['NOT_FOUND', undefined],
      ['IM_A_TEAPOT', 1],
    ])
  })

  it('ignores a hook that throws, and does nothing without a hook', () => {
    let calls = 0
    const p = policy({
      onError: () => {
        calls++
        throw new Error('logger down')
      },
    })
    expect(() => notify([notFound(), internal()], {}, p)).not.toThrow()
    expect(calls).toBe(2)
    expect(() => notify(notFound())).not.toThrow()
  })
})
