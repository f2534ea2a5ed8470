/** test, events and inbox: what the cloud would send, what it would count, what a receiver sees. */
import type { DeliveryRecord, SessionInfo } from '$shared/contract'
import { forwards, maskPsk, maskUrl, typeSelected, webhookTarget } from '$shared/webhook'
import { flag, JSON_OPTION, text, USER_OPTION, type CommandSpec, type Values } from '../command'
import { CliError, EXIT, usageError } from '../exit-codes'
import type { EventsJson, TestJson } from '../json-shapes'
import { note, painter, pairs, printJson, printLine, table, withProgress } from '../output'
import { PSK_OPTIONS, pskFrom, typesList } from './webhook'
import type { Context } from '../context'

const TIMEOUT_MS = 10_000

/** Where to send and with which Authorization: the saved settings, the app's draft, or a URL. */
async function target(
  ctx: Context,
  values: Values,
  session: SessionInfo,
): Promise<{ url: string; psk: string | undefined; savedTypes?: unknown }> {
  const chosen = text(values, 'target') ?? 'saved'
  const pskOf = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined
  if (chosen === 'saved') {
    const { values: saved } = await ctx.call('loadWebhook')
    const url = webhookTarget(saved)
    if (!url)
      throw new CliError(
        'test.noUrl',
        'No webhook URL is saved: set one with "webhook-desk set --url", or test a URL with --target URL.',
        EXIT.failed,
      )
    return { url, psk: pskOf(saved.webhookPsk), savedTypes: saved.webhookTypes }
  }
  if (chosen === 'draft') {
    // The draft of the account the webhook operations act on (--user opens a managed one).
    const { draft } = await ctx.call('getDraft', { userId: ctx.opened?.userId ?? session.userId })
    if (!draft?.values.webhookUrl)
      throw new CliError(
        'test.noDraft',
        'There is no unsaved draft with a URL for this account in the app.',
        EXIT.failed,
      )
    return { url: draft.values.webhookUrl, psk: pskOf(draft.values.webhookPsk) }
  }
  // A URL of your own gets a PSK only when you give one: the saved secret is not sent elsewhere.
  return { url: chosen, psk: await pskFrom(ctx, values) }
}

export function testJsonOf(record: DeliveryRecord): TestJson {
  return {
    delivered: record.verdict === 'delivered',
    verdict: record.verdict,
    status: record.response?.status ?? null,
    url: maskUrl(record.request.url),
    eventType: record.eventType,
    error: record.error,
    timings: record.timings,
    diagnosis: record.diagnosis,
  }
}

