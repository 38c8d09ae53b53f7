/**
 * RESULTS.md and results.svg from the measurements.
 */
import {
  boomName,
  errmapName,
  FLOOR,
  FORMATS,
  FROM_UNKNOWN,
  httpErrorsName,
  NEGOTIATE,
  NO_ACCEPT,
  SCENARIOS,
  type CoreResult,
} from './core.js'
import { median, spread } from './harness.js'
import { ratioOf, type HttpResult, type HttpRow } from './http.js'
import type { ScalingResult } from './scaling.js'
import {
  BARE,
  BOOM,
  EXPRESS_404,
  EXPRESS_ERRMAP_404,
  EXPRESS_ERRMAP_ERROR,
  EXPRESS_ERROR,
  FASTIFY_404,
  FASTIFY_ERRMAP_404,
  FASTIFY_ERRMAP_ERROR,
  FASTIFY_ERROR,
  FETCH_BARE,
  FETCH_ERRMAP,
  HONO_BARE,
  HONO_ERRMAP,
  HONO_ERRMAP_404,
  HONO_SEND,
  KOA_DEFAULT,
  KOA_ERRMAP,
  NODE_SEND,
} from './servers.js'
import { CORE_ENTRY, FETCH_APP, ONE_404, type SizeResult } from './size.js'

export interface Environment {
  readonly date: string
  readonly command: string
  readonly mode: 'full' | 'quick' | 'custom'
  readonly cpus: string
  readonly os: string
  readonly node: string
  readonly versions: ReadonlyArray<readonly [string, string]>
  readonly loadBefore: ReadonlyArray<number>
  readonly loadAfter: ReadonlyArray<number>
  readonly settings: string
  readonly seconds: number
}

export interface Results {
  readonly env: Environment
  readonly core: CoreResult
  readonly scaling: ScalingResult
  readonly http: HttpResult
  readonly size: SizeResult
}

export interface Target {
  readonly name: string
  readonly goal: string
  readonly measured: string
  readonly met: boolean
}

// -------------------------------------------------------------------------------------
// formatting
// -------------------------------------------------------------------------------------

