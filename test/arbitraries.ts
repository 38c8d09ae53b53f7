/**
 * fast-check arbitraries for the laws: any `HttpError` (every variant, Custom with any
 * 400–599 status), policies with remaps and renames, and hostile values for `fromUnknown`.
 */
import * as fc from 'fast-check'
import {
  badGateway,
  badRequest,
  conflict,
  custom,
  variants,
  forbidden,
  gatewayTimeout,
  gone,
  requestHeaderFieldsTooLarge,
  internal,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  contentTooLarge,
  policy,
  preconditionFailed,
  requestTimeout,
  serviceUnavailable,
  tags,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  uriTooLong,
  type Challenge,
  type ErrorStatus,
  type HttpError,
  type Issue,
  type Policy,
  type Tag,
} from '../src/index.js'

export const errorStatus: fc.Arbitrary<ErrorStatus> = fc.integer({
  min: 400,
  max: 599,
}) as fc.Arbitrary<ErrorStatus>
export const serverStatus: fc.Arbitrary<ErrorStatus> = fc.integer({
  min: 500,
  max: 599,
}) as fc.Arbitrary<ErrorStatus>

/** Through JSON and back: what a body can carry (no `undefined` members, no -0). */
export const normalise = (u: unknown): unknown => JSON.parse(JSON.stringify(u)) as unknown

export const jsonDetails: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 }).map(normalise)

export const text = fc.string({ maxLength: 40 })

export const code = fc.oneof(
  fc.constantFrom(
    ...Object.values(variants).map((d) => d.code),
    'USER_NOT_FOUND',
    'MY_CUSTOM_CODE',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
)

export const issue: fc.Arbitrary<Issue> = fc.record(
  {
    path: fc.string({ maxLength: 12 }),
    message: text,
    location: fc.constantFrom('body', 'query', 'path', 'header', 'cookie', 'security' as const),
    expected: fc.string({ maxLength: 12 }),
  },
  { requiredKeys: ['path', 'message'], noNullPrototype: true },
)

const challenge: fc.Arbitrary<Challenge> = fc.record(
  {
    scheme: fc.constantFrom('Bearer', 'Basic', 'Digest', 'bad scheme'),
    params: fc.dictionary(fc.constantFrom('realm', 'error', 'scope', 'bad name'), text, {
      maxKeys: 3,
    }),
    token68: fc.constantFrom('abc==', 'not token68'),
  },
  { requiredKeys: ['scheme'] },
)

const retry = fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double(), fc.date())

/** The fields every variant shares; `details` is JSON-safe unless `details` says otherwise. */
export interface CommonOptions {
  readonly details?: fc.Arbitrary<unknown>
  readonly expose?: fc.Arbitrary<boolean | undefined>
  readonly message?: fc.Arbitrary<string>
  readonly code?: fc.Arbitrary<string | undefined>
}

const fields = (o: CommonOptions) =>
  fc.record(
    {
      details: o.details ?? jsonDetails,
      expose: o.expose ?? fc.boolean(),
      code: o.code ?? code,
      cause: fc.anything(),
    },
    { requiredKeys: [] },
  )

