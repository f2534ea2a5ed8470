/**
 * The application menu as plain data: the platform's standard roles plus the app's commands with
 * their shortcuts. Commands reach the window as push events; window.ts turns this into a Menu.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/contract'

export const BIKETRAX_INTEGRATION_PAGE =
  'https://powunity.atlassian.net/wiki/spaces/BTAPI/pages/163348682/BikeTrax+API'

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
      label: 'File',
      submenu: [
        cmd('Review and Save Webhook…', 'webhook.review', 'CmdOrCtrl+S'),
        { type: 'separator' },
        cmd('Switch Account…', 'account.switch', 'CmdOrCtrl+Shift+A'),
        cmd('Sign Out', 'account.signOut'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
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
      label: 'View',
      submenu: [
        cmd('Webhook', 'view.webhook', 'CmdOrCtrl+1'),
        cmd('Test', 'view.test', 'CmdOrCtrl+2'),
        cmd('Events', 'view.events', 'CmdOrCtrl+3'),
        cmd('Inbox', 'view.inbox', 'CmdOrCtrl+4'),
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
      submenu: [
        { label: 'BikeTrax Integration Guide', click: () => actions.openExternal(BIKETRAX_INTEGRATION_PAGE) },
        ...(mac ? [] : ([{ type: 'separator' }, { role: 'about' }] satisfies MenuItemConstructorOptions[])),
      ],
    },
  ]
}
