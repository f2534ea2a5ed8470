/**
 * Main's translations: the window's messages in every language (shared code such as the webhook
 * checks runs here too) plus main's own. Main modules take `t` from here, which is what makes
 * sure the messages are registered before anything is said.
 */
import { addMessages, translate, type MessageKey as WindowMessageKey, type Params } from '../../shared/i18n'
import { de } from '../../shared/i18n/de'
import { en } from '../../shared/i18n/en'
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
