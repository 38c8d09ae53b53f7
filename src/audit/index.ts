/**
 * `errmap/audit`: audits of a server's HTTP error responses, which anyone can point at a
 * URL — errmap's or not. Each audit checks one duty RFC 9110, RFC 6585 or RFC 9457 puts
 * on an error response (a 405's `Allow`, a valid `Retry-After`, a HEAD without a body…)
 * over real requests made with a Fetch function, and answers `ok`, `warn` (a SHOULD or
 * MAY broken), `error` (a MUST broken) or `skip` (no route given to provoke it).
 *
 * Every audit is bounded in time (`timeout` per request, `AbortSignal.timeout`) and in
 * size (`maxBytes` of a body read), and never throws or rejects: an audit that cannot run
 * answers `error` or `warn` with the reason. It runs on any Fetch runtime.
 *
 * @since 0.2.0
 */
export {
  auditIds,
  type AuditId,
  type AuditResult,
  type AuditRoutes,
  type AuditStatus,
  type CorsRoute,
  type Level,
  type RequestIdRoute,
  type ServerErrorRoute,
  type TooManyRequestsRoute,
} from './audits.js'
export type { FetchLike, Route } from './probe.js'
export {
  auditServer,
  serverAudits,
  summarize,
  type Audit,
  type AuditSummary,
  type ServerAuditOptions,
} from './run.js'
export { runCli, type CliIo } from './cli.js'
