/**
 * Chinese words that quote ids (a ticket number in a formula, a 确认单 number in a note): each id
 * is marked `translate="no"` — a person must read it as it is — and the words around it stay prose.
 */
import { For } from 'solid-js'
import type { Deduction } from '../api/deductions'

/** The ids a deduction's words may quote: its subject (and the ticket in it), its evidence, its close. */
export function idsOf(d: Deduction): string[] {
  const subject = d.subject === null ? [] : [d.subject, d.subject.split('/')[0] ?? d.subject]
  return [...subject, ...d.draft.evidence.ids, ...(d.frozenBy ? [d.frozenBy] : [])]
}

/** `text` cut into prose and the ids it quotes (the longest id first where two overlap). */
export function splitIds(text: string, ids: readonly string[]): { text: string; id: boolean }[] {
  const known = [...new Set(ids.filter((id) => id !== ''))].sort((a, b) => b.length - a.length)
  const parts: { text: string; id: boolean }[] = []
  let rest = text
  while (rest !== '') {
    let at = -1
    let found = ''
    for (const id of known) {
      const i = rest.indexOf(id)
      if (i >= 0 && (at < 0 || i < at || (i === at && id.length > found.length))) {
        at = i
        found = id
      }
    }
    if (at < 0) {
      parts.push({ text: rest, id: false })
      break
    }
    if (at > 0) parts.push({ text: rest.slice(0, at), id: false })
    parts.push({ text: found, id: true })
    rest = rest.slice(at + found.length)
  }
  return parts
}

export function IdText(props: { text: string; ids: readonly string[] }) {
  return (
    <For each={splitIds(props.text, props.ids)}>
      {(part) => (part.id ? <span translate="no">{part.text}</span> : part.text)}
    </For>
  )
}
