/**
 * What every rendered page of the admin app is held to, in a real browser: axe-core finds no serious
 * or critical accessibility problem, and a Chinese page shows no English word and no raw id.
 *
 * The English scan reads what a person reads: the visible text of the page and the words a screen
 * reader speaks (`aria-label`, `title`, `placeholder`, `alt`). Text inside `translate="no"` (ids a
 * person typed or must quote: ticket numbers, check ids, the 确认单's number) and `lang="en"` (the
 * language switch's own "English") is not Chinese prose and is skipped. A token counts as English when
 * it is two or more ASCII letters; tokens with digits (JY20261001, A07, W41) are ids, not words.
 * Raw ids that must never show (KPI ids, job run ids, the terms document id) are looked for apart.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { KPI_IDS } from '@hotline/domain'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
let axeSource: Promise<string> | undefined

export type AxeFinding = { id: string; impact: string; help: string; targets: string[] }

/** axe-core's serious and critical findings on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
  // Through the DevTools protocol, which the page's CSP does not govern (it blocks an inline <script>).
  await page.evaluate(await axeSource)
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
    const axe = (globalThis as any).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return (
      result.violations as {
        id: string
        impact: string
        help: string
        nodes: { target: string[] }[]
      }[]
    )
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }))
  })
}

/** Words a Chinese page may show: abbreviations and names Chinese readers use as they are. */
export const ALLOWED_WORDS: readonly string[] = [
  'KPI', // "KPI 看板": the contract's and the agency's own word
  'XLSX',
  'CSV',
  'NDJSON',
  'JSON',
  'PDF',
  'A4',
  'SMS', // never alone in prose: the outbox's provider column says 短信
  'Amazon',
  'Connect',
  'Asterisk',
  'DynamoDB',
  'dynalite',
  'WeChat',
]

/** Every place a person reads on the page (visible text, spoken labels) with its English words. */
export async function englishOnPage(
  page: Page,
  allowed: readonly string[] = ALLOWED_WORDS,
): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        if (e.getAttribute('translate') === 'no' || e.getAttribute('lang') === 'en') return true
        if (e.tagName === 'SCRIPT' || e.tagName === 'STYLE' || e.tagName === 'NOSCRIPT') return true
        const style = getComputedStyle(e)
        if (style.display === 'none' || style.visibility === 'hidden') return true
      }
      return false
    }
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      if (text && !skip(node.parentElement)) out.push(text)
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (skip(el)) continue
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name)?.trim()
        if (value) out.push(value)
      }
    }
    // The selected option of each list is shown in the closed select.
    for (const select of document.querySelectorAll('select')) {
      if (!skip(select)) out.push(select.selectedOptions[0]?.textContent ?? '')
    }
    out.push(document.title)
    return out
  })
  const words = new Set<string>()
  for (const text of texts) {
    for (const token of text.split(/[^A-Za-z0-9]+/)) {
      if (/^[A-Za-z]{2,}$/.test(token) && !allowed.includes(token))
        words.add(`${token} (in "${text.slice(0, 60)}")`)
    }
    for (const raw of rawIdsIn(text)) words.add(`${raw} (raw id in "${text.slice(0, 60)}")`)
  }
  return [...words]
}

/** KPI ids, job run ids and terms document ids in a text: never for a person to read. */
export function rawIdsIn(text: string): string[] {
  const found: string[] = []
  for (const id of KPI_IDS)
    if (new RegExp(`(^|[^A-Za-z_.])${id.replace('.', '\\.')}($|[^A-Za-z_])`).test(text)) found.push(id)
  const job = /job:[a-z]+:/.exec(text)
  if (job) found.push(job[0])
  const terms = /[a-z][a-z0-9-]*@\d/.exec(text)
  if (terms) found.push(terms[0])
  return found
}
