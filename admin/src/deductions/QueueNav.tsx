/**
 * Walking the queue a deduction was opened from: previous and next (`k`/`j`), and where it stands;
 * reaching either end is said to a screen reader.
 */
import { Show } from 'solid-js'
import { useI18n } from '../i18n'
import type { Neighbours } from './queue'

export function QueueNav(props: {
  neighbours: Neighbours | null
  edge: string | null
  onPrevious: () => void
  onNext: () => void
}) {
  const { t } = useI18n()
  return (
    <nav class="queue-nav" aria-label={t('deductions.detail.queueNav')}>
      <button
        type="button"
        onClick={() => props.onPrevious()}
        disabled={!props.neighbours?.previous}
        aria-keyshortcuts="k"
        data-testid="previous-deduction"
      >
        {t('deductions.detail.previous')} <kbd>K</kbd>
      </button>
      <span data-testid="queue-position">
        <Show when={props.neighbours} fallback={t('deductions.loading')}>
          {(n) =>
            n().index >= 0
              ? t('deductions.detail.position', { n: String(n().index + 1), count: String(n().count) })
              : t('deductions.detail.notInQueue')
          }
        </Show>
      </span>
      <button
        type="button"
        onClick={() => props.onNext()}
        disabled={!props.neighbours?.next}
        aria-keyshortcuts="j"
        data-testid="next-deduction"
      >
        {t('deductions.detail.next')} <kbd>J</kbd>
      </button>
      <span class="visually-hidden" aria-live="polite">
        {props.edge ?? ''}
      </span>
    </nav>
  )
}
