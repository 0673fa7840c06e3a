/**
 * `/months/:month` (月度考核确认): where a month ends. Its state (open, or closed with the
 * 确认单's number, who closed it and when); its figures — the frozen snapshot once closed (each KPI,
 * every deduction, the total, the printable 确认单), else what is pending and decided so far with
 * the way to the queue; drafts that late data made after the close, shown loudly with links; the
 * reviewer's close and reopen, the contractor's acknowledgement or objection, and the audit log.
 * `/months` (the nav's entry) opens the month in context here.
 */
import { formatYuan } from '@hotline/domain'
import { A, useLocation, useNavigate, useParams, useSearchParams } from '@solidjs/router'
import { createEffect, For, Match, Show, Switch } from 'solid-js'
import { errorCodeOf, useErrorText } from '../api/errors'
import { type AuditEntry, MONTH_CLOSE_ROLES, type MonthClose, useMonthClose } from '../api/month-close'
import { type MonthSummary, useMonths } from '../api/months'
import { formatInstant } from '../beijing-time'
import { AuditTable } from '../components/AuditTable'
import { IdText } from '../components/IdText'
import { MonthPicker, usePageMonth } from '../components/MonthPicker'
import { useI18n, zhDictionary } from '../i18n'
import { kpiName } from '../kpi-view'
import { isMonth, withMonth } from '../month'
import { ContractorPanel, ReviewerActions } from '../month-close/actions'
import { closePageHref, confirmationHref } from '../month-close/links'
import { DeductionTable, KpiTable } from '../month-close/tables'
import { useActorName, usePeriodText, useTermsText } from '../names'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { deductionHref, queueHref } from './records/links'
import '../month-close.css'

/** `/months`: the close page of the month in context (the address's, remembered, or the app's current). */
export function MonthInContext() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const { month, months } = usePageMonth()
  const navigate = useNavigate()
  createEffect(() => {
    const m = month()
    if (m) navigate(closePageHref(m), { replace: true })
  })
  return (
    <section class="card" aria-labelledby="month-close-title">
      <h2 id="month-close-title">{t('nav.monthClose')}</h2>
      <Switch fallback={<p role="status">{t('monthClose.loading')}</p>}>
        <Match when={months.isError && !month()}>
          <p role="alert" class="bad">
            {t('monthClose.failed', { message: errorText(months.error) })}
          </p>
        </Match>
        <Match when={months.isSuccess && !month()}>
          <p>{t('monthPicker.none')}</p>
        </Match>
      </Switch>
    </section>
  )
}

/**
 * The path's month is the page's; the address's `?month=` follows it, and a month chosen in the
 * picker (which changes `?month=`) moves the page there.
 */
function usePathMonth() {
  const params = useParams<{ month: string }>()
  const [search] = useSearchParams<{ month?: string }>()
  const navigate = useNavigate()
  const location = useLocation()
  createEffect(() => {
    const path = params.month
    if (!isMonth(path)) return
    const chosen = search.month
    if (isMonth(chosen) && chosen !== path) {
      navigate(closePageHref(chosen), { replace: true })
    } else if (!isMonth(chosen)) {
      navigate(withMonth(location.pathname + location.search, path), { replace: true })
    }
  })
  return () => (isMonth(params.month) ? params.month : null)
}

export default function MonthClosePage() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const periodText = usePeriodText()
  const month = usePathMonth()
  const close = useMonthClose(month)
  const months = useMonths()
  const summary = () => months.data?.months.find((m) => m.month === month()) ?? null
  return (
    <section class="card month-close" aria-labelledby="month-close-title">
      <header>
        <h2 id="month-close-title">
          {t('monthClose.title', { month: month() ? periodText(month() as string) : '' })}
        </h2>
        <Show when={month()}>{(m) => <MonthPicker month={m()} />}</Show>
      </header>
      <p class="muted">{t('monthClose.intro')}</p>
      <Switch>
        <Match when={!month()}>
          <p role="alert">{t('monthClose.badMonth')}</p>
        </Match>
        <Match when={close.isPending}>
          <p role="status">{t('monthClose.loading')}</p>
        </Match>
        <Match when={close.isError && errorCodeOf(close.error) === 'not_found'}>
          <p data-testid="month-no-results">
            {t('monthClose.noResults', { month: periodText(month() ?? '') })}
          </p>
        </Match>
        <Match when={close.isError}>
          <p role="alert" class="bad">
            {t('monthClose.failed', { message: errorText(close.error) })}
          </p>
        </Match>
        <Match when={close.data}>{(data) => <MonthCloseView close={data()} summary={summary()} />}</Match>
      </Switch>
    </section>
  )
}

