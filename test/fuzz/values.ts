/**
 * Hostile thrown and rejected values for the fuzz (test/fuzz/run.ts): primitives, Errors,
 * http-errors-, Boom- and errmap-HttpError-shaped objects, with hostile parts — header
 * values with CR/LF/NUL, non-Latin-1 or a megabyte of text, statuses outside 400–599,
 * getters whose answer changes between reads or that throw, Proxies whose traps throw or
 * lie, revoked Proxies, circular details, BigInt, a `toJSON` that throws.
 *
 * A value is a recipe (`Hostile`): `make` builds a fresh one (getters count their reads,
 * so every throw needs its own) and `show` says how, to reproduce a finding. Every text a
 * value would have masked (message, details, cause) carries `SECRET`; a value whose
 * `expose` answers `true` at its first read carries public texts only, so the secret in a
 * 5xx body is always a leak.
 */
import * as fc from 'fast-check'
import { throwingTraps } from '../arbitraries.js'
import { tags } from 'errmap'

/** The marker in every text that must not reach a 5xx body. */
export const SECRET = 'SECRET-5f3a'

/** A hostile value: how it was made, and how to make a fresh one. */
export interface Hostile {
  readonly show: string
  readonly make: () => unknown
}

const hostile = (show: string, make: () => unknown): Hostile => ({ show, make })

// One value for every make (primitives and objects nobody writes to).
const constant = (v: unknown, show?: string): Hostile => hostile(show ?? fc.stringify(v), () => v)

// A long text, built only when made.
const repeat = (unit: string, n: number, suffix = ''): Hostile =>
  hostile(
    `${JSON.stringify(unit)}×${n}${suffix === '' ? '' : ` + ${JSON.stringify(suffix)}`}`,
    () => unit.repeat(n) + suffix,
  )

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

/** How one property of an object is defined: a value, a getter that changes, one that throws. */
interface Prop {
  readonly show: string
  readonly define: (o: object, key: string) => void
}

const field = (o: object, key: string, d: PropertyDescriptor): void => {
  Object.defineProperty(o, key, { enumerable: true, configurable: true, ...d })
}

const plain = (v: Hostile): Prop => ({
  show: v.show,
  define: (o, k) => field(o, k, { value: v.make(), writable: true }),
})

/**
 * A getter answering `values` in turn, then the last one for ever — or, with `cycle`,
 * from the first again.
 */
const changing = (values: ReadonlyArray<Hostile>, cycle = false): Prop => ({
  show: `get(${values.map((v) => v.show).join(' → ')}${cycle ? ' → …' : ''})`,
  define: (o, k) => {
    const made = values.map((v) => v.make())
    let reads = 0
    field(o, k, {
      get: () => made[cycle ? reads++ % made.length : Math.min(reads++, made.length - 1)],
    })
  },
})

const throwing: Prop = {
  show: 'get(throws)',
  define: (o, k) =>
    field(o, k, {
      get: () => {
        throw new Error(`${SECRET}: the getter of ${k}`)
      },
    }),
}

type Entries = ReadonlyArray<readonly [string, Prop]>

type Base = 'object' | 'null' | 'error' | 'frozen'

const object = (base: Base, entries: Entries): Hostile =>
  hostile(
    `${base === 'object' ? '' : `${base} `}{ ${entries.map(([k, p]) => `${JSON.stringify(k)}: ${p.show}`).join(', ')} }`,
    () => {
      const o: object =
        base === 'null' ? (Object.create(null) as object) : base === 'error' ? new Error() : {}
      for (const [k, p] of entries) p.define(o, k)
      return base === 'frozen' ? Object.freeze(o) : o
    },
  )

const optional = (key: string, p: Prop | undefined): Entries => (p === undefined ? [] : [[key, p]])

// -------------------------------------------------------------------------------------
// proxies
// -------------------------------------------------------------------------------------

const asTarget = (v: unknown): object =>
  (typeof v === 'object' && v !== null) || typeof v === 'function' ? v : {}

const everyTrapThrows = throwingTraps((trap) => `${SECRET}: the ${trap} trap`)

const trapsThrow = (inner: Hostile): Hostile =>
  hostile(
    `Proxy(every trap throws, ${inner.show})`,
    () => new Proxy(asTarget(inner.make()), everyTrapThrows),
  )

