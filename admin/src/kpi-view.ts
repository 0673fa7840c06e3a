/**
 * What the KPI dashboard shows, computed from the API's KPI results and deductions: the month's
 * tiles (each KPI against its target), the daily trend of a rate KPI with its target line and
 * breach days, the calendar of breach days, and the month's deduction total. Pure and zod-free:
 * the component tests check these numbers, the page only lays them out.
 *
 * Rates stay exact fractions until they are shown: a tile's percentage is rounded from the
 * fraction (half up at 0.01 %), and gains decimals when two would misstate the verdict
 * (94.996 % is not "95.00 %" against a 95 % target: it shows 94.996 %). Chart values are floats,
 * for drawing only.
 */
import {
  addDays,
  datesOfMonth,
  type Fraction,
  formatBp,
  formatPercent,
  INCIDENT_KPI,
  isoWeekday,
  KPI_NAMES,
  type KpiId,
  type Target,
} from '@hotline/domain'
import type { Locale } from './i18n'
import { inLocale } from './labels'

/** A KPI result as `GET /api/v1/kpis` returns it (the fields the dashboard reads). */
export type KpiResultView = {
  kpi: string
  period: string
  subject: string | null
  value: Fraction | null
  target: Target | null
  met: boolean | null
  evidence: { ids: readonly string[]; figures: Readonly<Record<string, string | number | boolean | null>> }
}

/** A deduction as `GET /api/v1/deductions` returns it (the fields the dashboard reads). */
export type DeductionView = {
  deductionId: string
  status: 'draft' | 'approved' | 'rejected' | 'adjusted' | 'withdrawn'
  amountFen: number
  finalAmountFen: number | null
  supersededBy: string | null
}

/** The month before the one holding local date `today`. */
export const previousMonth = (today: string): string => addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)

const isDay = (period: string, month: string) => period.length === 10 && period.startsWith(`${month}-`)

/** Whether `value` shown with `decimals` decimals reads as meeting `target` (half-up rounding). */
function readsAsMet(value: Fraction, target: Target, decimals: number): boolean {
  const scale = 10n ** BigInt(decimals)
  // The displayed percentage × 10^decimals, rounded half up.
  const shown = (BigInt(value.num) * 100n * scale * 2n + BigInt(value.den)) / (BigInt(value.den) * 2n)
  if (target.kind === 'minCount') return true
  // target percentage × 10^decimals = bp × 10^decimals / 100
  const bound = BigInt(target.bp) * scale
  return target.kind === 'min' ? shown * 100n >= bound : shown * 100n <= bound
}

/**
 * A rate as a percentage, 2 decimals, more (up to 6) when 2 would read as the wrong verdict.
 *
 * @example
 * percentText({ num: 175, den: 200 }, { kind: 'min', bp: 9000 })      // '87.50%'
 * percentText({ num: 18999, den: 20000 }, { kind: 'min', bp: 9500 })  // '94.995%'
 */
export function percentText(value: Fraction, target: Target | null = null): string {
  if (target === null || target.kind === 'minCount') return formatPercent(value, 2)
  const scaled = BigInt(value.num) * 10_000n
  const bound = BigInt(target.bp) * BigInt(value.den)
  const met = target.kind === 'min' ? scaled >= bound : scaled <= bound
  for (let decimals = 2; decimals < 6; decimals++) {
    if (readsAsMet(value, target, decimals) === met) return formatPercent(value, decimals)
  }
  return formatPercent(value, 6)
}

/** `≥ 90%`, `≤ 20%`, `≥ 1`: a target as the contract states it. */
export function targetText(target: Target | null): string {
  if (target === null) return '—'
  if (target.kind === 'minCount') return `≥ ${target.count}`
  return `${target.kind === 'min' ? '≥' : '≤'} ${formatBp(target.bp)}`
}

export type TileStatus = 'met' | 'breach' | 'no_data'

export const TILE_IDS = [
  'satisfaction',
  'answer_15s',
  'connection',
  'publish_accuracy',
  'turnover',
  'service_errors',
  'incidents',
] as const
export type TileId = (typeof TILE_IDS)[number]

export type Tile =
  | {
      id: TileId
      kind: 'rate'
      value: Fraction | null
      target: Target | null
      status: TileStatus
      /** Daily KPIs: days below target this month (the contract charges each one). */
      daysBelow?: number
      /** Daily KPIs without the monthly roll-up yet: the value is the sum of the daily results so far. */
      provisional?: boolean
    }
  | { id: TileId; kind: 'count'; count: number; status: TileStatus }

