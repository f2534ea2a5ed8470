/** How a delivery's verdict is coloured wherever it is shown: delivered, counted as failed by the cloud, not delivered. */
import type { Verdict } from './contract'

export type VerdictTone = 'success' | 'warning' | 'danger'

const TONE = { delivered: 'success', cloudWouldFail: 'warning', failed: 'danger' } as const satisfies Record<
  Verdict,
  VerdictTone
>

export const verdictTone = (verdict: Verdict): VerdictTone => TONE[verdict]
