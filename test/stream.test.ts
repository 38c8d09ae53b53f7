/**
 * Errors inside a stream: `sseError` and `ndjsonError` over every variant, their masking,
 * frames read back by a spec-compliant SSE parser and by JSON.parse, and properties: no
 * message, policy or value breaks the framing or makes them throw. `tail` (what the
 * adapters put before a final frame) is checked against the same parser.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  internal,
  json,
  ndjsonError,
  notFound,
  messages,
  policy,
  problem,
  sseError,
  status,
  tags,
  toResponse,
  unprocessableContent,
  type HttpError,
  type Policy,
} from 'errmap'
import { decodeResponse } from 'errmap/client'
import { frame as frameOf, framingOf, tail, type Framing } from '../src/response/stream.js'
import { anyPolicy, hostile, httpError } from './arbitraries.js'
import { parseSse, type SseEvent } from './support/sse.js'
import { expected, messageOf, samples } from './samples.js'

describe('the SSE parser', () => {
  it('reads events as the spec does', () => {
    expect(
      parseSse(
        '\uFEFF: comment\ndata: a\ndata:b\r\n\r\nevent: x\rdata\r\rid: 1\n\nevent: y\ndata: z',
      ),
    ).toStrictEqual([
      { type: 'message', data: 'a\nb' },
      { type: 'x', data: '' },
    ])
  })
})

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

// The body a whole response would have in JSON, and its status.
const jsonResponse = (
  errors: unknown,
  request: Parameters<typeof toResponse>[1] = {},
  p?: Policy,
): { readonly status: number; readonly body: string } =>
  toResponse(errors as HttpError, request, p === undefined ? policy({ formats: [json] }) : p)

// Characters at which some reader ends a line: SSE's CR and LF, Python's `splitlines`
// (VT, FF, FS, GS, RS, NEL, LS, PS), a JavaScript regular expression's `$`.
// eslint-disable-next-line no-control-regex -- the control characters are the point
const anyLineEnd = /[\n\r\v\f\x1c-\x1e\u0085\u2028\u2029]/

const oneSseError = (frame: string): unknown => {
  const events = parseSse(frame)
  expect(events.map((e) => e.type)).toStrictEqual(['error'])
  return JSON.parse((events[0] as SseEvent).data) as unknown
}

const oneLine = (line: string): { readonly status: number; readonly error: unknown } => {
  expect(line.endsWith('\n')).toBe(true)
  expect(anyLineEnd.test(line.slice(0, -1))).toBe(false)
  return JSON.parse(line) as { readonly status: number; readonly error: unknown }
}

// -------------------------------------------------------------------------------------
// every variant
// -------------------------------------------------------------------------------------

describe('sseError and ndjsonError, for every variant', () => {
  for (const tag of tags) {
    const e = samples[tag]
    const whole = jsonResponse(e)
    const masked = expected[tag].status >= 500

    it(`${tag}: SSE, one error event whose data is the JSON body`, () => {
      const frame = sseError(e)
      expect(frame).toBe(`event: error\ndata: ${whole.body}\n\n`)
      expect(oneSseError(frame)).toStrictEqual(JSON.parse(whole.body))
    })

    it(`${tag}: NDJSON, one line {"status","error"} with the JSON body`, () => {
      const line = ndjsonError(e)
      expect(line).toBe(`{"status":${whole.status},"error":${whole.body}}\n`)
      expect(oneLine(line)).toStrictEqual({
        status: expected[tag].status,
        error: JSON.parse(whole.body),
      })
    })

    it(`${tag}: ${masked ? 'masked, as the whole response is' : 'shown, as the whole response is'}`, () => {
      const seen = oneSseError(sseError(e)) as { message: string; code: string }
      expect(seen.code).toBe(expected[tag].code)
      if (masked) {
        expect(seen).toStrictEqual({ message: expected[tag].title, code: expected[tag].code })
        expect(sseError(e) + ndjsonError(e)).not.toContain(messageOf(tag))
      } else expect(seen.message).toBe(messageOf(tag))
    })

    it(`${tag}: read back by errmap/client`, () => {
      const line = oneLine(ndjsonError(e))
      const decoded = decodeResponse(line.status, line.error)
      expect(decoded._tag).toBe('Right')
      if (decoded._tag === 'Right') {
        const first = decoded.right[0] as HttpError
        expect([status(first), first.code]).toStrictEqual([
          expected[tag].status,
          expected[tag].code,
        ])
      }
    })
  }
})

describe('the same body as the JSON response', () => {
  it('whatever formats the policy negotiates: JSON, not problem+json', () => {
    const p = policy({ formats: [problem] })
    expect(oneSseError(sseError(notFound('no order 7'), {}, p))).toStrictEqual({
      message: 'no order 7',
      code: 'NOT_FOUND',
    })
    expect(
      oneLine(ndjsonError(notFound('no order 7'), { accept: 'application/problem+json' }, p)),
    ).toStrictEqual({ status: 404, error: { message: 'no order 7', code: 'NOT_FOUND' } })
  })

  it('whatever Accept asks for among several formats: JSON', () => {
    const accept = 'application/problem+json'
    expect(oneSseError(sseError(notFound('no order 7'), { accept }))).toStrictEqual({
      message: 'no order 7',
      code: 'NOT_FOUND',
    })
  })

  it('request id and trace id, as in the body', () => {
    const request = { requestId: 'r-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }
    const whole = jsonResponse(internal('db at 10.0.0.7 down'), request)
    expect(sseError(internal('db at 10.0.0.7 down'), request)).toBe(
      `event: error\ndata: ${whole.body}\n\n`,
    )
    expect(JSON.parse(whole.body)).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
      requestId: 'r-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    })
  })

  it('several errors: the status the priority chooses, the list bounded by maxErrors', () => {
    const p = policy({ maxErrors: 2 })
    const errors = [badRequest('a'), notFound('b'), badRequest('c')]
    const line = oneLine(ndjsonError(errors, {}, p))
    const whole = jsonResponse(errors, {}, policy({ maxErrors: 2, formats: [json] }))
    expect(line).toStrictEqual({ status: whole.status, error: JSON.parse(whole.body) })
    expect((line.error as { omitted: number }).omitted).toBe(1)
  })

  it('remaps, code renames and masking of the policy', () => {
    const p = policy({ status: { NotFound: 410 }, codes: { NOT_FOUND: 'MISSING' } })
    expect(oneLine(ndjsonError(notFound('x'), {}, p))).toStrictEqual({
      status: 410,
      error: { message: 'x', code: 'MISSING' },
    })
    // The policy's own masking, as in the whole response.
    const shown = policy({ expose: () => true })
    const whole = jsonResponse(internal('db down'), {}, policy({ ...shown, formats: [json] }))
    expect(oneSseError(sseError(internal('db down'), {}, shown))).toStrictEqual(
      JSON.parse(whole.body),
    )
    expect(oneSseError(sseError(internal('db down')))).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
  })

  it('the language the policy translates into, as in the body', () => {
    const p = policy({
      messages: messages({ de: { '*': (v) => `DE ${v.message}` } }),
    })
    const request = { acceptLanguage: 'de' }
    const whole = jsonResponse(notFound('x'), request, policy({ ...p, formats: [json] }))
    expect(JSON.parse(whole.body)).toStrictEqual({ message: 'DE x', code: 'NOT_FOUND' })
    expect(oneSseError(sseError(notFound('x'), request, p))).toStrictEqual(JSON.parse(whole.body))
  })

  it('issues and details, as in the body', () => {
    const e = unprocessableContent([{ path: '/email', message: 'must be an e-mail' }], 'invalid')
    const whole = jsonResponse(e)
    expect(oneSseError(sseError(e))).toStrictEqual(JSON.parse(whole.body))
  })
})

describe('framing is safe by construction', () => {
  const breaking = 'a\rb\nc\r\nd\u2028e\u2029f\u0085g\v\f\x1c\x1d\x1e'

  it('line ends in a message: escaped in the JSON, the same value once parsed', () => {
    const e = notFound(breaking)
    const frame = sseError(e)
    expect(frame.slice(0, -2).split('\n')).toHaveLength(2)
    expect(frame).toContain('\\u2028')
    expect(oneSseError(frame)).toStrictEqual({ message: breaking, code: 'NOT_FOUND' })
    expect(oneLine(ndjsonError(e))).toStrictEqual({
      status: 404,
      error: { message: breaking, code: 'NOT_FOUND' },
    })
  })

  it('a body with raw line ends: one data line each for SSE, spaces for NDJSON', () => {
    const response = { status: 500 as const, headers: {}, body: '{\n"a":\r1,\r\n"b":2}' }
    const sse = frameOf('sse', response)
    expect(sse).toBe('event: error\ndata: {\ndata: "a":\ndata: 1,\ndata: "b":2}\n\n')
    expect(oneSseError(sse)).toStrictEqual({ a: 1, b: 2 })
    expect(frameOf('ndjson', response)).toBe('{"status":500,"error":{ "a": 1,  "b":2}}\n')
  })

  it('property: any message, variant and policy keeps one error event and one line', () => {
    const message = fc.string({
      unit: fc.constantFrom(
        'a',
        'é',
        '😀',
        '\r',
        '\n',
        '\u2028',
        '\u2029',
        '\u0085',
        '"',
        '\\',
        ':',
        ' ',
      ),
      maxLength: 30,
    })
    fc.assert(
      fc.property(
        fc.array(httpError({ message, expose: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        anyPolicy(),
        fc.option(fc.string(), { nil: undefined }),
        (errors, p, requestId) => {
          const whole = jsonResponse(errors, { requestId }, policy({ ...p, formats: [json] }))
          expect(oneSseError(sseError(errors, { requestId }, p))).toStrictEqual(
            JSON.parse(whole.body),
          )
          expect(oneLine(ndjsonError(errors, { requestId }, p))).toStrictEqual({
            status: whole.status,
            error: JSON.parse(whole.body),
          })
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('total', () => {
  const policies: ReadonlyArray<readonly [string, unknown]> = [
    ['no policy', undefined],
    ['a number', 42],
    ['a spread policy', { ...policy(), formats: 'nope' }],
    [
      'a Proxy whose traps throw',
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('p')
          },
        },
      ),
    ],
  ]
  for (const [name, u] of hostile())
    for (const [pName, p] of policies)
      it(`${name} under ${pName}: a frame that reads back`, () => {
        const sse = sseError(u as HttpError, {}, p as Policy)
        expect(typeof oneSseError(sse)).toBe('object')
        const line = oneLine(ndjsonError(u as HttpError, {}, p as Policy))
        expect(line.status).toBeGreaterThanOrEqual(400)
      })

  it('facts that are not facts are none', () => {
    expect(sseError(notFound('x'), 'nope' as never)).toBe(
      'event: error\ndata: {"message":"x","code":"NOT_FOUND"}\n\n',
    )
  })

  it('property: anything at all, never a throw', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (u, r, p) => {
        expect(oneSseError(sseError(u as HttpError, r as never, p as Policy))).toBeTypeOf('object')
        expect(oneLine(ndjsonError(u as HttpError, r as never, p as Policy)).status).toBeTypeOf(
          'number',
        )
      }),
      { numRuns: 300 },
    )
  })
})

// -------------------------------------------------------------------------------------
// what the adapters put before a final frame
// -------------------------------------------------------------------------------------

describe('tail: a final frame stands on its own after whatever was sent', () => {
  const prefixOf = (framing: Framing, chunks: ReadonlyArray<string | Uint8Array>): string => {
    const t = tail(framing)
    for (const c of chunks) t.push(c)
    return t.prefix()
  }

  const sse: ReadonlyArray<readonly [string, string]> = [
    ['', ''],
    ['data: 1\n\n', ''],
    ['data: 1\r\n\r\n', ''],
    ['data: 1\r\r', ''],
    ['data: 1\n\r\n', ''],
    ['data: 1\n', '\n'],
    ['data: 1\r\n', '\n'],
    ['data: 1\r', '\n\n'],
    ['data: 1', '\n\n'],
    ['data: é', '\n\n'],
  ]
  for (const [sent, prefix] of sse)
    it(`SSE after ${JSON.stringify(sent)}: ${JSON.stringify(prefix)}`, () => {
      expect(prefixOf('sse', [sent])).toBe(prefix)
      expect(
        prefixOf(
          'sse',
          [...sent].map((c) => new TextEncoder().encode(c)),
        ),
      ).toBe(prefix)
    })

  const ndjson: ReadonlyArray<readonly [string, string]> = [
    ['', ''],
    ['{"a":1}\n', ''],
    ['{"a":1}\r\n', ''],
    ['{"a":1}\r', '\n'],
    ['{"a":1}', '\n'],
    ['{"a":', '\n'],
  ]
  for (const [sent, prefix] of ndjson)
    it(`NDJSON after ${JSON.stringify(sent)}: ${JSON.stringify(prefix)}`, () => {
      expect(prefixOf('ndjson', [sent])).toBe(prefix)
    })

  const chunk = fc.oneof(
    fc.string({
      unit: fc.constantFrom('a', 'é', '\r', '\n', ':', ' ', 'data: x', 'event: y'),
      maxLength: 12,
    }),
  )

  it('property SSE: the last event dispatched is the error, and it is the only error', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 6 }), fc.boolean(), (chunks, asBytes) => {
        const t = tail('sse')
        for (const c of chunks) t.push(asBytes ? new TextEncoder().encode(c) : c)
        const frame = sseError(notFound('late'))
        const events = parseSse(chunks.join('') + t.prefix() + frame)
        expect(events.at(-1)).toStrictEqual({
          type: 'error',
          data: '{"message":"late","code":"NOT_FOUND"}',
        })
        expect(events.filter((e) => e.type === 'error')).toHaveLength(1)
      }),
    )
  })

  it('property NDJSON: the last line is the error line, whole', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 6 }), (chunks) => {
        const t = tail('ndjson')
        for (const c of chunks) t.push(c)
        const text = chunks.join('') + t.prefix() + ndjsonError(notFound('late'))
        const lines = text.split('\n')
        expect(lines.pop()).toBe('')
        expect(JSON.parse(lines.pop() as string)).toStrictEqual({
          status: 404,
          error: { message: 'late', code: 'NOT_FOUND' },
        })
      }),
    )
  })
})

describe('framingOf', () => {
  const cases: ReadonlyArray<readonly [unknown, Framing | undefined]> = [
    ['text/event-stream', 'sse'],
    ['Text/Event-Stream; charset=utf-8', 'sse'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    [' application/jsonl ;charset=utf-8', 'ndjson'],
    ['application/jsonlines', 'ndjson'],
    ['application/x-jsonlines', 'ndjson'],
    ['application/json', undefined],
    ['application/json-seq', undefined],
    ['text/plain', undefined],
    ['toString', undefined],
    ['__proto__', undefined],
    [undefined, undefined],
    [['text/event-stream'], undefined],
  ]
  for (const [value, framing] of cases)
    it(`${JSON.stringify(value)}: ${String(framing)}`, () => {
      expect(framingOf(value)).toBe(framing)
    })
})