const DAILY_RATE_KPIS = ['answer_15s', 'connection', 'publish_accuracy'] as const
export type DailyRateKpi = (typeof DAILY_RATE_KPIS)[number]

const incidentKpis = new Set<string>(Object.values(INCIDENT_KPI))
const incidentTypes = new Set<string>(Object.keys(INCIDENT_KPI))

/**
 * A verified incident (§4.2, 4.6, 4.9–4.11): the results the monthly job makes from incident
 * records — no value, no target, a breach, the incident's type among its figures. (A late
 * emergency ticket is an `emergency_report` result too, but it carries deadline figures instead.)
 */
export const isIncident = (r: KpiResultView): boolean =>
  incidentKpis.has(r.kpi) &&
  r.value === null &&
  r.target === null &&
  r.met === false &&
  typeof r.evidence.figures.type === 'string' &&
  incidentTypes.has(r.evidence.figures.type)

const statusOf = (met: boolean | null, value: Fraction | null): TileStatus =>
  value === null || met === null ? 'no_data' : met ? 'met' : 'breach'

function dailyRateTile(results: readonly KpiResultView[], kpi: DailyRateKpi, month: string): Tile {
  const days = results.filter((r) => r.kpi === kpi && r.subject === null && isDay(r.period, month))
  const withData = days.filter((r) => r.value !== null)
  const daysBelow = days.filter((r) => r.met === false).length
  const rollUp = results.find((r) => r.kpi === kpi && r.period === month && r.subject === null)
  let value: Fraction | null
  let target: Target | null
  let provisional = false
  if (rollUp) {
    value = rollUp.value
    target = rollUp.target
  } else {
    // The monthly job has not rolled this month up yet: the same sum over the days computed so far.
    const num = withData.reduce((sum, r) => sum + (r.value?.num ?? 0), 0)
    const den = withData.reduce((sum, r) => sum + (r.value?.den ?? 0), 0)
    value = den === 0 ? null : { num, den }
    target = days[0]?.target ?? null
    provisional = value !== null
  }
  // The contract charges these per day: the month breaches when a day did, meets when every day with data did.
  const status: TileStatus = value === null ? 'no_data' : daysBelow > 0 ? 'breach' : 'met'
  return { id: kpi, kind: 'rate', value, target, status, daysBelow, ...(provisional ? { provisional } : {}) }
}

/** The month's tiles, in `TILE_IDS` order. A month without any result shows every tile as no data. */
export function dashboardTiles(results: readonly KpiResultView[], month: string): Tile[] {
  const monthly = (kpi: string) =>
    results.find((r) => r.kpi === kpi && r.period === month && r.subject === null)
  const satisfaction = monthly('satisfaction')
  const turnover = monthly('turnover')
  const anyResult = results.length > 0
  const count = (id: TileId, n: number): Tile => ({
    id,
    kind: 'count',
    count: n,
    status: n > 0 ? 'breach' : anyResult ? 'met' : 'no_data',
  })
  return [
    {
      id: 'satisfaction',
      kind: 'rate',
      value: satisfaction?.value ?? null,
      target: satisfaction?.target ?? null,
      status: statusOf(satisfaction?.met ?? null, satisfaction?.value ?? null),
    },
    ...DAILY_RATE_KPIS.map((kpi) => dailyRateTile(results, kpi, month)),
    {
      id: 'turnover',
      kind: 'rate',
      value: turnover?.value ?? null,
      target: turnover?.target ?? null,
      status: statusOf(turnover?.met ?? null, turnover?.value ?? null),
    },
    count(
      'service_errors',
      results.filter((r) => r.kpi.startsWith('service_error.') && r.met === false).length,
    ),
    count('incidents', results.filter(isIncident).length),
  ]
}

/** What the trend chart of one daily rate KPI draws: one x per day of the month (1…31). */
export type TrendData = {
  kpi: DailyRateKpi
  dates: string[]
  /** Day of month, the x axis. */
  x: number[]
  /** The day's rate in percent; `null`: no data (a gap in the line). */
  values: (number | null)[]
  /** The target in percent on every day (the target line); `null` when no result names one. */
  target: (number | null)[]
  /** The day's rate on breach days only (the markers); `null` elsewhere. */
  breaches: (number | null)[]
  /** Exact values per day, for the table that stands in for the chart. */
  rows: { date: string; value: Fraction | null; met: boolean | null }[]
  targetOf: Target | null
}

