/**
 * The calls the webhook store makes for one account's webhook. Each takes the id of the user whose
 * webhook the store has loaded, so the same store can later edit an account the user manages.
 */
import type {
  Api,
  HistoryEntry,
  SaveOutcome,
  SaveWebhookInput,
  WebhookDraft,
  WebhookState,
} from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'

export interface WebhookAccess {
  load(userId: number): Promise<Result<WebhookState>>
  save(userId: number, input: SaveWebhookInput): Promise<Result<SaveOutcome>>
  /** Reads again what became of a save whose answer was lost. */
  checkSave(userId: number): Promise<Result<SaveOutcome>>
  restore(
    userId: number,
    input: { id: string; baseline: WebhookState['values'] },
  ): Promise<Result<SaveOutcome>>
  getDraft(userId: number): Promise<Result<{ draft: WebhookDraft | null; persistent: boolean }>>
  saveDraft(userId: number, draft: Omit<WebhookDraft, 'savedAt'>): Promise<Result<null>>
  discardDraft(userId: number): Promise<Result<null>>
  listHistory(userId: number): Promise<Result<HistoryEntry[]>>
}

/** The signed-in account's own webhook (userId is the session's): main knows whose it is, so the id is not sent. */
export function ownWebhook(api: Api): WebhookAccess {
  return {
    load: () => api.loadWebhook(),
    save: (_userId, input) => api.saveWebhook(input),
    checkSave: () => api.checkSave(),
    restore: (_userId, input) => api.restoreHistory(input),
    getDraft: () => api.getDraft(),
    saveDraft: (_userId, draft) => api.saveDraft(draft),
    discardDraft: () => api.discardDraft(),
    listHistory: () => api.listHistory(),
  }
}
