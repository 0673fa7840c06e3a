/**
 * The auditor's check of a bill (SPEC §9): replays a SPEC §9 file into a fresh in-memory store
 * (the embedded engine, nothing on disk), runs every daily job of the month in order and then the
 * monthly job — as of 31 days after the month's end, so every deadline of the month is decided —
 * and reads back the month's KPI results and draft deductions. The clock is fixed at that instant,
 * so the same file and terms always give the same result.
 *
 * @example
 * const result = await replayMonth({ lines: ['{"kind":"call",…}', …], month: '2026-10' })
 * JSON.stringify(replayJson(result)) // {"month":"2026-10","kpis":[…],"deductions":[…],"totalFen":…}
 */
import {
  type Calendar,
  type ContractTerms,
  createCalendar,
  datesOfMonth,
  endOfLocalDay,
  fixedTerms,
  jiyuan2026,
  type LocalDate,
  lastDateOfMonth,
  type Month,
  MonthSchema,
  type Target,
  termsVersionOf,
} from '@hotline/domain'
import { deductionsOfMonth, kpiResultsOfMonth } from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
import { localSmsSender } from '../intake/local-sender'
import type { IntakeDeps } from '../intake/usecases'
import { createVault } from '../intake/vault'
import { type JobDeps, type JobSummary, runDaily, runMonthly } from '../jobs/jobs'
import { createLogger } from '../logger'
import { noMetrics } from '../metrics'
import { emptyReport, type ImportReport, importLines } from '../operations/ingest'

/** One KPI result as `--json` prints it (docs/replay.md). */
export type ReplayKpiJson = {
  kpi: string
  /** `2026-10-09`, `2026-10`, `2026-W41` or `2026`. */
  period: string
  /** The ticket, agent, staff member or incident for per-subject KPIs; else `null`. */
  subject: string | null
  /** The exact value `num/den` (a count is `count/1`); both `null` for no data and for events. */
  num: number | null
  den: number | null
  /** `true` met, `false` breach, `null` no data or no target. */
  met: boolean | null
}

/** One draft deduction as `--json` prints it. */
export type ReplayDeductionJson = {
  id: string
  kpi: string
  period: string
  subject: string | null
  amountFen: number
}

/** What `hotline replay --json` prints: exactly these keys, in this order. */
export type ReplayJson = {
  month: Month
  kpis: ReplayKpiJson[]
  deductions: ReplayDeductionJson[]
  totalFen: number
}

/** A KPI result with what the table shows besides the JSON fields. */
export type ReplayKpi = ReplayKpiJson & { target: Target | null }

/** A draft deduction with its clause and formula in words. */
export type ReplayDeduction = ReplayDeductionJson & { clause: string; formula: { zh: string; en: string } }

export type ReplayResult = {
  month: Month
  /** `jiyuan-2026@2026.1`: the terms every result was computed under. */
  termsVersion: string
  /** The instant the jobs decided the month as of (and the replay's fixed clock). */
  asOf: string
  /** The file's import: line counts and the failed lines with their numbers. */
  import: ImportReport
  /** One summary per job run: the month's days in order, then the monthly job. */
  jobs: JobSummary[]
  /** Sorted by (period, kpi, subject). */
  kpis: ReplayKpi[]
  /** The month's draft deductions, sorted by id. */
  deductions: ReplayDeduction[]
  /** The drafts' amounts added up. */
  totalFen: number
  /** What a reader of this replay should know (a figure a single month cannot settle). */
  notes: string[]
}

export type ReplayProgress =
  /** `failed` is known once `done`. */
  | { phase: 'import'; lines: number; failed: number; done: boolean }
  | { phase: 'daily'; date: LocalDate; index: number; of: number }
  | { phase: 'monthly'; month: Month }

export type ReplayOptions = {
  /** The file's lines, in order (line numbers count from 1). */
  lines: Iterable<string> | AsyncIterable<string>
  /** `YYYY-MM`. */
  month: Month
  /** Default: the built-in Jiyuan 2026 terms. */
  terms?: ContractTerms
  /** Default: the built-in calendar. */
  calendar?: Calendar
  /** Called as the replay goes: every `PROGRESS_EVERY` lines, then each job. */
  onProgress?: (progress: ReplayProgress) => void
}

export const PROGRESS_EVERY = 1000
const DAY_MS = 24 * 60 * 60_000
/** Deadlines of the month are decided this long after its end: the longest §4.3 window is days. */
export const DECIDE_AFTER_DAYS = 31

/** The instant the replay decides `month` as of: 24:00 of its last day plus 31 days. */
export const replayAsOf = (month: Month): string =>
  new Date(Date.parse(endOfLocalDay(lastDateOfMonth(month))) + DECIDE_AFTER_DAYS * DAY_MS).toISOString()

