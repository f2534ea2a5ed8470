/**
 * The one contract between the renderer and main: every operation the renderer may call, with its
 * input and output types. Type-only apart from the name list, so the sandboxed preload can import
 * it without pulling in anything else. Input schemas live in contract-inputs.ts (main side).
 */
import type { LanguagePreference, Locale } from './i18n'
import type { ErrorCode, Result } from './result'
import type { Escaping } from './html-escape'
import type { NearMiss, WebhookValues } from './webhook'

export interface AppInfo {
  name: string
  version: string
  /** Where the app runs: the Electron shell, the browser harness or the command line. */
  shell: 'electron' | 'harness' | 'cli'
  /** Started with --demo: sign in to the built-in demo server right away. */
  demoRequested: boolean
  language: LanguageInfo
  /** The address the "BikeTrax Cloud" preset fills in. */
  bikeTraxServer: string
}

export interface LanguageInfo {
  /** What the user chose in settings. */
  preference: LanguagePreference
  /** The language the app speaks now. */
  locale: Locale
  /** The language "system" stands for on this computer. */
  system: Locale
}

export type SignInMethod = 'password' | 'token'
/** How a session was made: a sign-in method, or the server's own web login (OpenID). */
export type SessionMethod = SignInMethod | 'web'

/** A saved account as the sign-in screen lists it. Never carries a secret. */
export interface AccountSummary {
  /** "<server origin>|<email>": also the keychain account name. */
  id: string
  server: string
  email: string
  method: SignInMethod
  label: string
  lastUsedAt: string
  /** Its secret is in the keychain, so one click signs in. */
  remembered: boolean
}

export interface AccountList {
  accounts: AccountSummary[]
  /** Why saved accounts could not be read, if they could not. */
  notice: string | null
}

/** Who is signed in where. Never carries a secret. */
export interface SessionInfo {
  accountId: string
  server: string
  serverVersion: string
  /** Traccar before 5.3 (legacy: no Bearer, no session tokens) or 5.3 and later. */
  generation: 'legacy' | 'modern'
  userId: number
  name: string
  email: string
  method: SessionMethod
  readonly: boolean
  administrator: boolean
  /** A manager (Traccar `userLimit` ≠ 0): sees the accounts linked to them. Admins see every account. */
  manager: boolean
  remembered: boolean
  /** Something the user should know about this sign-in, e.g. that the keychain was unavailable. */
  notice: string | null
  /** Signed in to the demo server that runs inside the app. */
  demo: boolean
  /** Whether the server HTML-escapes the text it sends (docs/traccar-facts.md). */
  escaping: Escaping
}

export interface SignInInput {
  server: string
  method: SignInMethod
  /** Required for password sign-in; a token identifies its user. */
  email?: string
  /** The password or the access token. */
  secret: string
  remember: boolean
  /** The user confirmed sending the secret over plain http to a non-loopback host. */
  allowInsecure?: boolean
  /** For this run only (the command line's WEBHOOK_DESK_TOKEN): saved accounts and the keychain stay as they are. */
  ephemeral?: boolean
}

/** What a server says about signing in before anyone is signed in (GET /api/server). */
export interface ServerSignInOptions {
  /** It offers its own web login (OpenID). */
  openIdEnabled: boolean
  /** It accepts no passwords, only the web login (and tokens). */
  openIdForce: boolean
}

export interface WebSignInInput {
  server: string
  /** The user confirmed signing in over plain http to a non-loopback host. */
  allowInsecure?: boolean
}

/** Closing the login window is the user's choice, not a failure. */
export type WebSignInOutcome = { status: 'signedIn'; session: SessionInfo } | { status: 'cancelled' }

/** Whose webhook the webhook operations act on: the signed-in user's own, or a managed account. */
export interface WebhookTarget {
  userId: number
  name: string
  email: string
  /** The signed-in user's own account. */
  own: boolean
}