const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`)

export const test: CommandSpec = {
  name: 'test',
  summary: 'Send a test webhook exactly as the cloud would; exit 0 only if it counts as delivered',
  options: {
    user: USER_OPTION,
    target: {
      type: 'string',
      value: 'saved|draft|URL',
      description: 'Where to send (default: the saved settings).',
    },
    event: {
      type: 'string',
      value: 'TYPE',
      description: 'The event type to simulate (default: deviceMoving).',
    },
    ...PSK_OPTIONS,
    json: JSON_OPTION,
  },
  examples: [
    'webhook-desk test',
    'webhook-desk test --event alarm --json',
    'webhook-desk test --target https://example.com/hook --psk-env WEBHOOK_PSK',
  ],
  async run(ctx, values) {
    const to = await target(ctx, values, await ctx.session())
    const { url, psk } = to
    const eventType = text(values, 'event') ?? 'deviceMoving'
    if (!typeSelected(to.savedTypes, eventType)) {
      note(
        ctx.io,
        `note: the saved webhookTypes leave out ${eventType}, so the cloud would not send this event.`,
      )
    }
    const body = await ctx.call('buildTestBody', { eventType, deviceId: null })
    const record = await withProgress(
      ctx.io,
      `Sending to ${maskUrl(url)}…`,
      ctx.call('sendTest', { url, psk, body, eventType, timeoutMs: TIMEOUT_MS, insecureTls: false }),
    )
    const json = testJsonOf(record)
    const exit = json.delivered ? EXIT.ok : EXIT.notDelivered
    if (flag(values, 'json')) {
      printJson(ctx.io, json)
      return exit
    }
    const paint = painter(ctx.io)
    const tone = { success: 'green', warning: 'yellow', danger: 'red' } as const
    const t = record.timings
    printLine(
      ctx.io,
      pairs([
        [
          'Verdict',
          paint(
            tone[record.diagnosis.tone],
            json.delivered ? 'delivered' : 'NOT delivered (the cloud counts only 200 and 201)',
          ),
        ],
        [
          'Status',
          record.response
            ? `${record.response.status} ${record.response.statusText}`.trim()
            : (record.error?.code ?? '–'),
        ],
        [
          'Sent to',
          `${maskUrl(url)} (${eventType}${psk ? `, Authorization ${maskPsk(psk)}` : ', no Authorization'})`,
        ],
        [
          'Timings',
          `dns ${ms(t.dnsMs)} · connect ${ms(t.connectMs)} · tls ${ms(t.tlsMs)} · first byte ${ms(t.firstByteMs)} · total ${ms(t.totalMs)}`,
        ],
        ['Diagnosis', record.diagnosis.title],
        ['', record.diagnosis.detail],
        ['Next step', record.diagnosis.nextStep],
        ...(record.reachability ? ([['Note', record.reachability]] as [string, string][]) : []),
      ]),
    )
    return exit
  },
}

/** "24h", "3d", "90m" or plain hours, as whole hours the server is asked for (at least 1). */
export function parseSince(value: string): number {
  const match = /^(\d+)\s*([mhd]?)$/i.exec(value.trim())
  if (!match) throw usageError(`--since "${value}": use hours or days, e.g. 24h or 3d.`)
  const n = Number(match[1])
  const unit = (match[2] || 'h').toLowerCase()
  const hours = unit === 'd' ? n * 24 : unit === 'm' ? Math.ceil(n / 60) : n
  if (hours < 1 || hours > 24 * 31) throw usageError(`--since "${value}": from 1 hour to 31 days.`)
  return hours
}

export const events: CommandSpec = {
  name: 'events',
  summary: 'Recent events, each marked "would be sent" or "filtered out" by the saved settings',
  options: {
    since: {
      type: 'string',
      value: '24h',
      description: 'How far back: hours (24h) or days (3d). Default 24h.',
    },
    type: { type: 'string', value: 'T', description: 'Only events of this type.' },
    json: JSON_OPTION,
  },
  examples: ['webhook-desk events', 'webhook-desk events --since 3d --type alarm --json'],
  async run(ctx, values) {
    const hours = parseSince(text(values, 'since') ?? '24h')
    const only = text(values, 'type')
    await ctx.session()
    const [rows, state] = await withProgress(
      ctx.io,
      'Reading events…',
      Promise.all([ctx.call('listRecentEvents', { hours }), ctx.call('loadWebhook')]),
    )
    const saved = state.values
    const target = webhookTarget(saved)
    const json: EventsJson = {
      hours,
      webhook: { url: target === null ? null : maskUrl(target), types: typesList(saved.webhookTypes) },
      events: rows
        .filter((row) => only === undefined || row.type === only)
        .map((row) => ({
          id: row.id,
          time: row.time,
          type: row.type,
          deviceId: row.deviceId,
          deviceName: row.deviceName,
          wouldBeSent: forwards(saved, row.type),
        })),
    }
    if (flag(values, 'json')) {
      printJson(ctx.io, json)
      return EXIT.ok
    }
    if (!json.webhook.url) note(ctx.io, 'No webhook URL is saved, so the cloud sends none of these.')
    if (json.events.length === 0) {
      printLine(ctx.io, `No events in the last ${hours} h.`)
      return EXIT.ok
    }
    const paint = painter(ctx.io)
    printLine(
      ctx.io,
      table([
        ['TIME', 'TYPE', 'DEVICE', 'WEBHOOK'].map((h) => paint('bold', h)),
        ...json.events.map((e) => [
          e.time.slice(0, 19).replace('T', ' '),
          e.type,
          e.deviceName,
          e.wouldBeSent
            ? paint('green', 'would be sent')
            : paint(
                'dim',
                json.webhook.url && !typeSelected(saved.webhookTypes, e.type) ? 'filtered out' : 'not sent',
              ),
        ]),
      ]),
    )
    return EXIT.ok
  },
}

/** Pretty JSON when the body is JSON; the text as it came otherwise. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

export const inbox: CommandSpec = {
  name: 'inbox',
  summary: 'A local receiver that prints each request it gets (PSK masked) until Ctrl+C',
  options: {
    port: { type: 'string', value: 'N', description: 'The port on 127.0.0.1 (default: any free one).' },
  },
  examples: ['webhook-desk inbox --port 8787', 'webhook-desk test --target http://127.0.0.1:8787/'],
  async run(ctx, values) {
    const port = Number(text(values, 'port') ?? '0')
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw usageError('--port must be a number from 0 to 65535.')
    const paint = painter(ctx.io)
    ctx.onPush((event) => {
      if (event.type !== 'inbox.arrival') return
      const a = event.arrival
      printLine(
        ctx.io,
        paint('bold', `${a.time}  ${a.method} ${a.path}  from ${a.remoteAddress}  → ${a.answeredWith}`),
      )
      for (const [name, value] of a.headers) {
        printLine(ctx.io, `  ${name}: ${name.toLowerCase() === 'authorization' ? maskPsk(value) : value}`)
      }
      if (a.body) printLine(ctx.io, pretty(a.body).replace(/^/gm, '  '))
      printLine(ctx.io)
    })
    const state = await ctx.call('startInbox', { port })
    printLine(ctx.io, `Listening on ${state.url} — press Ctrl+C to stop.`)
    await new Promise<void>((done) => {
      process.once('SIGINT', done)
      process.once('SIGTERM', done)
    })
    await ctx.call('stopInbox')
    return EXIT.ok
  },
}
