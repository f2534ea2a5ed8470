/**
 * Links the app may hand to the system browser. Everything else the renderer tries to open is
 * dropped: a compromised renderer must not be able to launch arbitrary URLs or schemes.
 */
const ALLOWED_HOSTS = new Set([
  'traccar.powunity.com',
  'iot.powunity.com',
  'powunity.com',
  'www.powunity.com',
  'powunity.atlassian.net',
  'www.traccar.org',
])

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return (
    url.protocol === 'https:' && url.username === '' && url.password === '' && ALLOWED_HOSTS.has(url.hostname)
  )
}