/** Any variant of `only` (all by default), built with its constructor. */
export const httpError = (
  o: CommonOptions & {
    readonly only?: ReadonlyArray<Tag>
    readonly customStatus?: fc.Arbitrary<ErrorStatus>
  } = {},
): fc.Arbitrary<HttpError> => {
  const m = o.message ?? text
  const f = fields(o).map((r) => {
    // `code: undefined` from a `code` arbitrary means "the variant's default".
    const { code: c, ...rest } = r as { code?: string | undefined }
    return c === undefined ? rest : { ...rest, code: c }
  })
  const one = (tag: Tag): fc.Arbitrary<HttpError> => {
    switch (tag) {
      case 'BadRequest':
        return fc
          .tuple(m, f, fc.option(fc.array(issue, { maxLength: 3 }), { nil: undefined }))
          .map(([msg, x, issues]) => badRequest(msg, issues === undefined ? x : { ...x, issues }))
      case 'Unauthorized':
        return fc
          .tuple(m, f, fc.option(fc.array(challenge, { maxLength: 3 }), { nil: undefined }))
          .map(([msg, x, challenges]) =>
            unauthorized(msg, challenges === undefined ? x : { ...x, challenges }),
          )
      case 'Forbidden':
        return fc.tuple(m, f).map(([msg, x]) => forbidden(msg, x))
      case 'NotFound':
        return fc.tuple(m, f).map(([msg, x]) => notFound(msg, x))
      case 'MethodNotAllowed':
        return fc
          .tuple(m, f, fc.array(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'bad method')))
          .map(([msg, x, allow]) => methodNotAllowed(allow, msg, x))
      case 'NotAcceptable':
        return fc.tuple(m, f).map(([msg, x]) => notAcceptable(msg, x))
      case 'RequestTimeout':
        return fc.tuple(m, f).map(([msg, x]) => requestTimeout(msg, x))
      case 'Conflict':
        return fc.tuple(m, f).map(([msg, x]) => conflict(msg, x))
      case 'Gone':
        return fc.tuple(m, f).map(([msg, x]) => gone(msg, x))
      case 'PreconditionFailed':
        return fc.tuple(m, f).map(([msg, x]) => preconditionFailed(msg, x))
      case 'ContentTooLarge':
        return fc
          .tuple(m, f, fc.option(retry, { nil: undefined }))
          .map(([msg, x, retryAfter]) =>
            contentTooLarge(msg, retryAfter === undefined ? x : { ...x, retryAfter, limit: 10 }),
          )
      case 'UriTooLong':
        return fc.tuple(m, f).map(([msg, x]) => uriTooLong(msg, x))
      case 'UnsupportedMediaType':
        return fc
          .tuple(
            m,
            f,
            fc.option(fc.array(fc.constantFrom('text/csv', 'application/json', 'a, b')), {
              nil: undefined,
            }),
          )
          .map(([msg, x, accept]) =>
            unsupportedMediaType(msg, accept === undefined ? x : { ...x, accept }),
          )
      case 'UnprocessableContent':
        return fc
          .tuple(m, f, fc.array(issue, { maxLength: 3 }))
          .map(([msg, x, issues]) => unprocessableContent(issues, msg, x))
      case 'TooManyRequests':
        return fc
          .tuple(m, f, fc.option(retry, { nil: undefined }))
          .map(([msg, x, retryAfter]) =>
            tooManyRequests(msg, retryAfter === undefined ? x : { ...x, retryAfter }),
          )
      case 'RequestHeaderFieldsTooLarge':
        return fc.tuple(m, f).map(([msg, x]) => requestHeaderFieldsTooLarge(msg, x))
      case 'Internal':
        return fc.tuple(m, f).map(([msg, x]) => internal(msg, x))
      case 'NotImplemented':
        return fc.tuple(m, f).map(([msg, x]) => notImplemented(msg, x))
      case 'BadGateway':
        return fc.tuple(m, f).map(([msg, x]) => badGateway(msg, x))
      case 'ServiceUnavailable':
        return fc
          .tuple(m, f, fc.option(retry, { nil: undefined }))
          .map(([msg, x, retryAfter]) =>
            serviceUnavailable(msg, retryAfter === undefined ? x : { ...x, retryAfter }),
          )
      case 'GatewayTimeout':
        return fc.tuple(m, f).map(([msg, x]) => gatewayTimeout(msg, x))
      case 'Custom':
        return fc.tuple(o.customStatus ?? errorStatus, m, f).map(([s, msg, x]) => custom(s, msg, x))
    }
  }
  return fc.oneof(...(o.only ?? tags).map(one))
}

const remappable = tags.filter((t) => t !== 'Custom')

type Remap = ErrorStatus | ((e: HttpError) => ErrorStatus)

/** A fixed status, or a function of the error choosing between two (by message length). */
const remapOf = (s: fc.Arbitrary<ErrorStatus>): fc.Arbitrary<Remap> =>
  fc.oneof(
    s,
    fc.tuple(s, s).map(
      ([even, odd]) =>
        (e: HttpError): ErrorStatus =>
          e.message.length % 2 === 0 ? even : odd,
    ),
  )

export interface PolicyOptions {
  /** Which tags may be remapped, and to what. */
  readonly remap?: (tag: Tag) => fc.Arbitrary<ErrorStatus>
  readonly renames?: boolean
  readonly expose?: ReadonlyArray<Policy['expose'] | undefined>
}

/** Policies with arbitrary status remaps, code renames and deterministic expose predicates. */
export const anyPolicy = (o: PolicyOptions = {}): fc.Arbitrary<Policy> =>
  fc
    .record({
      status: fc
        .subarray(remappable)
        .chain((ts) =>
          ts.length === 0
            ? fc.constant([] as Array<readonly [Tag, Remap]>)
            : fc.tuple(
                ...ts.map((t) =>
                  remapOf((o.remap ?? (() => errorStatus))(t)).map((r) => [t, r] as const),
                ),
              ),
        ),
      codes:
        o.renames === false
          ? fc.constant({})
          : fc.dictionary(fc.constantFrom(...Object.values(variants).map((d) => d.code)), code, {
              maxKeys: 4,
            }),
      expose: fc.constantFrom(...(o.expose ?? [undefined, () => false, () => true])),
      maxErrors: fc.integer({ min: 1, max: 100 }),
    })
    .map((r) =>
      policy({
        status: Object.fromEntries(r.status) as Policy['status'],
        codes: r.codes,
        expose: r.expose,
        maxErrors: r.maxErrors,
      }),
    )

