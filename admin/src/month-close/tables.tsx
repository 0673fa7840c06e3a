/**
 * The two tables of a closed month, shown alike on the close page and on its printable 确认单:
 * each KPI with its figures (value, target, days below of days measured, met), and every deduction
 * that stands with its basis, outcome, amount and the reviewer's reason, totalled.
 */
import { formatPoints, formatYuan } from '@hotline/domain'
import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { CloseDeductionRow, CloseKpiRow } from '../api/month-close'
import { DataTable } from '../components/lists'
import { useI18n } from '../i18n'
import { kpiName, percentText, targetText } from '../kpi-view'
import { usePeriodText } from '../names'
import { deductionHref } from '../pages/records/links'

/**
 * How a table is named: its own caption (`labelledBy` is then the caption's id), or — on the
 * 确认单, under a numbered heading — the heading with id `labelledBy`, the caption for screen readers only.
 */
export type TableName = { caption: string; labelledBy: string; underHeading?: boolean }

const KPI_COLUMNS = ['kpi', 'period', 'value', 'target', 'days', 'result'] as const
const DEDUCTION_COLUMNS = ['index', 'kpi', 'period', 'basis', 'outcome', 'amount', 'reason'] as const

/** The props of `DataTable` that name it. */
const naming = (name: TableName) =>
  name.underHeading
    ? { labelledBy: name.labelledBy, hiddenCaption: name.caption }
    : { labelledBy: name.labelledBy, caption: name.caption }

/** KPIs the contract reports and flags without a deduction (§4.4 calls per agent-day). */
const FLAGGED_ONLY: readonly string[] = ['agent_workload']

/** `92.71% (1112/1200)` for a rate, the count for a count, "违约 2 次" for events, else "—". */
function useKpiValue() {
  const { t } = useI18n()
  return (row: CloseKpiRow): string => {
    if (FLAGGED_ONLY.includes(row.kpi)) {
      return t('monthClose.kpis.agentDays', {
        below: String(row.figures.breaches ?? 0),
        total: String(row.figures.results ?? 0),
      })
    }
    if (row.value === null) {
      const breaches = row.figures.breaches
      return typeof breaches === 'number' && breaches > 0
        ? t('monthClose.kpis.breaches', { n: String(breaches) })
        : '—'
    }
    if (row.target?.kind === 'minCount') return formatPoints(row.value)
    return `${percentText(row.value, row.target)} (${row.value.num}/${row.value.den})`
  }
}

export function KpiTable(props: { rows: readonly CloseKpiRow[]; name: TableName }) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const value = useKpiValue()
  const met = (row: CloseKpiRow) =>
    FLAGGED_ONLY.includes(row.kpi) && row.met === false
      ? t('monthClose.kpis.flagged')
      : row.met === null
        ? t('monthClose.kpis.none')
        : row.met
          ? t('monthClose.kpis.met')
          : t('monthClose.kpis.notMet')
  return (
    <Show when={props.rows.length > 0} fallback={<p>{t('monthClose.kpis.empty')}</p>}>
      <DataTable
        {...naming(props.name)}
        testid="close-kpis"
        columns={KPI_COLUMNS.map((column) => t(`monthClose.kpis.${column}`))}
      >
        <For each={props.rows}>
          {(row) => (
            <tr data-testid="close-kpi-row">
              <th scope="row">{kpiName(row.kpi, locale())}</th>
              <td class="nowrap">{periodText(row.period)}</td>
              <td class="num">{value(row)}</td>
              <td class="num">{targetText(row.target)}</td>
              <td class="num">
                {row.daysBelow === null || row.daysMeasured === null
                  ? '—'
                  : t('monthClose.kpis.daysValue', {
                      below: String(row.daysBelow),
                      measured: String(row.daysMeasured),
                    })}
              </td>
              <td class={row.met === false && !FLAGGED_ONLY.includes(row.kpi) ? 'bad' : undefined}>
                {met(row)}
              </td>
            </tr>
          )}
        </For>
      </DataTable>
    </Show>
  )
}

/**
 * Every deduction of the snapshot, numbered, the month's total last. `links`: each KPI name opens
 * the deduction (the close page); the 确认单 is a document and has none.
 */
export function DeductionTable(props: {
  month: string
  rows: readonly CloseDeductionRow[]
  totalFen: number
  name: TableName
  links?: boolean
}) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const name = (row: CloseDeductionRow) => kpiName(row.kpi, locale())
  return (
    <Show when={props.rows.length > 0} fallback={<p>{t('monthClose.deductions.empty')}</p>}>
      <DataTable
        {...naming(props.name)}
        testid="close-deductions"
        columns={DEDUCTION_COLUMNS.map((column) => t(`monthClose.deductions.${column}`))}
      >
        <For each={props.rows}>
          {(row, i) => (
            <tr data-testid="close-deduction-row">
              <td class="num">{i() + 1}</td>
              <th scope="row">
                <Show when={props.links} fallback={name(row)}>
                  <A href={deductionHref(props.month, row.deductionId)}>{name(row)}</A>
                </Show>
              </th>
              <td class="nowrap">{periodText(row.period)}</td>
              <td class="text">{locale() === 'zh-CN' ? row.formula.zh : row.formula.en}</td>
              <td>{t(`monthClose.deductions.outcomes.${row.status}`)}</td>
              <td class="num">{formatYuan(row.finalAmountFen)}</td>
              <td class="text">{row.reason ?? '—'}</td>
            </tr>
          )}
        </For>
        <tr class="mc-total-row">
          <th scope="row" colSpan={5}>
            {t('monthClose.deductions.total')}
          </th>
          <td class="num" data-testid="close-total">
            {formatYuan(props.totalFen)}
          </td>
          <td />
        </tr>
      </DataTable>
    </Show>
  )
}