/** The account's webhook as loaded from the server. */
export interface WebhookState {
  userId: number
  /** Whose webhook this is (see openAccount). */
  target: WebhookTarget
  /** The three attributes exactly as found (absent keys are missing). */
  values: WebhookValues
  nearMisses: NearMiss[]
  /** Event types the server knows, BikeTrax-documented first. */
  eventTypes: string[]
  readonly: boolean
  readonlyReason: string | null
  /** Length of the serialized attributes and how many there are besides the three. */
  attributesSize: number
  otherAttributeCount: number
  loadedAt: string
  /** Whether the server HTML-escapes text; values above are shown with its output layer taken off. */
  escaping: Escaping
}

/** What the user wants written: each key a string, or absent to remove it. */
export type WebhookWrite = Partial<Record<'webhookUrl' | 'webhookPsk' | 'webhookTypes', string>>

export interface SaveWebhookInput {
  /** The account the form was loaded for: must be the current target, else `target.changed`. */
  userId: number
  /** The three values as the form loaded them, to detect edits made elsewhere meanwhile. */
  baseline: WebhookValues
  values: WebhookWrite
  /** Near-miss attribute names to delete in the same save (after moving their value). */
  removeKeys: string[]
  /** The user saw that this server will store & < > " ' escaped, and saves anyway. */
  acceptEscaping?: boolean
}

export type SaveOutcome =
  /**
   * storedEscaped: keys the server stored HTML-escaped (as warned), so they differ from what was sent.
   * confirmedByReread: the server's answer was lost, and reading the account showed the values.
   * unchanged: nothing was written, the account already held the values (set elsewhere, or no change).
   */
  | {
      status: 'saved'
      state: WebhookState
      storedEscaped?: string[]
      confirmedByReread?: boolean
      unchanged?: boolean
    }
  /** Someone changed a webhook key since the form loaded: nothing was written. */
  | { status: 'conflict'; state: WebhookState }
  /** The write was sent, but neither its answer nor a re-read came back: it may or may not be applied. */
  | { status: 'unknown'; message: string }

export interface WebhookDraft {
  savedAt: string
  baseline: WebhookValues
  values: WebhookWrite
  removeKeys: string[]
}

/** Whether the account's drafts, change history and test deliveries can be opened. */
export interface LocalDataStatus {
  /** Why they cannot be opened now (the keychain holding their key is locked), or null. */
  locked: string | null
  /** What could not be read and was set aside, and where: one message per kind of data. */
  setAside: string[]
}

export interface HistoryEntry {
  id: string
  time: string
  /** The PSK is masked in both. */
  before: WebhookValues
  after: WebhookValues
}

export type Verdict = 'delivered' | 'cloudWouldFail' | 'failed'

export interface Diagnosis {
  tone: 'success' | 'warning' | 'danger'
  title: string
  detail: string
  nextStep: string
}

export interface DeliveryResponse {
  status: number
  statusText: string
  headers: [string, string][]
  body: string
  /** The full size; the body is cut at 64 KB. */
  bodySize: number
  truncated: boolean
}

export interface DeliveryTimings {
  dnsMs: number | null
  connectMs: number | null
  tlsMs: number | null
  firstByteMs: number | null
  totalMs: number
}

export interface DeliveryCertificate {
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  selfSigned: boolean
  /** Chain and host name verified. */
  trusted: boolean
  /** What failed, e.g. CERT_HAS_EXPIRED. */
  problem: string | null
}

/** One test delivery: what was sent, what came back, and what it means. */
export interface DeliveryRecord {
  id: string
  time: string
  kind: 'test' | 'replay'
  eventType: string
  request: {
    method: 'POST'
    url: string
    headers: [string, string][]
    /** As sent, or its first 64 KB when `truncated` (only that much is kept). */
    body: string
    truncated?: boolean
    /** The full size of a truncated body. */
    bodySize?: number
  }
  response: DeliveryResponse | null
  error: { code: string; message: string } | null
  timings: DeliveryTimings
  remoteAddress: string | null
  certificate: DeliveryCertificate | null
  verdict: Verdict
  diagnosis: Diagnosis
  reachability: string | null
  insecureTls: boolean
  /** How long it waited for an answer. */
  timeoutMs: number
}

export interface TestSource {
  generation: 'legacy' | 'modern'
  serverVersion: string
  devices: { id: number; name: string }[]
  /** Why the devices are not the opened account's (the server refused them), or null. */
  notice: string | null
  eventTypes: string[]
  /** An escaping server sends payload strings escaped; the sample bodies show them so. */
  escaping: Escaping
}

