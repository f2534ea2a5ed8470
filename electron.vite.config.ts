import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { contentSecurityPolicy } from './src/main/electron/csp'

/** Writes the one CSP (src/main/electron/csp.ts) into index.html's meta tag. */
function cspMeta(): Plugin {
  let dev = false
  return {
    name: 'webhook-desk-csp',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml: (html) => html.replace('%CSP%', contentSecurityPolicy({ dev })),
  }
}

/** `$shared/…` is src/shared in every process (tsconfig.base.json says the same to TypeScript). */
const resolveShared = { alias: { $shared: resolve('src/shared') } }

export default defineConfig({
  main: {
    resolve: resolveShared,
    build: { rollupOptions: { input: { index: resolve('src/main/electron/index.ts') } } },
  },
  preload: {
    resolve: resolveShared,
    // The sandboxed preload can only require 'electron': bundle everything else into it.
    build: { externalizeDeps: false, rollupOptions: { input: { index: resolve('src/preload/index.ts') } } },
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: resolveShared,
    plugins: [svelte({ configFile: resolve('svelte.config.mjs') }), cspMeta()],
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
})
