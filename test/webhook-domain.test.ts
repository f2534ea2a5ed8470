import { describe, expect, it } from 'vitest'
import { orderEventTypes } from '$shared/event-types'
import {
  basic,
  bearer,
  checkPsk,
  checkTypes,
  checkUrl,
  diffWebhook,
  findNearMisses,
  formatTypes,
  maskPsk,
  maskUrl,
  parseTypes,
  unreachableFromCloud,
  webhookStatus,
} from '$shared/webhook'

const KNOWN = ['deviceOnline', 'deviceOffline', 'alarm', 'geofenceEnter', 'ignitionOn']

describe('webhookUrl checks', () => {
  it('accepts an absolute https URL without warnings', () => {
    expect(checkUrl('https://hooks.example.com/biketrax?x=1')).toEqual({ error: null, warnings: [] })
  })

  it.each([
    ['', 'Enter the URL'],
    ['hooks.example.com/x', 'not a complete URL'],
    ['https://hooks.example.com/a b', 'spaces'],
    ['https://hooks.example.com/\n', 'spaces or line breaks'],
    ['ftp://hooks.example.com/', 'only calls http:// and https://'],
    ['javascript:alert(1)', 'only calls http'],
  ])('refuses %j', (value, message) => {
    expect(checkUrl(value).error).toContain(message)
  })

  it('warns on http, on credentials in the URL, and on hosts the cloud cannot reach', () => {
    expect(checkUrl('http://hooks.example.com/').warnings[0]).toContain('unencrypted')
    expect(checkUrl('https://u:p@hooks.example.com/').warnings[0]).toContain('user name or password')
    expect(checkUrl('https://192.168.1.20/hook').warnings[0]).toContain('cannot reach')
  })

  it.each([
    ['localhost', 'localhost'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade'],
    ['[::1]', 'loopback'],
    ['[fe80::1]', 'link-local'],
    ['[fd12::1]', 'private'],
    ['printer.local', '.local'],
    ['api.internal', '.internal'],
    ['nas', 'single-label'],
  ])('knows %s is unreachable from the cloud', (host, why) => {
    expect(unreachableFromCloud(host)).toContain(why)
  })

  it.each(['hooks.example.com', '8.8.8.8', '172.32.0.1', '100.128.0.1', '[2001:db8::1]'])(
    'treats %s as public',
    (host) => {
      expect(unreachableFromCloud(host)).toBeNull()
    },
  )
})

describe('webhookPsk checks', () => {
  it('accepts Bearer and Basic values and an empty one', () => {
    expect(checkPsk('Bearer abc.def')).toEqual({ error: null, warnings: [] })
    expect(checkPsk(basic('user', 'pä:ss'))).toEqual({ error: null, warnings: [] })
    expect(checkPsk('')).toEqual({ error: null, warnings: [] })
  })

  it.each([
    ['Bearer abc\r\nX-Evil: 1', 'line breaks'],
    ['Bearer abc\nX-Evil: 1', 'line breaks'],
    ['Bearer a\u0000b', 'U+0000 at position 9'],
    ['Bearer a\u0007b', 'U+0007 at position 9'],
    ['Bearer ' + 'x'.repeat(2000), 'longer than 2000'],
  ])('refuses header injection and control characters: %j', (value, message) => {
    expect(checkPsk(value).error).toContain(message)
  })

  it('accepts visible ASCII, spaces and tabs: what a header can carry', () => {
    const visible = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i)).join('')
    expect(checkPsk(`Bearer ${visible}\t x`).error).toBeNull()
  })

  it.each([
    ['Bearer ok✓', 'U+2713 (✓) at position 10'],
    ['Bearer “quoted”', 'U+201C (“) at position 8'],
    ['Bearer a\u2028b', 'U+2028 at position 9'],
    ['Bearer jürgen', 'U+00FC (ü) at position 9'],
    ['Bearer 😀x', 'U+1F600 (😀) at position 8'],
    ['Bearer a\u00a0b', 'U+00A0 at position 9'],
  ])('refuses %j, naming the character and its position', (value, named) => {
    expect(checkPsk(value).error).toContain(named)
  })

  it('warns when there is no scheme, and about surrounding spaces', () => {
    expect(checkPsk('s3cr3t').warnings[0]).toContain('no scheme')
    expect(checkPsk(' Bearer x').warnings[0]).toContain('space')
  })

  it('builds Bearer and Basic values', () => {
    expect(bearer('tok')).toBe('Bearer tok')
    expect(basic('user', 'pass')).toBe('Basic dXNlcjpwYXNz')
    expect(basic('jürgen', 'ü')).toBe(`Basic ${Buffer.from('jürgen:ü').toString('base64')}`)
  })

  it('masks the credential but keeps the scheme', () => {
    expect(maskPsk('Bearer s3cr3t-value')).toBe('Bearer •••••••• (19 characters)')
    expect(maskPsk('s3cr3t')).not.toContain('s3cr3t')
    expect(maskPsk(undefined)).toBe('(not set)')
  })
})

