/**
 * The KPI dashboard from stubbed `/months`, `/kpis/summary`, `/deductions` and `/people`: the month in
 * context (the address's, else the API's current month, the month picker; "no results at all"),
 * the tiles (exact rates to 0.01 %, more decimals where two would misstate the verdict; the rule
 * that decides the money; a daily KPI's badge counting its days below target, never a bare 未达标
 * for a month whose rate meets the target; each tile a link to its KPI's breaches and drafts), the
 * month's deductions by status, each a link to the queue filtered, the data handed to the trend
 * charts (daily values, the target line, breach markers, what hovering a day shows — uPlot needs a
 * real canvas, so only the chart module is mocked here and the real chart is drawn in the browser
 * test), the breach calendar's counts, text and day links, and `/` sending a signed-in user here.
 */
import { type KpiResultRecord, summarizeKpis } from '@hotline/domain'
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import type { Deduction } from '../src/api/deductions'
import type { MonthsResponse } from '../src/api/months'
import type { TrendChartProps } from '../src/components/TrendChart'
import { deduction } from './deductions-fixtures'
import { callsTo, headerOf, json, renderAt, setUpPageTests, signInAs, stubPage } from './helpers'

const charts = vi.hoisted(() => [] as TrendChartProps[])
vi.mock('../src/components/TrendChart', () => ({
  default: (props: TrendChartProps) => {
    charts.push(props)
    return <div data-testid="chart-stub" role="img" aria-label={props.label} />
  },
}))

/** A stored result as the jobs write it; the stub serves the month's summary of them, as the API does. */
type KpiResult = Omit<KpiResultRecord, 'computedAt' | 'jobRunId'>

const VERSION = 'jiyuan-2026@2026.1'
const min = (bp: number) => ({ kind: 'min' as const, bp })

const result = (r: Partial<KpiResult> & Pick<KpiResult, 'kpi' | 'period'>): KpiResult => ({
  subject: null,
  value: null,
  target: null,
  met: null,
  evidence: { ids: [], figures: {} },
  termsVersion: VERSION,
  ...r,
})