// What a lying Proxy answers on every second read of these keys.
const lies: Readonly<Record<string, unknown>> = {
  _tag: 'Nope',
  status: 200,
  statusCode: 999,
  expose: true,
  message: 42,
  code: 7,
  isBoom: true,
  output: null,
  headers: { 'x-lie': 'a\r\nInjected: 1' },
  allow: ['GET\r\nInjected: 1'],
  name: 'SyntaxError',
}

const lying = (inner: Hostile): Hostile =>
  hostile(`Proxy(lies, ${inner.show})`, () => {
    const reads = new Map<PropertyKey, number>()
    return new Proxy(asTarget(inner.make()), {
      get: (t, k, r) => {
        const n = reads.get(k) ?? 0
        reads.set(k, n + 1)
        return n % 2 === 1 && typeof k === 'string' && Object.hasOwn(lies, k)
          ? lies[k]
          : (Reflect.get(t, k, r) as unknown)
      },
      has: () => true,
      ownKeys: (t) => [...Reflect.ownKeys(t), 'x-lie'],
      getOwnPropertyDescriptor: () => undefined,
      getPrototypeOf: () => Error.prototype,
    })
  })

const revoked = (inner: Hostile): Hostile =>
  hostile(`revoked Proxy(${inner.show})`, () => {
    const { proxy, revoke } = Proxy.revocable(asTarget(inner.make()), {})
    revoke()
    return proxy
  })

// -------------------------------------------------------------------------------------
// parts
// -------------------------------------------------------------------------------------

/** Whether a value's texts must be masked (they carry the secret) or may be shown. */
type Words = 'masked' | 'exposed'

const say = (w: Words, s: string): string => (w === 'masked' ? `${s} ${SECRET}` : `${s} (public)`)

const goodStatuses = [
  400, 401, 403, 404, 405, 408, 413, 415, 418, 422, 429, 431, 451, 500, 501, 502, 503, 504, 599,
]
const badStatuses: ReadonlyArray<Hostile> = [
  ...[200, 204, 302, 399, 600, 999, 0, -404, 404.5, NaN, Infinity, 1e21, '404', '500', null].map(
    (s) => constant(s),
  ),
  constant(404n),
  hostile('{ valueOf: () => 404 }', () => ({ valueOf: () => 404 })),
]
const goodStatus = fc.constantFrom(...goodStatuses).map((s) => constant(s))
const anyStatus = fc.oneof(goodStatus, fc.constantFrom(...badStatuses))

const statusProp: fc.Arbitrary<Prop> = fc.oneof(
  { weight: 3, arbitrary: goodStatus.map(plain) },
  { weight: 2, arbitrary: fc.constantFrom(...badStatuses).map(plain) },
  // 404 then 200, 500 then 999, 404 then 500, …
  {
    weight: 4,
    arbitrary: fc
      .tuple(goodStatus, anyStatus, fc.boolean())
      .map(([a, b, cycle]) => changing([a, b], cycle)),
  },
  { weight: 1, arbitrary: fc.constant(throwing) },
)

/** `expose`, and what it makes of the value's texts (its first read decides). */
interface Expose {
  readonly prop: Prop | undefined
  readonly words: Words
}

const t = constant(true)
const f = constant(false)

const exposeArb: fc.Arbitrary<Expose> = fc.constantFrom<Expose>(
  { prop: undefined, words: 'masked' },
  { prop: plain(t), words: 'exposed' },
  { prop: plain(f), words: 'masked' },
  { prop: plain(constant('true')), words: 'masked' },
  { prop: plain(constant(1)), words: 'masked' },
  { prop: changing([f, t]), words: 'masked' },
  { prop: changing([f, t], true), words: 'masked' },
  { prop: changing([constant(undefined), t]), words: 'masked' },
  { prop: changing([t, f]), words: 'exposed' },
  { prop: throwing, words: 'masked' },
)

const messageProp = (w: Words): fc.Arbitrary<Prop> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(plain(constant(say(w, 'boom')))) },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        plain(repeat('m', 100_000, say(w, ''))),
        plain(constant(say(w, 'line\r\nInjected: 1\0'))),
        plain(constant(say(w, '東京 😀 \u0100'))),
        // short, then 100 000 characters
        changing([constant(say(w, 'short')), repeat('m', 100_000, say(w, ''))]),
        changing([constant(say(w, 'a')), constant(42)]),
        changing([constant(say(w, 'a')), constant(say(w, 'b'))], true),
        plain(constant(42)),
        plain(constant('')),
        throwing,
        ...(w === 'masked'
          ? [plain(constant(`Error: ${SECRET}\n    at handler (/srv/app.js:1:1)`))]
          : []),
      ),
    },
  )