export interface SendTestInput {
  url: string
  /** The Authorization header value; absent sends none. */
  psk?: string
  body: string
  eventType: string
  timeoutMs: number
  insecureTls: boolean
}

export interface InboxArrival {
  id: string
  time: string
  method: string
  path: string
  headers: [string, string][]
  body: string
  remoteAddress: string
  answeredWith: number
}

export interface InboxState {
  running: boolean
  url: string | null
  port: number | null
  reply: { status: number; delayMs: number }
  arrivals: InboxArrival[]
}

/** One event of the account, as the Events and Test views list it. */
export interface EventRow {
  id: number
  type: string
  deviceId: number
  deviceName: string
  time: string
  alarm: string | null
}

export interface BackfillInput {
  /** Sent oldest first, whatever the order given. */
  eventIds: number[]
  url: string
  psk?: string
  continueOnFailure: boolean
  timeoutMs: number
}

export interface BackfillResult {
  eventId: number
  verdict: Verdict
  status: number | null
  title: string
  deliveryId: string
}

export type SocketState = 'connecting' | 'open' | 'closed'

/** A managed account's webhook at a glance. Never carries the PSK or a URL's password. */
export interface ManagedWebhook {
  /** A webhookUrl is set, so the cloud sends events. */
  on: boolean
  /** The URL's host (with port when not the default), or null when off or not a URL. */
  host: string | null
  /** The URL with any password masked, or null when off. */
  url: string | null
  /** How many event types webhookTypes lists; null when absent or empty (every type). */
  typesCount: number | null
  pskSet: boolean
}

export interface ManagedAccount {
  userId: number
  name: string
  email: string
  readonly: boolean
  disabled: boolean
  administrator: boolean
  /** A manager itself (userLimit ≠ 0). */
  manager: boolean
  webhook: ManagedWebhook
  /** Attribute names that look like a webhook key but are not exactly one (fix before bulk changes). */
  nearMisses: string[]
}

export interface ManagedAccountList {
  accounts: ManagedAccount[]
  /** The signed-in user was in the server's list (Traccar 4.x lists the manager too) and was left out. */
  selfOmitted: boolean
  loadedAt: string
}

/** The PSK a bulk change sets: the same for every account, or a distinct generated secret per account. */
export type BulkPsk = { mode: 'same'; value: string } | { mode: 'perAccount' }

/**
 * A change for many accounts. `set` changes only the keys given (url, psk, types; types 'all'
 * removes webhookTypes so every type is sent); `off` removes all three keys.
 */
export type BulkChange =
  { kind: 'set'; url?: string; psk?: BulkPsk; types?: string[] | 'all' } | { kind: 'off' }

export type BulkAction = 'change' | 'unchanged' | 'skip'

export type BulkSkipCode = 'readonly' | 'nearMiss' | 'noPermission' | 'notFound' | 'invalid'

/** One account in a review. Values are masked: PSKs as `••••••••`, URL passwords likewise. */
export interface BulkPlanRow {
  /** Null for an import row whose email matches no managed account. */
  userId: number | null
  name: string
  email: string
  action: BulkAction
  skip?: { code: BulkSkipCode; message: string }
  before: WebhookValues
  after: WebhookValues
  /** Import: the row's line in the file (1 = header). */
  line?: number
}

/** A problem of an imported file or one of its rows; a plan with any cannot be applied. */
export interface BulkRowError {
  /** Line in the file (1 = header), or null for the file as a whole. */
  line: number | null
  column: string | null
  code: ErrorCode
  message: string
}

export interface BulkPlan {
  planId: string
  rows: BulkPlanRow[]
  counts: Record<BulkAction, number>
  /** Each account gets its own generated PSK: the CSV of them is offered once after applying. */
  generatesSecrets: boolean
  /** Import only: row and file errors. applyBulk refuses a plan that has any. */
  errors: BulkRowError[]
}

