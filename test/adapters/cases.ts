/**
 * The one table of adapter cases: what a handler does (or the errors given to an
 * adapter's send function), the request, and the exact response every adapter must
 * produce. Expectations are written out by hand from the contract (docs/DESIGN.md §3–5
 * and docs/STATUS-TABLES.md), not computed with the core.
 */
import Boom from '@hapi/boom'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import createError from 'http-errors'
import {
  badGateway,
  badRequest,
  conflict,
  custom,
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
  preconditionFailed,
  requestTimeout,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
  unsupportedMediaType,
  uriTooLong,
  type HttpError,
  type Outcome,
  type Tag,
} from 'errmap'

export interface Request {
  readonly method: string
  readonly accept?: string
  readonly requestId?: string
  /** Any other request headers, by lower-case name. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface Expected {
  readonly status: number
  /**
   * The asserted headers that differ from `defaultHeaders`; `null` asserts absence. Every
   * name in `asserted` is compared exactly.
   */
  readonly headers?: Readonly<Record<string, string | null>>
  /**
   * The parsed JSON body, or the text of a body that is not JSON; `undefined` for HEAD,
   * whose body must be empty.
   */
  readonly body: unknown
  /** HEAD only: the `content-length` of the body that was not sent. */
  readonly contentLength?: number
}

interface Common {
  readonly name: string
  readonly request: Request
  readonly expect: Expected
  /** A string that must appear nowhere in the raw response (status line, headers, body). */
  readonly secret?: string
  /** The variant the case exercises, to prove the table covers every one. */
  readonly variant?: Tag
}

/** What a handler does: returns an `Either`/`TaskEither`/`Promise`, throws or rejects. */
export interface Raised extends Common {
  readonly raise: () => Outcome<never>
}

/** Errors given directly to an adapter's send function (several errors at once). */
export interface Sent extends Common {
  readonly send: HttpError | ReadonlyArray<HttpError>
}

export type Case = Raised | Sent

/** The headers every case compares exactly. */
export const asserted = [
  'content-type',
  'vary',
  'x-content-type-options',
  'www-authenticate',
  'allow',
  'retry-after',
  'accept',
  'accept-post',
  'accept-patch',
  'access-control-allow-origin',
  'cache-control',
  'content-language',
  'content-security-policy',
  'ratelimit',
  'ratelimit-policy',
] as const

export const defaultHeaders: Readonly<Record<string, string | null>> = {
  'content-type': 'application/json; charset=utf-8',
  vary: 'Accept',
  'x-content-type-options': 'nosniff',
  'www-authenticate': null,
  allow: null,
  'retry-after': null,
  accept: null,
  'accept-post': null,
  'accept-patch': null,
  'access-control-allow-origin': null,
  'cache-control': null,
  'content-language': null,
  'content-security-policy': null,
  ratelimit: null,
  'ratelimit-policy': null,
}

const GET: Request = { method: 'GET' }
const json = (message: string, code: string, extra: Record<string, unknown> = {}) => ({
  message,
  code,
  ...extra,
})

const SECRET = 'postgres://admin:hunter2@db.internal'
const retryDate = new Date('2030-01-01T00:00:00Z')

const left =
  (e: unknown): (() => Outcome<never>) =>
  () =>
    E.left(e as HttpError)

