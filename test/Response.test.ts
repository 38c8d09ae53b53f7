import { describe, expect, it } from 'vitest'
import {
  badRequest,
  conflict,
  custom,
  forbidden,
  gatewayTimeout,
  graphql,
  internal,
  json,
  methodNotAllowed,
  notFound,
  notImplemented,
  contentTooLarge,
  policy,
  problem,
  requestTimeout,
  serviceUnavailable,
  tags,
  toResponse,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  type ErrorResponse,
  type ErrorStatus,
  type Format,
  type HttpError,
  type RequestFacts,
  type Policy,
  type RetryAfter,
  jsonFormat,
  type Priority,
} from '../src/index.js'
import { lastResort as lastResortOf } from '../src/response/toResponse.js'
import { bodyOf, expected, formats, issue, messageOf, samples } from './samples.js'

const JSON_CT = 'application/json; charset=utf-8'
const PROBLEM_CT = 'application/problem+json; charset=utf-8'

/** The headers every error response carries, for a body. */
const base = (contentType: string, body: string, vary = true): Record<string, string> => ({
  'content-type': contentType,
  'content-length': String(Buffer.byteLength(body, 'utf8')),
  'x-content-type-options': 'nosniff',
  ...(vary ? { vary: 'Accept' } : {}),
})

const parsed = (r: ErrorResponse): unknown => JSON.parse(r.body)

describe('toResponse: every variant × every format', () => {
  it('the sample table covers every tag, in order', () => {
    expect(Object.keys(samples)).toStrictEqual([...tags])
    expect(Object.keys(expected)).toStrictEqual([...tags])
    expect(tags).toHaveLength(22)
  })

  for (const tag of tags) {
    const e = samples[tag]
    const x = expected[tag]
    for (const f of formats) {
      it(`${tag} as ${f.name}: ${x.status}, its obliged headers, ${x.status < 500 ? 'exposed' : 'masked'} body`, () => {
        const r = toResponse(e, { accept: f.accept })
        const shown = x.status < 500
        expect(r).toStrictEqual({
          status: x.status,
          headers: { ...base(f.contentType, r.body), ...x.headers },
          body: r.body,
        })
        expect(parsed(r)).toStrictEqual(
          bodyOf(f.name, {
            status: x.status,
            title: x.title,
            code: x.code,
            message: shown ? messageOf(tag) : x.title,
            ...(shown ? { details: e.details } : {}),
            ...(shown && 'issues' in e ? { issues: e.issues } : {}),
          }),
        )
      })
    }
  }

  it('a single error and a list of that one error give the same response', () => {
    for (const tag of tags)
      expect(toResponse([samples[tag]], { accept: 'application/problem+json' })).toStrictEqual(
        toResponse(samples[tag], { accept: 'application/problem+json' }),
      )
  })
})

describe('toResponse: masking', () => {
  const secret = 'db password is hunter2'
  const leaky = internal(secret, {
    details: { query: 'SELECT hunter2' },
    cause: new Error(secret),
  })

  it('hides the message and details of a 5xx but keeps its code', () => {
    const r = toResponse(leaky)
    expect(parsed(r)).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
    expect(r.body).not.toContain('hunter2')
  })

  it('shows a 5xx that sets expose: true', () => {
    const r = toResponse({ ...leaky, expose: true })
    expect(parsed(r)).toStrictEqual({
      message: secret,
      code: 'INTERNAL_SERVER_ERROR',
      details: { query: 'SELECT hunter2' },
    })
  })

  it('hides a 4xx that sets expose: false, issues included', () => {
    const e = unprocessableContent([issue], 'bad input', { details: { x: 1 }, expose: false })
    for (const f of formats)
      expect(parsed(toResponse(e, { accept: f.accept }))).toStrictEqual(
        bodyOf(f.name, {
          status: 422,
          title: 'Unprocessable Content',
          code: 'UNPROCESSABLE_CONTENT',
          message: 'Unprocessable Content',
        }),
      )
  })

  it('a policy predicate can expose 5xx; an error’s own expose: false still wins', () => {
    const p = policy({ expose: () => true })
    expect(parsed(toResponse(internal('shown'), {}, p))).toStrictEqual({
      message: 'shown',
      code: 'INTERNAL_SERVER_ERROR',
    })
    expect(parsed(toResponse(internal('hidden', { expose: false }), {}, p))).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
  })

  it('a policy predicate can hide 4xx; an error’s own expose: true still wins', () => {
    const p = policy({ expose: () => false })
    expect(parsed(toResponse(notFound('no user 42'), {}, p))).toStrictEqual({
      message: 'Not Found',
      code: 'NOT_FOUND',
    })
    expect(parsed(toResponse(notFound('no user 42', { expose: true }), {}, p))).toStrictEqual({
      message: 'no user 42',
      code: 'NOT_FOUND',
    })
  })

  it('the predicate is asked with the status the policy gives, and a throwing one masks', () => {
    const asked: Array<[string, ErrorStatus]> = []
    const p = policy({
      status: { Conflict: 503 },
      expose: (e, s) => {
        asked.push([e._tag, s])
        return true
      },
    })
    expect(parsed(toResponse(conflict('taken'), {}, p))).toStrictEqual({
      message: 'taken',
      code: 'CONFLICT',
    })
    expect(asked).toStrictEqual([['Conflict', 503]])

    const throwing = policy({
      expose: () => {
        throw new Error('predicate failed')
      },
    })
    expect(parsed(toResponse(notFound('no user 42'), {}, throwing))).toStrictEqual({
      message: 'Not Found',
      code: 'NOT_FOUND',
    })
  })

  it('never serializes cause, even when exposed', () => {
    const r = toResponse(notFound('x', { cause: { password: 'hunter2' } }))
    expect(parsed(r)).toStrictEqual({ message: 'x', code: 'NOT_FOUND' })
  })
})

