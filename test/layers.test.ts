/**
 * The layer rules of ARCHITECTURE.md live in eslint.config.mjs; this runs the project's own ESLint
 * config on a line of code placed in each folder, so a rule dropped or loosened turns a case red.
 */
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: resolve(__dirname, '..') })

/** The no-restricted-imports messages for one import written into a file at this path. */
async function layerErrors(filePath: string, statement: string): Promise<string[]> {
  const code = `${statement}\nexport const used = [imported]\n`
  const text = filePath.endsWith('.svelte') ? `<script lang="ts">\n${code}</script>\n` : code
  const [result] = await eslint.lintText(text, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

const from = (source: string) => `import { imported } from '${source}'`
const typeFrom = (source: string) => `import type { imported } from '${source}'`

const forbidden: [layer: string, file: string, statement: string][] = [
  ['shared', 'src/shared/x.ts', from('../main/handlers')],
  ['shared', 'src/shared/i18n/x.ts', from('../../renderer/src/lib/format')],
  ['shared', 'src/shared/x.ts', from('../sim')],
  ['shared', 'src/shared/x.ts', from('../harness/server')],
  ['shared', 'src/shared/x.ts', from('../cli/main')],
  ['shared', 'src/shared/x.ts', from('node:crypto')],
  ['shared', 'src/shared/x.ts', from('path')],
  ['shared', 'src/shared/x.ts', from('electron')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('../../../main/handlers')],
  ['renderer', 'src/renderer/src/views/X.svelte', from('../../../sim')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('../../../preload/index')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('node:path')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('electron')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('ws')],
  ['preload', 'src/preload/index.ts', from('../main/electron/ipc')],
  ['preload', 'src/preload/index.ts', from('../renderer/src/lib/api')],
  ['preload', 'src/preload/index.ts', from('node:fs')],
  ['services', 'src/main/account/x.ts', from('electron')],
  ['services', 'src/main/handlers.ts', from('electron')],
  ['services', 'src/main/handlers.ts', from('../sim')],
  ['services', 'src/main/delivery/x.ts', from('../../sim/forwarder')],
  ['services', 'src/main/delivery/x.ts', typeFrom('../../sim')],
  ['services', 'src/main/x.ts', from('../renderer/src/lib/format')],
  ['services', 'src/main/x.ts', from('../cli/main')],
  ['services', 'src/main/handlers.ts', from('./electron/ipc')],
  ['services', 'src/main/account/x.ts', typeFrom('../electron/window')],
  ['services (events)', 'src/main/events/x.ts', from('../delivery/delivery-service')],
  ['services (delivery)', 'src/main/delivery/x.ts', typeFrom('../events/events-service')],
  ['services (delivery)', 'src/main/delivery/x.ts', from('../../sim/forwarder')],
  ['services (delivery)', 'src/main/delivery/x.ts', from('electron')],
  ['Electron glue', 'src/main/electron/x.ts', from('../../renderer/src/lib/format')],
  ['Electron glue', 'src/main/electron/x.ts', from('../../harness/server')],
  ['services (demo.ts)', 'src/main/demo.ts', from('electron')],
  ['services (demo.ts)', 'src/main/demo.ts', from('../sim')],
  ['services (demo.ts)', 'src/main/demo.ts', from('../sim/demo')],
  ['simulator', 'src/sim/x.ts', from('../main/handlers')],
  ['simulator', 'src/sim/x.ts', from('../renderer/src/lib/format')],
  ['simulator', 'src/sim/x.ts', from('../harness/server')],
  ['simulator', 'src/sim/x.ts', from('electron')],
  ['simulator', 'src/sim/x.ts', from('valibot')],
  ['command line', 'src/cli/x.ts', from('electron')],
]

const allowed: [layer: string, file: string, statement: string][] = [
  ['shared', 'src/shared/x.ts', from('./result')],
  ['shared', 'src/shared/i18n/x.ts', from('../webhook')],
  ['shared', 'src/shared/x.ts', from('valibot')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('../../../shared/contract')],
  // The path alias $shared/… is src/shared (tsconfig.base.json), allowed wherever src/shared is.
  ['renderer', 'src/renderer/src/views/X.svelte', from('$shared/contract')],
  ['preload', 'src/preload/index.ts', from('$shared/client')],
  ['shared', 'src/shared/i18n/x.ts', from('$shared/webhook')],
  ['simulator', 'src/sim/x.ts', from('$shared/webhook-envelope')],
  ['renderer', 'src/renderer/src/views/X.svelte', from('../ui/Button.svelte')],
  ['renderer', 'src/renderer/src/views/X.svelte', from('svelte/reactivity')],
  ['renderer', 'src/renderer/src/lib/x.ts', from('valibot')],
  ['preload', 'src/preload/index.ts', from('electron')],
  ['preload', 'src/preload/index.ts', from('../shared/client')],
  ['services', 'src/main/account/x.ts', typeFrom('electron')],
  ['services', 'src/main/account/x.ts', from('../../shared/contract')],
  ['services', 'src/main/account/x.ts', from('node:crypto')],
  ['services (events)', 'src/main/events/x.ts', from('../traccar/reports')],
  ['services (delivery)', 'src/main/delivery/x.ts', from('../traccar/reports')],
  ['Electron glue', 'src/main/electron/window.ts', from('electron')],
  ['Electron glue', 'src/main/electron/index.ts', from('electron')],
  ['Electron glue', 'src/main/electron/web-login.ts', from('electron')],
  ['Electron glue', 'src/main/electron/index.ts', from('../handlers')],
  // The Electron entry builds the demo launcher from the simulator (the harness does too).
  ['Electron glue', 'src/main/electron/index.ts', from('../../sim/demo')],
  ['simulator', 'src/sim/x.ts', from('../shared/webhook')],
  ['simulator', 'src/sim/x.ts', from('node:http')],
  ['simulator', 'src/sim/x.ts', from('ws')],
  ['command line', 'src/cli/x.ts', from('../main/handlers')],
]

describe('the linter keeps the layers', () => {
  it.each(forbidden)('%s: %s may not `%s`', async (_layer, file, statement) => {
    expect(await layerErrors(file, statement)).toHaveLength(1)
  })

  it.each(allowed)('%s: %s may `%s`', async (_layer, file, statement) => {
    expect(await layerErrors(file, statement)).toEqual([])
  })
})