/** A Proxy handler whose every trap throws an `Error` with `message(trap)`. */
export const throwingTraps = (message: (trap: string) => string): ProxyHandler<object> =>
  Object.fromEntries(
    [
      'get',
      'set',
      'has',
      'deleteProperty',
      'ownKeys',
      'getOwnPropertyDescriptor',
      'defineProperty',
      'getPrototypeOf',
      'setPrototypeOf',
      'isExtensible',
      'preventExtensions',
      'apply',
      'construct',
    ].map((trap) => [
      trap,
      () => {
        throw new Error(message(trap))
      },
    ]),
  )

const allTrapsThrow = throwingTraps((trap) => `trap ${trap}`)

const revoked = (target: object): unknown => {
  const { proxy, revoke } = Proxy.revocable(target, {})
  revoke()
  return proxy
}

const throwingGetters = (keys: ReadonlyArray<string>, base: object = {}): unknown =>
  Object.defineProperties(
    base,
    Object.fromEntries(
      keys.map((k) => [
        k,
        {
          enumerable: true,
          get: () => {
            throw new Error(`getter ${k}`)
          },
        },
      ]),
    ),
  )

/** Values written to break anything that inspects them. */
export const hostile = (): ReadonlyArray<readonly [string, unknown]> => {
  const circular: Record<string, unknown> = { status: 404, message: 'loop' }
  circular['self'] = circular
  circular['headers'] = circular
  const nullProto = Object.assign(Object.create(null) as object, { status: 409, message: 'np' })
  const everything = [
    '_tag',
    'message',
    'code',
    'status',
    'statusCode',
    'isBoom',
    'output',
    'name',
    'expose',
    'headers',
  ]
  return [
    ['Proxy whose every trap throws', new Proxy({}, allTrapsThrow)],
    ['function Proxy whose every trap throws', new Proxy(() => 1, allTrapsThrow)],
    ['revoked Proxy', revoked({})],
    ['revoked function Proxy', revoked(() => 1)],
    ['Proxy answering NotFound to everything', new Proxy({}, { get: () => 'NotFound' })],
    ['Proxy answering 404 to everything', new Proxy({}, { get: () => 404 })],
    ['object whose every getter throws', throwingGetters(everything)],
    ['Error whose status getter throws', throwingGetters(['status'], new Error('x'))],
    ['Boom-like whose output throws', throwingGetters(['output'], { isBoom: true })],
    ['Boom-like with a Proxy output', { isBoom: true, output: new Proxy({}, allTrapsThrow) }],
    [
      '401 whose headers throw',
      { status: 401, expose: true, headers: new Proxy({}, allTrapsThrow) },
    ],
    [
      '401 with a half-quoted challenge',
      { status: 401, expose: true, headers: { 'www-authenticate': 'Bearer realm="a' } },
    ],
    [
      'message with a throwing toString',
      {
        status: 404,
        expose: true,
        message: {
          toString: () => {
            throw new Error('s')
          },
        },
      },
    ],
    ['circular object', circular],
    ['frozen object', Object.freeze({ status: 418, message: 'frozen' })],
    ['frozen circular object', Object.freeze(circular)],
    ['object with a null prototype', nullProto],
    ['bare null-prototype object', Object.create(null) as unknown],
    ['BigInt', 10n ** 30n],
    ['Symbol', Symbol('s')],
    ['well-known Symbol', Symbol.iterator],
    ['function', () => 1],
    ['function with a status', Object.assign(() => 1, { status: 404 })],
    [
      'class',
      class Thing {
        readonly value = 1
      },
    ],
    ['null', null],
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['string', 'boom'],
    ['number status', 404],
    ['array', [1, 2, 3]],
    ['Date', new Date(0)],
    ['Promise', Promise.resolve(1)],
    ['status 200', { status: 200, message: 'ok' }],
    ['status 404.5', { status: 404.5 }],
    ['status "404"', { status: '404' }],
    [
      'HttpError-shaped with a bad Custom status',
      { _tag: 'Custom', message: 'm', code: 'c', status: 200 },
    ],
    [
      'HttpError-shaped with hostile header fields',
      { _tag: 'Unauthorized', message: 'm', code: 'c', challenges: [null, 1] },
    ],
  ]
}
