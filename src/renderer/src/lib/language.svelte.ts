/**
 * The renderer's language, as main reports it. `t` reads the locale from here, so every view that
 * shows translated text updates when the user switches language, without losing what is on screen.
 */
import type { LanguageInfo } from '$shared/contract'
import { addMessages, hasMessages, useLocale, type LanguagePreference, type Locale } from '$shared/i18n'

export const language: LanguageInfo = $state({ preference: 'system', locale: 'en', system: 'en' })

useLocale(() => language.locale)

$effect.root(() => {
  $effect(() => {
    document.documentElement.lang = language.locale
  })
})

// Each language is a file of its own, loaded the first time it is needed: the window only ever
// carries the words it shows.
const MESSAGES: Record<Locale, () => Promise<Record<string, string>>> = {
  en: () => import('$shared/i18n/en').then((m) => m.en),
  de: () => import('$shared/i18n/de').then((m) => m.de),
}

const loading: Partial<Record<Locale, Promise<void>>> = {}

/** Loads a language's messages once; safe to call early, as a guess, before main has answered. */
export function loadMessages(locale: Locale): Promise<void> {
  return (loading[locale] ??= hasMessages(locale)
    ? Promise.resolve()
    : MESSAGES[locale]().then(
        (m) => addMessages(locale, m),
        (error: unknown) => {
          delete loading[locale] // so a later attempt loads it again
          throw error
        },
      ))
}

export async function applyLanguage(info: LanguageInfo): Promise<void> {
  // Every translation is complete (its type says so), so no English is needed alongside it.
  await loadMessages(info.locale)
  Object.assign(language, info)
}

/** Asks main to switch; main's own messages (errors, menu) follow too. Null, or why it failed. */
export async function chooseLanguage(preference: LanguagePreference): Promise<string | null> {
  const result = await window.api.setLanguage({ preference })
  if (!result.ok) return result.error.message
  try {
    await applyLanguage(result.value)
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/** A BCP 47 tag for dates and numbers: the browser's own region when it speaks the same language. */
export function intlLocale(): string {
  const own = navigator.language
  return own.toLowerCase().startsWith(language.locale) ? own : language.locale
}
