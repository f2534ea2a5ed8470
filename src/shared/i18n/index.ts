/**
 * Translation for both processes. Message files hold every user-facing string as a template with
 * `{name}` placeholders; `t` fills them in the current locale. Each language's messages are
 * added before use: main adds them all at start (src/main/i18n, with its own messages), the window
 * loads only the one it speaks. Where the locale comes from is set once per process:
 * main reads the settings, the window reads reactive state, so a view that calls `t` re-renders
 * when the language changes.
 */
import type { MessageKey } from './en'

export type { MessageKey } from './en'
export const LOCALES = ['en', 'de'] as const
export type Locale = (typeof LOCALES)[number]
/** What the user chose in settings: follow the system, or a fixed language. */
export const LANGUAGE_PREFERENCES = ['system', 'en', 'de'] as const
export type LanguagePreference = (typeof LANGUAGE_PREFERENCES)[number]

export type Params = Record<string, string | number>

const catalogues: Record<Locale, Record<string, string>> = { en: {}, de: {} }

/** Adds messages to a language (a translation, or main's own messages). */
export function addMessages(locale: Locale, messages: Readonly<Record<string, string>>): void {
  Object.assign(catalogues[locale], messages)
}

/** Whether a language's messages are here, so the window knows to load them first. */
export function hasMessages(locale: Locale): boolean {
  return Object.keys(catalogues[locale]).length > 0
}

let localeSource: () => Locale = () => 'en'

/** Where `t` reads the current locale from. */
export function useLocale(source: () => Locale): void {
  localeSource = source
}

export function currentLocale(): Locale {
  return localeSource()
}

/** The first supported language among the system's preferred ones ("de-AT" counts as German). */
export function systemLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_.@]/)[0]
    if ((LOCALES as readonly string[]).includes(base ?? '')) return base as Locale
  }
  return 'en'
}

export function resolveLocale(preference: LanguagePreference, languages: readonly string[]): Locale {
  return preference === 'system' ? systemLocale(languages) : preference
}

/** Made once per locale: building Intl objects costs far more than using them (lists of thousands). */
const numberFormats = new Map<Locale, Intl.NumberFormat>()
const pluralRules = new Map<Locale, Intl.PluralRules>()

function cached<T>(cache: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = cache.get(locale)
  if (!value) cache.set(locale, (value = make()))
  return value
}

export function formatNumber(value: number, locale = currentLocale()): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value)
}

function fill(template: string, params: Params | undefined, locale: Locale): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatNumber(value, locale) : value
  })
}

/** Any key, including main's own; `t` is the typed way in. */
export function translate(key: string, params?: Params): string {
  const locale = currentLocale()
  // A key built at run time that does not exist shows itself rather than crashing the view.
  return fill(catalogues[locale][key] ?? catalogues.en[key] ?? key, params, locale)
}

/** The message in the current locale, placeholders filled (numbers with the locale's separators). */
export function t(key: MessageKey, params?: Params): string {
  return translate(key, params)
}

type PluralBase<K> = K extends `${infer B}.one` ? B : never
export type PluralKey = PluralBase<MessageKey>

/** A count in words: picks the `.one` or `.other` form of the message; `{count}` is the number. */
export function tn(key: PluralKey, count: number, params?: Params): string {
  const locale = currentLocale()
  const form =
    cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(count) === 'one' ? 'one' : 'other'
  return t(`${key}.${form}` as MessageKey, { ...params, count })
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogues[currentLocale()], key) || Object.hasOwn(catalogues.en, key)
}
