import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { $shared: resolve('src/shared') } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Main registers every language's messages at start; so do the tests.
    setupFiles: ['test/helpers/messages.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep server-heavy files from starving each other.
    maxWorkers: 2,
  },
})