/**
 * A bulk row's outcome, at run time too (counts, the CLI's JSON schema). conflict: a webhook key
 * changed on the server since the review, nothing was written. unknown: the write was sent but
 * neither its answer nor a re-read came back; re-read (retry) to settle. cancelled: not attempted.
 */
export const BULK_RESULT_STATUSES = [
  'saved',
  'unchanged',
  'conflict',
  'noPermission',
  'failed',
  'unknown',
  'cancelled',
] as const
export type BulkResultStatus = (typeof BULK_RESULT_STATUSES)[number]

/** Every status at zero, to count a batch's results into. */
export const emptyBulkCounts = (): Record<BulkResultStatus, number> =>
  Object.fromEntries(BULK_RESULT_STATUSES.map((s) => [s, 0])) as Record<BulkResultStatus, number>

export interface BulkRowResult {
  userId: number
  email: string
  status: BulkResultStatus
  /** Error code for noPermission / failed / unknown (e.g. the server's), else null. */
  code: ErrorCode | null
  /** The server's text (noPermission), the cause (failed), what to do (unknown, conflict), else null. */
  message: string | null
  /** The values on the server after this step, masked. Null when not known. */
  after: WebhookValues | null
}

export interface BulkBatch {
  batchId: string
  kind: 'apply' | 'retry' | 'undo'
  running: boolean
  cancelled: boolean
  total: number
  /** In the plan's order; only the accounts done so far. */
  results: BulkRowResult[]
  counts: Record<BulkResultStatus, number>
  /** Saved accounts whose history entry could not be written to disk (kept for this run only). */
  historyNotSaved: number
  /** The CSV of generated PSKs can still be fetched (once). */
  secretsAvailable: boolean
}

export type ExportFormat = 'csv' | 'json'

type Op<I, O> = { input: I; output: O }

/**
 * The operations. Error codes (ErrorCode in result.ts): any operation can fail with the
 * transport's (ipc.*, harness.*) and `internal`; one that needs a session with `auth.signedOut`;
 * one that asks the server with a NetworkCode (net.*, tls.*, server.*) and `auth.sessionExpired`;
 * one that reads drafts, history or deliveries with `data.locked`. Other codes are named below.
 */
