/** The Inbox view's work: the local receiver's state, its live arrivals and its reply settings. */
import type { Api, InboxState, PushEvent } from '$shared/contract'
import type { AppError, Result } from '$shared/result'
import { appState } from '../../lib/app-state.svelte'
import { send } from '../../lib/commands.svelte'

/** How many arrivals the view keeps; the receiver keeps as many. */
const KEEP = 200

export class InboxStore {
  inbox = $state<InboxState | null>(null)
  port = $state(0)
  status = $state(200)
  delayMs = $state(0)
  busy = $state(false)
  error = $state<AppError | null>(null)
  selectedId = $state<string | null>(null)
  readonly selected = $derived(
    this.inbox?.arrivals.find((a) => a.id === this.selectedId) ?? this.inbox?.arrivals[0] ?? null,
  )

  constructor(private readonly api: Api = window.api) {}

  async refresh(): Promise<void> {
    const result = await this.api.getInbox()
    if (result.ok) {
      this.inbox = result.value
      this.status = result.value.reply.status
      this.delayMs = result.value.reply.delayMs
    }
  }

  /** Reads the receiver's state and follows its arrivals; the returned function stops following. */
  connect(): () => void {
    void this.refresh()
    return this.api.onEvent((event) => this.onPush(event))
  }

  onPush(event: PushEvent): void {
    if (event.type === 'inbox.arrival' && this.inbox)
      this.inbox.arrivals = [event.arrival, ...this.inbox.arrivals].slice(0, KEEP)
  }

  private async run(work: () => Promise<Result<InboxState>>): Promise<void> {
    this.busy = true
    this.error = null
    try {
      const result = await work()
      if (result.ok) this.inbox = result.value
      else this.error = result.error
    } finally {
      this.busy = false
    }
  }

  start = (): Promise<void> => this.run(() => this.api.startInbox({ port: Number(this.port) || 0 }))
  stop = (): Promise<void> => this.run(() => this.api.stopInbox())
  clear = (): Promise<void> => this.run(() => this.api.clearInbox())
  applyReply = (): Promise<void> =>
    this.run(() =>
      this.api.setInboxReply({
        status: Number(this.status),
        delayMs: Math.max(0, Number(this.delayMs) || 0),
      }),
    )

  /** Puts the receiver's URL into the webhook editor and goes there. */
  useAsWebhook(): boolean {
    if (!this.inbox?.url) return false
    send({ kind: 'webhook.useUrl', url: this.inbox.url })
    appState.tab = 'webhook'
    return true
  }

  /** Opens the Test view with the receiver's URL as the other target. */
  sendTest(): void {
    if (!this.inbox?.url) return
    send({ kind: 'test.sendTo', url: this.inbox.url })
    appState.tab = 'test'
  }
}
