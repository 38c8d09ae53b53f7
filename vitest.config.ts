import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { entries } from './entries.js'

const at = (file: string): string => fileURLToPath(new URL(`./${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests, examples and README snippets import the package by name, as users do.
    // One alias per `package.json#exports` entry (see entries.ts).
    alias: entries.map((e) => ({
      find: new RegExp(`^${e.specifier.replace('/', '\\/')}$`),
      replacement: at(e.source),
    })),
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
