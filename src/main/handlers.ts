/**
 * The handler table: the contract implemented on plain services. Built once, without Electron,
 * and carried by either transport.
 */
import type { AppInfo, PushEvent } from '$shared/contract'
import { DEFAULT_SERVER } from '$shared/server-address'
import { AccountService } from './account/account-service'
import type { WebLoginWindow } from './account/web-login-flow'
import { DemoServer, type DemoLauncher } from './demo'
import type { Handlers } from './dispatch'
import type { DeliveryRecord } from '$shared/contract'
import { Backfill } from './delivery/backfill'
import { DeliveryService, type DeliveryOptions } from './delivery/delivery-service'
import { Inbox } from './inbox/inbox'
import { LanguageSettings } from './language'
import { BulkService } from './managed/bulk'
import { exportAccounts } from './managed/export'
import { ManagedAccounts } from './managed/listing'
import { EventsService } from './events/events-service'
import { AccountDataStore } from './store/account-data'
import { LocalData } from './store/local-data'
import { ProfileStore } from './store/profiles'
import { Sealer } from './store/sealed'
import { KeyedQueue } from './store/serial'
import type { SecretStore } from './store/secrets'
import type { HttpTransport } from './traccar/transport'
import { WebhookService, type DraftRecord, type HistoryRecord } from './webhook/webhook-service'