const codeProp: fc.Arbitrary<Prop> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(plain(constant('MY_CODE'))) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      plain(repeat('C', 100_000)),
      plain(constant('A\r\nB\0')),
      plain(constant('東京')),
      plain(constant('')),
      plain(constant(42)),
      changing([constant('OK'), constant(42)]),
      changing([constant('OK'), repeat('C', 1 << 20)]),
      throwing,
    ),
  },
)

const headerNames = [
  'x-trace',
  'X-Mixed-Case',
  'cache-control',
  'access-control-allow-origin',
  'bad name',
  'x\r\ninjected',
  'x\0',
  '',
  'x-東京',
  'content-length',
  'Content-Type',
  'transfer-encoding',
  'connection',
  'set-cookie',
  'retry-after',
  'www-authenticate',
  'allow',
  'vary',
  '__proto__',
  'constructor',
  ':status',
]

const headerValues: ReadonlyArray<Hostile> = [
  constant('ok'),
  constant('a\r\nInjected: 1'),
  constant('a\nb'),
  constant('a\rb'),
  constant('a\0b'),
  constant('\x01\x7f'),
  constant(' padded '),
  constant('東京'),
  constant('é'),
  constant('\u0100'),
  constant('😀'),
  repeat('x', 1 << 20),
  repeat('x', 9000),
  repeat('é', 5000),
  constant(12),
  constant(NaN),
  constant(1e21),
  constant(-0),
  constant(['a', 'b']),
  constant(['a\r\nb']),
  constant({}),
  constant(null),
  constant(undefined),
  constant(true),
  constant(10n),
]

const headerValueProp: fc.Arbitrary<Prop> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...headerValues).map(plain) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...headerValues), fc.constantFrom(...headerValues), fc.boolean())
      .map(([a, b, cycle]) => changing([a, b], cycle)),
  },
  { weight: 1, arbitrary: fc.constant(throwing) },
)

const manyHeaders = object(
  'object',
  Array.from({ length: 40 }, (_, i) => [`x-h${i}`, plain(repeat('v', 400))] as const),
)

const headersArb: fc.Arbitrary<Hostile> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom<Base>('object', 'null', 'frozen'),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...headerNames), headerValueProp), {
          maxLength: 4,
          selector: ([name]) => name,
        }),
      )
      .map(([base, entries]) => object(base, entries)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      manyHeaders,
      constant('x-a: b'),
      constant([['x-a', 'b']]),
      hostile('new Map([["x-a", "b"]])', () => new Map([['x-a', 'b']])),
      trapsThrow(constant({ 'x-a': 'b' })),
      revoked(constant({ 'x-a': 'b' })),
      lying(object('object', [['x-a', plain(constant('b'))]])),
    ),
  },
)

const allowArb: fc.Arbitrary<Prop> = fc.oneof(
  fc.constantFrom(
    plain(constant(['GET', 'HEAD'])),
    // a 100 000-character method
    plain(hostile('["GET", "X"×100000]', () => ['GET', 'X'.repeat(100_000)])),
    plain(constant(['GET\r\nInjected: 1'])),
    plain(constant(['東京'])),
    plain(constant([42, null, {}])),
    plain(hostile('Array(2000).fill("PATCH")', () => Array<string>(2000).fill('PATCH'))),
    plain(constant('GET')),
    plain(constant([])),
    plain(trapsThrow(constant(['GET']))),
    plain(
      hostile('[get("GET" → "X"×100000)]', () => {
        const a: Array<unknown> = []
        changing([constant('GET'), repeat('X', 100_000)]).define(a, '0')
        return a
      }),
    ),
    changing([constant(['GET']), hostile('["X"×100000]', () => ['X'.repeat(100_000)])]),
    throwing,
  ),
)

