import Boom from '@hapi/boom'
import createError from 'http-errors'
import { describe, expect, it } from 'vitest'
import {
  badRequest,
  custom,
  forbidden,
  fromStatus,
  fromUnknown,
  gatewayTimeout,
  internal,
  methodNotAllowed,
  notFound,
  contentTooLarge,
  requestTimeout,
  serviceUnavailable,
  toResponse,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  type ErrorStatus,
  type HttpError,
} from '../src/index.js'

describe('fromUnknown: HttpErrors pass through', () => {
  it('returns a snapshot: an equal value, read once into a new object', () => {
    const e = notFound('x', { headers: { 'x-a': 'b' } })
    expect(fromUnknown(e)).toStrictEqual(e)
    expect(fromUnknown(e)).not.toBe(e)
  })
})

describe('fromUnknown: http-errors objects', () => {
  it('keep status, message and expose', () => {
    const u = createError(404, 'no such user')
    expect(fromUnknown(u)).toStrictEqual(notFound('no such user', { expose: true, cause: u }))
  })

  it('a 5xx from http-errors stays masked (expose: false)', () => {
    const u = createError(500, 'db password is hunter2')
    expect(fromUnknown(u)).toStrictEqual(
      internal('db password is hunter2', { expose: false, cause: u }),
    )
    expect(toResponse(fromUnknown(u)).body).not.toContain('hunter2')
  })

  it('keep WWW-Authenticate as a structured challenge, quotes unescaped', () => {
    const u = createError(401, 'who?', {
      headers: { 'WWW-Authenticate': 'Basic realm="a \\"b\\"", charset=UTF-8' },
    })
    expect(fromUnknown(u)).toStrictEqual(
      unauthorized('who?', {
        expose: true,
        cause: u,
        headers: { 'WWW-Authenticate': 'Basic realm="a \\"b\\"", charset=UTF-8' },
        challenges: [{ scheme: 'Basic', params: { realm: 'a "b"', charset: 'UTF-8' } }],
      }),
    )
    expect(toResponse(fromUnknown(u)).headers['www-authenticate']).toBe(
      'Basic realm="a \\"b\\"", charset="UTF-8"',
    )
  })

  it('keep Allow, Retry-After and Accept, whatever the case of the header name', () => {
    const allow = createError(405, 'no', { headers: { allow: 'GET, , HEAD' } })
    expect(fromUnknown(allow)).toStrictEqual(
      methodNotAllowed(['GET', 'HEAD'], 'no', {
        expose: true,
        cause: allow,
        headers: { allow: 'GET, , HEAD' },
      }),
    )
    const slow = createError(429, 'slow', { headers: { 'Retry-After': '120' } })
    expect(fromUnknown(slow)).toStrictEqual(
      tooManyRequests('slow', {
        expose: true,
        cause: slow,
        headers: { 'Retry-After': '120' },
        retryAfter: 120,
      }),
    )
    const date = 'Thu, 01 Jan 2037 00:00:00 GMT'
    const down = createError(503, 'down', { headers: { 'RETRY-AFTER': date } })
    expect(fromUnknown(down)).toStrictEqual(
      serviceUnavailable('down', {
        expose: false,
        cause: down,
        headers: { 'RETRY-AFTER': date },
        retryAfter: new Date(date),
      }),
    )
    const big = createError(413, 'big', { headers: { 'Retry-After': 'soon' } })
    expect(fromUnknown(big)).toStrictEqual(
      contentTooLarge('big', {
        expose: true,
        cause: big,
        headers: { 'Retry-After': 'soon' },
      }),
    )
    const media = createError(415, 'csv only', { headers: { Accept: 'text/csv' } })
    expect(fromUnknown(media)).toStrictEqual(
      unsupportedMediaType('csv only', {
        expose: true,
        cause: media,
        headers: { Accept: 'text/csv' },
        accept: ['text/csv'],
      }),
    )
  })

  it('a header object without the header leaves the field empty', () => {
    const u = createError(401, 'who?', { headers: { 'X-Other': 'y' } })
    const e = fromUnknown(u)
    expect([e._tag, 'challenges' in e]).toStrictEqual(['Unauthorized', false])
  })

  it('a numeric header value is read as text; other values are ignored', () => {
    const u = createError(429, 'slow', { headers: { 'retry-after': 30 } })
    expect(fromUnknown(u)).toMatchObject({
      _tag: 'TooManyRequests',
      retryAfter: 30,
      headers: { 'retry-after': '30' },
    })
    const v = createError(405, 'no', { headers: { allow: ['GET'] } })
    expect(fromUnknown(v)).toStrictEqual(methodNotAllowed([], 'no', { expose: true, cause: v }))
  })

  it('every header is kept for the response: strings, numbers written out, nothing else', () => {
    const u = createError(403, 'no', {
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example',
        'X-RateLimit-Remaining': 0,
        'Set-Cookie': ['a=1', 'b=2'],
        'X-Null': null,
        'X-Object': { a: 1 },
        'X-Flag': true,
        [Symbol('x-symbol')]: 'ignored',
      },
    })
    expect(fromUnknown(u)).toStrictEqual(
      forbidden('no', {
        expose: true,
        cause: u,
        headers: {
          'Access-Control-Allow-Origin': 'https://app.example',
          'X-RateLimit-Remaining': '0',
        },
      }),
    )
    expect(toResponse(fromUnknown(u)).headers['access-control-allow-origin']).toBe(
      'https://app.example',
    )
  })

  it('at most 32 headers are kept, the first ones', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-h${i}`, String(i)]))
    const e = fromUnknown(createError(404, 'x', { headers: many }))
    expect(e.headers).toStrictEqual(
      Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`x-h${i}`, String(i)])),
    )
  })

  it('a header named __proto__ stays a header and changes no prototype', () => {
    const headers = JSON.parse('{"__proto__":"x","x-a":"1"}') as Record<string, unknown>
    const e = fromUnknown({ status: 404, expose: true, headers })
    expect([Object.getPrototypeOf(e.headers), Object.entries(e.headers ?? {})]).toStrictEqual([
      Object.prototype,
      [
        ['__proto__', 'x'],
        ['x-a', '1'],
      ],
    ])
  })

  it('no header left (or none given) means no headers field', () => {
    expect('headers' in fromUnknown(createError(404, 'x', { headers: { a: null } }))).toBe(false)
    expect('headers' in fromUnknown(createError(404, 'x'))).toBe(false)
  })

  it('a status the union does not model becomes Custom', () => {
    const u = createError(418)
    expect(fromUnknown(u)).toStrictEqual(custom(418, "I'm a Teapot", { expose: true, cause: u }))
  })
})

describe('fromUnknown: Boom objects', () => {
  it('401 keeps WWW-Authenticate from Boom.unauthorized(message, scheme, attributes)', () => {
    const u = Boom.unauthorized('x', 'Bearer', { realm: 'api' })
    const e = fromUnknown(u)
    expect(e).toStrictEqual(
      unauthorized('x', {
        expose: true,
        cause: u,
        headers: { 'WWW-Authenticate': 'Bearer realm="api", error="x"' },
        challenges: [{ scheme: 'Bearer', params: { realm: 'api', error: 'x' } }],
      }),
    )
    expect(toResponse(e).headers['www-authenticate']).toBe('Bearer realm="api", error="x"')
  })

  it('a token68 challenge stays a token68', () => {
    const u = Boom.unauthorized(null, 'Negotiate', 'VGhpcyBpcyBhIHRlc3QgdG9rZW4=')
    expect(toResponse(fromUnknown(u)).headers['www-authenticate']).toBe(
      'Negotiate VGhpcyBpcyBhIHRlc3QgdG9rZW4=',
    )
  })

  it('405 keeps Allow', () => {
    const u = Boom.methodNotAllowed('nope', undefined, ['GET', 'POST'])
    expect(fromUnknown(u)).toStrictEqual(
      methodNotAllowed(['GET', 'POST'], 'nope', {
        expose: true,
        cause: u,
        headers: { Allow: 'GET, POST' },
      }),
    )
  })

  it('keeps the headers of output.headers, a number written out', () => {
    const u = Boom.tooManyRequests('slow')
    u.output.headers['Retry-After'] = 30
    u.output.headers['X-RateLimit-Limit'] = '10'
    expect(fromUnknown(u)).toStrictEqual(
      tooManyRequests('slow', {
        expose: true,
        cause: u,
        headers: { 'Retry-After': '30', 'X-RateLimit-Limit': '10' },
        retryAfter: 30,
      }),
    )
  })

  it('a 5xx is masked (Boom has no expose: 5xx are hidden, as Boom itself does)', () => {
    const u = Boom.badImplementation('db password is hunter2')
    expect(fromUnknown(u)).toStrictEqual(
      internal('db password is hunter2', { expose: false, cause: u }),
    )
  })

  it('Boom’s own status wins over a status field', () => {
    const u = Object.assign(Boom.notFound('gone'), { status: 500 })
    expect(fromUnknown(u)._tag).toBe('NotFound')
  })

  it('a Boom-like object with a status outside 400–599 is a masked 500', () => {
    const u = { isBoom: true, message: 'x', output: { statusCode: 302 } }
    expect(fromUnknown(u)).toStrictEqual(internal(undefined, { cause: u }))
  })
})

describe('fromUnknown: Koa-style and other shapes', () => {
  it('{ status, expose, message } keeps all three', () => {
    const u = { status: 409, expose: true, message: 'taken' }
    expect(fromUnknown(u)).toMatchObject({ _tag: 'Conflict', message: 'taken', expose: true })
    const v = { status: 500, expose: true, message: 'shown on purpose' }
    expect(JSON.parse(toResponse(fromUnknown(v)).body)).toStrictEqual({
      message: 'shown on purpose',
      code: 'INTERNAL_SERVER_ERROR',
    })
  })

  it('statusCode is read when status is absent or invalid', () => {
    expect(fromUnknown({ statusCode: 404, expose: true })._tag).toBe('NotFound')
    expect(fromUnknown({ status: 200, statusCode: 410, expose: true })._tag).toBe('Gone')
  })

  it('an empty or non-string message gives the status’ reason phrase', () => {
    expect(fromUnknown({ status: 404, expose: true, message: '' })).toMatchObject({
      message: 'Not Found',
    })
    expect(fromUnknown({ status: 404, expose: true, message: 7 })).toMatchObject({
      message: 'Not Found',
    })
  })

  // A status is an answer for this client only where expose says so (or Boom made it).
  const untrusted: ReadonlyArray<[string, unknown]> = [
    [
      'an axios error (the status an upstream answered)',
      Object.assign(new Error('Request failed with status code 404'), {
        name: 'AxiosError',
        code: 'ERR_BAD_REQUEST',
        status: 404,
        response: { status: 404, headers: { 'x-upstream': 'secret' } },
      }),
    ],
    [
      'a Stripe error (statusCode, no expose)',
      Object.assign(new Error('Your card was declined.'), {
        type: 'StripeCardError',
        statusCode: 402,
        headers: { 'request-id': 'req_secret' },
      }),
    ],
    [
      'an Octokit RequestError',
      Object.assign(new Error('Not Found'), { name: 'HttpError', status: 404 }),
    ],
    ['a thrown Response', new Response('upstream body', { status: 404 })],
    ['a status with a non-boolean expose', { status: 404, expose: 'yes', message: 'm' }],
    [
      'a Boom-shaped object without isBoom === true',
      { isBoom: 'yes', output: { statusCode: 404 } },
    ],
  ]
  for (const [name, u] of untrusted)
    it(`${name} is a masked 500 with the value as cause`, () => {
      expect(fromUnknown(u)).toStrictEqual(internal(undefined, { cause: u }))
    })

  it('every modelled status gets its variant', () => {
    const modelled: ReadonlyArray<[ErrorStatus, HttpError['_tag']]> = [
      [400, 'BadRequest'],
      [401, 'Unauthorized'],
      [403, 'Forbidden'],
      [404, 'NotFound'],
      [405, 'MethodNotAllowed'],
      [406, 'NotAcceptable'],
      [408, 'RequestTimeout'],
      [409, 'Conflict'],
      [410, 'Gone'],
      [412, 'PreconditionFailed'],
      [413, 'ContentTooLarge'],
      [414, 'UriTooLong'],
      [415, 'UnsupportedMediaType'],
      [422, 'UnprocessableContent'],
      [429, 'TooManyRequests'],
      [431, 'RequestHeaderFieldsTooLarge'],
      [500, 'Internal'],
      [501, 'NotImplemented'],
      [502, 'BadGateway'],
      [503, 'ServiceUnavailable'],
      [504, 'GatewayTimeout'],
      [402, 'Custom'],
      [599, 'Custom'],
    ]
    for (const [s, tag] of modelled) {
      const e = fromUnknown({ status: s, expose: s < 500 })
      expect([e._tag, toResponse(e).status]).toStrictEqual([tag, s])
    }
  })
})

describe('fromUnknown: JSON, timeouts and aborts', () => {
  // Every kind of failure V8's JSON.parse reports, each with its own message shape.
  const invalid = [
    '{"a":',
    '',
    'x',
    'undefined',
    '{a:1}',
    '[1,]',
    '[1 2]',
    '{"a":1}x',
    '"\\u12"',
    '"a\nb"',
    '"\\q"',
    '-',
    '1e',
    '1.',
    '{"a" 1}',
    '{"a":1,}',
  ]
  for (const text of invalid)
    it(`the SyntaxError of JSON.parse(${JSON.stringify(text)}) is a 400 that does not echo it`, () => {
      let thrown: unknown
      try {
        JSON.parse(text)
      } catch (err) {
        thrown = err
      }
      expect([thrown instanceof SyntaxError, fromUnknown(thrown)]).toStrictEqual([
        true,
        badRequest('The request body is not valid JSON.', { cause: thrown }),
      ])
    })

  it('the message shapes of older and newer V8, and of JavaScriptCore, are JSON errors too', () => {
    for (const m of [
      'Unexpected token } in JSON at position 5',
      "Expected ',' or '}' after property value in JSON at position 9 (line 1 column 10)",
      // JavaScriptCore (Bun)
      'JSON Parse error: Unexpected EOF',
    ]) {
      const u = new SyntaxError(m)
      expect(fromUnknown(u)).toStrictEqual(
        badRequest('The request body is not valid JSON.', { cause: u }),
      )
    }
  })

  it('a SyntaxError that merely mentions JSON is a masked 500', () => {
    for (const m of [
      'Unexpected token',
      'Invalid JSON config in /etc/app.json: password=hunter2',
      'JSON at position 3 is fine',
      'Unexpected token in JSON at position x',
    ]) {
      const u = new SyntaxError(m)
      expect(fromUnknown(u)).toStrictEqual(internal(undefined, { cause: u }))
    }
  })

  it('AbortSignal.timeout’s TimeoutError is a 504', async () => {
    const signal = AbortSignal.timeout(1)
    const reason = await new Promise<unknown>((resolve) => {
      signal.addEventListener('abort', () => resolve(signal.reason))
    })
    expect((reason as Error).name).toBe('TimeoutError')
    expect(fromUnknown(reason)).toStrictEqual(gatewayTimeout(undefined, { cause: reason }))
  })

  it('socket and undici timeouts are 504s', () => {
    for (const code of ['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']) {
      const u = Object.assign(new Error('t'), { code })
      expect(fromUnknown(u)).toStrictEqual(gatewayTimeout(undefined, { cause: u }))
    }
  })

  it('an AbortError is a 408', () => {
    const c = new AbortController()
    c.abort()
    expect(fromUnknown(c.signal.reason)).toStrictEqual(
      requestTimeout(undefined, { cause: c.signal.reason }),
    )
    const u = Object.assign(new Error('a'), { code: 'ABORT_ERR' })
    expect(fromUnknown(u)).toStrictEqual(requestTimeout(undefined, { cause: u }))
  })
})

describe('fromUnknown: anything else is a masked 500 with the value as cause', () => {
  const values: ReadonlyArray<[string, unknown]> = [
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 404],
    ['an Error', new Error('db password is hunter2')],
    ['a Symbol', Symbol('s')],
    ['a BigInt', 1n],
  ]
  for (const [name, u] of values)
    it(name, () => {
      const e = fromUnknown(u)
      expect(e).toStrictEqual(internal(undefined, { cause: u }))
      expect(JSON.parse(toResponse(e).body)).toStrictEqual({
        message: 'Internal Server Error',
        code: 'INTERNAL_SERVER_ERROR',
      })
    })

  it('a Proxy whose traps throw', () => {
    const u = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap')
        },
      },
    )
    const e = fromUnknown(u)
    // The Proxy cannot be compared deeply (comparing reads it): check the fields one by one.
    expect([Object.keys(e), e._tag, e.message, e.code, e.cause === u]).toStrictEqual([
      ['_tag', 'message', 'cause', 'code'],
      'Internal',
      'Internal Server Error',
      'INTERNAL_SERVER_ERROR',
      true,
    ])
  })
})

describe('fromStatus', () => {
  it('parses challenges: bare scheme, token68, quoted and token parameters', () => {
    const www = (v: string) =>
      (fromStatus(401, 'm', { headers: { 'www-authenticate': v } }) as { challenges?: unknown })
        .challenges
    expect(www('Bearer')).toStrictEqual([{ scheme: 'Bearer' }])
    expect(www('  Basic  ')).toStrictEqual([{ scheme: 'Basic' }])
    expect(www('Negotiate abc')).toStrictEqual([{ scheme: 'Negotiate', token68: 'abc' }])
    expect(www('Negotiate abc==')).toStrictEqual([{ scheme: 'Negotiate', token68: 'abc==' }])
    expect(www('Bearer realm="a, b", scope=read , error="x\\\\y"')).toStrictEqual([
      { scheme: 'Bearer', params: { realm: 'a, b', scope: 'read', error: 'x\\y' } },
    ])
    expect(www('Bearer realm="unterminated')).toStrictEqual([
      { scheme: 'Bearer', params: { realm: 'unterminated' } },
    ])
    expect(www('Bearer =x, a=b')).toStrictEqual([{ scheme: 'Bearer', params: { a: 'b' } }])
    expect(www('Bearer a=b,')).toStrictEqual([{ scheme: 'Bearer', params: { a: 'b' } }])
    expect(www('Bearer a="b" c=d')).toStrictEqual([{ scheme: 'Bearer', params: { a: 'b' } }])
    expect(www('Bearer a=b, c')).toStrictEqual([{ scheme: 'Bearer', params: { a: 'b' } }])
    expect(www('Bearer a="x\\')).toStrictEqual([{ scheme: 'Bearer', params: { a: 'x' } }])
    expect(www('   ')).toBeUndefined()
  })

  it('without headers, a 401 has no challenges (the policy default applies later)', () => {
    expect(fromStatus(401)).toStrictEqual(unauthorized())
  })

  it('a 422 gets an empty issue list', () => {
    expect(fromStatus(422, 'bad')).toStrictEqual(unprocessableContent([], 'bad'))
  })

  it('headers that are not an object are ignored', () => {
    expect(fromStatus(405, undefined, { headers: 'Allow: GET' })).toMatchObject({ allow: [] })
  })
})
