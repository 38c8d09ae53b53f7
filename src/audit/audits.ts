/**
 * The audits: each one duty of an HTTP error response, with a stable id, the level its
 * source gives it, the routes it needs and the check, run over a real exchange with the
 * server. docs/AUDIT.md lists them; docs/STATUS-TABLES.md holds the status rules cited.
 *
 * @internal
 */
import { isToken } from '../internal/grammar.js'
import { isErrorStatus } from '../model/Status.js'
import {
  isChallenge,
  isRetryAfter,
  listOf,
  mediaTypeOf,
  problemFaults,
  stackFrame,
  variesOnAccept,
} from './grammar.js'
import {
  exchange,
  requestLine,
  type Bounds,
  type Exchange,
  type Route,
  type Seen,
} from './probe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A route whose failure is a 5xx, and the secret marker that must never show in it (a
 * password in the failing driver's message, say).
 *
 * @category model
 * @since 0.2.0
 */
export interface ServerErrorRoute extends Route {
  readonly secret?: string
}

/**
 * A route answered with a 429, and how many requests it may take to get there (1 by
 * default: the audit sends at most this many, and reads the first 429).
 *
 * @category model
 * @since 0.2.0
 */
export interface TooManyRequestsRoute extends Route {
  readonly attempts?: number
}

/**
 * Where the server says it echoes the request id: the request header it reads
 * (`x-request-id` by default), and whether the id comes back in the body or in that
 * same response header.
 *
 * @category model
 * @since 0.2.0
 */
export interface RequestIdRoute extends Route {
  readonly header?: string
  readonly echo?: 'body' | 'header'
}

/**
 * A failing route whose CORS headers the caller expects to survive the failure: sent
 * with `Origin: origin`, its answer must carry `Access-Control-Allow-Origin`.
 *
 * @category model
 * @since 0.2.0
 */
export interface CorsRoute extends Route {
  readonly origin: string
}

/**
 * How to provoke each error on the server under audit; a string is a GET of that path.
 * An audit whose routes are all missing is skipped.
 *
 * @category model
 * @since 0.2.0
 */
export interface AuditRoutes {
  /** A path nothing serves (404). */
  readonly notFound?: Route | string
  /** A path and a method it does not allow (405). */
  readonly methodNotAllowed?: Route | string
  /** A protected path, asked without credentials (401). */
  readonly unauthorized?: Route | string
  /**
   * A path that refuses a body's media type (415). POST by default, with a body of type
   * `application/x-errmap-audit` unless the route sets its own.
   */
  readonly unsupportedMediaType?: Route | string
  /** A request the server refuses as invalid (400 or 422): a malformed body, say. */
  readonly badRequest?: Route | string
  /** A path that fails with a 5xx. */
  readonly serverError?: ServerErrorRoute | string
  /** A path that answers 429. */
  readonly tooManyRequests?: TooManyRequestsRoute | string
  /** A path that answers 503. */
  readonly serviceUnavailable?: Route | string
  /** Where the request id is echoed (opt-in). */
  readonly requestId?: RequestIdRoute | string
  /** A failing route whose CORS headers must survive (opt-in). */
  readonly cors?: CorsRoute
}

/**
 * The requirement level of an audit, from its source's own words (RFC 2119).
 *
 * @category model
 * @since 0.2.0
 */
export type Level = 'MUST' | 'SHOULD' | 'MAY'

/**
 * `ok`: the duty holds. `error`: a MUST failed, or could not be checked. `warn`: a SHOULD
 * or MAY failed, or could not be checked. `skip`: no route to check it was given.
 *
 * @category model
 * @since 0.2.0
 */
export type AuditStatus = 'ok' | 'warn' | 'error' | 'skip'

/**
 * What one audit found.
 *
 * @category model
 * @since 0.2.0
 */
export interface AuditResult {
  readonly id: AuditId
  readonly level: Level
  readonly name: string
  readonly status: AuditStatus
  readonly reason: string
}

