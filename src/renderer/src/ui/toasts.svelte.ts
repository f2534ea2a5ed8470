/** Short-lived notices in the corner: confirmations and background errors. */
export interface Toast {
  id: number
  tone: 'info' | 'success' | 'warning' | 'danger'
  message: string
}

let nextId = 1
export const toasts: Toast[] = $state([])

/** Shows a toast; its id lets the caller take it back early when it no longer holds. */
export function showToast(message: string, tone: Toast['tone'] = 'info', ms = 5000): number {
  const id = nextId++
  toasts.push({ id, tone, message })
  setTimeout(() => dismissToast(id), ms)
  return id
}

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}