describe('toResponse: policy remaps and codes', () => {
  it('remaps a status (NotImplemented → 412, seed 003): title, status and exposure follow', () => {
    const p = policy({ status: { NotImplemented: 412 } })
    const r = toResponse(
      notImplemented('feature disabled'),
      { accept: 'application/problem+json' },
      p,
    )
    expect(r).toStrictEqual({ status: 412, headers: base(PROBLEM_CT, r.body), body: r.body })
    expect(parsed(r)).toStrictEqual({
      type: 'about:blank',
      title: 'Precondition Failed',
      status: 412,
      // A remap cannot unmask: a 501 answered as a 412 still hides its message.
      detail: 'Precondition Failed',
      code: 'NOT_IMPLEMENTED',
    })
  })

  it('a 4xx remapped to a 5xx is masked', () => {
    const r = toResponse(conflict('row 7 is locked'), {}, policy({ status: { Conflict: 503 } }))
    expect(r.status).toBe(503)
    expect(parsed(r)).toStrictEqual({ message: 'Service Unavailable', code: 'CONFLICT' })
  })

  it('a remap to 401 or 405 brings the header that status obliges', () => {
    const to401 = toResponse(forbidden(), {}, policy({ status: { Forbidden: 401 } }))
    expect(to401.status).toBe(401)
    expect(to401.headers['www-authenticate']).toBe('Bearer')
    const to405 = toResponse(notFound(), {}, policy({ status: { NotFound: 405 } }))
    expect(to405.status).toBe(405)
    expect(to405.headers['allow']).toBe('')
  })

  it('ignores remaps to statuses outside 400–599, unknown tags and Custom', () => {
    const p = policy({
      status: {
        NotFound: 200,
        Conflict: 600,
        Gone: 404.5,
        Forbidden: '404',
        Custom: 400,
        Nope: 400,
      } as unknown as Policy['status'],
    })
    for (const e of [notFound(), conflict(), forbidden(), custom(418)])
      expect(toResponse(e, {}, p).status).toBe(toResponse(e).status)
  })

  it('renames codes, Custom ones included; empty or non-string renames are ignored', () => {
    const p = policy({
      codes: { NOT_FOUND: 'MISSING', IM_A_TEAPOT: 'TEAPOT', CONFLICT: '' },
    })
    expect(parsed(toResponse(notFound('x'), {}, p))).toStrictEqual({
      message: 'x',
      code: 'MISSING',
    })
    expect(parsed(toResponse(custom(418, 'y'), {}, p))).toStrictEqual({
      message: 'y',
      code: 'TEAPOT',
    })
    expect(parsed(toResponse(conflict('z'), {}, p))).toStrictEqual({
      message: 'z',
      code: 'CONFLICT',
    })
  })
})

