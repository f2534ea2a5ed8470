// @vitest-environment happy-dom
import { flushSync } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import { clearCommands, handle, send, waiting } from '../../src/renderer/src/lib/commands.svelte'

afterEach(() => clearCommands())

describe('the command store', () => {
  it('holds a command until a handler of its kind is ready, then runs it once', () => {
    const got: string[] = []
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:1/a' })
    let ready = $state(false)
    const stop = handle(
      'test.sendTo',
      (command) => got.push(command.url),
      () => ready,
    )
    flushSync()
    expect(got).toEqual([])
    ready = true
    flushSync()
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:1/b' })
    flushSync()
    stop()
    expect(got).toEqual(['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b'])
    expect(waiting()).toEqual([])
  })

  it('drops a menu command no view handles, as a menu click on a screen without it', () => {
    send({ kind: 'webhook.review' })
    expect(waiting()).toEqual([])
    let reviews = 0
    const stop = handle('webhook.review', () => reviews++)
    send({ kind: 'webhook.review' })
    flushSync()
    stop()
    send({ kind: 'webhook.review' })
    expect(reviews).toBe(1)
    expect(waiting()).toEqual([])
  })

  it('gives each handler only the commands of its own kind, and keeps the others waiting', () => {
    send({ kind: 'webhook.useUrl', url: 'http://127.0.0.1:1/editor' })
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:1/test' })
    const got: string[] = []
    const stop = handle('test.sendTo', (command) => got.push(command.url))
    flushSync()
    stop()
    expect(got).toEqual(['http://127.0.0.1:1/test'])
    expect(waiting()).toEqual([{ kind: 'webhook.useUrl', url: 'http://127.0.0.1:1/editor' }])
  })

  it('still takes a menu command while one of two views that handle it is open', () => {
    let reviews = 0
    const first = handle('webhook.review', () => reviews++)
    const second = handle('webhook.review', () => reviews++)
    first()
    send({ kind: 'webhook.review' })
    flushSync()
    expect(reviews).toBe(1)
    second()
    send({ kind: 'webhook.review' })
    expect(waiting()).toEqual([])
  })

  it('drops what is waiting when the account leaves', () => {
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:1/a' })
    clearCommands()
    expect(waiting()).toEqual([])
    const got: string[] = []
    const stop = handle('test.sendTo', (command) => got.push(command.url))
    flushSync()
    stop()
    expect(got).toEqual([])
  })
})
