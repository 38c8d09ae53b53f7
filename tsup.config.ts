import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    graphql: 'src/graphql.ts',
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
  external: ['fp-ts', 'io-ts', 'koa'],
})
