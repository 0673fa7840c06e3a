/**
 * The money of the queue as a windowed table (a month of 10,000 stays fast): each row opens its
 * deduction with the same queue; a reviewer who can decide ticks drafts (one by one, or all of the
 * list at once) to approve them together.
 */
import { formatYuan } from '@hotline/domain'
import { A } from '@solidjs/router'
import { createEffect, createMemo, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { WindowedTable } from '../components/WindowedTable'
import { useI18n } from '../i18n'
import { deductionHref } from '../pages/records/links'
import { DeductionMarks, StatusBadge } from './badges'
import { type QueueQuery, queueLink } from './queue'
import type { Selection } from './selection'
import { useDeductionWords } from './words'

/** Pixels; the stylesheet gives `.deductions-table tbody tr` the same height. */
export const ROW_HEIGHT = 40

export type DeductionsTableProps = {
  rows: readonly Deduction[]
  query: QueueQuery
  caption: string
  /** Given when the reviewer can tick drafts: the selection, and the drafts that can be ticked. */
  selection?: { selection: Selection; selectable: readonly Deduction[] } | undefined
}

export function DeductionsTable(props: DeductionsTableProps) {
  const { t } = useI18n()
  const words = useDeductionWords()
  const selectableIds = createMemo(() => new Set(props.selection?.selectable.map((d) => d.deductionId) ?? []))
  const tickedCount = createMemo(() => {
    const s = props.selection
    return s ? s.selection.ticked(s.selectable).length : 0
  })
  const allTicked = () => tickedCount() > 0 && tickedCount() === props.selection?.selectable.length
  const someTicked = () => tickedCount() > 0
  return (
    <div class="deductions-table" classList={{ selectable: props.selection !== undefined }}>
      <WindowedTable
        items={props.rows}
        rowHeight={ROW_HEIGHT}
        columns={props.selection ? 7 : 6}
        fallbackHeight={480}
        resetKey={JSON.stringify(props.query)}
        captionId="deductions-caption"
        caption={props.caption}
        testId="deductions"
        head={
          <tr aria-rowindex={1}>
            <Show when={props.selection}>
              {(s) => (
                <th scope="col" class="col-select">
                  <input
                    type="checkbox"
                    checked={allTicked()}
                    ref={(box) =>
                      createEffect(() => {
                        box.indeterminate = !allTicked() && someTicked()
                      })
                    }
                    disabled={s().selectable.length === 0}
                    onChange={(e) =>
                      s().selection.setAll(
                        s().selectable.map((d) => d.deductionId),
                        e.currentTarget.checked,
                      )
                    }
                    aria-label={t('deductions.select.all', { count: String(s().selectable.length) })}
                    data-testid="select-all"
                  />
                </th>
              )}
            </Show>
            <th scope="col" class="col-kpi">
              {t('deductions.columns.kpi')}
            </th>
            <th scope="col" class="col-period">
              {t('deductions.columns.period')}
            </th>
            <th scope="col" class="col-subject">
              {t('deductions.columns.subject')}
            </th>
            <th scope="col" class="col-amount num">
              {t('deductions.columns.amount')}
            </th>
            <th scope="col" class="col-status">
              {t('deductions.columns.status')}
            </th>
            <th scope="col" class="col-marks">
              {t('deductions.columns.marks')}
            </th>
          </tr>
        }
        row={(d, index) => (
          <tr data-testid="deduction-row" aria-rowindex={index() + 2}>
            <Show when={props.selection}>
              {(s) => (
                <td class="col-select">
                  <Show when={selectableIds().has(d.deductionId)}>
                    <input
                      type="checkbox"
                      checked={s().selection.has(d.deductionId)}
                      onChange={(e) => s().selection.set(d.deductionId, e.currentTarget.checked)}
                      aria-label={t('deductions.select.one', { what: words.label(d) })}
                      translate="no"
                      data-testid="select-row"
                    />
                  </Show>
                </td>
              )}
            </Show>
            <th scope="row">
              <A href={deductionHref(d.billingMonth, d.deductionId, queueLink(props.query))}>
                {words.kpiName(d.kpi)}
              </A>
            </th>
            <td>{words.periodText(d.period)}</td>
            <td class="mono" translate="no" title={d.subject ? words.subjectText(d.subject) : undefined}>
              {words.subjectText(d.subject)}
            </td>
            <td class="num">
              {formatYuan(d.amountFen)}
              <Show when={d.finalAmountFen !== null && d.finalAmountFen !== d.amountFen}>
                {' → '}
                {formatYuan(d.finalAmountFen ?? 0)}
              </Show>
            </td>
            <td>
              <StatusBadge status={d.status} />
            </td>
            <td>
              <DeductionMarks deduction={d} />
            </td>
          </tr>
        )}
      />
    </div>
  )
}
