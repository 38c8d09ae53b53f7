// Every `@example` in src/graphql.ts's doc comments is real code: each is written to a
// scratch module (importing `errmap` and `errmap/graphql` by name, as a user does, with
// `assert` from node:assert), type-checked against the sources, then run.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
// Inside the repository, so that `fp-ts` and the `errmap` paths resolve as for any test.
const dir = join(root, 'test', 'graphql', '.examples')

interface Example {
  readonly name: string
  readonly code: string
}

/** The `@example` blocks of a source file, named after the export they document. */
const examples = (file: string): ReadonlyArray<Example> => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out: Array<Example> = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '* @example') continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j] as string
      const t = line.trim()
      if (t.startsWith('* @') || t === '*/') break
      body.push(t === '*' ? '' : t.replace(/^\* ?/, ''))
    }
    let k = j
    while (k < lines.length && !/^export const (\w+)/.test(lines[k] as string)) k++
    const name = /^export const (\w+)/.exec(lines[k] ?? '')?.[1] ?? `line ${i + 1}`
    out.push({ name, code: body.join('\n').trim() + '\n' })
    i = j
  }
  return out
}

describe('the doc examples of errmap/graphql', () => {
  const found = examples(join(root, 'src', 'graphql.ts'))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = found.map((e, i) => {
    const file = join(dir, `example-${i}-${e.name}.ts`)
    writeFileSync(file, `import assert from 'node:assert'\n${e.code}\nexport {}\n`)
    return file
  })
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(root, 'tsconfig.json'), include: files }),
  )
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('every public function has one', () => {
    expect(found.map((e) => e.name).sort()).toEqual(
      [
        'check',
        'deny',
        'formatError',
        'fromGraphQLError',
        'grafbaseCodes',
        'mediaType',
        'paramsFromBody',
        'paramsFromSearch',
        'refuse',
        'requestErrors',
        'respond',
        'settings',
        'toGraphQLError',
      ].sort(),
    )
  })

  it('they type-check against the sources', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = (): string =>
      execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
    expect(run).not.toThrow()
  })

  it.each(files.map((f, i) => [found[i]?.name, f]))(
    '%s runs and its assertions hold',
    async (_, file) => {
      await expect(import(/* @vite-ignore */ file as string)).resolves.toBeDefined()
    },
  )
})
