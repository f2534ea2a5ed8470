/**
 * What one part of the window asks another to do, typed: the inbox asks the editor to use its URL,
 * the Events view asks it to use corrected types, the app menu asks for a review or to leave.
 * A request waits until a view that handles it is there and ready (the Test view opens lazily; the
 * editor takes values only once its webhook has loaded), except the menu's, which are momentary:
 * with no view to handle one, it is dropped, as a menu click on a screen without that action is.
 */
import { untrack } from 'svelte'

export type Command =
  | { kind: 'webhook.useUrl'; url: string }
  | { kind: 'webhook.useTypes'; types: string }
  | { kind: 'test.sendTo'; url: string }
  | { kind: 'webhook.review' }
  | { kind: 'account.switch' }
  | { kind: 'account.signOut' }
export type CommandKind = Command['kind']
type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>

const MOMENTARY: ReadonlySet<CommandKind> = new Set(['webhook.review', 'account.switch', 'account.signOut'])

const pending: Command[] = $state([])
const handlers: Partial<Record<CommandKind, number>> = {}

/** Asks for a command; it runs once a handler of its kind is registered and ready. */
export function send(command: Command): void {
  if (MOMENTARY.has(command.kind) && !handlers[command.kind]) return
  pending.push(command)
}

/**
 * Runs `run` for each command of this kind, oldest first, whenever `ready()` is true (it is
 * reactive: a command sent early runs as soon as the handler becomes ready). Returns the stop.
 */
export function handle<K extends CommandKind>(
  kind: K,
  run: (command: CommandOf<K>) => void,
  ready: () => boolean = () => true,
): () => void {
  handlers[kind] = (handlers[kind] ?? 0) + 1
  const stop = $effect.root(() => {
    $effect(() => {
      if (!ready()) return
      const i = pending.findIndex((c) => c.kind === kind)
      if (i < 0) return
      const [command] = pending.splice(i, 1)
      untrack(() => run(command as CommandOf<K>))
    })
  })
  return () => {
    handlers[kind] = (handlers[kind] ?? 1) - 1
    stop()
  }
}

/** Drops what is still waiting: it was meant for the account that just left the window. */
export function clearCommands(): void {
  pending.length = 0
}

/** The commands still waiting, oldest first (for tests and debugging). */
export function waiting(): readonly Command[] {
  return pending
}