describe('toResponse: problem type, request id and instance', () => {
  it('problem type is about:blank by default, else the base followed by the code in kebab case', () => {
    const p = policy({
      formats: [problem({ typeBase: 'https://errors.example.com/' })],
      codes: { NOT_FOUND: 'USER__NOT FOUND!' },
    })
    const accept = { accept: 'application/problem+json' }
    expect(parsed(toResponse(custom(418), accept, p))).toMatchObject({
      type: 'https://errors.example.com/im-a-teapot',
    })
    expect(parsed(toResponse(notFound(), accept, p))).toMatchObject({
      type: 'https://errors.example.com/user-not-found',
      code: 'USER__NOT FOUND!',
    })
    expect(parsed(toResponse(notFound(), accept))).toMatchObject({ type: 'about:blank' })
  })

  it('puts requestId in every format and instance in problem only', () => {
    const request = { requestId: 'req-7', instance: '/orders/7' }
    const e = internal('secret')
    expect(parsed(toResponse(e, { ...request, accept: 'application/json' }))).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
      requestId: 'req-7',
    })
    expect(parsed(toResponse(e, { ...request, accept: 'application/problem+json' }))).toStrictEqual(
      {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Internal Server Error',
        instance: '/orders/7',
        code: 'INTERNAL_SERVER_ERROR',
        requestId: 'req-7',
      },
    )
    expect(
      parsed(toResponse(e, { ...request, accept: 'application/graphql-response+json' })),
    ).toStrictEqual({
      errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      extensions: { requestId: 'req-7' },
    })
  })
})

describe('toResponse: bounds', () => {
  const three = [notFound('a'), conflict('b'), badRequest('c')]
  const p = policy({ maxErrors: 2 })
  const item = (status: number, message: string, code: string) => ({ status, message, code })

  it('keeps at most maxErrors, in the order given, and counts the rest in omitted (json)', () => {
    expect(parsed(toResponse([conflict('a'), notFound('b'), conflict('c')], {}, p))).toStrictEqual({
      message: 'b',
      code: 'NOT_FOUND',
      errors: [item(409, 'a', 'CONFLICT'), item(404, 'b', 'NOT_FOUND')],
      omitted: 1,
    })
  })

  it('never leaves out the error that chose the status: it takes the last kept place', () => {
    expect(parsed(toResponse(three, {}, p))).toStrictEqual({
      message: 'c',
      code: 'BAD_REQUEST',
      errors: [item(404, 'a', 'NOT_FOUND'), item(400, 'c', 'BAD_REQUEST')],
      omitted: 1,
    })
  })

  it('… in problem and graphql too', () => {
    expect(parsed(toResponse(three, { accept: 'application/problem+json' }, p))).toStrictEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'c',
      code: 'BAD_REQUEST',
      errors: [item(404, 'a', 'NOT_FOUND'), item(400, 'c', 'BAD_REQUEST')],
      omitted: 1,
    })
    expect(
      parsed(toResponse(three, { accept: 'application/graphql-response+json' }, p)),
    ).toStrictEqual({
      errors: [
        { message: 'a', extensions: { code: 'NOT_FOUND' } },
        { message: 'c', extensions: { code: 'BAD_REQUEST' } },
      ],
      extensions: { omitted: 1 },
    })
  })

  it('lists errors when maxErrors cut a list down to one', () => {
    expect(
      parsed(toResponse([notFound('a'), conflict('b')], {}, policy({ maxErrors: 1 }))),
    ).toStrictEqual({
      message: 'a',
      code: 'NOT_FOUND',
      errors: [item(404, 'a', 'NOT_FOUND')],
      omitted: 1,
    })
  })

  it('defaults to 100 errors, also when maxErrors is not a positive integer', () => {
    const many = Array.from({ length: 101 }, (_, i) => notFound(`n${i}`))
    for (const maxErrors of [undefined, 0, -1, 1.5, Number.NaN]) {
      const body = parsed(toResponse(many, {}, policy({ maxErrors }))) as {
        errors: ReadonlyArray<unknown>
        omitted: number
      }
      expect([body.errors.length, body.omitted]).toStrictEqual([100, 1])
    }
  })

  it('caps messages at maxMessageLength characters and marks the cut with …', () => {
    const p5 = policy({ maxMessageLength: 5 })
    expect(parsed(toResponse(notFound('abcdefgh'), {}, p5))).toStrictEqual({
      message: 'abcde…',
      code: 'NOT_FOUND',
    })
    expect(parsed(toResponse(notFound('abcde'), {}, p5))).toStrictEqual({
      message: 'abcde',
      code: 'NOT_FOUND',
    })
    // Never half a surrogate pair.
    expect(parsed(toResponse(notFound('abcd😀z'), {}, p5))).toStrictEqual({
      message: 'abcd…',
      code: 'NOT_FOUND',
    })
    const long = 'x'.repeat(2000)
    expect(parsed(toResponse(notFound(long)))).toStrictEqual({
      message: 'x'.repeat(1024) + '…',
      code: 'NOT_FOUND',
    })
  })
})

