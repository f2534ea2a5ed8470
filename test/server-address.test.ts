import { describe, expect, it } from 'vitest'
import { parseServerAddress } from '$shared/server-address'

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
