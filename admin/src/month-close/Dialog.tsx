/**
 * A modal dialog for a step that needs a second look (closing or reopening a month, the
 * contractor's answer): the browser's own `<dialog>` shown modal (focus kept inside, Escape
 * cancels), or simply open where `showModal` is missing (jsdom). Rendered only while asked for.
 */
import { createUniqueId, type JSX, onCleanup, onMount } from 'solid-js'

export function Dialog(props: {
  title: string
  testid: string
  onCancel: () => void
  children: JSX.Element
}) {
  let dialog: HTMLDialogElement | undefined
  const titleId = createUniqueId()
  onMount(() => {
    if (!dialog) return
    if (typeof dialog.showModal === 'function') dialog.showModal()
    else dialog.setAttribute('open', '')
  })
  onCleanup(() => {
    if (dialog?.open && typeof dialog.close === 'function') dialog.close()
  })
  return (
    <dialog
      ref={dialog}
      class="mc-dialog"
      aria-labelledby={titleId}
      data-testid={props.testid}
      onCancel={(event) => {
        event.preventDefault()
        props.onCancel()
      }}
    >
      <h3 id={titleId}>{props.title}</h3>
      {props.children}
    </dialog>
  )
}