export interface Operations {
  getAppInfo: Op<void, AppInfo>
  setLanguage: Op<{ preference: LanguagePreference }, LanguageInfo>
  listAccounts: Op<void, AccountList>
  getSession: Op<void, SessionInfo | null>
  /**
   * Fails with auth.totpRequired when the account has 2FA: then call verifyCode. Also
   * address.invalid, address.insecure (plain http to another host, not confirmed),
   * auth.emailMissing, auth.wrongPassword, auth.badToken, auth.passwordDisabled,
   * auth.bikeTraxPassword, auth.disabled, auth.expired.
   */
  signIn: Op<SignInInput, SessionInfo>
  /** auth.noPendingSignIn, auth.totpWrong, and signIn's. */
  verifyCode: Op<{ code: string }, SessionInfo>
  cancelSignIn: Op<void, null>
  /** account.unknown, auth.secretMissing (not remembered), keychain.locked, keychain.unavailable, and signIn's. */
  signInSaved: Op<{ accountId: string }, SessionInfo>
  checkServer: Op<{ server: string }, ServerSignInOptions>
  /** Signs in through the server's web login in a window of its own (the desktop app only). */
  signInWeb: Op<WebSignInInput, WebSignInOutcome>
  /** Closes the open web login window: signInWeb then ends as 'cancelled'. */
  cancelWebSignIn: Op<void, null>
  signOut: Op<void, null>
  forgetAccount: Op<{ accountId: string }, null>
  /**
   * Starts the built-in demo server (a simulated BikeTrax Cloud) and signs in as its demo rider.
   * demo.unavailable where there is none (the command line).
   */
  startDemo: Op<void, SessionInfo>
  loadWebhook: Op<void, WebhookState>
  /**
   * save.invalid, save.readonly, save.tooLarge, save.willBeEscaped (asks first: send again with
   * acceptEscaping), save.notConfirmed; a conflict or an unknown outcome is a SaveOutcome, not an error.
   */
  saveWebhook: Op<SaveWebhookInput, SaveOutcome>
  /**
   * Drafts are kept per account and name the user whose form they belong to: target.changed when
   * another account was opened since (a late autosave must not land in the other account's slot).
   */
  getDraft: Op<{ userId: number }, { draft: WebhookDraft | null; persistent: boolean }>
  saveDraft: Op<Omit<WebhookDraft, 'savedAt'> & { userId: number }, null>
  discardDraft: Op<{ userId: number }, null>
  listHistory: Op<void, HistoryEntry[]>
  /** Asks the keychain again when the data was locked. */
  getLocalData: Op<void, LocalDataStatus>
  dismissLocalDataNotice: Op<void, null>
  /** history.unknown, target.changed, and saveWebhook's. */
  restoreHistory: Op<{ id: string; baseline: WebhookValues; userId: number }, SaveOutcome>
  /** Re-reads the account to settle a save whose outcome was unknown. save.nothingPending. */
  checkSave: Op<void, SaveOutcome>
  getTestSource: Op<void, TestSource>
  listRecentEvents: Op<{ hours: number }, EventRow[]>
  buildTestBody: Op<{ eventType: string; deviceId: number | null }, string>
  buildEventBody: Op<{ eventId: number }, { body: string; eventType: string }>
  /** test.invalidUrl, test.invalidPsk, test.invalidBody; a failed delivery is a DeliveryRecord, not an error. */
  sendTest: Op<SendTestInput, DeliveryRecord>
  listDeliveries: Op<void, DeliveryRecord[]>
  /** delivery.unknown, delivery.truncated (its body was cut when kept). */
  resendDelivery: Op<{ id: string }, DeliveryRecord>
  /** delivery.unknown, delivery.truncated. */
  deliveryCurl: Op<{ id: string; revealSecret: boolean }, string>
  clearDeliveries: Op<void, null>
  getInbox: Op<void, InboxState>
  /** inbox.portInUse, inbox.failed. */
  startInbox: Op<{ port: number }, InboxState>
  stopInbox: Op<void, InboxState>
  setInboxReply: Op<{ status: number; delayMs: number }, InboxState>
  clearInbox: Op<void, InboxState>
  /** events.range (from is not before to). */
  listEvents: Op<{ from: string; to: string }, EventRow[]>
  startLiveEvents: Op<void, null>
  stopLiveEvents: Op<void, null>
  /** backfill.invalidUrl, backfill.invalidPsk; each delivery's outcome comes as backfill.progress. */
  startBackfill: Op<BackfillInput, { jobId: string; total: number }>
  cancelBackfill: Op<{ jobId: string }, null>
  /** Admins and managers: the accounts they manage. Pushes managed.progress while paging. */
  listManagedAccounts: Op<void, ManagedAccountList>
  /**
   * Points every webhook operation (load, save, drafts, history, restore, checkSave, test source,
   * sendTest's saved target) at a managed account, or back at one's own (null).
   */
  openAccount: Op<{ userId: number | null }, WebhookState>
  /** Reviews a change for many accounts: reads each, nothing is written. */
  planBulk: Op<{ userIds: number[]; change: BulkChange }, BulkPlan>
  /** Reviews a CSV `email,webhookUrl,webhookPsk,webhookTypes`: every row validated, nothing written. */
  planImport: Op<{ csv: string }, BulkPlan>
  /** Starts applying a reviewed plan; progress comes as bulk.progress, the end as bulk.finished. */
  applyBulk: Op<{ planId: string }, { batchId: string; total: number }>
  getBulk: Op<{ batchId: string }, BulkBatch>
  /** Stops after the account in flight; the rest are reported cancelled. */
  cancelBulk: Op<{ batchId: string }, null>
  /** A new batch for the accounts that failed, were left unknown or were cancelled. */
  retryBulk: Op<{ batchId: string }, { batchId: string; total: number }>
  /** A new batch putting each saved account back to its values before; a later change is a conflict. */
  undoBulk: Op<{ batchId: string }, { batchId: string; total: number }>
  /** CSV `email,userId,webhookPsk` of the generated PSKs: once per batch, then `bulk.secretsGone`. */
  bulkSecretsCsv: Op<{ batchId: string }, string>
  /** PSKs masked unless includePsk. */
  exportManagedAccounts: Op<
    { format: ExportFormat; includePsk: boolean },
    { fileName: string; content: string }
  >
}

