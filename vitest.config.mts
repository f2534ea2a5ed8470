import { svelte } from '@sveltejs/vite-plugin-svelte'
import { resolve } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'

/** Node's own build of ws: the renderer project resolves with the `browser` condition (below). */
const wsForNode = resolve('node_modules/ws/wrapper.mjs')

export default defineConfig({
  resolve: { alias: { $shared: resolve('src/shared') } },
  test: {
    // Main registers every language's messages at start; so do the tests.
    setupFiles: ['test/helpers/messages.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep server-heavy files from starving each other.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // The renderer's tests run in their own project below, in a DOM.
          exclude: [...configDefaults.exclude, 'test/renderer/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        // Svelte's client runtime (mount, effects) is its `browser` export; the server one cannot
        // mount. The simulator and main's services run in the same process, on Node's ws.
        plugins: [svelte({ configFile: resolve('svelte.config.mjs') })],
        resolve: { conditions: ['browser'], alias: { ws: wsForNode } },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
})
