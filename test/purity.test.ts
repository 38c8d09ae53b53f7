import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')

/** What must run unchanged on any Fetch runtime: all of src/ but the Node and Koa adapters. */
// Node's frameworks: these may use Node's globals (Fastify's reply takes a Buffer).
const nodeOnly = new Set(['src/adapters/node.ts', 'src/adapters/koa.ts', 'src/adapters/fastify.ts'])

const listTs = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? listTs(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [relative(root, join(dir, d.name)).split('\\').join('/')]
        : [],
  )

const builtins = new Set(builtinModules)
const isNodeModule = (spec: string): boolean =>
  spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0] as string)

const nodeGlobals = new Set([
  'Buffer',
  'process',
  '__dirname',
  '__filename',
  'require',
  'global',
  'setImmediate',
  'clearImmediate',
  'NodeJS',
])

export interface Findings {
  readonly imports: ReadonlyArray<string>
  readonly globals: ReadonlyArray<string>
  readonly throws: number
  readonly classes: number
}

/** Whether an identifier is only a name (a member or a key), not a reference to a binding. */
const isName = (id: ts.Identifier): boolean => {
  const p = id.parent
  return (
    ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) &&
      (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id) ||
    ((ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isEnumMember(p) ||
      ts.isGetAccessor(p) ||
      ts.isSetAccessor(p)) &&
      p.name === id) ||
    (ts.isImportSpecifier(p) && p.propertyName === id) ||
    (ts.isExportSpecifier(p) && p.propertyName === id)
  )
}

/**
 * Parses TypeScript source (comments and string contents cannot fool a parser) and lists its
 * Node module imports (static, dynamic, `require`, type-only), references to Node globals
 * (also as `globalThis.x` or `globalThis['x']`), `throw` statements and classes.
 */
export const scan = (text: string, fileName = 'x.ts'): Findings => {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const imports: Array<string> = []
  const globals: Array<string> = []
  let throws = 0
  let classes = 0
  const spec = (n: ts.Node | undefined): void => {
    if (n !== undefined && ts.isStringLiteralLike(n) && isNodeModule(n.text)) imports.push(n.text)
  }
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) spec(n.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference))
      spec(n.moduleReference.expression)
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) spec(n.argument.literal)
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)
      spec(n.arguments[0])
    else if (
      ts.isCallExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'require'
    )
      spec(n.arguments[0])
    else if (ts.isIdentifier(n) && nodeGlobals.has(n.text) && !isName(n)) globals.push(n.text)
    else if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'globalThis' &&
      nodeGlobals.has(n.name.text)
    )
      globals.push(n.name.text)
    else if (
      ts.isElementAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'globalThis' &&
      ts.isStringLiteralLike(n.argumentExpression) &&
      nodeGlobals.has(n.argumentExpression.text)
    )
      globals.push(n.argumentExpression.text)
    else if (ts.isThrowStatement(n)) throws++
    else if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) classes++
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return { imports, globals, throws, classes }
}

const none: Findings = { imports: [], globals: [], throws: 0, classes: 0 }