export const cases: ReadonlyArray<Case> = [
  // ---------------------------------------------------------------- every variant
  {
    name: '400 BadRequest from a Left',
    variant: 'BadRequest',
    raise: left(badRequest('The id must be a number.')),
    request: GET,
    expect: { status: 400, body: json('The id must be a number.', 'BAD_REQUEST') },
  },
  {
    name: '401 Unauthorized sends its challenge in WWW-Authenticate',
    variant: 'Unauthorized',
    raise: left(
      unauthorized('The token expired.', {
        challenges: [{ scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } }],
      }),
    ),
    request: GET,
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="api", error="invalid_token"' },
      body: json('The token expired.', 'UNAUTHORIZED'),
    },
  },
  {
    name: '401 without a challenge sends the default Bearer challenge',
    raise: left(unauthorized()),
    request: GET,
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      body: json('Unauthorized', 'UNAUTHORIZED'),
    },
  },
  {
    name: '403 Forbidden',
    variant: 'Forbidden',
    raise: left(forbidden('Admins only.')),
    request: GET,
    expect: { status: 403, body: json('Admins only.', 'FORBIDDEN') },
  },
  {
    name: '404 NotFound',
    variant: 'NotFound',
    raise: left(notFound('No user 42.')),
    request: GET,
    expect: { status: 404, body: json('No user 42.', 'NOT_FOUND') },
  },
  {
    name: '405 MethodNotAllowed lists the allowed methods in Allow',
    variant: 'MethodNotAllowed',
    raise: left(methodNotAllowed(['GET', 'HEAD', 'POST'])),
    request: { method: 'DELETE' },
    expect: {
      status: 405,
      headers: { allow: 'GET, HEAD, POST' },
      body: json('Method Not Allowed', 'METHOD_NOT_ALLOWED'),
    },
  },
  {
    name: '406 NotAcceptable',
    variant: 'NotAcceptable',
    raise: left(notAcceptable('Only CSV and JSON exist.', { available: ['text/csv'] })),
    request: GET,
    // A 406 lists what it could send (RFC 9110 §15.5.7) when it has no details of its own.
    expect: {
      status: 406,
      body: json('Only CSV and JSON exist.', 'NOT_ACCEPTABLE', {
        details: { available: ['text/csv'] },
      }),
    },
  },
  {
    name: '408 RequestTimeout',
    variant: 'RequestTimeout',
    raise: left(requestTimeout()),
    request: GET,
    expect: { status: 408, body: json('Request Timeout', 'REQUEST_TIMEOUT') },
  },
  {
    name: '409 Conflict',
    variant: 'Conflict',
    raise: left(conflict('ada@example.com is taken.')),
    request: { method: 'POST' },
    expect: { status: 409, body: json('ada@example.com is taken.', 'CONFLICT') },
  },
  {
    name: '410 Gone',
    variant: 'Gone',
    raise: left(gone()),
    request: GET,
    expect: { status: 410, body: json('Gone', 'GONE') },
  },
  {
    name: '412 PreconditionFailed',
    variant: 'PreconditionFailed',
    raise: left(preconditionFailed('The ETag changed.')),
    request: { method: 'PUT' },
    expect: { status: 412, body: json('The ETag changed.', 'PRECONDITION_FAILED') },
  },
  {
    name: '413 ContentTooLarge with Retry-After',
    variant: 'ContentTooLarge',
    raise: left(contentTooLarge('At most 1 MiB.', { limit: 1048576, retryAfter: 60 })),
    request: { method: 'POST' },
    expect: {
      status: 413,
      headers: { 'retry-after': '60' },
      body: json('At most 1 MiB.', 'CONTENT_TOO_LARGE', { details: { limit: 1048576 } }),
    },
  },
  {
    name: '414 UriTooLong',
    variant: 'UriTooLong',
    raise: left(uriTooLong()),
    request: GET,
    expect: { status: 414, body: json('URI Too Long', 'URI_TOO_LONG') },
  },
  {
    name: '415 UnsupportedMediaType names the accepted types in Accept (and Accept-Post on POST)',
    variant: 'UnsupportedMediaType',
    raise: left(
      unsupportedMediaType('Send JSON.', {
        accept: ['application/json', 'application/merge-patch+json'],
      }),
    ),
    request: { method: 'POST' },
    expect: {
      status: 415,
      headers: {
        accept: 'application/json, application/merge-patch+json',
        'accept-post': 'application/json, application/merge-patch+json',
      },
      body: json('Send JSON.', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  },
  {
    name: '415 on PATCH names the accepted types in Accept-Patch',
    raise: left(
      unsupportedMediaType('Send a merge patch.', { accept: ['application/merge-patch+json'] }),
    ),
    request: { method: 'PATCH' },
    expect: {
      status: 415,
      headers: {
        accept: 'application/merge-patch+json',
        'accept-patch': 'application/merge-patch+json',
      },
      body: json('Send a merge patch.', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  },
  {
    name: '422 UnprocessableContent lists its issues',
    variant: 'UnprocessableContent',
    raise: left(
      unprocessableContent([
        { path: '/email', message: 'expected Email', location: 'body', expected: 'Email' },
      ]),
    ),
    request: { method: 'POST' },
    expect: {
      status: 422,
      body: json('Unprocessable Content', 'UNPROCESSABLE_CONTENT', {
        issues: [
          { path: '/email', message: 'expected Email', location: 'body', expected: 'Email' },
        ],
      }),
    },
  },
  {
    name: '429 TooManyRequests sends Retry-After in seconds',
    variant: 'TooManyRequests',
    raise: left(tooManyRequests('Slow down.', { retryAfter: 30 })),
    request: GET,
    expect: {
      status: 429,
      headers: { 'retry-after': '30' },
      body: json('Slow down.', 'TOO_MANY_REQUESTS'),
    },
  },
  {
    name: '431 RequestHeaderFieldsTooLarge',
    variant: 'RequestHeaderFieldsTooLarge',
    raise: left(requestHeaderFieldsTooLarge()),
    request: GET,
    expect: {
      status: 431,
      body: json('Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE'),
    },
  },
  {
    name: '500 Internal masks its message',
    variant: 'Internal',
    raise: left(internal('The ledger is corrupt.')),
    request: GET,
    secret: 'ledger',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: '500 Internal with expose: true shows its message',
    raise: left(internal('Try again in a minute.', { expose: true })),
    request: GET,
    expect: { status: 500, body: json('Try again in a minute.', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: '501 NotImplemented',
    variant: 'NotImplemented',
    raise: left(notImplemented('Exports are not supported.')),
    request: GET,
    secret: 'Exports',
    expect: { status: 501, body: json('Not Implemented', 'NOT_IMPLEMENTED') },
  },
  {
    name: '502 BadGateway',
    variant: 'BadGateway',
    raise: left(badGateway()),
    request: GET,
    expect: { status: 502, body: json('Bad Gateway', 'BAD_GATEWAY') },
  },
  {
    name: '503 ServiceUnavailable sends Retry-After as an HTTP date',
    variant: 'ServiceUnavailable',
    raise: left(serviceUnavailable('Maintenance until 2030.', { retryAfter: retryDate })),
    request: GET,
    expect: {
      status: 503,
      headers: { 'retry-after': 'Tue, 01 Jan 2030 00:00:00 GMT' },
      body: json('Service Unavailable', 'SERVICE_UNAVAILABLE'),
    },
  },
  {
    name: '504 GatewayTimeout',
    variant: 'GatewayTimeout',
    raise: left(gatewayTimeout()),
    request: GET,
    expect: { status: 504, body: json('Gateway Timeout', 'GATEWAY_TIMEOUT') },
  },
  {
    name: '418 Custom keeps its own status and code',
    variant: 'Custom',
    raise: left(custom(418, 'No coffee here.')),
    request: GET,
    expect: { status: 418, body: json('No coffee here.', 'IM_A_TEAPOT') },
  },

  // ---------------------------------------------------------------- formats by Accept
  {
    name: 'Accept: application/json gives the json format',
    raise: left(notFound('No user 42.')),
    request: { method: 'GET', accept: 'application/json' },
    expect: { status: 404, body: json('No user 42.', 'NOT_FOUND') },
  },
  {
    name: 'Accept: application/problem+json gives RFC 9457 problem details',
    raise: left(notFound('No user 42.')),
    request: { method: 'GET', accept: 'application/problem+json' },
    expect: {
      status: 404,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'No user 42.',
        code: 'NOT_FOUND',
      },
    },
  },
  {
    name: 'Accept: application/graphql-response+json gives a GraphQL errors body',
    raise: left(notFound('No user 42.')),
    request: { method: 'GET', accept: 'application/graphql-response+json' },
    expect: {
      status: 404,
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
      body: { errors: [{ message: 'No user 42.', extensions: { code: 'NOT_FOUND' } }] },
    },
  },
  {
    name: 'Accept: */* gives the default json format',
    raise: left(notFound('No user 42.')),
    request: { method: 'GET', accept: '*/*' },
    expect: { status: 404, body: json('No user 42.', 'NOT_FOUND') },
  },
  {
    name: 'Accept with nothing available falls back to json, never 406',
    raise: left(notFound('No user 42.')),
    request: { method: 'GET', accept: 'text/html, image/png' },
    expect: { status: 404, body: json('No user 42.', 'NOT_FOUND') },
  },
  {
    name: 'q-values choose problem+json over json',
    raise: left(conflict('Taken.')),
    request: { method: 'POST', accept: 'application/json;q=0.5, application/problem+json' },
    expect: {
      status: 409,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'Taken.',
        code: 'CONFLICT',
      },
    },
  },
  {
    name: 'X-Request-Id goes in the body of a masked 500',
    raise: left(internal('disk full')),
    request: { method: 'GET', requestId: 'req-7f3a' },
    secret: 'disk full',
    expect: {
      status: 500,
      body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR', { requestId: 'req-7f3a' }),
    },
  },

  {
    name: 'the request id is cut to 200 characters',
    raise: left(internal('disk full')),
    request: { method: 'GET', requestId: 'r'.repeat(250) },
    expect: {
      status: 500,
      body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR', { requestId: 'r'.repeat(200) }),
    },
  },
  {
    name: 'a blank request id is no request id',
    raise: left(internal('disk full')),
    request: { method: 'GET', requestId: '   ' },
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },

  // ---------------------------------------------------------------- HEAD
  {
    name: 'HEAD gets the headers and content-length but no body',
    raise: left(notFound('No user 42.')),
    request: { method: 'HEAD' },
    expect: { status: 404, body: undefined, contentLength: 44 },
  },
  {
    name: 'HEAD of a 405 keeps Allow',
    raise: left(methodNotAllowed(['GET'])),
    request: { method: 'HEAD', accept: 'application/problem+json' },
    expect: {
      status: 405,
      headers: { allow: 'GET', 'content-type': 'application/problem+json; charset=utf-8' },
      body: undefined,
      contentLength: 122,
    },
  },

  // ---------------------------------------------------------------- several errors
  {
    name: 'several errors: a 4xx beats a 5xx, 401 beats 404, and the body lists them all',
    send: [notFound('No user 42.'), unauthorized('Sign in.'), internal('db down')],
    request: GET,
    secret: 'db down',
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      body: json('Sign in.', 'UNAUTHORIZED', {
        errors: [
          { status: 404, message: 'No user 42.', code: 'NOT_FOUND' },
          { status: 401, message: 'Sign in.', code: 'UNAUTHORIZED' },
          { status: 500, message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
        ],
      }),
    },
  },
  {
    // Two field lines on the wire; Fetch's Headers.get joins them with ", ".
    name: 'several 401s send every challenge, one WWW-Authenticate field line each',
    send: [
      unauthorized('Sign in.', { challenges: [{ scheme: 'Basic', params: { realm: 'files' } }] }),
      unauthorized('Token expired.', {
        challenges: [{ scheme: 'Bearer', params: { error: 'invalid_token' } }],
      }),
    ],
    request: GET,
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="files", Bearer error="invalid_token"' },
      body: json('Sign in.', 'UNAUTHORIZED', {
        errors: [
          { status: 401, message: 'Sign in.', code: 'UNAUTHORIZED' },
          { status: 401, message: 'Token expired.', code: 'UNAUTHORIZED' },
        ],
      }),
    },
  },
  {
    name: 'several 405s unite their Allow lists, and 405 beats 404',
    send: [methodNotAllowed(['GET']), notFound(), methodNotAllowed(['GET', 'PUT'])],
    request: { method: 'POST' },
    expect: {
      status: 405,
      headers: { allow: 'GET, PUT' },
      body: json('Method Not Allowed', 'METHOD_NOT_ALLOWED', {
        errors: [
          { status: 405, message: 'Method Not Allowed', code: 'METHOD_NOT_ALLOWED' },
          { status: 404, message: 'Not Found', code: 'NOT_FOUND' },
          { status: 405, message: 'Method Not Allowed', code: 'METHOD_NOT_ALLOWED' },
        ],
      }),
    },
  },
  {
    name: 'several errors: the longest Retry-After of all is sent',
    send: [
      tooManyRequests('Slow.', { retryAfter: 5 }),
      serviceUnavailable(undefined, { retryAfter: 120 }),
    ],
    request: GET,
    expect: {
      status: 429,
      headers: { 'retry-after': '120' },
      body: json('Slow.', 'TOO_MANY_REQUESTS', {
        errors: [
          { status: 429, message: 'Slow.', code: 'TOO_MANY_REQUESTS' },
          { status: 503, message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' },
        ],
      }),
    },
  },
  {
    name: 'one error given to send is answered like a Left',
    send: gone('Deleted in 2024.'),
    request: GET,
    expect: { status: 410, body: json('Deleted in 2024.', 'GONE') },
  },

  // ---------------------------------------------------------------- thrown values
  {
    name: 'a thrown HttpError',
    raise: () => {
      throw forbidden('Not yours.')
    },
    request: GET,
    expect: { status: 403, body: json('Not yours.', 'FORBIDDEN') },
  },
  {
    name: 'a thrown string is a masked 500',
    raise: () => {
      throw 'the string secret-s3 leaked'
    },
    request: GET,
    secret: 'secret-s3',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'a thrown null is a masked 500',
    raise: () => {
      throw null
    },
    request: GET,
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'an Error with a secret message is a masked 500 that never shows the secret',
    raise: () => {
      throw new Error(`connect ECONNREFUSED ${SECRET}`)
    },
    request: { method: 'GET', accept: 'application/problem+json' },
    secret: 'hunter2',
    expect: {
      status: 500,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Internal Server Error',
        code: 'INTERNAL_SERVER_ERROR',
      },
    },
  },
  {
    name: 'a JSON SyntaxError is a 400',
    raise: () => JSON.parse('{"name":') as never,
    request: { method: 'POST' },
    expect: { status: 400, body: json('The request body is not valid JSON.', 'BAD_REQUEST') },
  },
  {
    name: 'an http-errors 404 keeps its status and message',
    raise: () => {
      throw createError(404, 'No such order.')
    },
    request: GET,
    expect: { status: 404, body: json('No such order.', 'NOT_FOUND') },
  },
  {
    name: 'an http-errors 401 keeps its WWW-Authenticate',
    raise: () => {
      throw createError(401, 'Who are you?', {
        headers: { 'WWW-Authenticate': 'Basic realm="admin"' },
      })
    },
    request: GET,
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="admin"' },
      body: json('Who are you?', 'UNAUTHORIZED'),
    },
  },
  {
    name: 'a thrown 401 whose challenge is not Latin-1 is answered, its header cleaned',
    raise: () => {
      throw { status: 401, expose: true, headers: { 'WWW-Authenticate': 'Basic realm="日本"' } }
    },
    request: GET,
    expect: {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm=""' },
      body: json('Unauthorized', 'UNAUTHORIZED'),
    },
  },
  {
    name: 'an http-errors error’s own headers are sent with it (CORS survives the error)',
    raise: () => {
      throw createError(403, 'Not yours.', {
        headers: {
          'Access-Control-Allow-Origin': 'https://app.example',
          'Cache-Control': 'no-store',
          'Content-Type': 'text/html',
        },
      })
    },
    request: GET,
    expect: {
      status: 403,
      headers: {
        'access-control-allow-origin': 'https://app.example',
        'cache-control': 'no-store',
      },
      body: json('Not yours.', 'FORBIDDEN'),
    },
  },
  {
    name: 'an error with a status but no expose (an upstream’s, as axios throws) is a masked 500',
    raise: () => {
      throw Object.assign(new Error('Request failed with status code 404: secret-a1'), {
        status: 404,
        response: { status: 404 },
      })
    },
    request: GET,
    secret: 'secret-a1',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'an http-errors 500 is masked',
    raise: () => {
      throw createError(500, 'the secret-h7 broke')
    },
    request: GET,
    secret: 'secret-h7',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'a Boom 409 keeps its status and message',
    raise: () => {
      throw Boom.conflict('Order already paid.')
    },
    request: { method: 'POST' },
    expect: { status: 409, body: json('Order already paid.', 'CONFLICT') },
  },
  {
    name: 'a Boom 500 is masked',
    raise: () => {
      throw Boom.badImplementation('the secret-b9 broke')
    },
    request: GET,
    secret: 'secret-b9',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'a rejected promise is mapped like a throw',
    raise: () => Promise.reject(new Error(`pool exhausted at ${SECRET}`)),
    request: GET,
    secret: 'hunter2',
    expect: { status: 500, body: json('Internal Server Error', 'INTERNAL_SERVER_ERROR') },
  },
  {
    name: 'a promise of a Left',
    raise: () => Promise.resolve(E.left(gone('Archived.'))),
    request: GET,
    expect: { status: 410, body: json('Archived.', 'GONE') },
  },
  {
    name: 'a Left from a TaskEither',
    raise: () => TE.left(conflict('Version 3 is newer.')),
    request: { method: 'PUT' },
    expect: { status: 409, body: json('Version 3 is newer.', 'CONFLICT') },
  },
  {
    name: 'a TaskEither that rejects',
    raise: () => () =>
      Promise.reject(createError(503, 'Down.', { headers: { 'Retry-After': '10' } })),
    request: GET,
    expect: {
      status: 503,
      headers: { 'retry-after': '10' },
      body: json('Service Unavailable', 'SERVICE_UNAVAILABLE'),
    },
  },
]