describe('toResponse: WWW-Authenticate', () => {
  const www = (e: HttpError | ReadonlyArray<HttpError>, p?: Policy) =>
    toResponse(e, {}, p).headers['www-authenticate']

  it('sends the policy default challenge (Bearer) on a 401 that names none', () => {
    expect(www(unauthorized())).toBe('Bearer')
    expect(www(unauthorized('x', { challenges: [] }))).toBe('Bearer')
    expect(www(custom(401))).toBe('Bearer')
    const basic = policy({ challenges: [{ scheme: 'Basic', params: { realm: 'files' } }] })
    expect(www(unauthorized(), basic)).toBe('Basic realm="files"')
    expect(www(custom(401), basic)).toBe('Basic realm="files"')
  })

  it('renders structured challenges with quoted, escaped parameter values', () => {
    const e = unauthorized('expired', {
      challenges: [
        {
          scheme: 'Bearer',
          params: {
            realm: 'api',
            error: 'invalid_token',
            error_description: 'say "hi" \\ bye',
          },
        },
      ],
    })
    expect(www(e)).toBe(
      'Bearer realm="api", error="invalid_token", error_description="say \\"hi\\" \\\\ bye"',
    )
  })

  it('several challenges become several field lines; duplicates are sent once', () => {
    const e = unauthorized('x', {
      challenges: [
        { scheme: 'Negotiate', token68: 'YIIB+w==' },
        { scheme: 'Basic', params: { realm: 'a' } },
        { scheme: 'Negotiate', token68: 'YIIB+w==' },
      ],
    })
    expect(www(e)).toStrictEqual(['Negotiate YIIB+w==', 'Basic realm="a"'])
  })

  it('drops invalid schemes, parameter names and token68; falls back when nothing is left', () => {
    const e = unauthorized('x', {
      challenges: [
        { scheme: 'Bad Scheme' },
        { scheme: 'Bearer', token68: 'not a token68', params: { 'bad name': 'v', ok: 'w' } },
      ],
    })
    expect(www(e)).toBe('Bearer ok="w"')
    expect(www(unauthorized('x', { challenges: [{ scheme: 'Bad Scheme' }] }))).toBe('Bearer')
    const hopeless = policy({ challenges: [{ scheme: '' }] })
    expect(www(unauthorized('x', { challenges: [{ scheme: 'a\r\nb' }] }), hopeless)).toBe('Bearer')
    expect(www(unauthorized(), policy({ challenges: [] }))).toBe('Bearer')
    expect(www(custom(401), hopeless)).toBe('Bearer')
  })
})

describe('toResponse: Allow, Retry-After, Accept', () => {
  it('405 sends Allow even when empty, dropping invalid and repeated methods', () => {
    expect(toResponse(methodNotAllowed([])).headers['allow']).toBe('')
    expect(toResponse(custom(405)).headers['allow']).toBe('')
    expect(
      toResponse(methodNotAllowed(['GET', 'BAD METHOD', 'X\r\nY', '', 'GET', 'POST'])).headers[
        'allow'
      ],
    ).toBe('GET, POST')
  })

  const retrying: ReadonlyArray<[string, (r: RetryAfter) => HttpError]> = [
    ['413', (r) => contentTooLarge('x', { retryAfter: r })],
    ['429', (r) => tooManyRequests('x', { retryAfter: r })],
    ['503', (r) => serviceUnavailable('x', { retryAfter: r })],
  ]
  const cases: ReadonlyArray<[RetryAfter, string | undefined]> = [
    [30, '30'],
    [1.2, '2'],
    [0, '0'],
    [-3, '0'],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [Number.NEGATIVE_INFINITY, undefined],
    [new Date(Date.UTC(2031, 5, 7, 8, 9, 10)), 'Sat, 07 Jun 2031 08:09:10 GMT'],
    [new Date(Number.NaN), undefined],
  ]
  for (const [status, make] of retrying)
    it(`${status} sends Retry-After from seconds or a date; invalid ones are dropped`, () => {
      for (const [value, header] of cases)
        expect(toResponse(make(value)).headers['retry-after']).toBe(header)
      expect('retry-after' in toResponse(make(undefined as unknown as number)).headers).toBe(false)
    })

  it('415 sends Accept, plus Accept-Post on POST and Accept-Patch on PATCH', () => {
    const e = unsupportedMediaType('x', { accept: ['application/json', 'text/csv'] })
    const h = (method?: string) => {
      const r = toResponse(e, { method })
      const { 'content-type': _a, 'content-length': _b, ...rest } = r.headers
      return rest
    }
    const accept = 'application/json, text/csv'
    const common = { 'x-content-type-options': 'nosniff', vary: 'Accept', accept }
    expect(h()).toStrictEqual(common)
    expect(h('GET')).toStrictEqual(common)
    expect(h('PUT')).toStrictEqual(common)
    expect(h('POST')).toStrictEqual({ ...common, 'accept-post': accept })
    expect(h('PATCH')).toStrictEqual({ ...common, 'accept-patch': accept })
  })

  it('415 drops empty, non-string, comma-holding and repeated media types; no list, no Accept', () => {
    const e = unsupportedMediaType('x', {
      accept: ['', ' text/csv ', 'a/b, c/d', 7 as unknown as string, 'text/csv', 'x/y\r\n'],
    })
    expect(toResponse(e).headers['accept']).toBe('text/csv, x/y')
    expect('accept' in toResponse(unsupportedMediaType()).headers).toBe(false)
  })
})