describe('the scanner finds what it must, and only that', () => {
  const cases: ReadonlyArray<readonly [string, Partial<Findings>]> = [
    ["import fs from 'fs'", { imports: ['fs'] }],
    ["import { readFile } from 'node:fs/promises'", { imports: ['node:fs/promises'] }],
    ["import type { Readable } from 'stream'", { imports: ['stream'] }],
    ["export * from 'http'", { imports: ['http'] }],
    ["export { createHash } from 'crypto'", { imports: ['crypto'] }],
    ["const c = await import('node:crypto')", { imports: ['node:crypto'] }],
    ["type T = import('buffer').Blob", { imports: ['buffer'] }],
    ["import path = require('path')", { imports: ['path'] }],
    ["const p = require('path/posix')", { imports: ['path/posix'], globals: ['require'] }],
    ["const b = Buffer.from('x')", { globals: ['Buffer'] }],
    ['const e = process.env.X', { globals: ['process'] }],
    ['const d = __dirname + __filename', { globals: ['__dirname', '__filename'] }],
    ['setImmediate(() => undefined)', { globals: ['setImmediate'] }],
    ['const g = global', { globals: ['global'] }],
    ['const e = globalThis.process', { globals: ['process'] }],
    ["const b = globalThis['Buffer']", { globals: ['Buffer'] }],
    ['const o = { process }', { globals: ['process'] }],
    ['let t: NodeJS.Timeout', { globals: ['NodeJS'] }],
    ["throw new Error('x')", { throws: 1 }],
    ['class A {}', { classes: 1 }],
    ['const C = class {}', { classes: 1 }],
    // Not findings: comments, strings, member names, keys, packages that are not builtins.
    ["// import fs from 'fs'\n/* Buffer.from(process.env) */ const a = 1", {}],
    ['const s = \'Buffer, process, require("fs") and throw\'', {}],
    ['const t = `${1} process.env`', {}],
    ['const o = { process: 1, Buffer: 2 }; const v = o.process', {}],
    ["import { pipe } from 'fp-ts/function'; import * as t from 'io-ts'", {}],
    ["import x from 'fsevents'; import y from 'http-errors'", {}],
    ['interface X { readonly process: string; global(): void }', {}],
  ]
  for (const [source, found] of cases)
    it(JSON.stringify(source), () => {
      expect(scan(source)).toStrictEqual({ ...none, ...found })
    })
})

describe('purity of src/', () => {
  const files = listTs(src).sort()
  const portable = files.filter((f) => !nodeOnly.has(f))
  const core = files.filter((f) => !f.startsWith('src/adapters/'))

  it('scans the core, the fetch adapter and the graphql module whenever they exist', () => {
    expect(portable).toContain('src/index.ts')
    expect(portable).toContain('src/model/HttpError.ts')
    for (const f of ['src/adapters/fetch.ts', 'src/graphql/index.ts'])
      expect(portable.includes(f)).toBe(files.includes(f))
    for (const f of nodeOnly) expect(portable).not.toContain(f)
  })

  for (const file of portable)
    it(`${file} imports no Node module and uses no Node global`, () => {
      const { imports, globals } = scan(readFileSync(join(root, file), 'utf8'), file)
      expect({ imports, globals }).toStrictEqual({ imports: [], globals: [] })
    })

  for (const file of core)
    it(`${file} has no throw statement and no class`, () => {
      const { throws, classes } = scan(readFileSync(join(root, file), 'utf8'), file)
      expect({ throws, classes }).toStrictEqual({ throws: 0, classes: 0 })
    })
})

// The relative imports of a file, type-only ones included, as paths from the root.
const importsOf = (file: string): ReadonlyArray<string> => {
  const text = readFileSync(join(root, file), 'utf8')
  const out: Array<string> = []
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'/g))
    out.push(
      relative(root, join(root, file, '..', (m[1] as string).replace(/\.js$/, '.ts')))
        .split('\\')
        .join('/'),
    )
  return out
}

/** The import cycles among `files` (type-only imports count), each as a path. */
export const cycles = (graph: ReadonlyMap<string, ReadonlyArray<string>>): Array<string> => {
  const found: Array<string> = []
  const done = new Set<string>()
  const visit = (file: string, path: ReadonlyArray<string>): void => {
    if (path.includes(file)) {
      found.push([...path.slice(path.indexOf(file)), file].join(' → '))
      return
    }
    if (done.has(file)) return
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
    done.add(file)
  }
  for (const file of graph.keys()) visit(file, [])
  return found
}

describe('layers of src/', () => {
  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ])
    expect(cycles(graph)).toStrictEqual(['a → b → c → a'])
  })

  it('has no import cycle, type-only imports included', () => {
    const files = listTs(src)
    expect(cycles(new Map(files.map((f) => [f, importsOf(f)])))).toStrictEqual([])
  })
})