const retryAfterArb: fc.Arbitrary<Prop> = fc.constantFrom(
  plain(constant(30)),
  plain(constant(-1)),
  plain(constant(NaN)),
  plain(constant(Infinity)),
  plain(constant(1e21)),
  plain(constant(2 ** 53)),
  plain(constant('30')),
  plain(hostile('new Date(NaN)', () => new Date(NaN))),
  plain(hostile('new Date(8.64e15)', () => new Date(8.64e15))),
  plain(hostile('Object.create(Date.prototype)', () => Object.create(Date.prototype) as object)),
  plain(
    hostile('a Date whose getTime answers now+30 s, then NaN', () => {
      const d = new Date()
      let reads = 0
      d.getTime = () => (reads++ === 0 ? Date.now() + 30_000 : NaN)
      return d
    }),
  ),
  changing([constant(30), constant(1e21)]),
  changing([constant(30), constant(NaN)], true),
  throwing,
)

const challengesArb: fc.Arbitrary<Prop> = fc.constantFrom(
  plain(hostile('[{ scheme: "Bearer" }]', () => [{ scheme: 'Bearer' }])),
  plain(
    hostile('[{ scheme: "Bearer", params: { realm: "a\\r\\nInjected: 1" } }]', () => [
      { scheme: 'Bearer', params: { realm: 'a\r\nInjected: 1' } },
    ]),
  ),
  plain(hostile('[{ scheme: "x"×100000 }]', () => [{ scheme: 'x'.repeat(100_000) }])),
  plain(
    hostile('[{ scheme: "Bearer", token68: "a\\0b" }]', () => [
      { scheme: 'Bearer', token68: 'a\0b' },
    ]),
  ),
  plain(
    hostile('[{ scheme: "Bearer", params: { realm: "r"×1048576 } }]', () => [
      { scheme: 'Bearer', params: { realm: 'r'.repeat(1 << 20) } },
    ]),
  ),
  plain(
    hostile('1000 × { scheme: "Basic", params: { realm: "r"×50 } }', () =>
      Array.from({ length: 1000 }, () => ({ scheme: 'Basic', params: { realm: 'r'.repeat(50) } })),
    ),
  ),
  plain(
    hostile('[{ scheme: "Bearer", params: { "bad name": "x", realm: "東京" } }]', () => [
      { scheme: 'Bearer', params: { 'bad name': 'x', realm: '東京' } },
    ]),
  ),
  plain(
    hostile('[{ scheme: get("Bearer" → "bad\\r\\nscheme") }]', () => {
      const c = {}
      changing([constant('Bearer'), constant('bad\r\nscheme')]).define(c, 'scheme')
      return [c]
    }),
  ),
  plain(
    hostile('[{ scheme: "Bearer", params: Proxy(every trap throws) }]', () => [
      { scheme: 'Bearer', params: new Proxy({}, everyTrapThrows) },
    ]),
  ),
  plain(constant('Bearer')),
  plain(constant([null])),
  throwing,
)

const issuesArb = (w: Words): fc.Arbitrary<Prop> =>
  fc.constantFrom(
    plain(
      hostile(`[{ path: "/a", message: ${say(w, 'bad')} }]`, () => [
        { path: '/a', message: say(w, 'bad') },
      ]),
    ),
    plain(
      hostile(`10000 × { path: "/a", message: ${say(w, 'bad')} }`, () =>
        Array.from({ length: 10_000 }, () => ({ path: '/a', message: say(w, 'bad') })),
      ),
    ),
    plain(
      hostile('[{ path: "/" + "p"×100000, message }]', () => [
        { path: '/' + 'p'.repeat(100_000), message: say(w, 'bad') },
      ]),
    ),
    plain(
      hostile('[a circular issue]', () => {
        const i: Record<string, unknown> = { path: '/a', message: say(w, 'bad') }
        i['self'] = i
        return [i]
      }),
    ),
    plain(
      hostile('[{ path: "/a", message: get(throws) }]', () => {
        const i = { path: '/a' }
        throwing.define(i, 'message')
        return [i]
      }),
    ),
    plain(
      hostile('[{ path: "/a", message: get(short → "m"×100000) }]', () => {
        const i = { path: '/a' }
        changing([constant(say(w, 'short')), repeat('m', 100_000, say(w, ''))]).define(i, 'message')
        return [i]
      }),
    ),
    plain(constant([{ path: '/a', message: 'x', location: 'nowhere', expected: 7 }])),
    plain(constant('not an array')),
    throwing,
  )