describe('toResponse: header values never carry CR, LF or NUL', () => {
  const evil = 'a\r\nSet-Cookie: x=1\u0000\n'
  const errors: ReadonlyArray<HttpError> = [
    unauthorized(evil, {
      challenges: [
        { scheme: 'Bearer', params: { realm: evil, error: evil } },
        { scheme: evil },
        { scheme: 'Basic', token68: evil },
      ],
    }),
    methodNotAllowed([evil, 'GET']),
    unsupportedMediaType(evil, { accept: [evil, 'text/csv'] }),
    tooManyRequests(evil, { retryAfter: 5 }),
  ]
  const sneaky: Format = {
    ...json,
    mediaType: 'application/x',
    contentType: 'application/x\r\nX-Injected: 1',
  }
  const values = (r: ErrorResponse): ReadonlyArray<string> =>
    Object.values(r.headers).flatMap((v) => (typeof v === 'string' ? [v] : [...v]))

  it('in every header of every variant, from every field that feeds one', () => {
    const rs = [
      ...errors.map((e) => toResponse(e, { method: 'POST' })),
      ...errors.map((e) => toResponse(e, { method: 'PATCH' }, policy({ formats: [sneaky] }))),
      toResponse(errors, { method: 'POST', requestId: evil, instance: evil }),
    ]
    for (const r of rs)
      for (const v of values(r))
        expect([...v].filter((c) => '\r\n\u0000'.includes(c))).toStrictEqual([])
    expect(rs[0]?.headers['www-authenticate']).toStrictEqual([
      'Bearer realm="aSet-Cookie: x=1", error="aSet-Cookie: x=1"',
      'Basic',
    ])
    expect(rs[4]?.headers['content-type']).toBe('application/xX-Injected: 1')
  })
})

describe('toResponse: negotiation', () => {
  it('sends Vary: Accept only when the policy has more than one format', () => {
    const one = policy({ formats: [problem] })
    const r = toResponse(notFound('x'), { accept: 'application/json' }, one)
    expect(r).toStrictEqual({ status: 404, headers: base(PROBLEM_CT, r.body, false), body: r.body })
    expect(toResponse(notFound('x')).headers['vary']).toBe('Accept')
  })

  it('falls back to the first format when Accept matches none: never a 406', () => {
    for (const accept of ['text/html', 'image/*', 'application/json;q=0', '', undefined]) {
      const r = toResponse(notFound('x'), { accept })
      expect(r).toStrictEqual({ status: 404, headers: base(JSON_CT, r.body), body: r.body })
    }
    const preferProblem = policy({ formats: [problem, json] })
    expect(
      toResponse(notFound(), { accept: 'text/html' }, preferProblem).headers['content-type'],
    ).toBe(PROBLEM_CT)
  })

  it('honours q-values and wildcards', () => {
    const ct = (accept: string) => toResponse(notFound(), { accept }).headers['content-type']
    expect(ct('application/json;q=0.5, application/problem+json')).toBe(PROBLEM_CT)
    expect(ct('application/*;q=0.1, application/graphql-response+json')).toBe(
      'application/graphql-response+json; charset=utf-8',
    )
    expect(ct('*/*')).toBe(JSON_CT)
    expect(ct('text/html, application/problem+json;q=0.2')).toBe(PROBLEM_CT)
  })

  it('only offers the formats the policy enables', () => {
    const p = policy({ formats: [json, graphql] })
    expect(
      toResponse(notFound(), { accept: 'application/problem+json' }, p).headers['content-type'],
    ).toBe(JSON_CT)
  })

  it('two long headers that differ within the bound negotiate apart', () => {
    // The range ends one character before the bound (4,096): complete when a `,` follows,
    // cut when an `x` does. A cache keyed on less than the bound would mix the two up.
    const range = 'application/problem+json'
    const head = ' '.repeat(4095 - range.length) + range
    const p = policy({ formats: [json, problem] })
    const ct = (accept: string) => toResponse(notFound(), { accept }, p).headers['content-type']
    expect([ct(head + ', ' + 'x'.repeat(10)), ct(head + 'x'.repeat(10))]).toStrictEqual([
      PROBLEM_CT,
      JSON_CT,
    ])
  })
})

