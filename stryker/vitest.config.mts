// The Vitest config for mutation runs: the project's, limited to the tests of the module under
// test (STRYKER_TESTS, set by stryker.config.mjs from stryker/modules.mjs).
import base from '../vitest.config.mts'

export default {
  ...base,
  // One project of node tests: the renderer's DOM project is not part of any mutated module.
  test: {
    ...base.test,
    projects: undefined,
    environment: 'node',
    include: (process.env.STRYKER_TESTS ?? '').split(',').filter(Boolean),
  },
}