const detailsArb = (w: Words): fc.Arbitrary<Hostile> =>
  fc.constantFrom(
    hostile(`{ note: ${say(w, 'details')} }`, () => ({ note: say(w, 'details') })),
    hostile('a circular object', () => {
      const d: Record<string, unknown> = { note: say(w, 'details') }
      d['self'] = d
      return d
    }),
    hostile('{ n: 10n }', () => ({ note: say(w, 'details'), n: 10n })),
    hostile('{ toJSON() { throw } }', () => ({
      note: say(w, 'details'),
      toJSON: () => {
        throw new Error(`${SECRET}: toJSON`)
      },
    })),
    hostile('{ toJSON: small, then "d"×1048576 }', () => {
      let reads = 0
      return { toJSON: () => (reads++ === 0 ? say(w, 'small') : 'd'.repeat(1 << 20) + say(w, '')) }
    }),
    hostile('[…[…]] nested 100000 deep', () => {
      let a: unknown = say(w, 'deep')
      for (let i = 0; i < 100_000; i++) a = [a]
      return a
    }),
    hostile('{ note: get(throws) }', () => {
      const d = {}
      throwing.define(d, 'note')
      return d
    }),
    trapsThrow(constant({ note: 'x' })),
    revoked(constant({ note: 'x' })),
    repeat('d', 1 << 20, say(w, '')),
    hostile('() => secret', () => () => SECRET),
    hostile('Symbol(secret)', () => Symbol(SECRET)),
  )

const causeArb: fc.Arbitrary<Hostile> = fc.constantFrom(
  hostile(`new Error(${SECRET})`, () => new Error(SECRET)),
  hostile('a circular cause', () => {
    const c: Record<string, unknown> = { secret: SECRET }
    c['self'] = c
    return c
  }),
  trapsThrow(constant({ secret: SECRET })),
  constant(SECRET),
)

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

const primitive: fc.Arbitrary<Hostile> = fc.constantFrom(
  constant(undefined),
  constant(null),
  constant(true),
  constant(0),
  constant(-0),
  constant(NaN),
  constant(Infinity),
  constant(1e21),
  constant(404),
  constant(200),
  constant(''),
  constant(SECRET),
  constant(`Error: ${SECRET}\n    at handler (/srv/app.js:1:1)`),
  repeat('s', 1 << 20, SECRET),
  hostile('10n ** 30n', () => 10n ** 30n),
  hostile(`Symbol(${SECRET})`, () => Symbol(SECRET)),
  hostile('() => secret', () => () => SECRET),
)

const errorValue: fc.Arbitrary<Hostile> = fc.constantFrom(
  hostile(`new Error(${SECRET})`, () => new Error(SECRET)),
  hostile(`new TypeError(${SECRET})`, () => new TypeError(SECRET)),
  hostile(
    `new RangeError(stack overflow ${SECRET})`,
    () => new RangeError(`Maximum call stack size exceeded ${SECRET}`),
  ),
  hostile(
    'new AggregateError([Error(secret)], secret)',
    () => new AggregateError([new Error(SECRET)], SECRET),
  ),
  hostile(
    'new Error(secret, { cause: Error(secret) })',
    () => new Error(SECRET, { cause: new Error(SECRET) }),
  ),
  hostile('Object.assign(new Error(secret), { status: 404 })', () =>
    Object.assign(new Error(SECRET), { status: 404 }),
  ),
  hostile('Object.assign(new Error(secret), { status: 200, expose: true })', () =>
    Object.assign(new Error(SECRET), { status: 200, expose: true }),
  ),
  hostile(
    'new SyntaxError("Unexpected end of JSON input")',
    () => new SyntaxError('Unexpected end of JSON input'),
  ),
  hostile('what JSON.parse("{secret") throws', () => {
    try {
      return JSON.parse(`{${SECRET}`) as unknown
    } catch (e) {
      return e
    }
  }),
  hostile('new DOMException(secret, "AbortError")', () => new DOMException(SECRET, 'AbortError')),
  hostile(
    'new DOMException(secret, "TimeoutError")',
    () => new DOMException(SECRET, 'TimeoutError'),
  ),
  hostile('Object.assign(new Error(secret), { code: "ETIMEDOUT" })', () =>
    Object.assign(new Error(SECRET), { code: 'ETIMEDOUT' }),
  ),
  object('error', [['message', throwing]]),
  object('error', [['name', throwing]]),
  object('error', [['stack', throwing]]),
  object('error', [
    [
      'toString',
      plain(
        hostile('() => { throw }', () => () => {
          throw new Error(SECRET)
        }),
      ),
    ],
  ]),
  object('error', [['message', plain(repeat('e', 1 << 20, SECRET))]]),
  hostile('Object.create(Error.prototype)', () => Object.create(Error.prototype) as object),
  hostile('new Response(secret, { status: 404 })', () => new Response(SECRET, { status: 404 })),
  hostile('Promise.reject(Error(secret)), handled', () => {
    const p = Promise.reject(new Error(SECRET))
    p.catch(() => undefined)
    return p
  }),
  hostile('{ then: (_, reject) => reject(secret) }', () => ({
    then: (_: unknown, reject: (e: unknown) => void) => reject(SECRET),
  })),
  hostile('{ [Symbol.toPrimitive]() { throw } }', () => ({
    [Symbol.toPrimitive]: () => {
      throw new Error(SECRET)
    },
  })),
)

