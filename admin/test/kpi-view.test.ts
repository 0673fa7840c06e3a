/**
 * The dashboard's and statement's pure helpers: percentages that never misstate a verdict, targets
 * as the contract writes them, a daily KPI's tile judged by its days ("N 天未达标", never a bare
 * 未达标 for a month whose rate meets the target), where tiles, days and statuses lead, the
 * month's deductions by status.
 */
import { type SummarizedResult, summarizeKpis } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import {
  breachCalendar,
  dashboardTiles,
  dayHref,
  deductionTotals,
  percentText,
  type Tile,
  targetText,
  tileBadge,
  tileHref,
} from '../src/kpi-view'
import { queueHref } from '../src/pages/records/links'

describe('percentText', () => {
  it.each([
    [{ num: 175, den: 200 }, { kind: 'min', bp: 9000 }, '87.50%'],
    [{ num: 2, den: 3 }, { kind: 'min', bp: 10_000 }, '66.67%'],
    // 94.995 % would round to 95.00 %, as if it met 95 %: one more decimal.
    [{ num: 18_999, den: 20_000 }, { kind: 'min', bp: 9500 }, '94.995%'],
    // 20.004 % would read 20.00 % against a maximum of 20 %.
    [{ num: 5001, den: 25_000 }, { kind: 'max', bp: 2000 }, '20.004%'],
    // 99.9999 % against 100 %: as many decimals as it takes (up to six).
    [{ num: 999_999, den: 1_000_000 }, { kind: 'min', bp: 10_000 }, '99.9999%'],
    [{ num: 19, den: 20 }, { kind: 'min', bp: 9500 }, '95.00%'],
  ] as const)('%j against %j → %s', (value, target, expected) => {
    expect(percentText(value, target)).toBe(expected)
  })

  it('shows two decimals without a target', () => {
    expect(percentText({ num: 1, den: 3 })).toBe('33.33%')
  })
})

describe('targetText', () => {
  it.each([
    [{ kind: 'min', bp: 9000 }, '≥ 90%'],
    [{ kind: 'min', bp: 9550 }, '≥ 95.5%'],
    [{ kind: 'max', bp: 2000 }, '≤ 20%'],
    [{ kind: 'minCount', count: 70 }, '≥ 70'],
    [null, '—'],
  ] as const)('%j → %s', (target, expected) => {
    expect(targetText(target)).toBe(expected)
  })
})

const min = (bp: number) => ({ kind: 'min' as const, bp })
const result = (
  r: Partial<SummarizedResult> & Pick<SummarizedResult, 'kpi' | 'period'>,
): SummarizedResult => ({
  subject: null,
  value: null,
  target: null,
  met: null,
  termsVersion: 'jiyuan-2026@2026.1',
  evidence: { figures: {} },
  ...r,
})
/** October's results as the API serves them to the dashboard: summarized. */
const october = (results: SummarizedResult[]) => summarizeKpis('2026-10', results)
/** A day of answer_15s in October: `num` of 100 answered within 15 s against 90 %. */
const answerDay = (day: number, num: number | null) =>
  result({
    kpi: 'answer_15s',
    period: `2026-10-${String(day).padStart(2, '0')}`,
    value: num === null ? null : { num, den: 100 },
    target: min(9000),
    met: num === null ? null : num >= 90,
  })
const tileOf = (results: SummarizedResult[], id = 'answer_15s'): Tile => {
  const tile = dashboardTiles(october(results), '2026-10').find((t) => t.id === id)
  if (!tile) throw new Error(`no tile ${id}`)
  return tile
}

describe('a daily KPI tile: the month rate, judged by its days', () => {
  it('counts the days below target even when the month as a whole meets it', () => {
    // 92.71 % for the month (≥ 90 %), yet two days were below target: the badge says so.
    const results = [
      answerDay(1, 100),
      answerDay(2, 89),
      answerDay(3, 88),
      answerDay(4, null),
      result({ kpi: 'answer_15s', period: '2026-10', value: { num: 8900, den: 9600 }, target: min(9000) }),
    ]
    const tile = tileOf(results)
    expect(tile).toMatchObject({
      rule: 'daily',
      value: { num: 8900, den: 9600 },
      daysBelow: 2,
      daysMeasured: 3,
      status: 'breach',
      provisional: false,
    })
    expect(percentText({ num: 8900, den: 9600 }, min(9000))).toBe('92.71%')
    expect(tileBadge(tile)).toEqual({ status: 'breach', words: 'daysBelow', n: 2 })
  })

  it('reads 每天达标 when every judged day met the target, and no data without a judged day', () => {
    expect(tileBadge(tileOf([answerDay(1, 95), answerDay(2, 90), answerDay(3, null)]))).toEqual({
      status: 'met',
      words: 'everyDay',
    })
    // Days without calls have no verdict: no day judged is no data, not "met every day".
    const none = tileOf([answerDay(1, null), result({ kpi: 'satisfaction', period: '2026-10' })])
    expect(none).toMatchObject({ status: 'no_data', daysMeasured: 0, value: null })
    expect(tileBadge(none)).toEqual({ status: 'no_data', words: 'no_data' })
    expect(tileBadge(tileOf([]))).toEqual({ status: 'no_data', words: 'no_data' })
  })

  it('sums the days so far while the month is not rolled up (provisional)', () => {
    const tile = tileOf([answerDay(1, 100), answerDay(2, 80)])
    expect(tile).toMatchObject({ value: { num: 180, den: 200 }, provisional: true, daysBelow: 1 })
  })

  it('keeps the own verdict of monthly KPIs, and counts events', () => {
    const results = [
      result({
        kpi: 'satisfaction',
        period: '2026-10',
        value: { num: 90, den: 100 },
        target: min(9500),
        met: false,
      }),
      result({
        kpi: 'turnover',
        period: '2026-10',
        value: { num: 1, den: 10 },
        target: { kind: 'max', bp: 2000 },
        met: true,
      }),
      result({ kpi: 'service_error.callback', period: '2026-10-03', subject: 'T1#1', met: false }),
      result({ kpi: 'service_error.transfer', period: '2026-10-04', subject: 'T2', met: false }),
    ]
    expect(tileBadge(tileOf(results, 'satisfaction'))).toEqual({ status: 'breach', words: 'breach' })
    expect(tileOf(results, 'satisfaction').rule).toBe('monthly')
    expect(tileBadge(tileOf(results, 'turnover'))).toEqual({ status: 'met', words: 'met' })
    expect(tileOf(results, 'turnover').rule).toBe('annual')
    expect(tileOf(results, 'service_errors')).toMatchObject({ rule: 'event', count: 2, status: 'breach' })
    expect(tileOf(results, 'incidents')).toMatchObject({ rule: 'event', count: 0, status: 'met' })
  })
})