function MonthCloseView(props: { close: MonthClose; summary: MonthSummary | null }) {
  const { t } = useI18n()
  const session = useSession()
  const roles = () => session.current()?.user.roles
  const c = () => props.close
  const closed = () => c().state === 'closed'
  return (
    <>
      <StateFacts close={c()} />
      <Show when={closed() && c().lateRevisions.length > 0}>
        <LateRevisions close={c()} />
      </Show>
      <Show
        when={closed() ? c().snapshot : null}
        fallback={<OpenFigures month={c().month} summary={props.summary} />}
      >
        {(snapshot) => (
          <section aria-labelledby="figures-title">
            <h3 id="figures-title">{t('monthClose.figures.closedTitle')}</h3>
            <dl class="mc-totals">
              <dt>{t('monthClose.figures.total')}</dt>
              <dd data-testid="month-total">
                <strong>{formatYuan(snapshot().totalFen)}</strong>
              </dd>
              <dt>{t('monthClose.figures.count')}</dt>
              <dd>
                {t('monthClose.figures.countValue', {
                  count: String(snapshot().count),
                  zero: String(snapshot().zeroCount),
                })}
              </dd>
              <dt>{t('monthClose.figures.pending')}</dt>
              <dd data-testid="month-pending">
                {String(props.summary?.pending.count ?? c().lateRevisions.length)}
              </dd>
            </dl>
            <p>
              <A class="button-link" href={confirmationHref(c().month)}>
                <IdText
                  text={t('monthClose.confirmationLink', { number: c().number ?? '' })}
                  ids={[c().number]}
                />
              </A>
            </p>
            <KpiTable
              rows={snapshot().kpis}
              name={{ caption: t('monthClose.kpis.caption'), labelledBy: 'close-kpis-caption' }}
            />
            <DeductionTable
              month={c().month}
              rows={snapshot().deductions}
              totalFen={snapshot().totalFen}
              name={{ caption: t('monthClose.deductions.caption'), labelledBy: 'close-deductions-caption' }}
              links
            />
          </section>
        )}
      </Show>
      <div class="mc-panels">
        <Show when={hasAnyRole(roles(), MONTH_CLOSE_ROLES.close)}>
          <ReviewerActions close={c()} summary={props.summary} />
        </Show>
        <Show when={closed()}>
          <ContractorPanel close={c()} mayAnswer={hasAnyRole(roles(), MONTH_CLOSE_ROLES.answer)} />
        </Show>
      </div>
      <Audit entries={c().audit} />
    </>
  )
}

function StateFacts(props: { close: MonthClose }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const termsText = useTermsText()
  const c = () => props.close
  return (
    <dl class="mc-state" data-testid="month-state">
      <dt>{t('monthClose.state.label')}</dt>
      <dd>
        <span class={`badge mc-state-${c().state}`} data-testid="month-state-value">
          {t(`monthClose.state.${c().state}`)}
        </span>
      </dd>
      <Show when={c().state === 'closed'}>
        <dt>{t('monthClose.state.number')}</dt>
        <dd data-testid="month-number" translate="no">
          {c().number}
        </dd>
        <dt>{t('monthClose.state.closedBy')}</dt>
        <dd data-testid="month-closed-by">{actorName(c().closedBy)}</dd>
        <dt>{t('monthClose.state.closedAt')}</dt>
        <dd>{c().closedAt ? formatInstant(c().closedAt as string, locale()) : '—'}</dd>
        <Show when={c().termsVersion}>
          {(version) => (
            <>
              <dt>{t('monthClose.state.terms')}</dt>
              <dd>{termsText(version())}</dd>
            </>
          )}
        </Show>
      </Show>
    </dl>
  )
}

