/**
 * `/statement`: the quarterly payment statement (SPEC §7, contract §2 and §6) as of a date, for all
 * staff: per instalment the gross, each approved deduction withheld from it, the net, the due date
 * and the days left (with a warning before it), whether it was paid, and the late-fee exposure;
 * then the totals. It exports to XLSX and CSV (downloaded with the session's token), and an agency
 * reviewer records a payment here. The date is in the address (`?asOf=2026-12-25`), today in
 * Beijing time by default, so a past statement can be reproduced.
 */
import { formatYuan, localDateOf } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { type ExportFormat, type Statement, type StatementLine, useKpiApi } from '../api/kpis'
import { type Locale, useI18n } from '../i18n'
import { dayText, kpiName } from '../kpi-view'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { fenToYuanInput, yuanToFen } from '../yuan'
import '../kpis.css'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Offers a downloaded file to the user: an object URL on a temporary `<a download>`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `2026-12-31` → `2026年12月31日`, `Dec 31, 2026`. */
const dateText = (date: string, locale: Locale) =>
  locale === 'zh-CN'
    ? `${date.slice(0, 4)}年${dayText(date, locale)}`
    : `${dayText(date, locale)}, ${date.slice(0, 4)}`

export default function StatementPage() {
  const { t, locale } = useI18n()
  const api = useKpiApi()
  const session = useSession()
  const [params, setParams] = useSearchParams<{ asOf?: string }>()
  const today = () => localDateOf(new Date())
  const asOf = () => (params.asOf && DATE.test(params.asOf) ? params.asOf : today())
  const mayRecordPayment = () => hasAnyRole(session.current()?.user.roles, ['agency_reviewer'])

  const statement = useQuery(() => ({
    queryKey: ['statement', asOf()],
    queryFn: () => api.statement(asOf()),
    retry: false,
  }))

  const [exporting, setExporting] = createSignal<ExportFormat | null>(null)
  const [exported, setExported] = createSignal<{ ok: boolean; text: string } | null>(null)
  async function exportAs(format: ExportFormat) {
    if (exporting()) return
    setExporting(format)
    setExported(null)
    try {
      const { blob, filename } = await api.exportStatement(format, asOf())
      saveBlob(blob, filename)
      setExported({ ok: true, text: t('statement.export.done', { file: filename }) })
    } catch (err) {
      setExported({
        ok: false,
        text: t('statement.export.failed', { message: err instanceof Error ? err.message : String(err) }),
      })
    } finally {
      setExporting(null)
    }
  }

  return (
    <section class="card" aria-labelledby="statement-title">
      <header>
        <h2 id="statement-title">{t('statement.title')}</h2>
        <div class="filters">
          <label for="statement-as-of">{t('statement.asOf')}</label>
          <input
            id="statement-as-of"
            type="date"
            value={asOf()}
            onChange={(e) => {
              const value = e.currentTarget.value
              if (DATE.test(value)) setParams({ asOf: value })
            }}
          />
          <button type="button" onClick={() => void exportAs('xlsx')} disabled={exporting() !== null}>
            {exporting() === 'xlsx' ? t('statement.export.busy') : t('statement.export.xlsx')}
          </button>
          <button type="button" onClick={() => void exportAs('csv')} disabled={exporting() !== null}>
            {exporting() === 'csv' ? t('statement.export.busy') : t('statement.export.csv')}
          </button>
        </div>
      </header>
      <p aria-live="polite" class={exported()?.ok === false ? 'bad' : 'muted'} data-testid="export-status">
        {exported()?.text ?? ''}
      </p>
      <Switch>
        <Match when={statement.isPending}>
          <p role="status">{t('statement.loading')}</p>
        </Match>
        <Match when={statement.isError}>
          <p role="alert" class="bad">
            {t('statement.failed', { message: statement.error?.message ?? '' })}
          </p>
        </Match>
        <Match when={statement.data}>
          {(data) => (
            <>
              <p class="muted">
                {t('statement.intro', {
                  asOf: dateText(data().asOf, locale()),
                  fee: formatYuan(data().lateFeePerDayFen),
                })}
              </p>
              <For each={data().instalments}>
                {(line) => <InstalmentSection line={line} lateFeePerDayFen={data().lateFeePerDayFen} />}
              </For>
              <Totals statement={data()} />
              <Show when={mayRecordPayment()}>
                <PaymentForm statement={data()} />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function InstalmentSection(props: { line: StatementLine; lateFeePerDayFen: number }) {
  const { t, locale } = useI18n()
  const line = () => props.line
  const q = () => line().quarter
  const headingId = () => `statement-q${q()}-title`
  const daysLeftText = () => {
    const l = line()
    if (l.status === 'paid') return '—'
    if (l.status === 'nothing_due') return t('statement.nothingDue')
    const n = l.daysLeft ?? 0
    if (n > 0) return t('statement.daysLeftValue', { n: String(n) })
    if (n === 0) return t('statement.dueToday')
    return t('statement.overdueBy', { n: String(-n) })
  }
  const paidText = () => {
    const l = line()
    if (l.paidOn === null) return t('statement.notPaid')
    return t('statement.paidOn', { date: dateText(l.paidOn, locale()), amount: formatYuan(l.paidFen ?? 0) })
  }
  const lateFeeText = () => {
    const l = line()
    if (l.lateFeeFen > 0) {
      return t('statement.lateFeeAccrued', {
        fee: formatYuan(l.lateFeeFen),
        n: String(l.daysLate),
        perDay: formatYuan(props.lateFeePerDayFen),
      })
    }
    if (l.status === 'paid' || l.status === 'nothing_due') return formatYuan(0)
    return t('statement.lateFeeExposure', { perDay: formatYuan(props.lateFeePerDayFen) })
  }
  const subject = (s: string | null) => (s ? ` · ${s}` : '')

  return (
    <section class="statement-line" aria-labelledby={headingId()} data-testid={`statement-q${q()}`}>
      <h3 id={headingId()}>
        {t(`statement.quarters.q${q()}`)} · {t(`statement.kinds.${line().kind}`)}
        <span
          class={`kpi-badge ${line().status === 'paid' || line().status === 'nothing_due' ? 'kpi-met' : line().status === 'upcoming' ? 'kpi-no_data' : 'kpi-breach'}`}
          data-testid={`status-q${q()}`}
        >
          {t(`statement.statuses.${line().status}`)}
        </span>
      </h3>
      <Show when={line().warn}>
        <p class="warn-box" data-testid={`warn-q${q()}`}>
          {t('statement.warn', {
            n: String(line().daysLeft ?? 0),
            due: dateText(line().due, locale()),
            net: formatYuan(line().netFen),
            perDay: formatYuan(props.lateFeePerDayFen),
          })}
        </p>
      </Show>
      <div class="table-wrap">
        <table class="statement-table">
          <colgroup>
            <col class="col-item" />
            <col class="col-period" />
            <col />
          </colgroup>
          <caption class="visually-hidden">
            {t('statement.caption', { quarter: t(`statement.quarters.q${q()}`) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('statement.columns.item')}</th>
              <th scope="col">{t('statement.columns.period')}</th>
              <th scope="col" class="amount">
                {t('statement.columns.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('statement.gross')}</th>
              <td />
              <td class="amount" data-testid={`gross-q${q()}`}>
                {formatYuan(line().grossFen)}
              </td>
            </tr>
            <For each={line().deductions}>
              {(d) => (
                <tr data-testid={`deduction-q${q()}`}>
                  <th scope="row" class="deduction-name">
                    {t('statement.deduction', { kpi: kpiName(d.kpi, locale()) })}
                    {subject(d.subject)}
                    <Show when={d.carried}>
                      <span class="detail"> {t('statement.carried')}</span>
                    </Show>
                    <Show when={d.amountFen !== d.fullAmountFen}>
                      <span class="detail">
                        {' '}
                        {t('statement.partOf', { full: formatYuan(d.fullAmountFen) })}
                      </span>
                    </Show>
                  </th>
                  <td>{d.period}</td>
                  <td class="amount">{formatYuan(-d.amountFen)}</td>
                </tr>
              )}
            </For>
            <Show when={line().deductions.length > 0}>
              <tr>
                <th scope="row">{t('statement.withheld')}</th>
                <td />
                <td class="amount" data-testid={`withheld-q${q()}`}>
                  {formatYuan(-line().withheldFen)}
                </td>
              </tr>
            </Show>
            <tr>
              <th scope="row">{t('statement.net')}</th>
              <td />
              <td class="amount" data-testid={`net-q${q()}`}>
                <strong>{formatYuan(line().netFen)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <Show when={line().deductions.length === 0}>
        <p class="muted">{t('statement.noDeductions')}</p>
      </Show>
      <dl class="compact">
        <dt>{t('statement.due')}</dt>
        <dd>
          <time datetime={line().due}>{dateText(line().due, locale())}</time>
        </dd>
        <dt>{t('statement.daysLeft')}</dt>
        <dd data-testid={`days-left-q${q()}`} class={line().status === 'overdue' ? 'bad' : ''}>
          {daysLeftText()}
        </dd>
        <dt>{t('statement.paid')}</dt>
        <dd data-testid={`paid-q${q()}`}>{paidText()}</dd>
        <dt>{t('statement.lateFee')}</dt>
        <dd data-testid={`late-fee-q${q()}`}>{lateFeeText()}</dd>
      </dl>
    </section>
  )
}

function Totals(props: { statement: Statement }) {
  const { t, locale } = useI18n()
  const totals = () => props.statement.totals
  return (
    <section class="statement-line" aria-labelledby="statement-totals-title">
      <h3 id="statement-totals-title">{t('statement.totals.title')}</h3>
      <dl class="compact statement-totals" data-testid="statement-totals">
        <dt>{t('statement.totals.gross')}</dt>
        <dd class="amount">{formatYuan(totals().grossFen)}</dd>
        <dt>{t('statement.totals.withheld')}</dt>
        <dd class="amount" data-testid="total-withheld">
          {formatYuan(-totals().withheldFen)}
        </dd>
        <dt>{t('statement.totals.net')}</dt>
        <dd class="amount" data-testid="total-net">
          <strong>{formatYuan(totals().netFen)}</strong>
        </dd>
        <dt>{t('statement.totals.paid')}</dt>
        <dd class="amount">{formatYuan(totals().paidFen)}</dd>
        <dt>{t('statement.totals.lateFee')}</dt>
        <dd class="amount">{formatYuan(totals().lateFeeFen)}</dd>
        <Show when={totals().unsettledFen > 0}>
          <dt>{t('statement.totals.unsettled')}</dt>
          <dd class="amount bad">{formatYuan(totals().unsettledFen)}</dd>
        </Show>
      </dl>
      <Show when={props.statement.unsettled.length > 0}>
        <p>{t('statement.unsettledNote')}</p>
        <ul>
          <For each={props.statement.unsettled}>
            {(d) => (
              <li>
                {kpiName(d.kpi, locale())} {d.period}
                {d.subject ? ` · ${d.subject}` : ''}：{formatYuan(d.amountFen)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="muted">{t('statement.termsVersion', { version: props.statement.termsVersion })}</p>
    </section>
  )
}

function PaymentForm(props: { statement: Statement }) {
  const { t } = useI18n()
  const api = useKpiApi()
  const queryClient = useQueryClient()
  const unpaid = () => props.statement.instalments.filter((l) => l.paidOn === null)
  const [quarter, setQuarter] = createSignal<number | null>(null)
  const chosen = () => quarter() ?? unpaid()[0]?.quarter ?? props.statement.instalments[0]?.quarter ?? 1
  const [paidOn, setPaidOn] = createSignal(props.statement.asOf)
  const [amount, setAmount] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null)
  const [invalid, setInvalid] = createSignal(false)
  const lineOf = (q: number) => props.statement.instalments.find((l) => l.quarter === q)

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const amountFen = yuanToFen(amount())
    if (amountFen === null) {
      setInvalid(true)
      setMessage({ ok: false, text: t('statement.payment.invalidAmount') })
      return
    }
    setInvalid(false)
    setBusy(true)
    setMessage(null)
    try {
      const recorded = await api.recordPayment({ quarter: chosen(), paidOn: paidOn(), amountFen })
      setMessage({
        ok: true,
        text: t('statement.payment.done', {
          quarter: t(`statement.quarters.q${recorded.quarter}`),
          amount: formatYuan(recorded.amountFen),
        }),
      })
      setAmount('')
      setQuarter(null)
      await queryClient.invalidateQueries({ queryKey: ['statement'] })
    } catch (err) {
      const text =
        err instanceof ApiRequestError && err.status === 409
          ? t('statement.payment.alreadyPaid')
          : t('statement.payment.failed', { message: err instanceof Error ? err.message : String(err) })
      setMessage({ ok: false, text })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="statement-line" aria-labelledby="payment-title">
      <h3 id="payment-title">{t('statement.payment.title')}</h3>
      <form class="payment-form" onSubmit={onSubmit} novalidate>
        <label for="payment-quarter">{t('statement.payment.quarter')}</label>
        <select
          id="payment-quarter"
          value={String(chosen())}
          onChange={(e) => setQuarter(Number(e.currentTarget.value))}
        >
          <For each={props.statement.instalments}>
            {(line) => (
              <option value={String(line.quarter)} disabled={line.paidOn !== null}>
                {t(`statement.quarters.q${line.quarter}`)}
                {line.paidOn !== null ? `（${t('statement.statuses.paid')}）` : ''}
              </option>
            )}
          </For>
        </select>
        <label for="payment-date">{t('statement.payment.paidOn')}</label>
        <input
          id="payment-date"
          type="date"
          required
          value={paidOn()}
          onInput={(e) => setPaidOn(e.currentTarget.value)}
        />
        <label for="payment-amount">{t('statement.payment.amount')}</label>
        <input
          id="payment-amount"
          inputmode="decimal"
          autocomplete="off"
          required
          placeholder={fenToYuanInput(lineOf(chosen())?.netFen ?? 0)}
          value={amount()}
          onInput={(e) => setAmount(e.currentTarget.value)}
          aria-invalid={invalid() ? 'true' : undefined}
          aria-describedby="payment-amount-hint"
        />
        <p id="payment-amount-hint" class="hint">
          {t('statement.payment.amountHint', { net: formatYuan(lineOf(chosen())?.netFen ?? 0) })}
        </p>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('statement.payment.busy') : t('statement.payment.submit')}
        </button>
      </form>
      <p aria-live="polite" class="good" data-testid="payment-done">
        {message()?.ok ? message()?.text : ''}
      </p>
      <Show when={message()?.ok === false ? message() : null}>
        {(failure) => (
          <p role="alert" class="bad" data-testid="payment-error">
            {failure().text}
          </p>
        )}
      </Show>
    </section>
  )
}
