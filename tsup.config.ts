import { defineConfig } from 'tsup'
import { entries } from './entries.js'

export default defineConfig({
  // One entry per `package.json#exports` entry (see entries.ts).
  // …and the `errmap-audit` command (package.json#bin), Node's shell around errmap/audit.
  entry: {
    ...Object.fromEntries(entries.map((e) => [e.path, e.source])),
    'audit/bin': 'bin/errmap-audit.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  external: ['io-ts', 'koa', 'express', 'fastify', 'hono'],
  // fp-ts 2 has no `exports` map: Node's ESM loader cannot resolve `fp-ts/Either` (a
  // directory import). The few fp-ts functions the code uses are inlined from fp-ts's
  // tree-shakable es6 build instead; its values are plain data (`{ _tag: 'Left' }`, Ord
  // and Semigroup records), so they interoperate with the user's own fp-ts.
  noExternal: ['fp-ts'],
  esbuildOptions(options) {
    options.mainFields = ['module', 'main']
  },
})
