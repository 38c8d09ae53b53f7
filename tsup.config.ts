import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    graphql: 'src/graphql.ts',
    client: 'src/Codec.ts',
    'adapters/node': 'src/adapters/node.ts',
    'adapters/fetch': 'src/adapters/fetch.ts',
    'adapters/koa': 'src/adapters/koa.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  external: ['io-ts', 'koa'],
  // fp-ts 2 has no `exports` map: Node's ESM loader cannot resolve `fp-ts/Either` (a
  // directory import). The few fp-ts functions the code uses are inlined from fp-ts's
  // tree-shakable es6 build instead; its values are plain data (`{ _tag: 'Left' }`, Ord
  // and Semigroup records), so they interoperate with the user's own fp-ts.
  noExternal: ['fp-ts'],
  esbuildOptions(options) {
    options.mainFields = ['module', 'main']
  },
})
