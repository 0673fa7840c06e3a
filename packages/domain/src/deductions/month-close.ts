/**
 * The month close (月度考核确认, issue 10): the month's item as stored and served, its numbered
 * 确认单 snapshot (each KPI with its figures, every deduction that stands, the total), the
 * contractor's answer, and the month list with the month the app opens on. Pure: the store keeps
 * the item, the API serves these shapes, the admin app reads them.
 */
import { z } from 'zod'
import type { Calendar } from '../calendar'
import { KPI_IDS, type KpiId, type KpiResult } from '../kpi/types'
import { deadline } from '../periods'
import type { ContractTerms } from '../terms/schema'
import { type LocalDate, localDateOf } from '../time'
import {
  AuditEntry,
  DECIDED_STATUSES,
  type Deduction,
  DeductionStatus,
  FigureSchema,
  FractionSchema,
  KpiIdSchema,
  TargetSchema,
} from './record'

const MONTH_STATES = ['open', 'closing', 'closed'] as const
export const MonthState = z.enum(MONTH_STATES)
export type MonthState = z.infer<typeof MonthState>

const Words = z.object({ zh: z.string(), en: z.string() })
const Count = z.number().int().nonnegative()

/** One KPI of the month on the 确认单. `daysBelow`/`daysMeasured` only for KPIs measured per day. */
export const CloseKpiRow = z.object({
  kpi: KpiIdSchema,
  period: z.string(),
  value: FractionSchema.nullable(),
  target: TargetSchema.nullable(),
  met: z.boolean().nullable(),
  daysBelow: Count.nullable(),
  daysMeasured: Count.nullable(),
  figures: z.record(z.string(), FigureSchema),
})
export type CloseKpiRow = z.infer<typeof CloseKpiRow>

/** One deduction on the 确认单, from its frozen record. */
export const CloseDeductionRow = z.object({
  deductionId: z.string(),
  kpi: KpiIdSchema,
  period: z.string(),
  subject: z.string().nullable(),
  status: DeductionStatus,
  amountFen: z.number().int(),
  finalAmountFen: z.number().int(),
  reason: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  formula: Words,
})
export type CloseDeductionRow = z.infer<typeof CloseDeductionRow>

const snapshotTotals = { totalFen: z.number().int(), count: Count, zeroCount: Count }
export const CloseSnapshot = z.object({
  kpis: z.array(CloseKpiRow),
  deductions: z.array(CloseDeductionRow),
  ...snapshotTotals,
})
export type CloseSnapshot = z.infer<typeof CloseSnapshot>
/**
 * The snapshot as the month's item keeps it: the KPI rows and the totals. Its deductions are the
 * records the close froze (nothing of them but a successor's link changes while frozen), so they are
 * read from there: the item stays small (DynamoDB's 400 KB) however many deductions a month has.
 */
export const StoredCloseSnapshot = z.object({ kpis: z.array(CloseKpiRow), ...snapshotTotals })
export type StoredCloseSnapshot = z.infer<typeof StoredCloseSnapshot>

export const ContractorAnswer = z.object({
  state: z.enum(['pending', 'acknowledged', 'objected']),
  by: z.string().nullable(),
  at: z.string().nullable(),
  text: z.string().nullable(),
})
export type ContractorAnswer = z.infer<typeof ContractorAnswer>
export const PENDING_ANSWER: ContractorAnswer = { state: 'pending', by: null, at: null, text: null }

/** A decided deduction a close freezes, at the version and status it had when the close began. */
export const ClosePlanItem = z.object({
  deductionId: z.string(),
  version: z.number().int(),
  status: DeductionStatus,
})
export type ClosePlanItem = z.infer<typeof ClosePlanItem>

/**
 * The month's item (`pk = MONTH`, `sk = <YYYY-MM>`): created by the first job that writes results
 * for the month; its state changes only by people. Every field but `month` has a default, so an
 * item written before a field existed still parses.
 */
