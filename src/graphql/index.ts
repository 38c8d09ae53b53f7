/**
 * `errmap/graphql`: GraphQL over HTTP. A GraphQL execution result, or a request refused
 * before GraphQL could run, becomes the exact `HttpResponse` — status, `Content-Type`,
 * body — that the GraphQL-over-HTTP spec asks for, under one of two profiles: the 2024
 * draft (the default: what deployed servers, graphql-http's audit and the seeds follow)
 * or the 2026 draft (422s, 294 for partial success). Error codes (`extensions.code`) and
 * `HttpError`s map both ways through a code map: Apollo's (the base), the Grafbase
 * gateway's, or yours. Structural types only: nothing of the `graphql` package is
 * imported.
 *
 * @since 0.1.0
 */
export type {
  Profile,
  MediaType,
  Facts,
  SourceLocation,
  GraphQLErrorLike,
  ExecutionResult,
  FormattedError,
  Stage,
  Meaning,
  Codes,
  Refusal,
  Params,
  Options,
  Settings,
} from './model.js'
export { apolloCodes, grafbaseCodes, settings, defaultSettings } from './settings.js'
export { mediaType, check } from './negotiation.js'
export { fromGraphQLError, toGraphQLError, formatError, requestErrors } from './codes.js'
export { refuse, deny, respond } from './responses.js'
export { paramsFromBody, paramsFromSearch } from './params.js'
