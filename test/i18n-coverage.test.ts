/**
 * "All strings in message files": the Svelte views may show text only through `t`. This reads each
 * view's markup (scripts and styles removed) and fails on words written into it, in text or in the
 * attributes people read (label, title, placeholder, hint, aria-label, alt).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const VIEWS = join(__dirname, '../src/renderer/src')

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : [],
  )
}

/** Attribute names and protocol terms are the same in every language. */
const UNTRANSLATED = /^(webhookUrl|webhookPsk|webhookTypes|ms|s|KB|POST|—|→|×|•+)$/

/** Words a person would read, outside `{…}` expressions. */
export function literalText(markup: string): string[] {
  const found: string[] = []
  // Blank out expressions, innermost first, as they nest: `{t('a', { b: tn('c', n, { d }) })}`.
  let plain = markup
  for (let before = ''; before !== plain;) {
    before = plain
    plain = plain.replace(/\{[^{}]*\}/g, ' ')
  }
  for (const m of plain.matchAll(/>([^<>]+)</g)) {
    const text = m[1]!.trim()
    if (/\p{L}{2,}/u.test(text) && !text.split(/\s+/).every((w) => UNTRANSLATED.test(w))) found.push(text)
  }
  for (const m of plain.matchAll(/\s(label|title|placeholder|hint|aria-label|alt)="([^"]*)"/g)) {
    // Example URLs are not words.
    if (/\p{L}{2,}/u.test(m[2]!) && !/^https?:\/\//.test(m[2]!)) found.push(`${m[1]}="${m[2]}"`)
  }
  return found
}

describe('message files hold every string the views show', () => {
  it('finds a literal word when there is one (so the check below can fail)', () => {
    expect(literalText('<p>Hello {name}</p><Button label="Save">{t("x")}</Button>')).toEqual([
      'Hello',
      'label="Save"',
    ])
    expect(
      literalText('<p>{t("x", { a: tn("y", 2, { b }) })}</p><code>webhookTypes</code> <span>→</span>'),
    ).toEqual([])
  })

  for (const file of svelteFiles(VIEWS)) {
    it(file.slice(VIEWS.length + 1), () => {
      const markup = readFileSync(file, 'utf8')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '')
      expect(literalText(markup)).toEqual([])
    })
  }
})
