/**
 * `--users N`: N more accounts, all linked to admin@ (an admin with userLimit -1 links the users
 * they create) and about 40% to manager@, with a deterministic, realistic mix of webhook settings,
 * near-miss keys, restrictions and names that HTML escaping changes.
 */
import { traccarDate } from './flavor'
import { seededRandom } from './motion'
import { SEED_USERS } from './seed'
import type { Json, SimState } from './state'

/** The first extra account's id; account i (0-based) has id FLEET_FIRST_ID + i. */
export const FLEET_FIRST_ID = 100
/** The dealer: a manager among the extra accounts, linked to manager@, with a few accounts of their own. */
export const FLEET_DEALER_INDEX = 18
const DEALER_ACCOUNTS = [19, 21, 23]

const WEBHOOK_KINDS = [
  'full',
  'none',
  'url-only',
  'url-types',
  'url-psk',
  'near-miss',
  'types-only',
  'psk-only',
  'empty-url',
] as const
type WebhookKind = (typeof WEBHOOK_KINDS)[number]
const WEBHOOK_WEIGHTS: Record<WebhookKind, number> = {
  full: 30,
  none: 28,
  'url-only': 8,
  'url-types': 8,
  'url-psk': 5,
  'near-miss': 9,
  'types-only': 5,
  'psk-only': 3,
  'empty-url': 4,
}

const FLAGS = ['readonly', 'disabled', 'expiring', 'expired', 'plain'] as const
type Flag = (typeof FLAGS)[number]
const FLAG_WEIGHTS: Record<Flag, number> = { readonly: 5, disabled: 3, expiring: 4, expired: 2, plain: 86 }

/** Keys a person might have typed instead of webhookUrl / webhookPsk / webhookTypes. */
export const NEAR_MISS_KEYS = [
  'webhookURL',
  'webhook_url',
  ' webhookUrl',
  'webhookUrl ',
  'WebhookUrl',
  'webhookurl',
  'webHookUrl',
  'webhookPSK',
  'webhook_types',
]

const FIRST = [
  'Anna',
  'Lukas',
  'Sophie',
  'Jonas',
  'Marie',
  'Seán',
  'Lena',
  'David',
  'Eva',
  'Tobias',
  'Zoë',
  'Felix',
]
const LAST = [
  'Berger',
  'Huber',
  "O'Brien",
  'Wagner',
  'Pichler',
  'Müller',
  'Gruber',
  'Steiner',
  'Moser',
  'Hofer',
]
/** Company-style names with the characters HTML escaping changes. */
const COMPANIES = [
  'Rad & Tat GmbH',
  'Bikes <Nord>',
  'Sport "Alpin" Verleih',
  "Tom's Velo & Service",
  'E-Bike <Pro> & Co',
]
const TYPE_LISTS = [
  'deviceOnline,deviceOffline',
  'alarm',
  'alarm,geofenceEnter,geofenceExit',
  '',
  'deviceMoving, deviceStopped',
]

/** "Anna Berger", …; past the first 120, with a middle initial, so names repeat only in large fleets. */
function personName(i: number): string {
  const first = FIRST[i % FIRST.length]!
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!
  const round = Math.floor(i / (FIRST.length * LAST.length))
  return round === 0
    ? `${first} ${last}`
    : `${first} ${String.fromCharCode(64 + (round % 26 || 26))}. ${last}`
}

function pick<T extends string>(weights: Record<T, number>, r: number): T {
  const entries = Object.entries(weights) as [T, number][]
  let at = r * entries.reduce((sum, [, w]) => sum + w, 0)
  for (const [value, weight] of entries) if ((at -= weight) < 0) return value
  return entries[entries.length - 1]![0]
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9&']+/g, '.')
    .replace(/^\.+|\.+$/g, '')
}

/** The mix for account i: the first ones cover every kind, flag and near-miss, twice (once for manager@). */
function describe(
  i: number,
  random: () => number,
): { kind: WebhookKind; flag: Flag; managerLinked: boolean } {
  const early = i < 2 * WEBHOOK_KINDS.length
  const kind = early ? WEBHOOK_KINDS[Math.floor(i / 2)]! : pick(WEBHOOK_WEIGHTS, random())
  const flag = i < 2 * FLAGS.length ? FLAGS[Math.floor(i / 2)]! : pick(FLAG_WEIGHTS, random())
  const managerLinked = early || i === FLEET_DEALER_INDEX ? i % 2 === 0 : i % 5 === 0 || i % 5 === 2
  return { kind, flag, managerLinked: managerLinked && !DEALER_ACCOUNTS.includes(i) }
}