export const MonthRecord = z.object({
  month: z.string(),
  /** When a job last wrote results for the month. */
  resultsAt: z.string().nullable().default(null),
  state: MonthState.default('open'),
  /** The 确认单 number of the close in force (or in progress), `KH-202610-01`. */
  number: z.string().nullable().default(null),
  /** How many times the month has been closed. */
  closeCount: Count.default(0),
  closedAt: z.string().nullable().default(null),
  closedBy: z.string().nullable().default(null),
  termsVersion: z.string().nullable().default(null),
  snapshot: StoredCloseSnapshot.nullable().default(null),
  objectionDue: z.string().nullable().default(null),
  contractor: ContractorAnswer.default(PENDING_ANSWER),
  /** A close in progress: who began it, when, and the decided deductions it freezes. */
  closing: z
    .object({ by: z.string(), at: z.string(), plan: z.array(ClosePlanItem) })
    .nullable()
    .default(null),
  version: z.number().int().default(1),
  audit: z.array(AuditEntry).default([]),
})
export type MonthRecord = z.infer<typeof MonthRecord>

/** A draft of a closed month: late data, shown beside the 确认单, never applied to it. */
export const LateRevision = CloseDeductionRow.pick({
  deductionId: true,
  kpi: true,
  period: true,
  subject: true,
  amountFen: true,
}).extend({
  /** When the draft took its present content. */
  draftedAt: z.string(),
})
export type LateRevision = z.infer<typeof LateRevision>

/** `GET /months/:month/close`. */
export const MonthClose = z.object({
  month: z.string(),
  state: MonthState,
  number: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  termsVersion: z.string().nullable(),
  snapshot: CloseSnapshot.nullable(),
  objectionDue: z.string().nullable(),
  contractor: ContractorAnswer,
  lateRevisions: z.array(LateRevision),
  version: z.number().int(),
  audit: z.array(AuditEntry),
})
export type MonthClose = z.infer<typeof MonthClose>

const Tally = z.object({ count: Count, amountFen: z.number().int() })
/** One month of `GET /months`. */
export const MonthSummary = z.object({
  month: z.string(),
  hasResults: z.boolean(),
  state: MonthState,
  number: z.string().nullable(),
  pending: Tally,
  decided: Tally,
})
export type MonthSummary = z.infer<typeof MonthSummary>
export const MonthsResponse = z.object({ current: z.string().nullable(), months: z.array(MonthSummary) })
export type MonthsResponse = z.infer<typeof MonthsResponse>

/**
 * The 确认单 number of a month's `n`th close.
 *
 * @example
 * closeNumber('2026-10', 1) // 'KH-202610-01'
 */
export const closeNumber = (month: string, n: number): string =>
  `KH-${month.replace('-', '')}-${String(n).padStart(2, '0')}`

/** When the contractor's objection window ends: `terms.objectionWindow` after the close, at 24:00 local. */
export const objectionDueAfter = (closedAt: string, terms: ContractTerms, calendar: Calendar): string =>
  deadline(closedAt, terms.objectionWindow, calendar, 'civil-code').due

/** What `standingDecided` reads of a deduction (a projection of it is enough). */
export type DeductionTally = Pick<
  Deduction,
  'deductionId' | 'billingMonth' | 'status' | 'amountFen' | 'finalAmountFen' | 'supersededBy' | 'withdrawal'
>

const isDecided = (d: Pick<Deduction, 'status'>): boolean => DECIDED_STATUSES.includes(d.status)

/**
 * The decided deductions that stand: not a withdrawal, not replaced by a decided successor (an
 * undecided successor — late data — leaves its predecessor's decision in force). `decided` says
 * which deductions count as decided (by default, those in a decided status).
 */
export function standingDecided<T extends DeductionTally>(
  deductions: readonly T[],
  decided: (d: T) => boolean = isDecided,
): T[] {
  const ones = deductions.filter(decided)
  const ids = new Set(ones.map((d) => d.deductionId))
  return ones.filter((d) => !d.withdrawal && !(d.supersededBy && ids.has(d.supersededBy)))
}