export type OperationName = keyof Operations
export type InputOf<K extends OperationName> = Operations[K]['input']
export type OutputOf<K extends OperationName> = Operations[K]['output']

/** Every operation name, at run time. The type below fails to compile if one is missing. */
export const OPERATION_NAMES = [
  'getAppInfo',
  'setLanguage',
  'listAccounts',
  'getSession',
  'signIn',
  'verifyCode',
  'cancelSignIn',
  'signInSaved',
  'checkServer',
  'signInWeb',
  'cancelWebSignIn',
  'signOut',
  'forgetAccount',
  'startDemo',
  'loadWebhook',
  'saveWebhook',
  'getDraft',
  'saveDraft',
  'discardDraft',
  'listHistory',
  'getLocalData',
  'dismissLocalDataNotice',
  'restoreHistory',
  'checkSave',
  'getTestSource',
  'listRecentEvents',
  'buildTestBody',
  'buildEventBody',
  'sendTest',
  'listDeliveries',
  'resendDelivery',
  'deliveryCurl',
  'clearDeliveries',
  'getInbox',
  'startInbox',
  'stopInbox',
  'setInboxReply',
  'clearInbox',
  'listEvents',
  'startLiveEvents',
  'stopLiveEvents',
  'startBackfill',
  'cancelBackfill',
  'listManagedAccounts',
  'openAccount',
  'planBulk',
  'planImport',
  'applyBulk',
  'getBulk',
  'cancelBulk',
  'retryBulk',
  'undoBulk',
  'bulkSecretsCsv',
  'exportManagedAccounts',
] as const satisfies readonly OperationName[]
type Missing = Exclude<OperationName, (typeof OPERATION_NAMES)[number]>
const _allNamesListed: [Missing] extends [never] ? true : Missing = true
void _allNamesListed

/** What the app menu (Electron only) asks the window to do. */
export type MenuCommand =
  | 'view.webhook'
  | 'view.test'
  | 'view.events'
  | 'view.inbox'
  | 'webhook.review'
  | 'account.switch'
  | 'account.signOut'
  | 'app.settings'

/** Main → renderer notifications, delivered as plain values on one channel. */
export type PushEvent =
  | { type: 'session.ended'; message: string }
  /** The server's rate limit has held requests back for a while (true), or no longer (false). */
  | { type: 'server.slow'; slow: boolean }
  | { type: 'menu.command'; command: MenuCommand }
  | { type: 'inbox.arrival'; arrival: InboxArrival }
  | { type: 'events.progress'; devicesDone: number; devicesTotal: number; events: number }
  | { type: 'events.live'; event: EventRow }
  | { type: 'events.socket'; state: SocketState; message: string }
  | { type: 'backfill.progress'; jobId: string; done: number; total: number; result: BackfillResult }
  | {
      type: 'backfill.finished'
      jobId: string
      delivered: number
      failed: number
      cancelled: boolean
      stoppedOnFailure: boolean
    }
  /** While listManagedAccounts pages through the accounts; total is null when the server does not say. */
  | { type: 'managed.progress'; loaded: number; total: number | null }
  | { type: 'bulk.progress'; batchId: string; done: number; total: number; result: BulkRowResult }
  | {
      type: 'bulk.finished'
      batchId: string
      counts: Record<BulkResultStatus, number>
      cancelled: boolean
      /** Saved accounts whose history entry could not be written to disk (kept for this run only). */
      historyNotSaved: number
    }

export type Call<K extends OperationName> =
  InputOf<K> extends void
    ? () => Promise<Result<OutputOf<K>>>
    : (input: InputOf<K>) => Promise<Result<OutputOf<K>>>

/** What the renderer sees as window.api: one function per operation, plus push-event subscription. */
export type Api = { [K in OperationName]: Call<K> } & {
  onEvent(listener: (event: PushEvent) => void): () => void
}

export const channelOf = (name: OperationName): string => `api:${name}`
export const EVENT_CHANNEL = 'api:event'

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATION_NAMES as readonly string[]).includes(value)
}
