/**
 * `npm run bench`: errmap side by side with the literal floor, Boom, http-errors and Koa —
 * core, reducer scaling, HTTP and size — written to benchmarks/RESULTS.md and
 * benchmarks/results.svg.
 *
 *   npx tsx benchmarks/run.ts            full run (a few minutes)
 *   npx tsx benchmarks/run.ts --quick    smoke run (seconds), written to a temporary directory
 *   --out <dir>                          where to write RESULTS.md and results.svg
 *   --rounds <n> --duration <ms>         HTTP rounds, and milliseconds per server and round
 *                                        (a shorter full run: e.g. `--rounds 5 --duration 1000`)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, type as osType } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleModule, bundleScript, root, src } from './bundle.js'
import { runCore, type Errmap } from './core.js'
import type { Rounds } from './harness.js'
import { runHttp, type HttpOptions } from './http.js'
import { frameworkTargets, markdown, svg, targets, type Results } from './report.js'
import { runScaling } from './scaling.js'
import { runSize } from './size.js'

interface Settings {
  readonly core: Rounds
  readonly scaling: Rounds
  readonly http: HttpOptions
}

const FULL: Settings = {
  core: { rounds: 9, roundMs: 200, warmupMs: 300 },
  scaling: { rounds: 7, roundMs: 300, warmupMs: 300 },
  http: {
    rounds: 7,
    connections: 16,
    durationMs: 2000,
    warmup: { durationMs: 1000 },
    accept: 'application/json',
  },
}

const QUICK: Settings = {
  core: { rounds: 2, roundMs: 10, warmupMs: 10 },
  scaling: { rounds: 1, roundMs: 1, warmupMs: 1 },
  http: {
    rounds: 1,
    connections: 4,
    requests: 200,
    warmup: { requests: 20 },
    accept: 'application/json',
  },
}

const describe = (s: Settings): string =>
  `core ${s.core.rounds} rounds × ${s.core.roundMs} ms (warm-up ${s.core.warmupMs} ms); ` +
  `scaling ${s.scaling.rounds} rounds × ${s.scaling.roundMs} ms; ` +
  `HTTP ${s.http.rounds} rounds × ` +
  (s.http.durationMs === undefined
    ? `${s.http.requests ?? 0} requests`
    : `${s.http.durationMs} ms`) +
  ` per server, ${s.http.connections} connections`

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const outAt = args.indexOf('--out')
const outArg = outAt >= 0 ? args[outAt + 1] : undefined
if (outAt >= 0 && outArg === undefined) {
  process.stderr.write('--out needs a directory\n')
  process.exit(2)
}
// `--rounds` / `--duration`: the HTTP part's rounds and time per server and round.
const positive = (flag: string): number | undefined => {
  const at = args.indexOf(flag)
  if (at < 0) return undefined
  const n = Number(args[at + 1])
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`${flag} needs a positive integer\n`)
    process.exit(2)
  }
  return n
}
const httpRounds = positive('--rounds')
const httpMs = positive('--duration')
const custom = httpRounds !== undefined || httpMs !== undefined
const base = quick ? QUICK : FULL
const settings: Settings = custom
  ? {
      ...base,
      http: {
        ...base.http,
        rounds: httpRounds ?? base.http.rounds,
        ...(httpMs === undefined
          ? {}
          : { durationMs: httpMs, requests: undefined, warmup: { durationMs: 1000 } }),
      },
    }
  : base
const mode = quick ? 'quick' : custom ? 'custom' : 'full'
const out =
  outArg !== undefined
    ? resolve(outArg)
    : quick
      ? mkdtempSync(join(tmpdir(), 'errmap-bench-out-'))
      : join(root, 'benchmarks')

const version = (name: string): string => {
  const pkg = JSON.parse(
    readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { version?: unknown }
  return String(pkg.version)
}

const log = (s: string): void => {
  process.stdout.write(`${s}\n`)
}

const main = async (): Promise<number> => {
  const began = performance.now()
  const loadBefore = loadavg()
  const work = mkdtempSync(join(tmpdir(), 'errmap-bench-'))
  try {
    log(`errmap benchmarks (${mode}): bundling into ${work}`)
    const m = (await import(
      pathToFileURL(await bundleModule(src('index.ts'), join(work, 'errmap.mjs'))).href
    )) as Errmap
    const script = await bundleScript(
      join(root, 'benchmarks', 'server-child.ts'),
      join(work, 'server.cjs'),
    )

    log('core…')
    const core = runCore(m, settings.core)
    log('reducer scaling…')
    const scaling = runScaling(m, settings.scaling)
    log('HTTP…')
    const http = await runHttp(script, settings.http)
    log('size…')
    const size = await runSize()

    const results: Results = {
      env: {
        date: new Date().toISOString(),
        command: args.length === 0 ? 'npm run bench' : `npm run bench -- ${args.join(' ')}`,
        mode,
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
        os: `${osType()} ${release()}`,
        node: process.version,
        versions: [
          '@hapi/boom',
          'http-errors',
          'koa',
          'express',
          'fastify',
          'hono',
          'fp-ts',
          'io-ts',
          'esbuild',
        ].map((n) => [n, version(n)] as const),
        loadBefore,
        loadAfter: loadavg(),
        settings: describe(settings),
        seconds: (performance.now() - began) / 1000,
      },
      core,
      scaling,
      http,
      size,
    }
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'RESULTS.md'), markdown(results))
    writeFileSync(join(out, 'results.svg'), svg(results))
    for (const t of [...targets(results), ...frameworkTargets(results)])
      log(`${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${t.measured} (goal ${t.goal})`)
    log(`checksum ${core.sink + scaling.sink}`)
    log(`wrote ${join(out, 'RESULTS.md')} and results.svg`)
    // Every server must have answered every request with its 404.
    const wrong = http.rows.filter(
      (r) => r.errors > 0 || Object.keys(r.statuses).some((s) => s !== '404') || r.requests === 0,
    )
    for (const r of wrong)
      log(`server ${r.name} answered ${JSON.stringify(r.statuses)}, ${r.errors} errors`)
    return wrong.length === 0 ? 0 : 1
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  },
)
