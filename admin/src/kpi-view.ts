/**
 * What the KPI dashboard shows, computed from the API's KPI summary and deductions: the month's
 * tiles (each KPI's month figure, the rule that decides its money and a badge that cannot be
 * misread), the daily trend of a rate KPI with its target line and breach days, the calendar of
 * breach days, the month's deductions by status, and where each of them leads (the review queue
 * filtered). Pure and zod-free: the component tests check these numbers, the page lays them out.
 *
 * Rates stay exact fractions until they are shown: a tile's percentage is rounded from the
 * fraction (half up at 0.01 %), and gains decimals when two would misstate the verdict
 * (94.996 % is not "95.00 %" against a 95 % target: it shows 94.996 %). Chart values are floats,
 * for drawing only.
 */
import {
  datesOfMonth,
  type Fraction,
  formatBp,
  formatPercent,
  isoWeekday,
  KPI_NAMES,
  type KpiFigure,
  type KpiId,
  type KpiSummary,
  type Target,
} from '@hotline/domain'
import type { Locale } from './i18n'
import { inLocale } from './labels'
import { queueHref } from './pages/records/links'

/** A month as `GET /api/v1/kpis/summary` returns it (the domain's `KpiSummary`, the fields the dashboard reads). */
export type KpiSummaryView = Pick<KpiSummary, 'figures' | 'subjects'>

/** A deduction as `GET /api/v1/deductions` returns it (the fields the dashboard reads). */
export type DeductionView = {
  deductionId: string
  status: 'draft' | 'approved' | 'rejected' | 'adjusted' | 'acknowledged' | 'withdrawn'
  amountFen: number
  finalAmountFen: number | null
  supersededBy: string | null
}

const isDay = (period: string, month: string) => period.length === 10 && period.startsWith(`${month}-`)
const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0)

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

const DAILY_RATE_KPIS = ['answer_15s', 'connection', 'publish_accuracy'] as const
export type DailyRateKpi = (typeof DAILY_RATE_KPIS)[number]

/**
 * Which rule decides a tile's money (§4): each day below target (`daily`), the month's rate
 * (`monthly`), the year's mean of the monthly rates (`annual`: turnover, the month's rate is for
 * information), or each event (`event`).
 */
export type TileRule = 'daily' | 'monthly' | 'annual' | 'event'

export type Tile =
  | {
      id: DailyRateKpi
      kind: 'rate'
      rule: 'daily'
      /** The month's rate: the roll-up, or the sum of the days so far (`provisional`). */
      value: Fraction | null
      target: Target | null
      /** `breach` when a day was below target, `met` when every judged day met it. */
      status: TileStatus
      /** Days below target this month: what the contract charges. */
      daysBelow: number
      /** Days judged this month (a day without calls has no verdict). */
      daysMeasured: number
      /** No monthly roll-up yet: the value is the sum of the daily results so far. */
      provisional: boolean
    }
  | {
      id: 'satisfaction' | 'turnover'
      kind: 'rate'
      rule: 'monthly' | 'annual'
      value: Fraction | null
      target: Target | null
      status: TileStatus
    }
  | { id: 'service_errors' | 'incidents'; kind: 'count'; rule: 'event'; count: number; status: TileStatus }

/**
 * A tile's badge: its colour (`status`) and its words. A daily KPI's badge counts the days below
 * target ("3 天未达标", "每天达标"): its monthly rate may meet the target while days were charged,
 * so it never reads a bare 达标 / 未达标. Other KPIs keep the verdict of their own rule.
 */
export type TileBadge =
  | { status: TileStatus; words: 'met' | 'breach' | 'no_data' | 'everyDay' }
  | { status: 'breach'; words: 'daysBelow'; n: number }

export function tileBadge(tile: Tile): TileBadge {
  if (tile.rule !== 'daily' || tile.status === 'no_data') return { status: tile.status, words: tile.status }
  return tile.daysBelow > 0
    ? { status: 'breach', words: 'daysBelow', n: tile.daysBelow }
    : { status: 'met', words: 'everyDay' }
}

/**
 * Where a tile leads: that KPI's breaches and drafts in the review queue (the service errors'
 * three KPIs by their common prefix); verified incidents to the incidents of the month.
 */
