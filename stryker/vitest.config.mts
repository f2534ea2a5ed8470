// The Vitest config for mutation runs: the project's, limited to the tests of the module under
// test (STRYKER_TESTS, set by stryker.config.mjs from stryker/modules.mjs).
import base from '../vitest.config.mts'

/**
 * Modules whose tests use the real keychain run each test file in a process of its own
 * (STRYKER_FORKS, from `forks` in stryker/modules.mjs). Stryker's runner asks for worker threads,
 * and keytar (libsecret) hangs when a later thread of the same process loads it again after the
 * first thread has ended: every run after the first, and the second keychain file of a run, got no
 * answer and timed out. The runner sets the pool on the command line, over the config, so this
 * plugin sets it on each project once the config is resolved.
 */
const keychainInForks = {
  name: 'stryker-keychain-in-forks',
  configureVitest({ project }: { project: { config: { pool: string } } }) {
    project.config.pool = 'forks'
  },
}

export default {
  ...base,
  plugins: process.env.STRYKER_FORKS ? [keychainInForks] : [],
  // One project of node tests: the renderer's DOM project is not part of any mutated module.
  test: {
    ...base.test,
    projects: undefined,
    environment: 'node',
    include: (process.env.STRYKER_TESTS ?? '').split(',').filter(Boolean),
  },
}
