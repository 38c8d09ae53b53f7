import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { entries } from '../entries.js'
import { typecheck, writeSnippets } from './support/typecheck.js'

const root = fileURLToPath(new URL('..', import.meta.url))

export interface Example {
  /** `src/File.ts:line`, the line of the `@example` tag. */
  readonly where: string
  /** The export the doc comment documents, when there is one. */
  readonly name: string
  readonly code: string
}

const tagLine = /^@[a-zA-Z]+/

/**
 * Every `@example` block of every doc comment in a source text. A block runs from its tag to
 * the next block tag (`@category`, `@since`, …) or the end of the comment; code fences are
 * dropped. Text after `@example` on the same line is part of the block.
 */
export const extract = (text: string, file: string): ReadonlyArray<Example> => {
  const out: Array<Example> = []
  let at = text.indexOf('/**')
  while (at >= 0) {
    const end = text.indexOf('*/', at + 3)
    if (end < 0) break
    const firstLine = text.slice(0, at).split('\n').length
    const lines = text
      .slice(at + 3, end)
      .split('\n')
      .map((l) => l.replace(/^\s*\*( |$)/, ''))
    const after = /^\s*export\s+(?:const|function|type|interface)\s+([A-Za-z0-9_$]+)/.exec(
      text.slice(end + 2),
    )
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string
      const tag = /(?:^|\s)@example\b/.exec(line)
      if (tag === null) continue
      const body: Array<string> = []
      const rest = line.slice(tag.index + tag[0].length)
      // An inline example ends at the next inline tag.
      const inline = rest.split(/\s@(?=[a-z]+\b)/)[0]?.trim() ?? ''
      if (inline.length > 0) body.push(inline)
      let j = i + 1
      for (; j < lines.length && !tagLine.test((lines[j] as string).trim()); j++)
        body.push(lines[j] as string)
      const code = body
        .filter((l) => !/^\s*```/.test(l))
        .join('\n')
        .trim()
      out.push({ where: `${file}:${firstLine + i}`, name: after?.[1] ?? '(module)', code })
      i = j - 1
    }
    at = text.indexOf('/**', end + 2)
  }
  return out
}

const entry: Readonly<Record<string, string>> = Object.fromEntries(
  entries.map((e) => [e.specifier, e.source]),
)

/** The example as a module: `errmap` imports point at the sources, `assert` is provided. */
export const toModule = (code: string): string =>
  "import assert from 'node:assert/strict'\n" +
  code.replace(/(['"])(errmap(?:\/[a-z]+)?)\1/g, (whole, _q: string, name: string) => {
    const file = entry[name]
    return file === undefined ? whole : JSON.stringify(join(root, file))
  })

interface Outcome {
  readonly code: number | null
  readonly stderr: string
}

// The sources import fp-ts by directory (`fp-ts/Either`), which Node's ESM loader refuses
// (fp-ts 2 has no `exports` map): what they import of fp-ts and io-ts is bundled, as the
// build inlines it. The example's own imports (`importer`, its module) stay external and
// resolve on plain Node as a user's do: an example importing `fp-ts/Either` fails here.
const externalPackages = (example: string): Plugin => ({
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.importer !== example && /^(fp-ts|io-ts)(\/|$)/.test(args.path)
        ? undefined
        : { path: args.path, external: true },
    )
  },
})

/** Bundles the example with the sources and runs it in a fresh Node process. */
export const run = async (example: Example): Promise<Outcome> => {
  let js: string
  try {
    const result = await build({
      stdin: {
        contents: toModule(example.code),
        loader: 'ts',
        resolveDir: root,
        sourcefile: example.where,
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // esbuild names the stdin module by resolveDir and sourcefile.
      plugins: [externalPackages(join(root, example.where))],
      write: false,
      logLevel: 'silent',
    })
    js = (result.outputFiles[0] as { text: string }).text
  } catch (e) {
    return { code: null, stderr: `does not compile: ${String(e)}` }
  }
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-'],
      // From the repository root, so that external packages resolve from its node_modules.
      { cwd: root, timeout: 20_000, encoding: 'utf8' },
      (error, _stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stderr,
        })
      },
    )
    child.stdin?.end(js)
  })
}

const listTs = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? listTs(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [relative(root, join(dir, d.name)).split('\\').join('/')]
        : [],
  )

describe('the example runner', () => {
  it('extracts multi-line, inline and fenced examples with their line', () => {
    const text = [
      '/**', //                                    1
      ' * Adds.', //                               2
      ' *', //                                     3
      ' * @example', //                            4
      " * import { add } from 'errmap'", //        5
      ' * assert.strictEqual(add(1, 2), 3)', //    6
      ' *', //                                     7
      ' * @category utils', //                     8
      ' */', //                                    9
      'export const add = (a: number, b: number) => a + b',
      '/** One. @example assert.ok(one()) @since 0.1.0 */',
      'export function one() { return 1 }',
      '/**',
      ' * @example',
      ' * ```ts',
      ' * assert.ok(true)',
      ' * ```',
      ' */',
    ].join('\n')
    expect(extract(text, 'f.ts')).toStrictEqual([
      {
        where: 'f.ts:4',
        name: 'add',
        code: "import { add } from 'errmap'\nassert.strictEqual(add(1, 2), 3)",
      },
      { where: 'f.ts:11', name: 'one', code: 'assert.ok(one())' },
      { where: 'f.ts:14', name: '(module)', code: 'assert.ok(true)' },
    ])
  })

  it('points errmap imports at the sources and provides assert', () => {
    const m = toModule(
      "import { a } from 'errmap'\nimport { b } from \"errmap/fetch\"\nimport c from 'errmapx'",
    )
    expect(m).toBe(
      "import assert from 'node:assert/strict'\n" +
        `import { a } from ${JSON.stringify(join(root, 'src/index.ts'))}\n` +
        `import { b } from ${JSON.stringify(join(root, 'src/adapters/fetch.ts'))}\n` +
        "import c from 'errmapx'",
    )
  })

  it('fails an example whose assertion fails, one that rejects, and one that does not compile', async () => {
    const failing = await run({ where: 'x.ts:1', name: 'x', code: 'assert.strictEqual(1, 2)' })
    expect([failing.code, failing.stderr.includes('AssertionError')]).toStrictEqual([1, true])
    const rejecting = await run({
      where: 'x.ts:2',
      name: 'x',
      code: "Promise.reject(new Error('no'))",
    })
    expect(rejecting.code).toBe(1)
    const broken = await run({ where: 'x.ts:3', name: 'x', code: 'const = 1' })
    expect([broken.code, broken.stderr.startsWith('does not compile')]).toStrictEqual([null, true])
    const passing = await run({
      where: 'x.ts:4',
      name: 'x',
      code: "import { notFound, status } from 'errmap'\nassert.strictEqual(status(notFound()), 404)",
    })
    expect(passing).toStrictEqual({ code: 0, stderr: '' })
  })

  it("resolves the example's own imports on plain Node: fp-ts by directory fails", async () => {
    const byDirectory = await run({
      where: 'x.ts:5',
      name: 'x',
      code: "import * as E from 'fp-ts/Either'\nassert.ok(E.isRight(E.right(1)))",
    })
    expect([
      byDirectory.code,
      byDirectory.stderr.includes('ERR_UNSUPPORTED_DIR_IMPORT'),
    ]).toStrictEqual([1, true])
    const byFile = await run({
      where: 'x.ts:6',
      name: 'x',
      code: "import * as E from 'fp-ts/lib/Either.js'\nassert.ok(E.isRight(E.right(1)))",
    })
    expect(byFile).toStrictEqual({ code: 0, stderr: '' })
  })
})

describe('every @example in src/ runs', () => {
  const examples = listTs(join(root, 'src'))
    .sort()
    .flatMap((file) => extract(readFileSync(join(root, file), 'utf8'), file))

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(40)
    for (const e of examples) expect(e.code, e.where).not.toBe('')
  })

  it('every example type-checks against the sources, as a user would write it', () => {
    writeSnippets(
      'examples',
      examples.map((e) => `// ${e.where}\nimport assert from 'node:assert/strict'\n${e.code}\n`),
    )
    expect(() => typecheck('examples')).not.toThrow()
  })

  for (const example of examples)
    it.concurrent(`${example.where} (${example.name})`, async () => {
      const { code, stderr } = await run(example)
      expect(code, `${example.where}: the example failed\n${stderr}`).toBe(0)
    })
})
