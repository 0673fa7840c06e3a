/**
 * `/compliance`: the contractor's compliance records of a month, in four tabs —
 * weekly safety and cleaning checks (§4.12–4.13: the ISO weeks of the month, each met or missing
 * as the monthly job found it, the checks logged), training (§5: each agent's in-service hours
 * against 16 h, onboarding before first duty), the staff roster (§4.8: agents and operations staff
 * on the books, the month's joins and leaves, its turnover rate against 20 %) and a day's
 * publications (§4.7, with their accuracy, which an agency reviewer may correct with a reason).
 * The contractor logs checks, training and staff changes here. Month, tab and day are in the address.
 */
import {
  createCalendar,
  datesOfIsoWeek,
  epochMs,
  FacilityCheckRecord,
  formatBp,
  formatPercent,
  formatPoints,
  formatYuan,
  isoWeekOf,
  isoWeeksOfMonth,
  LocalDateSchema,
  localDateOf,
  localMonthOf,
  nextMonth,
  StaffEventRecord,
  startOfLocalDay,
  TrainingRecord,
  turnoverMonthly,
} from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import {
  type FacilityCheckInput,
  type KpiResult,
  type StaffEventInput,
  type StoredFacilityCheck,
  type StoredPublication,
  type StoredStaffEvent,
  type TrainingInput,
  useRecordsApi,
  WRITERS,
} from '../api/records'
import { formatInstant, fromPickerValue, toPickerValue } from '../beijing-time'
import { DataTable } from '../components/lists'
import {
  Announcement,
  AtField,
  AuditTrail,
  createAnnouncement,
  createRecordForm,
  currentDay,
  currentMonth,
  Field,
  type FieldErrors,
  formatDate,
  formatMonth,
  isMonth,
  Loaded,
  MonthPicker,
  messageOf,
  ReasonAction,
  RecordForm,
  Select,
  schemaErrors,
  TextArea,
  TextInput,
} from '../components/records-ui'
import { useI18n } from '../i18n'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import '../records.css'

const TABS = ['checks', 'training', 'staff', 'publications'] as const
const CHECK_TYPES = ['safety', 'cleaning'] as const
const STAFF_ROLES = ['agent', 'ops'] as const
const STAFF_CHANGES = ['joined', 'left'] as const
type Tab = (typeof TABS)[number]
const isTab = (value: string | undefined): value is Tab => TABS.includes(value as Tab)

/** The month a week is billed in: its Thursday's (each ISO week belongs to exactly one month). */
const monthOfWeek = (week: string): string => (datesOfIsoWeek(week)[3] ?? '').slice(0, 7)

const byTime = <T extends { at: string }>(a: T, b: T) => epochMs(a.at) - epochMs(b.at)
const sortIds = (ids: Iterable<string>) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** Checks of `type` as the KPI counts them: records with the same check id are one check. */
export function countChecks(records: readonly StoredFacilityCheck[], type: 'safety' | 'cleaning'): number {
  const ofType = records.filter((r) => r.type === type)
  const ids = new Set(ofType.flatMap((r) => (r.checkId === undefined ? [] : [r.checkId])))
  return ofType.filter((r) => r.checkId === undefined).length + ids.size
}

/** Each person's latest name in the staff history. */
function namesOf(events: readonly StoredStaffEvent[] | undefined): Map<string, string> {
  const names = new Map<string, string>()
  for (const e of [...(events ?? [])].sort(byTime)) if (e.name) names.set(e.staffId, e.name)
  return names
}

export type RosterEntry = { staffId: string; name: string | undefined; role: 'agent' | 'ops'; since: string }

/** Who is on the books just before `cutoffMs`: people whose latest staff event before it is `joined`. */
export function rosterAt(events: readonly StoredStaffEvent[], cutoffMs: number): RosterEntry[] {
  const latest = new Map<string, StoredStaffEvent>()
  for (const e of [...events].sort(byTime)) {
    if (epochMs(e.at) >= cutoffMs) continue
    const seen = latest.get(e.staffId)
    // At the same instant `left` wins over `joined` (the domain's order).
    if (!seen || epochMs(e.at) > epochMs(seen.at) || e.type === 'left') latest.set(e.staffId, e)
  }
  const names = namesOf(events)
  return sortIds(latest.keys()).flatMap((staffId) => {
    const e = latest.get(staffId)
    return e && e.type === 'joined' ? [{ staffId, name: names.get(staffId), role: e.role, since: e.at }] : []
  })
}

