/**
 * errmap: application errors as data, mapped totally to exact HTTP responses.
 *
 * The public API, named one by one: the machinery behind `toResponse` (header
 * collection, views, encoding) stays inside. The client side (io-ts codecs of the bodies,
 * `decodeResponse`) is its own entry, `errmap/client`, so a server never loads io-ts.
 *
 * @since 0.1.0
 */
export {
  type Location,
  type Issue,
  type Challenge,
  type RetryAfter,
  type Common,
  type BadRequest,
  type Unauthorized,
  type Forbidden,
  type NotFound,
  type MethodNotAllowed,
  type NotAcceptable,
  type RequestTimeout,
  type Conflict,
  type Gone,
  type PreconditionFailed,
  type PayloadTooLarge,
  type UriTooLong,
  type UnsupportedMediaType,
  type UnprocessableContent,
  type TooManyRequests,
  type HeaderFieldsTooLarge,
  type Internal,
  type NotImplemented,
  type BadGateway,
  type ServiceUnavailable,
  type GatewayTimeout,
  type Custom,
  type HttpError,
  type Tag,
  type Variant,
  type Fields,
  type Cases,
  defaults,
  tags,
  status,
  badRequest,
  unauthorized,
  forbidden,
  notFound,
  methodNotAllowed,
  notAcceptable,
  requestTimeout,
  conflict,
  gone,
  preconditionFailed,
  payloadTooLarge,
  uriTooLong,
  unsupportedMediaType,
  unprocessableContent,
  tooManyRequests,
  headerFieldsTooLarge,
  internal,
  notImplemented,
  badGateway,
  serviceUnavailable,
  gatewayTimeout,
  custom,
  isHttpError,
  is,
  match,
  withCode,
  withCause,
} from './HttpError.js'
export {
  type ClientErrorStatus,
  type ServerErrorStatus,
  type ErrorStatus,
  isErrorStatus,
  reason,
  codeOf,
} from './Status.js'
export {
  type ResponseHeaders,
  isToken,
  clean,
  quote,
  challenge,
  retryAfter,
  headers,
} from './Headers.js'
export {
  type Ranked,
  type Priority,
  decisionOrder,
  byStatus,
  byError,
  defaultPriority,
  highestStatus,
  firstError,
  lastError,
} from './Priority.js'
export {
  MAX_ACCEPT_LENGTH,
  MAX_MEDIA_RANGES,
  MAX_RANGE_PARAMETERS,
  negotiate,
} from './Negotiate.js'
export { stringify, byteLength } from './Json.js'
export { type View, type Report, type Format, cap, json, problem, graphql } from './Body.js'
export {
  type Policy,
  type Remaps,
  type Options,
  policy,
  defaultPolicy,
  statusUnder,
  codeUnder,
  exposedUnder,
  notify,
} from './Policy.js'
export { fromStatus, fromUnknown } from './Unknown.js'
export { type RequestFacts, type HttpResponse, type ErrorResponse, toResponse } from './Response.js'
export {
  type DomainMap,
  type Failure,
  type Outcome,
  mapDomain,
  toIssue,
  fromValidation,
  decodeInput,
  settle,
} from './Domain.js'
export { ndcErrorResponse, ndc, openapiSteps, openapiErrors, openapiRest } from './Profiles.js'
