/**
 * Runtime schemas for every operation's input: the renderer is untrusted, so main validates each
 * call against these before a handler sees it. Kept apart from contract.ts so the preload stays
 * free of dependencies.
 */
import * as v from 'valibot'
import type { InputOf, OperationName } from './contract'

const none = v.undefined()

export const inputSchemas = {
  getAppInfo: none,
} satisfies { [K in OperationName]: v.GenericSchema<unknown, InputOf<K>> }
