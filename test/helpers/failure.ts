import { AppFailure } from '../../src/shared/result'

/** Awaits work that must fail with an AppFailure, and returns it. */
export async function failure(work: unknown): Promise<AppFailure> {
  try {
    await work
  } catch (error) {
    if (error instanceof AppFailure) return error
    throw error
  }
  throw new Error('expected a failure')
}
