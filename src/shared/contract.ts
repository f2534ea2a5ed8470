/**
 * The one contract between the renderer and main: every operation the renderer may call, with its
 * input and output types. Type-only apart from the name list, so the sandboxed preload can import
 * it without pulling in anything else. Input schemas live in contract-inputs.ts (main side).
 */
import type { Result } from './result'

export interface AppInfo {
  name: string
  version: string
  /** Where the app runs: the Electron shell or the browser harness. */
  shell: 'electron' | 'harness'
}

type Op<I, O> = { input: I; output: O }

export interface Operations {
  getAppInfo: Op<void, AppInfo>
}

export type OperationName = keyof Operations
export type InputOf<K extends OperationName> = Operations[K]['input']
export type OutputOf<K extends OperationName> = Operations[K]['output']

/** Every operation name, at run time. The type below fails to compile if one is missing. */
export const OPERATION_NAMES = ['getAppInfo'] as const satisfies readonly OperationName[]
type Missing = Exclude<OperationName, (typeof OPERATION_NAMES)[number]>
const _allNamesListed: [Missing] extends [never] ? true : Missing = true
void _allNamesListed

/** Main → renderer notifications, delivered as plain values on one channel. */
export type PushEvent = { type: 'session.ended'; message: string }

export type Call<K extends OperationName> =
  InputOf<K> extends void
    ? () => Promise<Result<OutputOf<K>>>
    : (input: InputOf<K>) => Promise<Result<OutputOf<K>>>

/** What the renderer sees as window.api: one function per operation, plus push-event subscription. */
export type Api = { [K in OperationName]: Call<K> } & {
  onEvent(listener: (event: PushEvent) => void): () => void
}

export const channelOf = (name: OperationName): string => `api:${name}`
export const EVENT_CHANNEL = 'api:event'

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATION_NAMES as readonly string[]).includes(value)
}
