/**
 * Type-checks snippets of user code (README blocks, doc examples) against the sources:
 * each is written as a module under `.tmp/<name>/` — inside the repository, so `errmap`
 * resolves through tsconfig's paths as it does for a user — and `tsc` checks them all in
 * one run with the project's options.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Writes the snippets as modules; returns their paths, in order. */
export const writeSnippets = (
  name: string,
  snippets: ReadonlyArray<string>,
): ReadonlyArray<string> => {
  const dir = join(root, '.tmp', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = snippets.map((code, i) => {
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
  return files
}

/** Runs tsc over what `writeSnippets(name, …)` wrote; throws with tsc's report on an error. */
export const typecheck = (name: string): void => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', join(root, '.tmp', name, 'tsconfig.json')], {
    encoding: 'utf8',
  })
}
