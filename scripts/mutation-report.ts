/**
 * `npm run mutate:report`: the per-file table of the Stryker runs kept in
 * reports/mutation/<layer>.json (see stryker.config.mjs and `npm run mutate`), as
 * Markdown on stdout. The score is Stryker's: (killed + timed out) ÷ (every mutant but
 * those that do not compile and those no test reaches are still counted: no coverage
 * lowers the score). Ignored mutants (static ones under `--ignoreStatic`, which would
 * each rerun the whole suite, and those a `Stryker disable` comment judges equivalent) are
 * counted apart and not scored. A static mutant that no test covers (one `ignoreStatic`
 * ignores) counts as ignored whatever its stored status: an incremental run reuses results
 * from runs made before `ignoreStatic`, and under `isolate: false` such a mutant's result
 * says nothing (its module is evaluated once, before any mutant is switched on). This
 * needs `coverageAnalysis: 'perTest'` (stryker.config.mjs), which fills `coveredBy`. A file
 * in several reports is read from the newest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface Mutant {
  readonly status: string
  readonly static?: boolean
  readonly coveredBy?: ReadonlyArray<string>
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
  readonly ignored: number
  readonly errors: number
}

// Oldest first, so that a newer report's row for a file replaces an older one's.
const reports = readdirSync(dir)
  .filter((n) => n.endsWith('.json') && n !== 'mutation.json')
  .map((n) => join(dir, n))
  .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
const byFile = new Map<string, Row>()
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const statusOf = (m: Mutant): string =>
      m.static === true && (m.coveredBy?.length ?? 0) === 0 ? 'Ignored' : m.status
    const count = (s: string): number => mutants.filter((m) => statusOf(m) === s).length
    byFile.set(file, {
      file,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      ignored: count('Ignored'),
      errors: count('CompileError') + count('RuntimeError'),
    })
  }
}
const rows = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file))

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
    ignored: t.ignored + r.ignored,
    errors: t.errors + r.errors,
  }),
  { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 },
)
const line = (name: string, r: Omit<Row, 'file'>): string =>
  `| ${name} | ${score(r).toFixed(1)}% | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} | ${r.errors} |`
process.stdout.write(
  [
    '| file | score | killed | timed out | survived | no coverage | ignored | not compiling |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => line(r.file, r)),
    line('**all files read**', sum),
    '',
  ].join('\n'),
)