function webhookAttributes(kind: WebhookKind, i: number, random: () => number, nearMiss: number): Json {
  const url = `https://hooks.example.com/biketrax?fleet=${['nord', 'sued', 'ost'][i % 3]}&rider=${i + 1}`
  const psk =
    i % 4 === 0 ? `Basic ${Buffer.from(`rider${i + 1}:pw`).toString('base64')}` : `Bearer ${token(random)}`
  const types = TYPE_LISTS[i % TYPE_LISTS.length]!
  switch (kind) {
    case 'full':
      return { webhookUrl: url, webhookPsk: psk, webhookTypes: types }
    case 'url-only':
      return { webhookUrl: url }
    case 'url-types':
      return { webhookUrl: url, webhookTypes: types }
    case 'url-psk':
      return { webhookUrl: url, webhookPsk: psk }
    case 'types-only':
      return { webhookTypes: types }
    case 'psk-only':
      return { webhookPsk: psk }
    case 'empty-url':
      return { webhookUrl: '', webhookPsk: psk }
    case 'near-miss': {
      // A mistyped URL key leaves the webhook off; a mistyped PSK or types key sits beside a real URL.
      const key = NEAR_MISS_KEYS[nearMiss % NEAR_MISS_KEYS.length]!
      return /url/i.test(key) ? { [key]: url } : { webhookUrl: url, [key]: /psk/i.test(key) ? psk : types }
    }
    case 'none':
      return {}
  }
}

function token(random: () => number): string {
  let text = ''
  while (text.length < 24) text += Math.floor(random() * 36).toString(36)
  return text
}

/** Attributes other apps keep: arrays and objects included (PowUnity's `fcmTokens<Brand>`). */
function otherAttributes(i: number, random: () => number): Json {
  const out: Json = {}
  if (random() < 0.4)
    out.fcmTokensBikeTrax = [`push-${token(random)}`, ...(random() < 0.3 ? [`push-${token(random)}`] : [])]
  if (random() < 0.5) Object.assign(out, { speedUnit: 'kmh', timezone: 'Europe/Vienna' })
  if (random() < 0.1) out.dashboard = { tiles: ['map', 'battery'], compact: i % 2 === 0 }
  if (random() < 0.1) out.notificationTokens = token(random)
  if (random() < 0.1) out.mapLineWidth = 3
  return out
}

function flagFields(flag: Flag, now: number, random: () => number): Json {
  const day = 86_400_000
  switch (flag) {
    case 'readonly':
      return { readonly: true }
    case 'disabled':
      return { disabled: true }
    case 'expiring':
      return { expirationTime: traccarDate(now + Math.round(30 + random() * 335) * day) }
    case 'expired':
      return { expirationTime: traccarDate(now - Math.round(1 + random() * 90) * day) }
    case 'plain':
      return {}
  }
}

/** Adds `count` accounts; each signs in with the part of its email before the `@` as password. */
export function seedFleet(state: SimState, count: number): void {
  const random = seededRandom(16)
  const admin = state.users.get(SEED_USERS.admin.id)!
  const manager = state.users.get(SEED_USERS.manager.id)!
  const dealerId = FLEET_FIRST_ID + FLEET_DEALER_INDEX
  let nearMiss = 0
  for (let i = 0; i < count; i++) {
    const id = FLEET_FIRST_ID + i
    const { kind, flag, managerLinked } = describe(i, random)
    const name =
      i === FLEET_DEALER_INDEX
        ? 'Dealer "Süd" & Partner'
        : i % 7 === 3
          ? COMPANIES[Math.floor(i / 7) % COMPANIES.length]!
          : personName(i)
    const email = `${slug(name)}.${i + 1}@example.com`
    const json = state.makeUserJson({
      id,
      name,
      email,
      ...(i % 10 === 4 ? { login: `rider${i + 1}` } : {}),
      ...(i % 6 === 1 ? { phone: `+43 660 ${String(1_000_000 + i).slice(-7)}` } : {}),
      ...flagFields(flag, state.now(), random),
      ...(i === FLEET_DEALER_INDEX ? { userLimit: 5 } : {}),
      attributes: { ...otherAttributes(i, random), ...webhookAttributes(kind, i, random, nearMiss) },
    })
    if (kind === 'near-miss') nearMiss++
    state.users.set(id, {
      json,
      password: email.slice(0, email.indexOf('@')),
      webNotifications: new Set(),
      managedUserIds: new Set(),
    })
    admin.managedUserIds.add(id)
    if (managerLinked) manager.managedUserIds.add(id)
    if (DEALER_ACCOUNTS.includes(i) && count > FLEET_DEALER_INDEX)
      state.users.get(dealerId)!.managedUserIds.add(id)
  }
  // A manager's limit counts their links when they create users; it must have allowed these.
  manager.json.userLimit = Math.max(manager.json.userLimit as number, manager.managedUserIds.size + 10)
}
