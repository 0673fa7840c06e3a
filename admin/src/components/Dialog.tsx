/**
 * A modal dialog for a step that needs a second look (approving a selection, closing or reopening
 * a month, the contractor's answer): the browser's own `<dialog>` shown modal (the page behind it
 * inert), or simply open where `showModal` is missing (jsdom), with `aria-modal` and named by its
 * title. The focus moves into it (to `initialFocus`, else its first control), Tab and Shift+Tab
 * stay inside it, Escape cancels (not while `busy`), and the focus goes back to where it was when
 * it closes. Rendered only while asked for.
 */
import { createUniqueId, type JSX, onCleanup, onMount } from 'solid-js'
import './dialog.css'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), textarea, select, [tabindex="0"]'

export function Dialog(props: {
  title: string
  testid?: string
  /** The id of what describes the dialog (its question). */
  describedBy?: string
  busy?: boolean
  /** What takes the focus first (the safe choice); by default the first control. */
  initialFocus?: () => HTMLElement | undefined
  onCancel: () => void
  children: JSX.Element
}) {
  let dialog: HTMLDialogElement | undefined
  const titleId = createUniqueId()
  const opener = document.activeElement
  const cancel = () => {
    if (!props.busy) props.onCancel()
  }
  onMount(() => {
    if (!dialog) return
    if (typeof dialog.showModal === 'function') dialog.showModal()
    else dialog.setAttribute('open', '')
    queueMicrotask(() => (props.initialFocus?.() ?? dialog?.querySelector<HTMLElement>(FOCUSABLE))?.focus())
  })
  onCleanup(() => {
    if (dialog?.open && typeof dialog.close === 'function') dialog.close()
    if (opener instanceof HTMLElement) queueMicrotask(() => opener.focus())
  })

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      cancel()
      return
    }
    if (event.key !== 'Tab' || !dialog) return
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
      data-testid={props.testid}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault()
        cancel()
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  )
}
