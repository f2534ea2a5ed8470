/** The command line's pure parts: where saved accounts live, --since, and the exit-code map. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSince } from '../src/cli/commands/delivery'
import { emailsFrom } from '../src/cli/commands/managed'
import { EXIT, exitCodeFor } from '../src/cli/exit-codes'
import { defaultUserDataDir, PRODUCT_NAME } from '../src/cli/user-data'

describe('the data folder', () => {
  it("is Electron's userData for this app: productName under the OS config folder", () => {
    const { productName } = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as {
      productName: string
    }
    expect(PRODUCT_NAME).toBe(productName)
    expect(defaultUserDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Webhook Desk')
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ana')).toBe('/xdg/Webhook Desk')
    expect(defaultUserDataDir({}, 'darwin', '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Webhook Desk',
    )
    expect(defaultUserDataDir({ APPDATA: 'C:/Users/ana/AppData/Roaming' }, 'win32', 'C:/Users/ana')).toBe(
      join('C:/Users/ana/AppData/Roaming', 'Webhook Desk'),
    )
  })

  it('follows WEBHOOK_DESK_USER_DATA, as the app does', () => {
    expect(defaultUserDataDir({ WEBHOOK_DESK_USER_DATA: '/tmp/wd' }, 'linux', '/home/ana')).toBe('/tmp/wd')
  })
})

describe('--since', () => {
  it('reads hours, days and minutes as whole hours', () => {
    expect(parseSince('24h')).toBe(24)
    expect(parseSince('3d')).toBe(72)
    expect(parseSince('90m')).toBe(2)
    expect(parseSince('5')).toBe(5)
  })

  it('refuses what the server cannot be asked for', () => {
    for (const bad of ['0h', '32d', 'yesterday', '-1h', '']) expect(() => parseSince(bad)).toThrow(/--since/)
  })
})

describe('--users FILE', () => {
  it('reads emails one per line, or the email column of a CSV such as the export', () => {
    expect(emailsFrom('a@x.example\n# note\n\nb@x.example\n')).toEqual(['a@x.example', 'b@x.example'])
    // The export neutralizes a cell that starts like a formula; the email is read without that quote.
    expect(emailsFrom("email,name\r\n'+a@x.example,'=A1\r\nb@x.example,B\r\n")).toEqual([
      '+a@x.example',
      'b@x.example',
    ])
  })
})

describe('exit codes', () => {
  it('map the app’s error codes to the documented kinds', () => {
    expect(exitCodeFor('auth.wrongPassword')).toBe(EXIT.auth)
    expect(exitCodeFor('keychain.unavailable')).toBe(EXIT.auth)
    expect(exitCodeFor('save.conflict')).toBe(EXIT.conflict)
    expect(exitCodeFor('save.invalid')).toBe(EXIT.usage)
    expect(exitCodeFor('test.invalidUrl')).toBe(EXIT.usage)
    expect(exitCodeFor('address.invalid')).toBe(EXIT.usage)
    expect(exitCodeFor('net.refused')).toBe(EXIT.failed)
    expect(exitCodeFor('save.notConfirmed')).toBe(EXIT.failed)
  })
})
