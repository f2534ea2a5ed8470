import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

/** Relative imports that climb out of a layer into one of these src folders. */
const into = (...layers) => ({
  regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`,
  message: `This layer may not import src/{${layers.join(',')}} (ARCHITECTURE.md, "Processes and layers").`,
})
/**
 * Bare imports (packages, Node builtins) other than these packages, their subpaths and, if said,
 * node:*. `$shared/…` is src/shared (the path alias), not a package.
 */
const packagesExcept = (allowed, { node = false } = {}) => ({
  regex: `^(?![.]{1,2}/|\\$shared/|${node ? 'node:|' : ''}(${allowed.join('|')})(/|$))`,
  message: `This layer imports no packages but ${[...allowed, ...(node ? ['node:*'] : [])].join(', ')}.`,
})
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] })
/** A service folder importing a sibling folder of src/main. */
const sibling = (folder) => ({
  regex: `^\\.\\./${folder}(/|$)`,
  message: `This folder may not import src/main/${folder}/ (README, "Design": the layers).`,
})

/** Imports of the Electron glue from a service (src/main/x.ts or src/main/<folder>/x.ts). */
const intoGlue = {
  regex: '^(\\.|\\.\\.)/electron(/|$)',
  message:
    'Services never import the Electron glue in src/main/electron/ (ARCHITECTURE.md, "Processes and layers").',
}

const GLUE = ['src/main/electron/**/*']
/** The services' rules, plus any a folder adds. */
const services = (...extra) =>
  restrict(
    [ELECTRON_GLUE_ONLY],
    [into('renderer', 'preload', 'harness', 'cli'), into('sim'), intoGlue, ...extra],
  )
const ELECTRON_GLUE_ONLY = {
  name: 'electron',
  message: 'Only src/main/electron/ and the preload import electron.',
  // Types only (e.g. the menu template's shape) cost nothing at run time.
  allowTypeImports: true,
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // electron-builder loads hooks with require(), so they are CommonJS.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright fixtures take their dependencies as a destructured first argument, even when none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/renderer/**/*', 'src/harness/bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  // The layers of ARCHITECTURE.md ("Processes and layers"), one no-restricted-imports per folder.
  // ESLint replaces a rule's options per file rather than merging them, so every layer below
  // states its whole set; lintLayers in test/layers.test.ts proves each one fails on a forbidden import.
  ...layerRules(),
)

function layerRules() {
  return [
    {
      // Outside the layers below (the CLI, the harness): Node programs that never load Electron.
      files: ['src/**/*.ts', 'src/**/*.svelte'],
      ignores: [...GLUE, 'src/preload/index.ts'],
      rules: restrict([ELECTRON_GLUE_ONLY], []),
    },
    {
      // Pure TypeScript that both sides import: nothing of the app, of Node or of Electron.
      files: ['src/shared/**/*'],
      rules: restrict(
        [],
        [into('main', 'renderer', 'preload', 'sim', 'harness', 'cli'), packagesExcept(['valibot'])],
      ),
    },
    {
      // Sandboxed, untrusted, no Node: only the shared contract and the UI's own packages.
      files: ['src/renderer/**/*'],
      rules: restrict(
        [],
        [into('main', 'preload', 'sim', 'harness', 'cli'), packagesExcept(['svelte', 'valibot'])],
      ),
    },
    {
      // Builds window.api from the contract over ipcRenderer; nothing else.
      files: ['src/preload/**/*'],
      rules: restrict([], [into('main', 'renderer', 'sim', 'harness', 'cli'), packagesExcept(['electron'])]),
    },
    {
      // Services: plain Node with injected dependencies, under the handler table.
      files: ['src/main/**/*'],
      ignores: GLUE,
      rules: services(),
    },
    {
      // Events and deliveries stand side by side: what both need (reading reports, event rows)
      // lives in traccar/, and the handler table wires backfill to the events listed.
      files: ['src/main/events/**/*'],
      rules: services(sibling('delivery')),
    },
    {
      files: ['src/main/delivery/**/*'],
      rules: services(sibling('events')),
    },
    {
      // The Electron glue: app lifecycle, window, IPC binding, protocol. It composes the services
      // (and the demo server from the simulator) but is no part of the UI or the other programs.
      files: GLUE,
      rules: restrict([], [into('renderer', 'preload', 'harness', 'cli')]),
    },
    {
      // The Traccar simulator: shared, Node and ws, so it runs as the demo server, the dev server and in tests.
      files: ['src/sim/**/*'],
      rules: restrict(
        [],
        [into('main', 'renderer', 'preload', 'harness', 'cli'), packagesExcept(['ws'], { node: true })],
      ),
    },
  ]
}
