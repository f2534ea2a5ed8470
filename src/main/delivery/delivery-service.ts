/**
 * Test deliveries: builds bodies like the cloud's, sends them exactly as the cloud would (plus a
 * header marking them as tests), judges them by the cloud's rule, explains failures, and keeps
 * a per-account history (sealed: requests carry the webhookPsk).
 */
import { randomUUID } from 'node:crypto'
import type { DeliveryRecord, EventRow, SendTestInput, TestSource } from '$shared/contract'
import type { Device } from '$shared/traccar'
import { t } from '../i18n'
import { checkJsonObject } from '$shared/json-body'
import { AppFailure } from '$shared/result'
import { checkPsk, checkUrl, maskPsk, maskUrl } from '$shared/webhook'
import type { AccountService } from '../account/account-service'
import type { AccountDataStore } from '../store/account-data'
import { deviceName, deviceNames, newestFirst, toRow } from '../traccar/event-rows'
import { readDevices, readEventReport } from '../traccar/reports'
import type { WebhookService } from '../webhook/webhook-service'
import { diagnose, reachabilityNote, verdictOf } from './diagnosis'
import { BodyBuilder } from './body-builder'
import { RESPONSE_BODY_LIMIT, send, type SendOutcome } from './sender'

/** Marks requests from Webhook Desk: "test" for test sends, "replay" for backfilled events. */
export const MARKER_HEADER = 'X-Webhook-Desk'

export interface DeliveryOptions {
  /** Extra CA certificates to trust (tests). */
  ca?: string
}

export function cloudHeaders(psk: string | undefined, kind: 'test' | 'replay'): [string, string][] {
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['X-PowTxn', randomUUID()],
  ]
  if (psk) headers.push(['Authorization', psk])
  headers.push([MARKER_HEADER, kind])
  return headers
}

/** Refuses a target the cloud could not call, or a header value that would break the request. */
export function checkTarget(kind: 'test' | 'backfill', url: string, psk: string | undefined): void {
  const urlProblem = checkUrl(url).error
  if (urlProblem) throw new AppFailure(`${kind}.invalidUrl`, urlProblem, { field: 'url' })
  const pskProblem = psk ? checkPsk(psk).error : null
  if (pskProblem) throw new AppFailure(`${kind}.invalidPsk`, pskProblem, { field: 'psk' })
}

/** The words for an outcome: diagnosis and reachability note. */
function explanation(
  outcome: Pick<SendOutcome, 'response' | 'error' | 'remoteAddress'>,
  url: string,
  timeoutMs: number,
): Pick<DeliveryRecord, 'diagnosis' | 'reachability'> {
  return {
    diagnosis: diagnose(outcome, url, timeoutMs),
    reachability: outcome.response ? reachabilityNote(url, outcome.remoteAddress) : null,
  }
}

function masked(record: DeliveryRecord): DeliveryRecord {
  return {
    ...record,
    request: {
      ...record.request,
      url: maskUrl(record.request.url),
      headers: record.request.headers.map(([k, v]) => [
        k,
        k.toLowerCase() === 'authorization' ? maskPsk(v) : v,
      ]),
    },
  }
}

