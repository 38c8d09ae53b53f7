/**
 * The fuzz: hostile values (test/fuzz/values.ts) thrown — or rejected, every other
 * request — by a route behind each adapter, answered over real sockets on 127.0.0.1,
 * and what went wrong counted: crashes, statuses outside 400–599, secrets or stack frames
 * in 5xx bodies, CR/LF/NUL in headers, slow answers, header sections over 8 KiB, JSON
 * bodies that do not parse.
 *
 * Deterministic: the n-th case depends only on the seed and n (cases are drawn in batches
 * of `batch`, batch b with seed `seed + b`), so `caseAt(seed, n)` gives it back.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import * as fc from 'fast-check'
import Koa from 'koa'
import Koa2 from 'koa2'
import { policy, type Policy } from 'errmap'
import * as fetchAdapter from 'errmap/fetch'
import * as koaAdapter from 'errmap/koa'
import * as nodeAdapter from 'errmap/node'
import { fetchRequest, listen, type Running } from '../support/http.js'
import { fuzzCase, SECRET, type FuzzCase, type Hook } from './values.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The adapters under fuzz. */
export const adapters = ['node', 'fetch', 'fetch-direct', 'koa3', 'koa2'] as const
export type Adapter = (typeof adapters)[number]

export interface Counts {
  /** Values thrown (one request each). */
  readonly values: number
  /** Unhandled rejections or exceptions, connection resets, adapter promise rejections. */
  readonly crashes: number
  /** Statuses outside 400–599. */
  readonly badStatus: number
  /** 5xx bodies with the secret marker or a stack frame (`"    at "`). */
  readonly leaks: number
  /** CR, LF or NUL in a response header name or value. */
  readonly crlf: number
  /** Responses slower than 1 s. */
  readonly slow: number
  /** Header sections over 8 KiB (name + value + 4 per header). */
  readonly bigHeaders: number
  /** JSON content types whose body does not parse. */
  readonly badJson: number
}

export type Kind = Exclude<keyof Counts, 'values'>

export const kinds: ReadonlyArray<Kind> = [
  'crashes',
  'badStatus',
  'leaks',
  'crlf',
  'slow',
  'bigHeaders',
  'badJson',
]

/** One thing that went wrong, with what reproduces it. */
export interface Finding {
  readonly kind: Kind
  /** The case's index; -1 when a process-level event names none. */
  readonly n: number
  readonly how: 'throw' | 'reject' | undefined
  readonly hook: Hook | undefined
  readonly accept: string | undefined
  readonly value: string | undefined
  readonly detail: string
}

export interface Result extends Counts {
  readonly adapter: Adapter
  /** A few findings of each kind (the first of each signature, at most 12 per kind). */
  readonly findings: ReadonlyArray<Finding>
  /** How many findings of each kind and detail (numbers in the detail left out). */
  readonly breakdown: Readonly<Record<string, number>>
}

export interface Options {
  readonly adapter: Adapter
  readonly count: number
  readonly seed: number
  /** Requests in flight at once (16). */
  readonly concurrency?: number
}

/** A response slower than this is counted. */
export const SLOW_MS = 1000
/** A header section larger than this is counted. */
export const HEADER_BOUND = 8 * 1024
// A response that has not ended by then is given up (counted slow).
const GIVE_UP_MS = 10_000
const batch = 256

// -------------------------------------------------------------------------------------
// cases
// -------------------------------------------------------------------------------------

const draw = (seed: number, b: number): ReadonlyArray<FuzzCase> =>
  fc.sample(fuzzCase, { seed: seed + b, numRuns: batch })

/** The n-th case of a seed, as `fuzz` draws it. */
export const caseAt = (seed: number, n: number): FuzzCase =>
  draw(seed, Math.floor(n / batch))[n % batch] as FuzzCase

/** How the n-th route fails: it throws (even n) or returns a rejected promise (odd n). */
export const howOf = (n: number): 'throw' | 'reject' => (n % 2 === 0 ? 'throw' : 'reject')

// Throws or rejects with a fresh value of the case.
const raise = (n: number, c: FuzzCase): Promise<never> => {
  const v = c.value.make()
  if (howOf(n) === 'throw') throw v
  return Promise.reject(v)
}

// -------------------------------------------------------------------------------------
// policies
// -------------------------------------------------------------------------------------

