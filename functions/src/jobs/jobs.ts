/**
 * The nightly and monthly jobs (SPEC §5, §6): read a period's records (`JobSources`: by Query from
 * the store), compute its KPIs with the domain's calculators, store one result per (kpi, period,
 * subject), draft deductions and sync them (re-running changes nothing; late data revises drafts; a
 * decided deduction is never changed but superseded). Every run is recorded with its counts and
 * terms version. The computation (`dailyResults`, `monthlyResults`) reads only from its sources and
 * writes nothing: replay runs it on a file's records in memory.
 */
import {
  addDays,
  type Calendar,
  CallDayTally,
  type ContractTerms,
  type DeductionDraft,
  datesOfMonth,
  draftDeductions,
  emergencyReports,
  endOfLocalDay,
  facilityChecksForMonth,
  type Instant,
  isoWeeksOfMonth,
  type JobScope,
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
  trainingInService,
  trainingOnboarding,
  turnoverAnnual,
  turnoverMonthly,
  verifiedIncidents,
} from '@hotline/domain'
import {
  billingMonth,
  finishJobRun,
  lastCompletedPeriod,
  markCompleted,
  markMonthResults,
  pruneKpiResults,
  putKpiResults,
  recordFirstDuties,
  type Store,
  type SyncOutcome,
  startJobRun,
  syncDeductions,
} from '@hotline/store'
import { type JobSources, storeSources } from './sources'

/** The rules a job computes under: the terms in force on each day, and the calendar. */
export type JobRules = { terms: TermsSchedule; calendar: Calendar }