/** Late data after the close: drafts the month cannot take until it is reopened. */
function LateRevisions(props: { close: MonthClose }) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const month = () => props.close.month
  return (
    <section class="problem mc-late" aria-labelledby="late-title" data-testid="late-revisions">
      <h3 id="late-title">{t('monthClose.late.title')}</h3>
      <p>
        <strong>{t('monthClose.late.body', { count: String(props.close.lateRevisions.length) })}</strong>
      </p>
      <ul>
        <For each={props.close.lateRevisions}>
          {(late) => (
            <li>
              <A href={deductionHref(month(), late.deductionId)}>
                {t('monthClose.late.item', {
                  kpi: kpiName(late.kpi, locale()),
                  period: periodText(late.period),
                  amount: formatYuan(late.amountFen),
                })}
              </A>
            </li>
          )}
        </For>
      </ul>
    </section>
  )
}

/** An open month: what is pending and what is decided so far, and the way to the queue. */
function OpenFigures(props: { month: string; summary: MonthSummary | null }) {
  const { t } = useI18n()
  const session = useSession()
  // Reviewers go to decide them; anyone else only reads them.
  const mayClose = () => hasAnyRole(session.current()?.user.roles, MONTH_CLOSE_ROLES.close)
  const tally = (sum: { count: number; amountFen: number } | undefined) =>
    sum ? t('monthClose.figures.value', { count: String(sum.count), amount: formatYuan(sum.amountFen) }) : '—'
  return (
    <section aria-labelledby="figures-title">
      <h3 id="figures-title">{t('monthClose.figures.openTitle')}</h3>
      <p class="muted">{t('monthClose.figures.openNote')}</p>
      <dl class="mc-totals">
        <dt>{t('monthClose.figures.pending')}</dt>
        <dd data-testid="month-pending">{tally(props.summary?.pending)}</dd>
        <dt>{t('monthClose.figures.decided')}</dt>
        <dd data-testid="month-decided">{tally(props.summary?.decided)}</dd>
      </dl>
      <p class="actions">
        <Show when={(props.summary?.pending.count ?? 0) > 0}>
          <A class="button-link" href={queueHref(props.month, { status: 'draft' })}>
            {mayClose() ? t('monthClose.figures.toQueue') : t('monthClose.figures.seeQueue')}
          </A>
        </Show>
        <A href={withMonth('/dashboard', props.month)}>{t('monthClose.figures.toDashboard')}</A>
      </p>
    </section>
  )
}

const isAuditAction = (action: string): action is keyof typeof zhDictionary.monthClose.audit.actions =>
  Object.hasOwn(zhDictionary.monthClose.audit.actions, action)

/** What an entry's detail says: the 确认单's number, the total, the reason or the objection. */
function AuditDetail(props: { entry: AuditEntry }) {
  const { t, locale } = useI18n()
  const d = () => props.entry.detail ?? {}
  const number = () => (typeof d().number === 'string' ? (d().number as string) : null)
  const rest = () => {
    const { totalFen, reason, text } = d()
    const parts: string[] = []
    if (typeof totalFen === 'number')
      parts.push(t('monthClose.audit.total', { amount: formatYuan(totalFen) }))
    if (typeof reason === 'string') parts.push(t('monthClose.audit.reason', { reason }))
    if (typeof text === 'string') parts.push(t('monthClose.audit.text', { text }))
    return parts.join(locale() === 'zh-CN' ? '；' : '; ')
  }
  return (
    <Show when={number() || rest()} fallback="—">
      <Show when={number()}>
        {(n) => <IdText text={t('monthClose.audit.number', { number: n() })} ids={[n()]} />}
      </Show>
      {number() && rest() ? (locale() === 'zh-CN' ? '；' : '; ') : ''}
      {rest()}
    </Show>
  )
}

const AUDIT_COLUMNS = ['at', 'by', 'action', 'detail'] as const

function Audit(props: { entries: readonly AuditEntry[] }) {
  const { t } = useI18n()
  return (
    <section aria-labelledby="month-audit-title">
      <AuditTable
        testid="month-audit"
        rowTestid="month-audit-row"
        title={t('monthClose.audit.title')}
        hiddenCaption={t('monthClose.audit.title')}
        rows={props.entries}
        empty={t('monthClose.audit.none')}
        columns={AUDIT_COLUMNS.map((column) => t(`monthClose.audit.${column}`))}
        action={(entry) =>
          t(`monthClose.audit.actions.${isAuditAction(entry.action) ? entry.action : 'other'}`)
        }
        detail={(entry) => <AuditDetail entry={entry} />}
      />
    </section>
  )
}
