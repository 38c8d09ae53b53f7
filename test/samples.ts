/**
 * One sample error per variant, built with the public constructors, and the facts each one
 * must produce (RFC 9110 statuses and reason phrases, the headers each status obliges).
 * Both tables are `Record`s over `Tag`: a new variant that is missing here does not compile.
 */
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
  type Issue,
  type Tag,
  type Variant,
} from '../src/index.js'

/** Non-ASCII on purpose: `content-length` must count UTF-8 bytes, not UTF-16 units. */
export const messageOf = (tag: Tag): string => `${tag}: né € 😀`

export const issue: Issue = {
  path: '/user/e~1mail',
  message: 'must be an e-mail address',
  location: 'body',
  expected: 'Email',
}

export const serviceDate = new Date(Date.UTC(2030, 0, 2, 3, 4, 5))

const d = (tag: Tag) => ({ details: { tag, list: [1, 'two', null] } })

export const samples: { readonly [T in Tag]: Variant<T> } = {
  BadRequest: badRequest(messageOf('BadRequest'), { ...d('BadRequest'), issues: [issue] }),
  Unauthorized: unauthorized(messageOf('Unauthorized'), d('Unauthorized')),
  Forbidden: forbidden(messageOf('Forbidden'), d('Forbidden')),
  NotFound: notFound(messageOf('NotFound'), d('NotFound')),
  MethodNotAllowed: methodNotAllowed(
    ['GET', 'HEAD'],
    messageOf('MethodNotAllowed'),
    d('MethodNotAllowed'),
  ),
  NotAcceptable: notAcceptable(messageOf('NotAcceptable'), {
    ...d('NotAcceptable'),
    available: ['application/json'],
  }),
  RequestTimeout: requestTimeout(messageOf('RequestTimeout'), d('RequestTimeout')),
  Conflict: conflict(messageOf('Conflict'), d('Conflict')),
  Gone: gone(messageOf('Gone'), d('Gone')),
  PreconditionFailed: preconditionFailed(messageOf('PreconditionFailed'), d('PreconditionFailed')),
  ContentTooLarge: contentTooLarge(messageOf('ContentTooLarge'), {
    ...d('ContentTooLarge'),
    limit: 1024,
    retryAfter: 120,
  }),
  UriTooLong: uriTooLong(messageOf('UriTooLong'), d('UriTooLong')),
  UnsupportedMediaType: unsupportedMediaType(messageOf('UnsupportedMediaType'), {
    ...d('UnsupportedMediaType'),
    accept: ['application/json', 'application/merge-patch+json'],
  }),
  UnprocessableContent: unprocessableContent(
    [issue],
    messageOf('UnprocessableContent'),
    d('UnprocessableContent'),
  ),
  TooManyRequests: tooManyRequests(messageOf('TooManyRequests'), {
    ...d('TooManyRequests'),
    retryAfter: 30,
  }),
  RequestHeaderFieldsTooLarge: requestHeaderFieldsTooLarge(
    messageOf('RequestHeaderFieldsTooLarge'),
    d('RequestHeaderFieldsTooLarge'),
  ),
  Internal: internal(messageOf('Internal'), d('Internal')),
  NotImplemented: notImplemented(messageOf('NotImplemented'), d('NotImplemented')),
  BadGateway: badGateway(messageOf('BadGateway'), d('BadGateway')),
  ServiceUnavailable: serviceUnavailable(messageOf('ServiceUnavailable'), {
    ...d('ServiceUnavailable'),
    retryAfter: serviceDate,
  }),
  GatewayTimeout: gatewayTimeout(messageOf('GatewayTimeout'), d('GatewayTimeout')),
  Custom: custom(418, messageOf('Custom'), d('Custom')),
}

export interface Expected {
  readonly status: number
  readonly code: string
  /** The reason phrase: problem's `title`, and the message of a masked error. */
  readonly title: string
  /** The headers the status obliges, beyond content-type/length, nosniff and Vary. */
  readonly headers: Readonly<Record<string, string>>
}