/** An http-errors (or Koa `ctx.throw`) shaped value: `status`/`statusCode`, `expose`, `message`, `headers`. */
const httpErrorsShaped: fc.Arbitrary<Hostile> = fc
  .tuple(
    exposeArb,
    fc.constantFrom<Base>('error', 'object', 'null'),
    fc.constantFrom('status', 'statusCode', 'both'),
    statusProp,
    statusProp,
  )
  .chain(([expose, base, where, s1, s2]) =>
    fc
      .record(
        {
          message: messageProp(expose.words),
          headers: headersArb,
          name: fc.constantFrom('NotFoundError', 'InternalServerError', 'SyntaxError'),
          cause: causeArb,
        },
        { requiredKeys: ['message'] },
      )
      .map((r) =>
        object(base, [
          ...(where === 'statusCode' ? [] : ([['status', s1]] as const)),
          ...(where === 'status' ? [] : ([['statusCode', s2]] as const)),
          ...optional('expose', expose.prop),
          ['message', r.message],
          ...optional('headers', r.headers === undefined ? undefined : plain(r.headers)),
          ...optional('name', r.name === undefined ? undefined : plain(constant(r.name))),
          ...optional('cause', r.cause === undefined ? undefined : plain(r.cause)),
        ]),
      ),
  )

/** A Boom-shaped value: `isBoom`, `output.statusCode`, `output.headers`. */
const boomShaped: fc.Arbitrary<Hostile> = fc
  .tuple(exposeArb, fc.constantFrom<Base>('error', 'object'))
  .chain(([expose, base]) =>
    fc
      .record(
        {
          isBoom: fc.constantFrom(
            plain(t),
            changing([t, f]),
            changing([f, t]),
            changing([t, f], true),
          ),
          statusCode: statusProp,
          headers: headersArb,
          output: fc.constantFrom('plain', 'changing', 'throwing', 'proxy'),
          message: messageProp(expose.words),
        },
        { requiredKeys: ['isBoom', 'statusCode', 'output', 'message'] },
      )
      .map((r) => {
        const output = object('object', [
          ['statusCode', r.statusCode],
          ...optional('headers', r.headers === undefined ? undefined : plain(r.headers)),
          [
            'payload',
            plain(hostile('{ message }', () => ({ message: say(expose.words, 'payload') }))),
          ],
        ])
        const outputProp =
          r.output === 'plain'
            ? plain(output)
            : r.output === 'changing'
              ? changing([output, constant(undefined)])
              : r.output === 'throwing'
                ? throwing
                : plain(lying(output))
        return object(base, [
          ['isBoom', r.isBoom],
          ['output', outputProp],
          ['message', r.message],
          ...optional('expose', expose.prop),
        ])
      }),
  )

const tagProp: fc.Arbitrary<Prop> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...tags).map((tag) => plain(constant(tag))) },
  // Custom reads its own `status`
  { weight: 2, arbitrary: fc.constant(plain(constant('Custom'))) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      plain(constant('Nope')),
      plain(constant('__proto__')),
      plain(constant('toString')),
      changing([constant('NotFound'), constant('Internal')]),
      changing([constant('Internal'), constant('NotFound')]),
      changing([constant('NotFound'), constant('Nope')]),
      changing([constant('Custom'), constant('NotFound')]),
      changing([constant('NotFound'), constant('Custom')]),
      changing([constant('MethodNotAllowed'), constant('Unauthorized')], true),
      throwing,
    ),
  },
)

