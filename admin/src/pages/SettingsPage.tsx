/**
 * `/settings`: the contract terms in force (read-only, grouped as the contract is: the contract,
 * payment, counting, service level, objection window, intake — with its per-number cap on
 * acknowledgement SMS —, the bound on an adjusted deduction, and each KPI's target and charge
 * with its clause) and their version history; the working-day calendar of each year — built in or
 * loaded — as month grids marking holidays (休) and adjusted working days (调休, 班); and, for an
 * agency reviewer, loading a new year's calendar: paste or upload the JSON document, checked here
 * with the domain's `CalendarYear` schema (errors name the field) before it is sent.
 */
import {
  BUILT_IN_YEARS,
  CalendarYear,
  type ContractTerms,
  datesOfMonth,
  formatBp,
  formatYuan,
  isoWeekday,
  type KpiId,
  type PeriodSpec,
  RECORD_WRITERS,
  smallestInstalmentFen,
} from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js'
import { useErrorText } from '../api/errors'
import { type LoadedCalendarYear, useRecordsApi, useTerms } from '../api/records'
import { formatInstant } from '../beijing-time'
import { DataTable } from '../components/lists'
import { currentDay, type FieldErrors, formatDate, useSchemaCheck } from '../components/records-ui'
import { useI18n } from '../i18n'
import { kpiName } from '../kpi-view'
import { useActorName, useTermsText } from '../names'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import '../records.css'

const KPI_COLUMNS = ['kpi', 'clause', 'target', 'charge'] as const

export default function SettingsPage() {
  const { t } = useI18n()
  return (
    <section class="card records" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('records.settings.title')}</h2>
      <TermsSection />
      <CalendarSection />
    </section>
  )
}

// --- Terms --------------------------------------------------------------------------------------

type Row = { label: string; value: JSX.Element }

function Group(props: { id: string; title: string; rows: Row[] }) {
  return (
    <section class="terms-group" aria-labelledby={props.id}>
      <h4 id={props.id}>{props.title}</h4>
      <dl>
        <For each={props.rows}>
          {(row) => (
            <>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </>
          )}
        </For>
      </dl>
    </section>
  )
}

