/**
 * The webhook rules of src/shared/webhook.ts at their edges: address ranges, header limits,
 * masking, and the cloud's forwarding rule (webhook-domain.test.ts tells the main stories).
 */
import { describe, expect, it } from 'vitest'
import { t } from '$shared/i18n'
import {
  checkPsk,
  checkTypes,
  checkUrl,
  diffWebhook,
  findNearMisses,
  forwards,
  maskPsk,
  maskUrl,
  maskValues,
  nameChar,
  parseTypes,
  pickWebhook,
  typeSelected,
  unreachableFromCloud,
  webhookStatus,
  webhookTarget,
} from '$shared/webhook'

describe('hosts the cloud cannot reach', () => {
  it.each([
    ['10.0.0.0', 'where.private10'],
    ['10.255.1.1', 'where.private10'],
    ['172.16.0.0', 'where.private172'],
    ['172.31.255.255', 'where.private172'],
    ['192.168.255.1', 'where.private192'],
    ['127.255.255.255', 'where.loopback'],
    ['169.254.0.0', 'where.linkLocal'],
    ['100.64.0.0', 'where.cgnat'],
    ['100.127.255.255', 'where.cgnat'],
    ['0.1.2.3', 'where.unroutable'],
    ['LOCALHOST', 'where.localhost'],
    ['localhost.', 'where.localhost'],
    ['api.localhost', 'where.localhost'],
    ['[::1]', 'where.loopback'],
    ['[FE80::1]', 'where.linkLocal6'],
    ['feb0::1', 'where.linkLocal6'],
    ['fc00::1', 'where.private6'],
    ['nas', 'where.singleLabel'],
    ['nas.', 'where.singleLabel'],
    // Only the brackets around an IPv6 literal are dropped.
    ['local[host', 'where.singleLabel'],
    ['local]host', 'where.singleLabel'],
  ] as const)('%s is %s', (host, key) => {
    expect(unreachableFromCloud(host)).toBe(t(key))
  })

  it.each([
    ['printer.local.', 'local'],
    ['printer.LAN', 'lan'],
    ['box.corp', 'corp'],
    ['nas.home.arpa', 'arpa'],
  ])('%s is a local name (.%s)', (host, suffix) => {
    expect(unreachableFromCloud(host)).toBe(t('where.localName', { suffix }))
  })

  it.each([
    '9.255.255.255',
    '11.0.0.1',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '169.255.0.1',
    '100.63.255.255',
    '100.128.0.0',
    '1.0.0.0',
    '128.0.0.1',
    '256.1.1.1',
    '10.0.0.1.5',
    'fec0::1',
    'ff02::1',
    'localhost.example',
    'mylocalhost.example',
    'printer.local.example',
    'notlocal.example',
    '2001:db8::fe80',
    '2001:db8::fc00',
  ])('%s is public', (host) => {
    expect(unreachableFromCloud(host)).toBeNull()
  })
})

describe('URL checks, word for word', () => {
  it('refuses with the reason', () => {
    expect(checkUrl('')).toEqual({ error: t('check.url.empty'), warnings: [] })
    expect(checkUrl('https://h.example/a\tb')).toEqual({ error: t('check.url.spaces'), warnings: [] })
    expect(checkUrl('https://')).toEqual({ error: t('check.url.incomplete'), warnings: [] })
    expect(checkUrl('mailto:x@h.example')).toEqual({
      error: t('check.url.scheme', { scheme: 'mailto:' }),
      warnings: [],
    })
  })

  it('gives every warning that applies, in order', () => {
    expect(checkUrl('http://u:p@10.0.0.1/h')).toEqual({
      error: null,
      warnings: [
        t('check.url.plainHttp'),
        t('check.url.credentials'),
        t('check.url.unreachable', { host: '10.0.0.1', where: t('where.private10') }),
      ],
    })
    expect(checkUrl('https://user@h.example/').warnings).toEqual([t('check.url.credentials')])
    expect(checkUrl('https://:pw@h.example/').warnings).toEqual([t('check.url.credentials')])
  })
})

