/**
 * Running the audits: `serverAudits`, `auditServer`, `summarize`.
 *
 * @internal
 */
import {
  definitions,
  routeKinds,
  type AuditId,
  type AuditResult,
  type AuditRoutes,
  type AuditStatus,
  type Context,
  type Definition,
  type Level,
  type RouteKind,
} from './audits.js'
import { exchange, requestLine, urlOf, type Bounds, type FetchLike, type Route } from './probe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What to audit and how.
 *
 * @category model
 * @since 0.2.0
 */
export interface ServerAuditOptions {
  /** The server's base URL; each route's path is appended to it. */
  readonly url: string
  /** How to provoke each error; the audits of a route not given are skipped. */
  readonly routes: AuditRoutes
  /** The Fetch function to call (the global `fetch` by default). */
  readonly fetch?: FetchLike
  /** Milliseconds one request may take, body included (5000 by default). */
  readonly timeout?: number
  /** Bytes of a response body read at most (1 MiB by default). */
  readonly maxBytes?: number
  /** Milliseconds within which a 64 KB hostile `Accept` must be answered (2000 by default). */
  readonly hostileAcceptWithin?: number
}

/**
 * One audit: its stable id, its level, its name (which starts with the level), where its
 * duty is written, and `run`, which never rejects.
 *
 * @category model
 * @since 0.2.0
 */
export interface Audit {
  readonly id: AuditId
  readonly level: Level
  readonly name: string
  readonly source: string
  readonly run: () => Promise<AuditResult>
}

/**
 * How many audits answered each status.
 *
 * @category model
 * @since 0.2.0
 */
export type AuditSummary = Readonly<Record<AuditStatus, number>>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const positive = (n: unknown, fallback: number): number =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback

const isRoute = (u: unknown): u is Route =>
  typeof u === 'object' && u !== null && typeof (u as { path?: unknown }).path === 'string'

const hasHeader = (headers: Readonly<Record<string, string>> | undefined, name: string): boolean =>
  Object.keys(headers ?? {}).some((h) => h.toLowerCase() === name)

// A route as given, with the defaults of its kind; anything else is no route.
const routeOf = (kind: RouteKind, u: unknown): Route | undefined => {
  const route: Route | undefined = typeof u === 'string' ? { path: u } : isRoute(u) ? u : undefined
  if (route === undefined || kind !== 'unsupportedMediaType') return route
  // A body of a type no server accepts, on a method that may carry one.
  return {
    ...route,
    method: route.method ?? 'POST',
    body: route.body ?? '<errmap-audit/>',
    headers: hasHeader(route.headers, 'content-type')
      ? route.headers
      : { ...route.headers, 'content-type': 'application/x-errmap-audit' },
  }
}

const contextOf = (options: ServerAuditOptions): Context => {
  const raw: AuditRoutes = options.routes ?? {}
  const routes: Partial<Record<RouteKind, Route>> = {}
  for (const k of routeKinds) {
    const r = routeOf(k, raw[k])
    if (r !== undefined && (k !== 'cors' || typeof raw.cors?.origin === 'string')) routes[k] = r
  }
  const injected = options.fetch
  const bounds: Bounds = {
    url: options.url,
    fetch: injected ?? ((input, init) => fetch(input, init)),
    timeout: positive(options.timeout, 5000),
    maxBytes: positive(options.maxBytes, 1024 * 1024),
  }
  return { bounds, routes, raw, hostileWithin: positive(options.hostileAcceptWithin, 2000) }
}

const failing = (d: Definition): AuditStatus => (d.level === 'MUST' ? 'error' : 'warn')

const safeString = (e: unknown): string => {
  try {
    return e instanceof Error ? e.message : String(e)
  } catch {
    return 'an unprintable value'
  }
}

const audit = (d: Definition, options: ServerAuditOptions): Audit => ({
  id: d.id,
  level: d.level,
  name: d.name,
  source: d.source,
  run: async () => {
    const result = (status: AuditStatus, reason: string): AuditResult => ({
      id: d.id,
      level: d.level,
      name: d.name,
      status,
      reason,
    })
    try {
      const c = contextOf(options)
      if (!d.needs.some((k) => c.routes[k] !== undefined))
        return result('skip', `no ${d.needs.join(' or ')} route given`)
      const v = await d.check(c)
      return result(v.pass ? 'ok' : failing(d), v.reason)
    } catch (e) {
      return result(failing(d), `the audit could not run: ${safeString(e)}`)
    }
  },
})