describe('toResponse: Custom statuses', () => {
  const cases: ReadonlyArray<[ErrorStatus, string, string, string, string]> = [
    [402, 'Payment Required', 'PAYMENT_REQUIRED', 'pay first', 'pay first'],
    [418, "I'm a teapot", 'IM_A_TEAPOT', 'short and stout', 'short and stout'],
    [599, 'Server Error', 'SERVER_ERROR', 'secret', 'Server Error'],
  ]
  for (const [status, title, code, message, detail] of cases)
    it(`Custom ${status} answers ${status} with code ${code}`, () => {
      const r = toResponse(custom(status, message), { accept: 'application/problem+json' })
      expect(r).toStrictEqual({ status, headers: base(PROBLEM_CT, r.body), body: r.body })
      expect(parsed(r)).toStrictEqual({ type: 'about:blank', title, status, detail, code })
    })

  it('a Custom status outside 400–599 is answered as a masked 500', () => {
    for (const bad of [200, 302, 600, 404.5, Number.NaN]) {
      const r = toResponse(custom(bad as ErrorStatus, 'secret'))
      expect(r).toStrictEqual({ status: 500, headers: base(JSON_CT, r.body), body: r.body })
      expect(parsed(r)).toStrictEqual({
        message: 'Internal Server Error',
        code: 'INTERNAL_SERVER_ERROR',
      })
    }
  })
})

