import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// The suites that take longest (property tests by the thousand, real servers): 0.4–2.5 s
// each here, where most others take under 0.2 s.
const slow = [
  'test/schema.test.ts',
  'test/hardening.test.ts',
  'test/stream.test.ts',
  'test/adapters/stream.test.ts',
  'test/adapters/fastify.test.ts',
  'test/laws.test.ts',
  'test/graphql.http.test.ts',
  'test/ratelimit.test.ts',
  'test/trace.test.ts',
  'test/Headers.test.ts',
  'test/Json.test.ts',
  'test/adapters/conformance.test.ts',
  'test/Negotiate.test.ts',
  'test/html.test.ts',
]
const rank = (s: TestSpecification): number => slow.findIndex((f) => s.moduleId.endsWith(`/${f}`))

// Stryker stops a mutant's run at its first failing test: the quick suites go first, the
// slow ones last in the order above, so a mutant the unit tests kill stops before the slow
// suites run (vitest's default order is longest first).
class QuickFirst extends BaseSequencer {
  override sort(files: Array<TestSpecification>): Promise<Array<TestSpecification>> {
    return Promise.resolve(
      [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId)),
    )
  }
}

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
      sequence: { sequencer: QuickFirst },
      typecheck: { enabled: false },
      coverage: { enabled: false },
    },
  }),
)
