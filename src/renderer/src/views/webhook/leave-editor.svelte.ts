/**
 * Asks before the webhook editor is pointed at another account (Open in the Accounts view, "Back to
 * my webhook") while it holds unsaved changes: review and save them first, discard them, or stay.
 * Without the question the draft autosave kept them out of sight.
 */
import { appState } from '../../lib/app-state.svelte'

/** What the editor on screen offers for its unsaved changes (registered by the editor itself). */
export interface LeavableEditor {
  /** Opens the review; true once the changes are saved, false when they are not (closed, conflict, refused). */
  reviewAndSave(): Promise<boolean>
  /** Drops the changes and their draft. */
  discard(): Promise<void>
}

class LeaveEditor {
  /** The move waiting for the user's answer; the dialog shows while there is one. */
  waiting = $state.raw<(() => unknown) | null>(null)
  busy = $state(false)
  private editor: LeavableEditor | null = null

  /** The editor on screen registers itself; returns the unregister. */
  attach(editor: LeavableEditor): () => void {
    this.editor = editor
    return () => {
      if (this.editor === editor) this.editor = null
    }
  }

  /** Runs `move` now, or once the user has settled the editor's unsaved changes. */
  guard(move: () => unknown): void {
    if (appState.dirty && this.editor) this.waiting = move
    else void move()
  }

  stay(): void {
    if (!this.busy) this.waiting = null
  }

  async discard(): Promise<void> {
    await this.settle(async (editor) => {
      await editor.discard()
      return true
    })
  }

  /** The review shows in the editor; the move goes on only once the save has gone through. */
  async save(): Promise<void> {
    await this.settle((editor) => {
      appState.tab = 'webhook'
      const saved = editor.reviewAndSave()
      // The review is the editor's own dialog: this one steps aside for it.
      this.waiting = null
      return saved
    })
  }

  private async settle(how: (editor: LeavableEditor) => Promise<boolean>): Promise<void> {
    const move = this.waiting
    const editor = this.editor
    if (!move || !editor || this.busy) return
    this.busy = true
    try {
      if (await how(editor)) await move()
    } finally {
      this.busy = false
      this.waiting = null
    }
  }
}

export const leaveEditor = new LeaveEditor()
