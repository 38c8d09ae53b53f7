import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
// Inside the repository, so that the snippets resolve `errmap` through tsconfig's paths.
const dir = join(root, '.tmp', 'readme')

const snippets = (): ReadonlyArray<string> => {
  const md = readFileSync(join(root, 'README.md'), 'utf8')
  const out: Array<string> = []
  let at = md.indexOf('```ts\n')
  while (at >= 0) {
    const end = md.indexOf('\n```', at + 6)
    out.push(md.slice(at + 6, end + 1))
    at = md.indexOf('```ts\n', end + 4)
  }
  return out
}

describe('README', () => {
  const blocks = snippets()
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = blocks.map((code, i) => {
    const file = join(dir, `snippet-${i}.ts`)
    writeFileSync(file, code)
    return file
  })
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { noUnusedLocals: false },
      include: files,
    }),
  )

  it('has TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5)
  })

  it('every TypeScript snippet type-checks against the sources', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = (): string =>
      execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
    expect(run).not.toThrow()
  })

  it.each(files.map((f, i) => [i, f]))('snippet %i runs without throwing', (_, file) => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    expect(() =>
      execFileSync(process.execPath, [tsx, '--tsconfig', join(root, 'tsconfig.json'), file], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).not.toThrow()
  })
})
