/**
 * The few seconds after a quick decision: "已批准 15秒应答及时率 · 2026年10月9日 ¥200.00 · 撤销". A live
 * region (read out when it appears), its Undo button reachable with Tab (and `u`); it stays while
 * the pointer or the focus is on it, and goes after `UNDO_MS` otherwise.
 */
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js'
import { IdText } from '../components/IdText'
import { useI18n } from '../i18n'

/** How long a toast stays (unless the reviewer is on it). */
export const UNDO_MS = 6_000

export type Toast = {
  /** A new number for each toast, so the same words twice still start a new timer. */
  id: number
  message: string
  /** Ids the message quotes (read as they are, not as words). */
  ids?: readonly string[]
  /** Offered while the decision can be undone. */
  undo?: () => void
}

export function UndoToast(props: { toast: Toast | null; onDismiss: () => void; busy?: boolean }) {
  const { t } = useI18n()
  const [held, setHeld] = createSignal(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => clearTimeout(timer)
  createEffect(
    on([() => props.toast?.id, held], ([id, isHeld]) => {
      stop()
      if (id !== undefined && !isHeld) timer = setTimeout(() => props.onDismiss(), UNDO_MS)
    }),
  )
  onCleanup(stop)
  return (
    <div
      class="toast-region"
      role="status"
      aria-live="polite"
      aria-label={t('deductions.undo.label')}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocusIn={() => setHeld(true)}
      onFocusOut={() => setHeld(false)}
    >
      <Show when={props.toast}>
        {(toast) => (
          <div class="toast" data-testid="undo-toast">
            <span>
              <IdText text={toast().message} ids={toast().ids ?? []} />
            </span>
            <Show when={toast().undo}>
              {(undo) => (
                <>
                  <span aria-hidden="true"> · </span>
                  <button type="button" onClick={() => undo()()} disabled={props.busy} aria-keyshortcuts="u">
                    {t('deductions.undo.button')} <kbd>U</kbd>
                  </button>
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
    </div>
  )
}