/** An errmap-HttpError-shaped value: `_tag`, `message`, `code` and the variants' fields. */
const errmapShaped: fc.Arbitrary<Hostile> = fc
  .tuple(exposeArb, fc.constantFrom<Base>('object', 'object', 'null', 'frozen', 'error'))
  .chain(([expose, base]) =>
    fc
      .record(
        {
          _tag: tagProp,
          message: messageProp(expose.words),
          code: codeProp,
          headers: headersArb,
          status: statusProp,
          retryAfter: retryAfterArb,
          allow: allowArb,
          challenges: challengesArb,
          issues: issuesArb(expose.words),
          details: detailsArb(expose.words),
          cause: causeArb,
          limit: fc.constantFrom(constant(1024), constant(NaN), constant(-1), constant('1k')),
          accept: fc.constantFrom(
            constant(['application/json']),
            constant(['a/b\r\nInjected: 1']),
            hostile('["x/"+"y"×100000]', () => ['x/' + 'y'.repeat(100_000)]),
          ),
        },
        { requiredKeys: ['_tag', 'message', 'code', 'status'] },
      )
      .map((r) =>
        object(base, [
          ['_tag', r._tag],
          ['message', r.message],
          ['code', r.code],
          ...optional('expose', expose.prop),
          ...optional('headers', r.headers === undefined ? undefined : plain(r.headers)),
          ...optional('status', r.status),
          ...optional('retryAfter', r.retryAfter),
          ...optional('allow', r.allow),
          ...optional('challenges', r.challenges),
          ...optional('issues', r.issues),
          ...optional('details', r.details === undefined ? undefined : plain(r.details)),
          ...optional('cause', r.cause === undefined ? undefined : plain(r.cause)),
          ...optional('limit', r.limit === undefined ? undefined : plain(r.limit)),
          ...optional('accept', r.accept === undefined ? undefined : plain(r.accept)),
        ]),
      ),
  )

const shaped = fc.oneof(httpErrorsShaped, boomShaped, errmapShaped)

const thrownArray: fc.Arbitrary<Hostile> = fc.oneof(
  fc
    .array(shaped, { minLength: 1, maxLength: 3 })
    .map((vs) => hostile(`[${vs.map((v) => v.show).join(', ')}]`, () => vs.map((v) => v.make()))),
  fc.constant(hostile('Array(100000) of secrets', () => Array<string>(100_000).fill(SECRET))),
)

/** Any hostile value, as a recipe. */
export const hostileValue: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 2, arbitrary: primitive },
  { weight: 2, arbitrary: errorValue },
  { weight: 3, arbitrary: httpErrorsShaped },
  { weight: 3, arbitrary: boomShaped },
  { weight: 6, arbitrary: errmapShaped },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(trapsThrow, lying, revoked), shaped)
      .map(([wrap, v]) => wrap(v)),
  },
  { weight: 1, arbitrary: thrownArray },
)

/** Any hostile value, made: for property tests that throw it once. */
export const thrownValue: fc.Arbitrary<unknown> = hostileValue.map((v) => v.make())

// -------------------------------------------------------------------------------------
// cases
// -------------------------------------------------------------------------------------

/**
 * The policy's `onError`: none, one that throws, an async one that rejects, one that
 * reads everything it is given (counting reads of the getters).
 */
export type Hook = 'none' | 'throws' | 'rejects' | 'reads'

/** One request of the fuzz: the value its route throws, the policy's hook, its `Accept`. */
export interface FuzzCase {
  readonly value: Hostile
  readonly hook: Hook
  readonly accept: string
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  value: hostileValue,
  hook: fc.oneof(
    { weight: 5, arbitrary: fc.constant<Hook>('none') },
    { weight: 1, arbitrary: fc.constantFrom<Hook>('throws', 'rejects', 'reads') },
  ),
  accept: fc.constantFrom(
    '*/*',
    'application/json',
    'application/problem+json',
    'application/graphql-response+json',
    'text/html',
    'application/problem+json;q=0, */*;q=0.1',
    'x/y;' + 'q=1;'.repeat(1000),
  ),
})
