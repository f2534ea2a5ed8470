import { mount } from 'svelte'
import './styles/tokens.css'
import './styles/base.css'
import App from './App.svelte'
import { appState } from './lib/app-state.svelte'
import { systemLocale } from '$shared/i18n'
import { applyLanguage, loadMessages } from './lib/language.svelte'

// The first screen needs its words and its session: ask for both at once while the messages of
// the likely language (the system's, as the browser reports it) load, then mount.
async function start(): Promise<void> {
  void loadMessages(systemLocale(navigator.languages))
  const [info, session] = await Promise.all([window.api.getAppInfo(), window.api.getSession()])
  if (info.ok) appState.info = info.value
  if (session.ok) appState.session = session.value
  await applyLanguage(info.ok ? info.value.language : { preference: 'system', locale: 'en', system: 'en' })
  mount(App, { target: document.getElementById('app') as HTMLElement })
}
void start()
