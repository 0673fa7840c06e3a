/**
 * `/deductions`: the review queue (SPEC §6) — a billing month's deductions (by default the month
 * before the current one in Beijing time), filtered by KPI and status (drafts by default), sorted
 * by period, amount or KPI, with the month's totals of drafts and of decisions. The list is
 * windowed (only the rows in view are rendered), so a month of 10,000 stays fast. The month,
 * filters and order are in the address; each row opens the detail with the same queue, where
 * `j`/`k` walk through it.
 */
import { formatYuan, KPI_IDS, KPI_NAMES } from '@hotline/domain'
import { A, useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createEffect, createMemo, For, Match, Show, Switch } from 'solid-js'
import { DEDUCTION_STATUSES, type Deduction, deductionsKey, useDeductionsApi } from '../api/deductions'
import { WindowedTable } from '../components/WindowedTable'
import { DeductionMarks, StatusBadge } from '../deductions/badges'
import {
  deductionHref,
  previousMonthInBeijing,
  type QueueParams,
  type QueueQuery,
  queueOrder,
  readQueueQuery,
  rememberQueue,
  SORT_KEYS,
  totalsOf,
} from '../deductions/queue'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'

/** Pixels; the stylesheet gives `.deductions-table tbody tr` the same height. */
export const ROW_HEIGHT = 40

export default function DeductionsPage() {
  const { t, locale } = useI18n()
  const api = useDeductionsApi()
  const [params, setParams] = useSearchParams<QueueParams>()
  // Fixed when the page opens: a refetch at midnight must not move it.
  const defaultMonth = previousMonthInBeijing(Date.now())
  const query = createMemo(() => readQueueQuery(params, defaultMonth))

  const list = useQuery(() => ({
    queryKey: deductionsKey(query().month),
    queryFn: () => api.ofMonth(query().month),
    retry: false,
  }))
  const order = createMemo(() => (list.data ? queueOrder(list.data.deductions, query()) : []))
  // The detail page's `j`/`k` walk this order, as seen here.
  createEffect(() => {
    if (list.data) rememberQueue(query(), order())
  })
  const totals = createMemo(() => (list.data ? totalsOf(list.data.deductions, query().kpi) : null))
  const orderWords = () =>
    t('deductions.order', {
      sort: t(`deductions.sortKeys.${query().sort}`),
      dir: t(`deductions.dirs.${query().dir}`),
    })

  return (
    <section class="card" aria-labelledby="deductions-title">
      <header>
        <h2 id="deductions-title">{t('deductions.title')}</h2>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          {t('deductions.refresh')}
        </button>
      </header>
      <p class="muted">{t('deductions.intro')}</p>
      <fieldset class="filters">
        <legend class="visually-hidden">{t('deductions.filters')}</legend>
        <label for="deductions-month">{t('deductions.month')}</label>
        <input
          id="deductions-month"
          type="month"
          value={query().month}
          onChange={(e) => setParams({ month: e.currentTarget.value || undefined })}
        />
        <label for="deductions-kpi">{t('deductions.kpi')}</label>
        <select
          id="deductions-kpi"
          value={query().kpi ?? ''}
          onChange={(e) => setParams({ kpi: e.currentTarget.value || undefined })}
        >
          <option value="">{t('deductions.anyKpi')}</option>
          <For each={KPI_IDS}>{(id) => <option value={id}>{inLocale(KPI_NAMES[id], locale())}</option>}</For>
        </select>
        <label for="deductions-status">{t('deductions.status')}</label>
        <select
          id="deductions-status"
          value={query().status}
          onChange={(e) =>
            setParams({ status: e.currentTarget.value === 'draft' ? undefined : e.currentTarget.value })
          }
        >
          <option value="all">{t('deductions.anyStatus')}</option>
          <For each={DEDUCTION_STATUSES}>
            {(status) => <option value={status}>{t(`deductions.statuses.${status}`)}</option>}
          </For>
        </select>
        <label for="deductions-sort">{t('deductions.sort')}</label>
        <select
          id="deductions-sort"
          value={query().sort}
          onChange={(e) =>
            setParams({ sort: e.currentTarget.value === 'period' ? undefined : e.currentTarget.value })
          }
        >
          <For each={SORT_KEYS}>
            {(key) => <option value={key}>{t(`deductions.sortKeys.${key}`)}</option>}
          </For>
        </select>
        <label for="deductions-dir">{t('deductions.dir')}</label>
        <select
          id="deductions-dir"
          value={query().dir}
          onChange={(e) =>
            setParams({ dir: e.currentTarget.value === 'asc' ? undefined : e.currentTarget.value })
          }
        >
          <option value="asc">{t('deductions.dirs.asc')}</option>
          <option value="desc">{t('deductions.dirs.desc')}</option>
        </select>
      </fieldset>
      <Switch>
        <Match when={list.isPending}>
          <p role="status">{t('deductions.loading')}</p>
        </Match>
        <Match when={list.isError}>
          <p role="alert" class="bad">
            {t('deductions.failed', { message: list.error?.message ?? '' })}
          </p>
        </Match>
        <Match when={totals()}>
          {(sums) => (
            <>
              <dl class="totals" data-testid="deduction-totals" aria-label={t('deductions.totals.label')}>
                <div>
                  <dt>{t('deductions.totals.draft')}</dt>
                  <dd data-testid="total-draft">
                    {t('deductions.totals.value', {
                      count: String(sums().draft.count),
                      amount: formatYuan(sums().draft.fen),
                    })}
                  </dd>
                </div>
                <div>
                  <dt>{t('deductions.totals.decided')}</dt>
                  <dd data-testid="total-decided">
                    {t('deductions.totals.value', {
                      count: String(sums().decided.count),
                      amount: formatYuan(sums().decided.fen),
                    })}
                  </dd>
                </div>
              </dl>
              <p class="muted note-small">{t('deductions.totals.note')}</p>
              <div class="queue-bar">
                <p role="status" data-testid="deductions-shown">
                  {t('deductions.shown', { count: String(order().length) })}
                </p>
                <Show when={order()[0]}>
                  {(first) => (
                    <A
                      class="button-link"
                      href={deductionHref(first().billingMonth, first().deductionId, query())}
                    >
                      {t('deductions.start')}
                    </A>
                  )}
                </Show>
              </div>
              <Show
                when={order().length > 0}
                fallback={<p class="muted">{t('deductions.empty', { month: query().month })}</p>}
              >
                <DeductionsTable
                  rows={order()}
                  query={query()}
                  caption={t('deductions.caption', { month: query().month, order: orderWords() })}
                />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function DeductionsTable(props: { rows: Deduction[]; query: QueueQuery; caption: string }) {
  const { t, locale } = useI18n()
  return (
    <div class="deductions-table">
      <WindowedTable
        items={props.rows}
        rowHeight={ROW_HEIGHT}
        columns={6}
        fallbackHeight={480}
        resetKey={JSON.stringify(props.query)}
        captionId="deductions-caption"
        caption={props.caption}
        testId="deductions"
        head={
          <tr aria-rowindex={1}>
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
            <th scope="row">
              <A href={deductionHref(d.billingMonth, d.deductionId, props.query)} title={d.deductionId}>
                {inLocale(KPI_NAMES[d.kpi], locale())}
              </A>
            </th>
            <td class="mono">{d.period}</td>
            <td class="mono" title={d.subject ?? undefined}>
              {d.subject ?? '—'}
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
