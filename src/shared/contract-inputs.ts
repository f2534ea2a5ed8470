/**
 * Runtime schemas for every operation's input: the renderer is untrusted, so main validates each
 * call against these before a handler sees it. Kept apart from contract.ts so the preload stays
 * free of dependencies.
 */
import * as v from 'valibot'
import type { InputOf, OperationName } from './contract'
import { LANGUAGE_PREFERENCES, t } from './i18n'

const none = v.undefined()
const text = (max: number) => v.pipe(v.string(), v.maxLength(max))
const accountRef = v.strictObject({ accountId: text(2100) })
/** A value as found on the server: any JSON, kept small. */
const jsonValue = v.pipe(
  v.unknown(),
  v.check(
    (value) => {
      try {
        return JSON.stringify(value).length <= 8000
      } catch {
        return false
      }
    },
    () => t('input.smallJson'),
  ),
)
const foundValues = v.strictObject({
  webhookUrl: v.optional(jsonValue),
  webhookPsk: v.optional(jsonValue),
  webhookTypes: v.optional(jsonValue),
})
const writeValues = v.strictObject({
  webhookUrl: v.optional(text(4000)),
  webhookPsk: v.optional(text(4000)),
  webhookTypes: v.optional(text(4000)),
})
const draftInput = v.strictObject({
  baseline: foundValues,
  values: writeValues,
  removeKeys: v.pipe(v.array(text(200)), v.maxLength(20)),
})

const userId = v.pipe(v.number(), v.integer(), v.minValue(0))
const batchRef = v.strictObject({ batchId: text(64) })
const bulkChange = v.variant('kind', [
  v.strictObject({
    kind: v.literal('set'),
    url: v.optional(text(4000)),
    psk: v.optional(
      v.variant('mode', [
        v.strictObject({ mode: v.literal('same'), value: text(4000) }),
        v.strictObject({ mode: v.literal('perAccount') }),
      ]),
    ),
    types: v.optional(v.union([v.literal('all'), v.pipe(v.array(text(64)), v.maxLength(500))])),
  }),
  v.strictObject({ kind: v.literal('off') }),
])

export const inputSchemas = {
  getAppInfo: none,
  setLanguage: v.strictObject({ preference: v.picklist(LANGUAGE_PREFERENCES) }),
  listAccounts: none,
  getSession: none,
  signIn: v.strictObject({
    server: text(2048),
    method: v.picklist(['password', 'token']),
    email: v.optional(text(320)),
    secret: v.pipe(
      v.string(),
      v.minLength(1, () => t('input.secretMissing')),
      v.maxLength(4096),
    ),
    remember: v.boolean(),
    allowInsecure: v.optional(v.boolean()),
    ephemeral: v.optional(v.boolean()),
  }),
  checkServer: v.strictObject({ server: text(2048) }),
  signInWeb: v.strictObject({ server: text(2048), allowInsecure: v.optional(v.boolean()) }),
  cancelWebSignIn: none,
  verifyCode: v.strictObject({
    code: v.pipe(
      v.string(),
      v.regex(/^\s*\d{6}\s*$/, () => t('signIn.form.codeDigits')),
    ),
  }),
  cancelSignIn: none,
  signInSaved: accountRef,
  signOut: none,
  forgetAccount: accountRef,
  startDemo: none,
  loadWebhook: none,
  saveWebhook: v.strictObject({
    ...draftInput.entries,
    userId,
    acceptEscaping: v.optional(v.boolean()),
  }),
  getDraft: v.strictObject({ userId }),
  saveDraft: v.strictObject({ ...draftInput.entries, userId }),
  discardDraft: v.strictObject({ userId }),
  listHistory: none,
  getLocalData: none,
  dismissLocalDataNotice: none,
  restoreHistory: v.strictObject({ id: text(64), baseline: foundValues, userId }),
  checkSave: none,
  getTestSource: none,
  listRecentEvents: v.strictObject({
    hours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 31)),
  }),
  buildTestBody: v.strictObject({
    eventType: text(64),
    deviceId: v.nullable(v.pipe(v.number(), v.integer())),
  }),
  buildEventBody: v.strictObject({ eventId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  sendTest: v.strictObject({
    url: text(4000),
    psk: v.optional(text(4000)),
    body: text(1024 * 1024),
    eventType: text(64),
    timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(120_000)),
    insecureTls: v.boolean(),
  }),
  listDeliveries: none,
  resendDelivery: v.strictObject({ id: text(64) }),
  deliveryCurl: v.strictObject({ id: text(64), revealSecret: v.boolean() }),
  clearDeliveries: none,
  getInbox: none,
  startInbox: v.strictObject({ port: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535)) }),
  stopInbox: none,
  setInboxReply: v.strictObject({
    status: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)),
    delayMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120_000)),
  }),
  clearInbox: none,
  listEvents: v.strictObject({
    from: v.pipe(v.string(), v.isoTimestamp()),
    to: v.pipe(v.string(), v.isoTimestamp()),
  }),
  startLiveEvents: none,
  stopLiveEvents: none,
  startBackfill: v.strictObject({
    eventIds: v.pipe(
      v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
      v.minLength(1),
      v.maxLength(50_000),
    ),
    url: text(4000),
    psk: v.optional(text(4000)),
    continueOnFailure: v.boolean(),
    timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(120_000)),
  }),
  cancelBackfill: v.strictObject({ jobId: text(64) }),
  listManagedAccounts: none,
  openAccount: v.strictObject({ userId: v.nullable(userId) }),
  planBulk: v.strictObject({
    userIds: v.pipe(v.array(userId), v.minLength(1), v.maxLength(50_000)),
    change: bulkChange,
  }),
  planImport: v.strictObject({ csv: text(20 * 1024 * 1024) }),
  applyBulk: v.strictObject({ planId: text(64) }),
  getBulk: batchRef,
  cancelBulk: batchRef,
  retryBulk: batchRef,
  undoBulk: batchRef,
  bulkSecretsCsv: batchRef,
  exportManagedAccounts: v.strictObject({ format: v.picklist(['csv', 'json']), includePsk: v.boolean() }),
} satisfies { [K in OperationName]: v.GenericSchema<unknown, InputOf<K>> }
