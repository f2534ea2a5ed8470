/**
 * The Test view's work: the target (saved webhook, unsaved changes or another URL), the event body
 * built as the cloud would, sending, and the delivery history with its language and unlock re-reads.
 */
import type { Api, DeliveryRecord, EventRow, TestSource } from '$shared/contract'
import { t } from '$shared/i18n'
import { checkJsonObject } from '$shared/json-body'
import type { AppError, Result } from '$shared/result'
import { appState } from '../../lib/app-state.svelte'
import { handle } from '../../lib/commands.svelte'
import { language } from '../../lib/language.svelte'

/** How many deliveries the list keeps, as main's history does. */
const KEEP = 100
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export class TestStore {
  source = $state<TestSource | null>(null)
  loadError = $state<AppError | null>(null)
  target = $state<'saved' | 'draft' | 'other'>('saved')
  otherUrl = $state('')
  mode = $state<'sample' | 'recent'>('sample')
  eventType = $state('deviceMoving')
  deviceId = $state<number | null>(null)
  recent = $state<EventRow[]>([])
  recentId = $state<number | null>(null)
  body = $state('')
  timeoutS = $state(10)
  insecureTls = $state(false)
  sending = $state(false)
  sendError = $state<AppError | null>(null)
  deliveries = $state<DeliveryRecord[]>([])
  deliveriesLocked = $state(false)
  selected = $state<DeliveryRecord | null>(null)

  readonly saved = $derived({
    url: str(appState.webhook.saved?.webhookUrl),
    psk: str(appState.webhook.saved?.webhookPsk),
  })
  readonly draft = $derived(
    appState.webhook.draft
      ? { url: str(appState.webhook.draft.webhookUrl), psk: str(appState.webhook.draft.webhookPsk) }
      : null,
  )
  /** Where a send goes and with which Authorization; another URL borrows the form's PSK. */
  readonly chosen = $derived(
    this.target === 'saved'
      ? this.saved
      : this.target === 'draft' && this.draft
        ? this.draft
        : { url: str(this.otherUrl), psk: (this.draft ?? this.saved).psk },
  )
  readonly bodyError = $derived.by(() => {
    const check = checkJsonObject(this.body)
    if (check.ok) return null
    return check.problem === 'notJson'
      ? t('test.bodyNotJson', { reason: check.detail })
      : t('test.bodyNotObject')
  })

  constructor(private readonly api: Api = window.api) {}

  private showDeliveries(list: Result<DeliveryRecord[]>): void {
    this.deliveriesLocked = !list.ok && list.error.code === 'data.locked'
    if (list.ok) this.deliveries = list.value
  }

  async start(): Promise<void> {
    const [src, list] = await Promise.all([this.api.getTestSource(), this.api.listDeliveries()])
    if (!src.ok) {
      this.loadError = src.error
      return
    }
    this.source = src.value
    this.deviceId = src.value.devices[0]?.id ?? null
    this.showDeliveries(list)
    await this.rebuild()
  }

  /** Loads the view and keeps the target and the history current; the returned function stops it. */
  connect(): () => void {
    void this.start()
    let openedSeen = appState.localDataOpened
    let shownIn = language.locale
    // The inbox's "Send a test" fills in another URL.
    const stopHandling = handle('test.sendTo', (command) => (this.otherUrl = command.url))
    const stopEffects = $effect.root(() => {
      // The keychain was unlocked: earlier deliveries can be read now.
      $effect(() => {
        if (appState.localDataOpened === openedSeen) return
        openedSeen = appState.localDataOpened
        void this.api.listDeliveries().then((list) => this.showDeliveries(list))
      })
      // Main explains deliveries in the language it speaks: after a switch, read them again.
      $effect(() => {
        if (language.locale === shownIn) return
        shownIn = language.locale
        void this.api.listDeliveries().then((list) => {
          if (!list.ok) return
          this.deliveries = list.value
          this.selected = list.value.find((d) => d.id === this.selected?.id) ?? this.selected
        })
      })
      $effect(() => this.pickTarget())
    })
    return () => {
      stopHandling()
      stopEffects()
    }
  }

  /** Moves off a target that cannot send to the one that can. */
  pickTarget(): void {
    if (!this.draft && this.target === 'draft') this.target = 'saved'
    if (this.otherUrl && !this.saved.url && this.target === 'saved') this.target = 'other'
    // Without a saved URL, unsaved changes are the one target that can send: start there.
    if (this.draft?.url && !this.saved.url && this.target === 'saved') this.target = 'draft'
  }

  async rebuild(): Promise<void> {
    const result =
      this.mode === 'recent' && this.recentId !== null
        ? await this.api.buildEventBody({ eventId: this.recentId })
        : await this.api.buildTestBody({ eventType: this.eventType, deviceId: this.deviceId })
    if (!result.ok) {
      this.sendError = result.error
      return
    }
    if (typeof result.value === 'string') this.body = result.value
    else {
      this.body = result.value.body
      this.eventType = result.value.eventType
    }
  }

  async loadRecent(): Promise<void> {
    this.mode = 'recent'
    const result = await this.api.listRecentEvents({ hours: 24 })
    if (result.ok) {
      this.recent = result.value
      this.recentId = this.recent[0]?.id ?? null
      if (this.recentId !== null) await this.rebuild()
    } else this.sendError = result.error
  }

  private record(record: DeliveryRecord): void {
    this.selected = record
    this.deliveries = [record, ...this.deliveries].slice(0, KEEP)
  }

  async send(): Promise<void> {
    const { url, psk } = this.chosen
    if (!url || this.bodyError) return
    this.sending = true
    this.sendError = null
    try {
      const result = await this.api.sendTest({
        url,
        psk,
        body: this.body,
        eventType: this.eventType,
        timeoutMs: Math.round(this.timeoutS * 1000),
        insecureTls: this.insecureTls,
      })
      if (!result.ok) {
        this.sendError = result.error
        return
      }
      this.record(result.value)
      this.insecureTls = false
    } finally {
      this.sending = false
    }
  }

  async sendAgain(record: DeliveryRecord): Promise<void> {
    this.sending = true
    try {
      const result = await this.api.resendDelivery({ id: record.id })
      if (result.ok) this.record(result.value)
      else this.sendError = result.error
    } finally {
      this.sending = false
    }
  }

  /** The delivery as a curl command, the PSK masked unless revealed; null when it cannot be made. */
  async curl(record: DeliveryRecord, revealSecret: boolean): Promise<string | null> {
    const result = await this.api.deliveryCurl({ id: record.id, revealSecret })
    return result.ok ? result.value : null
  }

  async clearAll(): Promise<void> {
    const result = await this.api.clearDeliveries()
    if (result.ok) {
      this.deliveries = []
      this.selected = null
    }
  }
}
