/**
 * The nightly and monthly jobs (SPEC §5, §6): read a period's records by Query, compute its KPIs
 * with the domain's calculators, store one result per (kpi, period, subject), draft deductions and
 * sync them (re-running changes nothing; late data revises drafts; a decided deduction is never
 * changed but superseded). Every run is recorded with its counts and terms version.
 */
import {
  addDays,
  agentWorkload,
  answer15s,
  type Calendar,
  type ContractTerms,
  connection,
  type DeductionDraft,
  datesOfMonth,
  draftDeductions,
  emergencyReports,
  endOfLocalDay,
  facilityChecksForMonth,
  type Instant,
  isoWeeksOfMonth,
  type KpiContext,
  type KpiResult,
  type LocalDate,
  lastDateOfMonth,
  localDateOf,
  type Month,
  microPlatform,
  nextMonth,
  publishAccuracy,
  rollUpMonth,
  satisfaction,
  serviceErrorsForDay,
  type TermsSchedule,
  type TicketEventRecord,
  termsVersionOf,
  ticketEventRecords,
  trainingInService,
  trainingOnboarding,
  turnoverAnnual,
  turnoverMonthly,
  verifiedIncidents,
} from '@hotline/domain'
import {
  asRecord,
  billingMonth,
  finishJobRun,
  firstDutiesOfMonth,
  getTicket,
  kpiResultsOfMonth,
  lastCompletedPeriod,
  markCompleted,
  markMonthResults,
  pruneKpiResults,
  putKpiResults,
  recordFirstDuty,
  recordsIn,
  type Store,
  type StoredKind,
  startJobRun,
  syncDeductions,
  ticketIdsWithEpisodesOn,
  trainingsOfStaff,
} from '@hotline/store'

export type JobDeps = {
  store: Store
  /** The terms in force on each day: a daily run reads its day's, a monthly run its first day's. */
  terms: TermsSchedule
  calendar: Calendar
  /** The wall clock: run records and `asOf` of live runs. */
  now: () => Date
  /** The scheduler execution or HTTP request the runs belong to, kept on their run records. */
  correlationId?: string | undefined
}

export type JobSummary = {
  jobRunId: string
  job: 'daily' | 'monthly'
  period: string
  results: number
  breaches: number
  deductions: Record<string, number>
  records: Record<string, number>
}

/** A run's view of the jobs' ports: the terms version in force on its period, and every version. */
type RunDeps = Omit<JobDeps, 'terms'> & { terms: ContractTerms; schedule: TermsSchedule }

const runDepsAt = (deps: JobDeps, date: LocalDate): RunDeps => ({
  ...deps,
  terms: deps.terms.at(date),
  schedule: deps.terms,
})

/**
 * The drafts of `results`, each charged under the terms version that produced it (a ticket judged
 * today under the terms of its receipt is charged under those too: SPEC §2, a deduction records the
 * version that produced it).
 */
