/**
 * `/deductions`: the review queue (SPEC §6) of the month in context (`?month=`, chosen with the
 * month picker), filtered by KPI (or a group of them), period and status (drafts by default), sorted
 * by period, amount or KPI, with the month's totals. The money is a windowed table (a month of
 * 10,000 stays fast) where a reviewer ticks drafts to approve them with one confirmation; the ¥0
 * breaches are apart, recorded all at once. A confirmed month says so and offers no decision. The
 * filters and order are in the address, and every link keeps them: each row opens the detail with
 * the same queue, where `j`/`k` walk through it.
 */
import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, Match, on, Show, Switch } from 'solid-js'
import { DEDUCTION_ROLES, useMonthDeductions } from '../api/deductions'
import { useErrorText } from '../api/errors'
import { MonthPicker, usePageMonth } from '../components/MonthPicker'
import { BulkApprove } from '../deductions/BulkApprove'
import { ClosedNote, useMonthClosed } from '../deductions/ClosedNote'
import { DeductionsTable } from '../deductions/DeductionsTable'
import { QueueFilters } from '../deductions/QueueFilters'
import { QueueTotals } from '../deductions/QueueTotals'
import {
  isRecordOnly,
  type QueueParams,
  queueLink,
  queueOrder,
  queueSearch,
  readQueueQuery,
  rememberQueue,
  totalsOf,
} from '../deductions/queue'
import { createSelection } from '../deductions/selection'
import { useDeductionWords } from '../deductions/words'
import { ZeroRecords } from '../deductions/ZeroRecords'
import { useI18n } from '../i18n'
import '../deductions/review.css'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { deductionHref } from './records/links'

export default function DeductionsPage() {
  const { t } = useI18n()
  const session = useSession()
  const errorText = useErrorText()
  const words = useDeductionWords()
  const { month, months } = usePageMonth()
  const [params, setParams] = useSearchParams<QueueParams>()
  const query = createMemo(() => readQueueQuery(params, month() ?? ''))
  const roles = () => session.current()?.user.roles
  const mayDecide = () => hasAnyRole(roles(), DEDUCTION_ROLES.decide)
  const role = () =>
    mayDecide() ? 'reviewer' : hasAnyRole(roles(), DEDUCTION_ROLES.object) ? 'contractor' : 'viewer'

  const list = useMonthDeductions(() => query().month)
  const order = createMemo(() => (list.data ? queueOrder(list.data.deductions, query()) : []))
  const money = createMemo(() => order().filter((d) => !isRecordOnly(d)))
  const records = createMemo(() => order().filter(isRecordOnly))
  // The detail page's `j`/`k` walk this order, as seen here.
  createEffect(() => {
    if (list.data) rememberQueue(query(), order())
  })
  const totals = createMemo(() => (list.data ? totalsOf(list.data.deductions, query()) : null))
  const closed = useMonthClosed(
    () => query().month,
    () => list.data?.deductions,
  )
  const canDecide = () => mayDecide() && !closed().closed
  const selection = createSelection()
  createEffect(on(() => queueSearch(query()), selection.clear, { defer: true }))
  const selectable = createMemo(() => money().filter((d) => d.status === 'draft'))

  const monthText = () => words.periodText(query().month)
  const orderWords = () =>
    t('deductions.order', {
      sort: t(`deductions.sortKeys.${query().sort}`),
      dir: t(`deductions.dirs.${query().dir}`),
    })

  return (
    <section class="card" aria-labelledby="deductions-title">
      <header>
        <h2 id="deductions-title">{t('deductions.title')}</h2>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching || month() === null}>
          {t('deductions.refresh')}
        </button>
      </header>
      <p class="muted">{t(`deductions.intro.${role()}`)}</p>
      <Show when={month()}>{(m) => <MonthPicker month={m()} />}</Show>
      <Show when={month() !== null && closed().closed}>
        <ClosedNote month={query().month} number={closed().number} mayReopen={mayDecide()} />
      </Show>
      <QueueFilters query={query()} onChange={(change) => setParams(change)} />
      <Switch>
        <Match when={month() === null && months.isError}>
          <p role="alert" class="bad">
            {t('deductions.failed', { message: errorText(months.error) })}
          </p>
        </Match>
        <Match when={month() === null && months.data?.current === null}>
          <p class="muted">{t('deductions.noMonth')}</p>
        </Match>
        <Match when={month() === null || list.isPending}>
          <p role="status">{t('deductions.loading')}</p>
        </Match>
        <Match when={list.isError}>
          <p role="alert" class="bad">
            {t('deductions.failed', { message: errorText(list.error) })}
          </p>
        </Match>
        <Match when={totals()}>
          {(sums) => (
            <>
              <QueueTotals totals={sums()} />
              <div class="queue-bar">
                <p role="status" data-testid="deductions-shown">
                  {t('deductions.shown', { count: String(money().length) })}
                </p>
                <Show when={order()[0]}>
                  {(first) => (
                    <A
                      class="button-link"
                      href={deductionHref(first().billingMonth, first().deductionId, queueLink(query()))}
                    >
                      {t(role() === 'reviewer' ? 'deductions.start.reviewer' : 'deductions.start.other')}
                    </A>
                  )}
                </Show>
              </div>
              <Show when={canDecide()}>
                <BulkApprove month={query().month} selectable={selectable()} selection={selection} />
              </Show>
              <Show
                when={money().length > 0}
                fallback={<p class="muted">{t('deductions.empty', { month: monthText() })}</p>}
              >
                <DeductionsTable
                  rows={money()}
                  query={query()}
                  caption={t('deductions.caption', { month: monthText(), order: orderWords() })}
                  selection={canDecide() ? { selection, selectable: selectable() } : undefined}
                />
              </Show>
              <Show when={records().length > 0 || sums().records.pending + sums().records.acknowledged > 0}>
                <ZeroRecords rows={records()} query={query()} canDecide={canDecide()} />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}