const read = (u: unknown): void => {
  try {
    JSON.stringify(u)
  } catch {
    // hostile: it may throw
  }
  try {
    String(u)
  } catch {
    // hostile: it may throw
  }
}

const policies: Readonly<Record<Hook, Policy>> = {
  none: policy(),
  throws: policy({
    onError: () => {
      throw new Error(`${SECRET}: onError throws`)
    },
  }),
  rejects: policy({
    onError: async (_e, _cause, request) => {
      await Promise.resolve()
      throw new Error(`onError rejected (request ${String(request.requestId)})`)
    },
  }),
  reads: policy({
    onError: (e, cause, request) => {
      read(e)
      read(e.message)
      read(e.code)
      read((e as { readonly status?: unknown }).status)
      read(e.details)
      read(cause)
      read(request)
    },
  }),
}

const perHook = <A>(f: (p: Policy) => A): Readonly<Record<Hook, A>> => ({
  none: f(policies.none),
  throws: f(policies.throws),
  rejects: f(policies.rejects),
  reads: f(policies.reads),
})

// -------------------------------------------------------------------------------------
// what a client saw
// -------------------------------------------------------------------------------------

interface Seen {
  readonly status: number
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: string
  readonly ms: number
}

type Outcome =
  | { readonly ok: true; readonly seen: Seen }
  | { readonly ok: false; readonly error: string; readonly ms: number }

const describeError = (e: unknown): string => {
  if (e instanceof Error) {
    const code = (e as { readonly code?: unknown }).code
    return `${e.name}${typeof code === 'string' ? ` ${code}` : ''}: ${e.message.slice(0, 200)}`
  }
  try {
    return String(e).slice(0, 200)
  } catch {
    return typeof e
  }
}