describe('PSK checks, word for word', () => {
  const refusal = (value: string) => checkPsk(value).error

  it('refuses a lone CR as a line break', () => {
    expect(refusal('Bearer a\rb')).toBe(t('check.psk.lineBreaks'))
  })

  it('names the first character a header cannot carry', () => {
    expect(refusal('Bearer \u007f\u0001')).toBe(t('check.psk.char', { char: 'U+007F', position: 8 }))
    expect(refusal('\u001fBearer')).toBe(t('check.psk.char', { char: 'U+001F', position: 1 }))
  })

  it('takes 2,000 characters and refuses 2,001', () => {
    expect(checkPsk('Bearer ' + 'x'.repeat(1993))).toEqual({ error: null, warnings: [] })
    expect(refusal('Bearer ' + 'x'.repeat(1994))).toBe(t('check.psk.tooLong'))
  })

  it('warns about padding and a missing scheme', () => {
    expect(checkPsk(' Bearer x ').warnings).toEqual([t('check.psk.padded')])
    expect(checkPsk('Bearer\tx').warnings).toEqual([t('check.psk.noScheme')])
    expect(checkPsk('Bearer ').warnings).toEqual([t('check.psk.padded'), t('check.psk.noScheme')])
    expect(checkPsk('Bearer  x').warnings).toEqual([t('check.psk.noScheme')])
    expect(checkPsk('Bearer\tx y').warnings).toEqual([t('check.psk.noScheme')])
    expect(checkPsk('x Bearer y').warnings).toEqual([])
  })

  it('names a character by its code point, with the glyph when visible', () => {
    expect(nameChar('a')).toBe('U+0061 (a)')
    expect(nameChar('é')).toBe('U+00E9 (é)')
    expect(nameChar('\u0007')).toBe('U+0007')
    expect(nameChar(' ')).toBe('U+0020')
    expect(nameChar('😀')).toBe('U+1F600 (😀)')
  })
})

describe('masking', () => {
  it('masks a PSK but keeps a short scheme', () => {
    const masked = (count: number, scheme = '') =>
      t(count === 1 ? 'psk.masked.one' : 'psk.masked.other', { scheme, dots: '•'.repeat(8), count })
    expect(maskPsk('')).toBe(t('psk.empty'))
    expect(maskPsk('k')).toBe(masked(1))
    expect(maskPsk(' token')).toBe(masked(6))
    expect(maskPsk('Basic dXNl')).toBe(masked(10, 'Basic '))
    expect(maskPsk('ABCDEFGHIJK x')).toBe(masked(13, 'ABCDEFGHIJK '))
    expect(maskPsk('ABCDEFGHIJKL x')).toBe(masked(14))
  })

  it('shows a PSK that is not a string as the JSON it is', () => {
    expect(maskPsk(null)).toBe('null')
    expect(maskPsk(42)).toBe('42')
    expect(maskPsk({ a: 1 })).toBe('{"a":1}')
  })

  it.each([
    ['://u:p@h', '://u:••••••••@h'],
    ['https://u:@h', 'https://u:@h'],
    ['https://:@h', 'https://:@h'],
    ['https://u:p@h#x@y', 'https://u:••••••••@h#x@y'],
    ['https://h.example?u:p@x', 'https://h.example?u:p@x'],
    ['https://h.example#u:p@x', 'https://h.example#u:p@x'],
    ['https://h.example:8443/x', 'https://h.example:8443/x'],
    ['https://?u:p@h', 'https://?u:p@h'],
    ['mailto:u:p@h', 'mailto:u:p@h'],
  ])('masks the URL password of %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked)
  })

  it('masks the PSK and the URL password of a set of values, adding nothing', () => {
    expect(
      maskValues({ webhookUrl: 'https://u:p@h/', webhookPsk: 'Bearer abc', webhookTypes: 'alarm' }),
    ).toEqual({
      webhookUrl: 'https://u:••••••••@h/',
      webhookPsk: maskPsk('Bearer abc'),
      webhookTypes: 'alarm',
    })
    expect(maskValues({ webhookTypes: 'alarm' })).toEqual({ webhookTypes: 'alarm' })
    expect(maskValues({ webhookPsk: undefined, webhookUrl: 42 })).toEqual({
      webhookPsk: t('psk.notSet'),
      webhookUrl: 42,
    })
  })
})

