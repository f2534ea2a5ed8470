/** The Events view's time ranges: the presets and how a choice becomes the report's from/to. */
export const PRESETS = [
  ['1h', 1],
  ['24h', 24],
  ['7d', 24 * 7],
  ['30d', 24 * 30],
] as const
export type Preset = (typeof PRESETS)[number][0] | 'custom'

/**
 * The chosen range as ISO times, or null while a custom range is incomplete. `customFrom` and
 * `customTo` are datetime-local values (local time); a preset ends at `now`.
 */
export function rangeOf(
  preset: Preset,
  customFrom: string,
  customTo: string,
  now = new Date(),
): { from: string; to: string } | null {
  if (preset === 'custom') {
    if (!customFrom || !customTo) return null
    return { from: new Date(customFrom).toISOString(), to: new Date(customTo).toISOString() }
  }
  const hours = PRESETS.find(([id]) => id === preset)![1]
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString() }
}