const clip = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`

const jsonType = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

const controls = /[\r\n\0]/

// -------------------------------------------------------------------------------------
// servers
// -------------------------------------------------------------------------------------

interface Target {
  /** Answers the n-th request. */
  readonly ask: (n: number, c: FuzzCase) => Promise<Outcome>
  readonly close: () => Promise<void>
}

type Crash = (n: number, detail: string) => void

const caseOf = (path: string, table: ReadonlyMap<number, FuzzCase>): [number, FuzzCase] => {
  const n = Number(path.slice(1))
  const c = table.get(n)
  if (c === undefined) throw new Error(`no case at ${path}`)
  return [n, c]
}

const nodeListener = (table: ReadonlyMap<number, FuzzCase>, crash: Crash) => {
  const handlers = perHook((p) =>
    nodeAdapter.handler((req) => raise(...caseOf(req.url ?? '', table)), p),
  )
  return (req: IncomingMessage, res: ServerResponse): void => {
    const [n, c] = caseOf(req.url ?? '', table)
    handlers[c.hook](req, res).catch((e: unknown) =>
      crash(n, `the node handler rejected: ${describeError(e)}`),
    )
  }
}

const fetchHandlers = (table: ReadonlyMap<number, FuzzCase>) =>
  perHook((p) =>
    fetchAdapter.handler((request) => raise(...caseOf(new URL(request.url).pathname, table)), p),
  )

// A Fetch handler behind Node's http: the Request in, the Response out (several field
// lines of one name stay several).
const fetchListener = (table: ReadonlyMap<number, FuzzCase>, crash: Crash) => {
  const handlers = fetchHandlers(table)
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [n, c] = caseOf(req.url ?? '', table)
    let response: Response
    try {
      response = await handlers[c.hook](await fetchRequest(req))
    } catch (e) {
      crash(n, `the fetch handler rejected: ${describeError(e)}`)
      res.destroy()
      return
    }
    try {
      // No prototype: a header named `constructor` or `__proto__` is a header.
      const headers = Object.create(null) as Record<string, Array<string>>
      response.headers.forEach((value, name) => (headers[name] ??= []).push(value))
      res.writeHead(response.status, { ...headers })
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (e) {
      crash(n, `Node refused the Fetch Response: ${describeError(e)}`)
      res.destroy()
    }
  }
}

const koaListener = (K: typeof Koa, table: ReadonlyMap<number, FuzzCase>, crash: Crash) => {
  const app = new K()
  app.silent = true
  app.on('error', () => undefined) // 5xx are emitted, as Koa users expect
  const middlewares = perHook((p) => koaAdapter.errmap(p))
  app.use(async (ctx, next) => {
    const [n, c] = caseOf(ctx.path, table)
    try {
      await middlewares[c.hook](ctx, next)
    } catch (e) {
      crash(n, `the koa middleware rejected: ${describeError(e)}`)
      throw e
    }
  })
  app.use((ctx) => raise(...caseOf(ctx.path, table)))
  return app.callback()
}

// A GET with the case's Accept and its index as the request id, read whole by node:http
// with a lenient parser and no header size limit, so a bad response is seen, not refused.
const get = (agent: Agent, url: string, n: number, c: FuzzCase): Promise<Outcome> =>
  new Promise((resolve) => {
    const start = performance.now()
    const ms = (): number => performance.now() - start
    let done = false
    const finish = (o: Outcome): void => {
      if (done) return
      done = true
      resolve(o)
    }
    const fail = (e: unknown): void => finish({ ok: false, error: describeError(e), ms: ms() })
    const req = request(
      `${url}/${n}`,
      {
        agent,
        headers: { accept: c.accept, 'x-request-id': String(n) },
        insecureHTTPParser: true,
        maxHeaderSize: 64 * 1024 * 1024,
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', fail)
        res.on('close', () => {
          if (!res.complete) fail(new Error('the response was cut'))
        })
        res.on('end', () => {
          if (!res.complete) return fail(new Error('the response was cut'))
          const headers: Array<[string, string]> = []
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string])
          finish({
            ok: true,
            seen: {
              status: res.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: ms(),
            },
          })
        })
      },
    )
    req.setTimeout(GIVE_UP_MS, () => req.destroy(new Error(`no response after ${GIVE_UP_MS} ms`)))
    req.on('error', fail)
    req.end()
  })

const socketTarget = async (
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Target> => {
  const server: Running = await listen(createServer(listener))
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  return {
    ask: (n, c) => get(agent, server.url, n, c),
    close: async () => {
      agent.destroy()
      await server.close()
    },
  }
}

// The Fetch handler called directly, without a socket.
const directTarget = (table: ReadonlyMap<number, FuzzCase>): Target => {
  const handlers = fetchHandlers(table)
  return {
    ask: async (n, c) => {
      const start = performance.now()
      let timer: NodeJS.Timeout | undefined
      try {
        const request = new Request(`http://fuzz.invalid/${n}`, {
          headers: { accept: c.accept, 'x-request-id': String(n) },
        })
        const response = await Promise.race([
          Promise.resolve().then(() => handlers[c.hook](request)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no response after ${GIVE_UP_MS} ms`)),
              GIVE_UP_MS,
            )
          }),
        ])
        const headers: Array<[string, string]> = []
        response.headers.forEach((value, name) => headers.push([name, value]))
        const body = await response.text()
        return {
          ok: true,
          seen: { status: response.status, headers, body, ms: performance.now() - start },
        }
      } catch (e) {
        return {
          ok: false,
          error: `the fetch handler rejected: ${describeError(e)}`,
          ms: performance.now() - start,
        }
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => Promise.resolve(),
  }
}

const target = (
  adapter: Adapter,
  table: ReadonlyMap<number, FuzzCase>,
  crash: Crash,
): Promise<Target> => {
  switch (adapter) {
    case 'node':
      return socketTarget(nodeListener(table, crash))
    case 'fetch': {
      const listener = fetchListener(table, crash)
      return socketTarget((req, res) => void listener(req, res))
    }
    case 'fetch-direct':
      return Promise.resolve(directTarget(table))
    case 'koa3':
      return socketTarget(koaListener(Koa, table, crash))
    case 'koa2':
      return socketTarget(koaListener(Koa2, table, crash))
  }
}

// -------------------------------------------------------------------------------------
// the fuzz
// -------------------------------------------------------------------------------------

/** A finding's kind and detail without its numbers (but a bad status): what `breakdown` counts by. */
export const signature = (kind: Kind, detail: string): string =>
  `${kind}: ${kind === 'badStatus' ? detail : detail.replace(/\d+/g, '#')}`

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Fires `count` requests at one adapter, `concurrency` at a time, and counts what went
 * wrong. Starts its server on 127.0.0.1 port 0 and closes it at the end.
 */
export const fuzz = async ({
  adapter,
  count,
  seed,
  concurrency = 16,
}: Options): Promise<Result> => {
  const counts: Record<keyof Counts, number> = {
    values: 0,
    crashes: 0,
    badStatus: 0,
    leaks: 0,
    crlf: 0,
    slow: 0,
    bigHeaders: 0,
    badJson: 0,
  }
  const findings: Array<Finding> = []
  const seenDetails = new Set<string>()
  const table = new Map<number, FuzzCase>()
  const known = new Map<number, FuzzCase>()

  const breakdown: Record<string, number> = {}
  const note = (kind: Kind, n: number, detail: string): void => {
    counts[kind]++
    const key = signature(kind, detail)
    breakdown[key] = (breakdown[key] ?? 0) + 1
    if (seenDetails.has(key) || findings.filter((f) => f.kind === kind).length >= 12) return
    seenDetails.add(key)
    const c = known.get(n)
    findings.push({
      kind,
      n,
      how: c === undefined ? undefined : howOf(n),
      hook: c?.hook,
      accept: c === undefined ? undefined : clip(c.accept, 100),
      value: c === undefined ? undefined : clip(c.value.show, 2000),
      detail,
    })
  }
  const crash: Crash = (n, detail) => note('crashes', n, detail)
  const processLevel =
    (event: string) =>
    (e: unknown): void => {
      const named = /\(request (\d+)\)/.exec(describeError(e))
      crash(named === null ? -1 : Number(named[1]), `${event}: ${describeError(e)}`)
    }
  const onRejection = processLevel('unhandledRejection')
  const onException = processLevel('uncaughtException')
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)

  const check = (n: number, o: Outcome): void => {
    counts.values++
    if (!o.ok) {
      note('crashes', n, o.error)
      if (o.ms > SLOW_MS) note('slow', n, `${Math.round(o.ms)} ms, then: ${o.error}`)
      return
    }
    const { status, headers, body, ms } = o.seen
    if (!(status >= 400 && status <= 599)) note('badStatus', n, `status ${status}`)
    if (status >= 500 && body.includes(SECRET)) note('leaks', n, `the secret in a ${status} body`)
    else if (status >= 500 && body.includes('    at '))
      note('leaks', n, `a stack frame in a ${status} body`)
    let size = 0
    for (const [name, value] of headers) {
      size += name.length + value.length + 4
      if (controls.test(name) || controls.test(value))
        note(
          'crlf',
          n,
          `header ${JSON.stringify(name.slice(0, 40))}: ${JSON.stringify(value.slice(0, 80))}`,
        )
    }
    if (ms > SLOW_MS) note('slow', n, `${Math.round(ms)} ms`)
    if (size > HEADER_BOUND) {
      const largest = headers.reduce((a, b) =>
        b[0].length + b[1].length > a[0].length + a[1].length ? b : a,
      )
      note(
        'bigHeaders',
        n,
        `${size} bytes of headers, ${largest[0]}: ${largest[1].length} characters`,
      )
    }
    const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
    if (type !== undefined && jsonType.test(type))
      try {
        JSON.parse(body)
      } catch {
        note('badJson', n, `${type} body: ${JSON.stringify(body.slice(0, 80))}`)
      }
  }

  const t = await target(adapter, table, crash)
  try {
    for (let first = 0; first < count; first += batch) {
      const cases = draw(seed, first / batch).slice(0, Math.min(batch, count - first))
      table.clear()
      cases.forEach((c, i) => {
        table.set(first + i, c)
        known.set(first + i, c)
      })
      let next = first
      const worker = async (): Promise<void> => {
        while (next < first + cases.length) {
          const n = next++
          check(n, await t.ask(n, table.get(n) as FuzzCase))
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker))
      // Late process-level events (a rejection of an async onError) of this batch.
      await tick()
      await tick()
      // Keep the cases of findings only.
      for (const n of table.keys()) if (!findings.some((f) => f.n === n)) known.delete(n)
    }
  } finally {
    await t.close()
    await tick()
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
  return { adapter, ...counts, findings, breakdown }
}

/** The counts that are not zero, besides `values`. */
export const failures = (r: Counts): Partial<Record<Kind, number>> => {
  const out: Partial<Record<Kind, number>> = {}
  for (const k of kinds) if (r[k] !== 0) out[k] = r[k]
  return out
}
