/**
 * The calls the webhook store makes for one account's webhook. Each takes the id of the user whose
 * webhook the store has loaded: main acts on the account opened last (openAccount), and a save,
 * restore or draft names the id so main refuses it (target.changed) if another account was opened since.
 */
import type {
  Api,
  HistoryEntry,
  SaveOutcome,
  SaveWebhookInput,
  WebhookDraft,
  WebhookState,
} from '$shared/contract'
import type { Result } from '$shared/result'

export interface WebhookAccess {
  load(userId: number): Promise<Result<WebhookState>>
  save(userId: number, input: Omit<SaveWebhookInput, 'userId'>): Promise<Result<SaveOutcome>>
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

/** The webhook of the account main has open (one's own, or a managed one after openAccount). */
export function openedWebhook(api: Api): WebhookAccess {
  return {
    load: () => api.loadWebhook(),
    save: (userId, input) => api.saveWebhook({ ...input, userId }),
    checkSave: () => api.checkSave(),
    restore: (userId, input) => api.restoreHistory({ ...input, userId }),
    getDraft: (userId) => api.getDraft({ userId }),
    saveDraft: (userId, draft) => api.saveDraft({ ...draft, userId }),
    discardDraft: (userId) => api.discardDraft({ userId }),
    listHistory: () => api.listHistory(),
  }
}