// -------------------------------------------------------------------------------------
// audits
// -------------------------------------------------------------------------------------

/**
 * The audits of a server's error responses, one per duty, in the order of `auditIds`.
 * Nothing is sent until an audit is run.
 *
 * @example
 * import { notFound } from 'errmap'
 * import { handler } from 'errmap/fetch'
 * import { serverAudits } from 'errmap/audit'
 *
 * // Any Fetch function will do: here errmap's Fetch adapter, called without a socket.
 * const app = handler(() => Promise.reject(notFound('Nothing here.')))
 * const audits = serverAudits({
 *   url: 'http://api.test',
 *   routes: { notFound: '/nothing' },
 *   fetch: (url, init) => app(new Request(url, init)),
 * })
 * const allow = audits.find((a) => a.id === 'allow')
 * assert.deepStrictEqual(await allow?.run(), {
 *   id: 'allow',
 *   level: 'MUST',
 *   name: 'MUST send Allow with a 405, without the refused method',
 *   status: 'skip',
 *   reason: 'no methodNotAllowed route given',
 * })
 * const head = await audits.find((a) => a.id === 'head')?.run()
 * assert.strictEqual(head?.status, 'ok')
 *
 * @category audits
 * @since 0.2.0
 */
export const serverAudits = (options: ServerAuditOptions): ReadonlyArray<Audit> =>
  definitions.map((d) => audit(d, options))

/**
 * Runs every audit, one after the other, and answers their results in the order of
 * `auditIds`. Never rejects.
 *
 * @example
 * import { methodNotAllowed } from 'errmap'
 * import { handler } from 'errmap/fetch'
 * import { auditServer, summarize } from 'errmap/audit'
 *
 * const app = handler(() => Promise.reject(methodNotAllowed(['GET', 'HEAD'])))
 * const results = await auditServer({
 *   url: 'http://api.test',
 *   routes: { methodNotAllowed: { method: 'DELETE', path: '/users' } },
 *   fetch: (url, init) => app(new Request(url, init)),
 * })
 * assert.strictEqual(results.find((r) => r.id === 'allow')?.reason, 'DELETE /users → 405 with Allow: GET, HEAD')
 * assert.deepStrictEqual(summarize(results), { ok: 5, warn: 0, error: 0, skip: 13 })
 *
 * @category audits
 * @since 0.2.0
 */
export const auditServer = async (
  options: ServerAuditOptions,
): Promise<ReadonlyArray<AuditResult>> => {
  const results: Array<AuditResult> = []
  for (const a of serverAudits(options)) results.push(await a.run())
  return results
}

/**
 * Why the server cannot be reached, or `undefined` when it answers. One bounded request,
 * as the audits send it: to the first route given, in the order of `routeKinds`, but
 * `tooManyRequests` (each of its requests counts towards the limit it provokes); to the
 * base URL when there is no other. Any response, whatever its status, is an answer; a
 * request that fails before one (the connection refused, the name not resolved, no answer
 * within `timeout`) is not: `http://host/path: fetch failed: connect ECONNREFUSED …`.
 * Never rejects: options that cannot be read are left to the audits to report.
 *
 * @internal
 */
export const unreachable = async (options: ServerAuditOptions): Promise<string | undefined> => {
  try {
    const c = contextOf(options)
    const route = routeKinds
      .filter((k) => k !== 'tooManyRequests')
      .map((k) => c.routes[k])
      .find((r) => r !== undefined) ?? { path: '/' }
    const x = await exchange(c.bounds, route)
    if (x._tag === 'Seen') return undefined
    const line = `${requestLine(route)}: `
    const why = x.reason.startsWith(line) ? x.reason.slice(line.length) : x.reason
    return `${urlOf(c.bounds, route)}: ${why}`
  } catch {
    return undefined
  }
}

/**
 * Counts the results by status.
 *
 * @example
 * import { summarize } from 'errmap/audit'
 *
 * assert.deepStrictEqual(
 *   summarize([{ id: 'allow', level: 'MUST', name: 'MUST send Allow', status: 'error', reason: '' }]),
 *   { ok: 0, warn: 0, error: 1, skip: 0 },
 * )
 *
 * @category audits
 * @since 0.2.0
 */
export const summarize = (results: ReadonlyArray<AuditResult>): AuditSummary => {
  const counts = { ok: 0, warn: 0, error: 0, skip: 0 }
  for (const r of results) counts[r.status]++
  return counts
}
