/**
 * `npm run bench:versus -- <rev>`: the core of a git revision and of the working tree,
 * side by side in one process, their candidates interleaved in every round — so a
 * before/after comparison on a noisy machine is one run, not two. Prints each scenario as
 * a ratio to the literal floor before and after, and after ÷ before.
 *
 *   npx tsx benchmarks/versus.ts ffd032c          full rounds
 *   npx tsx benchmarks/versus.ts ffd032c --quick  a smoke run
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleModule, root, src } from './bundle.js'
import { candidates, FLOOR, NEGOTIATE, verify, type Errmap } from './core.js'
import { compare, median, type Candidate, type Measured, type Rounds } from './harness.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const rev = args.find((a) => !a.startsWith('--')) ?? 'HEAD'
const rounds: Rounds = quick
  ? { rounds: 2, roundMs: 10, warmupMs: 10 }
  : { rounds: 9, roundMs: 200, warmupMs: 300 }

// Inside the repository, so that the revision's imports resolve to these node_modules.
const work = join(root, 'benchmarks', '.tmp', 'versus')

const load = async (entry: string, out: string): Promise<Errmap> =>
  (await import(pathToFileURL(await bundleModule(entry, out)).href)) as Errmap

const main = async (): Promise<void> => {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  try {
    const archive = execFileSync('git', ['archive', rev, 'src'], { cwd: root })
    execFileSync('tar', ['-x', '-C', work], { input: archive })
    const before = await load(join(work, 'src', 'index.ts'), join(work, 'before.mjs'))
    const after = await load(src('index.ts'), join(work, 'after.mjs'))
    verify(before)
    verify(after)
    // The negotiation candidate measures the working tree's own module: not a comparison.
    const named = (prefix: string, m: Errmap): ReadonlyArray<Candidate> =>
      candidates(m)
        .filter((c) => c.name !== FLOOR && c.name !== NEGOTIATE)
        .map((c) => ({ name: `${prefix} ${c.name}`, op: c.op }))
    const floor = candidates(after).find((c) => c.name === FLOOR) as Candidate
    const { results, sink } = compare(
      [floor, ...named('before', before), ...named('after', after)],
      rounds,
    )
    const byName = new Map(results.map((r) => [r.name, r]))
    const base = byName.get(FLOOR) as Measured
    // Per-round ratios, then their median: the rounds share the machine's state.
    const toFloor = (r: Measured): number => median(r.hz.map((hz, i) => hz / (base.hz[i] ?? NaN)))
    const perRound = (a: Measured, b: Measured): number =>
      median(a.hz.map((hz, i) => hz / (b.hz[i] ?? NaN)))
    const lines = [
      `core, ${rev} (before) vs the working tree (after), one process, ${rounds.rounds} rounds × ${rounds.roundMs} ms`,
      '',
      '| scenario | before × floor | after × floor | after ÷ before |',
      '| --- | ---: | ---: | ---: |',
    ]
    for (const c of named('after', after)) {
      const name = c.name.slice('after '.length)
      const a = byName.get(`after ${name}`) as Measured
      const b = byName.get(`before ${name}`) as Measured
      lines.push(
        `| ${name} | ${toFloor(b).toFixed(2)}× | ${toFloor(a).toFixed(2)}× | ${perRound(a, b).toFixed(2)}× |`,
      )
    }
    process.stdout.write(`${lines.join('\n')}\n\nchecksum ${sink}\n`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})