export default function CompliancePage() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams<{ month?: string; tab?: string; day?: string }>()
  const month = () => (isMonth(params.month) ? params.month : currentMonth())
  const tab = (): Tab => (isTab(params.tab) ? params.tab : 'checks')
  const announcement = createAnnouncement()
  // A record logged in another month shows that month.
  const onRecorded = (m: string, text: string) => {
    announcement.say(text)
    if (m !== month()) setParams({ month: m })
  }
  const tabs: Record<Tab, HTMLButtonElement | undefined> = {
    checks: undefined,
    training: undefined,
    staff: undefined,
    publications: undefined,
  }

  const select = (next: Tab) => {
    announcement.say('')
    setParams({ tab: next })
  }
  // Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern, selection follows focus).
  const onKeyDown = (event: KeyboardEvent) => {
    const at = TABS.indexOf(tab())
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1
    if (to < 0) return
    event.preventDefault()
    const next = TABS[to] as Tab
    select(next)
    queueMicrotask(() => tabs[next]?.focus())
  }

  return (
    <section class="card records" aria-labelledby="compliance-title">
      <header>
        <h2 id="compliance-title">{t('records.compliance.title')}</h2>
        <div class="filters">
          <MonthPicker
            id="compliance-month"
            value={month()}
            onChange={(m) => setParams({ month: m, day: undefined })}
          />
        </div>
      </header>
      <div role="tablist" class="tabs" aria-label={t('records.compliance.tabsLabel')} onKeyDown={onKeyDown}>
        <For each={TABS}>
          {(name) => (
            <button
              type="button"
              role="tab"
              id={`tab-${name}`}
              ref={(el) => {
                tabs[name] = el
              }}
              aria-selected={tab() === name}
              aria-controls={`panel-${name}`}
              tabindex={tab() === name ? 0 : -1}
              onClick={() => select(name)}
            >
              {t(`records.compliance.tabs.${name}`)}
            </button>
          )}
        </For>
      </div>
      <Announcement testid="compliance-announcement" announcement={announcement} />
      <section role="tabpanel" id={`panel-${tab()}`} aria-labelledby={`tab-${tab()}`} tabindex="0">
        <Switch>
          <Match when={tab() === 'checks'}>
            <ChecksPanel month={month()} onLogged={onRecorded} />
          </Match>
          <Match when={tab() === 'training'}>
            <TrainingPanel month={month()} onRecorded={onRecorded} />
          </Match>
          <Match when={tab() === 'staff'}>
            <StaffPanel month={month()} onRecorded={onRecorded} />
          </Match>
          <Match when={tab() === 'publications'}>
            <PublicationsPanel
              day={
                params.day && LocalDateSchema.safeParse(params.day).success
                  ? params.day
                  : month() === currentMonth()
                    ? currentDay()
                    : `${month()}-01`
              }
              onDay={(day) => setParams({ day, month: day.slice(0, 7) })}
              onChanged={announcement.sayAndFocus}
            />
          </Match>
        </Switch>
      </section>
    </section>
  )
}

/** A KPI result's verdict: met, breached, or not computed yet (the monthly job has not run). */
function Verdict(props: { result: KpiResult | undefined; met: string; breached: string }) {
  const { t } = useI18n()
  return (
    <Show
      when={props.result}
      fallback={
        <span class="badge" data-verdict="none">
          {t('records.common.notComputed')}
        </span>
      }
    >
      {(r) => (
        <span
          classList={{ badge: true, 'good-badge': r().met === true, 'bad-badge': r().met === false }}
          data-verdict={r().met === true ? 'met' : r().met === false ? 'breached' : 'none'}
        >
          {r().met === true ? props.met : r().met === false ? props.breached : t('records.common.noData')}
        </span>
      )}
    </Show>
  )
}

function JobNote(props: { results: readonly KpiResult[] }) {
  const { t, locale } = useI18n()
  const computedAt = () =>
    props.results
      .map((r) => r.computedAt)
      .sort()
      .at(-1)
  return (
    <p class="note">
      <Show when={computedAt()} fallback={t('records.compliance.notComputedNote')}>
        {(at) => t('records.compliance.computedNote', { at: formatInstant(at(), locale()) })}
      </Show>
    </p>
  )
}

// --- Weekly checks ------------------------------------------------------------------------------

