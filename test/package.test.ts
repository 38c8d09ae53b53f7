import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { entries } from '../entries.js'
import { describe, expect, it } from 'vitest'

// The built package, loaded by name as a user loads it (Node resolves a package's own
// name through its `exports` map). `npm test` builds before it runs the tests.
const root = fileURLToPath(new URL('..', import.meta.url))
const specifiers = entries.map((e) => e.specifier)
const node = (code: string, type: 'commonjs' | 'module'): string =>
  execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
    cwd: root,
    encoding: 'utf8',
  })

describe('the built package', () => {
  it('is built (npm test runs `npm run build` first)', () => {
    expect(existsSync(`${root}dist/index.js`)).toBe(true)
  })

  it.each(specifiers)('%s loads with require', (entry) => {
    const out = node(
      `console.log(Object.keys(require(${JSON.stringify(entry)})).length)`,
      'commonjs',
    )
    expect(Number(out)).toBeGreaterThan(0)
  })

  it.each(specifiers)('%s loads with import', (entry) => {
    const out = node(
      `console.log(Object.keys(await import(${JSON.stringify(entry)})).length)`,
      'module',
    )
    expect(Number(out)).toBeGreaterThan(0)
  })

  it('require and import give the same answer for a 404', () => {
    const code = (load: string): string =>
      `const m = ${load}; const r = m.toResponse(m.notFound('x')); console.log(r.status, r.body)`
    expect(node(code("require('errmap')"), 'commonjs')).toBe(
      node(code("await import('errmap')"), 'module'),
    )
  })

  it('ships declarations for both module systems', () => {
    for (const f of ['index.d.ts', 'index.d.cts', 'adapters/node.d.ts', 'adapters/node.d.cts'])
      expect(existsSync(`${root}dist/${f}`), f).toBe(true)
  })
})

describe('entry points', () => {
  it('tsconfig paths name exactly the entries of package.json#exports', () => {
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
      readonly compilerOptions: { readonly paths: Readonly<Record<string, ReadonlyArray<string>>> }
    }
    expect(tsconfig.compilerOptions.paths).toStrictEqual(
      Object.fromEntries(entries.map((e) => [e.specifier, [`./${e.source}`]])),
    )
  })

  it('typesVersions maps every subpath of exports to its CommonJS declarations (node10)', () => {
    // node10 resolution (`"module": "commonjs"`) ignores `exports`: without this mapping it
    // finds no declarations for `errmap/node` and the other subpaths.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      readonly exports: Readonly<
        Record<string, string | { readonly require: { readonly types: string } }>
      >
      readonly typesVersions?: unknown
    }
    const subpaths = Object.entries(pkg.exports).flatMap(([key, value]) =>
      key === '.' || typeof value === 'string' ? [] : [[key.slice(2), [value.require.types]]],
    )
    expect(subpaths.length).toBe(entries.length - 1)
    expect(pkg.typesVersions).toStrictEqual({ '*': Object.fromEntries(subpaths) })
  })
})

describe('license', () => {
  it('LICENSE is the license package.json names (npm packs it whatever `files` lists)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      readonly license: string
    }
    const text = readFileSync(join(root, 'LICENSE'), 'utf8')
    expect([pkg.license, text.split('\n').slice(0, 3)]).toStrictEqual([
      'MIT',
      ['MIT License', '', 'Copyright (c) 2026 the errmap authors'],
    ])
  })
})
