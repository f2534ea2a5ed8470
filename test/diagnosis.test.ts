// The delivery verdict and its diagnosis as pure functions: every branch with its exact tone and
// words (the journeys in delivery.test.ts reach them over real HTTP, but not every one).
import { describe, expect, it } from 'vitest'
import { diagnose, reachabilityNote, verdictOf } from '../src/main/delivery/diagnosis'
import type { SendOutcome } from '../src/main/delivery/sender'
import { t } from '../src/main/i18n'
import { unreachableFromCloud } from '$shared/webhook'

const URL_ = 'https://hooks.example.com/in'

const answered = (status: number, headers: [string, string][] = []): SendOutcome => ({
  response: { status, statusText: '', headers, body: '', bodySize: 0, truncated: false },
  error: null,
  timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 1 },
  remoteAddress: null,
  certificate: null,
})
const broken = (code: string): SendOutcome => ({
  ...answered(0),
  response: null,
  error: { code, message: 'x' },
})

/** The diagnosis as it should read: tone and the title, detail and next step of message group `name`. */
const expected = (
  tone: string,
  name: string,
  params: Record<string, string | number>,
  variant: { detail?: string; next?: string } = {},
) => ({
  tone,
  title: t(`diag.${name}.title` as never, params),
  detail: t(`diag.${variant.detail ?? `${name}.detail`}` as never, params),
  nextStep: t(`diag.${variant.next ?? `${name}.next`}` as never, params),
})

describe('the verdict by the cloud rule', () => {
  it.each([
    [200, 'delivered'],
    [201, 'delivered'],
    [202, 'cloudWouldFail'],
    [204, 'cloudWouldFail'],
    [299, 'cloudWouldFail'],
    [300, 'failed'],
    [302, 'failed'],
    [404, 'failed'],
    [500, 'failed'],
  ])('%i is %s', (status, verdict) => {
    expect(verdictOf(answered(status))).toBe(verdict)
  })

  it('is failed without a response', () => {
    expect(verdictOf(broken('ECONNREFUSED'))).toBe('failed')
  })
})

describe('the diagnosis of an answer', () => {
  const params = (status: number) => ({ status: String(status) })

  it.each([
    [200, 'success', 'delivered', {}],
    [201, 'success', 'delivered', {}],
    [204, 'warning', 'otherSuccess', {}],
    [299, 'warning', 'otherSuccess', {}],
    [300, 'warning', 'redirect', {}],
    [301, 'warning', 'redirect', {}],
    [399, 'warning', 'redirect', {}],
    [401, 'danger', 'auth', {}],
    [403, 'danger', 'auth', {}],
    [404, 'danger', 'notFound', { next: 'path.next' }],
    [405, 'danger', 'notAllowed', { next: 'path.next' }],
    [413, 'danger', 'tooLarge', {}],
    [500, 'danger', 'serverError', {}],
    [503, 'danger', 'serverError', {}],
    [400, 'danger', 'refusedOther', {}],
    [429, 'danger', 'refusedOther', {}],
    [499, 'danger', 'refusedOther', {}],
  ] as const)('%i: %s, %s', (status, tone, name, variant) => {
    expect(diagnose(answered(status), URL_, 5000)).toEqual(expected(tone, name, params(status), variant))
  })

  it('names the redirect target from the Location header, whatever its case and place', () => {
    const headers: [string, string][] = [
      ['Content-Type', 'text/html'],
      ['LOCATION', 'https://hooks.example.com/v2'],
      ['X-Other', 'y'],
    ]
    expect(diagnose(answered(308, headers), URL_, 5000)).toEqual(
      expected(
        'warning',
        'redirect',
        { ...params(308), location: 'https://hooks.example.com/v2' },
        { detail: 'redirect.detailTo', next: 'redirect.nextTo' },
      ),
    )
    // No Location among other headers: the plain redirect advice, no made-up target.
    expect(diagnose(answered(302, [['Content-Type', 'text/html']]), URL_, 5000)).toEqual(
      expected('warning', 'redirect', params(302)),
    )
  })
})

describe('the diagnosis of a network failure', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['EPIPE', 'reset'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'selfSigned'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'chain'],
    // A code without its own group: the general failure, naming the code.
    ['ERR_SOMETHING_NEW', 'failed'],
  ])('%s: %s, with host, code and seconds', (code, name) => {
    expect(diagnose(broken(code), URL_, 2500)).toEqual(
      expected('danger', name, { host: 'hooks.example.com', code, seconds: 2.5 }),
    )
  })

  it('names the code in the general failure', () => {
    expect(diagnose(broken('ERR_SOMETHING_NEW'), URL_, 5000).detail).toContain('ERR_SOMETHING_NEW')
  })
})

describe('the reachability note', () => {
  it('says nothing when the host and the address it answered from are public', () => {
    expect(reachabilityNote(URL_, '93.184.216.34')).toBeNull()
    expect(reachabilityNote(URL_, null)).toBeNull()
    expect(reachabilityNote('https://93.184.216.34/in', '93.184.216.34')).toBeNull()
  })

  it('names a private host, without an address when none is known or the URL already shows it', () => {
    const localhost = t('diag.reachability', { host: 'localhost', where: t('where.localhost') })
    expect(reachabilityNote('http://localhost:8080/in', null)).toBe(localhost)
    expect(reachabilityNote('http://127.0.0.1:8080/in', '127.0.0.1')).toBe(
      t('diag.reachability', { host: '127.0.0.1', where: t('where.loopback') }),
    )
  })

  it('names the address a private host answered from when the URL does not show it', () => {
    expect(reachabilityNote('http://localhost:8080/in', '127.0.0.1')).toBe(
      t('diag.reachabilityAt', { host: 'localhost', address: '127.0.0.1', where: t('where.localhost') }),
    )
  })

  it('catches a public name that answered from a private address (IPv4-mapped too)', () => {
    const at = (address: string, plain: string) => {
      const where = unreachableFromCloud(plain)
      expect(where).toBeTruthy()
      return t('diag.reachabilityAt', { host: 'hooks.example.com', address, where: where! })
    }
    expect(reachabilityNote(URL_, '10.1.2.3')).toBe(at('10.1.2.3', '10.1.2.3'))
    // Named as seen, judged as the IPv4 address it maps.
    expect(reachabilityNote(URL_, '::ffff:192.168.1.20')).toBe(at('::ffff:192.168.1.20', '192.168.1.20'))
  })
})