/** What is kept of a request body: 100 records of up to 1 MB each would be a lot to keep sealed. */
function keptRequest(url: string, headers: [string, string][], body: string): DeliveryRecord['request'] {
  const size = Buffer.byteLength(body)
  if (size <= RESPONSE_BODY_LIMIT) return { method: 'POST', url, headers, body }
  const kept = Buffer.from(body).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8')
  return { method: 'POST', url, headers, body: kept, truncated: true, bodySize: size }
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

export class DeliveryService {
  constructor(
    private readonly accounts: AccountService,
    private readonly webhook: WebhookService,
    private readonly history: AccountDataStore<never, DeliveryRecord>,
    private readonly options: DeliveryOptions = {},
  ) {}

  private builder(): BodyBuilder {
    const session = this.accounts.require()
    const devices = async (): Promise<Device[]> => (await this.devices()).devices
    return new BodyBuilder(session.client, session.server.version, Date.now, devices)
  }

  /**
   * The devices of the account the webhook operations act on: an opened managed account's through
   * `?userId=` (Traccar's checkUser). Refused, tests use a sample bike and say why.
   */
  private async devices(): Promise<{ devices: Device[]; notice: string | null }> {
    const { session, userId } = this.webhook.current()
    if (userId === session.info.userId) return { devices: await readDevices(session.client), notice: null }
    try {
      return { devices: await readDevices(session.client, userId), notice: null }
    } catch (error) {
      if (!(error instanceof AppFailure && /^HTTP (400|403)$/.test(error.extra.detail ?? ''))) throw error
      return { devices: [], notice: t('test.devicesRefused') }
    }
  }

  async source(): Promise<TestSource> {
    const session = this.accounts.require()
    const { devices, notice } = await this.devices()
    return {
      generation: session.server.generation,
      serverVersion: session.server.version,
      devices: session.client.plain(devices).map((d) => ({ id: d.id, name: deviceName(d) })),
      notice,
      escaping: session.client.escaping(),
      eventTypes: await this.webhook.eventTypes(session),
    }
  }

  async recentEvents(hours: number): Promise<EventRow[]> {
    const { client } = this.accounts.require()
    const devices = await readDevices(client)
    if (devices.length === 0) return []
    const to = new Date()
    const from = new Date(to.getTime() - hours * 3_600_000)
    const events = await readEventReport(
      client,
      devices.map((d) => d.id),
      from,
      to,
    )
    const names = deviceNames(client.plain(devices))
    return events
      .map((e) => toRow(e, names))
      .sort(newestFirst)
      .slice(0, 200)
  }

  testBody(eventType: string, deviceId: number | null): Promise<string> {
    return this.builder().test(eventType, deviceId)
  }

  eventBody(eventId: number): Promise<{ body: string; eventType: string }> {
    return this.builder().event(eventId)
  }

  async sendTest(input: SendTestInput): Promise<DeliveryRecord> {
    checkTarget('test', input.url, input.psk)
    const body = checkJsonObject(input.body)
    if (!body.ok) {
      const message =
        body.problem === 'notJson'
          ? t('error.test.bodyNotJson', { detail: body.detail })
          : t('error.test.bodyNotObject')
      throw new AppFailure('test.invalidBody', message, { field: 'body' })
    }
    const record = await this.deliver({
      url: input.url,
      headers: cloudHeaders(input.psk, 'test'),
      body: input.body,
      eventType: input.eventType,
      timeoutMs: input.timeoutMs,
      insecureTls: input.insecureTls,
      kind: 'test',
    })
    return masked(record)
  }

  /** Sends and records one delivery; used for tests, re-sends and replays. */
  async deliver(request: {
    url: string
    headers: [string, string][]
    body: string
    eventType: string
    timeoutMs: number
    insecureTls: boolean
    kind: 'test' | 'replay'
  }): Promise<DeliveryRecord> {
    const { info } = this.accounts.require()
    const outcome = await send({ ...request, ca: this.options.ca })
    const record: DeliveryRecord = {
      id: randomUUID(),
      time: new Date().toISOString(),
      kind: request.kind,
      eventType: request.eventType,
      request: keptRequest(request.url, request.headers, request.body),
      response: outcome.response,
      error: outcome.error,
      timings: outcome.timings,
      remoteAddress: outcome.remoteAddress,
      certificate: outcome.certificate,
      verdict: verdictOf(outcome),
      ...explanation(outcome, request.url, request.timeoutMs),
      insecureTls: request.insecureTls,
      timeoutMs: request.timeoutMs,
    }
    // The result is shown at once; the sealed history file follows in the background.
    await this.history.addHistory(info.accountId, record, { durable: false })
    return record
  }

  async list(): Promise<DeliveryRecord[]> {
    const entries = await this.history.history(this.accounts.require().info.accountId)
    // Explained again on each read, so the history speaks the language the app speaks now.
    return entries.map(({ value }) =>
      masked({ ...value, ...explanation(value, value.request.url, value.timeoutMs) }),
    )
  }

  private async find(id: string): Promise<DeliveryRecord> {
    const entries = await this.history.history(this.accounts.require().info.accountId)
    const found = entries.find((e) => e.value.id === id)
    if (!found) throw new AppFailure('delivery.unknown', t('error.delivery.unknown'))
    return found.value
  }

  /** A record whose body was cut can be looked at, but not sent again or copied as it was. */
  private async findWhole(id: string): Promise<DeliveryRecord> {
    const record = await this.find(id)
    if (record.request.truncated) throw new AppFailure('delivery.truncated', t('error.delivery.truncated'))
    return record
  }

  async resend(id: string): Promise<DeliveryRecord> {
    const old = await this.findWhole(id)
    const psk = old.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]
    const record = await this.deliver({
      url: old.request.url,
      headers: cloudHeaders(psk, old.kind),
      body: old.request.body,
      eventType: old.eventType,
      timeoutMs: 10_000,
      insecureTls: old.insecureTls,
      kind: old.kind,
    })
    return masked(record)
  }

  async curl(id: string, revealSecret: boolean): Promise<string> {
    const whole = await this.findWhole(id)
    const record = revealSecret ? whole : masked(whole)
    const headers = record.request.headers.map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)}`)
    return [
      `curl -X POST ${shellQuote(record.request.url)}`,
      ...headers,
      `  --data-raw ${shellQuote(record.request.body)}`,
    ].join(' \\\n')
  }

  async clear(): Promise<void> {
    await this.history.clearHistory(this.accounts.require().info.accountId)
  }
}
