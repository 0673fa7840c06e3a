/**
 * A modal confirmation: `role="dialog"` with `aria-modal`, named by its title and described by its
 * text. The focus moves into it (to Cancel, the safe choice), Tab and Shift+Tab stay inside it,
 * Escape cancels, and the focus goes back to where it was when it closes. Shown while `open`.
 * (Not the native `<dialog>`: the test DOM has no `showModal`, and this behaves the same.)
 */
import { createEffect, createUniqueId, type JSX, on, onCleanup, Show } from 'solid-js'

export type ConfirmDialogProps = {
  open: boolean
  title: string
  children: JSX.Element
  confirm: string
  cancel: string
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
  testId?: string
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), textarea, select, [tabindex="0"]'

export function ConfirmDialog(props: ConfirmDialogProps) {
  const id = createUniqueId()
  let dialog: HTMLDivElement | undefined
  let cancelButton: HTMLButtonElement | undefined
  let opener: Element | null = null

  createEffect(
    on(
      () => props.open,
      (open) => {
        if (open) {
          opener = document.activeElement
          queueMicrotask(() => cancelButton?.focus())
        } else if (opener instanceof HTMLElement) {
          const back = opener
          opener = null
          queueMicrotask(() => back.focus())
        }
      },
    ),
  )
  onCleanup(() => {
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
  })

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      if (!props.busy) props.onCancel()
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
    <Show when={props.open}>
      <div class="dialog-backdrop">
        <div
          ref={dialog}
          class="dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-text`}
          data-testid={props.testId}
          onKeyDown={onKeyDown}
        >
          <h2 id={`${id}-title`}>{props.title}</h2>
          <div id={`${id}-text`}>{props.children}</div>
          <div class="actions">
            <button type="button" class="primary" onClick={() => props.onConfirm()} disabled={props.busy}>
              {props.confirm}
            </button>
            <button type="button" ref={cancelButton} onClick={() => props.onCancel()} disabled={props.busy}>
              {props.cancel}
            </button>
          </div>
        </div>
      </div>
    </Show>
  )
}
