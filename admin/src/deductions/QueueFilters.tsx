/**
 * The queue's filters and order: the KPI (one, or a group by its prefix — `service_error` is its
 * three kinds), the period when one was chosen (a day, a week, a month: cleared here), the status,
 * the sort key and direction. Each choice goes into the address.
 */
import { KPI_IDS, type KpiId } from '@hotline/domain'
import { For, Show } from 'solid-js'
import { DEDUCTION_STATUSES } from '../api/deductions'
import { useI18n } from '../i18n'
import { KPI_GROUPS, kpiMatches, type QueueParams, type QueueQuery, SORT_KEYS } from './queue'
import { useDeductionWords } from './words'

export function QueueFilters(props: { query: QueueQuery; onChange: (params: QueueParams) => void }) {
  const { t, locale } = useI18n()
  const words = useDeductionWords()
  /** A group by the names of its KPIs: "转办超时、回退处理超时、回访超时". */
  const groupName = (prefix: string) =>
    KPI_IDS.filter((id) => kpiMatches(prefix, id))
      .map((id: KpiId) => words.kpiName(id))
      .join(locale() === 'zh-CN' ? '、' : ', ')
  // Each select sends `undefined` for its default, which leaves it out of the address.
  const choose =
    (key: keyof QueueParams, fallback: string) => (e: Event & { currentTarget: HTMLSelectElement }) =>
      props.onChange({ [key]: e.currentTarget.value === fallback ? undefined : e.currentTarget.value })
  return (
    <fieldset class="filters">
      <legend class="visually-hidden">{t('deductions.filters')}</legend>
      <label for="deductions-kpi">{t('deductions.kpi')}</label>
      <select id="deductions-kpi" value={props.query.kpi ?? ''} onChange={choose('kpi', '')}>
        <option value="">{t('deductions.anyKpi')}</option>
        <For each={KPI_GROUPS}>{(prefix) => <option value={prefix}>{groupName(prefix)}</option>}</For>
        <For each={KPI_IDS}>{(id) => <option value={id}>{words.kpiName(id)}</option>}</For>
      </select>
      <label for="deductions-status">{t('deductions.status')}</label>
      <select id="deductions-status" value={props.query.status} onChange={choose('status', 'draft')}>
        <option value="all">{t('deductions.anyStatus')}</option>
        <For each={DEDUCTION_STATUSES}>
          {(status) => <option value={status}>{t(`deductions.statuses.${status}`)}</option>}
        </For>
      </select>
      <label for="deductions-sort">{t('deductions.sort')}</label>
      <select id="deductions-sort" value={props.query.sort} onChange={choose('sort', 'period')}>
        <For each={SORT_KEYS}>{(key) => <option value={key}>{t(`deductions.sortKeys.${key}`)}</option>}</For>
      </select>
      <label for="deductions-dir">{t('deductions.dir')}</label>
      <select id="deductions-dir" value={props.query.dir} onChange={choose('dir', 'asc')}>
        <option value="asc">{t('deductions.dirs.asc')}</option>
        <option value="desc">{t('deductions.dirs.desc')}</option>
      </select>
      <Show when={props.query.period}>
        {(period) => (
          <span class="period-filter" data-testid="period-filter">
            {t('deductions.period', { period: words.periodText(period()) })}{' '}
            <button type="button" onClick={() => props.onChange({ period: undefined })}>
              {t('deductions.clearPeriod')}
            </button>
          </span>
        )}
      </Show>
    </fieldset>
  )
}