function draftUnderOwnTerms(deps: RunDeps, results: readonly KpiResult[]): DeductionDraft[] {
  const byVersion = new Map<string, KpiResult[]>()
  for (const r of results) byVersion.set(r.termsVersion, [...(byVersion.get(r.termsVersion) ?? []), r])
  return [...byVersion]
    .flatMap(([version, group]) => {
      const terms = deps.schedule.versions.find((v) => termsVersionOf(v.terms) === version)?.terms
      return draftDeductions(group, terms ?? deps.terms)
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

const ctxOf = (deps: RunDeps): KpiContext => ({ terms: deps.terms, calendar: deps.calendar })

/**
 * `judge` over ticket events grouped by the terms in force on each ticket's day of receipt: a
 * ticket's deadlines are those promised when it was received, to its close (`tickets/write.ts`
 * computes its clocks the same way). Nearly always one group; two when tickets received before a new
 * version's first month have deadlines after it. `judge` must return per-ticket results.
 */
function underTermsOfReceipt<T>(
  deps: JobDeps,
  events: readonly TicketEventRecord[],
  judge: (events: TicketEventRecord[], ctx: KpiContext) => T[],
): T[] {
  const receivedOn = new Map<string, LocalDate>()
  for (const e of events) if (e.type === 'received') receivedOn.set(e.ticketId, localDateOf(e.at))
  const groups = new Map<ContractTerms, TicketEventRecord[]>()
  for (const e of events) {
    const day = receivedOn.get(e.ticketId)
    const terms = day ? deps.terms.at(day) : deps.terms.at(localDateOf(e.at))
    groups.set(terms, [...(groups.get(terms) ?? []), e])
  }
  return [...groups].flatMap(([terms, group]) => judge(group, { terms, calendar: deps.calendar }))
}

async function records<K extends StoredKind>(store: Store, kind: K, period: string) {
  return (await recordsIn(store, kind, period)).map((stored) => asRecord(kind, stored))
}

/** The ticket-event records of tickets, fetched by id (a bounded set the index points at). */
async function ticketEvents(
  store: Store,
  ids: readonly string[],
  concurrency = 16,
): Promise<TicketEventRecord[]> {
  const events: TicketEventRecord[] = []
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const ticket = await getTicket(store, ids[next++] as string)
      if (ticket) events.push(...ticketEventRecords(ticket))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker))
  return events
}

/** Runs `body` as a recorded job run, storing its results and syncing its deductions. */
async function recorded(
  deps: RunDeps,
  job: 'daily' | 'monthly',
  period: string,
  trigger: string,
  body: () => Promise<{
    results: KpiResult[]
    scopes: { kpi: string; period: string }[]
    records: Record<string, number>
  }>,
): Promise<JobSummary> {
  const startedAt = deps.now().toISOString()
  const run = await startJobRun(deps.store, {
    jobRunId: `${job}:${period}:${startedAt}`,
    job,
    period,
    termsVersion: termsVersionOf(deps.terms),
    trigger,
    startedAt,
    correlationId: deps.correlationId,
  })
  try {
    const { results, scopes, records: counts } = await body()
    await putKpiResults(deps.store, results, { computedAt: startedAt, jobRunId: run.jobRunId })
    await pruneKpiResults(deps.store, results, scopes)
    const drafts = draftUnderOwnTerms(deps, results)
    const outcomes = await syncDeductions(
      deps.store,
      { drafts, scopes },
      { jobRunId: run.jobRunId, at: startedAt },
    )
    // The months these results are billed in now have results (their MONTH items, for GET /months).
    await markMonthResults(
      deps.store,
      results.map((r) => billingMonth(r.period)),
      startedAt,
    )
    const deductions: Record<string, number> = {}
    for (const outcome of outcomes.values()) deductions[outcome] = (deductions[outcome] ?? 0) + 1
    const summary: JobSummary = {
      jobRunId: run.jobRunId,
      job,
      period,
      results: results.length,
      breaches: results.filter((r) => r.met === false).length,
      deductions,
      records: counts,
    }
    await finishJobRun(deps.store, run, {
      endedAt: deps.now().toISOString(),
      status: 'succeeded',
      counts: {
        results: summary.results,
        breaches: summary.breaches,
        // Results whose deadlines counted days of a calendar year not loaded (Settings shows them).
        provisional: results.filter((r) => r.evidence.provisional).length,
        ...counts,
        ...prefixed('deductions', deductions),
      },
    })
    await markIfContiguous(deps, job, period)
    return summary
  } catch (err) {
    await finishJobRun(deps.store, run, {
      endedAt: deps.now().toISOString(),
      status: 'failed',
      counts: {},
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    })
    throw err
  }
}

/**
 * Moves the job's "last completed" mark only to the period right after it (or sets the first one),
 * so a manual run of a later period never hides an earlier one the schedule still has to catch up.
 */
async function markIfContiguous(deps: RunDeps, job: 'daily' | 'monthly', period: string): Promise<void> {
  const last = await lastCompletedPeriod(deps.store, job)
  const next = last === null ? null : job === 'daily' ? addDays(last, 1) : nextMonth(last)
  if (last === null || next === period) await markCompleted(deps.store, job, period)
}

const prefixed = (prefix: string, counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${prefix}.${k}`, v]))

const DAILY_KPIS = [
  'answer_15s',
  'connection',
  'agent_workload',
  'publish_accuracy',
  'service_error.transfer',
  'service_error.return',
  'service_error.callback',
  'emergency_report',
] as const

/**
 * The daily job for local day `date` (runs after 00:00 of the next day): the day's calls and
 * publications, the §4.3 deadlines that expired on it, its emergency tickets.
 */
export async function runDaily(jobDeps: JobDeps, date: LocalDate, trigger = 'manual'): Promise<JobSummary> {
  const deps = runDepsAt(jobDeps, date)
  return recorded(deps, 'daily', date, trigger, async () => {
    const ctx = ctxOf(deps)
    const calls = await records(deps.store, 'call', date)
    const publications = await records(deps.store, 'publication', date)
    const events = await ticketEvents(deps.store, await ticketIdsWithEpisodesOn(deps.store, date))
    // An emergency received late on `date` is due minutes after midnight: decide it as of then.
    const emergencyUntil = new Date(
      Date.parse(endOfLocalDay(date)) + ctx.terms.kpis.emergencyReport.reportWithinMinutes * 60_000,
    ).toISOString()
    const firstAnswers = new Map<string, string>()
    for (const call of calls) {
      if (call.answeredAt && call.agentId && (firstAnswers.get(call.agentId) ?? '\uffff') > call.answeredAt) {
        firstAnswers.set(call.agentId, call.answeredAt)
      }
    }
    for (const [agentId, at] of firstAnswers) await recordFirstDuty(deps.store, agentId, at)
    const results = [
      answer15s(calls, date, ctx),
      connection(calls, date, ctx),
      ...agentWorkload(calls, date, ctx),
      publishAccuracy(publications, date, ctx),
      ...underTermsOfReceipt(jobDeps, events, (group, at) => serviceErrorsForDay(group, date, at)),
      ...underTermsOfReceipt(jobDeps, events, (group, at) =>
        emergencyReports(group, date, at, emergencyUntil),
      ),
    ]
    return {
      results,
      scopes: DAILY_KPIS.map((kpi) => ({ kpi, period: date })),
      records: { calls: calls.length, publications: publications.length, ticketEvents: events.length },
    }
  })
}

/**
 * The monthly job for `month` (runs on the 1st of the next month): satisfaction, micro-platform
 * timeliness, weekly checks, training, monthly turnover, verified incidents, and the month's
 * roll-up of the daily KPIs from the daily results; for the contract's last month (or December)
 * also the annual turnover.
 */
export async function runMonthly(
  jobDeps: JobDeps,
  month: Month,
  asOf: Instant,
  trigger = 'manual',
): Promise<JobSummary> {
  const deps = runDepsAt(jobDeps, `${month}-01`)
  return recorded(deps, 'monthly', month, trigger, async () => {
    const ctx = ctxOf(deps)
    const ratings = await records(deps.store, 'rating', month)
    const staffEvents = await records(deps.store, 'staff_event', '')
    const trainings = await records(deps.store, 'training', month)
    const incidents = await records(deps.store, 'incident', month)
    const checks = (
      await Promise.all(isoWeeksOfMonth(month).map((w) => records(deps.store, 'facility_check', w)))
    ).flat()
    const microIds = (
      await Promise.all(
        datesOfMonth(month).map((d) => ticketIdsWithEpisodesOn(deps.store, d, ['micro_platform'])),
      )
    ).flat()
    const microEvents = await ticketEvents(deps.store, microIds)
    const firstDutyAt = await firstDutiesOfMonth(deps.store, month)
    const newcomerTrainings = (
      await Promise.all(
        [...firstDutyAt.keys()].map(async (id) =>
          (await trainingsOfStaff(deps.store, id)).map((t) => asRecord('training', t)),
        ),
      )
    ).flat()
    const dailyResults = await kpiResultsOfMonth(deps.store, month)
    const results: KpiResult[] = [
      satisfaction(ratings, month, ctx),
      // Submissions received in `month`, all under its terms (a version starts on a month's first day).
      microPlatform(microEvents, month, ctx, asOf),
      ...facilityChecksForMonth(checks, month, ctx),
      ...trainingOnboarding({ firstDutyAt, trainings: newcomerTrainings, staffEvents }, month, ctx),
      ...trainingInService({ trainings, staffEvents }, month, ctx),
      turnoverMonthly(staffEvents, month, ctx),
      ...verifiedIncidents(incidents, ctx, { from: `${month}-01`, to: lastDateOfMonth(month) }),
      ...(['answer_15s', 'connection', 'publish_accuracy'] as const).map((kpi) =>
        rollUpMonth(dailyResults, kpi, month, ctx),
      ),
    ]
    const scopes = [
      ...['satisfaction', 'micro_platform', 'training.onboarding', 'training.in_service', 'turnover'].map(
        (kpi) => ({ kpi, period: month }),
      ),
      ...['complaint', 'confidentiality', 'inspection', 'micro_platform', 'emergency_report'].map((kpi) => ({
        kpi,
        period: month,
      })),
      ...isoWeeksOfMonth(month).flatMap((week) => [
        { kpi: 'safety_check', period: week },
        { kpi: 'cleaning_check', period: week },
      ]),
    ]
    const year = month.slice(0, 4)
    if (month === deps.terms.contract.end.slice(0, 7) || month.endsWith('-12')) {
      // The annual rate is the mean of the year's monthly rates, each computed here from the whole
      // staff history (not from stored results, which may be missing for months before go-live).
      const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter(
        (m) => m <= month && m >= deps.terms.contract.start.slice(0, 7),
      )
      const monthly = months.map((m) => turnoverMonthly(staffEvents, m, ctx))
      results.push(turnoverAnnual(monthly, Number(year), ctx))
      scopes.push({ kpi: 'turnover', period: year })
    }
    return {
      results,
      scopes,
      records: {
        ratings: ratings.length,
        staffEvents: staffEvents.length,
        trainings: trainings.length,
        incidents: incidents.length,
        checks: checks.length,
        microPlatformTickets: new Set(microIds).size,
      },
    }
  })
}

/**
 * What the schedule runs: every daily job from the day after the last completed one up to
 * yesterday (a missed night is caught up), and every monthly job not yet run for a finished month
 * — all within the contract period.
 */
export async function runDue(deps: JobDeps, trigger = 'schedule'): Promise<JobSummary[]> {
  const now = deps.now()
  const today = localDateOf(now)
  const yesterday = addDays(today, -1)
  const { start, end } = deps.terms.at(yesterday).contract
  const summaries: JobSummary[] = []
  const lastDay = await lastCompletedPeriod(deps.store, 'daily')
  const firstDay = lastDay ? addDays(lastDay, 1) : maxDate(start, addDays(yesterday, -31))
  for (let day = firstDay; day <= yesterday && day <= end; day = addDays(day, 1)) {
    summaries.push(await runDaily(deps, day, trigger))
  }
  const lastMonth = await lastCompletedPeriod(deps.store, 'monthly')
  const previousMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)
  for (
    let month = lastMonth ? nextMonth(lastMonth) : start.slice(0, 7);
    month <= previousMonth && month <= end.slice(0, 7);
    month = nextMonth(month)
  ) {
    summaries.push(await runMonthly(deps, month, now.toISOString(), trigger))
  }
  return summaries
}

const maxDate = (a: LocalDate, b: LocalDate) => (a > b ? a : b)
