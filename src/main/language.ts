/**
 * The app's language: the user's choice (settings.json, no secrets) resolved against the system's
 * preferred languages. Main's own messages (errors, diagnoses, the menu) follow it.
 */
import { join } from 'node:path'
import type { LanguageInfo } from '$shared/contract'
import {
  LANGUAGE_PREFERENCES,
  resolveLocale,
  systemLocale,
  useLocale,
  type LanguagePreference,
  type Locale,
} from '$shared/i18n'
// Registers every language's messages before main says anything in one.
import './i18n'
import { readJsonFile, writeJsonAtomic } from './store/json-file'

interface SettingsFile {
  language: LanguagePreference
}

const isSettingsFile = (value: unknown): value is SettingsFile =>
  typeof value === 'object' &&
  value !== null &&
  LANGUAGE_PREFERENCES.includes((value as { language?: unknown }).language as LanguagePreference)

export class LanguageSettings {
  private readonly path: string
  private preference: LanguagePreference = 'system'
  private readonly loaded: Promise<void>
  private changed: (locale: Locale) => void = () => {}

  /** `systemLanguages`: the OS's preferred languages, most preferred first. */
  constructor(
    userDataDir: string,
    private readonly systemLanguages: readonly string[],
  ) {
    this.path = join(userDataDir, 'settings.json')
    useLocale(() => this.locale)
    this.loaded = readJsonFile(this.path, isSettingsFile).then((outcome) => {
      if (outcome.kind === 'ok') this.preference = outcome.value.language
    })
  }

  get locale(): Locale {
    return resolveLocale(this.preference, this.systemLanguages)
  }

  /** Called after each change, e.g. to rebuild the menu in the new language. */
  onChange(listener: (locale: Locale) => void): void {
    this.changed = listener
  }

  async info(): Promise<LanguageInfo> {
    await this.loaded
    return { preference: this.preference, locale: this.locale, system: systemLocale(this.systemLanguages) }
  }

  async set(preference: LanguagePreference): Promise<LanguageInfo> {
    await this.loaded
    await writeJsonAtomic(this.path, { language: preference } satisfies SettingsFile)
    this.preference = preference
    this.changed(this.locale)
    return this.info()
  }
}