describe('types, word for word', () => {
  it('refuses with the reason', () => {
    expect(checkTypes('')).toEqual({ error: t('check.types.empty'), warnings: [] })
    expect(checkTypes('alarm\t')).toEqual({ error: t('check.types.spaces'), warnings: [] })
    expect(checkTypes('alarm,')).toEqual({ error: t('check.types.emptyEntry'), warnings: [] })
    expect(checkTypes(',alarm')).toEqual({ error: t('check.types.emptyEntry'), warnings: [] })
    expect(checkTypes('alarm,deviceOnline')).toEqual({ error: null, warnings: [] })
  })

  it('marks a repeat of a padded or miscased entry as a duplicate only when exact', () => {
    const known = ['alarm']
    expect(parseTypes(' alarm,alarm,ALARM', known)).toEqual({
      kind: 'list',
      entries: [
        { raw: ' alarm', status: 'padded', fix: 'alarm' },
        { raw: 'alarm', status: 'duplicate', fix: null },
        { raw: 'ALARM', status: 'miscased', fix: 'alarm' },
      ],
    })
    expect(parseTypes('', known)).toEqual({
      kind: 'list',
      entries: [{ raw: '', status: 'empty', fix: null }],
    })
    expect(parseTypes(null, known)).toEqual({ kind: 'invalid', value: null })
  })
})

describe('what the cloud does with the values', () => {
  it('sends to a non-empty string URL only', () => {
    expect(webhookTarget({ webhookUrl: 'https://h/x' })).toBe('https://h/x')
    expect(webhookTarget({ webhookUrl: '' })).toBeNull()
    expect(webhookTarget({ webhookUrl: 42 })).toBeNull()
    expect(webhookTarget({})).toBeNull()
  })

  it('forwards a type listed exactly, or every type when the list is absent or empty', () => {
    const url = 'https://h/x'
    expect(forwards({ webhookUrl: url }, 'alarm')).toBe(true)
    expect(forwards({ webhookUrl: url, webhookTypes: '' }, 'alarm')).toBe(true)
    expect(forwards({ webhookUrl: url, webhookTypes: 'deviceOnline,alarm' }, 'alarm')).toBe(true)
    expect(forwards({ webhookUrl: url, webhookTypes: 'deviceOnline,alarm' }, 'deviceOffline')).toBe(false)
    expect(forwards({ webhookUrl: url, webhookTypes: 'Alarm' }, 'alarm')).toBe(false)
    expect(forwards({ webhookUrl: url, webhookTypes: 'x, alarm' }, 'alarm')).toBe(false)
    expect(forwards({ webhookTypes: 'alarm' }, 'alarm')).toBe(false)
    expect(typeSelected(['alarm'], 'deviceOnline')).toBe(true)
  })

  it('picks the three keys that are present, undefined and null included', () => {
    const picked = pickWebhook({ webhookUrl: undefined, webhookPsk: null, speedUnit: 'kmh' })
    expect(Object.keys(picked)).toEqual(['webhookUrl', 'webhookPsk'])
    expect(picked.webhookPsk).toBeNull()
  })

  it('sees equal JSON values as unchanged and a removed key as a change', () => {
    expect(diffWebhook({ webhookTypes: ['a'] }, { webhookTypes: ['a'] })).toEqual([])
    expect(diffWebhook({ webhookPsk: 'x' }, {})).toEqual([
      { key: 'webhookPsk', before: 'x', after: undefined },
    ])
  })

  it('counts only the named types and masks the URL password in the status', () => {
    expect(webhookStatus({ webhookUrl: '' })).toBe(t('status.off'))
    expect(webhookStatus({ webhookUrl: 'https://u:p@h/', webhookTypes: ' ,alarm,' })).toBe(
      t('status.some.one', { count: 1, url: 'https://u:••••••••@h/' }),
    )
    expect(webhookStatus({ webhookUrl: 'https://h/', webhookTypes: '' })).toBe(
      t('status.all', { url: 'https://h/' }),
    )
    expect(webhookStatus({ webhookUrl: 'https://h/', webhookTypes: 7 })).toBe(
      t('status.all', { url: 'https://h/' }),
    )
  })

  it('keeps the value of a near-miss key and skips our own keys', () => {
    expect(findNearMisses({ webhookPsk: 'a', 'WEBHOOK.PSK': { v: 1 } })).toEqual([
      { key: 'WEBHOOK.PSK', canonical: 'webhookPsk', value: { v: 1 }, foreign: [] },
    ])
  })
})
