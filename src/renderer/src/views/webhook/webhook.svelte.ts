/**
 * The webhook editor's work for one account: loading the three attributes with the draft and the
 * history, the form and its checks, autosaving the draft, the safe save with its outcomes (saved,
 * conflict, unknown, refused), restoring from history and turning the webhook off.
 */
import type { HistoryEntry, SaveOutcome, WebhookDraft, WebhookState } from '$shared/contract'
import { hasHtmlSpecial } from '$shared/html-escape'
import { t } from '$shared/i18n'
import type { AppError, Result } from '$shared/result'
import {
  diffWebhook,
  sameValue,
  webhookStatus,
  webhookTarget,
  WEBHOOK_KEYS,
  type NearMiss,
  type WebhookKey,
  type WebhookValues,
} from '$shared/webhook'
import { appState } from '../../lib/app-state.svelte'
import { handle } from '../../lib/commands.svelte'
import { relativeTime } from '../../lib/format'
import { dismissToast, showToast } from '../../ui/toasts.svelte'
import { leaveEditor, type LeavableEditor } from './leave-editor.svelte'
import type { WebhookAccess } from './webhook-access'
import { changesOf, checkForm, formFrom, writeFrom, type WebhookForm } from './webhook-form'

/** Edits are kept as a draft this long after the last keystroke. */
const DRAFT_DELAY_MS = 400

export class WebhookStore {
  /** Whose webhook this is: the id the access calls are made for. */
  userId = $state<number>(0)
  hook = $state<WebhookState | null>(null)
  loadError = $state<AppError | null>(null)
  baseline = $state<WebhookValues>({})
  form = $state<WebhookForm>(formFrom({}))
  history = $state<HistoryEntry[]>([])
  historyLocked = $state(false)
  offeredDraft = $state<WebhookDraft | null>(null)
  draftsPersist = $state(true)
  saveError = $state<AppError | null>(null)
  /** "Save anyway" repeats a save of the form; a refused restore has nothing of the form to repeat. */
  refusedRestore = $state(false)
  saving = $state(false)
  reviewing = $state(false)
  confirmOff = $state(false)
  conflict = $state<WebhookState | null>(null)
  escapingSeen = $state(false)
  /** A save was sent but neither its answer nor a re-read came back: the server's message. */
  unknownOutcome = $state<string | null>(null)

  readonly changes = $derived(changesOf(this.baseline, this.form))
  readonly dirty = $derived(this.changes.length > 0 || this.form.removeKeys.length > 0)
  readonly checks = $derived(checkForm(this.form, this.hook?.eventTypes ?? []))
  /** Problems with values as found on the server are explained, but errors only show once the user edits. */
  readonly shown = $derived(
    this.dirty
      ? this.checks
      : { ...this.checks, url: { error: null, warnings: this.checks.url.warnings }, types: null },
  )
  readonly readonly = $derived(this.hook?.readonly ?? false)
  readonly savedStatus = $derived(this.hook ? webhookStatus(this.hook.values) : '')
  readonly isOn = $derived(this.hook !== null && webhookTarget(this.hook.values) !== null)
  readonly escapes = $derived(this.hook !== null && this.hook.escaping !== 'no')
  readonly escapeRisk = $derived(this.escapes && hasHtmlSpecial(this.form.url + this.form.psk))
  readonly pendingNearMisses = $derived(
    (this.hook?.nearMisses ?? []).filter((n) => !this.form.removeKeys.includes(n.key)),
  )

  // The last "Saved" toast: a conflict on the next save takes it back, so the two never show together.
  #savedToast: number | null = null
  #draftSaved = false

  constructor(
    private readonly access: WebhookAccess,
    userId: number,
  ) {
    this.userId = userId
  }

  private adopt(next: WebhookState): void {
    this.hook = next
    this.userId = next.userId
    this.baseline = next.values
    this.form = formFrom(next.values)
  }

  async load(): Promise<void> {
    this.loadError = null
    const [loaded, past] = await Promise.all([
      this.access.load(this.userId),
      this.access.listHistory(this.userId),
    ])
    if (!loaded.ok) {
      this.loadError = loaded.error
      return
    }
    this.adopt(loaded.value)
    performance.mark('webhook-desk:webhook-ready')
    // The draft is asked for by the loaded account's id: main refuses one named for another.
    this.showLocal(await this.access.getDraft(this.userId), past)
  }

