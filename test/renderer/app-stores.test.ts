// @vitest-environment happy-dom
import { flushSync } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApi } from '$shared/client'
import { translate } from '$shared/i18n'
import { dispatch } from '../../src/main/dispatch'
import {
  applyLanguage,
  chooseLanguage,
  intlLocale,
  language,
} from '../../src/renderer/src/lib/language.svelte'
import { testHandlers } from '../helpers/handlers'

const ENGLISH = { preference: 'en', locale: 'en', system: 'en' } as const

afterEach(async () => {
  await applyLanguage(ENGLISH)
  flushSync()
  vi.unstubAllGlobals()
})

/** window.api over the real handler table (no server needed for the language setting). */
function useRealApi(): void {
  const handlers = testHandlers()
  window.api = createApi({
    invoke: (name, input) => dispatch(handlers, name, input),
    subscribe: () => () => {},
  })
}

describe('the language store', () => {
  it('switches the words, the document language and main together', async () => {
    useRealApi()
    expect(await chooseLanguage('de')).toBeNull()
    flushSync()
    expect(language).toEqual({ preference: 'de', locale: 'de', system: expect.any(String) })
    expect(document.documentElement.lang).toBe('de')
    expect(translate('signIn.form.emailMissing')).toMatch(/E-Mail/)
    // Main keeps the choice: it reports it back.
    const info = await window.api.getAppInfo()
    expect(info.ok && info.value.language.preference).toBe('de')
  })

  it('says why main refused a language, and keeps the one shown', async () => {
    useRealApi()
    const refused = await window.api.setLanguage({ preference: 'fr' as 'de' })
    expect(refused.ok).toBe(false)
    expect(await chooseLanguage('fr' as 'de')).toBe(!refused.ok && refused.error.message)
    expect(language.locale).toBe('en')
  })

  it('formats dates in the browser region only when it speaks the same language', async () => {
    vi.stubGlobal('navigator', { language: 'DE-AT' })
    expect(intlLocale()).toBe('en')
    await applyLanguage({ preference: 'de', locale: 'de', system: 'de' })
    expect(intlLocale()).toBe('DE-AT')
    vi.stubGlobal('navigator', { language: 'en-GB' })
    expect(intlLocale()).toBe('de')
  })

  it('loads a language the window does not have yet, once', async () => {
    // A fresh module graph: no messages registered, as in a window that has just opened.
    vi.resetModules()
    document.documentElement.lang = ''
    const i18n = await import('$shared/i18n')
    const fresh = await import('../../src/renderer/src/lib/language.svelte')
    // English until main has said which language to speak.
    expect(fresh.language).toEqual({ preference: 'system', locale: 'en', system: 'en' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(document.documentElement.lang).toBe('en')
    expect(i18n.hasMessages('de')).toBe(false)
    const first = fresh.loadMessages('de')
    expect(fresh.loadMessages('de')).toBe(first)
    await first
    expect(i18n.hasMessages('de')).toBe(true)
    expect(i18n.hasMessages('en')).toBe(false)
    await fresh.applyLanguage({ preference: 'de', locale: 'de', system: 'en' })
    expect(fresh.language.locale).toBe('de')
    expect(i18n.t('signIn.form.emailMissing')).toMatch(/E-Mail/)
    // Already there: nothing to load.
    await fresh.loadMessages('de')
    await fresh.loadMessages('en')
    expect(i18n.hasMessages('en')).toBe(true)
    expect(i18n.translate('signIn.form.emailMissing')).toBe(i18n.t('signIn.form.emailMissing'))
    await fresh.applyLanguage({ preference: 'en', locale: 'en', system: 'en' })
    expect(i18n.t('signIn.form.emailMissing')).not.toMatch(/E-Mail/)
  })
})

describe('the window state', () => {
  it('opens on the webhook editor, nobody signed in, not ready until main has answered', async () => {
    // A fresh module, as a window that has just opened has it.
    vi.resetModules()
    const { appState } = await import('../../src/renderer/src/lib/app-state.svelte')
    expect(appState).toEqual({
      slow: false,
      info: null,
      session: null,
      signedOutReason: null,
      switching: false,
      dirty: false,
      webhook: { saved: null, draft: null, eventTypes: [] },
      tab: 'webhook',
      localDataOpened: 0,
      settingsOpen: false,
      ready: false,
    })
  })
})
