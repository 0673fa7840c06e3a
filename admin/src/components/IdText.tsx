/**
 * Words that quote ids (a ticket number in a formula, a 确认单 number in a note, a record id in a
 * message): each id is marked `translate="no"` — not a word of any language, a person must read it
 * as it is, and translation tools and the page-language checks leave it alone — and the words
 * around it stay prose. The app's one way to do it.
 */
import { For } from 'solid-js'

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

/** `ids` may hold empty or missing ones (a number not given yet): they quote nothing. */
export function IdText(props: { text: string; ids?: readonly (string | null | undefined)[] | undefined }) {
  const ids = () => (props.ids ?? []).filter((id): id is string => Boolean(id))
  return (
    <For each={splitIds(props.text, ids())}>
      {(part) => (part.id ? <span translate="no">{part.text}</span> : part.text)}
    </For>
  )
}
