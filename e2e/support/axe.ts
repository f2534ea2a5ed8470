/** axe-core over a page of the app: no serious or critical violations. */
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** Audits the page, or only the open modal dialog: everything behind it is inert. */
export async function audit(page: Page, screen: string, only?: string): Promise<void> {
  const builder = new AxeBuilder({ page })
  const results = await (only ? builder.include(only) : builder).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = bad.map(
    (v) =>
      `${screen}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  )
  expect(report, report.join('\n')).toEqual([])
}
