import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests, examples and README snippets import the package by name, as users do.
    alias: [
      { find: /^errmap$/, replacement: src('index.ts') },
      { find: /^errmap\/(node|fetch|koa)$/, replacement: src('adapters/$1.ts') },
      { find: /^errmap\/graphql$/, replacement: src('graphql.ts') },
      { find: /^errmap\/client$/, replacement: src('Codec.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
})