describe('toResponse: totality', () => {
  it('an empty list is a masked 500', () => {
    const r = toResponse([])
    expect(r.status).toBe(500)
    expect(parsed(r)).toStrictEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
  })

  it('values that are not HttpErrors go through fromUnknown', () => {
    const thrown = [new Error('secret'), { status: 404, message: 'gone fishing', expose: true }]
    const r = toResponse(thrown as unknown as ReadonlyArray<HttpError>)
    expect(r.status).toBe(404)
    expect(parsed(r)).toStrictEqual({
      message: 'gone fishing',
      code: 'NOT_FOUND',
      errors: [
        { status: 500, message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
        { status: 404, message: 'gone fishing', code: 'NOT_FOUND' },
      ],
    })
  })

  const lastResort = {
    status: 500,
    headers: base(
      JSON_CT,
      '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}',
      false,
    ),
    body: '{"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"}',
  }

  it('a priority that throws, or answers anything but one of its two errors, keeps the first', () => {
    const throwing = {
      concat: () => {
        throw new Error('secret')
      },
    }
    const inventing = { concat: () => ({ error: internal('secret'), status: 200 }) }
    for (const priority of [throwing, inventing] as ReadonlyArray<Priority>) {
      const r = toResponse([notFound(), gatewayTimeout()], {}, policy({ priority }))
      expect([r.status, JSON.parse(r.body).code]).toStrictEqual([404, 'NOT_FOUND'])
    }
  })

  it('the last-resort 500 speaks the policy’s first format, else json', () => {
    const viaProblem = lastResortOf(policy({ formats: [problem] }))
    expect(viaProblem).toStrictEqual({
      status: 500,
      headers: base(PROBLEM_CT, viaProblem.body, false),
      body: viaProblem.body,
    })
    expect(JSON.parse(viaProblem.body)).toStrictEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
    const broken = jsonFormat({
      mediaType: 'application/x',
      toJson: () => {
        throw new Error('no')
      },
      fromJson: () => undefined,
    })
    expect(lastResortOf(policy({ formats: [broken] }))).toStrictEqual(lastResort)
  })

  it('the last-resort 500 carries the headers of the format it speaks', () => {
    const noted: Format = { ...problem, headers: { 'x-format': 'problem' } }
    const r = lastResortOf(policy({ formats: [noted] }))
    expect(r.headers).toStrictEqual({ 'x-format': 'problem', ...base(PROBLEM_CT, r.body, false) })
  })

  it('a value that is not a policy is read as one: spread, with hostile fields, or none', () => {
    const priority = {
      concat: () => {
        throw new Error('secret')
      },
    }
    const two = [notFound(), gatewayTimeout()]
    const noFormats: Policy = { ...policy({ priority }), formats: [] }
    expect(toResponse(two, {}, noFormats)).toStrictEqual(toResponse(two))
    const hostile = Object.defineProperty({ ...policy({ priority }) }, 'formats', {
      get: () => {
        throw new Error('formats')
      },
    }) as Policy
    expect(toResponse(two, {}, hostile)).toStrictEqual(toResponse(two))
    expect(toResponse(two, {}, null as unknown as Policy)).toStrictEqual(toResponse(two))
  })

  it('an HttpError-shaped value whose fields throw gives a constant masked 500', () => {
    const hostile = {
      _tag: 'NotFound',
      message: 'x',
      code: 'NOT_FOUND',
      get details(): unknown {
        throw new Error('secret')
      },
    }
    expect(toResponse(hostile as unknown as HttpError)).toStrictEqual(toResponse(internal()))
  })

  it('malformed header fields of an HttpError-shaped value are dropped, not fatal', () => {
    const shaped = [
      { _tag: 'Unauthorized', message: 'a', code: 'A', challenges: [null, 7, { scheme: 'Basic' }] },
      { _tag: 'Unauthorized', message: 'b', code: 'B', challenges: 'Basic' },
      { _tag: 'UnsupportedMediaType', message: 'c', code: 'C', accept: 'text/csv' },
      { _tag: 'MethodNotAllowed', message: 'd', code: 'D', allow: 'GET' },
      { _tag: 'TooManyRequests', message: 'e', code: 'E', retryAfter: '12' },
    ]
    const statuses = shaped.map((s) => {
      const r = toResponse(s as unknown as HttpError)
      const {
        'content-type': _a,
        'content-length': _b,
        'x-content-type-options': _c,
        vary: _d,
        ...rest
      } = r.headers
      return [r.status, rest]
    })
    expect(statuses).toStrictEqual([
      [401, { 'www-authenticate': 'Basic' }],
      [401, { 'www-authenticate': 'Bearer' }],
      [415, {}],
      [405, { allow: '' }],
      [429, {}],
    ])
  })
})

describe('toResponse: extra headers on errors', () => {
  const own = (r: { headers: Readonly<Record<string, unknown>> }) => {
    const {
      ['content-type']: _t,
      ['content-length']: _l,
      ['x-content-type-options']: _n,
      vary: _v,
      ...rest
    } = r.headers
    return rest
  }

  it('sends an error’s extra headers, names lower-cased, values cleaned to Latin-1 without controls', () => {
    const e = forbidden('no', {
      headers: { 'Access-Control-Allow-Origin': 'https://app.example', 'X-Note': 'a\r\nb 日本' },
    })
    expect(own(toResponse(e))).toStrictEqual({
      'access-control-allow-origin': 'https://app.example',
      'x-note': 'ab ',
    })
  })

  it('never lets extra headers set what the mapping decides', () => {
    const e = unauthorized('x', {
      headers: {
        'Content-Type': 'text/html',
        'content-length': '1',
        'WWW-Authenticate': 'Basic',
        allow: 'GET',
        'retry-after': '1',
        connection: 'keep-alive',
        'bad name': 'x',
        'x-number': 1 as unknown as string,
      },
    })
    const r = toResponse(e)
    expect(r.headers).toStrictEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(r.body.length),
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
      'www-authenticate': 'Bearer',
      // A number is written out, as http-errors' and Boom's headers are.
      'x-number': '1',
    })
  })

  it('with several errors, only those of the winning status add extra headers, the first naming one wins', () => {
    const r = toResponse([
      notFound('a', { headers: { 'x-a': '1', 'cache-control': 'no-store' } }),
      conflict('b', { headers: { 'x-b': '2' } }),
      notFound('c', { headers: { 'x-a': 'later', 'x-c': '3' } }),
    ])
    expect([r.status, own(r)]).toStrictEqual([
      404,
      { 'x-a': '1', 'cache-control': 'no-store', 'x-c': '3' },
    ])
  })

  it('lets a Custom 407 carry the Proxy-Authenticate it must send, and names like constructor are plain', () => {
    const r = toResponse(
      custom(407, 'proxy', {
        headers: { 'Proxy-Authenticate': 'Basic realm="p"', constructor: 'c' },
      }),
    )
    expect(own(r)).toStrictEqual({ 'proxy-authenticate': 'Basic realm="p"', constructor: 'c' })
  })

  it('keeps at most 32 extra headers', () => {
    const headers: Record<string, string> = {}
    for (let i = 0; i < 40; i++) headers[`x-h${i}`] = String(i)
    expect(Object.keys(own(toResponse(notFound('x', { headers })))).length).toBe(32)
  })

  it('merges an error’s Vary with the negotiated one (a CORS Origin must stay), * absorbing all', () => {
    const cors = { 'Access-Control-Allow-Origin': 'https://a.example', Vary: 'Origin, accept' }
    expect(toResponse(notFound('x', { headers: cors })).headers['vary']).toBe('Accept, Origin')
    expect(
      toResponse([notFound('x', { headers: cors }), notFound('y', { headers: { vary: 'Cookie' } })])
        .headers['vary'],
    ).toBe('Accept, Origin, Cookie')
    expect(toResponse(notFound('x', { headers: { vary: '*' } })).headers['vary']).toBe('*')
    expect(
      toResponse(notFound('x', { headers: cors }), {}, policy({ formats: [json] })).headers['vary'],
    ).toBe('Origin, accept')
  })

  it('counts the issues maxErrors left out in every format, per error and at the top', () => {
    const p = policy({ maxErrors: 1 })
    const e = badRequest('x', {
      issues: [
        { path: '/a', message: 'm' },
        { path: '/b', message: 'm' },
      ],
    })
    const body = (accept: string, errors: HttpError | ReadonlyArray<HttpError>) =>
      JSON.parse(toResponse(errors, { accept }, p).body) as Record<string, unknown>
    expect(body('application/json', [e, notFound()])).toMatchObject({
      omittedIssues: 1,
      errors: [{ omittedIssues: 1 }],
      omitted: 1,
    })
    expect(body('application/problem+json', e)).toMatchObject({ omittedIssues: 1 })
    expect(body('application/graphql-response+json', e)).toMatchObject({
      errors: [{ extensions: { omittedIssues: 1 } }],
    })
  })

  it('a 408 closes the connection', () => {
    expect(toResponse(requestTimeout()).headers['connection']).toBe('close')
    expect(toResponse([requestTimeout(), internal()]).headers['connection']).toBe('close')
  })

  it('one error answers exactly as a list of that one error', () => {
    for (const e of [notFound('x'), unauthorized(), methodNotAllowed(['GET']), requestTimeout()])
      for (const accept of [undefined, 'application/problem+json', 'text/html'])
        expect(toResponse(e, { accept })).toStrictEqual(toResponse([e], { accept }))
  })

  it('negotiates the same way the second time (the per-policy cache) and after the cache starts over', () => {
    const p = policy()
    const first = toResponse(notFound(), { accept: 'application/problem+json' }, p)
    for (let i = 0; i < 70; i++) toResponse(notFound(), { accept: `text/x-${i}` }, p)
    expect(toResponse(notFound(), { accept: 'application/problem+json' }, p)).toStrictEqual(first)
    expect(first.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  })
})

