// StrykerJS, one module of the core at a time (scripts/mutate.mjs sets STRYKER_MODULE).
// Each module keeps its own incremental file under stryker/, checked in, so a run after a change
// (and a run from a fresh clone) only tests the mutants that the change could affect.
import { MODULES } from './stryker/modules.mjs'

const name = process.env.STRYKER_MODULE ?? 'webhook'
const module = MODULES[name]
if (!module) throw new Error(`STRYKER_MODULE must be one of ${Object.keys(MODULES).join(', ')}`)
process.env.STRYKER_TESTS = module.tests.join(',')
if (module.forks) process.env.STRYKER_FORKS = '1'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the module's own test files run (the Vitest config reads this list): node tests through
  // stryker/vitest.config.mts, unless the module names its own (the renderer's DOM project).
  vitest: { configFile: module.vitestConfig ?? 'stryker/vitest.config.mts', related: false },
  mutate: module.mutate,
  // Two shared cores: one test process at a time.
  concurrency: 1,
  coverageAnalysis: module.coverageAnalysis ?? 'perTest',
  // Static mutants (module-level constants) need the whole suite per mutant; they are left out.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `stryker/incremental/${name}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: module.target, low: module.target - 10, break: null },
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    'out',
    'dist',
    'test-results',
    'playwright-report',
    'bench-results',
    'reports',
    'stryker/incremental',
  ],
  cleanTempDir: 'always',
}