export const expected: { readonly [T in Tag]: Expected } = {
  BadRequest: { status: 400, code: 'BAD_REQUEST', title: 'Bad Request', headers: {} },
  Unauthorized: {
    status: 401,
    code: 'UNAUTHORIZED',
    title: 'Unauthorized',
    headers: { 'www-authenticate': 'Bearer' },
  },
  Forbidden: { status: 403, code: 'FORBIDDEN', title: 'Forbidden', headers: {} },
  NotFound: { status: 404, code: 'NOT_FOUND', title: 'Not Found', headers: {} },
  MethodNotAllowed: {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    title: 'Method Not Allowed',
    headers: { allow: 'GET, HEAD' },
  },
  NotAcceptable: { status: 406, code: 'NOT_ACCEPTABLE', title: 'Not Acceptable', headers: {} },
  // RFC 9110 §15.5.9: a 408 closes the connection.
  RequestTimeout: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    title: 'Request Timeout',
    headers: { connection: 'close' },
  },
  Conflict: { status: 409, code: 'CONFLICT', title: 'Conflict', headers: {} },
  Gone: { status: 410, code: 'GONE', title: 'Gone', headers: {} },
  PreconditionFailed: {
    status: 412,
    code: 'PRECONDITION_FAILED',
    title: 'Precondition Failed',
    headers: {},
  },
  ContentTooLarge: {
    status: 413,
    code: 'CONTENT_TOO_LARGE',
    title: 'Content Too Large',
    headers: { 'retry-after': '120' },
  },
  UriTooLong: { status: 414, code: 'URI_TOO_LONG', title: 'URI Too Long', headers: {} },
  UnsupportedMediaType: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'Unsupported Media Type',
    headers: { accept: 'application/json, application/merge-patch+json' },
  },
  UnprocessableContent: {
    status: 422,
    code: 'UNPROCESSABLE_CONTENT',
    title: 'Unprocessable Content',
    headers: {},
  },
  TooManyRequests: {
    status: 429,
    code: 'TOO_MANY_REQUESTS',
    title: 'Too Many Requests',
    headers: { 'retry-after': '30' },
  },
  RequestHeaderFieldsTooLarge: {
    status: 431,
    code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
    title: 'Request Header Fields Too Large',
    headers: {},
  },
  Internal: {
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    title: 'Internal Server Error',
    headers: {},
  },
  NotImplemented: { status: 501, code: 'NOT_IMPLEMENTED', title: 'Not Implemented', headers: {} },
  BadGateway: { status: 502, code: 'BAD_GATEWAY', title: 'Bad Gateway', headers: {} },
  ServiceUnavailable: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    title: 'Service Unavailable',
    headers: { 'retry-after': 'Wed, 02 Jan 2030 03:04:05 GMT' },
  },
  GatewayTimeout: { status: 504, code: 'GATEWAY_TIMEOUT', title: 'Gateway Timeout', headers: {} },
  Custom: { status: 418, code: 'IM_A_TEAPOT', title: "I'm a teapot", headers: {} },
}

/** The three built-in formats: the `Accept` that picks each, and its `Content-Type`. */
export const formats = [
  { name: 'json', accept: 'application/json', contentType: 'application/json; charset=utf-8' },
  {
    name: 'problem',
    accept: 'application/problem+json',
    contentType: 'application/problem+json; charset=utf-8',
  },
  {
    name: 'graphql',
    accept: 'application/graphql-response+json',
    contentType: 'application/graphql-response+json; charset=utf-8',
  },
] as const

export type FormatName = (typeof formats)[number]['name']

/** The parsed body of one error, as each format must write it. */
export const bodyOf = (
  format: FormatName,
  v: {
    readonly status: number
    readonly title: string
    readonly code: string
    readonly message: string
    readonly details?: unknown
    readonly issues?: ReadonlyArray<Issue>
  },
): unknown => {
  const extra: Record<string, unknown> = {}
  if (v.details !== undefined) extra['details'] = v.details
  if (v.issues !== undefined) extra['issues'] = v.issues
  switch (format) {
    case 'json':
      return { message: v.message, code: v.code, ...extra }
    case 'problem':
      return {
        type: 'about:blank',
        title: v.title,
        status: v.status,
        detail: v.message,
        code: v.code,
        ...extra,
      }
    case 'graphql':
      return { errors: [{ message: v.message, extensions: { code: v.code, ...extra } }] }
  }
}
