/**
 * Builds window.api from the contract over any transport: ipcRenderer in the preload, loopback
 * HTTP in the browser harness. The transport may fail; the api never throws.
 */
import { OPERATION_NAMES, type Api, type OperationName, type PushEvent } from './contract'
import { fail, isResult, type Result } from './result'

export interface Transport {
  invoke(name: OperationName, input: unknown): Promise<unknown>
  subscribe(listener: (event: PushEvent) => void): () => void
}

export function createApi(transport: Transport): Api {
  const api: Record<string, unknown> = {}
  for (const name of OPERATION_NAMES) {
    api[name] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        const result = await transport.invoke(name, input)
        return isResult(result)
          ? result
          : fail(
              'ipc.malformed',
              'Webhook Desk got an unreadable answer from its own back end. Restart the app.',
            )
      } catch {
        return fail('ipc.failed', 'Webhook Desk could not reach its own back end. Restart the app.')
      }
    }
  }
  api.onEvent = (listener: (event: PushEvent) => void) => transport.subscribe(listener)
  return api as Api
}