const int = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'
const x = (n: number, digits = 2): string => (Number.isFinite(n) ? `${n.toFixed(digits)}×` : 'n/a')
const pct = (n: number): string => (Number.isFinite(n) ? `±${n.toFixed(1)}%` : 'n/a')
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`
const esc = (s: string): string => s.replace(/\|/g, '\\|')

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')

const row = (http: HttpResult, name: string): HttpRow | undefined =>
  http.rows.find((r) => r.name === name)

const httpRatio = (
  http: HttpResult,
  a: string,
  b: string,
  key: 'reqPerCpuSec' | 'reqPerSec',
): number => {
  const ra = row(http, a)
  const rb = row(http, b)
  return ra === undefined || rb === undefined ? NaN : ratioOf(ra[key], rb[key])
}

// -------------------------------------------------------------------------------------
// targets
// -------------------------------------------------------------------------------------

/**
 * The framework adapters against each framework's own default (issue 11): errmap ÷ the
 * default, per server-CPU-second, and the goal for that pair.
 */
export const FRAMEWORK_PAIRS: ReadonlyArray<{
  readonly label: string
  readonly errmap: string
  readonly peer: string
  readonly goal: number
}> = [
  {
    label: 'errmap/express `notFoundHandler()` ÷ Express default 404 (finalhandler, no `Error`)',
    errmap: EXPRESS_ERRMAP_404,
    peer: EXPRESS_404,
    goal: 1,
  },
  {
    label:
      'errmap/express `errmap()` + thrown `notFound()` ÷ Express default error handler + http-errors 404 (an `Error` per 404)',
    errmap: EXPRESS_ERRMAP_ERROR,
    peer: EXPRESS_ERROR,
    goal: 2,
  },
  {
    label: 'errmap/fastify not-found ÷ Fastify default 404 (no `Error`)',
    errmap: FASTIFY_ERRMAP_404,
    peer: FASTIFY_404,
    goal: 1,
  },
  {
    label:
      'errmap/fastify + thrown `notFound()` ÷ Fastify default error handler + `statusCode: 404` `Error` (an `Error` per 404)',
    errmap: FASTIFY_ERRMAP_ERROR,
    peer: FASTIFY_ERROR,
    goal: 2,
  },
  {
    label: 'errmap/hono `errmap()` + thrown `notFound()` ÷ bare Hono `c.json`',
    errmap: HONO_ERRMAP,
    peer: HONO_BARE,
    goal: 0.95,
  },
  {
    label: 'errmap/hono `notFoundHandler()` ÷ bare Hono `c.json`',
    errmap: HONO_ERRMAP_404,
    peer: HONO_BARE,
    goal: 0.95,
  },
]

export const targets = (r: Results): ReadonlyArray<Target> => {
  const core404 = r.core.toFloor.get(errmapName('404', 'json')) ?? NaN
  const boom404 = r.core.toFloor.get(boomName('404')) ?? NaN
  const node = httpRatio(r.http, NODE_SEND, BARE, 'reqPerCpuSec')
  const koa = httpRatio(r.http, KOA_ERRMAP, KOA_DEFAULT, 'reqPerCpuSec')
  const gzipped = (name: string): number =>
    r.size.rows.find((s) => s.name === name)?.external?.gzipped ?? NaN
  const entry = gzipped(CORE_ENTRY)
  const app = gzipped(FETCH_APP)
  return [
    {
      name: 'core `toResponse` (404, json) vs the literal floor',
      goal: '≥ 0.50× (≈ 30× Boom)',
      measured: `${x(core404)} (${x(core404 / boom404, 1)} Boom)`,
      met: core404 >= 0.5,
    },
    {
      name: 'errmap/node `send` vs bare node:http, per server-CPU-second',
      goal: '≥ 0.95×',
      measured: x(node),
      met: node >= 0.95,
    },
    {
      name: 'errmap/koa vs Koa default, per server-CPU-second',
      goal: '≥ 2×',
      measured: x(koa),
      met: koa >= 2,
    },
    {
      name: 'core entry (src/index.ts), minified + gzipped, fp-ts/io-ts external',
      goal: '≤ 8 KB',
      measured: kb(entry),
      met: entry <= 8192,
    },
    {
      name: 'a typical fetch app (handler + toResponse + 5 constructors), same measure',
      goal: '≤ 6 KB',
      measured: kb(app),
      met: app <= 6144,
    },
  ]
}

/**
 * The framework adapters' goals (issue 11), each errmap ÷ the framework's default per
 * server-CPU-second: shown in the HTTP section's side-by-side table, not in the project's
 * five targets.
 */
export const frameworkTargets = (r: Results): ReadonlyArray<Target> =>
  FRAMEWORK_PAIRS.map((f) => {
    const ratio = httpRatio(r.http, f.errmap, f.peer, 'reqPerCpuSec')
    return {
      name: `${f.label}, per server-CPU-second`,
      goal: `≥ ${f.goal.toFixed(2)}×`,
      measured: x(ratio),
      met: ratio >= f.goal,
    }
  })

// -------------------------------------------------------------------------------------
// markdown
// -------------------------------------------------------------------------------------

const coreSection = (core: CoreResult): string => {
  const all = table(
    ['candidate', 'ops/s (median)', 'spread (MAD)', '× floor'],
    core.results.map((m) => [
      m.name,
      int(median(m.hz)),
      pct(spread(m.hz)),
      x(core.toFloor.get(m.name) ?? NaN),
    ]),
  )
  const f = (name: string): number => core.toFloor.get(name) ?? NaN
  const side = table(
    [
      'scenario (json)',
      'errmap × floor',
      'Boom × floor',
      'http-errors × floor',
      'errmap ÷ Boom',
      'errmap ÷ http-errors',
    ],
    SCENARIOS.map((s) => {
      const e = f(errmapName(s, 'json'))
      const b = f(boomName(s))
      const h = f(httpErrorsName(s))
      return [s, x(e), x(b, 3), x(h, 3), x(e / b, 1), x(e / h, 1)]
    }),
  )
  const formats = table(
    ['scenario', ...FORMATS.map((fm) => `${fm.name} × floor`)],
    SCENARIOS.map((s) => [s, ...FORMATS.map((fm) => x(f(errmapName(s, fm.name))))]),
  )
  const hz = (name: string): number => median(core.results.find((m) => m.name === name)?.hz ?? [])
  const ns = (name: string): string => `${(1e9 / hz(name)).toFixed(0)} ns`
  return [
    '## Core: toResponse side by side',
    '',
    'Each operation builds a new error and its complete response (status, headers object, ' +
      'serialized body). The floor is `JSON.stringify` of a constant 404 body plus a headers ' +
      'object literal (its `content-length` a constant); Boom and http-errors construct their error, then build the same status, ' +
      'headers and body from it (checked equal to errmap’s `json` answer before measuring). ' +
      'errmap receives `Accept` for the format. `× floor` is the median over rounds of the ' +
      'ratio to the floor measured in the same round. ' +
      `\`${FROM_UNKNOWN}\` classifies a pre-built \`Error\` (no response).`,
    '',
    side,
    '',
    `Diagnostics: one 404 takes ${ns(errmapName('404', 'json'))} with \`Accept: application/json\` ` +
      `and ${ns(NO_ACCEPT)} without (${x(f(NO_ACCEPT))} the floor, which takes ${ns(FLOOR)}); ` +
      `\`negotiate('application/json', …)\` called directly takes ${ns(NEGOTIATE)}.`,
    '',
    formats,
    '',
    '<details><summary>Every candidate</summary>',
    '',
    all,
    '',
    '</details>',
  ].join('\n')
}

