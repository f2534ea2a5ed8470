// @vitest-environment happy-dom
import { fetch as nodeFetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { clearCommands, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { InboxStore } from '../../src/renderer/src/views/inbox/inbox.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.api.stopInbox()
  await real?.stop()
  real = undefined
  clearCommands()
})

describe('the inbox store', () => {
  it('starts the receiver, shows what arrives, answers as told, and offers its URL to the editor', async () => {
    const r = (real = await realApi())
    const store = new InboxStore(r.api)
    const stop = store.connect()
    try {
      await until(() => store.inbox !== null, 'the receiver state')
      await store.start()
      expect(store.error).toBeNull()
      const url = store.inbox?.url
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)

      store.status = 503
      await store.applyReply()
      const answer = await nodeFetch(url!, { method: 'POST', body: '{"event":{"type":"alarm"}}' })
      expect(answer.status).toBe(503)
      await until(() => store.inbox?.arrivals.length === 1, 'the arrival')
      expect(store.selected).toMatchObject({ method: 'POST', answeredWith: 503 })

      expect(store.useAsWebhook()).toBe(true)
      expect(appState.tab).toBe('webhook')
      expect(waiting()).toEqual([{ kind: 'webhook.useUrl', url }])
    } finally {
      stop()
    }
  })
})