export interface HandlerDeps {
  appInfo: Omit<AppInfo, 'language' | 'bikeTraxServer'>
  /** The BikeTrax Cloud address (DEFAULT_SERVER; WEBHOOK_DESK_BIKETRAX_SERVER points it elsewhere for tests). */
  bikeTraxServer?: string
  /** The language setting; by default English unless settings.json says otherwise. */
  language?: LanguageSettings
  userDataDir: string
  /** A new transport with its own cookie jar, one per sign-in attempt. */
  transport: () => HttpTransport
  secrets: SecretStore
  push: (event: PushEvent) => void
  delivery?: DeliveryOptions
  /** Starts the demo server for "Try the demo"; without it (the command line) there is no demo. */
  demo?: DemoLauncher
  /** Opens a web login window (the desktop app only: electron/web-login.ts). */
  webLogin?: () => WebLoginWindow
  /** Request pacing per server (DEFAULT_PACE when absent); the bench turns it off to time the client alone. */
  pace?: { perSecond: number; burst: number }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const demo = new DemoServer(deps.demo)
  const language = deps.language ?? new LanguageSettings(deps.userDataDir, [])
  const bikeTraxServer = deps.bikeTraxServer ?? DEFAULT_SERVER
  const accounts = new AccountService({
    bikeTraxServer,
    transport: deps.transport,
    secrets: deps.secrets,
    profiles: new ProfileStore(deps.userDataDir),
    push: deps.push,
    isDemo: demo.isDemo,
    webLogin: deps.webLogin,
    ...(deps.pace && { pace: deps.pace }),
  })
  const sealer = new Sealer(deps.secrets)
  const accountData = new AccountDataStore<DraftRecord, HistoryRecord>(deps.userDataDir, sealer)
  const webhook = new WebhookService(accounts, accountData)
  const deliveryData = new AccountDataStore<never, DeliveryRecord>(
    deps.userDataDir,
    sealer,
    'deliveries',
    100,
  )
  const localData = new LocalData({ webhook: accountData, deliveries: deliveryData })
  const delivery = new DeliveryService(accounts, webhook, deliveryData, deps.delivery)
  const inbox = new Inbox(deps.push)
  const saves = new KeyedQueue()
  /** Saves and restores of one account (own or managed) run one after another (see serial.ts). */
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => saves.run(webhook.current().dataId, work)
  const managed = new ManagedAccounts(accounts, deps.push)
  const bulk = new BulkService({
    accounts,
    managed,
    webhook,
    push: deps.push,
    serialize: (dataId, work) => saves.run(dataId, work),
  })
  const events = new EventsService(accounts, deps.push)
  const backfill = new Backfill(accounts, delivery, deps.push, (id) => events.listedEvent(id))
  return {
    getAppInfo: async () => ({ ...deps.appInfo, bikeTraxServer, language: await language.info() }),
    setLanguage: ({ preference }) => language.set(preference),
    listAccounts: () => accounts.list(),
    getSession: () => accounts.session(),
    signIn: (input) => accounts.signIn(input),
    verifyCode: ({ code }) => accounts.verifyCode(code),
    cancelSignIn: () => (accounts.cancelSignIn(), null),
    signInSaved: ({ accountId }) => accounts.signInSaved(accountId),
    checkServer: ({ server }) => accounts.checkServer(server),
    signInWeb: (input) => accounts.signInWeb(input),
    cancelWebSignIn: () => (accounts.cancelWebSignIn(), null),
    signOut: async () => {
      events.stopLive()
      bulk.endSession()
      await accounts.signOut()
      return null
    },
    forgetAccount: async ({ accountId }) => {
      await accounts.forget(accountId)
      await accountData.remove(accountId)
      await deliveryData.remove(accountId)
      await sealer.forget(accountId)
      return null
    },
    startDemo: () => demo.signIn(accounts),
    loadWebhook: () => webhook.load(),
    saveWebhook: (input) => oneAtATime(() => webhook.save(input)),
    getDraft: ({ userId }) => webhook.draft(userId),
    saveDraft: async ({ userId, ...draft }) => (await webhook.saveDraft(userId, draft), null),
    discardDraft: async ({ userId }) => (await webhook.discardDraft(userId), null),
    listHistory: () => webhook.history(),
    getLocalData: () => localData.status(accounts.require().info.accountId),
    dismissLocalDataNotice: () => (localData.dismiss(accounts.require().info.accountId), null),
    restoreHistory: ({ id, baseline, userId }) => oneAtATime(() => webhook.restore(id, baseline, userId)),
    checkSave: () => oneAtATime(() => webhook.checkSave()),
    getTestSource: () => delivery.source(),
    listRecentEvents: ({ hours }) => delivery.recentEvents(hours),
    buildTestBody: ({ eventType, deviceId }) => delivery.testBody(eventType, deviceId),
    buildEventBody: ({ eventId }) => delivery.eventBody(eventId),
    sendTest: (input) => delivery.sendTest(input),
    listDeliveries: () => delivery.list(),
    resendDelivery: ({ id }) => delivery.resend(id),
    deliveryCurl: ({ id, revealSecret }) => delivery.curl(id, revealSecret),
    clearDeliveries: async () => (await delivery.clear(), null),
    getInbox: () => inbox.state(),
    startInbox: ({ port }) => inbox.start(port),
    stopInbox: () => inbox.stop(),
    setInboxReply: (reply) => inbox.setReply(reply),
    clearInbox: () => inbox.clear(),
    listEvents: ({ from, to }) => events.list(from, to),
    startLiveEvents: () => (events.startLive(), null),
    stopLiveEvents: () => (events.stopLive(), null),
    startBackfill: (input) => backfill.start(input),
    cancelBackfill: ({ jobId }) => (backfill.cancel(jobId), null),
    listManagedAccounts: () => managed.list(),
    openAccount: ({ userId }) => webhook.open(userId),
    planBulk: ({ userIds, change }) => bulk.plan(userIds, change),
    planImport: ({ csv }) => bulk.planImport(csv),
    applyBulk: async ({ planId }) => bulk.apply(planId),
    getBulk: async ({ batchId }) => bulk.get(batchId),
    cancelBulk: async ({ batchId }) => (bulk.cancel(batchId), null),
    retryBulk: async ({ batchId }) => bulk.retry(batchId),
    undoBulk: async ({ batchId }) => bulk.undo(batchId),
    bulkSecretsCsv: async ({ batchId }) => bulk.secretsCsv(batchId),
    exportManagedAccounts: async ({ format, includePsk }) => {
      const { users } = await managed.read()
      const { client } = accounts.require()
      return exportAccounts(users, { format, includePsk, host: client.host, now: new Date() })
    },
  }
}
