/**
 * Single-key shortcuts for working through a queue (`a` approve, `r` reject, `j`/`k` next and
 * previous). They never fire while the user types — in a field, a text area, a select or an
 * editable element — nor with Ctrl, Alt or ⌘ held (the browser's own shortcuts), nor during IME
 * composition (typing pinyin).
 */
import { onCleanup, onMount } from 'solid-js'

/** Whether a key pressed here is typing, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = (target as HTMLInputElement).type
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type)
}

/**
 * Listens on the document while the component lives. `keys` maps a lower-case key to its action;
 * a handled key has its default prevented (so `r`, which moves focus into a text area, is not
 * typed into it).
 */
export function useShortcuts(keys: () => Record<string, (() => void) | undefined>) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if (isTypingTarget(event.target)) return
    const action = keys()[event.key.toLowerCase()]
    if (!action) return
    event.preventDefault()
    action()
  }
  onMount(() => document.addEventListener('keydown', onKeyDown))
  onCleanup(() => document.removeEventListener('keydown', onKeyDown))
}