/** When a decided deduction was decided: its decision's time (else, for an old item, its last update). */
export const decidedAtOf = (d: Pick<Deduction, 'decision' | 'updatedAt'>): string =>
  d.decision?.at ?? d.updatedAt

/**
 * The deductions that stand on local date `asOf`, as the payment statement reads them: the
 * decided ones that stood then (`standingDecided` over the decisions made by `asOf`: a successor
 * decided later leaves its predecessor standing, a decided withdrawal stands for nothing), and
 * those not decided by then — drafts, and records decided after `asOf` — awaiting review. A
 * withdrawn draft never stands.
 */
export function standingAsOf<T extends DeductionTally & Pick<Deduction, 'decision' | 'updatedAt'>>(
  deductions: readonly T[],
  asOf: LocalDate,
): T[] {
  const decidedBy = (d: T) => isDecided(d) && localDateOf(decidedAtOf(d)) <= asOf
  const standing = new Set(standingDecided(deductions, decidedBy))
  return deductions.filter((d) => standing.has(d) || (d.status !== 'withdrawn' && !decidedBy(d)))
}

/** The decided deductions a close freezes, each at the version and status it has now. */
export const closePlan = (deductions: readonly Deduction[]): ClosePlanItem[] =>
  deductions
    .filter(isDecided)
    .map((d) => ({ deductionId: d.deductionId, version: d.version, status: d.status }))

type Tally = z.infer<typeof Tally>
const tally = <T>(items: readonly T[], amountOf: (item: T) => number): Tally => ({
  count: items.length,
  amountFen: items.reduce((sum, item) => sum + amountOf(item), 0),
})

/** The drafts awaiting review among `deductions`: how many, and their drafted total. */
export const pendingTally = (deductions: readonly Pick<Deduction, 'status' | 'amountFen'>[]): Tally =>
  tally(
    deductions.filter((d) => d.status === 'draft'),
    (d) => d.amountFen,
  )

const DAY = /^\d{4}-\d{2}-\d{2}$/
const YEAR = /^\d{4}$/
/** The rates judged day by day (§4.4, §4.5, §4.7): their rows count the days below target. */
const JUDGED_DAILY: readonly KpiId[] = ['answer_15s', 'connection', 'publish_accuracy']

/**
 * One row per KPI of the month from its stored results: the month's own result where there is one
 * (a year's for the annual turnover), else the month's value summed from daily rates; `met` false
 * when any result of the month missed; for KPIs measured per day, the days below target and the
 * days measured (a roll-up's `met` is null: the contract charges per day).
 */
export function closeKpiRows(results: readonly KpiResult[], month: string): CloseKpiRow[] {
  const rows: CloseKpiRow[] = []
  for (const kpi of KPI_IDS) {
    const of = results.filter((r) => r.kpi === kpi)
    if (of.length === 0) continue
    const own =
      of.find((r) => r.subject === null && YEAR.test(r.period)) ??
      of.find((r) => r.subject === null && r.period === month)
    const days = of.filter((r) => DAY.test(r.period))
    const daily = JUDGED_DAILY.includes(kpi) && days.length > 0
    const breaches = of.filter((r) => r.met === false).length
    rows.push({
      kpi,
      period: own?.period ?? month,
      value: own ? own.value : daily ? summedRate(days) : null,
      target: own?.target ?? of.find((r) => r.target)?.target ?? null,
      met: breaches > 0 ? false : of.some((r) => r.met === true) ? true : null,
      daysBelow: daily ? new Set(days.filter((r) => r.met === false).map((r) => r.period)).size : null,
      daysMeasured: daily ? new Set(days.filter((r) => r.met !== null).map((r) => r.period)).size : null,
      figures: own ? { ...own.evidence.figures } : { results: of.length, breaches },
    })
  }
  return rows
}

/** Σnum ÷ Σden over the month's daily rates (one per day, no subject); `null` without data. */
function summedRate(days: readonly KpiResult[]): CloseKpiRow['value'] {
  let num = 0
  let den = 0
  for (const r of days) {
    if (r.subject !== null || r.value === null) continue
    num += r.value.num
    den += r.value.den
  }
  return den === 0 ? null : { num, den }
}