const scalingSection = (s: ScalingResult): string =>
  [
    '## Reducer scaling',
    '',
    '`toResponse` over N errors (a mix of 400, 403, 404, 409, 422 and 500) with the default ' +
      'priority and `maxErrors` (100 in the body, the rest counted in `omitted`), `Accept: application/json`.',
    '',
    table(
      [
        'errors',
        'time per call',
        'ns per error',
        'per-error ÷ at 1,000',
        'marginal ns per added error',
      ],
      s.rows.map((r) => {
        const at1k = s.rows.find((q) => q.errors === 1000)?.nsPerError ?? NaN
        return [
          int(r.errors),
          r.nsPerCall >= 1e6
            ? `${(r.nsPerCall / 1e6).toFixed(2)} ms`
            : `${(r.nsPerCall / 1e3).toFixed(2)} µs`,
          r.nsPerError.toFixed(1),
          x(r.nsPerError / at1k),
          r.marginalNsPerError === undefined ? '—' : r.marginalNsPerError.toFixed(1),
        ]
      }),
    ),
    '',
    `Linearity: per-error time at 100,000 ÷ at 1,000 = **${x(s.ratio100kTo1k)}**; ` +
      `fitted slope of log(time) on log(N) over 1,000–100,000 = **${s.slope.toFixed(3)}** ` +
      '(1 is linear, 2 quadratic). ' +
      (Math.abs(s.slope - 1) < 0.15 ? 'Linear within ±15%.' : 'Not linear within ±15%.') +
      ' Below 1,000 errors the fixed cost of rendering up to `maxErrors` errors in the body ' +
      'dominates; the marginal column is the cost of each error beyond the previous size.',
  ].join('\n')

