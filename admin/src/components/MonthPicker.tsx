/**
 * The month a page shows, chosen in one place: the previous and next month, and a list of the months
 * that have results (each with its state: drafts to review, closed). Choosing one changes `?month=` in
 * the address, which every nav link keeps. `usePageMonth` gives a page its month: the address's, the
 * one last seen in this tab, or the one the app opens on (`GET /months`'s `current`).
 */
import { formatYuan } from '@hotline/domain'
import { useLocation, useNavigate } from '@solidjs/router'
import { type Accessor, createEffect, createMemo, createUniqueId, For } from 'solid-js'
import { type MonthSummary, useMonths } from '../api/months'
import { useI18n } from '../i18n'
import { useMonthInContext, withMonth } from '../month'
import { usePeriodText } from '../names'

/** `2026-10` ± n months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * The page's month: from the address, else remembered, else the app's `current` month (the address
 * is then updated in place, so links and reloads keep it). `null` while unknown, or when the
 * platform has no results at all yet.
 */
export function usePageMonth(): { month: Accessor<string | null>; months: ReturnType<typeof useMonths> } {
  const inContext = useMonthInContext()
  const months = useMonths()
  const navigate = useNavigate()
  const location = useLocation()
  createEffect(() => {
    if (new URLSearchParams(location.search).has('month')) return
    const month = inContext() ?? months.data?.current ?? null
    if (month) navigate(withMonth(location.pathname + location.search, month), { replace: true })
  })
  return { month: inContext, months }
}

export function MonthPicker(props: { month: string }) {
  const { t } = useI18n()
  const periodText = usePeriodText()
  const months = useMonths()
  const navigate = useNavigate()
  const location = useLocation()
  const id = createUniqueId()
  const go = (month: string) => navigate(withMonth(location.pathname + location.search, month))
  const options = createMemo(() => {
    const known = months.data?.months ?? []
    const list = known.some((m) => m.month === props.month)
      ? known
      : [...known, { month: props.month } as Partial<MonthSummary> & { month: string }]
    return [...list].sort((a, b) => (a.month < b.month ? 1 : -1))
  })
  const label = (m: Partial<MonthSummary> & { month: string }) => {
    const name = periodText(m.month)
    if (m.state === 'closed') return t('monthPicker.closed', { month: name })
    if (m.pending && m.pending.count > 0)
      return t('monthPicker.pending', {
        month: name,
        count: String(m.pending.count),
        amount: formatYuan(m.pending.amountFen),
      })
    if (m.hasResults === false || m.hasResults === undefined)
      return t('monthPicker.noResults', { month: name })
    return name
  }
  return (
    <div class="month-picker">
      <label for={id}>{t('monthPicker.label')}</label>
      <button type="button" onClick={() => go(shiftMonth(props.month, -1))}>
        {t('monthPicker.previous')}
      </button>
      <select
        id={id}
        value={props.month}
        onChange={(e) => go(e.currentTarget.value)}
        data-testid="month-picker"
      >
        <For each={options()}>{(m) => <option value={m.month}>{label(m)}</option>}</For>
      </select>
      <button type="button" onClick={() => go(shiftMonth(props.month, 1))}>
        {t('monthPicker.next')}
      </button>
    </div>
  )
}