  /** Shows the draft and history; either may be locked (the notice above the views says why). */
  showLocal(
    draft: Result<{ draft: WebhookDraft | null; persistent: boolean }>,
    past: Result<HistoryEntry[]>,
  ): void {
    this.historyLocked = !past.ok && past.error.code === 'data.locked'
    if (past.ok) this.history = past.value
    if (draft.ok && this.hook) {
      this.draftsPersist = draft.value.persistent
      const d = draft.value.draft
      this.offeredDraft =
        d && (d.removeKeys.length > 0 || diffWebhook(this.hook.values, d.values).length > 0) ? d : null
    }
  }

  /** Re-reads the draft and history, e.g. once the keychain holding their key is unlocked. */
  async reloadLocal(): Promise<void> {
    const [draft, past] = await Promise.all([
      this.access.getDraft(this.userId),
      this.access.listHistory(this.userId),
    ])
    this.showLocal(draft, past)
  }

  /** Keeps every change as a draft (debounced), so closing the app loses nothing; returns the stop. */
  autosave(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = $effect.root(() => {
      $effect(() => {
        const snapshot = {
          baseline: $state.snapshot(this.baseline),
          values: writeFrom(this.form),
          removeKeys: [...this.form.removeKeys],
        }
        const isDirty = this.dirty
        if (!this.hook || this.offeredDraft) return
        clearTimeout(timer)
        timer = setTimeout(() => {
          if (isDirty) {
            this.#draftSaved = true
            void this.access.saveDraft(this.userId, snapshot)
          } else if (this.#draftSaved) {
            this.#draftSaved = false
            void this.access.discardDraft(this.userId)
          }
        }, DRAFT_DELAY_MS)
      })
    })
    return () => {
      clearTimeout(timer)
      stop()
    }
  }

  restoreDraft(): void {
    if (!this.offeredDraft) return
    this.baseline = this.offeredDraft.baseline
    this.form = formFrom(this.offeredDraft.values, this.offeredDraft.removeKeys)
    this.offeredDraft = null
  }

  async discardOffered(): Promise<void> {
    this.offeredDraft = null
    await this.access.discardDraft(this.userId)
  }

  discardChanges(): void {
    if (this.hook) this.form = formFrom(this.baseline)
    this.saveError = null
  }

  /** Drops the changes and the draft kept of them, before the editor goes to another account. */
  async discardWithDraft(): Promise<void> {
    this.discardChanges()
    this.#draftSaved = false
    await this.access.discardDraft(this.userId)
  }

  /** Puts a URL into the form, as the inbox's "Use as webhook" asks. */
  useUrl(url: string): void {
    this.form.url = url
  }

  /** Puts a corrected webhookTypes list into the form, as the Events view's "Fix in editor" asks. */
  useTypes(types: string): void {
    this.form.typesMode = 'list'
    this.form.types = types.split(',')
  }

  moveNearMiss(miss: NearMiss): void {
    if (typeof miss.value === 'string') {
      if (miss.canonical === 'webhookUrl') this.form.url = miss.value
      if (miss.canonical === 'webhookPsk') this.form.psk = miss.value
      if (miss.canonical === 'webhookTypes') this.useTypes(miss.value)
    }
    this.form.removeKeys = [...this.form.removeKeys, miss.key]
  }

  openReview(): void {
    if (!this.dirty || this.readonly || this.reviewing) return
    if (!this.checks.ok) {
      this.saveError = { code: 'form', message: t('editor.fixFirst') }
      return
    }
    this.saveError = null
    this.reviewing = true
  }