export function tileHref(id: TileId, month: string): string {
  if (id === 'incidents') return `/incidents?${new URLSearchParams({ month })}`
  return queueHref(month, { kpi: id === 'service_errors' ? 'service_error' : id })
}

const statusOf = (met: boolean | null, value: Fraction | null): TileStatus =>
  value === null || met === null ? 'no_data' : met ? 'met' : 'breach'

function dailyRateTile(figures: readonly KpiFigure[], kpi: DailyRateKpi, month: string): Tile {
  const days = figures.filter((r) => r.kpi === kpi && isDay(r.period, month))
  const withData = days.filter((r) => r.value !== null)
  const daysBelow = days.filter((r) => r.met === false).length
  const daysMeasured = days.filter((r) => r.met !== null).length
  const rollUp = figures.find((r) => r.kpi === kpi && r.period === month)
  let value: Fraction | null
  let target: Target | null
  if (rollUp) {
    value = rollUp.value
    target = rollUp.target
  } else {
    // The monthly job has not rolled this month up yet: the same sum over the days computed so far.
    const num = withData.reduce((sum, r) => sum + (r.value?.num ?? 0), 0)
    const den = withData.reduce((sum, r) => sum + (r.value?.den ?? 0), 0)
    value = den === 0 ? null : { num, den }
    target = days[0]?.target ?? null
  }
  // The contract charges each day below target: the days decide, whatever the month's rate reads.
  const status: TileStatus = daysMeasured === 0 ? 'no_data' : daysBelow > 0 ? 'breach' : 'met'
  const provisional = !rollUp && value !== null
  return { id: kpi, kind: 'rate', rule: 'daily', value, target, status, daysBelow, daysMeasured, provisional }
}

/**
 * The month's tiles, in `TILE_IDS` order. A month without any result shows every tile as no data.
 * Service errors count every breach of the three `service_error.*` KPIs; incidents, the verified
 * incidents the summary counted.
 */
