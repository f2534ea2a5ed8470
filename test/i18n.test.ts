import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Handlers } from '../src/main/dispatch'
import { mainDe } from '../src/main/i18n/de'
import { mainEn } from '../src/main/i18n/en'
import { LanguageSettings } from '../src/main/language'
import { de } from '$shared/i18n/de'
import { en } from '$shared/i18n/en'
import { systemLocale, t, tn, translate, useLocale, type Locale } from '$shared/i18n'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { closedPort } from './helpers/ports'
import { signInAs, testHandlers } from './helpers/handlers'

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

type Messages = Readonly<Record<string, string>>

describe.each<[string, Messages, Messages]>([
  ['window', en, de],
  ['main', mainEn, mainDe],
])('the %s messages', (_name, english, german) => {
  const keys = Object.keys(english)

  it('are all translated, with the same placeholders', () => {
    expect(Object.keys(german).sort()).toEqual([...keys].sort())
    for (const key of keys) {
      expect(german[key], key).not.toBe('')
      expect(placeholders(german[key]!), key).toEqual(placeholders(english[key]!))
    }
  })

  it('give every count both forms', () => {
    for (const key of keys.filter((k) => k.endsWith('.one')))
      expect(keys, key).toContain(key.replace(/\.one$/, '.other'))
  })
})

describe('choosing the language', () => {
  it('follows the first supported system language, in any spelling', () => {
    expect(systemLocale(['de-AT'])).toBe('de')
    expect(systemLocale(['fr-FR', 'de-DE', 'en-US'])).toBe('de')
    expect(systemLocale(['de_AT.UTF-8'])).toBe('de')
    expect(systemLocale(['en-GB', 'de'])).toBe('en')
    expect(systemLocale(['C.UTF-8'])).toBe('en')
    expect(systemLocale(['fr'])).toBe('en')
    expect(systemLocale([])).toBe('en')
  })
})

describe('filling in messages', () => {
  let locale: Locale = 'en'
  beforeAll(() => useLocale(() => locale))
  afterEach(() => (locale = 'en'))

  it('writes numbers the way the language does', () => {
    expect(t('inbox.bytes', { count: 12345 })).toBe('12,345 bytes')
    locale = 'de'
    expect(t('inbox.bytes', { count: 12345 })).toBe('12.345 Bytes')
  })

  it('picks the singular or plural form of a count', () => {
    expect(tn('events.count', 1, { range: 'today' })).toBe('1 event today')
    expect(tn('events.count', 2, { range: 'today' })).toBe('2 events today')
    locale = 'de'
    expect(tn('events.count', 1, { range: 'heute' })).toBe('1 Ereignis heute')
    expect(tn('events.count', 0, { range: 'heute' })).toBe('0 Ereignisse heute')
  })

  it('shows a key nobody wrote a message for instead of failing', () => {
    expect(translate('no.such.key')).toBe('no.such.key')
  })
})

describe('the language setting', () => {
  it('starts from the system language, remembers a choice, and says when it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-lang-'))
    const first = new LanguageSettings(dir, ['de-DE'])
    expect(await first.info()).toEqual({ preference: 'system', locale: 'de', system: 'de' })
    const changes: Locale[] = []
    first.onChange((l) => changes.push(l))
    expect(await first.set('en')).toEqual({ preference: 'en', locale: 'en', system: 'de' })
    expect(changes).toEqual(['en'])
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ language: 'en' })
    expect((await new LanguageSettings(dir, ['de-DE']).info()).locale).toBe('en')
  })

  it('falls back to the system language when settings.json is unreadable, keeping the file aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-lang-'))
    writeFileSync(join(dir, 'settings.json'), '{"language": "klingon"}')
    expect(await new LanguageSettings(dir, ['de']).info()).toEqual({
      preference: 'system',
      locale: 'de',
      system: 'de',
    })
    expect(existsSync(join(dir, 'settings.json'))).toBe(false)
  })
})

describe('main speaks the chosen language', () => {
  const { demo } = SEED_USERS
  let sim: Sim
  let handlers: Handlers
  beforeAll(async () => {
    sim = await startSim({ clock: false })
    const userDataDir = mkdtempSync(join(tmpdir(), 'wd-lang-'))
    handlers = testHandlers({ userDataDir, language: new LanguageSettings(userDataDir, ['de-AT']) })
  })
  afterAll(() => sim.stop())

  it('in errors, diagnoses and history, and switches them all at once', async () => {
    const wrong = await Promise.resolve(
      handlers.signIn({
        server: sim.url,
        method: 'password',
        email: demo.email,
        secret: 'not the password',
        remember: false,
      }),
    ).catch((e: Error) => e.message)
    expect(wrong).toBe('E-Mail oder Passwort stimmen nicht. Prüfen Sie beides und versuchen Sie es erneut.')

    await signInAs(handlers, sim)
    const port = await closedPort()
    const record = await handlers.sendTest({
      url: `http://127.0.0.1:${port}/hook`,
      body: '{}',
      eventType: 'alarm',
      timeoutMs: 2000,
      insecureTls: false,
    })
    expect(record.diagnosis.title).toBe('Verbindung abgelehnt')

    expect(await handlers.setLanguage({ preference: 'en' })).toEqual({
      preference: 'en',
      locale: 'en',
      system: 'de',
    })
    // Recorded in German, read back in English: the history speaks the app's language now.
    const [listed] = await handlers.listDeliveries(undefined)
    expect(listed!.id).toBe(record.id)
    expect(listed!.diagnosis.title).toBe('Connection refused')
    expect((await handlers.getAppInfo(undefined)).language.locale).toBe('en')
  })
})