export type JobDeps = JobRules & {
  store: Store
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

/** What a job computed for its period: the results, the scopes it evaluated, and what it read. */
export type PeriodResults = {
  results: KpiResult[]
  /** The scopes evaluated (`inScope`): stored results and drafts within them it did not produce go. */
  scopes: JobScope[]
  records: Record<string, number>
}

/** A day's results, and each agent's first answer of the day (their first duty, if none earlier). */
export type DailyResults = PeriodResults & { firstAnswers: Map<string, string> }

/**
 * The drafts of `results`, each charged under the terms version that produced it (a ticket judged
 * today under the terms of its receipt is charged under those too: SPEC §2, a deduction records the
 * version that produced it); `fallback` for a version the schedule no longer holds.
 */
export function draftUnderOwnTerms(
  schedule: TermsSchedule,
  fallback: ContractTerms,
  results: readonly KpiResult[],
): DeductionDraft[] {
  const byVersion = new Map<string, KpiResult[]>()
  for (const r of results) {
    const group = byVersion.get(r.termsVersion)
    if (group) group.push(r)
    else byVersion.set(r.termsVersion, [r])
  }
  return [...byVersion]
    .flatMap(([version, group]) => {
      const terms = schedule.versions.find((v) => termsVersionOf(v.terms) === version)?.terms
      return draftDeductions(group, terms ?? fallback)
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The terms in force on `date` with the calendar: what a run on that period computes under. */
const ctxAt = (rules: JobRules, date: LocalDate): KpiContext => ({
  terms: rules.terms.at(date),
  calendar: rules.calendar,
})

/**
 * `judge` over ticket events grouped by the terms in force on each ticket's day of receipt: a
 * ticket's deadlines are those promised when it was received, to its close (`tickets/write.ts`
 * computes its clocks the same way). Nearly always one group; two when tickets received before a new
 * version's first month have deadlines after it. `judge` must return per-ticket results.
 */
function underTermsOfReceipt<T>(
  rules: JobRules,
  events: readonly TicketEventRecord[],
  judge: (events: TicketEventRecord[], ctx: KpiContext) => T[],
): T[] {
  const receivedOn = new Map<string, LocalDate>()
  for (const e of events) if (e.type === 'received') receivedOn.set(e.ticketId, localDateOf(e.at))
  const groups = new Map<ContractTerms, TicketEventRecord[]>()
  for (const e of events) {
    const day = receivedOn.get(e.ticketId)
    const terms = day ? rules.terms.at(day) : rules.terms.at(localDateOf(e.at))
    const group = groups.get(terms)
    if (group) group.push(e)
    else groups.set(terms, [e])
  }
  return [...groups].flatMap(([terms, group]) => judge(group, { terms, calendar: rules.calendar }))
}

/** What a run did, as the CLI and the API report it. */
export function jobSummary(
  run: { jobRunId: string; job: 'daily' | 'monthly'; period: string },
  computed: PeriodResults,
  outcomes: ReadonlyMap<string, SyncOutcome>,
): JobSummary {
  const deductions: Record<string, number> = {}
  for (const outcome of outcomes.values()) deductions[outcome] = (deductions[outcome] ?? 0) + 1
  return {
    jobRunId: run.jobRunId,
    job: run.job,
    period: run.period,
    results: computed.results.length,
    breaches: computed.results.filter((r) => r.met === false).length,
    deductions,
    records: computed.records,
  }
}

/** Runs `body` as a recorded job run, storing its results and syncing its deductions. */
async function recorded(
  deps: JobDeps,
  job: 'daily' | 'monthly',
  period: string,
  termsDate: LocalDate,
  trigger: string,
  body: (store: (results: readonly KpiResult[]) => Promise<void>) => Promise<PeriodResults>,
): Promise<JobSummary> {
  const terms = deps.terms.at(termsDate)
  const startedAt = deps.now().toISOString()
  const run = await startJobRun(deps.store, {
    jobRunId: `${job}:${period}:${startedAt}`,
    job,
    period,
    termsVersion: termsVersionOf(terms),
    trigger,
    startedAt,
    correlationId: deps.correlationId,
  })
  try {
    const meta = { computedAt: startedAt, jobRunId: run.jobRunId }
    // Results the body stores while it still reads (the daily job's ticket results, while the
    // calls are read): each is stored once, here or below.
    const stored = new Set<KpiResult>()
    const computed = await body(async (early) => {
      for (const result of early) stored.add(result)
      await putKpiResults(deps.store, early, meta)
    })
    const { results, scopes } = computed
    const drafts = draftUnderOwnTerms(deps.terms, terms, results)
    // Writes to items of their own, side by side; the run fails if any of them does, once all
    // have ended. The results, and the scopes' stale ones pruned (never one of `results`, so the
    // two may run together); then, the results stored, the drafts and the months these results are
    // billed in (their MONTH items, for GET /months).
    await allEnded([
      putKpiResults(
        deps.store,
        results.filter((result) => !stored.has(result)),
        meta,
      ),
      pruneKpiResults(deps.store, results, scopes),
    ] as const)
    const [outcomes] = await allEnded([
      syncDeductions(deps.store, { drafts, scopes }, { jobRunId: run.jobRunId, at: startedAt }),
      markMonthResults(
        deps.store,
        results.map((r) => billingMonth(r.period)),
        startedAt,
      ),
    ] as const)
    const summary = jobSummary({ jobRunId: run.jobRunId, job, period }, computed, outcomes)
    await finishJobRun(deps.store, run, {
      endedAt: deps.now().toISOString(),
      status: 'succeeded',
      counts: {
        results: summary.results,
        breaches: summary.breaches,
        // Results whose deadlines counted days of a calendar year not loaded (Settings shows them).
        provisional: results.filter((r) => r.evidence.provisional).length,
        ...computed.records,
        ...prefixed('deductions', summary.deductions),
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
async function markIfContiguous(deps: JobDeps, job: 'daily' | 'monthly', period: string): Promise<void> {
  const last = await lastCompletedPeriod(deps.store, job)
  const next = last === null ? null : job === 'daily' ? addDays(last, 1) : nextMonth(last)
  if (last === null || next === period) await markCompleted(deps.store, job, period)
}

/**
 * `Promise.all` that waits for every promise to end before it throws the first failure: no write
 * of a job is still running when its run is recorded as failed.
 */
async function allEnded<const T extends readonly Promise<unknown>[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises)
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>
  }
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
 * The events of the tickets flagged as emergencies (on a `received` event): the only ones
 * `emergencyReports` reports on, so it does not order every other ticket's timeline again.
 */
function emergencyTicketsOf(events: readonly TicketEventRecord[]): TicketEventRecord[] {
  const emergencies = new Set<string>()
  for (const e of events) if (e.type === 'received' && e.emergency === true) emergencies.add(e.ticketId)
  return events.filter((e) => emergencies.has(e.ticketId))
}

/**
 * The daily KPIs of local day `date` from `sources`: the day's calls and publications, the §4.3
 * deadlines that expired on it, its emergency tickets. Reads and computes, writes nothing itself:
 * the daily job stores the ticket results through `early` while the day's calls (the longest read)
 * are still coming, and the rest once all is computed. The results are the same either way.
 */
export async function dailyResults(
  rules: JobRules,
  sources: JobSources,
  date: LocalDate,
  /** Given the ticket results as soon as they are computed, while the calls may still be read. */
  early?: (results: readonly KpiResult[]) => Promise<void>,
): Promise<DailyResults> {
  const ctx = ctxAt(rules, date)
  // An emergency received late on `date` is due minutes after midnight: decide it as of then.
  const emergencyUntil = new Date(
    Date.parse(endOfLocalDay(date)) + ctx.terms.kpis.emergencyReport.reportWithinMinutes * 60_000,
  ).toISOString()
  const ofTickets = async () => {
    const filed = await sources.ticketsFiledOn(date)
    const events = await sources.ticketEvents(filed)
    const results = [
      ...underTermsOfReceipt(rules, events, (group, at) => serviceErrorsForDay(group, date, at)),
      ...underTermsOfReceipt(rules, emergencyTicketsOf(events), (group, at) =>
        emergencyReports(group, date, at, emergencyUntil),
      ),
    ]
    await early?.(results)
    return { filed, events, results }
  }
  // The calls tallied a page at a time, each agent's first answer kept; never the day's calls at once.
  const tally = new CallDayTally(date, ctx)
  const firstAnswers = new Map<string, string>()
  const ofCalls = async () => {
    let count = 0
    for await (const page of sources.callPages(date)) {
      for (const call of page) {
        tally.add(call)
        if (
          call.answeredAt &&
          call.agentId &&
          (firstAnswers.get(call.agentId) ?? '\uffff') > call.answeredAt
        ) {
          firstAnswers.set(call.agentId, call.answeredAt)
        }
      }
      count += page.length
    }
    return count
  }
  // Three reads of their own partitions, side by side.
  const [calls, publications, tickets] = await allEnded([
    ofCalls(),
    sources.publications(date),
    ofTickets(),
  ] as const)
  const { filed, events } = tickets
  const results = [...tally.results(), publishAccuracy(publications, date, ctx), ...tickets.results]
  return {
    results,
    // Emergencies: the tickets judged here, not the verified incidents the monthly job judges.
    scopes: DAILY_KPIS.map((kpi) =>
      kpi === 'emergency_report' ? { kpi, period: date, subjects: new Set(filed) } : { kpi, period: date },
    ),
    records: { calls, publications: publications.length, ticketEvents: events.length },
    firstAnswers,
  }
}

/**
 * The daily job for local day `date` (runs after 00:00 of the next day): `dailyResults` read from
 * the store, each agent's first duty kept, the results stored and the drafts synced.
 */
export async function runDaily(deps: JobDeps, date: LocalDate, trigger = 'manual'): Promise<JobSummary> {
  return recorded(deps, 'daily', date, date, trigger, async (store) => {
    const computed = await dailyResults(deps, storeSources(deps.store), date, store)
    await recordFirstDuties(deps.store, computed.firstAnswers)
    return computed
  })
}

/**
 * The monthly KPIs of `month` from `sources` as of `asOf`: satisfaction, micro-platform
 * timeliness, weekly checks, training, monthly turnover, verified incidents, and the month's
 * roll-up of the daily KPIs from the daily results; for the contract's last month (or December)
 * also the annual turnover. Reads, computes, writes nothing.
 */
export async function monthlyResults(
  rules: JobRules,
  sources: JobSources,
  month: Month,
  asOf: Instant,
): Promise<PeriodResults> {
  const ctx = ctxAt(rules, `${month}-01`)
  const micro = async () => {
    const ids = (
      await Promise.all(datesOfMonth(month).map((d) => sources.ticketsFiledOn(d, ['micro_platform'])))
    ).flat()
    return { microIds: ids, microEvents: await sources.ticketEvents(ids) }
  }
  const newcomers = async () => {
    const firstDutyAt = await sources.firstDutiesOfMonth(month)
    const trainings = await Promise.all([...firstDutyAt.keys()].map((id) => sources.trainingsOf(id)))
    return { firstDutyAt, newcomerTrainings: trainings.flat() }
  }
  // Reads of partitions of their own, side by side.
  const [
    ratings,
    staffEvents,
    trainings,
    incidents,
    weeks,
    { microIds, microEvents },
    { firstDutyAt, newcomerTrainings },
    dailyResults,
  ] = await allEnded([
    sources.ratings(month),
    sources.staffEvents(),
    sources.trainings(month),
    sources.incidents(month),
    Promise.all(isoWeeksOfMonth(month).map((w) => sources.facilityChecks(w))),
    micro(),
    newcomers(),
    sources.kpiResultsOfMonth(month),
  ] as const)
  const checks = weeks.flat()
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
  const scopes: JobScope[] = [
    ...['satisfaction', 'micro_platform', 'training.onboarding', 'training.in_service', 'turnover'].map(
      (kpi) => ({ kpi, period: month }),
    ),
    // Incidents, each judged on its own day of the month (a month's scope covers its days).
    ...['complaint', 'confidentiality', 'inspection'].map((kpi) => ({ kpi, period: month })),
    // Emergencies: the verified incidents judged here, not the tickets the daily job judges.
    { kpi: 'emergency_report', period: month, subjects: new Set(incidents.map((i) => i.incidentId)) },
    ...isoWeeksOfMonth(month).flatMap((week) => [
      { kpi: 'safety_check', period: week },
      { kpi: 'cleaning_check', period: week },
    ]),
  ]
  const year = month.slice(0, 4)
  if (month === ctx.terms.contract.end.slice(0, 7) || month.endsWith('-12')) {
    // The annual rate is the mean of the year's monthly rates, each computed here from the whole
    // staff history (not from stored results, which may be missing for months before go-live).
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter(
      (m) => m <= month && m >= ctx.terms.contract.start.slice(0, 7),
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
}

/** The monthly job for `month` (runs on the 1st of the next month): `monthlyResults` read from the store, stored and synced. */
export async function runMonthly(
  deps: JobDeps,
  month: Month,
  asOf: Instant,
  trigger = 'manual',
): Promise<JobSummary> {
  return recorded(deps, 'monthly', month, `${month}-01`, trigger, () =>
    monthlyResults(deps, storeSources(deps.store), month, asOf),
  )
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
