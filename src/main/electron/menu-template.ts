/**
 * The application menu as plain data: the platform's standard roles plus the app's commands with
 * their shortcuts. Commands reach the window as push events; window.ts turns this into a Menu.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, SessionInfo } from '$shared/contract'
import { t } from '../i18n'

export const BIKETRAX_INTEGRATION_PAGE =
  'https://powunity.atlassian.net/wiki/spaces/BTAPI/pages/163348682/BikeTrax+API'

/** The About box's line on the server: its Traccar version and whether it HTML-escapes. */
export function aboutServerLine(session: SessionInfo | null): string | null {
  if (!session) return null
  return t('about.server', {
    host: new URL(session.server).host,
    version: session.serverVersion,
    escaping: t(`about.escaping.${session.escaping}`),
  })
}

export interface MenuActions {
  command(command: MenuCommand): void
  openExternal(url: string): void
}

export function menuTemplate(
  platform: NodeJS.Platform,
  dev: boolean,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => actions.command(command),
  })
  return [
    ...(mac
      ? [
          {
            label: 'Webhook Desk',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              cmd(t('menu.settings'), 'app.settings', 'Cmd+,'),
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: t('menu.file'),
      submenu: [
        cmd(t('menu.review'), 'webhook.review', 'CmdOrCtrl+S'),
        { type: 'separator' },
        cmd(t('menu.switch'), 'account.switch', 'CmdOrCtrl+Shift+A'),
        cmd(t('menu.signOut'), 'account.signOut'),
        { type: 'separator' },
        ...(mac ? [] : [cmd(t('menu.settings'), 'app.settings', 'Ctrl+,'), { type: 'separator' } as const]),
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        cmd(t('home.tab.webhook'), 'view.webhook', 'CmdOrCtrl+1'),
        cmd(t('home.tab.test'), 'view.test', 'CmdOrCtrl+2'),
        cmd(t('home.tab.events'), 'view.events', 'CmdOrCtrl+3'),
        cmd(t('home.tab.inbox'), 'view.inbox', 'CmdOrCtrl+4'),
        { type: 'separator' },
        ...(dev
          ? ([
              { role: 'reload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      label: t('menu.help'),
      submenu: [
        { label: t('menu.guide'), click: () => actions.openExternal(BIKETRAX_INTEGRATION_PAGE) },
        ...(mac ? [] : ([{ type: 'separator' }, { role: 'about' }] satisfies MenuItemConstructorOptions[])),
      ],
    },
  ]
}
