/**
 * The --json output of each command: one document on stdout, in these shapes. They are the
 * documented contract for scripts (README "From the command line"); fields are only ever added.
 */
import * as v from 'valibot'
import { BULK_RESULT_STATUSES } from '$shared/contract'

const webhookTypes = v.nullable(v.array(v.string()))

export const getJson = v.strictObject({
  account: v.strictObject({
    server: v.string(),
    email: v.string(),
    userId: v.number(),
    serverVersion: v.string(),
    /** false: a managed account (--user), not the signed-in one. */
    own: v.boolean(),
  }),
  webhook: v.strictObject({
    /** null: not set, so the cloud sends nothing. */
    url: v.nullable(v.string()),
    /** Masked: the scheme and the length, never the credential. null: not set. */
    psk: v.nullable(v.string()),
    /** null: all event types. */
    types: webhookTypes,
    status: v.string(),
  }),
  nearMisses: v.array(v.strictObject({ key: v.string(), canonical: v.string() })),
  readonly: v.boolean(),
  readonlyReason: v.nullable(v.string()),
})

export const testJson = v.strictObject({
  delivered: v.boolean(),
  verdict: v.picklist(['delivered', 'cloudWouldFail', 'failed']),
  status: v.nullable(v.number()),
  url: v.string(),
  eventType: v.string(),
  error: v.nullable(v.strictObject({ code: v.string(), message: v.string() })),
  timings: v.strictObject({
    dnsMs: v.nullable(v.number()),
    connectMs: v.nullable(v.number()),
    tlsMs: v.nullable(v.number()),
    firstByteMs: v.nullable(v.number()),
    totalMs: v.number(),
  }),
  diagnosis: v.strictObject({
    tone: v.picklist(['success', 'warning', 'danger']),
    title: v.string(),
    detail: v.string(),
    nextStep: v.string(),
  }),
})

export const eventsJson = v.strictObject({
  hours: v.number(),
  webhook: v.strictObject({ url: v.nullable(v.string()), types: webhookTypes }),
  events: v.array(
    v.strictObject({
      id: v.number(),
      time: v.string(),
      type: v.string(),
      deviceId: v.number(),
      deviceName: v.string(),
      wouldBeSent: v.boolean(),
    }),
  ),
})

export const accountsJson = v.strictObject({
  accounts: v.array(
    v.strictObject({
      id: v.string(),
      server: v.string(),
      email: v.string(),
      method: v.picklist(['password', 'token']),
      remembered: v.boolean(),
      lastUsedAt: v.string(),
      /** The account commands use when neither --server nor --account is given. */
      current: v.boolean(),
    }),
  ),
})

const maskedValues = v.strictObject({
  webhookUrl: v.optional(v.unknown()),
  webhookPsk: v.optional(v.unknown()),
  webhookTypes: v.optional(v.unknown()),
})

export const historyJson = v.strictObject({
  entries: v.array(
    v.strictObject({ id: v.string(), time: v.string(), before: maskedValues, after: maskedValues }),
  ),
})

export const usersJson = v.strictObject({
  accounts: v.array(
    v.strictObject({
      userId: v.number(),
      name: v.string(),
      email: v.string(),
      readonly: v.boolean(),
      disabled: v.boolean(),
      administrator: v.boolean(),
      manager: v.boolean(),
      webhook: v.strictObject({
        on: v.boolean(),
        host: v.nullable(v.string()),
        /** Any password in it masked. */
        url: v.nullable(v.string()),
        /** null: all event types. */
        typesCount: v.nullable(v.number()),
        pskSet: v.boolean(),
      }),
      nearMisses: v.array(v.string()),
    }),
  ),
})

const bulkStatus = v.picklist(BULK_RESULT_STATUSES)

export const applyJson = v.strictObject({
  review: v.array(
    v.strictObject({
      userId: v.nullable(v.number()),
      email: v.string(),
      action: v.picklist(['change', 'unchanged', 'skip']),
      skip: v.nullable(v.strictObject({ code: v.string(), message: v.string() })),
      before: maskedValues,
      after: maskedValues,
    }),
  ),
  /** null with --dry-run, or when nothing changes. */
  results: v.nullable(
    v.array(
      v.strictObject({
        userId: v.number(),
        email: v.string(),
        status: bulkStatus,
        code: v.nullable(v.string()),
        message: v.nullable(v.string()),
      }),
    ),
  ),
  counts: v.nullable(v.record(bulkStatus, v.number())),
  /** Where the generated PSKs were written (--psk-out), or null. */
  pskOut: v.nullable(v.string()),
})

export type UsersJson = v.InferOutput<typeof usersJson>
export type ApplyJson = v.InferOutput<typeof applyJson>
export type GetJson = v.InferOutput<typeof getJson>
export type TestJson = v.InferOutput<typeof testJson>
export type EventsJson = v.InferOutput<typeof eventsJson>
export type AccountsJson = v.InferOutput<typeof accountsJson>
export type HistoryJson = v.InferOutput<typeof historyJson>
