/**
 * The ¥0 breaches of the queue (training, weekly checks: "记录不扣款"), apart from the money: each
 * opens like any deduction, and one action records them all (`acknowledged`), not one by one.
 */
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { RowsTable } from '../components/lists'
import { useI18n } from '../i18n'
import { deductionHref } from '../pages/records/links'
import { BulkReport } from './BulkReport'
import { StatusBadge } from './badges'
import { useBulkDecision } from './bulk'
import { type QueueQuery, queueLink } from './queue'
import { useDeductionWords } from './words'

const RECORD_COLUMNS = ['kpi', 'period', 'subject', 'status'] as const

export function ZeroRecords(props: { rows: readonly Deduction[]; query: QueueQuery; canDecide: boolean }) {
  const { t } = useI18n()
  const words = useDeductionWords()
  const bulk = useBulkDecision()
  const pending = () => props.rows.filter((d) => d.status === 'draft')
  return (
    <section class="records-only" aria-labelledby="zero-title" data-testid="zero-records">
      <h3 id="zero-title">{t('deductions.records.title')}</h3>
      <p class="muted">
        {t('deductions.records.intro')}
        <Show when={props.canDecide}>{t('deductions.records.howTo')}</Show>
      </p>
      <Show when={props.canDecide && pending().length > 0}>
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={bulk.busy()}
            onClick={() => void bulk.run(props.query.month, 'acknowledged', pending())}
          >
            {bulk.busy()
              ? t('deductions.busy')
              : t('deductions.records.acknowledgeAll', { count: String(pending().length) })}
          </button>
        </div>
      </Show>
      <BulkReport report={bulk.report()} testId="zero-records-report" />
      <RowsTable
        testid="zero-records-table"
        labelledBy="zero-caption"
        caption={t('deductions.records.caption', { month: words.periodText(props.query.month) })}
        rows={props.rows}
        empty={t('deductions.records.none')}
        emptyAs="muted"
        columns={RECORD_COLUMNS.map((column) => t(`deductions.columns.${column}`))}
      >
        {(d) => (
          <tr data-testid="zero-record-row">
            <th scope="row">
              <A href={deductionHref(d.billingMonth, d.deductionId, queueLink(props.query))}>
                {words.kpiName(d.kpi)}
              </A>
            </th>
            <td>{words.periodText(d.period)}</td>
            <td class="mono" translate="no">
              {words.subjectText(d.subject)}
            </td>
            <td>
              <Show
                when={d.status !== 'draft'}
                fallback={
                  <span class="badge status-badge status-draft" data-status="draft">
                    {t('deductions.records.pending')}
                  </span>
                }
              >
                <StatusBadge status={d.status} />
              </Show>
            </td>
          </tr>
        )}
      </RowsTable>
    </section>
  )
}
