/**
 * `npm run fuzz [-- --count N] [--seed S] [--adapter A]`: the long fuzz (100 000 values
 * per adapter by default), as a markdown table, then a few findings of each kind with
 * what reproduces them. Exits 1 when anything went wrong.
 */
import { parseArgs } from 'node:util'
import { adapters, failures, fuzz, signature, type Adapter, type Result } from './run.js'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    adapter: { type: 'string', multiple: true },
  },
})

const integer = (name: string, s: string): number => {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`--${name} must be a whole number, not ${s}`)
  return n
}

const count = integer('count', values.count)
const seed = integer('seed', values.seed)
const chosen = (values.adapter ?? [...adapters]).map((a) => {
  if (!(adapters as ReadonlyArray<string>).includes(a))
    throw new Error(`--adapter must be one of ${adapters.join(', ')}, not ${a}`)
  return a as Adapter
})

const results: Array<Result> = []
for (const adapter of chosen) {
  const started = performance.now()
  results.push(await fuzz({ adapter, count, seed }))
  console.error(`${adapter}: ${count} values in ${Math.round(performance.now() - started)} ms`)
}

const columns: ReadonlyArray<[string, (r: Result) => string | number]> = [
  ['adapter', (r) => r.adapter],
  ['values', (r) => r.values],
  ['crashes', (r) => r.crashes],
  ['non-4xx/5xx', (r) => r.badStatus],
  ['secrets/stacks in 5xx', (r) => r.leaks],
  ['CR/LF/NUL', (r) => r.crlf],
  ['>1 s', (r) => r.slow],
  ['header section > 8 KiB', (r) => r.bigHeaders],
  ['invalid JSON body', (r) => r.badJson],
]
const row = (cells: ReadonlyArray<string | number>): string => `| ${cells.join(' | ')} |`
console.log(`seed ${seed}, ${count} values per adapter\n`)
console.log(row(columns.map(([name]) => name)))
console.log(row(columns.map(() => '---')))
for (const r of results) console.log(row(columns.map(([, cell]) => cell(r))))

const failed = results.filter((r) => Object.keys(failures(r)).length > 0)
for (const r of failed) {
  console.log(`\n### ${r.adapter}\n`)
  const keys = Object.entries(r.breakdown).sort(([a], [b]) => a.localeCompare(b))
  for (const [key, n] of keys) {
    console.log(`- ${n} × ${key}`)
    const f = r.findings.find((x) => signature(x.kind, x.detail) === key)
    if (f === undefined || f.n < 0) continue
    const accept = JSON.stringify(f.accept?.slice(0, 60))
    console.log(
      `  - e.g. case ${f.n} (seed ${seed}): ${f.how}, onError ${f.hook}, Accept ${accept}`,
    )
    console.log(`  - value: ${f.value?.slice(0, 400)}`)
  }
}
process.exitCode = failed.length > 0 ? 1 : 0
