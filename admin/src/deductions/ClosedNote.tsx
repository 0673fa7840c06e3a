/**
 * A month whose assessment is confirmed (月度考核确认): its decisions are frozen, so the review offers
 * no decision and says why, with the way to the month close page (where it can be reopened).
 */
import { A } from '@solidjs/router'
import { type Accessor, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { useMonths } from '../api/months'
import { useI18n } from '../i18n'
import { closePageHref } from '../month-close/links'
import { usePeriodText } from '../names'

export type MonthClosed = { closed: boolean; number: string | null }

/**
 * Whether `month` is closed (or closing): by the months list, or by a deduction frozen by its close
 * (the list may not have been read yet).
 */
export function useMonthClosed(
  month: Accessor<string>,
  deductions: Accessor<readonly Deduction[] | undefined>,
): Accessor<MonthClosed> {
  const months = useMonths()
  return () => {
    const summary = months.data?.months.find((m) => m.month === month())
    const frozen = deductions()?.find((d) => d.frozenBy !== null)
    const closed = (summary !== undefined && summary.state !== 'open') || frozen !== undefined
    return { closed, number: summary?.number ?? frozen?.frozenBy ?? null }
  }
}

/** `mayReopen`: a reviewer, told how to change a decision (others cannot). */
export function ClosedNote(props: { month: string; number: string | null; mayReopen: boolean }) {
  const { t } = useI18n()
  const periodText = usePeriodText()
  const month = () => periodText(props.month)
  return (
    <section class="note closed-note" aria-labelledby="closed-title" data-testid="month-closed">
      <h3 id="closed-title">{t('deductions.closed.title')}</h3>
      <p>
        {t('deductions.closed.note', { month: month() })}
        <Show when={props.mayReopen}>{t('deductions.closed.change')}</Show>
        <Show when={props.number}>
          {(number) => (
            <>
              {' '}
              {t('deductions.closed.number')}
              <span translate="no">{number()}</span>
            </>
          )}
        </Show>
      </p>
      <A href={closePageHref(props.month)}>{t('deductions.closed.link', { month: month() })}</A>
    </section>
  )
}
