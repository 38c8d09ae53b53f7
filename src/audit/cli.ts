/**
 * The `errmap-audit` command, as a function of its arguments: it parses them, runs the
 * audits and writes a table (or JSON), and answers the exit code. It touches no process
 * and no file, so it runs on any runtime; `bin/errmap-audit.ts` is Node's thin shell.
 *
 * @internal
 */
import {
  auditIds,
  routeKinds,
  type AuditResult,
  type AuditRoutes,
  type RouteKind,
} from './audits.js'
import type { FetchLike, Route } from './probe.js'
import { auditServer, summarize, unreachable } from './run.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What `runCli` writes to and fetches with.
 *
 * @category model
 * @since 0.2.0
 */
export interface CliIo {
  /** Receives the output (the table, the JSON or the usage), in pieces. */
  readonly write: (text: string) => void
  /**
   * Receives the line saying the server cannot be reached (standard error, for a
   * process); `write` does when left out.
   */
  readonly error?: (text: string) => void
  /** The Fetch function the audits call (the global `fetch` by default). */
  readonly fetch?: FetchLike
}

interface Parsed {
  readonly url: string
  readonly routes: AuditRoutes
  readonly json: boolean
  readonly strict: boolean
  readonly timeout?: number
}

// -------------------------------------------------------------------------------------
// arguments
// -------------------------------------------------------------------------------------

const usage = `Usage: errmap-audit <url> [--route <kind>=[METHOD ]<path>]... [options]

Audits the HTTP error responses of the server at <url> (RFC 9110, RFC 6585, RFC 9457).

  --route <kind>=[METHOD ]<path>  how to provoke an error; <kind> is one of
        notFound methodNotAllowed unauthorized unsupportedMediaType badRequest
        serverError tooManyRequests serviceUnavailable requestId cors
  --routes <json>     routes as JSON ({"kind": {"method","path","headers","body",…}})
  --secret <text>     a marker the serverError route must never show
  --origin <origin>   the Origin the cors route is asked with
  --timeout <ms>      per request (default 5000)
  --json              the results as JSON
  --strict            exit 1 on a warn too, not only on a MUST failure
  --help              this text

Exit code: 0 when no MUST failed, 1 when one did (with --strict, also on a
warn), 2 on a usage error or when the server cannot be reached (no response at
all to a first request: the connection refused, the name not resolved, or no
answer within the timeout).
`

const isKind = (s: string): s is RouteKind => (routeKinds as ReadonlyArray<string>).includes(s)

// `kind=[METHOD ]path`
const routeSpec = (spec: string): readonly [RouteKind, Route] | string => {
  const m = /^([A-Za-z]+)=(?:([A-Za-z]+)\s+)?(\/\S*)$/.exec(spec)
  if (m === null) return `--route ${spec}: expected <kind>=[METHOD ]/path`
  const [, kind = '', method, path = ''] = m
  if (!isKind(kind)) return `--route ${spec}: unknown kind ${kind}`
  return [kind, method === undefined ? { path } : { method: method.toUpperCase(), path }]
}

const jsonRoutes = (text: string): AuditRoutes | string => {
  try {
    const u: unknown = JSON.parse(text)
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      return '--routes: not a JSON object'
    const unknown = Object.keys(u).filter((k) => !isKind(k))
    return unknown.length > 0 ? `--routes: unknown kind ${unknown.join(', ')}` : (u as AuditRoutes)
  } catch {
    return '--routes: not JSON'
  }
}

const parse = (args: ReadonlyArray<string>): Parsed | string => {
  const urls: Array<string> = []
  let routes: Record<string, unknown> = {}
  let json = false
  let strict = false
  let timeout: number | undefined
  let secret: string | undefined
  let origin: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const value = (): string | undefined => args[++i]
    if (arg === '--json') json = true
    else if (arg === '--strict') strict = true
    else if (
      arg === '--route' ||
      arg === '--routes' ||
      arg === '--secret' ||
      arg === '--origin' ||
      arg === '--timeout'
    ) {
      const v = value()
      if (v === undefined) return `${arg} needs a value`
      if (arg === '--route') {
        const r = routeSpec(v)
        if (typeof r === 'string') return r
        routes = { ...routes, [r[0]]: r[1] }
      } else if (arg === '--routes') {
        const r = jsonRoutes(v)
        if (typeof r === 'string') return r
        routes = { ...routes, ...r }
      } else if (arg === '--secret') secret = v
      else if (arg === '--origin') origin = v
      else if (!/^\d+$/.test(v) || Number(v) === 0) return `--timeout ${v}: milliseconds expected`
      else timeout = Number(v)
    } else if (arg.startsWith('-')) return `unknown option ${arg}`
    else urls.push(arg)
  }
  if (urls.length !== 1) return urls.length === 0 ? 'no <url> given' : 'one <url> only'
  const url = urls[0] as string
  if (!/^https?:\/\/[^/\s]+/i.test(url)) return `${url}: an http(s) URL expected`
  const withField = (kind: RouteKind, field: string, v: string | undefined): void => {
    const r = routes[kind]
    if (v === undefined || r === undefined) return
    routes = { ...routes, [kind]: { ...(typeof r === 'string' ? { path: r } : r), [field]: v } }
  }
  withField('serverError', 'secret', secret)
  withField('cors', 'origin', origin)
  return { url, routes: routes as AuditRoutes, json, strict, timeout }
}

