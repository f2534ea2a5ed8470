/**
 * The accounts an admin or manager manages, read with GET /api/users (docs/traccar-facts.md):
 * an admin gets every user, a manager the users linked to them (Traccar 4.x lists the manager
 * too). 6.13 and later page with limit/offset; older servers answer in one piece.
 */
import type { ManagedAccount, ManagedAccountList, ManagedWebhook, PushEvent } from '$shared/contract'
import { findNearMisses, maskUrl, pickWebhook, webhookTarget, type WebhookValues } from '$shared/webhook'
import { AppFailure } from '$shared/result'
import { t } from '../i18n'
import type { AccountService, ActiveSession } from '../account/account-service'
import { isManager, versionAtLeast, type User } from '$shared/traccar'

/** Users per page on servers that page (6.13+): few requests, each answer small enough to parse quickly. */
export const PAGE_SIZE = 500

/** Whether the server pages GET /api/users with limit/offset (Traccar 6.13 and later). */
export function pagesUsers(version: string): boolean {
  return versionAtLeast(version, 6, 13)
}

export function webhookAtAGlance(values: WebhookValues): ManagedWebhook {
  const url = webhookTarget(values)
  let host: string | null = null
  if (url !== null) {
    try {
      host = new URL(url).host || null
    } catch {
      // Not a URL: the cloud cannot call it either; the masked text still shows what it is.
    }
  }
  const types = values.webhookTypes
  return {
    on: url !== null,
    host,
    url: url === null ? null : maskUrl(url),
    typesCount:
      typeof types === 'string' && types !== ''
        ? types.split(',').filter((x) => x.trim() !== '').length
        : null,
    pskSet: typeof values.webhookPsk === 'string' && values.webhookPsk !== '',
  }
}

export function toManagedAccount(user: User): ManagedAccount {
  const attributes = (user.attributes ?? {}) as Record<string, unknown>
  return {
    userId: user.id,
    name: typeof user.name === 'string' ? user.name : '',
    email: typeof user.email === 'string' ? user.email : '',
    readonly: user.readonly === true,
    disabled: user.disabled === true,
    administrator: user.administrator === true,
    manager: isManager(user),
    webhook: webhookAtAGlance(pickWebhook(attributes)),
    nearMisses: findNearMisses(attributes).map((n) => n.key),
  }
}

/** The managed users as last read, kept per session for reviews and exports. */
interface Snapshot {
  users: User[]
  selfOmitted: boolean
  loadedAt: string
}

export class ManagedAccounts {
  constructor(
    private readonly accounts: AccountService,
    private readonly push: (event: PushEvent) => void,
  ) {}

  requireManager(session: ActiveSession): void {
    if (!session.info.administrator && !session.info.manager) {
      throw new AppFailure('managed.notManager', t('error.managed.notManager'))
    }
  }

  /** Reads the managed users from the server (the source of every list, review and export). */
  async read(): Promise<Snapshot> {
    const session = this.accounts.require()
    this.requireManager(session)
    const { client, info, server } = session
    const all: User[] = []
    if (pagesUsers(server.version)) {
      const seen = new Set<unknown>()
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const page = await client.getJson<User[]>(`/api/users?limit=${PAGE_SIZE}&offset=${offset}`)
        const users = Array.isArray(page) ? page : []
        const fresh = users.filter((u) => !seen.has(u?.id))
        // A full page of accounts already read: the server (or a proxy) ignores offset, and asking
        // on would never end. The list would be incomplete, so it is refused rather than cut short.
        // (A server ignoring limit too, with exactly PAGE_SIZE accounts, looks the same and is refused.)
        if (offset > 0 && users.length > 0 && fresh.length === 0) {
          throw new AppFailure('managed.pagingStuck', t('error.managed.pagingStuck', { host: client.host }))
        }
        for (const u of fresh) seen.add(u?.id)
        all.push(...fresh)
        this.push({ type: 'managed.progress', loaded: all.length, total: null })
        // A short page is the last; a longer one means the server ignored limit (it sent everything).
        if (users.length !== PAGE_SIZE) break
      }
    } else {
      const list = await client.getJson<User[]>('/api/users')
      all.push(...(Array.isArray(list) ? list : []))
      this.push({ type: 'managed.progress', loaded: all.length, total: all.length })
    }
    // An admin's list and a 4.x manager's list hold the signed-in user too: that is not a managed account.
    const valid = client
      .plain(all)
      .filter((u) => typeof u === 'object' && u !== null && typeof u.id === 'number')
    const users = valid.filter((u) => u.id !== info.userId)
    return { users, selfOmitted: users.length !== valid.length, loadedAt: new Date().toISOString() }
  }

  async list(): Promise<ManagedAccountList> {
    const { users, selfOmitted, loadedAt } = await this.read()
    return { accounts: users.map(toManagedAccount), selfOmitted, loadedAt }
  }
}
