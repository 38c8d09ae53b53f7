/**
 * The README as users read it. Every TypeScript block is type-checked against the sources,
 * then run with plain `node` against the built package: esbuild strips its types, the
 * result is written as an `.mjs` file under `.tmp/readme-node/` — inside the repository,
 * so `errmap` resolves through the package's own name and `exports` map to `dist/` — and
 * runs in a fresh process. vitest's resolver takes no part in it, so an import that plain
 * Node ESM refuses (`fp-ts/Either`, a directory) fails here as it fails for a user.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { typecheck, writeSnippets } from './support/typecheck.js'

const root = fileURLToPath(new URL('..', import.meta.url))

/** One fenced code block: the line of its opening fence, its language and marker, its code. */
export interface Block {
  readonly line: number
  readonly lang: string
  readonly marker: string
  readonly code: string
}

/** Every fenced code block of a Markdown text (fences at the start of a line). */
export const fenced = (md: string): ReadonlyArray<Block> => {
  const lines = md.split('\n')
  const out: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)[ \t]*(.*)$/.exec(lines[i] as string)
    if (open === null) continue
    let end = i + 1
    while (end < lines.length && lines[end] !== '```') end++
    const code = lines.slice(i + 1, end).join('\n') + '\n'
    out.push({ line: i + 1, lang: open[1] as string, marker: (open[2] as string).trim(), code })
    i = end
  }
  return out
}

/** The marker of a TypeScript block that is deliberately not runnable: ```` ```ts not-run ````. */
export const notRun = 'not-run'
/** How many README blocks are marked `not-run`: each one must be counted here. */
const markedNotRun = 0

/** Languages whose blocks are code a user would run: all of them must be written `ts`. */
const codeLangs = /^(ts|typescript|tsx|mts|cts|js|javascript|jsx|mjs|cjs)$/

export interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const runDir = join(root, '.tmp', 'readme-node')

/** Strips the block's types, writes it as `.tmp/readme-node/<name>.mjs` and runs it with node. */
export const runOnNode = async (name: string, code: string): Promise<Outcome> => {
  const { code: js } = await transform(code, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: `${name}.ts`,
  })
  mkdirSync(runDir, { recursive: true })
  const file = join(runDir, `${name}.mjs`)
  writeFileSync(file, js)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      { cwd: root, timeout: 20_000, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    )
  })
}

/** The same block on Express 4: `express4` is Express 4 installed under another name. */
const onExpress4 = (code: string): string =>
  code.replace(/(from\s+)(['"])express\2/g, '$1$2express4$2')

describe('the README runner', () => {
  it('finds fenced blocks with their line, language and marker', () => {
    const md = [
      '# x', //                       1
      '```sh', //                     2
      'npm test', //                  3
      '```', //                       4
      '```ts', //                     5
      "import 'errmap'", //           6
      '```', //                       7
      '```ts not-run', //             8
      'declare const x: number', //   9
      '```', //                      10
    ].join('\n')
    expect(fenced(md)).toStrictEqual([
      { line: 2, lang: 'sh', marker: '', code: 'npm test\n' },
      { line: 5, lang: 'ts', marker: '', code: "import 'errmap'\n" },
      { line: 8, lang: 'ts', marker: notRun, code: 'declare const x: number\n' },
    ])
  })

  it('runs on plain node: a directory import of fp-ts fails as it does for users', async () => {
    const out = await runOnNode(
      'runner-directory-import',
      "import * as E from 'fp-ts/Either'\nconsole.log(E.right(1))\n",
    )
    expect([out.code, out.stderr.includes('ERR_UNSUPPORTED_DIR_IMPORT')]).toStrictEqual([1, true])
  })

  it('resolves errmap to the built package, by its name', async () => {
    const out = await runOnNode(
      'runner-self-reference',
      "import { notFound, status } from 'errmap'\n" +
        "import { handler } from 'errmap/node'\n" +
        "console.log(status(notFound()), typeof handler, import.meta.resolve('errmap'))\n",
    )
    expect(out).toStrictEqual({
      code: 0,
      stdout: `404 function ${new URL('../dist/index.js', import.meta.url).href}\n`,
      stderr: '',
    })
  })

  it('fails a block whose assertion fails, one that rejects and one that writes to stderr', async () => {
    const failing = await runOnNode(
      'runner-failing',
      "import assert from 'node:assert'\nassert.strictEqual(1 as number, 2)\n",
    )
    expect([failing.code, failing.stderr.includes('AssertionError')]).toStrictEqual([1, true])
    const rejecting = await runOnNode('runner-rejecting', "await Promise.reject(new Error('no'))\n")
    expect(rejecting.code).toBe(1)
    const noisy = await runOnNode('runner-noisy', "console.error('logged')\n")
    expect(noisy).toStrictEqual({ code: 0, stdout: '', stderr: 'logged\n' })
  })

  it('rewrites the express import for the Express 4 run, and nothing else', () => {
    expect(
      onExpress4("import express from 'express'\nimport { errmap } from 'errmap/express'\n"),
    ).toBe("import express from 'express4'\nimport { errmap } from 'errmap/express'\n")
  })
})

describe('README', () => {
  const all = fenced(readFileSync(join(root, 'README.md'), 'utf8'))
  const code = all.filter((b) => codeLangs.test(b.lang))
  const runnable = code.filter((b) => b.marker === '')
  const marked = code.filter((b) => b.marker === notRun)

  it('writes every code block as ```ts, run or marked not-run; the marked ones are counted', () => {
    expect(
      code.filter((b) => b.lang !== 'ts' || (b.marker !== '' && b.marker !== notRun)),
    ).toStrictEqual([])
    expect(marked.length).toBe(markedNotRun)
    expect(runnable.length).toBeGreaterThanOrEqual(18)
  })

  it('every runnable block type-checks against the sources', () => {
    writeSnippets(
      'readme',
      runnable.map((b) => b.code),
    )
    expect(() => typecheck('readme')).not.toThrow()
  })

  it('the package is built (npm test runs `npm run build` first)', () => {
    expect(existsSync(join(root, 'dist', 'index.js'))).toBe(true)
  })

  rmSync(runDir, { recursive: true, force: true })
  const runs = runnable.flatMap((b) => [
    { name: `README.md:${b.line}`, file: `block-${b.line}`, code: b.code },
    ...(/from\s+['"]express['"]/.test(b.code)
      ? [
          {
            name: `README.md:${b.line} on Express 4`,
            file: `block-${b.line}-express4`,
            code: onExpress4(b.code),
          },
        ]
      : []),
  ])

  it('runs the Express block on Express 4 too', () => {
    expect(runs.some((r) => r.name.endsWith('on Express 4'))).toBe(true)
  })

  for (const r of runs)
    it.concurrent(`${r.name} runs on plain node against the built package`, async () => {
      const out = await runOnNode(r.file, r.code)
      expect({ code: out.code, stderr: out.stderr }, `${r.name}\n${out.stderr}`).toStrictEqual({
        code: 0,
        stderr: '',
      })
    })
})