  /** Shows what became of a save, a restore or a check: saved, a conflict, unknown, or an error. */
  private async settle(result: Result<SaveOutcome>, savedMessage: string): Promise<void> {
    this.unknownOutcome = null
    if (!result.ok) {
      this.saveError = result.error
      return
    }
    const outcome = result.value
    if (outcome.status === 'unknown') {
      this.unknownOutcome = outcome.message
      return
    }
    if (outcome.status === 'conflict') {
      if (this.#savedToast !== null) dismissToast(this.#savedToast)
      this.conflict = outcome.state
      return
    }
    this.adopt(outcome.state)
    this.conflict = null
    const escaped = outcome.storedEscaped ?? []
    this.#savedToast = escaped.length
      ? showToast(t('editor.savedEscaped', { keys: escaped.join(', ') }), 'warning', 10_000)
      : showToast(outcome.confirmedByReread ? t('editor.savedReread') : savedMessage, 'success')
    const past = await this.access.listHistory(this.userId)
    if (past.ok) this.history = past.value
  }

  async save(
    values = writeFrom(this.form),
    removeKeys = this.form.removeKeys,
    base = this.baseline,
    acceptEscaping = false,
  ): Promise<void> {
    this.saving = true
    this.saveError = null
    this.refusedRestore = false
    try {
      const result = await this.access.save(this.userId, {
        baseline: $state.snapshot(base),
        values,
        removeKeys: [...removeKeys],
        acceptEscaping,
      })
      this.reviewing = false
      await this.settle(result, t('editor.saved'))
    } finally {
      this.saving = false
    }
  }

  async checkAgain(): Promise<void> {
    this.saving = true
    this.saveError = null
    try {
      await this.settle(await this.access.checkSave(this.userId), t('editor.saved'))
    } finally {
      this.saving = false
    }
  }

  /** Saves again after a conflict, with the user's pick per key on top of the server's values. */
  async resolve(choice: Record<WebhookKey, 'yours' | 'server'>): Promise<void> {
    const server = this.conflict
    if (!server) return
    const yours = writeFrom(this.form)
    const values: Record<string, string> = {}
    for (const key of WEBHOOK_KEYS) {
      const picked =
        choice[key] === 'server' || sameValue(yours[key], server.values[key])
          ? server.values[key]
          : yours[key]
      if (typeof picked === 'string') values[key] = picked
    }
    this.hook = server
    this.baseline = server.values
    this.form = formFrom(
      values,
      this.form.removeKeys.filter((k) => server.nearMisses.some((n) => n.key === k)),
    )
    await this.save(writeFrom(this.form), this.form.removeKeys, server.values)
  }

  async turnOff(): Promise<void> {
    this.confirmOff = false
    await this.save({}, [], this.baseline)
  }

  async restore(entry: HistoryEntry): Promise<void> {
    this.saving = true
    try {
      const result = await this.access.restore(this.userId, {
        id: entry.id,
        baseline: $state.snapshot(this.baseline),
      })
      await this.settle(result, t('editor.restored', { when: relativeTime(entry.time) }))
      this.refusedRestore = !result.ok
    } finally {
      this.saving = false
    }
  }
}

/**
 * Ties the signed-in account's editor to the rest of the window: the other views see its saved
 * and unsaved values, the tab shows "unsaved", the status bar follows the escaping evidence, and
 * an unlocked keychain re-reads the draft and history. Returns the function that stops it.
 */
export function shareWithApp(store: WebhookStore): () => void {
  let openedSeen = appState.localDataOpened
  const editable = (): boolean => store.hook !== null && !store.readonly
  const stops = [
    // Other views ask for values (the inbox's URL, the Events view's fixed types) once it can edit.
    handle('webhook.useUrl', (command) => store.useUrl(command.url), editable),
    handle('webhook.useTypes', (command) => store.useTypes(command.types), editable),
    // The app menu's "Review and Save Webhook…" (Electron, where the menu owns Ctrl/Cmd+S).
    handle('webhook.review', () => store.openReview()),
  ]
  const leavable = leavableEditor(store)
  const detach = leaveEditor.attach(leavable)
  const stopEffects = $effect.root(() => {
    $effect(() => {
      appState.dirty = store.dirty
      appState.webhook = {
        saved: store.hook ? $state.snapshot(store.hook.values) : null,
        draft: store.dirty ? writeFrom(store.form) : null,
        eventTypes: store.hook ? $state.snapshot(store.hook.eventTypes) : [],
      }
    })
    // The evidence grows as the server answers; the status bar follows it.
    $effect(() => {
      if (store.hook && appState.session) appState.session.escaping = store.hook.escaping
    })
    $effect(() => {
      if (appState.localDataOpened === openedSeen) return
      openedSeen = appState.localDataOpened
      void store.reloadLocal()
    })
  })
  return () => {
    stops.forEach((stop) => stop())
    stopEffects()
    detach()
    leavable.stop()
  }
}

/** The editor's side of "leave with unsaved changes?": its review and save, or discarding. */
function leavableEditor(store: WebhookStore): LeavableEditor & { stop(): void } {
  // The one review asked for from the dialog that waits for its outcome.
  let waiting: ((saved: boolean) => void) | null = null
  return {
    reviewAndSave: () => {
      store.openReview()
      if (!store.reviewing) return Promise.resolve(false)
      return new Promise<boolean>((resolve) => {
        const done = (saved: boolean): void => {
          if (waiting !== done) return
          waiting = null
          stopWatch()
          resolve(saved)
        }
        waiting?.(false)
        waiting = done
        // Over when the review closes and its save (if any) has its answer.
        const stopWatch = $effect.root(() => {
          $effect(() => {
            if (store.reviewing || store.saving) return
            const saved = !store.dirty && !store.conflict && !store.saveError && !store.unknownOutcome
            queueMicrotask(() => done(saved))
          })
        })
      })
    },
    discard: () => store.discardWithDraft(),
    // The editor goes away (another account signed in): nothing was saved through it.
    stop: () => waiting?.(false),
  }
}
