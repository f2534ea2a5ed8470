/**
 * Saved accounts without their secrets: server, email, sign-in method, label, last used. One JSON
 * file in the user-data folder. Secrets live only in the keychain (see secrets.ts).
 */
import { join } from 'node:path'
import type { AccountSummary, SignInMethod } from '$shared/contract'
import { readJsonFile, writeJsonAtomic } from './json-file'
import { t } from '../i18n'

interface ProfilesFile {
  version: 1
  accounts: AccountSummary[]
}

function isAccount(value: unknown): value is AccountSummary {
  const a = value as AccountSummary
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.id === 'string' &&
    typeof a.server === 'string' &&
    typeof a.email === 'string' &&
    (a.method === 'password' || a.method === 'token') &&
    typeof a.label === 'string' &&
    typeof a.lastUsedAt === 'string' &&
    typeof a.remembered === 'boolean'
  )
}

function isProfilesFile(value: unknown): value is ProfilesFile {
  const f = value as ProfilesFile
  return (
    typeof f === 'object' &&
    f !== null &&
    f.version === 1 &&
    Array.isArray(f.accounts) &&
    f.accounts.every(isAccount)
  )
}

/** The keychain account name and profile id for one server + email. */
export const accountId = (server: string, email: string): string => `${server}|${email.toLowerCase()}`

export class ProfileStore {
  private readonly path: string
  private accounts: AccountSummary[] | null = null
  /** Set once when the file on disk could not be read; shown to the user. */
  notice: string | null = null

  constructor(userDataDir: string) {
    this.path = join(userDataDir, 'profiles.json')
  }

  async list(): Promise<AccountSummary[]> {
    if (this.accounts) return this.accounts
    const outcome = await readJsonFile(this.path, isProfilesFile)
    if (outcome.kind === 'ok') this.accounts = outcome.value.accounts
    else {
      this.accounts = []
      if (outcome.kind === 'corrupt') {
        this.notice = outcome.movedTo
          ? t('error.profiles.unreadableMoved', { path: outcome.movedTo })
          : t('error.profiles.unreadable')
      }
    }
    return this.accounts
  }

  async get(id: string): Promise<AccountSummary | undefined> {
    return (await this.list()).find((a) => a.id === id)
  }

  async upsert(values: {
    server: string
    email: string
    method: SignInMethod
    label?: string
    remembered: boolean
  }): Promise<AccountSummary> {
    const list = await this.list()
    const id = accountId(values.server, values.email)
    const existing = list.find((a) => a.id === id)
    const account: AccountSummary = {
      id,
      server: values.server,
      email: values.email,
      method: values.method,
      label: values.label ?? existing?.label ?? '',
      remembered: values.remembered,
      lastUsedAt: new Date().toISOString(),
    }
    this.accounts = [account, ...list.filter((a) => a.id !== id)]
    await this.save()
    return account
  }

  async remove(id: string): Promise<void> {
    this.accounts = (await this.list()).filter((a) => a.id !== id)
    await this.save()
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(this.path, { version: 1, accounts: this.accounts ?? [] } satisfies ProfilesFile)
  }
}
