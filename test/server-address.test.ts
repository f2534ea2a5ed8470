import { describe, expect, it } from 'vitest'
import { t } from '$shared/i18n'
import { isLoopbackHost, parseServerAddress } from '$shared/server-address'

const origin = (input: string) => {
  const r = parseServerAddress(input)
  return r.ok ? r.origin : `error: ${r.message}`
}

describe('server address', () => {
  it.each([
    ['https://traccar.powunity.com', 'https://traccar.powunity.com'],
    ['https://traccar.powunity.com/', 'https://traccar.powunity.com'],
    ['  traccar.powunity.com  ', 'https://traccar.powunity.com'],
    ['https://traccar.powunity.com/api', 'https://traccar.powunity.com'],
    ['https://traccar.powunity.com/api/', 'https://traccar.powunity.com'],
    ['https://iot.powunity.com/settings/preferences?x=1#top', 'https://iot.powunity.com'],
    ['https://demo.traccar.org/#/login', 'https://demo.traccar.org'],
    ['HTTPS://Traccar.PowUnity.com:443/', 'https://traccar.powunity.com'],
    ['http://127.0.0.1:8082/api', 'http://127.0.0.1:8082'],
    ['localhost:8082', 'https://localhost:8082'],
  ])('normalizes %s', (input, expected) => {
    expect(origin(input)).toBe(expected)
  })

  it('flags plain http to another host as insecure, but not loopback', () => {
    expect(parseServerAddress('http://traccar.example.org')).toMatchObject({ ok: true, insecure: true })
    expect(parseServerAddress('http://127.0.0.1:8082')).toMatchObject({ ok: true, insecure: false })
    expect(parseServerAddress('http://localhost:8082')).toMatchObject({ ok: true, insecure: false })
    expect(parseServerAddress('http://[::1]:8082')).toMatchObject({ ok: true, insecure: false })
    expect(parseServerAddress('https://traccar.example.org')).toMatchObject({ ok: true, insecure: false })
  })

  it.each(['', '   ', 'ftp://x.example', 'https://user:pw@x.example', 'https://a b.example', 'http://'])(
    'refuses %j with a message',
    (input) => {
      const r = parseServerAddress(input)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10)
    },
  )
})

describe('server address refusals and loopback', () => {
  const message = (input: string) => {
    const r = parseServerAddress(input)
    return r.ok ? 'accepted' : r.message
  }

  it('says why each address is refused', () => {
    expect(message('  ')).toBe(t('address.empty'))
    expect(message('https://a b.example')).toBe(t('address.spaces'))
    expect(message('https://[x')).toBe(t('address.notUrl', { address: 'https://[x' }))
    expect(message('ftp://x.example')).toBe(t('address.scheme', { scheme: 'ftp:' }))
    expect(message('https://user@x.example')).toBe(t('address.credentials'))
    expect(message('https://:pw@x.example')).toBe(t('address.credentials'))
  })

  it('adds https only where no scheme is given, of any case', () => {
    expect(message('Ftp://x.example')).toBe(t('address.scheme', { scheme: 'ftp:' }))
    expect(message('git+ssh://x.example')).toBe(t('address.scheme', { scheme: 'git+ssh:' }))
    expect(parseServerAddress('x.example:8443')).toMatchObject({ ok: true, host: 'x.example:8443' })
    expect(parseServerAddress('x.example/?next=https://y.example')).toMatchObject({
      ok: true,
      origin: 'https://x.example',
    })
  })

  it('knows loopback hosts and nothing else', () => {
    for (const host of [
      'localhost',
      'LocalHost',
      'app.localhost',
      '::1',
      '[::1]',
      '127.0.0.1',
      '127.10.200.3',
      '127.0.0.10',
      '127.0.0.255',
    ])
      expect([host, isLoopbackHost(host)]).toEqual([host, true])
    for (const host of [
      'localhost.example',
      'mylocalhost',
      '::2',
      '127.0.0.1.example',
      'x127.0.0.1',
      '128.0.0.1',
      '127.0.0.1000',
      'local[host',
      'local]host',
    ])
      expect([host, isLoopbackHost(host)]).toEqual([host, false])
  })
})