describe('toResponse: bounds on merged headers and remapped statuses', () => {
  it('a remap that makes a 503 a 500, or a 429 a 400, drops Retry-After: waiting fixes neither', () => {
    const p = policy({ status: { ServiceUnavailable: 500, TooManyRequests: 400 } })
    const r1 = toResponse(serviceUnavailable('x', { retryAfter: 30 }), {}, p)
    const r2 = toResponse([tooManyRequests('a', { retryAfter: 60 }), tooManyRequests('b')], {}, p)
    expect([
      r1.status,
      r1.headers['retry-after'],
      r2.status,
      r2.headers['retry-after'],
    ]).toStrictEqual([500, undefined, 400, undefined])
  })

  it('merged lists keep at most 64 distinct values, however many errors name one', () => {
    const many = Array.from({ length: 5000 }, (_, i) => methodNotAllowed([`M${i}`]))
    const challenges = Array.from({ length: 500 }, (_, i) =>
      unauthorized('x', { challenges: [{ scheme: `S${i}` }] }),
    )
    expect((toResponse(many).headers['allow'] as string).split(', ').length).toBe(64)
    expect(
      (toResponse(challenges).headers['www-authenticate'] as ReadonlyArray<string>).length,
    ).toBe(64)
  })

  it('null facts from an untyped caller are no facts, not a 500', () => {
    expect(toResponse(notFound(), null as unknown as RequestFacts).status).toBe(404)
  })

  it('facts of the wrong type from an untyped caller are no facts', () => {
    const facts = { accept: null, instance: 42 } as unknown as RequestFacts
    const r = toResponse(notFound('x'), facts, policy({ formats: [problem, json] }))
    expect([r.status, parsed(r)]).toStrictEqual([
      404,
      { type: 'about:blank', title: 'Not Found', status: 404, detail: 'x', code: 'NOT_FOUND' },
    ])
  })

  it('a header longer than the bound negotiates as its first MAX_ACCEPT_LENGTH characters do', () => {
    const long = 'application/problem+json,' + ' '.repeat(5000)
    const r = toResponse(notFound(), { accept: long })
    expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(toResponse(notFound(), { accept: long + 'x' })).toStrictEqual(r)
  })
})
