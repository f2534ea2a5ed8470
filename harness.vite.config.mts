import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// The browser harness's window.api bridge: one classic script the harness injects before the app.
export default defineConfig({
  resolve: { alias: { $shared: resolve('src/shared') } },
  build: {
    outDir: resolve('out/harness'),
    emptyOutDir: true,
    lib: {
      entry: resolve('src/harness/bridge.ts'),
      formats: ['iife'],
      name: 'WebhookDeskHarness',
      fileName: () => 'bridge.js',
    },
  },
})