const httpSection = (h: HttpResult): string => {
  const bare = row(h, BARE)
  const rows = h.rows.map((r) => [
    r.name,
    int(median(r.reqPerSec)),
    int(median(r.reqPerCpuSec)),
    `${(100 * median(r.cpuShare)).toFixed(0)}%`,
    bare === undefined ? 'n/a' : x(ratioOf(r.reqPerCpuSec, bare.reqPerCpuSec)),
    bare === undefined ? 'n/a' : x(ratioOf(r.reqPerSec, bare.reqPerSec)),
    Object.entries(r.statuses)
      .map(([k, v]) => `${k}: ${int(v)}`)
      .join(', ') + (r.errors > 0 ? `; ${r.errors} socket errors` : ''),
  ])
  // label, errmap's server, the other server, and the goal if there is one.
  const pairs: ReadonlyArray<readonly [string, string, string, number | undefined]> = [
    ['errmap/node send ÷ bare node:http', NODE_SEND, BARE, 0.95],
    ['errmap/node send ÷ Boom on node:http', NODE_SEND, BOOM, undefined],
    ['errmap/koa ÷ Koa default', KOA_ERRMAP, KOA_DEFAULT, 2],
    ['errmap/fetch ÷ hand-written Response', FETCH_ERRMAP, FETCH_BARE, undefined],
    ...FRAMEWORK_PAIRS.map((f) => [f.label, f.errmap, f.peer, f.goal] as const),
    [
      'errmap/hono `send(c, …)` ÷ bare Hono `c.json` (no middleware; diagnostic)',
      HONO_SEND,
      HONO_BARE,
      undefined,
    ],
  ]
  return [
    '## HTTP',
    '',
    'Every server is a child process on 127.0.0.1 answering `GET /users/42` ' +
      '(`Accept: application/json`) with a 404. The load generator (raw keep-alive sockets, ' +
      'one request in flight per connection) shares the 2 cores, so the cost that counts is ' +
      'requests per second of the **server’s own CPU time**. Ratios are medians over rounds ' +
      'of per-round ratios.',
    '',
    table(
      [
        'server',
        'req/s',
        'req per server-CPU-s',
        'server CPU',
        '× bare (CPU)',
        '× bare (req/s)',
        'responses',
      ],
      rows,
    ),
    '',
    'Side by side: errmap ÷ the other server, per server-CPU-second (the measure of the ' +
      'goals) and per second of wall time.',
    '',
    table(
      ['comparison', 'per server-CPU-s', 'req/s', 'goal (CPU)'],
      pairs.map(([label, a, b, goal]) => {
        const cpu = httpRatio(h, a, b, 'reqPerCpuSec')
        return [
          label,
          x(cpu),
          x(httpRatio(h, a, b, 'reqPerSec')),
          goal === undefined
            ? '—'
            : `≥ ${goal.toFixed(2)}×${cpu >= goal ? ' (met)' : ' (**not met**)'}`,
        ]
      }),
    ),
    '',
    'The frameworks (Express 5, Fastify 5, Hono 4) each run as their users run them. ' +
      'Express runs with `env` set to `production`: its default error handler then answers ' +
      'the status text (in development it sends the stack), and logs every error with ' +
      '`console.error`, as it does in production; that server’s stderr goes to /dev/null, ' +
      'so the write stays in its CPU time. Fastify runs without a logger (its default). ' +
      'Hono is served through the same small Node → Fetch bridge as the Fetch candidates, ' +
      'so the Hono rows share its cost. The bodies differ — each default answers in its ' +
      'own format (below) — so these are the costs of each framework’s own answer.',
    '',
    '<details><summary>What each server does, and its first response</summary>',
    '',
    ...h.rows.map(
      (r) =>
        `- **${r.name}** (pid ${r.pid}): ${r.note}\n\n  \`\`\`http\n  ${(r.sample?.head ?? '(none)')
          .split('\r\n')
          .filter((l) => !/^(date|connection|keep-alive):/i.test(l))
          .join('\n  ')}\n\n  ${r.sample?.body ?? ''}\n  \`\`\``,
    ),
    '',
    '</details>',
  ].join('\n')
}

const sizeSection = (s: SizeResult): string => {
  const cell = (n: number | undefined): string => (n === undefined ? '—' : int(n))
  const core = s.rows.find((r) => r.name === CORE_ENTRY)?.external
  return [
    '## Size',
    '',
    'esbuild (bundle, minify, ESM; `neutral` platform for the core, fetch and graphql entries, ' +
      '`node` for the others and the peers), gzip level 9. "errmap only" leaves fp-ts and io-ts ' +
      'to the application (they are peer dependencies); "all in" bundles them. ' +
      `"${ONE_404}" is what an application that only answers a 404 pays after tree shaking. ` +
      'Boom and http-errors are CommonJS: they are bundled whole, with their dependencies.',
    '',
    table(
      ['entry', 'errmap only: min', 'errmap only: gzip', 'all in: min', 'all in: gzip'],
      s.rows.map((r) => [
        r.name,
        cell(r.external?.minified),
        cell(r.external?.gzipped),
        int(r.bundled.minified),
        int(r.bundled.gzipped),
      ]),
    ),
    ...(s.missing.length > 0 ? ['', `Missing entries: ${s.missing.join(', ')}.`] : []),
    ...(core === undefined
      ? []
      : [
          '',
          '<details><summary>What the core entry is made of (minified bytes per module)</summary>',
          '',
          table(
            ['module', 'bytes'],
            core.inputs.map(([file, bytes]) => [file, int(bytes)]),
          ),
          '',
          '</details>',
        ]),
  ].join('\n')
}

