/**
 * The auditor's check of a bill (SPEC §9): streams a SPEC §9 file, validates each line with the
 * domain's schemas, holds the records in memory the way an import would store them (the same keys,
 * the same first-line-wins, the same ticket lifecycle and episode index), runs the jobs' own
 * computation for every day of the month in order and then for the month — as of 31 days after the
 * month's end, so every deadline of the month is decided — and keeps their results and drafts the
 * way recorded runs keep them in a fresh store. No store, no engine: one pass over the file, then
 * one per day. The same file and terms always give the same result
 * (`functions/test/replay-equivalence.test.ts` holds it equal to import + jobs on the embedded engine).
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
  HotlineRecord,
  jiyuan2026,
  type KpiResult,
  type LocalDate,
  lastDateOfMonth,
  type Month,
  MonthSchema,
  type Target,
  termsVersionOf,
} from '@hotline/domain'
import type { JobRules, JobSummary } from '../jobs/jobs'
import {
  emptyReport,
  type ImportReport,
  type IngestOutcome,
  type LineError,
  MAX_LISTED_ERRORS,
} from '../operations/ingest'
import {
  deductionsOfMonth,
  emptyRuns,
  resultsOfMonth,
  runDailyInMemory,
  runMonthlyInMemory,
} from './replay-jobs'
import { addRecord, emptyRecords, fileEpisodes } from './replay-records'

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
  /** The instant the jobs decided the month as of (and in their run ids, as a run started then). */
  asOf: string
  /** The file's reading, counted as an import counts: lines, outcomes, the failed lines with their numbers. */
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

/** Replays `lines` in memory and returns the month's KPI results and draft deductions. */
export async function replayMonth(options: ReplayOptions): Promise<ReplayResult> {
  const month = MonthSchema.parse(options.month)
  // A replay is under one document: the one given, or the built-in one.
  const terms = fixedTerms(options.terms ?? jiyuan2026)
  const rules: JobRules = { terms, calendar: options.calendar ?? createCalendar() }
  const asOf = replayAsOf(month)
  const progress = options.onProgress

  const memory = emptyRecords()
  // One line at a time, in file order: a record repeated with other content keeps its first line's.
  const report = await loadLines(options.lines, (record) => addRecord(memory, rules, record), progress)
  fileEpisodes(memory, rules)
  progress?.({ phase: 'import', lines: report.lines, failed: report.failed, done: true })

  const runs = emptyRuns()
  const jobs: JobSummary[] = []
  const dates = datesOfMonth(month)
  for (const [index, date] of dates.entries()) {
    progress?.({ phase: 'daily', date, index: index + 1, of: dates.length })
    jobs.push(await runDailyInMemory(rules, memory, runs, date, asOf))
  }
  progress?.({ phase: 'monthly', month })
  jobs.push(await runMonthlyInMemory(rules, memory, runs, month, asOf))

  return replayResult({
    month,
    termsVersion: termsVersionOf(terms.at(`${month}-01`)),
    asOf,
    report,
    jobs,
    results: resultsOfMonth(runs, month),
    deductions: deductionsOfMonth(runs, month)
      .filter((d) => d.status === 'draft')
      .map(({ draft }) => ({
        id: draft.id,
        kpi: draft.kpi,
        period: draft.period,
        subject: draft.subject,
        amountFen: draft.amountFen,
        clause: draft.clause,
        formula: { zh: draft.formula.zh, en: draft.formula.en },
      })),
  })
}

/**
 * A replay's result from what its runs left — the results billed in the month and its drafts —
 * sorted as documented, with the total and the notes. (Also what the store-based reference of the
 * equivalence test builds its result with.)
 */
export function replayResult(parts: {
  month: Month
  termsVersion: string
  asOf: string
  report: ImportReport
  jobs: JobSummary[]
  results: readonly KpiResult[]
  deductions: readonly ReplayDeduction[]
}): ReplayResult {
  const kpis: ReplayKpi[] = parts.results
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
      (a, b) => compare(a.period, b.period) || compare(a.kpi, b.kpi) || compareSubject(a.subject, b.subject),
    )
  const deductions = [...parts.deductions].sort((a, b) => compare(a.id, b.id))
  return {
    month: parts.month,
    termsVersion: parts.termsVersion,
    asOf: parts.asOf,
    import: parts.report,
    jobs: parts.jobs,
    kpis,
    deductions,
    totalFen: deductions.reduce((sum, d) => sum + d.amountFen, 0),
    notes: parts.results
      .filter((r) => r.kpi === 'turnover' && /^\d{4}$/.test(r.period))
      .map(
        (r) =>
          `the annual turnover ${r.period} is the mean of the monthly rates this replay computed (${String(r.evidence.figures.monthsWithData ?? 0)} month(s) with data); the live job averages every month of the year it has stored`,
      ),
  }
}

/**
 * Reads the lines as the import does (SPEC §9): blank lines skipped; a line that is not JSON or not
 * a valid record reported with its number and its first issue, and left out; every other record
 * given to `add`. Reports progress every `PROGRESS_EVERY` lines.
 */
async function loadLines(
  lines: Iterable<string> | AsyncIterable<string>,
  add: (record: HotlineRecord) => IngestOutcome,
  progress: ReplayOptions['onProgress'],
): Promise<ImportReport> {
  const report = emptyReport()
  for await (const raw of lines) {
    if (progress && report.lines > 0 && report.lines % PROGRESS_EVERY === 0) {
      progress({ phase: 'import', lines: report.lines, failed: report.failed, done: false })
    }
    report.lines++
    const text = raw.trim()
    if (text === '') {
      report.skipped++
      continue
    }
    const parsed = parseLine(text, report.lines)
    if ('error' in parsed) {
      report.failed++
      if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(parsed.error)
      continue
    }
    const outcome = add(parsed.record)
    report[outcome === 'duplicate' ? 'duplicates' : outcome]++
  }
  return report
}

/** One line's record, or why it is not one (the field of its first issue). */
function parseLine(text: string, line: number): { record: HotlineRecord } | { error: LineError } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: { line, field: '(line)', message: 'not valid JSON' } }
  }
  const parsed = HotlineRecord.safeParse(value)
  if (parsed.success) return { record: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    error: { line, field: issue?.path.join('.') || '(line)', message: issue?.message ?? 'invalid record' },
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
