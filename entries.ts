/**
 * The package's entry points, read from `package.json#exports` — the one list. The build
 * (tsup), the tests' aliases (vitest) and the package test derive theirs from it: an entry
 * `./x` built to `./dist/<path>.js` is compiled from `src/<path>.ts`.
 */
import { readFileSync } from 'node:fs'

interface Conditions {
  readonly import: { readonly default: string }
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  readonly exports: Readonly<Record<string, Conditions | string>>
}

/** One entry: its specifier (`errmap/node`), its built path (`adapters/node`), its source. */
export interface Entry {
  readonly specifier: string
  readonly path: string
  readonly source: string
}

export const entries: ReadonlyArray<Entry> = Object.entries(pkg.exports).flatMap(([key, value]) => {
  if (typeof value === 'string') return []
  const path = value.import.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '')
  const specifier = key === '.' ? 'errmap' : `errmap/${key.slice(2)}`
  return [{ specifier, path, source: `src/${path}.ts` }]
})
