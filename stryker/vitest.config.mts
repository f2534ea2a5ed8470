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
    // Modules whose tests use the real keychain run all their files in one worker thread
    // (STRYKER_ONE_THREAD, from `oneThread` in stryker/modules.mjs): Stryker's runner asks for
    // threads, and keytar (libsecret) hangs when a later thread of the same process loads it again
    // after the first has ended, so the second keychain file of a run never got an answer.
    ...(process.env.STRYKER_ONE_THREAD ? { isolate: false } : {}),
  },
}