function TermsSection() {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const termsText = useTermsText()
  const terms = useTerms()

  return (
    <section aria-labelledby="terms-title">
      <h3 id="terms-title">{t('records.settings.terms.title')}</h3>
      <p class="muted">{t('records.settings.terms.intro')}</p>
      <Switch>
        <Match when={terms.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={terms.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(terms.error) })}
          </p>
        </Match>
        <Match when={terms.data}>
          {(data) => (
            <div data-testid="terms">
              <p>
                {t('records.settings.terms.inForce')}{' '}
                <strong data-testid="terms-version">{termsText(data().version)}</strong>
              </p>
              <TermsGroups terms={data().terms} />
              <h4 id="terms-history">{t('records.settings.terms.history')}</h4>
              <DataTable
                labelledBy="terms-history"
                testid="terms-history"
                columns={[t('records.settings.terms.version'), t('records.settings.terms.from')]}
              >
                <For each={data().history}>
                  {(h) => (
                    <tr>
                      <th scope="row">
                        {termsText(h.version)}
                        <Show when={h.version === data().version}>
                          {' '}
                          <span class="badge good-badge">{t('records.settings.terms.current')}</span>
                        </Show>
                      </th>
                      <td>{formatDate(h.from, locale(), { year: true })}</td>
                    </tr>
                  )}
                </For>
              </DataTable>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function TermsGroups(props: { terms: ContractTerms }) {
  const { t, locale } = useI18n()
  const date = (d: string) => formatDate(d, locale(), { year: true })
  const period = (p: PeriodSpec) =>
    t(p.unit === 'workingDays' ? 'records.settings.terms.workingDays' : 'records.settings.terms.days', {
      n: String(p.count),
    })
  const partial = (mode: 'floor' | 'ceil' | 'prorate') => t(`records.settings.terms.partial.${mode}`)
  const flat = (fen: number) =>
    fen === 0
      ? t('records.settings.terms.recordedOnly')
      : t('records.settings.terms.each', { amount: formatYuan(fen) })
  const c = () => props.terms
  const k = () => props.terms.kpis
  const total = () => c().contract.totalFen
  const prepaymentFen = () => Math.floor((total() * c().payment.prepaymentBp) / 10_000)

  const kpis = (): { id: KpiId; clause: string; target: string; charge: string }[] => [
    {
      id: 'satisfaction',
      clause: k().satisfaction.clause,
      target: `≥ ${formatBp(k().satisfaction.targetBp)}`,
      charge: t('records.settings.terms.perPointBelow', {
        amount: formatYuan(k().satisfaction.perPointFen),
        mode: partial(k().satisfaction.partialPoints),
      }),
    },
    { id: 'complaint', clause: k().complaint.clause, target: '—', charge: flat(k().complaint.amountFen) },
    {
      id: 'service_error.transfer',
      clause: k().serviceError.clause,
      target: t('records.settings.terms.within', { period: period(k().serviceError.transfer.within) }),
      charge: flat(k().serviceError.transfer.amountFen),
    },
    {
      id: 'service_error.return',
      clause: k().serviceError.clause,
      target: t('records.settings.terms.within', { period: period(k().serviceError.return.within) }),
      charge: flat(k().serviceError.return.amountFen),
    },
    {
      id: 'service_error.callback',
      clause: k().serviceError.clause,
      target: t('records.settings.terms.within', { period: period(k().serviceError.callback.within) }),
      charge: flat(k().serviceError.callback.amountFen),
    },
    {
      id: 'connection',
      clause: k().connection.clause,
      target: `≥ ${formatBp(k().connection.targetBp)}`,
      charge: t('records.settings.terms.perDayBelow', { amount: formatYuan(k().connection.amountPerDayFen) }),
    },
    {
      id: 'agent_workload',
      clause: k().agentWorkload.clause,
      target: t('records.settings.terms.callsPerAgentDay', {
        n: String(k().agentWorkload.minCallsPerAgentDay),
      }),
      charge:
        k().agentWorkload.amountFen === null
          ? t('records.settings.terms.reportedOnly')
          : flat(k().agentWorkload.amountFen ?? 0),
    },
    {
      id: 'answer_15s',
      clause: k().answer15s.clause,
      target: `≥ ${formatBp(k().answer15s.targetBp)}`,
      charge: t('records.settings.terms.perDayBelow', { amount: formatYuan(k().answer15s.amountPerDayFen) }),
    },
    {
      id: 'micro_platform',
      clause: k().microPlatform.clause,
      target: `${t('records.settings.terms.within', { period: period(k().microPlatform.handleWithin) })}${
        k().microPlatform.targetBp === null ? '' : `, ≥ ${formatBp(k().microPlatform.targetBp ?? 0)}`
      }`,
      charge: t('records.settings.terms.perVerifiedIncident', {
        amount: formatYuan(k().microPlatform.incidentAmountFen),
      }),
    },
    {
      id: 'publish_accuracy',
      clause: k().publishAccuracy.clause,
      target: `≥ ${formatBp(k().publishAccuracy.targetBp)}`,
      charge: t('records.settings.terms.perPointBelow', {
        amount: formatYuan(k().publishAccuracy.perPointFen),
        mode: partial(k().publishAccuracy.partialPoints),
      }),
    },
    {
      id: 'turnover',
      clause: k().turnover.clause,
      target: t('records.settings.terms.annualMax', { max: formatBp(k().turnover.maxBp) }),
      charge: t('records.settings.terms.perPointAbove', {
        amount: formatYuan(k().turnover.perPointFen),
        mode: partial(k().turnover.partialPoints),
      }),
    },
    {
      id: 'confidentiality',
      clause: k().confidentiality.clause,
      target: '—',
      charge: flat(k().confidentiality.amountFen),
    },
    { id: 'inspection', clause: k().inspection.clause, target: '—', charge: flat(k().inspection.amountFen) },
    {
      id: 'emergency_report',
      clause: k().emergencyReport.clause,
      target: t('records.settings.terms.withinMinutes', {
        n: String(k().emergencyReport.reportWithinMinutes),
      }),
      charge: flat(k().emergencyReport.amountFen),
    },
    {
      id: 'safety_check',
      clause: k().safetyCheck.clause,
      target: t('records.settings.terms.perWeek', { n: String(k().safetyCheck.minPerWeek) }),
      charge: flat(k().safetyCheck.amountFen),
    },
    {
      id: 'cleaning_check',
      clause: k().cleaningCheck.clause,
      target: t('records.settings.terms.perWeek', { n: String(k().cleaningCheck.minPerWeek) }),
      charge: flat(k().cleaningCheck.amountFen),
    },
    {
      id: 'training.onboarding',
      clause: k().training.clause,
      target: t('records.settings.terms.onboarding', {
        days: String(k().training.onboardingMinDays),
        practice: String(k().training.practiceMinDays),
        exam: k().training.examRequired ? t('records.settings.terms.examRequired') : '',
      }),
      charge: flat(k().training.amountFen),
    },
    {
      id: 'training.in_service',
      clause: k().training.clause,
      target: t('records.settings.terms.inService', {
        hours: String(k().training.inServiceMinHoursPerMonth),
      }),
      charge: flat(k().training.amountFen),
    },
  ]

  return (
    <div class="terms-groups">
      <Group
        id="terms-contract"
        title={t('records.settings.terms.groups.contract')}
        rows={[
          {
            label: t('records.settings.terms.contractTitle'),
            value: locale() === 'zh-CN' ? c().title.zh : c().title.en,
          },
          { label: t('records.settings.terms.agency'), value: c().agency },
          { label: t('records.settings.terms.contractor'), value: c().contractor },
          {
            label: t('records.settings.terms.term'),
            value: `${date(c().contract.start)} – ${date(c().contract.end)}`,
          },
          { label: t('records.settings.terms.signed'), value: date(c().contract.signed) },
          { label: t('records.settings.terms.effective'), value: date(c().contract.effective) },
          { label: t('records.settings.terms.total'), value: formatYuan(total()) },
        ]}
      />
      <Group
        id="terms-payment"
        title={t('records.settings.terms.groups.payment', { clause: c().payment.clause })}
        rows={[
          {
            label: t('records.settings.terms.prepayment'),
            value: `${formatBp(c().payment.prepaymentBp)} = ${formatYuan(prepaymentFen())}`,
          },
          {
            label: t('records.settings.terms.remainingParts'),
            value: t('records.settings.terms.parts', { n: String(c().payment.remainingParts) }),
          },
          {
            label: t('records.settings.terms.lateFee'),
            value: t('records.settings.terms.lateFeeValue', {
              rate: formatBp(c().payment.lateFeeBpPerDay),
              amount: formatYuan(Math.floor((total() * c().payment.lateFeeBpPerDay) / 10_000)),
            }),
          },
          {
            label: t('records.settings.terms.warn'),
            value: t('records.settings.terms.daysBefore', { n: String(c().payment.warnDaysBefore) }),
          },
        ]}
      />
      <Group
        id="terms-counting"
        title={t('records.settings.terms.groups.counting')}
        rows={[
          {
            label: t('records.settings.terms.countingMode'),
            value: t(`records.settings.terms.counting.${c().counting}`),
          },
        ]}
      />
      <Group
        id="terms-service"
        title={t('records.settings.terms.groups.serviceLevel')}
        rows={[
          {
            label: t('records.settings.terms.answerThreshold'),
            value: t('records.settings.terms.seconds', {
              n: String(c().serviceLevel.answerThresholdSeconds),
            }),
          },
          {
            label: t('records.settings.terms.shortAbandon'),
            value:
              c().serviceLevel.shortAbandonSeconds === 0
                ? t('records.settings.terms.shortAbandonNone')
                : t('records.settings.terms.seconds', { n: String(c().serviceLevel.shortAbandonSeconds) }),
          },
          {
            label: t('records.settings.terms.ivrOnly'),
            value: c().serviceLevel.excludeIvrOnly
              ? t('records.settings.terms.excluded')
              : t('records.settings.terms.included'),
          },
        ]}
      />
      <Group
        id="terms-objection"
        title={t('records.settings.terms.groups.objection')}
        rows={[{ label: t('records.settings.terms.objectionWindow'), value: period(c().objectionWindow) }]}
      />
      <Group
        id="terms-intake"
        title={t('records.settings.terms.groups.intake')}
        rows={[
          {
            label: t('records.settings.terms.ticketPrefix'),
            value: (
              <span class="mono" translate="no">
                {c().intake.ticketPrefix}
              </span>
            ),
          },
          { label: t('records.settings.terms.smsSignature'), value: `【${c().intake.smsSignature}】` },
          {
            label: t('records.settings.terms.surveyWindow'),
            value: t('records.settings.terms.hours', { n: String(c().intake.surveyReplyWindowHours) }),
          },
          {
            label: t('records.settings.terms.appendWindow'),
            value: t('records.settings.terms.hours', { n: String(c().intake.appendWindowHours) }),
          },
          {
            label: t('records.settings.terms.ackSmsPerPhone'),
            value: t('records.settings.terms.ackSmsPerPhoneValue', {
              perHour: String(c().intake.acknowledgementSmsPerPhone.perHour),
              perDay: String(c().intake.acknowledgementSmsPerPhone.perDay),
            }),
          },
        ]}
      />
      <Group
        id="terms-review"
        title={t('records.settings.terms.groups.review')}
        rows={[
          {
            label: t('records.settings.terms.adjustmentCeiling'),
            value: t('records.settings.terms.adjustmentCeilingValue', {
              times: String(c().review.maxAdjustmentTimesDraft),
              amount: formatYuan(smallestInstalmentFen(c())),
            }),
          },
        ]}
      />
      <section class="terms-group" aria-labelledby="terms-kpis">
        <h4 id="terms-kpis">{t('records.settings.terms.groups.kpis')}</h4>
        <DataTable
          labelledBy="terms-kpis"
          testid="terms-kpis"
          columns={KPI_COLUMNS.map((column) => t(`records.settings.terms.kpiColumns.${column}`))}
        >
          <For each={kpis()}>
            {(row) => (
              <tr data-testid="terms-kpi" data-kpi={row.id}>
                <th scope="row">{kpiName(row.id, locale())}</th>
                <td class="nowrap">{row.clause}</td>
                <td>{row.target}</td>
                <td>{row.charge}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </section>
    </div>
  )
}

// --- Calendar -----------------------------------------------------------------------------------

type YearEntry = {
  year: number
  document: CalendarYear
  builtIn: boolean
  loaded: LoadedCalendarYear | undefined
}

/** Every year in force: the built-in documents, replaced by a loaded one of the same year. */
export function yearsInForce(inForce: readonly number[], loaded: readonly LoadedCalendarYear[]): YearEntry[] {
  const builtIn = new Map(BUILT_IN_YEARS.map((y) => [y.year, y]))
  const stored = new Map(loaded.map((y) => [y.year, y]))
  const years = [...new Set([...inForce, ...builtIn.keys(), ...stored.keys()])].sort((a, b) => a - b)
  return years.flatMap((year) => {
    const document = stored.get(year) ?? builtIn.get(year)
    return document ? [{ year, document, builtIn: builtIn.has(year), loaded: stored.get(year) }] : []
  })
}

function CalendarSection() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const api = useRecordsApi()
  const session = useSession()
  const [params, setParams] = useSearchParams<{ year?: string }>()
  const calendar = useQuery(() => ({ queryKey: ['calendar'], queryFn: () => api.calendar() }))
  const years = () => (calendar.data ? yearsInForce(calendar.data.builtIn, calendar.data.loaded) : [])
  const selected = () => {
    const all = years()
    const wanted = Number(params.year)
    return (
      all.find((y) => y.year === wanted) ??
      all.find((y) => y.year === Number(currentDay().slice(0, 4))) ??
      all.at(-1)
    )
  }

  return (
    <section aria-labelledby="calendar-title">
      <h3 id="calendar-title">{t('records.settings.calendar.title')}</h3>
      <p class="muted">{t('records.settings.calendar.intro')}</p>
      <Switch>
        <Match when={calendar.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={calendar.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(calendar.error) })}
          </p>
        </Match>
        <Match when={selected()}>
          {(entry) => (
            <>
              <div class="filters">
                <label for="calendar-year">{t('records.settings.calendar.year')}</label>
                <select
                  id="calendar-year"
                  value={entry().year}
                  onChange={(e) => setParams({ year: e.currentTarget.value })}
                >
                  <For each={years()}>
                    {(y) => (
                      <option value={y.year}>
                        {y.year} ·{' '}
                        {y.loaded
                          ? t('records.settings.calendar.loadedTag')
                          : t('records.settings.calendar.builtInTag')}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <YearView entry={entry()} />
            </>
          )}
        </Match>
      </Switch>
      <Show when={hasAnyRole(session.current()?.user.roles, RECORD_WRITERS.calendar)}>
        <LoadYear known={years().map((y) => y.year)} onLoaded={(year) => setParams({ year: String(year) })} />
      </Show>
    </section>
  )
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

function YearView(props: { entry: YearEntry }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const doc = () => props.entry.document
  const off = () => {
    const map = new Map<string, string>()
    for (const h of doc().holidays) for (const d of h.dates) map.set(d, h.name)
    return map
  }
  const worked = () => new Map(doc().adjustedWorkdays.map((w) => [w.date, w.name]))
  const months = () =>
    Array.from({ length: 12 }, (_, i) => `${props.entry.year}-${String(i + 1).padStart(2, '0')}`)

  return (
    <div data-testid="calendar-year" data-year={props.entry.year}>
      <p>
        {t('records.settings.calendar.source')}: {doc().source}
        <br />
        <Show
          when={props.entry.loaded}
          fallback={<span class="muted">{t('records.settings.calendar.builtInNote')}</span>}
        >
          {(l) => (
            <span class="muted" data-testid="calendar-loaded-by">
              {t('records.settings.calendar.loadedNote', {
                by: actorName(l().loadedBy),
                at: formatInstant(l().loadedAt, locale()),
              })}
              {props.entry.builtIn ? ` ${t('records.settings.calendar.replacesBuiltIn')}` : ''}
            </span>
          )}
        </Show>
      </p>
      <div class="calendar-lists">
        <section aria-labelledby="holidays-title">
          <h4 id="holidays-title">{t('records.settings.calendar.holidays')}</h4>
          <ul data-testid="holidays">
            <For each={doc().holidays}>
              {(h) => (
                <li>
                  <strong>{h.name}</strong>{' '}
                  {h.dates.length === 1
                    ? formatDate(h.dates[0] ?? '', locale())
                    : `${formatDate(h.dates[0] ?? '', locale())}–${formatDate(h.dates.at(-1) ?? '', locale())}`}
                  <span class="muted">
                    {' '}
                    {t('records.settings.calendar.daysOff', { n: String(h.dates.length) })}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
        <section aria-labelledby="workdays-title">
          <h4 id="workdays-title">{t('records.settings.calendar.adjusted')}</h4>
          <Show
            when={doc().adjustedWorkdays.length > 0}
            fallback={<p class="muted">{t('records.settings.calendar.noAdjusted')}</p>}
          >
            <ul data-testid="adjusted-workdays">
              <For each={doc().adjustedWorkdays}>
                {(w) => (
                  <li>
                    {t('records.settings.calendar.adjustedItem', {
                      date: formatDate(w.date, locale()),
                      weekday: t(`records.settings.calendar.weekdays.w${isoWeekday(w.date) as 6 | 7}`),
                    })}{' '}
                    <span class="muted">{w.name}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </div>
      <p class="legend" aria-hidden="true">
        <span class="day holiday">休</span> {t('records.settings.calendar.legendHoliday')}{' '}
        <span class="day adjusted">班</span> {t('records.settings.calendar.legendAdjusted')}{' '}
        <span class="day weekend">6</span> {t('records.settings.calendar.legendWeekend')}
      </p>
      <div class="month-grid">
        <For each={months()}>
          {(month) => {
            const dates = datesOfMonth(month)
            const lead = isoWeekday(dates[0] ?? `${month}-01`) - 1
            const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...dates]
            while (cells.length % 7 !== 0) cells.push(null)
            const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
            return (
              <table class="month" data-testid="calendar-month" data-month={month}>
                <caption>
                  {t(`records.settings.calendar.months.m${Number(month.slice(5)) as MonthNo}`)}
                </caption>
                <thead>
                  <tr>
                    <For each={WEEKDAYS}>
                      {(d) => (
                        <th scope="col" abbr={t(`records.settings.calendar.weekdays.w${d}`)}>
                          {t(`records.settings.calendar.weekdaysShort.w${d}`)}
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={weeks}>
                    {(week) => (
                      <tr>
                        <For each={week}>
                          {(date) => {
                            if (!date) return <td />
                            const holiday = off().get(date)
                            const adjusted = worked().get(date)
                            const weekend = isoWeekday(date) >= 6
                            const kind = adjusted
                              ? 'adjusted'
                              : holiday
                                ? 'holiday'
                                : weekend
                                  ? 'weekend'
                                  : 'weekday'
                            const title =
                              kind === 'adjusted'
                                ? t('records.settings.calendar.adjustedDay', { name: adjusted ?? '' })
                                : kind === 'holiday'
                                  ? t('records.settings.calendar.holidayDay', { name: holiday ?? '' })
                                  : ''
                            return (
                              <td
                                class={`day ${kind}`}
                                data-date={date}
                                data-kind={kind}
                                title={title || undefined}
                              >
                                {Number(date.slice(8))}
                                <Show when={kind === 'holiday' || kind === 'adjusted'}>
                                  <span class="mark" aria-hidden="true">
                                    {kind === 'holiday' ? '休' : '班'}
                                  </span>
                                  <span class="visually-hidden">{title}</span>
                                </Show>
                              </td>
                            )
                          }}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )
          }}
        </For>
      </div>
    </div>
  )
}

const PATH_WORDS = ['year', 'source', 'holidays', 'adjustedWorkdays', 'name', 'dates', 'date'] as const
const isPathWord = (part: string): part is (typeof PATH_WORDS)[number] =>
  (PATH_WORDS as readonly string[]).includes(part)

type MonthNo = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12

/** Validates a pasted or uploaded calendar document; on success shows what it holds, and loads it. */
function LoadYear(props: { known: number[]; onLoaded: (year: number) => void }) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const { check } = useSchemaCheck()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const [text, setText] = createSignal('')
  const [errors, setErrors] = createSignal<FieldErrors>({})
  const [valid, setValid] = createSignal<CalendarYear | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null)

  const validate = (): CalendarYear | null => {
    setOutcome(null)
    setValid(null)
    if (!text().trim()) {
      setErrors({ '(document)': t('records.settings.load.emptyDocument') })
      return null
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text())
    } catch {
      setErrors({ '(document)': t('records.settings.load.notJson') })
      return null
    }
    const checked = check(CalendarYear, parsed)
    if (!checked.ok) {
      setErrors(checked.errors)
      return null
    }
    setErrors({})
    setValid(checked.data)
    return checked.data
  }

  async function onFile(file: File | undefined) {
    if (!file) return
    setText(await file.text())
    validate()
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const document = validate()
    if (!document) return
    setBusy(true)
    try {
      await api.loadCalendarYear(document)
      await queryClient.invalidateQueries({ queryKey: ['calendar'] })
      props.onLoaded(document.year)
      setValid(null)
      setOutcome({ ok: true, text: t('records.settings.load.done', { year: String(document.year) }) })
    } catch (err) {
      setOutcome({ ok: false, text: t('records.common.saveFailed', { message: errorText(err) }) })
    } finally {
      setBusy(false)
    }
  }

  const errorList = () => Object.entries(errors())
  /** `adjustedWorkdays.0.date` → 调休上班日 第 1 项 日期: the document's fields in words. */
  const pathText = (path: string): string =>
    path === '(document)'
      ? t('records.settings.load.paths.document')
      : path
          .split('.')
          .map((part) =>
            /^\d+$/.test(part)
              ? t('records.settings.load.paths.item', { n: String(Number(part) + 1) })
              : isPathWord(part)
                ? t(`records.settings.load.paths.${part}`)
                : part,
          )
          .join(' ')

  return (
    <section aria-labelledby="load-title" class="load-year">
      <h3 id="load-title">{t('records.settings.load.title')}</h3>
      <p class="muted" id="load-intro">
        {t('records.settings.load.intro')}
      </p>
      <form class="form" onSubmit={onSubmit} novalidate aria-describedby="load-intro" data-testid="load-form">
        <label for="load-file">{t('records.settings.load.file')}</label>
        <input
          id="load-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => void onFile(e.currentTarget.files?.[0])}
        />
        <label for="load-text">{t('records.settings.load.paste')}</label>
        <textarea
          id="load-text"
          class="mono"
          rows={10}
          spellcheck={false}
          value={text()}
          aria-invalid={errorList().length > 0}
          aria-describedby={errorList().length > 0 ? 'load-errors' : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value)
            setValid(null)
          }}
        />
        <div class="actions">
          <button type="button" onClick={() => validate()}>
            {t('records.settings.load.check')}
          </button>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('records.common.saving') : t('records.settings.load.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <Show when={errorList().length > 0}>
          <div id="load-errors" role="alert" class="error-summary" data-testid="load-errors">
            <p class="bad">{t('records.settings.load.invalid')}</p>
            <ul>
              <For each={errorList()}>
                {([path, message]) => (
                  <li data-testid="load-error">
                    {pathText(path)}：{message}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <Show when={valid()}>
          {(doc) => (
            <p class="good" data-testid="load-valid">
              {t('records.settings.load.valid', {
                year: String(doc().year),
                holidays: String(doc().holidays.length),
                days: String(doc().holidays.reduce((n, h) => n + h.dates.length, 0)),
                adjusted: String(doc().adjustedWorkdays.length),
              })}
              <Show when={props.known.includes(doc().year)}>
                {' '}
                <span class="bad">{t('records.settings.load.replaces', { year: String(doc().year) })}</span>
              </Show>
            </p>
          )}
        </Show>
        <Show when={outcome()}>
          {(o) => (
            <p role={o().ok ? 'status' : 'alert'} class={o().ok ? 'good' : 'bad'} data-testid="load-outcome">
              {o().text}
            </p>
          )}
        </Show>
      </div>
    </section>
  )
}
