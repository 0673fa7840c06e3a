/** The month's totals (of the KPI and period chosen): drafts with money at stake, what stands decided, the ¥0 records. */
import { formatYuan } from '@hotline/domain'
import { Show } from 'solid-js'
import { useI18n } from '../i18n'
import type { Totals } from './queue'

export function QueueTotals(props: { totals: Totals }) {
  const { t } = useI18n()
  const sum = (s: { count: number; fen: number }) =>
    t('deductions.totals.value', { count: String(s.count), amount: formatYuan(s.fen) })
  const records = () => props.totals.records
  return (
    <>
      <dl class="totals" data-testid="deduction-totals" aria-label={t('deductions.totals.label')}>
        <div>
          <dt>{t('deductions.totals.draft')}</dt>
          <dd data-testid="total-draft">{sum(props.totals.draft)}</dd>
        </div>
        <div>
          <dt>{t('deductions.totals.decided')}</dt>
          <dd data-testid="total-decided">{sum(props.totals.decided)}</dd>
        </div>
        <Show when={records().pending + records().acknowledged > 0}>
          <div>
            <dt>{t('deductions.totals.records')}</dt>
            <dd data-testid="total-records">
              {t('deductions.totals.recordsValue', {
                pending: String(records().pending),
                acknowledged: String(records().acknowledged),
              })}
            </dd>
          </div>
        </Show>
      </dl>
      <p class="muted note-small">{t('deductions.totals.note')}</p>
    </>
  )
}
