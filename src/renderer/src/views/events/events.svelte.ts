/**
 * The Events view's work: loading a time range of the account's events, the live feed and its
 * push subscription, the 30 s refresh, the selection and the backfill job with its results.
 */
import type { Api, BackfillResult, EventRow, PushEvent, SocketState } from '$shared/contract'
import { t } from '$shared/i18n'
import type { AppError } from '$shared/result'
import {
  fixAllTypes,
  forwards,
  parseTypes,
  sameValue,
  webhookTarget,
  type WebhookValues,
} from '$shared/webhook'
import { SvelteSet } from 'svelte/reactivity'
import { appState } from '../../lib/app-state.svelte'
import { send } from '../../lib/commands.svelte'
import { rangeOf, type Preset } from './events-range'

type BackfillPush = Extract<PushEvent, { type: 'backfill.progress' | 'backfill.finished' }>
export type BackfillJob = { id: string; done: number; total: number; delivered: number; failed: number }

export class EventsStore {
  preset = $state<Preset>('24h')
  customFrom = $state('')
  customTo = $state('')
  rows = $state<EventRow[]>([])
  loading = $state(false)
  progress = $state<{ done: number; total: number; events: number } | null>(null)
  error = $state<AppError | null>(null)
  loadedRange = $state<Preset>('24h')
  live = $state(false)
  socket = $state<{ state: SocketState; message: string } | null>(null)
  poll = $state(false)
  readonly selected = new SvelteSet<number>()
  continueOnFailure = $state(false)
  job = $state<BackfillJob | null>(null)
  /** A start call is pending: the Send buttons wait for it (a second start would send twice). */
  starting = $state(false)
  jobSummary = $state<{ text: string; tone: 'info' | 'warning' } | null>(null)
  /** "Send all" sends real requests: the ids are fixed when asked, so live events cannot add to them. */
  confirmIds = $state<number[] | null>(null)
  results = $state<Record<number, BackfillResult>>({})

  // The server's event types come with the webhook, which the editor loads at sign-in.
  readonly saved = $derived<WebhookValues>(appState.webhook.saved ?? {})
  readonly draft = $derived<WebhookValues | null>(appState.webhook.draft)
  readonly draftDiffers = $derived(
    !!this.draft && !sameValue(this.draft.webhookTypes, this.saved.webhookTypes),
  )
  readonly target = $derived(webhookTarget(this.saved))
  readonly savedSends = $derived(this.rows.filter((r) => forwards(this.saved, r.type)).length)
  readonly draftSends = $derived(
    this.draft ? this.rows.filter((r) => forwards(this.draft!, r.type)).length : 0,
  )
  readonly wouldSendIds = $derived(this.rows.filter((r) => forwards(this.saved, r.type)).map((r) => r.id))
  readonly perType = $derived.by(() => {
    const counts: Record<string, number> = {}
    for (const r of this.rows) counts[r.type] = (counts[r.type] ?? 0) + 1
    return Object.entries(counts).sort((a, b) => b[1] - a[1])
  })
  readonly filterProblems = $derived.by(() => {
    const parsed = parseTypes(this.saved.webhookTypes, appState.webhook.eventTypes)
    return parsed.kind === 'list' ? parsed.entries.filter((e) => e.status !== 'ok') : []
  })
  readonly fixedTypes = $derived.by(() => {
    const parsed = parseTypes(this.saved.webhookTypes, appState.webhook.eventTypes)
    return parsed.kind === 'list' ? fixAllTypes(parsed.entries).join(',') : null
  })

  // A short job can finish before its start call returns: while a start call is pending, job news
  // is kept here until the new job's id is known.
  #early: BackfillPush[] = []

  constructor(private readonly api: Api = window.api) {}

  async load(): Promise<void> {
    const r = rangeOf(this.preset, this.customFrom, this.customTo)
    if (!r) {
      this.error = { code: 'form', message: t('events.chooseRange') }
      return
    }
    this.loading = true
    this.error = null
    this.progress = null
    try {
      const result = await this.api.listEvents(r)
      if (result.ok) {
        this.rows = result.value
        this.selected.clear()
        this.results = {}
        this.loadedRange = this.preset
      } else this.error = result.error
    } finally {
      this.loading = false
      this.progress = null
    }
  }

