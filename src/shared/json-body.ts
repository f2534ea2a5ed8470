/**
 * The rule for a webhook body: a JSON object, as the cloud always sends. The answer is a reason,
 * not a sentence, so the window and main each word it in their own message files.
 */
export type JsonObjectCheck =
  | { ok: true }
  /** `detail` is the JSON parser's own description of where it stopped. */
  | { ok: false; problem: 'notJson'; detail: string }
  | { ok: false; problem: 'notObject' }

export function checkJsonObject(text: string): JsonObjectCheck {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { ok: false, problem: 'notJson', detail: (error as Error).message }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? { ok: true }
    : { ok: false, problem: 'notObject' }
}