describe('per-subject results, counted by the summary', () => {
  const october12 = [
    result({ kpi: 'service_error.transfer', period: '2026-10-12', subject: 'T1', met: false }),
    result({ kpi: 'service_error.transfer', period: '2026-10-12', subject: 'T2', met: false }),
    result({ kpi: 'service_error.return', period: '2026-10-13', subject: 'T3#1', met: true }),
    // Reported per agent-day, never charged: neither data nor a breach on the calendar.
    result({ kpi: 'agent_workload', period: '2026-10-14', subject: 'A1', met: false }),
    result({
      kpi: 'complaint',
      period: '2026-10-15',
      subject: 'I1',
      met: false,
      evidence: { figures: { type: 'complaint' } },
    }),
    // A late emergency ticket: a breach on its day, but no verified incident.
    result({
      kpi: 'emergency_report',
      period: '2026-10-15',
      subject: 'T9',
      met: false,
      evidence: { figures: { lateMinutes: 12 } },
    }),
  ]

  it('counts service errors by their breaches and incidents by the verified ones', () => {
    expect(tileOf(october12, 'service_errors')).toMatchObject({ count: 2, status: 'breach' })
    expect(tileOf(october12, 'incidents')).toMatchObject({ count: 1, status: 'breach' })
  })

  it('marks a day by the KPIs breached on it, and as measured when only met results fall on it', () => {
    const days = breachCalendar(october(october12), '2026-10')
      .flat()
      .filter((d) => d !== null)
    const on = (date: string) => days.find((d) => d.date === date)
    expect(on('2026-10-12')).toMatchObject({ breached: ['service_error.transfer'], hasData: true })
    expect(on('2026-10-13')).toMatchObject({ breached: [], hasData: true })
    expect(on('2026-10-14')).toMatchObject({ breached: [], hasData: false })
    expect(on('2026-10-15')?.breached).toEqual(['complaint', 'emergency_report'])
  })
})

describe('where the dashboard leads', () => {
  it('sends each tile to its KPI in the queue; service errors by their prefix; incidents to their page', () => {
    expect(tileHref('answer_15s', '2026-10')).toBe('/deductions?month=2026-10&kpi=answer_15s')
    expect(tileHref('satisfaction', '2026-10')).toBe('/deductions?month=2026-10&kpi=satisfaction')
    expect(tileHref('service_errors', '2026-10')).toBe('/deductions?month=2026-10&kpi=service_error')
    expect(tileHref('incidents', '2026-10')).toBe('/incidents?month=2026-10')
  })

  it('sends a breach day to its deductions, a status to the queue filtered by it', () => {
    const [week] = breachCalendar(october([answerDay(1, 80), answerDay(2, 95)]), '2026-10')
    // 2026-10-01 is a Thursday.
    const [, , , first, second] = week ?? []
    expect(first && dayHref('2026-10', first)).toBe('/deductions?month=2026-10&period=2026-10-01')
    expect(second && dayHref('2026-10', second)).toBeNull()
    expect(queueHref('2026-10', { status: 'draft' })).toBe('/deductions?month=2026-10&status=draft')
    expect(queueHref('2026-10')).toBe('/deductions?month=2026-10')
  })
})

describe('deductionTotals', () => {
  const d = (
    deductionId: string,
    status: Parameters<typeof deductionTotals>[0][number]['status'],
    amountFen: number,
    finalAmountFen: number | null = null,
  ) => ({
    deductionId,
    status,
    amountFen,
    finalAmountFen,
    supersededBy: null,
  })
  it('sums each status: drafts as drafted, decided at their final amount, ¥0 records and 不予扣款 at ¥0', () => {
    const totals = deductionTotals([
      d('a', 'draft', 20_000),
      d('b', 'draft', 660_000),
      d('c', 'approved', 20_000, 20_000),
      d('e', 'adjusted', 20_000, 5_000),
      d('f', 'acknowledged', 0, 0),
      d('g', 'rejected', 50_000, 0),
      d('h', 'withdrawn', 20_000),
    ])
    expect(totals.byStatus).toEqual({
      draft: { count: 2, fen: 680_000 },
      approved: { count: 1, fen: 20_000 },
      adjusted: { count: 1, fen: 5_000 },
      acknowledged: { count: 1, fen: 0 },
      rejected: { count: 1, fen: 0 },
    })
    expect(totals.totalFen).toBe(705_000)
  })
})