export function dashboardTiles(summary: KpiSummaryView, month: string): Tile[] {
  const { figures, subjects } = summary
  const monthly = (kpi: 'satisfaction' | 'turnover', rule: 'monthly' | 'annual'): Tile => {
    const r = figures.find((x) => x.kpi === kpi && x.period === month)
    const value = r?.value ?? null
    return {
      id: kpi,
      kind: 'rate',
      rule,
      value,
      target: r?.target ?? null,
      status: statusOf(r?.met ?? null, value),
    }
  }
  const anyResult = figures.length > 0 || subjects.length > 0
  const isServiceError = (r: { kpi: string }) => r.kpi.startsWith('service_error.')
  const count = (id: 'service_errors' | 'incidents', n: number): Tile => ({
    id,
    kind: 'count',
    rule: 'event',
    count: n,
    status: n > 0 ? 'breach' : anyResult ? 'met' : 'no_data',
  })
  return [
    monthly('satisfaction', 'monthly'),
    ...DAILY_RATE_KPIS.map((kpi) => dailyRateTile(figures, kpi, month)),
    monthly('turnover', 'annual'),
    count(
      'service_errors',
      figures.filter((r) => isServiceError(r) && r.met === false).length +
        sum(subjects.filter(isServiceError).map((c) => c.breaches)),
    ),
    count('incidents', sum(subjects.map((c) => c.incidents))),
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
  /** Every day of the month with its exact value, index for index with `x` (what a hover shows). */
  points: TrendPoint[]
  /** The days that have a result, for the table that stands in for the chart. */
  rows: TrendPoint[]
  targetOf: Target | null
}

/** One day of a trend: its exact rate and verdict (`null`: no result, or no verdict). */
export type TrendPoint = { date: string; value: Fraction | null; met: boolean | null; hasResult: boolean }

export function trendData(figures: readonly KpiFigure[], kpi: DailyRateKpi, month: string): TrendData {
  const byDate = new Map(
    figures.filter((r) => r.kpi === kpi && isDay(r.period, month)).map((r) => [r.period, r]),
  )
  const targetOf = [...byDate.values()].find((r) => r.target !== null)?.target ?? null
  const targetPercent = targetOf && targetOf.kind !== 'minCount' ? targetOf.bp / 100 : null
  const dates = datesOfMonth(month)
  const percent = (f: Fraction | null | undefined) => (f ? (f.num * 100) / f.den : null)
  const points = dates.map(
    (date): TrendPoint => ({
      date,
      value: byDate.get(date)?.value ?? null,
      met: byDate.get(date)?.met ?? null,
      hasResult: byDate.has(date),
    }),
  )
  return {
    kpi,
    dates,
    x: dates.map((d) => Number(d.slice(8, 10))),
    values: dates.map((d) => percent(byDate.get(d)?.value)),
    target: dates.map(() => targetPercent),
    breaches: dates.map((d) => (byDate.get(d)?.met === false ? percent(byDate.get(d)?.value) : null)),
    points,
    rows: points.filter((p) => p.hasResult),
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
export function breachCalendar(summary: KpiSummaryView, month: string): (CalendarDay | null)[][] {
  const charged = (r: { kpi: string; period: string }, date: string) =>
    r.period === date && !NOT_CHARGED.has(r.kpi)
  const days = datesOfMonth(month).map((date): CalendarDay => {
    const figures = summary.figures.filter((r) => charged(r, date))
    const subjects = summary.subjects.filter((c) => charged(c, date))
    const breached = [
      ...figures.filter((r) => r.met === false).map((r) => r.kpi),
      ...subjects.filter((c) => c.breaches > 0).map((c) => c.kpi),
    ]
    return {
      date,
      day: Number(date.slice(8, 10)),
      breached: [...new Set(breached)].sort(),
      hasData: figures.length > 0 || subjects.some((c) => c.results > 0),
    }
  })
  const cells: (CalendarDay | null)[] = [
    ...Array.from({ length: isoWeekday(`${month}-01`) - 1 }, () => null),
    ...days,
  ]
  while (cells.length % 7 !== 0) cells.push(null)
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
}

/** Where a calendar day leads: the deductions of that day (a day with no breach leads nowhere). */
export const dayHref = (month: string, day: CalendarDay): string | null =>
  day.breached.length > 0 ? queueHref(month, { period: day.date }) : null

/** The statuses the deduction block lists, each a line that leads to the queue filtered by it. */
export const TOTAL_STATUSES = ['draft', 'approved', 'adjusted', 'acknowledged', 'rejected'] as const
export type TotalStatus = (typeof TOTAL_STATUSES)[number]

export type DeductionTotals = {
  /** Per status: how many, and what they withhold (drafts at their drafted amount). */
  byStatus: Record<TotalStatus, { count: number; fen: number }>
  /** Drafts at their drafted amount plus what the decided ones withhold. */
  totalFen: number
}

/**
 * The month's deductions so far: drafts at their drafted amount, approved and adjusted ones at
 * their final amount, ¥0 records (acknowledged) and rejected ones (不予扣款) at ¥0, withdrawn
 * ones not at all. Of a record superseded by a later one in the same list, only the later one
 * counts (late data: the successor says what the deduction now is).
 */
export function deductionTotals(deductions: readonly DeductionView[]): DeductionTotals {
  const ids = new Set(deductions.map((d) => d.deductionId))
  const current = deductions.filter((d) => !(d.supersededBy && ids.has(d.supersededBy)))
  const withheld = (d: DeductionView) =>
    d.status === 'draft'
      ? d.amountFen
      : d.status === 'approved' || d.status === 'adjusted'
        ? (d.finalAmountFen ?? d.amountFen)
        : 0
  const byStatus = Object.fromEntries(
    TOTAL_STATUSES.map((status) => {
      const of = current.filter((d) => d.status === status)
      return [status, { count: of.length, fen: of.reduce((sum, d) => sum + withheld(d), 0) }]
    }),
  ) as DeductionTotals['byStatus']
  return { byStatus, totalFen: TOTAL_STATUSES.reduce((sum, status) => sum + byStatus[status].fen, 0) }
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A KPI's name in the chosen language (the id itself for one the domain does not name). */
export const kpiName = (kpi: string, locale: Locale): string => {
  const name = KPI_NAMES[kpi as KpiId]
  return name ? inLocale(name, locale) : kpi
}

/** `10月9日`, `Oct 9`. */
export const dayText = (date: string, locale: Locale): string => {
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return locale === 'zh-CN' ? `${m}月${d}日` : `${EN_MONTHS[m - 1]} ${d}`
}