/** October 2026: 10-08 all met; 10-09 answer_15s 85 % and publication accuracy 66.67 % below target. */
const october: KpiResult[] = [
  result({
    kpi: 'answer_15s',
    period: '2026-10-08',
    value: { num: 20, den: 20 },
    target: min(9000),
    met: true,
  }),
  result({
    kpi: 'answer_15s',
    period: '2026-10-09',
    value: { num: 17, den: 20 },
    target: min(9000),
    met: false,
  }),
  result({
    kpi: 'connection',
    period: '2026-10-08',
    value: { num: 20, den: 20 },
    target: min(9500),
    met: true,
  }),
  result({
    kpi: 'connection',
    period: '2026-10-09',
    value: { num: 19, den: 20 },
    target: min(9500),
    met: true,
  }),
  result({
    kpi: 'publish_accuracy',
    period: '2026-10-08',
    value: { num: 2, den: 2 },
    target: min(10000),
    met: true,
  }),
  result({
    kpi: 'publish_accuracy',
    period: '2026-10-09',
    value: { num: 2, den: 3 },
    target: min(10000),
    met: false,
  }),
  // Reported per agent-day, never a breach of the contract: not on the calendar.
  result({
    kpi: 'agent_workload',
    period: '2026-10-09',
    subject: 'A1',
    value: { num: 20, den: 1 },
    target: { kind: 'minCount', count: 70 },
    met: false,
  }),
  result({ kpi: 'answer_15s', period: '2026-10', value: { num: 37, den: 40 }, target: min(9000) }),
  result({ kpi: 'connection', period: '2026-10', value: { num: 39, den: 40 }, target: min(9500) }),
  result({ kpi: 'publish_accuracy', period: '2026-10', value: { num: 4, den: 5 }, target: min(10000) }),
  // 94.995 %: two decimals would read "95.00 %", as if it met 95 %.
  result({
    kpi: 'satisfaction',
    period: '2026-10',
    value: { num: 18_999, den: 20_000 },
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
  result({
    kpi: 'service_error.transfer',
    period: '2026-10-12',
    subject: 'T1',
    met: false,
    evidence: { ids: ['T1'], figures: { due: '2026-10-12T16:00:00.000Z', lateMinutes: 30 } },
  }),
  result({ kpi: 'service_error.return', period: '2026-10-12', subject: 'T2#1', met: true }),
  result({
    kpi: 'complaint',
    period: '2026-10-15',
    subject: 'I1',
    met: false,
    evidence: { ids: ['I1'], figures: { type: 'complaint', at: '2026-10-15T02:00:00.000Z' } },
  }),
  // A late emergency ticket: a breach of §4.11, but not a verified incident.
  result({
    kpi: 'emergency_report',
    period: '2026-10-20',
    subject: 'T9',
    met: false,
    evidence: { ids: ['T9'], figures: { due: '2026-10-20T02:30:00.000Z', lateMinutes: 12 } },
  }),
]

/** A deduction of October 2026 (the review's fixture), its KPI and period read from its id. */
const charge = (
  d: Partial<Deduction> & Pick<Deduction, 'deductionId' | 'status' | 'amountFen'>,
): Deduction => {
  const [kpi, period] = d.deductionId.replace(/~.*/, '').split(':')
  return deduction({ kpi: kpi as Deduction['kpi'], period: period ?? '', ...d })
}

const deductions: Deduction[] = [
  charge({
    deductionId: 'answer_15s:2026-10-09',
    status: 'approved',
    amountFen: 20_000,
    finalAmountFen: 20_000,
  }),
  charge({ deductionId: 'publish_accuracy:2026-10-09', status: 'draft', amountFen: 660_000 }),
  charge({ deductionId: 'service_error.transfer:2026-10-12:T1', status: 'draft', amountFen: 20_000 }),
  charge({
    deductionId: 'complaint:2026-10-15:I1',
    status: 'rejected',
    amountFen: 50_000,
    finalAmountFen: 0,
  }),
  charge({ deductionId: 'connection:2026-10-03', status: 'withdrawn', amountFen: 20_000 }),
  charge({
    deductionId: 'emergency_report:2026-10-20:T9',
    status: 'acknowledged',
    amountFen: 0,
    finalAmountFen: 0,
  }),
  // Decided, then superseded by a revised draft after late data: only the successor counts.
  charge({
    deductionId: 'answer_15s:2026-10-20',
    status: 'approved',
    amountFen: 20_000,
    finalAmountFen: 20_000,
    supersededBy: 'answer_15s:2026-10-20~2',
  }),
  charge({
    deductionId: 'answer_15s:2026-10-20~2',
    status: 'draft',
    amountFen: 20_000,
    supersedes: 'answer_15s:2026-10-20',
  }),
]

const summary = (month: string, pending: number) => ({
  month,
  hasResults: true,
  state: 'open' as const,
  number: null,
  pending: { count: pending, amountFen: pending * 20_000 },
  decided: { count: 0, amountFen: 0 },
})
const MONTHS: MonthsResponse = { current: '2026-10', months: [summary('2026-10', 3), summary('2026-09', 0)] }

function stubDashboard(
  byMonth: Record<string, KpiResult[]> = { '2026-10': october },
  months: MonthsResponse = MONTHS,
) {
  return stubPage(
    {
      'GET /api/v1/kpis/summary': (url) => {
        const month = url.searchParams.get('month') ?? ''
        return json(200, summarizeKpis(month, byMonth[month] ?? []))
      },
      'GET /api/v1/deductions': (url) =>
        json(200, { deductions: url.searchParams.get('month') === '2026-10' ? deductions : [] }),
    },
    () => months,
  )
}

const tile = (id: string) => {
  const element = screen.getByTestId(`tile-${id}`)
  return {
    value: within(element).getByTestId('tile-value').textContent,
    badge: within(element).getByTestId('tile-badge').textContent,
    rule: within(element).getByTestId('tile-rule').textContent,
    href: within(element).getByRole('link').getAttribute('href'),
    text: element.textContent ?? '',
  }
}

setUpPageTests({
  before: () => {
    charts.length = 0
  },
})

describe('KPI dashboard', () => {
  it('shows each KPI of the month, the rule that decides its money, and a badge that cannot be misread', async () => {
    const fetch = stubDashboard()
    renderAt('/dashboard?month=2026-10')

    await screen.findByTestId('tile-satisfaction')
    expect(tile('satisfaction')).toMatchObject({ value: '94.995%', badge: '未达标', rule: '按月考核' })
    expect(tile('satisfaction').text).toContain('目标 ≥ 95%')
    // The month's rate 92.50 % meets 90 %, but a day was below target: the badge counts the days.
    expect(tile('answer_15s')).toMatchObject({ value: '92.50%', badge: '1 天未达标', rule: '按日考核' })
    expect(tile('answer_15s').text).toContain('目标 ≥ 90%')
    expect(tile('answer_15s').text).toContain('上方为本月合计；每天低于目标的，当天扣款。')
    expect(tile('connection')).toMatchObject({ value: '97.50%', badge: '每天达标', rule: '按日考核' })
    expect(tile('publish_accuracy')).toMatchObject({ value: '80.00%', badge: '1 天未达标' })
    expect(tile('publish_accuracy').text).toContain('目标 ≥ 100%')
    expect(tile('turnover')).toMatchObject({ value: '10.00%', badge: '达标', rule: '按年度考核' })
    expect(tile('turnover').text).toContain('目标 ≤ 20%')
    // One late transfer (the on-time return is no error); one verified complaint (the late
    // emergency ticket is a breach, but no incident).
    expect(tile('service_errors')).toMatchObject({ value: '1 次', badge: '未达标', rule: '按次考核' })
    expect(tile('incidents')).toMatchObject({ value: '1 次', badge: '未达标' })
    // Colour follows the badge: red for days below target, green for every day met.
    expect(screen.getByTestId('tile-answer_15s').className).toContain('kpi-tile-breach')
    expect(screen.getByTestId('tile-connection').className).toContain('kpi-tile-met')
    // KPI names from the domain's one table; no bare 未达标 on a daily tile.
    const names = screen.getAllByRole('heading', { level: 4 }).map((h) => h.textContent)
    expect(names).toEqual([
      '满意率：查看未达标记录和扣款',
      '15秒应答及时率：查看未达标记录和扣款',
      '接通率：查看未达标记录和扣款',
      '信息发布准确率：查看未达标记录和扣款',
      '人员流失率：查看未达标记录和扣款',
      '服务差错：查看未达标记录和扣款',
      '经查实事件：查看本月事件',
    ])

    const [kpis] = callsTo(fetch, 'GET', '/api/v1/kpis/summary')
    expect(kpis?.url.searchParams.get('month')).toBe('2026-10')
    expect(headerOf(kpis?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    // The summary only: no result's evidence is fetched for the dashboard.
    expect(callsTo(fetch, 'GET', '/api/v1/kpis')).toHaveLength(0)
  })

  it("leads from each tile to that KPI's breaches and drafts", async () => {
    stubDashboard()
    renderAt('/dashboard?month=2026-10')

    await screen.findByTestId('tile-satisfaction')
    expect(tile('satisfaction').href).toBe('/deductions?month=2026-10&kpi=satisfaction')
    expect(tile('answer_15s').href).toBe('/deductions?month=2026-10&kpi=answer_15s')
    expect(tile('connection').href).toBe('/deductions?month=2026-10&kpi=connection')
    expect(tile('publish_accuracy').href).toBe('/deductions?month=2026-10&kpi=publish_accuracy')
    expect(tile('turnover').href).toBe('/deductions?month=2026-10&kpi=turnover')
    expect(tile('service_errors').href).toBe('/deductions?month=2026-10&kpi=service_error')
    expect(tile('incidents').href).toBe('/incidents?month=2026-10')
  })

  it("totals the month's deductions by status, each status a link to the queue filtered by it", async () => {
    stubDashboard()
    renderAt('/dashboard?month=2026-10')

    // Drafts 6,600 + 200 + 200 (the revised draft); approved 200; the rejected one and the ¥0 record at 0.
    expect((await screen.findByTestId('deduction-total')).textContent).toBe('¥7,200.00')
    expect(screen.getByTestId('deduction-draft').textContent).toBe('¥7,000.00')
    expect(screen.getByTestId('deduction-approved').textContent).toBe('¥200.00')
    expect(screen.getByTestId('deduction-adjusted').textContent).toBe('¥0.00')
    expect(screen.getByTestId('deduction-acknowledged').textContent).toBe('¥0.00')
    expect(screen.getByTestId('deduction-rejected').textContent).toBe('¥0.00')
    const link = (name: string) => screen.getByRole('link', { name }).getAttribute('href')
    expect(link('待审核 3 笔')).toBe('/deductions?month=2026-10&status=draft')
    expect(link('已批准 1 笔')).toBe('/deductions?month=2026-10&status=approved')
    expect(link('已记录（不扣款）1 笔')).toBe('/deductions?month=2026-10&status=acknowledged')
    expect(link('不予扣款 1 笔')).toBe('/deductions?month=2026-10&status=rejected')
    // Nothing adjusted: the line is there, but leads nowhere.
    expect(screen.getByText('已调整 0 笔').closest('a')).toBeNull()
  })

  it('hands each daily trend chart its values, the target line, the breach markers and what a hover shows', async () => {
    stubDashboard()
    renderAt('/dashboard?month=2026-10')

    await waitFor(() => expect(charts).toHaveLength(3))
    const [answer, connection, accuracy] = charts
    const days = Array.from({ length: 31 }, (_, i) => i + 1)
    const only = (values: Record<number, number>) => days.map((d) => values[d] ?? null)

    expect(answer?.data).toEqual([days, only({ 8: 100, 9: 85 }), days.map(() => 90), only({ 9: 85 })])
    expect(answer?.label).toBe(
      '15秒应答及时率：2026年10月每日数值折线图，目标 ≥ 90%，1 天未达标。详细数值见下方数据表。',
    )
    expect(answer?.names).toEqual({ value: '当日数值', target: '目标 ≥ 90%', breach: '未达标日' })
    expect(answer?.dayLabel(9)).toBe('9日')
    expect(answer?.percentLabel(90)).toBe('90%')
    // Hovering a day shows its exact value, from the fraction (index 8 = the 9th).
    expect(answer?.hoverText(8)).toBe('10月9日 85.00%（未达标）')
    expect(answer?.hoverText(7)).toBe('10月8日 100.00%')
    expect(answer?.hoverText(0)).toBe('10月1日 无数据')
    expect(accuracy?.hoverText(8)).toBe('10月9日 66.67%（未达标）')

    expect(connection?.data[1]).toEqual(only({ 8: 100, 9: 95 }))
    expect(connection?.data[2]).toEqual(days.map(() => 95))
    expect(connection?.data[3]).toEqual(days.map(() => null))

    expect(accuracy?.data[1]?.[8]).toBeCloseTo(66.6667, 3)
    expect(accuracy?.data[2]).toEqual(days.map(() => 100))
    expect(accuracy?.data[3]?.[8]).toBeCloseTo(66.6667, 3)
    expect(accuracy?.data[3]?.filter((v) => v !== null)).toHaveLength(1)

    // The table beside each chart has the exact figures.
    const figure = screen.getByTestId('trend-publish_accuracy')
    const rows = within(figure)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))
    expect(rows).toEqual([
      ['10月8日', '100.00% (2/2)', '达标'],
      ['10月9日', '66.67% (2/3)', '未达标'],
    ])
  })

  it("marks the breach days on a Monday-first calendar, each a link to that day's deductions named by its text", async () => {
    stubDashboard()
    renderAt('/dashboard?month=2026-10')

    const calendar = await screen.findByTestId('breach-calendar')
    const headers = within(calendar)
      .getAllByRole('columnheader')
      .map((th) => th.textContent)
    expect(headers).toEqual(['一', '二', '三', '四', '五', '六', '日'])
    // 2026-10-01 is a Thursday: three blank cells before it; five weeks.
    const weeks = within(calendar).getAllByRole('row').slice(1)
    expect(weeks).toHaveLength(5)
    const shown = (week: HTMLElement | undefined) =>
      [...(week?.querySelectorAll('td') ?? [])].map(
        (td) => td.querySelector('[aria-hidden]')?.textContent ?? '',
      )
    expect(shown(weeks[0])).toEqual(['', '', '', '1', '2', '3', '4'])
    expect(shown(weeks[4])).toEqual(['26', '27', '28', '29', '30', '31', ''])

    const day = (date: string) => screen.getByTestId(`heat-${date}`)
    expect(day('2026-10-09').dataset.breaches).toBe('2')
    expect(day('2026-10-09').className).toContain('heat-2')
    expect(day('2026-10-09').title).toBe('10月9日：2项指标未达标（15秒应答及时率、信息发布准确率）')
    const link = within(calendar).getByRole('link', {
      name: '10月9日：2项指标未达标（15秒应答及时率、信息发布准确率）',
    })
    expect(link.getAttribute('href')).toBe('/deductions?month=2026-10&period=2026-10-09')
    expect(day('2026-10-08').dataset.breaches).toBe('0')
    expect(day('2026-10-08').className).toContain('heat-0')
    expect(day('2026-10-08').textContent).toContain('10月8日：全部达标')
    expect(within(calendar).getByRole('link', { name: '10月12日：1项指标未达标（转办超时）' })).toBeTruthy()
    expect(within(calendar).getByRole('link', { name: '10月15日：1项指标未达标（投诉）' })).toBeTruthy()
    expect(
      within(calendar)
        .getByRole('link', { name: '10月20日：1项指标未达标（应急事件上报）' })
        .getAttribute('href'),
    ).toBe('/deductions?month=2026-10&period=2026-10-20')
    expect(day('2026-10-01').className).toContain('heat-nodata')
    expect(day('2026-10-01').textContent).toContain('10月1日：无数据')
    // Only the breach days lead somewhere: a day that met everything has no deductions to show.
    expect(
      within(calendar)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')?.split('period=')[1]),
    ).toEqual(['2026-10-09', '2026-10-12', '2026-10-15', '2026-10-20'])
  })

  it("opens on the API's current month, not the calendar month before today, and follows the month picker", async () => {
    // Today is 2026-12-21: the month before is November, which has no results; the API says October.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-21T02:00:00.000Z'))
    signInAs('reviewer') // signed in as of that day
    const fetch = stubDashboard()
    renderAt('/dashboard')

    await waitFor(() => expect(window.location.search).toBe('?month=2026-10'))
    await screen.findByTestId('tile-satisfaction')
    expect(screen.getByText(/^2026年10月各项考核指标与合同目标的对比/)).toBeTruthy()
    const picker = screen.getByLabelText<HTMLSelectElement>('考核月份')
    expect(picker.value).toBe('2026-10')
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      '2026年10月（待审核 3 条，¥600.00）',
      '2026年9月',
    ])
    expect(callsTo(fetch, 'GET', '/api/v1/kpis/summary')[0]?.url.searchParams.get('month')).toBe('2026-10')
    // The links carry the month in the address.
    expect(screen.getByRole('link', { name: 'KPI 看板' }).getAttribute('href')).toBe(
      '/dashboard?month=2026-10',
    )

    fireEvent.change(picker, { target: { value: '2026-09' } })
    await waitFor(() => expect(window.location.search).toBe('?month=2026-09'))
    await screen.findByText('2026年9月还没有考核结果：每日任务次日 00:30 运行，月度任务次月 1 日运行。')
    expect(tile('satisfaction')).toMatchObject({ value: '—', badge: '无数据' })
    expect(tile('answer_15s')).toMatchObject({ value: '—', badge: '无数据' })
    expect(tile('service_errors')).toMatchObject({ value: '0 次', badge: '无数据' })
    expect(tile('answer_15s').href).toBe('/deductions?month=2026-09&kpi=answer_15s')
    expect(screen.getByTestId('deduction-total').textContent).toBe('¥0.00')
    expect(callsTo(fetch, 'GET', '/api/v1/deductions').map((c) => c.url.searchParams.get('month'))).toEqual([
      '2026-10',
      '2026-09',
    ])

    fireEvent.click(screen.getByRole('button', { name: '上一月' }))
    await waitFor(() => expect(window.location.search).toBe('?month=2026-08'))
  })

  it('says so when there are no results at all', async () => {
    const fetch = stubDashboard({}, { current: null, months: [] })
    renderAt('/dashboard')
    await screen.findByText('还没有任何月份的考核结果。导入数据并运行考核任务后，这里会显示结果。')
    expect(window.location.search).toBe('')
    expect(screen.queryByTestId('month-picker')).toBeNull()
    expect(callsTo(fetch, 'GET', '/api/v1/kpis/summary')).toHaveLength(0)
  })

  it('sums the daily results while the month is not rolled up yet', async () => {
    stubDashboard({
      '2026-11': october
        .filter((r) => r.period.length === 10)
        .map((r) => ({ ...r, period: r.period.replace('2026-10', '2026-11') })),
    })
    renderAt('/dashboard?month=2026-11')

    await screen.findByTestId('tile-answer_15s')
    expect(tile('answer_15s')).toMatchObject({ value: '92.50%', badge: '1 天未达标' })
    expect(tile('answer_15s').text).toContain('月度汇总尚未计算，按已有的每日结果合计')
    expect(tile('satisfaction').badge).toBe('无数据')
  })

  it('says so, in Chinese, when the KPIs or the months cannot be loaded', async () => {
    stubPage({
      'GET /api/v1/months': () => json(404, { error: { code: 'not_found', message: 'no such route' } }),
      'GET /api/v1/kpis/summary': () =>
        json(500, { error: { code: 'internal', message: 'table unavailable' } }),
      'GET /api/v1/deductions': () => json(200, { deductions: [] }),
    })
    renderAt('/dashboard?month=2026-10')
    expect((await screen.findByRole('alert')).textContent).toBe(
      '无法加载考核指标：服务器出错了，请稍后再试；如果一直出错，请联系运维人员。',
    )
    cleanup()
    window.history.replaceState(null, '', '/')
    sessionStorage.removeItem('hotline.month')
    renderAt('/dashboard')
    expect((await screen.findByRole('alert')).textContent).toMatch(/^无法加载考核月份：/)
    expect(screen.queryByText(/no such route/)).toBeNull()
  })

  it('is where a signed-in user lands: / goes to the dashboard, the status card stays at /status', async () => {
    stubDashboard()
    renderAt('/')
    await screen.findByRole('heading', { name: 'KPI 看板', level: 2 })
    await waitFor(() => expect(window.location.pathname).toBe('/dashboard'))
    await waitFor(() => expect(window.location.search).toBe('?month=2026-10'))
    expect(screen.getByRole('link', { name: 'KPI 看板' }).getAttribute('aria-current')).toBe('page')
    expect(screen.getByRole('link', { name: '系统状态' }).getAttribute('href')).toBe('/status?month=2026-10')
  })

  it('reads in English', async () => {
    stubDashboard()
    renderAt('/dashboard?month=2026-10', 'en')
    await screen.findByTestId('tile-satisfaction')
    expect(tile('satisfaction')).toMatchObject({
      value: '94.995%',
      badge: 'Breach',
      rule: 'Judged per month',
    })
    expect(tile('answer_15s')).toMatchObject({ badge: 'Days below target: 1', rule: 'Judged per day' })
    expect(tile('connection').badge).toBe('Met every day')
    expect(tile('service_errors').value).toBe('1')
    expect(
      screen.getByRole('heading', { name: 'Answer-within-15s rate: breaches and deductions' }),
    ).toBeTruthy()
    expect(screen.getByTestId('heat-2026-10-09').textContent).toContain(
      'Oct 9: 2 KPIs breached (answer-within-15s rate, publication accuracy rate)',
    )
    await waitFor(() => expect(charts.at(-1)?.hoverText(8)).toBe('Oct 9 66.67% (below target)'))
  })
})