  /** Loads the first range and follows push events; the returned function stops it all. */
  connect(): () => void {
    void this.load()
    const unsubscribe = this.api.onEvent((event) => this.onPush(event))
    const stopPolling = $effect.root(() => {
      $effect(() => {
        if (!this.poll) return
        const timer = setInterval(() => void this.load(), 30_000)
        return () => clearInterval(timer)
      })
    })
    return () => {
      unsubscribe()
      stopPolling()
      void this.api.stopLiveEvents()
    }
  }

  onPush(event: PushEvent): void {
    if (event.type === 'events.progress')
      this.progress = { done: event.devicesDone, total: event.devicesTotal, events: event.events }
    else if (event.type === 'events.live') {
      if (!this.rows.some((r) => r.id === event.event.id)) this.rows = [event.event, ...this.rows]
    } else if (event.type === 'events.socket') this.socket = { state: event.state, message: event.message }
    else if (event.type === 'backfill.progress' || event.type === 'backfill.finished') {
      if (this.job?.id === event.jobId) this.onBackfill(this.job, event)
      else if (this.starting) this.#early.push(event)
    }
  }

  private onBackfill(job: BackfillJob, event: BackfillPush): void {
    if (event.type === 'backfill.progress') {
      const delivered = event.result.verdict === 'delivered'
      this.results = { ...this.results, [event.result.eventId]: event.result }
      this.job = {
        ...job,
        done: event.done,
        delivered: job.delivered + (delivered ? 1 : 0),
        failed: job.failed + (delivered ? 0 : 1),
      }
      return
    }
    const counts = { delivered: event.delivered, failed: event.failed }
    this.jobSummary = {
      text: event.cancelled
        ? t('events.cancelled', { ...counts, sent: event.delivered + event.failed, total: job.total })
        : event.stoppedOnFailure
          ? t('events.stopped', counts)
          : t('events.done', counts),
      tone: event.failed > 0 ? 'warning' : 'info',
    }
    this.job = null
  }

  async toggleLive(on: boolean): Promise<void> {
    this.live = on
    if (on) await this.api.startLiveEvents()
    else {
      await this.api.stopLiveEvents()
      this.socket = null
    }
  }

  toggle(id: number, on: boolean): void {
    if (on) this.selected.add(id)
    else this.selected.delete(id)
  }

  /** Replays these events to the saved webhook, oldest first, as the cloud would have sent them. */
  async backfill(ids: number[]): Promise<void> {
    const target = this.target
    // A second click while the first start call is pending would send every event twice.
    if (!target || ids.length === 0 || this.starting) return
    this.jobSummary = null
    const early: BackfillPush[] = (this.#early = [])
    this.starting = true
    const psk = this.saved.webhookPsk
    const result = await this.api
      .startBackfill({
        eventIds: ids,
        url: target,
        psk: typeof psk === 'string' && psk ? psk : undefined,
        continueOnFailure: this.continueOnFailure,
        timeoutMs: 10_000,
      })
      // Also when the call itself fails, so the next click is not ignored for good.
      .finally(() => (this.starting = false))
    if (result.ok) {
      this.job = { id: result.value.jobId, done: 0, total: result.value.total, delivered: 0, failed: 0 }
      // Now that the id is known, onPush takes this job's news and drops any other's.
      for (const event of early) this.onPush(event)
    } else this.error = result.error
  }

  /** Sends the ids fixed when "Send all" was asked, after the user confirmed. */
  confirmSendAll(): void {
    const ids = this.confirmIds ?? []
    this.confirmIds = null
    void this.backfill(ids)
  }

  cancelBackfill(): void {
    if (this.job) void this.api.cancelBackfill({ jobId: this.job.id })
  }

  fixInEditor(): void {
    if (!this.fixedTypes) return
    send({ kind: 'webhook.useTypes', types: this.fixedTypes })
    appState.tab = 'webhook'
  }
}
