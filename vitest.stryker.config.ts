import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// What `npm run mutate` runs for each mutant: the unit, law and conformance tests of the
// core, without the suites that build, bundle or spawn processes (they test the package,
// not the core's logic) and without coverage or type tests. Test files share one module
// graph (`isolate: false`): a mutant is switched on at run time, so nothing needs a fresh
// import, and the dry run's overhead falls from ~21 s to ~5 s here.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/package.test.ts',
        'test/bench.test.ts',
        'test/bundle-fetch.test.ts',
        'test/demo.test.ts',
        'test/examples.test.ts',
        'test/readme.test.ts',
        'test/purity.test.ts',
        'test/fuzz/**',
        // Other runtimes, the audit's servers, typed ESLint and the OpenAPI documents test
        // the package and its entries built or spawned, not the core's logic.
        'test/runtimes/**',
        'test/audit/**',
        'test/lint.test.ts',
        'test/openapi/**',
        'node_modules/**',
      ],
      isolate: false,
      typecheck: { enabled: false },
      coverage: { enabled: false },
    },
  }),
)
