/**
 * The verdict by the cloud's rule (only 200 and 201 count as delivered) and a diagnosis in plain
 * words with a next step, in the spirit of GitHub's webhook troubleshooting list.
 */
import type { Diagnosis, Verdict } from '../../shared/contract'
import { unreachableFromCloud } from '../../shared/webhook'
import type { SendOutcome } from './sender'

export function verdictOf(outcome: SendOutcome): Verdict {
  const status = outcome.response?.status
  if (status === 200 || status === 201) return 'delivered'
  if (status !== undefined && status >= 200 && status < 300) return 'cloudWouldFail'
  return 'failed'
}

const d = (tone: Diagnosis['tone'], title: string, detail: string, nextStep: string): Diagnosis => ({
  tone,
  title,
  detail,
  nextStep,
})

function networkDiagnosis(code: string, host: string, timeoutMs: number): Diagnosis {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return d(
        'danger',
        'The host name could not be found',
        `DNS has no address for ${host}.`,
        `Check the URL for typos; run "nslookup ${host}" to see what DNS says.`,
      )
    case 'ECONNREFUSED':
      return d(
        'danger',
        'Connection refused',
        `${host} is reachable but nothing accepts connections on that port.`,
        'Check that your receiver is running and listening on the port in the URL.',
      )
    case 'ETIMEDOUT':
      return d(
        'danger',
        'Timed out',
        `${host} did not answer within ${timeoutMs / 1000} s. The cloud gives up too, and does not retry.`,
        'Make the receiver answer quickly (queue work and reply 200 at once), or check firewalls in between.',
      )
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE_INVALID_CONSTANT':
      return d(
        'danger',
        'Connection closed without a response',
        `${host} closed the connection before answering.`,
        'Look at the receiver’s logs: it may have crashed on this request, or a proxy may be cutting it off.',
      )
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return d(
        'danger',
        'Self-signed certificate',
        `${host} presented a certificate no public authority signed. The cloud will reject it.`,
        'Use a certificate from a public CA such as Let’s Encrypt.',
      )
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return d(
        'danger',
        'Certificate expired',
        `The certificate of ${host} is outside its validity period.`,
        'Renew the certificate (and check the server’s clock).',
      )
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return d(
        'danger',
        'Certificate is for another name',
        `The certificate of ${host} does not list this host name.`,
        'Use the host name the certificate was issued for, or get one that covers this name.',
      )
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return d(
        'danger',
        'Incomplete certificate chain',
        `${host} sends its certificate without the intermediate certificates.`,
        `Configure the server to send the full chain; check with "openssl s_client -connect ${host}:443 -showcerts".`,
      )
    default:
      return d(
        'danger',
        'The request failed',
        `Webhook Desk could not complete the request (${code}).`,
        'Check the URL and that the receiver is running, then try again.',
      )
  }
}

function httpDiagnosis(status: number, headers: [string, string][]): Diagnosis {
  if (status === 200 || status === 201)
    return d(
      'success',
      'Delivered',
      `The receiver answered ${status}. The cloud counts this as delivered.`,
      'Nothing to do.',
    )
  if (status >= 200 && status < 300) {
    return d(
      'warning',
      'The cloud would count this as failed',
      `The receiver answered ${status}. The cloud only accepts 200 and 201, so it would treat this as a failure.`,
      'Make the receiver answer 200 (or 201).',
    )
  }
  if (status >= 300 && status < 400) {
    const location = headers.find(([k]) => k.toLowerCase() === 'location')?.[1]
    return d(
      'warning',
      `Redirect (${status})`,
      `The receiver redirects${location ? ` to ${location}` : ''}. The cloud is not known to follow redirects, so the event would be lost.`,
      location ? 'Put the final URL into webhookUrl.' : 'Use the final URL, without redirects.',
    )
  }
  if (status === 401 || status === 403) {
    return d(
      'danger',
      `Refused: ${status}`,
      'The receiver rejected the request’s credentials. The Authorization header (webhookPsk) probably does not match what it expects.',
      'Compare the header value with your receiver’s configuration, including the scheme ("Bearer …", "Basic …").',
    )
  }
  if (status === 404 || status === 405) {
    return d(
      'danger',
      status === 404 ? 'Not found (404)' : 'Method not allowed (405)',
      status === 404 ? 'Nothing answers at this path.' : 'The path exists but does not accept POST.',
      'Check the path in the URL and that the receiver accepts POST.',
    )
  }
  if (status === 413)
    return d(
      'danger',
      'Payload too large (413)',
      'The receiver refuses bodies this large.',
      'Raise the body size limit of the receiver or its proxy.',
    )
  if (status >= 500)
    return d(
      'danger',
      `Server error (${status})`,
      'The receiver failed while handling the event. The cloud does not retry, so this event would be lost.',
      'Look at the receiver’s logs for this request (quote the X-PowTxn id).',
    )
  return d(
    'danger',
    `Refused: ${status}`,
    `The receiver answered ${status}.`,
    'Look at the response body below for the receiver’s reason.',
  )
}

export function diagnose(outcome: SendOutcome, url: string, timeoutMs: number): Diagnosis {
  const host = new URL(url).hostname
  if (outcome.error) return networkDiagnosis(outcome.error.code, host, timeoutMs)
  return httpDiagnosis(outcome.response?.status ?? 0, outcome.response?.headers ?? [])
}

/** When this machine can reach the receiver but the cloud cannot. */
export function reachabilityNote(url: string, remoteAddress: string | null): string | null {
  const host = new URL(url).hostname
  const why =
    unreachableFromCloud(host) ??
    (remoteAddress ? unreachableFromCloud(remoteAddress.replace(/^::ffff:/, '')) : null)
  if (!why) return null
  return `Reachable from here is not reachable from the cloud: ${host}${remoteAddress && !host.includes(remoteAddress) ? ` (${remoteAddress})` : ''} is ${why}. The BikeTrax Cloud sends from the internet, so it cannot deliver there even though this test went through.`
}
