// @ts-check
/**
 * `npm run mutate`: mutation testing (Stryker 9.6, the last to run on Node 20) of every
 * core module — not the adapters, errmap/graphql, the client or the presets. Not part of
 * `npm test`: a full run takes tens of minutes on two cores. The score, per file, and the
 * surviving mutants judged equivalent are in docs/MUTATION.md.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: {
    configFile: 'vitest.stryker.config.ts',
  },
  checkers: ['typescript'],
  // The checker type-checks what a mutant touches: with the tests, examples and benchmarks
  // in scope, a mutant of a module every test imports took the checker longer than the
  // test runner (which then waited idle). Only `src` decides whether a mutant compiles.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: {
    prioritizePerformanceOverAccuracy: true,
  },
  coverageAnalysis: 'perTest',
  // A static mutant (module initialisation: the default policy, the built-in formats,
  // constant tables) reruns the whole suite, ~40 s each here: in src/policy 59 % of the
  // mutants and 98 % of the time. They are reported as ignored, not scored.
  ignoreStatic: true,
  mutate: [
    'src/model/**/*.ts',
    'src/policy/**/*.ts',
    'src/format/**/*.ts',
    'src/response/**/*.ts',
    'src/internal/**/*.ts',
    'src/unknown/**/*.ts',
    'src/fp/**/*.ts',
  ],
  concurrency: 2,
  timeoutMS: 5000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: {
    fileName: 'reports/mutation/mutation.json',
  },
  clearTextReporter: {
    allowColor: false,
    logTests: false,
    reportMutants: false,
  },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: {
    high: 90,
    low: 85,
    break: null,
  },
}