describe('webhookTypes', () => {
  it('reads absent as all events', () => {
    expect(parseTypes(undefined, KNOWN)).toEqual({ kind: 'all' })
  })

  it('reads each entry as found, with the fix for miscased, padded, unknown, empty and duplicate ones', () => {
    const parsed = parseTypes('deviceOnline,DeviceOffline, alarm,speeding,,deviceOnline', KNOWN)
    expect(parsed).toEqual({
      kind: 'list',
      entries: [
        { raw: 'deviceOnline', status: 'ok', fix: null },
        { raw: 'DeviceOffline', status: 'miscased', fix: 'deviceOffline' },
        { raw: ' alarm', status: 'padded', fix: 'alarm' },
        { raw: 'speeding', status: 'unknown', fix: null },
        { raw: '', status: 'empty', fix: null },
        { raw: 'deviceOnline', status: 'duplicate', fix: null },
      ],
    })
  })

  it('flags a value that is not a string', () => {
    expect(parseTypes(['alarm'], KNOWN)).toEqual({ kind: 'invalid', value: ['alarm'] })
  })

  it('writes exact case, comma-separated, no spaces, no duplicates', () => {
    expect(formatTypes(['deviceOnline', ' alarm ', 'deviceOnline', ''])).toBe('deviceOnline,alarm')
  })

  it('round-trips: format(parse(format(x))) keeps x', () => {
    for (const list of [['alarm'], ['deviceOnline', 'geofenceEnter', 'ignitionOn'], KNOWN]) {
      const written = formatTypes(list)
      const parsed = parseTypes(written, KNOWN)
      expect(parsed.kind === 'list' && parsed.entries.every((e) => e.status === 'ok')).toBe(true)
      expect(formatTypes(parsed.kind === 'list' ? parsed.entries.map((e) => e.raw) : [])).toBe(written)
    }
  })

  it('refuses spaces and empty entries when writing', () => {
    expect(checkTypes('alarm, deviceOnline').error).toContain('without spaces')
    expect(checkTypes('alarm,,deviceOnline').error).toContain('empty entry')
    expect(checkTypes('').error).toContain('at least one')
    expect(checkTypes('alarm,deviceOnline').error).toBeNull()
  })

  it('orders the server types with the BikeTrax-documented ones first', () => {
    expect(orderEventTypes(['commandResult', 'alarm', 'deviceOnline', 'media'])).toEqual([
      'deviceOnline',
      'alarm',
      'commandResult',
      'media',
    ])
  })
})

describe('near-miss keys', () => {
  it('finds names that differ only in case or surrounding spaces', () => {
    const found = findNearMisses({
      webhookUrl: 'https://ok',
      WebhookURL: 'https://a',
      webhookurl: 'https://b',
      'webhookUrl ': 'https://c',
      ' WEBHOOKPSK': 'x',
      webhookTypes: 'alarm',
      webhookTypesExtra: 'no',
      speedUnit: 'kmh',
    })
    expect(found.map((f) => [f.key, f.canonical])).toEqual([
      ['WebhookURL', 'webhookUrl'],
      ['webhookurl', 'webhookUrl'],
      ['webhookUrl ', 'webhookUrl'],
      [' WEBHOOKPSK', 'webhookPsk'],
    ])
  })
})

describe('URL credentials', () => {
  it.each([
    ['https://user:pa55@hooks.example.com/h?x=1', 'https://user:••••••••@hooks.example.com/h?x=1'],
    ['https://user:p@ss@hooks.example.com/', 'https://user:••••••••@hooks.example.com/'],
    ['https://:only-pw@hooks.example.com', 'https://:••••••••@hooks.example.com'],
    ['https://user@hooks.example.com/', 'https://user@hooks.example.com/'],
    ['https://hooks.example.com/a:b@c', 'https://hooks.example.com/a:b@c'],
    ['not a url', 'not a url'],
  ])('masks the password of %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked)
  })

  it('warns that the cloud may not send URL credentials as a header', () => {
    expect(checkUrl('https://user:pw@hooks.example.com/').warnings.join(' ')).toMatch(
      /may not send .* Authorization header/,
    )
  })
})

describe('look-alike keys', () => {
  it.each([
    ['webh\u043E\u043EkUrl', 'webhookUrl', ['U+043E (о) at position 5', 'U+043E (о) at position 6']],
    ['webhookUrl\u200B', 'webhookUrl', ['U+200B at position 11']],
    ['\uFF57ebhookUrl', 'webhookUrl', ['U+FF57 (ｗ) at position 1']],
    ['webhook_url', 'webhookUrl', []],
    ['webhook-url', 'webhookUrl', []],
    ['webhook psk', 'webhookPsk', []],
    ['webhookΤypes', 'webhookTypes', ['U+03A4 (Τ) at position 8']],
    ['WEBHOOK\u00ADTYPES', 'webhookTypes', ['U+00AD at position 8']],
  ])('flags %j as a near miss of %s, naming the foreign characters', (key, canonical, foreign) => {
    expect(findNearMisses({ [key]: 'x' })).toEqual([{ key, canonical, value: 'x', foreign }])
  })

  it('leaves other names alone', () => {
    expect(findNearMisses({ webhookUrl: 'a', webhookTypesExtra: 'b', web_hook: 'c', hookUrl: 'd' })).toEqual(
      [],
    )
  })
})

describe('diff and status', () => {
  it('lists only the keys that change', () => {
    expect(
      diffWebhook(
        { webhookUrl: 'a', webhookTypes: 'alarm' },
        { webhookUrl: 'b', webhookTypes: 'alarm', webhookPsk: 'Bearer x' },
      ),
    ).toEqual([
      { key: 'webhookUrl', before: 'a', after: 'b' },
      { key: 'webhookPsk', before: undefined, after: 'Bearer x' },
    ])
  })

  it('says in one sentence what the webhook does', () => {
    expect(webhookStatus({})).toBe('Webhook off')
    expect(webhookStatus({ webhookUrl: 'https://h.example/x' })).toBe(
      'Webhook on — all events → https://h.example/x',
    )
    expect(
      webhookStatus({ webhookUrl: 'https://h.example/x', webhookTypes: 'alarm,deviceOnline,geofenceEnter' }),
    ).toBe('Webhook on — 3 event types → https://h.example/x')
    expect(webhookStatus({ webhookUrl: 'https://h.example/x', webhookTypes: 'alarm' })).toBe(
      'Webhook on — 1 event type → https://h.example/x',
    )
  })
})
