/**
 * The refusal before writing text that an HTML-escaping server would store escaped
 * (docs/traccar-facts.md, "HTML escaping"): the same words for the editor, bulk changes and imports.
 */
import { treatsAsEscaping } from '$shared/html-escape'
import { AppFailure } from '$shared/result'
import { t } from '../i18n'
import type { ActiveSession } from '../account/account-service'

/** Null when the server does not escape or no key is at risk. */
export function escapingRefusal({ client, info }: ActiveSession, keys: readonly string[]): AppFailure | null {
  const escaping = client.escaping()
  if (escaping === 'no' || keys.length === 0) return null
  return new AppFailure(
    'save.willBeEscaped',
    t(treatsAsEscaping(escaping) ? 'error.save.willBeEscaped' : 'error.save.mayBeEscaped', {
      host: client.host,
      version: info.serverVersion,
      keys: keys.join(', '),
    }),
    { detail: keys.join(',') },
  )
}
