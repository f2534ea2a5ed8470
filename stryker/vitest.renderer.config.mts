// The Vitest config for mutation runs of the renderer's stores: the project's `renderer` project
// (happy-dom, Svelte's plugin, the `browser` conditions) flattened to one project and limited to
// the module's tests (STRYKER_TESTS), as stryker/vitest.config.mts does for the node tests.
import base from '../vitest.config.mts'

type Project = { plugins?: unknown[]; resolve?: { conditions?: string[]; alias?: Record<string, string> } }
const renderer = (base.test?.projects as ({ test?: { name?: string } } & Project)[]).find(
  (p) => p.test?.name === 'renderer',
)!

export default {
  ...base,
  plugins: renderer.plugins,
  resolve: {
    ...base.resolve,
    conditions: renderer.resolve?.conditions,
    alias: { ...(base.resolve?.alias as Record<string, string>), ...renderer.resolve?.alias },
  },
  test: {
    ...base.test,
    projects: undefined,
    environment: 'happy-dom',
    include: (process.env.STRYKER_TESTS ?? '').split(',').filter(Boolean),
  },
}
