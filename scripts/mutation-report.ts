/**
 * `npm run mutate:report`: the per-file table of the Stryker runs kept in
 * reports/mutation/<layer>.json (see stryker.config.mjs and `npm run mutate`), as
 * Markdown on stdout. The score is Stryker's: (killed + timed out) ÷ (every mutant but
 * those that do not compile and those no test reaches are still counted: no coverage
 * lowers the score).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface Mutant {
  readonly status: string
}
interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: ReadonlyArray<Mutant> }>>
}

const dir = fileURLToPath(new URL('../reports/mutation/', import.meta.url))

interface Row {
  readonly file: string
  readonly killed: number
  readonly timeout: number
  readonly survived: number
  readonly noCoverage: number
  readonly errors: number
}

const rows: Array<Row> = []
for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'mutation.json')) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (s: string): number => mutants.filter((m) => m.status === s).length
    rows.push({
      file,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      errors: count('CompileError') + count('RuntimeError'),
    })
  }
}
rows.sort((a, b) => a.file.localeCompare(b.file))

const score = (r: Omit<Row, 'file'>): number => {
  const detected = r.killed + r.timeout
  const valid = detected + r.survived + r.noCoverage
  return valid === 0 ? 100 : (100 * detected) / valid
}
const sum = rows.reduce(
  (t, r) => ({
    killed: t.killed + r.killed,
    timeout: t.timeout + r.timeout,
    survived: t.survived + r.survived,
    noCoverage: t.noCoverage + r.noCoverage,
    errors: t.errors + r.errors,
  }),
  { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0 },
)
const line = (name: string, r: Omit<Row, 'file'>): string =>
  `| ${name} | ${score(r).toFixed(1)}% | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.errors} |`
process.stdout.write(
  [
    '| file | score | killed | timed out | survived | no coverage | not compiling |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => line(r.file, r)),
    line('**all files read**', sum),
    '',
  ].join('\n'),
)
