/**
 * `/statement`: the quarterly payment statement (SPEC §7, contract §2 and §6) as of a date, for all
 * staff, in the page's language. The withholding rule in words, then per quarter the rows the server
 * words (the domain's `statementTable`, the very rows the XLSX and CSV exports write): the amount
 * due; each deduction withheld, linked to it, with its drafted and decided amounts, status and
 * reason; each billing month's subtotal and its drafts still pending (never counted); the net; the
 * payment status, paid when and recorded by whom; the late fee; the contractor's right to terminate
 * after 30 days late, as an alert when it applies and a warning as it approaches. Then the totals.
 * The exports download in the page's language with the session's token, and an agency reviewer
 * records a payment here. The date is in the address (`?asOf=2026-12-25`), today in Beijing time by
 * default, so a past statement can be reproduced.
 */
import { formatYuan, localDateOf } from '@hotline/domain'
import { A, useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { useErrorText } from '../api/errors'
import {
  type ExportFormat,
  type Statement,
  type StatementLine,
  type StatementRow,
  useKpiApi,
} from '../api/kpis'
import { type Locale, useI18n } from '../i18n'
import { dayText } from '../kpi-view'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { fenToYuanInput, yuanToFen } from '../yuan'
import { deductionHref } from './records/links'
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

const rowsOf = (statement: Statement, section: StatementRow['section']) =>
  statement.table.rows.filter((r) => r.section === section)

const amount = (fen: number | null) => (fen === null ? '' : formatYuan(fen))

/** The badge of a quarter's status: paid (or nothing to pay), due soon, overdue, not yet due. */
const badgeClass = (tone: StatementRow['tone'] | undefined) =>
  tone === 'good' ? 'kpi-met' : tone === 'warn' ? 'kpi-warn' : tone === 'bad' ? 'kpi-breach' : 'kpi-no_data'

export default function StatementPage() {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const api = useKpiApi()
  const session = useSession()
  const [params, setParams] = useSearchParams<{ asOf?: string }>()
  const today = () => localDateOf(new Date())
  const asOf = () => (params.asOf && DATE.test(params.asOf) ? params.asOf : today())
  const mayRecordPayment = () => hasAnyRole(session.current()?.user.roles, ['agency_reviewer'])

  const statement = useQuery(() => ({
    queryKey: ['statement', asOf(), locale()],
    queryFn: () => api.statement(asOf(), locale()),
    retry: false,
  }))

  const [exporting, setExporting] = createSignal<ExportFormat | null>(null)
  const [exported, setExported] = createSignal<{ ok: boolean; text: string } | null>(null)
  async function exportAs(format: ExportFormat) {
    if (exporting()) return
    setExporting(format)
    setExported(null)
    try {
      const { blob, filename } = await api.exportStatement(format, asOf(), locale())
      saveBlob(blob, filename)
      setExported({ ok: true, text: t('statement.export.done', { file: filename }) })
    } catch (err) {
      setExported({ ok: false, text: t('statement.export.failed', { message: errorText(err) }) })
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
            {t('statement.failed', { message: errorText(statement.error) })}
          </p>
        </Match>
        <Match when={statement.data}>
          {(data) => (
            <>
              <p class="muted" data-testid="statement-contract">
                {data().table.contract}
              </p>
              <p class="statement-rule" data-testid="statement-rule">
                {data().table.rule}
              </p>
              <For each={data().instalments}>
                {(line) => <InstalmentSection line={line} statement={data()} />}
              </For>
              <Show when={rowsOf(data(), 'unsettled').length > 0}>
                <UnsettledSection statement={data()} />
              </Show>
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

/** The rows of a section as a table, in the exports' columns (less the quarter, the section's heading). */
function RowsTable(props: { statement: Statement; rows: StatementRow[]; caption: string; suffix: string }) {
  const columns = () => props.statement.table.columns
  return (
    <div class="table-wrap">
      <table class="statement-rows">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{columns().month}</th>
            <th scope="col">{columns().item}</th>
            <th scope="col">{columns().period}</th>
            <th scope="col">{columns().subject}</th>
            <th scope="col" class="amount">
              {columns().draftedFen}
            </th>
            <th scope="col" class="amount">
              {columns().finalFen}
            </th>
            <th scope="col" class="amount">
              {columns().amountFen}
            </th>
            <th scope="col">{columns().status}</th>
            <th scope="col">{columns().note}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr
                class={`row-${row.kind}${row.tone ? ` tone-${row.tone}` : ''}`}
                data-testid={`${row.kind}-${props.suffix}`}
              >
                <td>{row.month}</td>
                <th scope="row">
                  <Show when={row.deductionId && row.billingMonth ? row : null} fallback={row.item}>
                    {(linked) => (
                      <A href={deductionHref(linked().billingMonth ?? '', linked().deductionId ?? '')}>
                        {linked().item}
                      </A>
                    )}
                  </Show>
                </th>
                <td>{row.period}</td>
                <td>{row.subject}</td>
                <td class="amount">{amount(row.draftedFen)}</td>
                <td class="amount">{amount(row.finalFen)}</td>
                <td class="amount">{amount(row.amountFen)}</td>
                <td class={`status${row.tone === 'bad' ? ' bad' : ''}`}>{row.status}</td>
                <td class="note">{row.note}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}

function InstalmentSection(props: { line: StatementLine; statement: Statement }) {
  const { t, locale } = useI18n()
  const line = () => props.line
  const q = () => line().quarter
  const rows = () => rowsOf(props.statement, q())
  const heading = () => rows().find((r) => r.kind === 'quarter')
  const termination = () => rows().find((r) => r.kind === 'termination')
  const headingId = () => `statement-q${q()}-title`
  return (
    <section class="statement-line" aria-labelledby={headingId()} data-testid={`statement-q${q()}`}>
      <h3 id={headingId()}>
        {heading()?.item}
        <span class={`kpi-badge ${badgeClass(heading()?.tone)}`} data-testid={`badge-q${q()}`}>
          {heading()?.status}
        </span>
        <span class="muted">{heading()?.note}</span>
      </h3>
      <Show when={line().warn}>
        <p class="warn-box" data-testid={`warn-q${q()}`}>
          {t('statement.warn', {
            n: String(line().daysLeft ?? 0),
            due: dateText(line().due, locale()),
            net: formatYuan(line().netFen),
            perDay: formatYuan(props.statement.lateFeePerDayFen),
          })}
        </p>
      </Show>
      <Show when={termination()}>
        {(right) => (
          <p
            class={right().tone === 'bad' ? 'alert-box' : 'warn-box'}
            role={right().tone === 'bad' ? 'alert' : undefined}
            data-testid={`right-q${q()}`}
          >
            <strong>{right().item}</strong> {right().note}
          </p>
        )}
      </Show>
      <RowsTable
        statement={props.statement}
        rows={rows().filter((r) => r.kind !== 'quarter')}
        caption={t('statement.caption', { quarter: t(`statement.quarters.q${q()}`) })}
        suffix={`q${q()}`}
      />
    </section>
  )
}

function UnsettledSection(props: { statement: Statement }) {
  const { t } = useI18n()
  const rows = () => rowsOf(props.statement, 'unsettled')
  return (
    <section
      class="statement-line"
      aria-labelledby="statement-unsettled-title"
      data-testid="statement-unsettled"
    >
      <h3 id="statement-unsettled-title" class="bad">
        {rows().find((r) => r.kind === 'unsettled')?.item}
      </h3>
      <RowsTable
        statement={props.statement}
        rows={rows().filter((r) => r.kind !== 'unsettled')}
        caption={t('statement.unsettledCaption')}
        suffix="unsettled"
      />
    </section>
  )
}

function Totals(props: { statement: Statement }) {
  const { t } = useI18n()
  const columns = () => props.statement.table.columns
  return (
    <section class="statement-line" aria-labelledby="statement-totals-title">
      <h3 id="statement-totals-title">{t('statement.totalsTitle')}</h3>
      <table class="statement-rows statement-totals" data-testid="statement-totals">
        <caption class="visually-hidden">{t('statement.totalsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{columns().item}</th>
            <th scope="col" class="amount">
              {columns().amountFen}
            </th>
            <th scope="col">{columns().note}</th>
          </tr>
        </thead>
        <tbody>
          <For each={rowsOf(props.statement, 'totals')}>
            {(row) => (
              <tr class={`row-${row.kind}`} data-testid="total">
                <th scope="row">{row.item}</th>
                <td class={`amount ${row.tone === 'bad' ? 'bad' : ''}`}>{amount(row.amountFen)}</td>
                <td>{row.note}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  )
}

function PaymentForm(props: { statement: Statement }) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const api = useKpiApi()
  const queryClient = useQueryClient()
  const unpaid = () => props.statement.instalments.filter((l) => l.paidOn === null)
  const [quarter, setQuarter] = createSignal<number | null>(null)
  const chosen = () => quarter() ?? unpaid()[0]?.quarter ?? props.statement.instalments[0]?.quarter ?? 1
  const [paidOn, setPaidOn] = createSignal(props.statement.asOf)
  const [amountText, setAmountText] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null)
  const [invalid, setInvalid] = createSignal(false)
  const lineOf = (q: number) => props.statement.instalments.find((l) => l.quarter === q)

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const amountFen = yuanToFen(amountText())
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
      setAmountText('')
      setQuarter(null)
      await queryClient.invalidateQueries({ queryKey: ['statement'] })
    } catch (err) {
      const text =
        err instanceof ApiRequestError && err.status === 409
          ? t('statement.payment.alreadyPaid')
          : t('statement.payment.failed', { message: errorText(err) })
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
                {line.paidOn !== null ? t('statement.payment.paidSuffix') : ''}
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
          value={amountText()}
          onInput={(e) => setAmountText(e.currentTarget.value)}
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