export const markdown = (r: Results): string => {
  const e = r.env
  return [
    '# errmap benchmarks',
    '',
    `Generated by \`${e.command}\` (${e.mode} mode) on ${e.date}, in ${e.seconds.toFixed(0)} s. ` +
      'Numbers from a shared 2-core machine: compare ratios, not absolute rates.',
    '',
    '## Machine',
    '',
    `- CPU: ${e.cpus}`,
    `- OS: ${e.os}`,
    `- Node: ${e.node}`,
    `- Packages: ${e.versions.map(([n, v]) => `${n} ${v}`).join(', ')}`,
    `- Load average (1, 5, 15 min) before: ${e.loadBefore.map((l) => l.toFixed(2)).join(', ')}; ` +
      `after: ${e.loadAfter.map((l) => l.toFixed(2)).join(', ')}`,
    `- Settings: ${e.settings}`,
    '',
    '## Targets',
    '',
    'Goals, not tests.',
    '',
    table(
      ['target', 'goal', 'measured', 'met?'],
      targets(r).map((t) => [t.name, t.goal, t.measured, t.met ? 'met' : '**not met**']),
    ),
    '',
    'The framework adapters’ goals (Express, Fastify, Hono against their own defaults) ' +
      'are in the HTTP section’s side-by-side table.',
    '',
    '![Ratios to the floor](results.svg)',
    '',
    coreSection(r.core),
    '',
    scalingSection(r.scaling),
    '',
    httpSection(r.http),
    '',
    sizeSection(r.size),
    '',
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// svg
// -------------------------------------------------------------------------------------

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

interface Bar {
  readonly label: string
  readonly value: number
  readonly kind: 'floor' | 'errmap' | 'peer'
}

const COLORS: Readonly<Record<Bar['kind'], string>> = {
  floor: '#8a8a8a',
  errmap: '#2f6fbd',
  peer: '#d9822b',
}

const kindOf = (name: string): Bar['kind'] =>
  name === FLOOR || name === BARE ? 'floor' : name.startsWith('errmap') ? 'errmap' : 'peer'

/** Horizontal bars of ratios to the floor: the core panel, then the HTTP panel. */
export const svg = (r: Results): string => {
  const core: ReadonlyArray<Bar> = [
    FLOOR,
    ...FORMATS.map((f) => errmapName('404', f.name)),
    NO_ACCEPT,
    ...SCENARIOS.slice(1).map((s) => errmapName(s, 'json')),
    boomName('404'),
    httpErrorsName('404'),
  ].map((name) => ({ label: name, value: r.core.toFloor.get(name) ?? NaN, kind: kindOf(name) }))
  const bare = row(r.http, BARE)
  const http: ReadonlyArray<Bar> = r.http.rows.map((h) => ({
    label: h.name,
    value: bare === undefined ? NaN : ratioOf(h.reqPerCpuSec, bare.reqPerCpuSec),
    kind: kindOf(h.name),
  }))
  // Title, bars, and the target line (a ratio to the panel's floor).
  const panels: ReadonlyArray<readonly [string, ReadonlyArray<Bar>, number]> = [
    [
      'Core: operations per second, × the literal floor (JSON.stringify + headers literal)',
      core,
      0.5,
    ],
    ['HTTP: requests per server-CPU-second, × bare node:http', http, 0.95],
  ]
  const width = 760
  const labelW = 250
  const barW = 420
  const rowH = 22
  const max = Math.max(
    1.2,
    ...[...core, ...http].map((b) => (Number.isFinite(b.value) ? b.value : 0)),
  )
  const out: Array<string> = []
  let y = 20
  for (const [title, bars, target] of panels) {
    out.push(`<text x="10" y="${y}" font-weight="bold">${xml(title)}</text>`)
    y += 12
    const top = y
    for (const b of bars) {
      const v = Number.isFinite(b.value) ? b.value : 0
      const w = Math.max(1, (v / max) * barW)
      out.push(
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${xml(b.label)}</text>`,
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[b.kind]}"/>`,
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${xml(x(b.value))}</text>`,
      )
      y += rowH
    }
    const one = labelW + barW / max
    const goal = labelW + (target * barW) / max
    out.push(
      `<line x1="${one.toFixed(1)}" y1="${top}" x2="${one.toFixed(1)}" y2="${y}" stroke="#444" stroke-dasharray="4 3"/>`,
      `<line x1="${goal.toFixed(1)}" y1="${top}" x2="${goal.toFixed(1)}" y2="${y}" stroke="#c0392b" stroke-dasharray="2 3"/>`,
      `<text x="${goal.toFixed(1)}" y="${y + 12}" text-anchor="middle" fill="#c0392b">target ${target}×</text>`,
    )
    y += 34
  }
  const legend: ReadonlyArray<readonly [string, Bar['kind']]> = [
    ['floor', 'floor'],
    ['errmap', 'errmap'],
    ['others (Boom, http-errors, Koa, Express, Fastify, Hono, hand-written Fetch)', 'peer'],
  ]
  let lx = 10
  for (const [label, kind] of legend) {
    out.push(
      `<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${COLORS[kind]}"/>`,
      `<text x="${lx + 16}" y="${y}">${xml(label)}</text>`,
    )
    lx += 40 + label.length * 6.5
  }
  y += 14
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${y}" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n')
}
