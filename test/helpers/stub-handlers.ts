/** A full handler table for binding tests: each operation fails loudly unless overridden. */
import type { Handlers } from '../../src/main/dispatch'
import { OPERATION_NAMES } from '$shared/contract'

export function stubHandlers(overrides: Partial<Handlers>): Handlers {
  const table: Record<string, unknown> = {}
  for (const name of OPERATION_NAMES) {
    table[name] = () => {
      throw new Error(`${name} was not expected in this test`)
    }
  }
  return { ...(table as Handlers), ...overrides }
}

/** The language answer of an app that speaks English because the system does. */
export const ENGLISH = { preference: 'system', locale: 'en', system: 'en' } as const