/** The 确认单 of a month: its KPI rows and the decided deductions that stand, with the total. */
export function closeSnapshot(
  month: string,
  results: readonly KpiResult[],
  deductions: readonly Deduction[],
): CloseSnapshot {
  const rows = closeDeductionRows(deductions)
  return {
    kpis: closeKpiRows(results, month),
    deductions: rows,
    totalFen: rows.reduce((sum, r) => sum + r.finalAmountFen, 0),
    count: rows.length,
    zeroCount: rows.filter((r) => r.status === 'acknowledged').length,
  }
}

/** Every decided deduction that stands among `deductions`, as the 确认单 lists it. */
function closeDeductionRows(deductions: readonly Deduction[]): CloseDeductionRow[] {
  return standingDecided(deductions).map((d) => ({
    deductionId: d.deductionId,
    kpi: d.kpi,
    period: d.period,
    subject: d.subject,
    status: d.status,
    amountFen: d.amountFen,
    finalAmountFen: d.finalAmountFen ?? 0,
    reason: d.decision?.reason ?? null,
    formula: d.draft.formula,
    decidedBy: d.decision?.by ?? '',
    decidedAt: decidedAtOf(d),
  }))
}

/** The snapshot as the month's item keeps it: without the deductions, which the frozen records hold. */
export const storedSnapshot = ({ deductions: _, ...kept }: CloseSnapshot): StoredCloseSnapshot => kept

/**
 * The month close as served, from its item and the month's deductions: the snapshot with the
 * deductions its close froze, and the drafts of a closed month (late data) as late revisions.
 */
export function monthCloseView(record: MonthRecord, deductions: readonly Deduction[]): MonthClose {
  const { snapshot } = record
  return {
    month: record.month,
    state: record.state,
    number: record.number,
    closedAt: record.closedAt,
    closedBy: record.closedBy,
    termsVersion: record.termsVersion,
    snapshot: snapshot && {
      ...snapshot,
      deductions: closeDeductionRows(deductions.filter((d) => d.frozenBy === record.number)),
    },
    objectionDue: record.objectionDue,
    contractor: record.contractor,
    lateRevisions:
      record.state === 'closed'
        ? deductions
            .filter((d) => d.status === 'draft')
            .map((d) => ({
              deductionId: d.deductionId,
              kpi: d.kpi,
              period: d.period,
              subject: d.subject,
              amountFen: d.amountFen,
              draftedAt: d.updatedAt,
            }))
        : [],
    version: record.version,
    audit: record.audit,
  }
}

/**
 * The months of `GET /months`, newest first: every month with an item or a deduction, its state,
 * its pending drafts and the decided deductions that stand.
 */
export function monthSummaries(
  records: readonly MonthRecord[],
  deductions: readonly DeductionTally[],
): MonthSummary[] {
  const byMonth = new Map(records.map((r) => [r.month, r]))
  const months = [...new Set([...byMonth.keys(), ...deductions.map((d) => d.billingMonth)])].sort().reverse()
  return months.map((month) => {
    const record = byMonth.get(month)
    const of = deductions.filter((d) => d.billingMonth === month)
    return {
      month,
      hasResults: record?.resultsAt != null,
      state: record?.state ?? 'open',
      number: record?.number ?? null,
      pending: pendingTally(of),
      decided: tally(standingDecided(of), (d) => d.finalAmountFen ?? 0),
    }
  })
}

/** The month the app opens on: the oldest with pending drafts, else the latest with results, else none. */
export function currentMonth(months: readonly MonthSummary[]): string | null {
  const pending = months.filter((m) => m.pending.count > 0).map((m) => m.month)
  if (pending.length > 0) return pending.sort()[0] ?? null
  return (
    months
      .filter((m) => m.hasResults)
      .map((m) => m.month)
      .sort()
      .at(-1) ?? null
  )
}
