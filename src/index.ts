/**
 * errmap: application errors as data, mapped totally to exact HTTP responses.
 *
 * The public API, named one by one: the machinery behind `toResponse` (header grammar,
 * collection, snapshots, negotiation, serialization) stays inside. The client side is
 * `errmap/client`, the seeds' presets `errmap/profiles`, each adapter its own entry.
 *
 * @since 0.1.0
 */
export type {
  Location,
  Issue,
  Challenge,
  RetryAfter,
  Quota,
  Common,
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  MethodNotAllowed,
  NotAcceptable,
  RequestTimeout,
  Conflict,
  Gone,
  PreconditionFailed,
  ContentTooLarge,
  UriTooLong,
  UnsupportedMediaType,
  UnprocessableContent,
  TooManyRequests,
  RequestHeaderFieldsTooLarge,
  Internal,
  NotImplemented,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout,
  Custom,
  HttpError,
  Tag,
  Variant,
  Fields,
  Own,
} from './model/HttpError.js'
export {
  type Cases,
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
  contentTooLarge,
  uriTooLong,
  unsupportedMediaType,
  unprocessableContent,
  tooManyRequests,
  requestHeaderFieldsTooLarge,
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
  toError,
} from './model/errors.js'
export {
  type HeaderContext,
  type Spec,
  type Variants,
  variants,
  tags,
  tagOf,
} from './model/variants.js'
export {
  type ClientErrorStatus,
  type ServerErrorStatus,
  type ErrorStatus,
  isErrorStatus,
  reason,
  codeOf,
} from './model/Status.js'
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
} from './policy/Priority.js'
export {
  type Format,
  type JsonFormat,
  type View,
  type Report,
  type Reported,
  jsonFormat,
} from './format/Format.js'
export { json } from './format/json.js'
export { type ProblemOptions, problem } from './format/problem.js'
export { graphql } from './format/graphql.js'
export { html } from './format/html.js'
export {
  type Policy,
  type Remaps,
  type Options,
  type Translator,
  policy,
  defaultPolicy,
  statusUnder,
  notify,
} from './policy/Policy.js'
export {
  type MessageTable,
  type MessageEntry,
  type MessageText,
  messages,
} from './policy/messages.js'
export { type Known, fromStatus } from './unknown/fromStatus.js'
export { fromUnknown } from './unknown/fromUnknown.js'
export type { Recogniser } from './unknown/recognisers.js'
export type {
  RequestFacts,
  HttpResponse,
  ErrorResponse,
  ResponseHeaders,
} from './response/types.js'
export { toResponse } from './response/toResponse.js'
export { sseError, ndjsonError } from './response/stream.js'
export {
  type DomainMap,
  type Failure,
  type Outcome,
  mapDomain,
  toIssue,
  fromValidation,
  decodeInput,
  settle,
} from './fp/Domain.js'
export {
  type StandardSchemaV1,
  type SchemaIssue,
  type SchemaResult,
  fromSchemaIssues,
  decodeSchema,
} from './fp/Schema.js'
