import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { BIKETRAX_INTEGRATION_PAGE, menuTemplate } from '../src/main/electron/menu-template'
import { isAllowedExternalUrl } from '../src/main/electron/external-links'
import { useLocale } from '$shared/i18n'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

describe('application menu', () => {
  it('has the standard roles and the app commands with their shortcuts', () => {
    const command = vi.fn()
    const items = flatten(menuTemplate('linux', false, { command, openExternal: vi.fn() }))
    const roles = items.map((i) => i.role).filter(Boolean)
    expect(roles).toEqual(
      expect.arrayContaining([
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'quit',
        'about',
        'windowMenu',
        'togglefullscreen',
      ]),
    )
    const byLabel = (label: string) => items.find((i) => i.label === label)!
    expect(byLabel('Review and Save Webhook…').accelerator).toBe('CmdOrCtrl+S')
    expect(byLabel('Webhook').accelerator).toBe('CmdOrCtrl+1')
    expect(byLabel('Inbox').accelerator).toBe('CmdOrCtrl+4')
    for (const [label, expected] of [
      ['Review and Save Webhook…', 'webhook.review'],
      ['Switch Account…', 'account.switch'],
      ['Sign Out', 'account.signOut'],
      ['Events', 'view.events'],
    ] as const) {
      ;(byLabel(label).click as () => void)()
      expect(command).toHaveBeenLastCalledWith(expected)
    }
  })

  it('opens Settings with the platform shortcut, and speaks the app language', () => {
    const command = vi.fn()
    const settingsOf = (platform: NodeJS.Platform) =>
      flatten(menuTemplate(platform, false, { command, openExternal: vi.fn() })).find(
        (i) => i.label === 'Settings…',
      )!
    expect(settingsOf('linux').accelerator).toBe('Ctrl+,')
    expect(settingsOf('darwin').accelerator).toBe('Cmd+,')
    ;(settingsOf('linux').click as () => void)()
    expect(command).toHaveBeenLastCalledWith('app.settings')

    useLocale(() => 'de')
    try {
      const german = menuTemplate('linux', false, { command, openExternal: vi.fn() })
      expect(german.map((m) => m.label)).toEqual(['Datei', 'Bearbeiten', 'Ansicht', undefined, 'Hilfe'])
      expect(flatten(german).map((i) => i.label)).toContain('Webhook prüfen und speichern …')
    } finally {
      useLocale(() => 'en')
    }
  })

  it('follows the platform: an app menu with About on macOS, About under Help elsewhere', () => {
    const mac = menuTemplate('darwin', false, { command: vi.fn(), openExternal: vi.fn() })
    expect(mac[0]!.label).toBe('Webhook Desk')
    expect(flatten([mac[0]!]).map((i) => i.role)).toEqual(expect.arrayContaining(['about', 'hide', 'quit']))
    const linux = menuTemplate('linux', false, { command: vi.fn(), openExternal: vi.fn() })
    expect(linux[0]!.label).toBe('File')
    expect(flatten([linux.at(-1)!]).map((i) => i.role)).toContain('about')
  })

  it('offers developer tools only in development', () => {
    const roles = (dev: boolean) =>
      flatten(menuTemplate('linux', dev, { command: vi.fn(), openExternal: vi.fn() })).map((i) => i.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('opens the BikeTrax integration guide, an allow-listed page', () => {
    const openExternal = vi.fn()
    const help = flatten(menuTemplate('linux', false, { command: vi.fn(), openExternal })).find(
      (i) => i.label === 'BikeTrax Integration Guide',
    )!
    ;(help.click as () => void)()
    expect(openExternal).toHaveBeenCalledWith(BIKETRAX_INTEGRATION_PAGE)
    expect(isAllowedExternalUrl(BIKETRAX_INTEGRATION_PAGE)).toBe(true)
  })
})

describe('About box server line', () => {
  it('names the signed-in server, its Traccar version and whether it HTML-escapes', async () => {
    const { aboutServerLine } = await import('../src/main/electron/menu-template')
    expect(aboutServerLine(null)).toBeNull()
    const session = { server: 'https://traccar.powunity.com', serverVersion: '5.12', escaping: 'likely' }
    expect(aboutServerLine(session as Parameters<typeof aboutServerLine>[0])).toBe(
      'Signed in to traccar.powunity.com: Traccar 5.12, probably HTML-escapes text',
    )
  })
})
