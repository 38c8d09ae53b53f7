import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { typecheck, writeSnippets } from './support/typecheck.js'

const root = fileURLToPath(new URL('..', import.meta.url))

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
  const files = writeSnippets('readme', blocks)

  it('has TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5)
  })

  it('every TypeScript snippet type-checks against the sources', () => {
    expect(() => typecheck('readme')).not.toThrow()
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