/**
 * The stable ids of the audits, in the order `serverAudits` returns them.
 *
 * @category model
 * @since 0.2.0
 */
export const auditIds = [
  'error-body',
  'content-length',
  'head',
  'head-headers',
  'www-authenticate',
  'allow',
  'accept-415',
  'retry-after',
  'problem-details',
  'problem-offered',
  'unmatched-accept',
  'vary-accept',
  'nosniff',
  'no-leak-5xx',
  'no-crlf',
  'hostile-accept',
  'request-id',
  'cors',
] as const

/**
 * The id of one audit.
 *
 * @category model
 * @since 0.2.0
 */
export type AuditId = (typeof auditIds)[number]

/** A route kind, as `AuditRoutes` names it. @internal */
export type RouteKind = keyof AuditRoutes

/** Every kind of route, in the order the audits and the CLI list them. @internal */
export const routeKinds = [
  'notFound',
  'methodNotAllowed',
  'unauthorized',
  'unsupportedMediaType',
  'badRequest',
  'serverError',
  'tooManyRequests',
  'serviceUnavailable',
  'requestId',
  'cors',
] as const satisfies ReadonlyArray<RouteKind>

// Every kind is listed: a route kind added to `AuditRoutes` and not here does not compile.
const everyKind: [Exclude<RouteKind, (typeof routeKinds)[number]>] extends [never] ? true : never =
  true
void everyKind

/** What a check decided. @internal */
export interface Verdict {
  readonly pass: boolean
  readonly reason: string
}

/** The routes read once, with their defaults. @internal */
export interface Context {
  readonly bounds: Bounds
  readonly routes: Readonly<Partial<Record<RouteKind, Route>>>
  readonly raw: AuditRoutes
  /** Milliseconds a hostile `Accept` may take to be answered. */
  readonly hostileWithin: number
}