// -------------------------------------------------------------------------------------
// output
// -------------------------------------------------------------------------------------

const mark = { ok: '✔ ok', warn: '! warn', error: '✘ error', skip: '- skip' } as const

/**
 * The results as a table: one line per audit (status, id, name), its reason under it.
 *
 * @internal
 */
export const table = (url: string, results: ReadonlyArray<AuditResult>): string => {
  const s = summarize(results)
  const idWidth = Math.max(...auditIds.map((id) => id.length))
  const head = `errmap-audit ${url}: ${results.length} audits — ${s.ok} ok, ${s.warn} warn, ${s.error} error, ${s.skip} skip\n\n`
  return (
    head +
    results
      .map(
        (r) =>
          `${mark[r.status].padEnd(8)} ${r.id.padEnd(idWidth)}  ${r.name}\n${' '.repeat(idWidth + 11)}${r.reason}\n`,
      )
      .join('')
  )
}

// -------------------------------------------------------------------------------------
// the command
// -------------------------------------------------------------------------------------

/**
 * The `errmap-audit` command: parses `args` (what follows the command's name), runs the
 * audits, writes a table (or `--json`) and answers the exit code: 0 when no MUST failed,
 * 1 when one did (or, with `--strict`, when any audit warned), 2 on a usage error or when
 * the server cannot be reached. Before the audits, one request (to the first route given,
 * else the base URL) checks that the server answers at all; when it fails before any
 * response (the connection refused, the name not resolved, no answer within `--timeout`),
 * no audit runs: one line, `errmap-audit: cannot reach <url>: <why>`, goes to `io.error`
 * (to `io.write` when left out) and the exit code is 2. Never rejects.
 *
 * @example
 * import { unauthorized } from 'errmap'
 * import { handler } from 'errmap/fetch'
 * import { runCli } from 'errmap/audit'
 *
 * const app = handler(() => Promise.reject(unauthorized('Sign in.')))
 * let out = ''
 * const code = await runCli(['http://api.test', '--route', 'unauthorized=/me', '--json'], {
 *   write: (text) => (out += text),
 *   fetch: (url, init) => app(new Request(url, init)),
 * })
 * assert.strictEqual(code, 0)
 * const { results } = JSON.parse(out)
 * assert.strictEqual(results.find((r: { id: string }) => r.id === 'www-authenticate').status, 'ok')
 * assert.strictEqual(await runCli(['--nope'], { write: () => undefined }), 2)
 *
 * @category audits
 * @since 0.2.0
 */
export const runCli = async (args: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  // The caller's writers may throw: the exit code still says how the audit went.
  const writeTo =
    (to: (text: string) => void) =>
    (text: string): void => {
      try {
        to(text)
      } catch {
        /* nothing left to tell it with */
      }
    }
  const write = writeTo(io.write)
  const error = writeTo(io.error ?? io.write)
  if (args.includes('--help')) {
    write(usage)
    return 0
  }
  const parsed = parse(args)
  if (typeof parsed === 'string') {
    write(`errmap-audit: ${parsed}\n\n${usage}`)
    return 2
  }
  const options = {
    url: parsed.url,
    routes: parsed.routes,
    fetch: io.fetch,
    timeout: parsed.timeout,
  }
  const cannot = await unreachable(options)
  if (cannot !== undefined) {
    error(`errmap-audit: cannot reach ${cannot}\n`)
    return 2
  }
  const results = await auditServer(options)
  const s = summarize(results)
  write(
    parsed.json
      ? `${JSON.stringify({ url: parsed.url, summary: s, results }, null, 2)}\n`
      : table(parsed.url, results),
  )
  return s.error > 0 || (parsed.strict && s.warn > 0) ? 1 : 0
}
