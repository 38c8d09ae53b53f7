import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
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
} from '../benchmarks/core.js'
import { SIZES } from '../benchmarks/scaling.js'
import { SERVERS } from '../benchmarks/servers.js'

const root = resolve(import.meta.dirname, '..')

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

// The smoke mode, as `npm run bench -- --quick` runs it, in a child process.
const quick = (out: string): Promise<Run> =>
  new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'benchmarks/run.ts', '--quick', '--out', out],
      { cwd: root, timeout: 120_000 },
      (error, stdout, stderr) =>
        done({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        }),
    )
  })

describe('benchmarks, quick mode (no timing is asserted)', () => {
  it('runs every section and writes RESULTS.md and results.svg with every candidate', async () => {
    const out = mkdtempSync(join(tmpdir(), 'errmap-bench-test-'))
    try {
      const run = await quick(out)
      expect(run.code, run.stderr).toBe(0)
      const md = readFileSync(join(out, 'RESULTS.md'), 'utf8')
      const headings = md.split('\n').filter((l) => l.startsWith('## '))
      expect(headings).toEqual([
        '## Machine',
        '## Targets',
        '## Core: toResponse side by side',
        '## Reducer scaling',
        '## HTTP',
        '## Size',
      ])
      const names = [
        FLOOR,
        FROM_UNKNOWN,
        NO_ACCEPT,
        NEGOTIATE,
        ...SCENARIOS.flatMap((s) => [
          ...FORMATS.map((f) => errmapName(s, f.name)),
          boomName(s),
          httpErrorsName(s),
        ]),
        ...SERVERS.map((s) => s.name),
      ]
      expect(names.filter((n) => !md.includes(`| ${n} |`))).toEqual([])
      const scalingRows = SIZES.map((n) => `| ${n.toLocaleString('en-US')} |`)
      expect(scalingRows.filter((r) => !md.includes(r))).toEqual([])
      // Every target is reported, met or not.
      expect(md.match(/\| (met|\*\*not met\*\*) \|/g)?.length).toBe(5)
      expect(md).not.toContain('NaN')
      const svg = readFileSync(join(out, 'results.svg'), 'utf8')
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 120_000)
})
