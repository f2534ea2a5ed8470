/**
 * The verdict by the cloud's rule (only 200 and 201 count as delivered) and a diagnosis in plain
 * words with a next step, in the spirit of GitHub's webhook troubleshooting list.
 */
import type { Diagnosis, Verdict } from '$shared/contract'
import { t, type MessageKey } from '../i18n'
import { unreachableFromCloud } from '$shared/webhook'
import type { SendOutcome } from './sender'

export function verdictOf(outcome: SendOutcome): Verdict {
  const status = outcome.response?.status
  if (status === 200 || status === 201) return 'delivered'
  if (status !== undefined && status >= 200 && status < 300) return 'cloudWouldFail'
  return 'failed'
}

type Params = Record<string, string | number>

/** A diagnosis from its message group: `diag.<name>.title`, `.detail` and `.next`. */
const d = (
  tone: Diagnosis['tone'],
  name: string,
  params: Params = {},
  variant: { detail?: string; next?: string } = {},
): Diagnosis => ({
  tone,
  title: t(`diag.${name}.title` as MessageKey, params),
  detail: t(`diag.${variant.detail ?? `${name}.detail`}` as MessageKey, params),
  nextStep: t(`diag.${variant.next ?? `${name}.next`}` as MessageKey, params),
})

/** Node's error codes, grouped by what they mean for the user. */
const NETWORK_DIAGNOSES: Record<string, string> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  HPE_INVALID_CONSTANT: 'reset',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'selfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'selfSigned',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'chain',
  UNABLE_TO_GET_ISSUER_CERT: 'chain',
}

function networkDiagnosis(code: string, host: string, timeoutMs: number): Diagnosis {
  return d('danger', NETWORK_DIAGNOSES[code] ?? 'failed', { host, code, seconds: timeoutMs / 1000 })
}

function httpDiagnosis(status: number, headers: [string, string][]): Diagnosis {
  const params = { status: String(status) }
  if (status === 200 || status === 201) return d('success', 'delivered', params)
  if (status >= 200 && status < 300) return d('warning', 'otherSuccess', params)
  if (status >= 300 && status < 400) {
    const location = headers.find(([k]) => k.toLowerCase() === 'location')?.[1]
    return location
      ? d(
          'warning',
          'redirect',
          { ...params, location },
          { detail: 'redirect.detailTo', next: 'redirect.nextTo' },
        )
      : d('warning', 'redirect', params)
  }
  if (status === 401 || status === 403) return d('danger', 'auth', params)
  if (status === 404) return d('danger', 'notFound', params, { next: 'path.next' })
  if (status === 405) return d('danger', 'notAllowed', params, { next: 'path.next' })
  if (status === 413) return d('danger', 'tooLarge', params)
  if (status >= 500) return d('danger', 'serverError', params)
  return d('danger', 'refusedOther', params)
}

export function diagnose(
  outcome: Pick<SendOutcome, 'response' | 'error'>,
  url: string,
  timeoutMs: number,
): Diagnosis {
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
  return remoteAddress && !host.includes(remoteAddress)
    ? t('diag.reachabilityAt', { host, address: remoteAddress, where: why })
    : t('diag.reachability', { host, where: why })
}
