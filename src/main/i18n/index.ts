/**
 * Main's translations: the window's messages in every language (shared code such as the webhook
 * checks runs here too) plus main's own. Main modules take `t` from here, which is what makes
 * sure the messages are registered before anything is said.
 */
import {
  addMessages,
  currentLocale,
  translate,
  type MessageKey as WindowMessageKey,
  type Params,
} from '$shared/i18n'
import { de } from '$shared/i18n/de'
import { en } from '$shared/i18n/en'
import { mainDe } from './de'
import { mainEn, type MainMessageKey } from './en'

addMessages('en', en)
addMessages('en', mainEn)
addMessages('de', de)
addMessages('de', mainDe)

export type MessageKey = WindowMessageKey | MainMessageKey

export function t(key: MessageKey, params?: Params): string {
  return translate(key, params)
}

type PluralBase<K> = K extends `${infer B}.one` ? B : never

/** A count in words: picks the `.one` or `.other` form of the message; `{count}` is the number. */
export function tn(key: PluralBase<MessageKey>, count: number, params?: Params): string {
  const form = new Intl.PluralRules(currentLocale()).select(count) === 'one' ? 'one' : 'other'
  return translate(`${key}.${form}`, { ...params, count })
}