/** One audit's definition. @internal */
export interface Definition {
  readonly id: AuditId
  readonly level: Level
  readonly name: string
  /** Where its duty is written: the RFC section, and the section of docs/STATUS-TABLES.md. */
  readonly source: string
  /** The routes it reads; it is skipped when none of them is given. */
  readonly needs: ReadonlyArray<RouteKind>
  readonly check: (c: Context) => Promise<Verdict>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const pass = (reason: string): Verdict => ({ pass: true, reason })
const fail = (reason: string): Verdict => ({ pass: false, reason })

const statusTables = 'docs/STATUS-TABLES.md, "RFC 9110 and RFC 6585: what a status obliges"'

/** The routes answered with an error, for the audits every error response owes. */
const errorKinds: ReadonlyArray<RouteKind> = [
  'notFound',
  'methodNotAllowed',
  'unauthorized',
  'unsupportedMediaType',
  'badRequest',
  'serverError',
  'serviceUnavailable',
]

const line = (s: Seen, route: Route): string => `${requestLine(route)} → ${s.status}`

/** Every given route among `kinds`, in that order. */
const given = (c: Context, kinds: ReadonlyArray<RouteKind>): ReadonlyArray<Route> =>
  kinds.flatMap((k) => {
    const r = c.routes[k]
    return r === undefined ? [] : [r]
  })

/**
 * Runs `judge` on the answer to each route; the verdict fails if one does, listing every
 * failure, and passes with `summary` otherwise.
 */
const eachRoute = async (
  c: Context,
  routes: ReadonlyArray<Route>,
  judge: (s: Seen, route: Route) => string | undefined,
  summary: (n: number) => string,
  extra: Readonly<Record<string, string>> = {},
): Promise<Verdict> => {
  const faults: Array<string> = []
  for (const route of routes) {
    const x = await exchange(c.bounds, route, extra)
    const fault = x._tag === 'Failed' ? x.reason : judge(x, route)
    if (fault !== undefined) faults.push(fault)
  }
  return faults.length === 0 ? pass(summary(routes.length)) : fail(faults.join('; '))
}

/** The answer to `route`, which must have `status`; else the reason it is not usable. */
const expecting = async (
  c: Context,
  route: Route,
  status: number,
  extra: Readonly<Record<string, string>> = {},
): Promise<Seen | string> => {
  const x: Exchange = await exchange(c.bounds, route, extra)
  if (x._tag === 'Failed') return x.reason
  return x.status === status ? x : `${line(x, route)}, not ${status}`
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`

const got = (s: Seen, name: string): string => {
  const v = s.headers.get(name)
  return v === null ? `no ${name}` : `${name}: ${v}`
}

// The headers HEAD must repeat (RFC 9110 §9.3.2): what describes the error, not the body.
const headHeaders = [
  'content-type',
  'vary',
  'x-content-type-options',
  'allow',
  'www-authenticate',
  'retry-after',
  'cache-control',
  'access-control-allow-origin',
] as const

// 64 KiB of media ranges and parameters that make a naive Accept parser quadratic.
const hostileAccept = (): string => {
  const ranges = Array.from(
    { length: 1200 },
    (_, i) => `application/x-${i};q=0.${i % 10};level=${i}`,
  ).join(', ')
  const params = `text/html;${'a=b;'.repeat(8192)}q=0.1`
  return `${ranges}, ${params}`.slice(0, 65536)
}

// What a response splitting probe carries: a CR LF and a header of the audit's own.
const injected = 'x-errmap-audit'
const crlfProbe = `%0D%0A${injected}:%20injected`

// Every header field line as `name: value` (Headers has no iterator without DOM.Iterable).
const fieldLines = (headers: Headers): Array<readonly [string, string]> => {
  const out: Array<readonly [string, string]> = []
  headers.forEach((value, name) => out.push([name, value]))
  return out
}

const unique = (): string =>
  `errmap-audit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

// -------------------------------------------------------------------------------------
// the audits
// -------------------------------------------------------------------------------------

/** Every audit, in the order of `auditIds`. @internal */
export const definitions: ReadonlyArray<Definition> = [
  {
    id: 'error-body',
    level: 'SHOULD',
    name: 'SHOULD answer every 4xx/5xx with a body that has a Content-Type',
    source: `RFC 9110 §15.5, §15.6 (an explanation of the error) and §8.3 (Content-Type) — ${statusTables}, "any"`,
    needs: errorKinds,
    check: (c) =>
      eachRoute(
        c,
        given(c, errorKinds),
        (s, r) =>
          !isErrorStatus(s.status)
            ? `${line(s, r)}, not an error`
            : s.bytes === 0
              ? `${line(s, r)} has no body`
              : s.headers.get('content-type') === null
                ? `${line(s, r)} has a body but no Content-Type`
                : undefined,
        (n) => `${plural(n, 'error')}, each with a body and a Content-Type`,
      ),
  },
  {
    id: 'content-length',
    level: 'MUST',
    name: 'MUST send a Content-Length, if any, equal to the bytes of the body',
    source: 'RFC 9110 §8.6; RFC 9112 §6.3',
    needs: errorKinds,
    check: (c) =>
      eachRoute(
        c,
        given(c, errorKinds),
        (s, r) => {
          const length = s.headers.get('content-length')
          if (length === null) return undefined
          const coding = s.headers.get('content-encoding')
          if (coding !== null && coding.toLowerCase() !== 'identity')
            return `${line(s, r)} is ${coding}-encoded although identity was asked: its length cannot be compared`
          if (s.truncated) return `${line(s, r)} is longer than the audit reads`
          if (s.cut !== undefined)
            return `${line(s, r)} says Content-Length: ${length} but its body stopped after ${plural(s.bytes, 'byte')} (${s.cut})`
          return /^\d+$/.test(length) && Number(length) === s.bytes
            ? undefined
            : `${line(s, r)} says Content-Length: ${length} but sent ${plural(s.bytes, 'byte')}`
        },
        (n) => `${plural(n, 'error')} whose Content-Length, where sent, is exact`,
      ),
  },
  {
    id: 'head',
    level: 'MUST',
    name: 'MUST answer HEAD with the status of GET, no body, and no other Content-Length',
    source: 'RFC 9110 §9.3.2 (HEAD), §8.6 (its Content-Length) — ' + `${statusTables}, "any"`,
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const get = await exchange(c.bounds, { ...route, method: 'GET' })
      const head = await exchange(c.bounds, { ...route, method: 'HEAD' })
      if (get._tag === 'Failed') return fail(get.reason)
      if (head._tag === 'Failed') return fail(head.reason)
      const faults: Array<string> = []
      if (head.status !== get.status) faults.push(`HEAD is ${head.status}, GET ${get.status}`)
      if (head.bytes > 0) faults.push(`HEAD has a body of ${plural(head.bytes, 'byte')}`)
      const length = head.headers.get('content-length')
      const expected = get.headers.get('content-length') ?? String(get.bytes)
      if (length !== null && length !== expected)
        faults.push(`HEAD says Content-Length: ${length}, GET ${expected}`)
      return faults.length === 0
        ? pass(`HEAD ${route.path} → ${head.status}, as GET, without a body`)
        : fail(faults.join('; '))
    },
  },
  {
    id: 'head-headers',
    level: 'SHOULD',
    name: 'SHOULD send the same header fields to HEAD as to GET',
    source: 'RFC 9110 §9.3.2',
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const get = await exchange(c.bounds, { ...route, method: 'GET' })
      const head = await exchange(c.bounds, { ...route, method: 'HEAD' })
      if (get._tag === 'Failed') return fail(get.reason)
      if (head._tag === 'Failed') return fail(head.reason)
      const differ = headHeaders.filter((h) => get.headers.get(h) !== head.headers.get(h))
      return differ.length === 0
        ? pass(
            `HEAD ${route.path} repeats GET's ${headHeaders.filter((h) => get.headers.has(h)).join(', ')}`,
          )
        : fail(differ.map((h) => `HEAD has ${got(head, h)}, GET ${got(get, h)}`).join('; '))
    },
  },
  {
    id: 'www-authenticate',
    level: 'MUST',
    name: 'MUST send a WWW-Authenticate challenge with a 401',
    source: `RFC 9110 §15.5.2, §11.6.1 — ${statusTables}, "401"`,
    needs: ['unauthorized'],
    check: async (c) => {
      const route = c.routes.unauthorized as Route
      const s = await expecting(c, route, 401)
      if (typeof s === 'string') return fail(s)
      const challenge = s.headers.get('www-authenticate')
      if (challenge === null) return fail(`${line(s, route)} without WWW-Authenticate`)
      return isChallenge(challenge)
        ? pass(`${line(s, route)} with WWW-Authenticate: ${challenge}`)
        : fail(`${line(s, route)}: WWW-Authenticate: ${challenge} is not a challenge`)
    },
  },
  {
    id: 'allow',
    level: 'MUST',
    name: 'MUST send Allow with a 405, without the refused method',
    source: `RFC 9110 §15.5.6, §10.2.1 — ${statusTables}, "405"`,
    needs: ['methodNotAllowed'],
    check: async (c) => {
      const route = c.routes.methodNotAllowed as Route
      const s = await expecting(c, route, 405)
      if (typeof s === 'string') return fail(s)
      const allow = s.headers.get('allow')
      if (allow === null) return fail(`${line(s, route)} without Allow`)
      const methods = listOf(allow)
      if (!methods.every(isToken))
        return fail(`${line(s, route)}: Allow: ${allow} is no method list`)
      return methods.includes(route.method ?? 'GET')
        ? fail(`${line(s, route)}: Allow: ${allow} lists the method it refused`)
        : pass(`${line(s, route)} with Allow: ${allow}`)
    },
  },
  {
    id: 'accept-415',
    level: 'SHOULD',
    name: 'SHOULD name the media types it accepts (Accept, Accept-Post or Accept-Patch) with a 415',
    source: `RFC 9110 §15.5.16, §12.5.1; RFC 5789 §3.1 — ${statusTables}, "415"`,
    needs: ['unsupportedMediaType'],
    check: async (c) => {
      const route = c.routes.unsupportedMediaType as Route
      const s = await expecting(c, route, 415)
      if (typeof s === 'string') return fail(s)
      const named = ['accept', 'accept-post', 'accept-patch'].filter(
        (h) => (s.headers.get(h) ?? '').trim() !== '',
      )
      return named.length === 0
        ? fail(`${line(s, route)} names no media type (no Accept, Accept-Post or Accept-Patch)`)
        : pass(`${line(s, route)} with ${named.map((h) => got(s, h)).join(', ')}`)
    },
  },
  {
    id: 'retry-after',
    level: 'MUST',
    name: 'MUST send a valid Retry-After (seconds or an IMF-fixdate), if any, with a 429 or 503',
    source: `RFC 9110 §10.2.3, §5.6.7, §15.6.4; RFC 6585 §4 — ${statusTables}, "429 (RFC 6585)", "503"`,
    needs: ['tooManyRequests', 'serviceUnavailable'],
    check: async (c) => {
      const faults: Array<string> = []
      const seen: Array<string> = []
      const judge = (s: Seen | string, route: Route): void => {
        if (typeof s === 'string') return void faults.push(s)
        const value = s.headers.get('retry-after')
        if (value === null) seen.push(`${line(s, route)} without Retry-After (MAY)`)
        else if (isRetryAfter(value)) seen.push(`${line(s, route)} with Retry-After: ${value}`)
        else
          faults.push(
            `${line(s, route)}: Retry-After: ${value} is neither seconds nor an IMF-fixdate`,
          )
      }
      const busy = c.routes.tooManyRequests
      if (busy !== undefined) {
        const attempts = Math.max(
          1,
          Math.min(20, (c.raw.tooManyRequests as TooManyRequestsRoute).attempts ?? 1),
        )
        let s: Seen | string = 'no attempt'
        for (let i = 0; i < attempts; i++) {
          s = await expecting(c, busy, 429)
          if (typeof s !== 'string') break
        }
        judge(s, busy)
      }
      const down = c.routes.serviceUnavailable
      if (down !== undefined) judge(await expecting(c, down, 503), down)
      return faults.length === 0 ? pass(seen.join('; ')) : fail(faults.join('; '))
    },
  },
  {
    id: 'problem-details',
    level: 'MUST',
    name: 'MUST make an application/problem+json answer a valid RFC 9457 document',
    source: 'RFC 9457 §3, §3.1.2 — docs/STATUS-TABLES.md, "RFC 9457: problem details"',
    needs: errorKinds,
    check: async (c) => {
      const faults: Array<string> = []
      let checked = 0
      for (const route of given(c, errorKinds)) {
        const x = await exchange(c.bounds, route, { accept: 'application/problem+json' })
        if (x._tag === 'Failed') {
          faults.push(x.reason)
          continue
        }
        if (mediaTypeOf(x.headers.get('content-type')) !== 'application/problem+json') continue
        checked++
        const found = x.truncated
          ? ['the body is longer than the audit reads']
          : problemFaults(x.text, x.status)
        if (found.length > 0) faults.push(`${line(x, route)}: ${found.join(', ')}`)
      }
      return faults.length > 0
        ? fail(faults.join('; '))
        : pass(
            checked === 0
              ? 'no answer was application/problem+json: nothing to check'
              : `${plural(checked, 'problem details document')}, each valid`,
          )
    },
  },
  {
    id: 'problem-offered',
    level: 'MAY',
    name: 'MAY answer application/problem+json to a client that asks for it',
    source: 'RFC 9457 §3 (media type), RFC 9110 §12.5.1 (Accept)',
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const x = await exchange(c.bounds, route, { accept: 'application/problem+json' })
      if (x._tag === 'Failed') return fail(x.reason)
      const type = x.headers.get('content-type')
      return mediaTypeOf(type) === 'application/problem+json'
        ? pass(`${line(x, route)} as application/problem+json`)
        : fail(`${line(x, route)} as ${type ?? 'no Content-Type'}, though problem+json was asked`)
    },
  },
  {
    id: 'unmatched-accept',
    level: 'SHOULD',
    name: 'SHOULD answer an error whose Accept matches nothing with that error, not a 406',
    source: 'RFC 9110 §12.5.1 (disregard Accept), §15.5 (explain the error)',
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const plain = await exchange(c.bounds, route)
      const odd = await exchange(c.bounds, route, {
        accept: 'application/x-errmap-audit-unmatched',
      })
      if (plain._tag === 'Failed') return fail(plain.reason)
      if (odd._tag === 'Failed') return fail(odd.reason)
      if (odd.status !== plain.status)
        return fail(
          `with an Accept it cannot match, ${requestLine(route)} is ${odd.status}, not ${plain.status}`,
        )
      if (odd.bytes === 0 || odd.headers.get('content-type') === null)
        return fail(`with an Accept it cannot match, ${line(odd, route)} has no typed body`)
      return pass(
        `${line(odd, route)} with a body of type ${odd.headers.get('content-type')}, Accept unmatched`,
      )
    },
  },
  {
    id: 'vary-accept',
    level: 'SHOULD',
    name: 'SHOULD send Vary: Accept when the error format follows Accept',
    source: 'RFC 9110 §12.5.5',
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const accepts = ['application/json', 'application/problem+json', 'text/html', 'text/plain']
      const seen: Array<Seen> = []
      for (const accept of accepts) {
        const x = await exchange(c.bounds, route, { accept })
        if (x._tag === 'Failed') return fail(x.reason)
        seen.push(x)
      }
      const types = [
        ...new Set(seen.map((s) => mediaTypeOf(s.headers.get('content-type')) ?? 'none')),
      ]
      if (types.length === 1)
        return pass(`${requestLine(route)} is always ${types[0]}: no Vary needed`)
      const bare = seen.filter((s) => !variesOnAccept(s.headers.get('vary')))
      return bare.length === 0
        ? pass(`${requestLine(route)} is ${types.join(' or ')} by Accept, always with Vary: Accept`)
        : fail(
            `${requestLine(route)} is ${types.join(' or ')} by Accept, but ${plural(bare.length, 'answer')} lack Vary: Accept`,
          )
    },
  },
  {
    id: 'nosniff',
    level: 'SHOULD',
    name: 'SHOULD send X-Content-Type-Options: nosniff with every error',
    source: 'the Fetch Standard, "X-Content-Type-Options" (no RFC); docs/DESIGN.md §3',
    needs: errorKinds,
    check: (c) =>
      eachRoute(
        c,
        given(c, errorKinds),
        (s, r) =>
          (s.headers.get('x-content-type-options') ?? '').trim().toLowerCase() === 'nosniff'
            ? undefined
            : `${line(s, r)} has ${got(s, 'x-content-type-options')}`,
        (n) => `${plural(n, 'error')}, each with nosniff`,
      ),
  },
  {
    id: 'no-leak-5xx',
    level: 'SHOULD',
    name: "SHOULD NOT show a stack frame or the failure's secret in a 5xx",
    source: 'RFC 9110 §17 and RFC 9457 §5 (security considerations: no keyword); OWASP',
    needs: ['serverError'],
    check: async (c) => {
      const route = c.routes.serverError as Route
      const secret = (c.raw.serverError as ServerErrorRoute).secret
      const x = await exchange(c.bounds, route)
      if (x._tag === 'Failed') return fail(x.reason)
      if (x.status < 500 || x.status > 599) return fail(`${line(x, route)}, not a 5xx`)
      const everything = [
        String(x.status),
        ...fieldLines(x.headers).map(([k, v]) => `${k}: ${v}`),
        x.text,
      ].join('\n')
      if (secret !== undefined && secret !== '' && everything.includes(secret))
        return fail(`${line(x, route)} shows the secret marker`)
      const frame = stackFrame(x.text)
      if (frame !== undefined) return fail(`${line(x, route)} shows a stack frame: ${frame}`)
      return pass(
        `${line(x, route)} shows no stack frame${secret === undefined ? '' : ' and no secret'}`,
      )
    },
  },
  {
    id: 'no-crlf',
    level: 'MUST',
    name: 'MUST NOT put CR, LF or NUL in a header field, even from the request',
    source: `RFC 9110 §5.5 — ${statusTables}, "any"`,
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const probes: ReadonlyArray<Route> = [
        { ...route, path: `${route.path.replace(/\/+$/, '')}/${crlfProbe}` },
        { ...route, path: `${route.path}${route.path.includes('?') ? '&' : '?'}q=${crlfProbe}` },
      ]
      const faults: Array<string> = []
      for (const probe of probes) {
        const x = await exchange(c.bounds, probe)
        if (x._tag === 'Failed') {
          faults.push(x.reason)
          continue
        }
        if (x.headers.has(injected))
          faults.push(`${line(x, probe)}: the CR LF of the request split a header`)
        for (const [name, value] of fieldLines(x.headers))
          if (/[\r\n\0]/.test(value)) faults.push(`${line(x, probe)}: ${name} holds CR, LF or NUL`)
      }
      return faults.length === 0
        ? pass(`a CR LF in the path and the query split no header`)
        : fail(faults.join('; '))
    },
  },
  {
    id: 'hostile-accept',
    level: 'MUST',
    name: 'MUST answer a 64 KB hostile Accept within the bound, and not with a 5xx',
    source: 'RFC 9110 §5.4 (a field larger than it wishes to process: a 4xx), §12.5.1',
    needs: ['notFound'],
    check: async (c) => {
      const route = c.routes.notFound as Route
      const x = await exchange(c.bounds, route, { accept: hostileAccept() }, c.hostileWithin)
      if (x._tag === 'Failed') return fail(`${x.reason} (within ${c.hostileWithin} ms)`)
      return x.status >= 500
        ? fail(`${line(x, route)}: the hostile Accept broke it`)
        : pass(`${line(x, route)} in ${Math.round(x.ms)} ms`)
    },
  },
  {
    id: 'request-id',
    level: 'SHOULD',
    name: 'SHOULD echo the request id where the server says it does',
    source: "the server's own contract (the route says where); no RFC",
    needs: ['requestId'],
    check: async (c) => {
      const route = c.routes.requestId as Route
      const { header = 'x-request-id', echo = 'body' } = c.raw.requestId as RequestIdRoute
      const id = unique()
      const x = await exchange(c.bounds, route, { [header]: id })
      if (x._tag === 'Failed') return fail(x.reason)
      const found = echo === 'body' ? x.text.includes(id) : x.headers.get(header) === id
      return found
        ? pass(`${line(x, route)} echoes the ${header} in its ${echo}`)
        : fail(`${line(x, route)} does not echo the ${header} in its ${echo}`)
    },
  },
  {
    id: 'cors',
    level: 'SHOULD',
    name: 'SHOULD keep the CORS headers of a failing route',
    source:
      'the Fetch Standard, "CORS protocol" (without them the page cannot read the error); no RFC',
    needs: ['cors'],
    check: async (c) => {
      const route = c.raw.cors as CorsRoute
      const x = await exchange(c.bounds, route, { origin: route.origin })
      if (x._tag === 'Failed') return fail(x.reason)
      if (!isErrorStatus(x.status)) return fail(`${line(x, route)}, not an error`)
      const allowed = x.headers.get('access-control-allow-origin')
      return allowed === route.origin || allowed === '*'
        ? pass(`${line(x, route)} with Access-Control-Allow-Origin: ${allowed}`)
        : fail(
            `${line(x, route)} with ${got(x, 'access-control-allow-origin')} for Origin: ${route.origin}`,
          )
    },
  },
]