export function trendData(results: readonly KpiResultView[], kpi: DailyRateKpi, month: string): TrendData {
  const byDate = new Map(
    results
      .filter((r) => r.kpi === kpi && r.subject === null && isDay(r.period, month))
      .map((r) => [r.period, r]),
  )
  const targetOf = [...byDate.values()].find((r) => r.target !== null)?.target ?? null
  const targetPercent = targetOf && targetOf.kind !== 'minCount' ? targetOf.bp / 100 : null
  const dates = datesOfMonth(month)
  const percent = (f: Fraction | null | undefined) => (f ? (f.num * 100) / f.den : null)
  return {
    kpi,
    dates,
    x: dates.map((d) => Number(d.slice(8, 10))),
    values: dates.map((d) => percent(byDate.get(d)?.value)),
    target: dates.map(() => targetPercent),
    breaches: dates.map((d) => (byDate.get(d)?.met === false ? percent(byDate.get(d)?.value) : null)),
    rows: dates
      .filter((d) => byDate.has(d))
      .map((d) => ({ date: d, value: byDate.get(d)?.value ?? null, met: byDate.get(d)?.met ?? null })),
    targetOf,
  }
}

/** KPIs the calendar leaves out: reported per agent-day, never a breach of the contract (§4.4). */
const NOT_CHARGED = new Set(['agent_workload'])

export type CalendarDay = {
  date: string
  day: number
  /** Distinct KPIs breached that day (daily results, incidents dated that day). */
  breached: string[]
  /** Whether any result is dated that day. */
  hasData: boolean
}

/** The month as weeks, Monday first; `null` pads the days of the neighbouring months. */
export function breachCalendar(results: readonly KpiResultView[], month: string): (CalendarDay | null)[][] {
  const days = datesOfMonth(month).map((date): CalendarDay => {
    const ofDay = results.filter((r) => r.period === date && !NOT_CHARGED.has(r.kpi))
    return {
      date,
      day: Number(date.slice(8, 10)),
      breached: [...new Set(ofDay.filter((r) => r.met === false).map((r) => r.kpi))].sort(),
      hasData: ofDay.length > 0,
    }
  })
  const cells: (CalendarDay | null)[] = [
    ...Array.from({ length: isoWeekday(`${month}-01`) - 1 }, () => null),
    ...days,
  ]
  while (cells.length % 7 !== 0) cells.push(null)
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
}

export type DeductionTotals = {
  draftFen: number
  drafts: number
  decidedFen: number
  decided: number
  rejected: number
  totalFen: number
}

/**
 * The month's deductions so far: drafts at their drafted amount, approved and adjusted ones at
 * their final amount (rejected ones count as decided at ¥0, withdrawn ones not at all). Of a
 * record superseded by a later one in the same list, only the later one counts (late data: the
 * successor says what the deduction now is).
 */
export function deductionTotals(deductions: readonly DeductionView[]): DeductionTotals {
  const ids = new Set(deductions.map((d) => d.deductionId))
  const current = deductions.filter((d) => !(d.supersededBy && ids.has(d.supersededBy)))
  const drafts = current.filter((d) => d.status === 'draft')
  const decided = current.filter((d) => d.status === 'approved' || d.status === 'adjusted')
  const draftFen = drafts.reduce((sum, d) => sum + d.amountFen, 0)
  const decidedFen = decided.reduce((sum, d) => sum + (d.finalAmountFen ?? d.amountFen), 0)
  return {
    draftFen,
    drafts: drafts.length,
    decidedFen,
    decided: decided.length,
    rejected: current.filter((d) => d.status === 'rejected').length,
    totalFen: draftFen + decidedFen,
  }
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** A KPI's name in the chosen language (the id itself for one the domain does not name). */
export const kpiName = (kpi: string, locale: Locale): string => {
  const name = KPI_NAMES[kpi as KpiId]
  return name ? inLocale(name, locale) : kpi
}

/** `10月9日`, `Oct 9`. */
export const dayText = (date: string, locale: Locale): string => {
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return locale === 'zh-CN' ? `${m}月${d}日` : `${EN_MONTHS[m - 1]?.slice(0, 3)} ${d}`
}

/** `2026年10月`, `October 2026`. */
export const monthText = (month: string, locale: Locale): string =>
  locale === 'zh-CN'
    ? `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
    : `${EN_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