/** Code-unit order: the same on every machine and locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const compareSubject = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : compare(a, b)

/** Replays `lines` into a fresh in-memory store and returns the month's KPI results and draft deductions. */
export async function replayMonth(options: ReplayOptions): Promise<ReplayResult> {
  const month = MonthSchema.parse(options.month)
  // A replay is under one document: the one given, or the built-in one.
  const terms = fixedTerms(options.terms ?? jiyuan2026)
  const calendar = options.calendar ?? createCalendar()
  const asOf = replayAsOf(month)
  const now = () => new Date(asOf)
  const progress = options.onProgress

  const local = await startLocalStore()
  try {
    const intake: IntakeDeps = {
      store: local.store,
      calendar,
      terms,
      now,
      // Nothing is sealed for long: the store lives as long as this call.
      vault: createVault({ masterKey: 'hotline-replay-in-memory-store-only' }),
      sms: localSmsSender,
      logger: createLogger({ silent: true }),
      metrics: noMetrics,
      trackingCode: () => 'REPLAY',
    }
    const principal = { sub: 'replay', username: 'replay', roles: ['agency_reviewer' as const] }
    const report = emptyReport()
    // One line at a time, in file order: a record repeated with other content keeps its first
    // line's (the store's first write wins), the same on every run. In one process the engine is
    // CPU-bound, so parallel writes would not be faster anyway.
    await importLines(
      intake,
      counted(options.lines, report, progress),
      { source: 'replay', principal, concurrency: 1 },
      report,
    )
    progress?.({ phase: 'import', lines: report.lines, failed: report.failed, done: true })

    const deps: JobDeps = { store: local.store, terms, calendar, now }
    const jobs: JobSummary[] = []
    const dates = datesOfMonth(month)
    for (const [index, date] of dates.entries()) {
      progress?.({ phase: 'daily', date, index: index + 1, of: dates.length })
      jobs.push(await runDaily(deps, date, 'replay'))
    }
    progress?.({ phase: 'monthly', month })
    jobs.push(await runMonthly(deps, month, asOf, 'replay'))

    const stored = await kpiResultsOfMonth(local.store, month)
    const kpis: ReplayKpi[] = stored
      .map((r) => ({
        kpi: r.kpi,
        period: r.period,
        subject: r.subject,
        num: r.value?.num ?? null,
        den: r.value?.den ?? null,
        met: r.met,
        target: r.target,
      }))
      .sort(
        (a, b) =>
          compare(a.period, b.period) || compare(a.kpi, b.kpi) || compareSubject(a.subject, b.subject),
      )

    const deductions: ReplayDeduction[] = (await deductionsOfMonth(local.store, month))
      .filter((d) => d.status === 'draft')
      .map((d) => ({
        id: d.deductionId,
        kpi: d.kpi,
        period: d.period,
        subject: d.subject,
        amountFen: d.amountFen,
        clause: typeof d.draft.clause === 'string' ? d.draft.clause : '',
        formula: formulaOf(d.draft.formula),
      }))
      .sort((a, b) => compare(a.id, b.id))

    return {
      month,
      termsVersion: termsVersionOf(terms.at(`${month}-01`)),
      asOf,
      import: report,
      jobs,
      kpis,
      deductions,
      totalFen: deductions.reduce((sum, d) => sum + d.amountFen, 0),
      notes: stored
        .filter((r) => r.kpi === 'turnover' && /^\d{4}$/.test(r.period))
        .map(
          (r) =>
            `the annual turnover ${r.period} is the mean of the monthly rates this replay computed (${String(r.evidence.figures.monthsWithData ?? 0)} month(s) with data); the live job averages every month of the year it has stored`,
        ),
    }
  } finally {
    await local.close()
  }
}

function formulaOf(value: unknown): { zh: string; en: string } {
  const f = value as { zh?: unknown; en?: unknown } | null | undefined
  return { zh: typeof f?.zh === 'string' ? f.zh : '', en: typeof f?.en === 'string' ? f.en : '' }
}

/** Passes the lines through, reporting every `PROGRESS_EVERY`. */
async function* counted(
  lines: Iterable<string> | AsyncIterable<string>,
  report: ImportReport,
  progress: ReplayOptions['onProgress'],
): AsyncGenerator<string> {
  for await (const line of lines) {
    if (progress && report.lines > 0 && report.lines % PROGRESS_EVERY === 0) {
      progress({ phase: 'import', lines: report.lines, failed: report.failed, done: false })
    }
    yield line
  }
}

/** The `--json` object: exactly the documented keys, in the documented order. */
export function replayJson(result: ReplayResult): ReplayJson {
  return {
    month: result.month,
    kpis: result.kpis.map((k) => ({
      kpi: k.kpi,
      period: k.period,
      subject: k.subject,
      num: k.num,
      den: k.den,
      met: k.met,
    })),
    deductions: result.deductions.map((d) => ({
      id: d.id,
      kpi: d.kpi,
      period: d.period,
      subject: d.subject,
      amountFen: d.amountFen,
    })),
    totalFen: result.totalFen,
  }
}