function ChecksPanel(props: { month: string; onLogged: (month: string, text: string) => void }) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const weeks = () => isoWeeksOfMonth(props.month)
  const checks = useQuery(() => ({
    queryKey: ['facility-checks', props.month],
    queryFn: () =>
      Promise.all(weeks().map(async (week) => ({ week, records: await api.facilityChecks(week) }))),
  }))
  const safety = useQuery(() => ({
    queryKey: ['kpis', props.month, 'safety_check'],
    queryFn: () => api.kpis(props.month, 'safety_check'),
  }))
  const cleaning = useQuery(() => ({
    queryKey: ['kpis', props.month, 'cleaning_check'],
    queryFn: () => api.kpis(props.month, 'cleaning_check'),
  }))
  const resultOf = (results: readonly KpiResult[] | undefined, week: string) =>
    results?.find((r) => r.period === week && r.subject === null)
  const all = () => (checks.data ?? []).flatMap((w) => w.records).sort(byTime) as StoredFacilityCheck[]

  return (
    <>
      <p class="muted">{t('records.compliance.checks.intro')}</p>
      <Loaded queries={[checks, safety, cleaning]}>
        <DataTable
          labelledBy="weeks-caption"
          testid="weeks"
          caption={t('records.compliance.checks.weeksCaption', { month: formatMonth(props.month, locale()) })}
          columns={[
            t('records.compliance.checks.columns.week'),
            t('records.compliance.checks.columns.safety'),
            t('records.compliance.checks.columns.cleaning'),
          ]}
        >
          <For each={checks.data ?? []}>
            {(w) => {
              const dates = datesOfIsoWeek(w.week)
              const cell = (type: 'safety' | 'cleaning', results: readonly KpiResult[] | undefined) => (
                <td data-testid={`week-${type}`}>
                  <Verdict
                    result={resultOf(results, w.week)}
                    met={t('records.compliance.checks.met')}
                    breached={t('records.compliance.checks.missing')}
                  />{' '}
                  <span class="muted">
                    {t('records.compliance.checks.logged', { n: String(countChecks(w.records, type)) })}
                  </span>
                </td>
              )
              return (
                <tr data-testid="week-row" data-week={w.week}>
                  <th scope="row" class="nowrap">
                    <span class="mono">{w.week}</span>{' '}
                    <span class="muted detail">
                      {formatDate(dates[0] ?? '', locale())}–{formatDate(dates[6] ?? '', locale())}
                    </span>
                  </th>
                  {cell('safety', safety.data)}
                  {cell('cleaning', cleaning.data)}
                </tr>
              )
            }}
          </For>
        </DataTable>
        <JobNote results={[...(safety.data ?? []), ...(cleaning.data ?? [])]} />

        <h3 id="checks-title">{t('records.compliance.checks.listTitle')}</h3>
        <Show when={all().length > 0} fallback={<p role="status">{t('records.compliance.checks.empty')}</p>}>
          <DataTable
            labelledBy="checks-title"
            testid="checks"
            columns={[
              t('records.compliance.checks.columns.at'),
              t('records.compliance.checks.columns.type'),
              t('records.compliance.checks.columns.checkId'),
              t('records.compliance.checks.columns.notes'),
              t('records.compliance.checks.columns.recordedBy'),
            ]}
          >
            <For each={all()}>
              {(c) => (
                <tr data-testid="check-row">
                  <td class="nowrap">
                    <time datetime={c.at}>{formatInstant(c.at, locale())}</time>
                  </td>
                  <td class="nowrap">{t(`records.compliance.checks.types.${c.type}`)}</td>
                  <td class="mono">{c.checkId ?? ''}</td>
                  <td class="text prewrap">{c.notes ?? ''}</td>
                  <td class="nowrap">{c.ingestedBy}</td>
                </tr>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
      <Show when={hasAnyRole(session.current()?.user.roles, WRITERS.facilityCheck)}>
        <CheckForm onLogged={props.onLogged} />
      </Show>
    </>
  )
}

function CheckForm(props: { onLogged: (month: string, text: string) => void }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [type, setType] = createSignal<'safety' | 'cleaning'>('safety')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const [checkId, setCheckId] = createSignal('')
  const [notes, setNotes] = createSignal('')
  const labels = () => ({
    type: t('records.compliance.checks.form.type'),
    at: t('records.compliance.checks.form.at'),
    checkId: t('records.compliance.checks.form.checkId'),
    notes: t('records.compliance.checks.form.notes'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const body: FacilityCheckInput = {
      type: type(),
      at: when ?? '',
      ...(checkId().trim() ? { checkId: checkId().trim() } : {}),
      ...(notes().trim() ? { notes: notes().trim() } : {}),
    }
    const errors = {
      ...schemaErrors(FacilityCheckRecord, { kind: 'facility_check', ...body }),
      ...(when ? {} : { at: t('records.common.invalidTime') }),
    }
    return {
      errors,
      save: async () => {
        const report = await api.logFacilityCheck(body)
        const week = isoWeekOf(localDateOf(body.at))
        const month = monthOfWeek(week)
        await queryClient.invalidateQueries({ queryKey: ['facility-checks', month] })
        props.onLogged(
          month,
          report.created > 0
            ? t('records.compliance.checks.form.done', {
                type: t(`records.compliance.checks.types.${body.type}`),
                week,
              })
            : t('records.common.duplicate'),
        )
        if (report.created > 0) {
          setCheckId('')
          setNotes('')
        }
      },
    }
  })

  return (
    <RecordForm
      name="check"
      title={t('records.compliance.checks.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.checks.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="check-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={CHECK_TYPES}
            label={(value) => t(`records.compliance.checks.types.${value}`)}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="check-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
      <Field
        id="check-id"
        name="checkId"
        label={labels().checkId}
        error={form.errors().checkId}
        hint={t('records.compliance.checks.form.checkIdHint')}
      >
        {(aria) => <TextInput {...aria} maxLength={128} value={checkId()} onValue={setCheckId} />}
      </Field>
      <Field id="check-notes" name="notes" label={labels().notes} error={form.errors().notes}>
        {(aria) => <TextArea {...aria} rows={2} maxLength={2000} value={notes()} onValue={setNotes} />}
      </Field>
    </RecordForm>
  )
}

// --- Training -----------------------------------------------------------------------------------

const TRAINING_TYPES = ['onboarding', 'exam', 'practice', 'in_service'] as const
type TrainingType = (typeof TRAINING_TYPES)[number]
const MISSING = ['onboarding', 'exam', 'practice'] as const

function TrainingPanel(props: { month: string; onRecorded: (month: string, text: string) => void }) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const training = useQuery(() => ({
    queryKey: ['training', props.month],
    queryFn: () => api.training(props.month),
  }))
  const inService = useQuery(() => ({
    queryKey: ['kpis', props.month, 'training.in_service'],
    queryFn: () => api.kpis(props.month, 'training.in_service'),
  }))
  const onboarding = useQuery(() => ({
    queryKey: ['kpis', props.month, 'training.onboarding'],
    queryFn: () => api.kpis(props.month, 'training.onboarding'),
  }))
  const staff = useQuery(() => ({ queryKey: ['staff-events'], queryFn: () => api.staffEvents() }))
  const terms = useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))
  const names = () => namesOf(staff.data)
  const minHours = () => terms.data?.terms.kpis.training.inServiceMinHoursPerMonth ?? 16

  /** Per agent: the month's in-service minutes from the records, and the KPI's verdict. */
  const rows = () => {
    const minutes = new Map<string, number>()
    for (const r of training.data ?? []) {
      if (r.type !== 'in_service') continue
      minutes.set(r.staffId, (minutes.get(r.staffId) ?? 0) + Math.round((r.hours ?? 0) * 60))
    }
    const results = new Map(
      (inService.data ?? []).flatMap((r) => (r.subject ? [[r.subject, r] as const] : [])),
    )
    return sortIds(new Set([...minutes.keys(), ...results.keys()])).map((staffId) => ({
      staffId,
      minutes: minutes.get(staffId) ?? 0,
      result: results.get(staffId),
    }))
  }
  const hours = (minutes: number) => formatPoints({ num: minutes, den: 60 })

  return (
    <>
      <p class="muted">{t('records.compliance.training.intro', { hours: String(minHours()) })}</p>
      <Loaded queries={[training, inService, onboarding, staff]}>
        <h3 id="in-service-title">{t('records.compliance.training.inServiceTitle')}</h3>
        <Show
          when={rows().length > 0}
          fallback={<p role="status">{t('records.compliance.training.empty')}</p>}
        >
          <DataTable
            labelledBy="in-service-title"
            testid="in-service"
            columns={[
              t('records.compliance.staff.columns.staffId'),
              t('records.compliance.staff.columns.name'),
              t('records.compliance.training.columns.hours'),
              t('records.compliance.training.columns.target'),
              t('records.compliance.training.columns.result'),
            ]}
          >
            <For each={rows()}>
              {(row) => (
                <tr data-testid="in-service-row">
                  <th scope="row" class="mono nowrap">
                    {row.staffId}
                  </th>
                  <td>{names().get(row.staffId) ?? ''}</td>
                  <td class="nowrap">
                    <span classList={{ bad: row.minutes < minHours() * 60 }}>
                      {t('records.compliance.training.hoursValue', { hours: hours(row.minutes) })}
                    </span>
                    <meter
                      min={0}
                      max={minHours()}
                      low={minHours() - 0.01}
                      optimum={minHours()}
                      value={row.minutes / 60}
                      aria-label={t('records.compliance.training.meter', { id: row.staffId })}
                    />
                  </td>
                  <td class="nowrap">
                    {t('records.compliance.training.targetValue', { hours: String(minHours()) })}
                  </td>
                  <td class="nowrap">
                    <Show
                      when={row.result}
                      fallback={
                        <span class="badge" data-verdict="none">
                          {t('records.compliance.training.notEvaluated')}
                        </span>
                      }
                    >
                      <Verdict
                        result={row.result}
                        met={t('records.compliance.training.met')}
                        breached={t('records.compliance.training.short', {
                          hours: hours(Math.max(0, minHours() * 60 - row.minutes)),
                        })}
                      />
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </DataTable>
        </Show>
        <p class="note">{t('records.compliance.training.notEvaluatedNote')}</p>
        <JobNote results={[...(inService.data ?? []), ...(onboarding.data ?? [])]} />

        <h3 id="onboarding-title">{t('records.compliance.training.onboardingTitle')}</h3>
        <Show
          when={(onboarding.data ?? []).length > 0}
          fallback={<p role="status">{t('records.compliance.training.noOnboarding')}</p>}
        >
          <DataTable
            labelledBy="onboarding-title"
            testid="onboarding"
            columns={[
              t('records.compliance.staff.columns.staffId'),
              t('records.compliance.staff.columns.name'),
              t('records.compliance.training.columns.firstDuty'),
              t('records.compliance.training.columns.onboardingDays'),
              t('records.compliance.training.columns.exam'),
              t('records.compliance.training.columns.practiceDays'),
              t('records.compliance.training.columns.result'),
            ]}
          >
            <For each={onboarding.data ?? []}>
              {(r) => {
                const f = r.evidence.figures
                const missing = () =>
                  String(f.missing ?? '')
                    .split(',')
                    .filter((m): m is (typeof MISSING)[number] => (MISSING as readonly string[]).includes(m))
                return (
                  <tr data-testid="onboarding-row">
                    <th scope="row" class="mono nowrap">
                      {r.subject ?? ''}
                    </th>
                    <td>{names().get(r.subject ?? '') ?? ''}</td>
                    <td class="nowrap">
                      <Show when={typeof f.firstDutyAt === 'string' && f.firstDutyAt}>
                        {(at) => <time datetime={at()}>{formatInstant(at(), locale())}</time>}
                      </Show>
                    </td>
                    <td class="nowrap">{String(f.onboardingDays ?? '')}</td>
                    <td class="nowrap">
                      {f.examPassed
                        ? t('records.compliance.training.passed')
                        : t('records.compliance.training.notPassed')}
                    </td>
                    <td class="nowrap">{String(f.practiceDays ?? '')}</td>
                    <td>
                      <Verdict
                        result={r}
                        met={t('records.compliance.training.onboardingMet')}
                        breached={t('records.compliance.training.missing', {
                          what: missing()
                            .map((m) => t(`records.compliance.training.missingParts.${m}`))
                            .join(locale() === 'zh-CN' ? '、' : ', '),
                        })}
                      />
                    </td>
                  </tr>
                )
              }}
            </For>
          </DataTable>
        </Show>

        <h3 id="training-records-title">{t('records.compliance.training.recordsTitle')}</h3>
        <Show
          when={(training.data ?? []).length > 0}
          fallback={<p role="status">{t('records.compliance.training.noRecords')}</p>}
        >
          <DataTable
            labelledBy="training-records-title"
            testid="training-records"
            columns={[
              t('records.compliance.checks.columns.at'),
              t('records.compliance.staff.columns.staffId'),
              t('records.compliance.staff.columns.name'),
              t('records.compliance.training.columns.type'),
              t('records.compliance.training.columns.amount'),
            ]}
          >
            <For each={[...(training.data ?? [])].sort(byTime)}>
              {(r) => (
                <tr data-testid="training-row">
                  <td class="nowrap">
                    <time datetime={r.at}>{formatInstant(r.at, locale())}</time>
                  </td>
                  <td class="mono nowrap">{r.staffId}</td>
                  <td>{names().get(r.staffId) ?? ''}</td>
                  <td class="nowrap">{t(`records.compliance.training.types.${r.type}`)}</td>
                  <td class="nowrap">
                    {r.type === 'exam'
                      ? r.passed
                        ? t('records.compliance.training.passed')
                        : t('records.compliance.training.notPassed')
                      : r.hours !== undefined
                        ? t('records.compliance.training.hoursValue', { hours: String(r.hours) })
                        : t('records.compliance.training.daysValue', { days: String(r.days ?? '') })}
                  </td>
                </tr>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
      <Show when={hasAnyRole(session.current()?.user.roles, WRITERS.training)}>
        <TrainingForm onRecorded={props.onRecorded} />
      </Show>
    </>
  )
}

function TrainingForm(props: { onRecorded: (month: string, text: string) => void }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [staffId, setStaffId] = createSignal('')
  const [type, setType] = createSignal<TrainingType>('in_service')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const [amount, setAmount] = createSignal('')
  const [passed, setPassed] = createSignal(true)
  const unit = (): 'hours' | 'days' | null =>
    type() === 'in_service' ? 'hours' : type() === 'exam' ? null : 'days'
  const labels = () => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    type: t('records.compliance.training.columns.type'),
    at: t('records.compliance.training.form.at'),
    hours: t('records.compliance.training.form.hours'),
    days: t('records.compliance.training.form.days'),
    passed: t('records.compliance.training.form.passed'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const u = unit()
    const n = amount().trim() === '' ? undefined : Number(amount())
    const body: TrainingInput = {
      staffId: staffId().trim(),
      type: type(),
      at: when ?? '',
      ...(u && n !== undefined ? { [u]: n } : {}),
      ...(type() === 'exam' ? { passed: passed() } : {}),
    }
    const found: FieldErrors = {}
    if (!body.staffId) found.staffId = t('records.common.required')
    if (!when) found.at = t('records.common.invalidTime')
    if (u && n !== undefined && !Number.isFinite(n)) found[u] = t('records.common.notANumber')
    return {
      errors: { ...schemaErrors(TrainingRecord, { kind: 'training', ...body }), ...found },
      save: async () => {
        const report = await api.recordTraining(body)
        const month = localMonthOf(body.at)
        await queryClient.invalidateQueries({ queryKey: ['training', month] })
        props.onRecorded(
          month,
          report.created > 0
            ? t('records.compliance.training.form.done', { id: body.staffId })
            : t('records.common.duplicate'),
        )
        if (report.created > 0) setAmount('')
      },
    }
  })

  return (
    <RecordForm
      name="training"
      title={t('records.compliance.training.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.training.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="training-staff" name="staffId" label={labels().staffId} error={form.errors().staffId}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="training-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={TRAINING_TYPES}
            label={(value) => t(`records.compliance.training.types.${value}`)}
            onValue={(value) => {
              setType(value)
              form.setErrors({})
            }}
          />
        )}
      </Field>
      <AtField id="training-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
      <Show
        when={unit()}
        fallback={
          <label class="check">
            <input type="checkbox" checked={passed()} onChange={(e) => setPassed(e.currentTarget.checked)} />{' '}
            {labels().passed}
          </label>
        }
      >
        {(u) => (
          <Field id="training-amount" name={u()} label={labels()[u()]} error={form.errors()[u()]}>
            {(aria) => (
              <TextInput
                {...aria}
                type="number"
                inputMode="decimal"
                min="0"
                step="0.5"
                value={amount()}
                onValue={setAmount}
              />
            )}
          </Field>
        )}
      </Show>
    </RecordForm>
  )
}

// --- Staff roster and turnover --------------------------------------------------------------------

function StaffPanel(props: { month: string; onRecorded: (month: string, text: string) => void }) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const staff = useQuery(() => ({ queryKey: ['staff-events'], queryFn: () => api.staffEvents() }))
  const turnover = useQuery(() => ({
    queryKey: ['kpis', props.month, 'turnover'],
    queryFn: () => api.kpis(props.month, 'turnover'),
  }))
  const terms = useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))

  // On the books as of now, or at the month's end for a past month (the turnover's headcount).
  const monthEndMs = () => epochMs(startOfLocalDay(`${nextMonth(props.month)}-01`))
  const cutoffMs = () => Math.min(Date.now(), monthEndMs())
  const asOfLabel = () =>
    cutoffMs() === monthEndMs()
      ? t('records.compliance.staff.asOfMonthEnd', { month: formatMonth(props.month, locale()) })
      : t('records.compliance.staff.asOfNow')
  const roster = () => rosterAt(staff.data ?? [], cutoffMs())
  const movements = () => (staff.data ?? []).filter((e) => localMonthOf(e.at) === props.month).sort(byTime)
  const names = () => namesOf(staff.data)

  /** The month's turnover: the job's result, or — before the job has run — the domain's rule applied here. */
  const rate = () => {
    const stored = (turnover.data ?? []).find((r) => r.period === props.month && r.subject === null)
    if (stored) return { result: stored, estimate: false }
    const current = terms.data?.terms
    if (!current || !staff.data) return null
    const result = turnoverMonthly(staff.data, props.month, { terms: current, calendar: createCalendar() })
    return { result, estimate: true }
  }
  const maxBp = () => terms.data?.terms.kpis.turnover.maxBp ?? 2000

  return (
    <>
      <p class="muted">{t('records.compliance.staff.intro')}</p>
      <Loaded queries={[staff, turnover, terms]}>
        <Show when={rate()}>
          {(r) => (
            <section class="kpi-figure" aria-labelledby="turnover-title" data-testid="turnover">
              <h3 id="turnover-title">
                {t('records.compliance.staff.turnoverTitle', { month: formatMonth(props.month, locale()) })}
              </h3>
              <Show
                when={r().result.value}
                fallback={<p role="status">{t('records.compliance.staff.noAgents')}</p>}
              >
                {(value) => (
                  <>
                    <p>
                      <strong class="figure" data-testid="turnover-rate">
                        {formatPercent(value())}
                      </strong>{' '}
                      <span
                        classList={{
                          badge: true,
                          'good-badge': r().result.met === true,
                          'bad-badge': r().result.met === false,
                        }}
                      >
                        {r().result.met
                          ? t('records.compliance.staff.withinCeiling', { max: formatBp(maxBp()) })
                          : t('records.compliance.staff.aboveCeiling', { max: formatBp(maxBp()) })}
                      </span>{' '}
                      <Show when={r().estimate}>
                        <span class="badge">{t('records.compliance.staff.estimate')}</span>
                      </Show>
                    </p>
                    <p class="muted" data-testid="turnover-formula">
                      {t('records.compliance.staff.formula', {
                        leavers: String(r().result.evidence.figures.leavers ?? 0),
                        headcount: String(r().result.evidence.figures.headcountAtMonthEnd ?? 0),
                      })}
                    </p>
                  </>
                )}
              </Show>
              <p class="note">
                {r().estimate ? t('records.compliance.staff.estimateNote') : ''}
                {t('records.compliance.staff.annualNote', {
                  max: formatBp(maxBp()),
                  amount: formatYuan(terms.data?.terms.kpis.turnover.perPointFen ?? 0),
                })}
              </p>
            </section>
          )}
        </Show>

        <For each={STAFF_ROLES}>
          {(role) => {
            const people = () => roster().filter((p) => p.role === role)
            return (
              <>
                <h3 id={`roster-${role}`}>
                  {t(`records.compliance.staff.roster.${role}`, { n: String(people().length) })}{' '}
                  <span class="muted detail">{asOfLabel()}</span>
                </h3>
                <Show
                  when={people().length > 0}
                  fallback={<p class="muted">{t('records.compliance.staff.nobody')}</p>}
                >
                  <DataTable
                    labelledBy={`roster-${role}`}
                    testid={`roster-${role}`}
                    columns={[
                      t('records.compliance.staff.columns.staffId'),
                      t('records.compliance.staff.columns.name'),
                      t('records.compliance.staff.columns.since'),
                    ]}
                  >
                    <For each={people()}>
                      {(p) => (
                        <tr data-testid="roster-row">
                          <th scope="row" class="mono nowrap">
                            {p.staffId}
                          </th>
                          <td>{p.name ?? ''}</td>
                          <td class="nowrap">
                            <time datetime={p.since}>{formatInstant(p.since, locale())}</time>
                          </td>
                        </tr>
                      )}
                    </For>
                  </DataTable>
                </Show>
              </>
            )
          }}
        </For>

        <h3 id="movements-title">
          {t('records.compliance.staff.movementsTitle', { month: formatMonth(props.month, locale()) })}
        </h3>
        <Show
          when={movements().length > 0}
          fallback={<p role="status">{t('records.compliance.staff.noMovements')}</p>}
        >
          <DataTable
            labelledBy="movements-title"
            testid="movements"
            columns={[
              t('records.compliance.checks.columns.at'),
              t('records.compliance.staff.columns.staffId'),
              t('records.compliance.staff.columns.name'),
              t('records.compliance.staff.columns.role'),
              t('records.compliance.staff.columns.change'),
              t('records.compliance.checks.columns.recordedBy'),
            ]}
          >
            <For each={movements()}>
              {(e) => (
                <tr data-testid="movement-row">
                  <td class="nowrap">
                    <time datetime={e.at}>{formatInstant(e.at, locale())}</time>
                  </td>
                  <td class="mono nowrap">{e.staffId}</td>
                  <td>{e.name ?? names().get(e.staffId) ?? ''}</td>
                  <td class="nowrap">{t(`records.compliance.staff.roles.${e.role}`)}</td>
                  <td class="nowrap">{t(`records.compliance.staff.changes.${e.type}`)}</td>
                  <td class="nowrap">{e.ingestedBy}</td>
                </tr>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
      <Show when={hasAnyRole(session.current()?.user.roles, WRITERS.staffEvent)}>
        <StaffForm onRecorded={props.onRecorded} />
      </Show>
    </>
  )
}

function StaffForm(props: { onRecorded: (month: string, text: string) => void }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [staffId, setStaffId] = createSignal('')
  const [name, setName] = createSignal('')
  const [role, setRole] = createSignal<'agent' | 'ops'>('agent')
  const [type, setType] = createSignal<'joined' | 'left'>('joined')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const labels = () => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    name: t('records.compliance.staff.columns.name'),
    role: t('records.compliance.staff.columns.role'),
    type: t('records.compliance.staff.columns.change'),
    at: t('records.compliance.staff.form.at'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const body: StaffEventInput = {
      staffId: staffId().trim(),
      type: type(),
      at: when ?? '',
      role: role(),
      ...(name().trim() ? { name: name().trim() } : {}),
    }
    const found: FieldErrors = {}
    if (!body.staffId) found.staffId = t('records.common.required')
    if (!when) found.at = t('records.common.invalidTime')
    return {
      errors: { ...schemaErrors(StaffEventRecord, { kind: 'staff_event', ...body }), ...found },
      save: async () => {
        const report = await api.recordStaffEvent(body)
        await queryClient.invalidateQueries({ queryKey: ['staff-events'] })
        props.onRecorded(
          localMonthOf(body.at),
          report.created > 0
            ? t('records.compliance.staff.form.done', {
                id: body.staffId,
                change: t(`records.compliance.staff.changes.${body.type}`),
              })
            : t('records.common.duplicate'),
        )
        if (report.created > 0) {
          setStaffId('')
          setName('')
        }
      },
    }
  })

  return (
    <RecordForm
      name="staff"
      title={t('records.compliance.staff.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.staff.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="staff-id" name="staffId" label={labels().staffId} error={form.errors().staffId}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="staff-name" name="name" label={labels().name} error={form.errors().name}>
        {(aria) => <TextInput {...aria} maxLength={100} value={name()} onValue={setName} />}
      </Field>
      <Field id="staff-role" name="role" label={labels().role} error={form.errors().role}>
        {(aria) => (
          <Select
            {...aria}
            value={role()}
            options={STAFF_ROLES}
            label={(value) => t(`records.compliance.staff.roles.${value}`)}
            onValue={setRole}
          />
        )}
      </Field>
      <Field id="staff-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={STAFF_CHANGES}
            label={(value) => t(`records.compliance.staff.changes.${value}`)}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="staff-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
    </RecordForm>
  )
}

// --- Publications ---------------------------------------------------------------------------------

function PublicationsPanel(props: {
  day: string
  onDay: (day: string) => void
  onChanged: (text: string) => void
}) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const queryClient = useQueryClient()
  const mayReview = () => hasAnyRole(session.current()?.user.roles, WRITERS.review)
  const terms = useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))
  const publications = useQuery(() => ({
    queryKey: ['publications', props.day],
    queryFn: () => api.publications(props.day),
  }))
  const list = () => [...(publications.data ?? [])].sort(byTime)
  const accurate = () => list().filter((p) => p.accurate).length

  const review = async (p: StoredPublication, reason: string) => {
    try {
      const updated = await api.reviewPublication(props.day, p.publicationId, {
        accurate: !p.accurate,
        reason,
      })
      queryClient.setQueryData<StoredPublication[]>(['publications', props.day], (items) =>
        items?.map((item) => (item.publicationId === updated.publicationId ? updated : item)),
      )
      props.onChanged(
        t('records.compliance.publications.reviewed', {
          id: p.publicationId,
          accuracy: updated.accurate ? t('records.common.accurate') : t('records.common.inaccurate'),
        }),
      )
    } catch (err) {
      void queryClient.invalidateQueries({ queryKey: ['publications', props.day] })
      throw new Error(messageOf(err, locale()))
    }
  }

  return (
    <>
      <div class="filters">
        <label for="publications-day">{t('records.compliance.publications.day')}</label>
        <input
          id="publications-day"
          type="date"
          value={props.day}
          onChange={(e) => {
            const value = e.currentTarget.value
            if (LocalDateSchema.safeParse(value).success) props.onDay(value)
          }}
        />
      </div>
      <Show when={terms.data?.terms.kpis.publishAccuracy}>
        {(rule) => (
          <p class="muted">
            {t('records.compliance.publications.intro', {
              target: formatBp(rule().targetBp),
              amount: formatYuan(rule().perPointFen),
            })}
          </p>
        )}
      </Show>
      <Loaded queries={[publications]}>
        <Show
          when={list().length > 0}
          fallback={
            <p role="status">
              {t('records.compliance.publications.empty', {
                day: formatDate(props.day, locale(), { year: true }),
              })}
            </p>
          }
        >
          <p data-testid="publications-summary">
            {t('records.compliance.publications.summary', {
              accurate: String(accurate()),
              total: String(list().length),
              rate: formatPercent({ num: accurate(), den: list().length }),
            })}
          </p>
          <DataTable
            labelledBy="publications-caption"
            testid="publications"
            caption={t('records.compliance.publications.caption', {
              day: formatDate(props.day, locale(), { year: true }),
            })}
            columns={[
              t('records.compliance.publications.columns.id'),
              t('records.compliance.checks.columns.at'),
              t('records.compliance.publications.columns.channel'),
              t('records.compliance.publications.columns.title'),
              t('records.compliance.publications.columns.accuracy'),
              ...(mayReview() ? [t('records.incidents.columns.actions')] : []),
            ]}
          >
            <For each={list()}>
              {(p) => (
                <>
                  <tr data-testid="publication-row" class="has-audit">
                    <th scope="row" class="mono nowrap">
                      {p.publicationId}
                    </th>
                    <td class="nowrap">
                      <time datetime={p.at}>{formatInstant(p.at, locale())}</time>
                    </td>
                    <td class="nowrap">{t(`records.compliance.publications.channels.${p.channel}`)}</td>
                    <td class="text">{p.title ?? ''}</td>
                    <td class="nowrap">
                      <span classList={{ badge: true, 'good-badge': p.accurate, 'bad-badge': !p.accurate }}>
                        {p.accurate ? t('records.common.accurate') : t('records.common.inaccurate')}
                      </span>
                    </td>
                    <Show when={mayReview()}>
                      <td>
                        <ReasonAction
                          id={`review-${p.publicationId}`}
                          label={
                            p.accurate
                              ? t('records.compliance.publications.markInaccurate')
                              : t('records.compliance.publications.markAccurate')
                          }
                          ariaLabel={t(
                            p.accurate
                              ? 'records.compliance.publications.markInaccurateOf'
                              : 'records.compliance.publications.markAccurateOf',
                            { id: p.publicationId },
                          )}
                          submitLabel={t('records.compliance.publications.confirm')}
                          onSubmit={(reason) => review(p, reason)}
                        />
                      </td>
                    </Show>
                  </tr>
                  <tr class="audit-row" data-testid="publication-audit">
                    <td colSpan={mayReview() ? 6 : 5}>
                      <AuditTrail audit={p.audit} />
                    </td>
                  </tr>
                </>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
    </>
  )
}
