/**
 * The compliance page's four tabs: the weekly safety and cleaning checks of a month's ISO weeks
 * (met or missing from the KPI results, what was logged, the contractor's form), training (hours
 * per agent against 16 h, onboarding before first duty, a form whose bad fields are named), the
 * staff roster with the month's joins, leaves and turnover rate against 20 % (the job's result, or
 * an estimate before it runs), and a day's publications whose accuracy a reviewer corrects with a
 * reason. Role-dependent controls are hidden from those the server would refuse.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type {
  KpiResult,
  StoredFacilityCheck,
  StoredPublication,
  StoredStaffEvent,
  StoredTraining,
} from '../src/api/records'
import { callsTo, json, renderAt, setUpPageTests, signInAs, type stubApi, stubPage, TERMS } from './helpers'
import { publication, staffEvent, stored, trainingRecord } from './records-fixtures'

const result = (
  kpi: string,
  period: string,
  met: boolean | null,
  extra: Partial<KpiResult> = {},
): KpiResult => ({
  kpi,
  period,
  subject: null,
  value: { num: 1, den: 1 },
  target: { kind: 'minCount', count: 1 },
  met,
  evidence: { ids: [], figures: {} },
  termsVersion: 'jiyuan-2026@2026.1',
  computedAt: '2026-10-14T17:00:00.000Z',
  jobRunId: 'monthly-2026-10',
  ...extra,
})

const CHECKS: Record<string, StoredFacilityCheck[]> = {
  '2026-W40': [{ kind: 'facility_check', type: 'safety', at: '2026-09-29T02:00:00.000Z', ...stored() }],
  '2026-W41': [
    {
      kind: 'facility_check',
      type: 'safety',
      at: '2026-10-08T02:00:00.000Z',
      checkId: 'SC-41',
      notes: '消防通道畅通',
      ...stored(),
    },
    { kind: 'facility_check', type: 'cleaning', at: '2026-10-09T08:30:00.000Z', ...stored() },
  ],
}

const TRAINING: StoredTraining[] = [
  trainingRecord('A-001', '2026-10-10T06:00:00.000Z', { hours: 10 }),
  trainingRecord('A-001', '2026-10-20T06:00:00.000Z', { hours: 6 }),
  trainingRecord('A-002', '2026-10-10T06:00:00.000Z', { hours: 4 }),
  trainingRecord('N-009', '2026-10-05T01:00:00.000Z', { type: 'practice', days: 10 }),
]

const STAFF: StoredStaffEvent[] = [
  staffEvent('A-001', 'joined', '2026-01-05T01:00:00.000Z', { name: '王芳' }),
  staffEvent('A-002', 'joined', '2026-03-01T01:00:00.000Z', { name: '李强' }),
  staffEvent('A-002', 'left', '2026-10-20T02:00:00.000Z'),
  staffEvent('A-003', 'joined', '2026-10-08T01:00:00.000Z', { name: '赵敏' }),
  staffEvent('O-001', 'joined', '2026-02-01T01:00:00.000Z', { role: 'ops', name: '陈静' }),
]

const KPIS: Record<string, KpiResult[]> = {
  safety_check: [
    result('safety_check', '2026-W40', true),
    result('safety_check', '2026-W41', true),
    result('safety_check', '2026-W42', false, { value: { num: 0, den: 1 } }),
  ],
  cleaning_check: [],
  'training.in_service': [
    result('training.in_service', '2026-10', true, { subject: 'A-001', value: { num: 960, den: 60 } }),
    result('training.in_service', '2026-10', false, { subject: 'A-002', value: { num: 240, den: 60 } }),
    result('training.in_service', '2026-10', false, { subject: 'A-003', value: { num: 0, den: 60 } }),
  ],
  'training.onboarding': [
    result('training.onboarding', '2026-10', false, {
      subject: 'N-009',
      value: null,
      target: null,
      evidence: {
        ids: ['N-009'],
        figures: {
          firstDutyAt: '2026-10-20T01:00:00.000Z',
          onboardingDays: 30,
          examPassed: false,
          practiceDays: 10,
          missing: 'exam,practice',
        },
      },
    }),
  ],
  turnover: [
    result('turnover', '2026-10', false, {
      value: { num: 1, den: 3 },
      target: { kind: 'max', bp: 2000 },
      evidence: { ids: ['A-002'], figures: { leavers: 1, headcountAtMonthEnd: 2 } },
    }),
  ],
}

const PUBLICATIONS: StoredPublication[] = [
  publication('P-1', '2026-10-09T00:00:00.000Z', 'sms'),
  publication('P-2', '2026-10-09T01:00:00.000Z', 'weibo'),
  publication('P-3', '2026-10-09T02:00:00.000Z', 'website', { accurate: false, title: '停水通知' }),
]

const page = <T,>(records: T[]) => json(200, { records, cursor: null })

function stubCompliance(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubPage({
    'GET /api/v1/facility-checks': (url) => page(CHECKS[url.searchParams.get('week') ?? ''] ?? []),
    'GET /api/v1/kpis': (url) => {
      const month = url.searchParams.get('month') ?? ''
      const results = month === '2026-10' ? (KPIS[url.searchParams.get('kpi') ?? ''] ?? []) : []
      return json(200, { month, results })
    },
    'GET /api/v1/training': (url) => page(url.searchParams.get('month') === '2026-10' ? TRAINING : []),
    'GET /api/v1/staff-events': () => page(STAFF),
    'GET /api/v1/publications': (url) =>
      page(url.searchParams.get('day') === '2026-10-09' ? PUBLICATIONS : []),
    'GET /api/v1/terms': () => json(200, TERMS),
    ...extra,
  })
}

const cellsOf = (row: HTMLElement) =>
  [...row.querySelectorAll(':scope > th, :scope > td')].map((c) => c.textContent)
const rowsOf = (testId: string) => screen.getAllByTestId(testId).map(cellsOf)
const bodyOf = (fetch: ReturnType<typeof stubApi>, path: string) =>
  callsTo(fetch, 'POST', path).map((c) => JSON.parse(String(c.init?.body)))

setUpPageTests({
  pages: [() => import('../src/pages/CompliancePage')],
  signedIn: false,
  now: '2026-10-15T02:00:00.000Z',
})

describe('weekly checks', () => {
  it('marks each ISO week of the month met or missing from the KPI results, with what was logged', async () => {
    signInAs('reviewer')
    const fetch = stubCompliance()
    renderAt('/compliance?month=2026-10')

    await screen.findByTestId('weeks')
    expect(rowsOf('week-row')).toEqual([
      ['2026 年第 40 周 9月28日–10月4日', '已检查 已登记 1 次', '尚未计算 已登记 0 次'],
      ['2026 年第 41 周 10月5日–10月11日', '已检查 已登记 1 次', '尚未计算 已登记 1 次'],
      ['2026 年第 42 周 10月12日–10月18日', '缺检 已登记 0 次', '尚未计算 已登记 0 次'],
      ['2026 年第 43 周 10月19日–10月25日', '尚未计算 已登记 0 次', '尚未计算 已登记 0 次'],
      ['2026 年第 44 周 10月26日–11月1日', '尚未计算 已登记 0 次', '尚未计算 已登记 0 次'],
    ])
    // The columns are the KPIs' own names.
    expect([...screen.getByTestId('weeks').querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(
      ['周次', '安全检查', '卫生保洁检查'],
    )
    expect(
      callsTo(fetch, 'GET', '/api/v1/facility-checks')
        .map((c) => c.url.searchParams.get('week'))
        .sort(),
    ).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44'])
    expect(callsTo(fetch, 'GET', '/api/v1/kpis').map((c) => c.url.searchParams.get('kpi'))).toEqual(
      expect.arrayContaining(['safety_check', 'cleaning_check']),
    )
    await waitFor(() => expect(rowsOf('check-row')[0]?.[4]).toBe('乙方坐席班长（演示）'))
    expect(rowsOf('check-row')).toEqual([
      ['2026年9月29日 10:00', '安全检查', '', '', '乙方坐席班长（演示）'],
      ['2026年10月8日 10:00', '安全检查', 'SC-41', '消防通道畅通', '乙方坐席班长（演示）'],
      ['2026年10月9日 16:30', '卫生保洁检查', '', '', '乙方坐席班长（演示）'],
    ])
    // Each check opens its own page, keeping the month; one without an id by its time.
    const links = screen
      .getAllByTestId('check-row')
      .map((row) => row.querySelector('a')?.getAttribute('href'))
    expect(links).toEqual([
      '/records/checks/2026-W40/2026-09-29T02%3A00%3A00.000Z?type=safety&month=2026-10',
      '/records/checks/2026-W41/SC-41?type=safety&month=2026-10',
      '/records/checks/2026-W41/2026-10-09T08%3A30%3A00.000Z?type=cleaning&month=2026-10',
    ])
    expect(screen.getByText(/考核结果来自 2026年10月15日 01:00 运行的月度任务/)).toBeTruthy()
    // A reviewer does not log checks (the server takes them from the contractor).
    expect(screen.queryByTestId('check-form')).toBeNull()
  })

  it('lets the contractor log a check, sending the record and naming a bad field', async () => {
    signInAs('contractor')
    const fetch = stubCompliance({
      'POST /api/v1/facility-checks': () => json(200, { received: 1, created: 1, duplicates: 0, updated: 0 }),
    })
    renderAt('/compliance?month=2026-10')
    await screen.findByTestId('weeks')
    const form = within(screen.getByTestId('check-form'))

    fireEvent.input(form.getByLabelText('检查编号（可选）'), { target: { value: 'SC 42' } })
    fireEvent.input(form.getByLabelText('检查时间（北京时间）'), { target: { value: '2026-10-13T09:30' } })
    fireEvent.click(form.getByRole('button', { name: '登记检查' }))
    expect((await screen.findByTestId('error-summary')).textContent).toContain(
      '检查编号（可选）：不能有空格或 #',
    )
    expect(form.getByLabelText('检查编号（可选）').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/facility-checks')).toHaveLength(0)

    fireEvent.input(form.getByLabelText('检查编号（可选）'), { target: { value: 'SC-42' } })
    fireEvent.input(form.getByLabelText('备注（可选）'), { target: { value: '灭火器均在有效期内' } })
    fireEvent.click(form.getByRole('button', { name: '登记检查' }))

    await waitFor(() => expect(callsTo(fetch, 'POST', '/api/v1/facility-checks')).toHaveLength(1))
    expect(bodyOf(fetch, '/api/v1/facility-checks')).toEqual([
      { type: 'safety', at: '2026-10-13T09:30:00+08:00', checkId: 'SC-42', notes: '灭火器均在有效期内' },
    ])
    await waitFor(() =>
      expect(screen.getByTestId('compliance-announcement').textContent).toBe(
        '已登记安全检查（2026 年第 42 周）。',
      ),
    )
    // The month's checks are read again.
    await waitFor(() => expect(callsTo(fetch, 'GET', '/api/v1/facility-checks').length).toBe(10))
  })
})

describe('training', () => {
  it('shows each agent’s hours against 16 h and onboarding before first duty', async () => {
    signInAs('reviewer')
    stubCompliance()
    renderAt('/compliance?month=2026-10&tab=training')

    await screen.findByTestId('in-service')
    expect(rowsOf('in-service-row')).toEqual([
      ['A-001', '王芳', '16 小时', '≥ 16 小时', '达标'],
      ['A-002', '李强', '4 小时', '≥ 16 小时', '未达标（差 12 小时）'],
      ['A-003', '赵敏', '0 小时', '≥ 16 小时', '未达标（差 16 小时）'],
    ])
    expect(rowsOf('onboarding-row')).toEqual([
      ['N-009', '', '2026年10月20日 09:00', '30', '未通过', '10', '缺：考试、现场实习天数'],
    ])
    expect(rowsOf('training-row').map((cells) => [cells[1], cells[3], cells[4]])).toEqual([
      ['N-009', '现场实习', '10 天'],
      ['A-001', '在职培训', '10 小时'],
      ['A-002', '在职培训', '4 小时'],
      ['A-001', '在职培训', '6 小时'],
    ])
    expect(screen.queryByTestId('training-form')).toBeNull()
  })

  it('names the missing days of an onboarding record, then sends it', async () => {
    signInAs('contractor')
    const fetch = stubCompliance({
      'POST /api/v1/training': () => json(200, { received: 1, created: 1, duplicates: 0, updated: 0 }),
    })
    renderAt('/compliance?month=2026-10&tab=training')
    const form = within(await screen.findByTestId('training-form'))

    fireEvent.input(form.getByLabelText('工号'), { target: { value: 'N-010' } })
    fireEvent.change(form.getByLabelText('培训类型'), { target: { value: 'onboarding' } })
    fireEvent.input(form.getByLabelText('培训时间（北京时间）'), { target: { value: '2026-10-12T09:00' } })
    fireEvent.click(form.getByRole('button', { name: '登记培训' }))

    expect((await screen.findByTestId('error-summary')).textContent).toContain('天数：必填')
    expect(form.getByLabelText('天数').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/training')).toHaveLength(0)

    fireEvent.input(form.getByLabelText('天数'), { target: { value: '30' } })
    fireEvent.click(form.getByRole('button', { name: '登记培训' }))

    await waitFor(() => expect(callsTo(fetch, 'POST', '/api/v1/training')).toHaveLength(1))
    expect(bodyOf(fetch, '/api/v1/training')).toEqual([
      { staffId: 'N-010', type: 'onboarding', at: '2026-10-12T09:00:00+08:00', days: 30 },
    ])
  })
})

describe('staff', () => {
  it('lists who is on the books, the month’s joins and leaves, and the turnover against 20 %', async () => {
    signInAs('contractor')
    stubCompliance()
    renderAt('/compliance?month=2026-10&tab=staff')

    expect((await screen.findByTestId('turnover-rate')).textContent).toBe('33.33%')
    const turnover = screen.getByTestId('turnover')
    expect(turnover.textContent).toContain('超过 20%')
    expect(turnover.textContent).not.toContain('预估')
    expect(screen.getByTestId('turnover-formula').textContent).toBe(
      '离职 1 人 ÷（离职 1 人 + 月末在岗 2 人）',
    )
    // As of now (15 October): A-002 leaves on the 20th.
    expect(screen.getByRole('heading', { name: '前台坐席（3 人） （截至目前）' })).toBeTruthy()
    expect(
      within(screen.getByTestId('roster-agent'))
        .getAllByTestId('roster-row')
        .map((r) => cellsOf(r)),
    ).toEqual([
      ['A-001', '王芳', '2026年1月5日 09:00'],
      ['A-002', '李强', '2026年3月1日 09:00'],
      ['A-003', '赵敏', '2026年10月8日 09:00'],
    ])
    expect(within(screen.getByTestId('roster-ops')).getAllByTestId('roster-row').map(cellsOf)).toEqual([
      ['O-001', '陈静', '2026年2月1日 09:00'],
    ])
    await waitFor(() => expect(rowsOf('movement-row')[0]?.[5]).toBe('乙方坐席班长（演示）'))
    expect(rowsOf('movement-row')).toEqual([
      ['2026年10月8日 09:00', 'A-003', '赵敏', '前台坐席', '入职', '乙方坐席班长（演示）'],
      ['2026年10月20日 10:00', 'A-002', '李强', '前台坐席', '离职', '乙方坐席班长（演示）'],
    ])
    for (const link of screen.getAllByRole('link', { name: 'A-003' }))
      expect(link.getAttribute('href')).toBe('/records/staff/A-003?month=2026-10')
    expect(screen.getByTestId('staff-form')).toBeTruthy()
  })

  it('estimates a month the job has not computed, with the roster at the month’s end', async () => {
    signInAs('reviewer')
    stubCompliance()
    renderAt('/compliance?month=2026-09&tab=staff')

    expect((await screen.findByTestId('turnover-rate')).textContent).toBe('0.00%')
    expect(screen.getByTestId('turnover').textContent).toContain('未超过 20%')
    expect(screen.getByTestId('turnover').textContent).toContain('预估')
    expect(screen.getByRole('heading', { name: '前台坐席（2 人） （截至2026年9月末）' })).toBeTruthy()
    expect(screen.getByText('本月没有入职或离职记录。')).toBeTruthy()
  })

  it('lets a reviewer record a join', async () => {
    signInAs('reviewer')
    const fetch = stubCompliance({
      'POST /api/v1/staff-events': () => json(200, { received: 1, created: 1, duplicates: 0, updated: 0 }),
    })
    renderAt('/compliance?month=2026-10&tab=staff')
    const form = within(await screen.findByTestId('staff-form'))
    fireEvent.input(form.getByLabelText('工号'), { target: { value: 'A-004' } })
    fireEvent.input(form.getByLabelText('姓名'), { target: { value: '孙丽' } })
    fireEvent.input(form.getByLabelText('时间（北京时间）'), { target: { value: '2026-10-15T09:00' } })
    fireEvent.click(form.getByRole('button', { name: '登记' }))
    await waitFor(() => expect(callsTo(fetch, 'POST', '/api/v1/staff-events')).toHaveLength(1))
    expect(bodyOf(fetch, '/api/v1/staff-events')).toEqual([
      { staffId: 'A-004', type: 'joined', at: '2026-10-15T09:00:00+08:00', role: 'agent', name: '孙丽' },
    ])
    await waitFor(() =>
      expect(screen.getByTestId('compliance-announcement').textContent).toBe('已登记 A-004 入职。'),
    )
  })
})

describe('publications', () => {
  it('shows a day’s accuracy and lets a reviewer correct it with a reason', async () => {
    signInAs('reviewer')
    const fetch = stubCompliance({
      'POST /api/v1/publications/2026-10-09/P-3/review': () =>
        json(200, {
          ...PUBLICATIONS[2],
          accurate: true,
          audit: [
            ...(PUBLICATIONS[2]?.audit ?? []),
            {
              at: '2026-10-15T02:00:00.000Z',
              by: 'reviewer',
              action: 'set accurate',
              detail: { before: false, after: true, reason: '核对原文无误' },
            },
          ],
        }),
    })
    renderAt('/compliance?month=2026-10&tab=publications&day=2026-10-09')

    await screen.findByTestId('publications')
    expect(screen.getByTestId('publications-summary').textContent).toBe('准确 2 条，共 3 条，准确率 66.67%')
    expect(rowsOf('publication-row').map((cells) => cells.slice(0, 5))).toEqual([
      ['P-1', '2026年10月9日 08:00', '短信', '', '准确'],
      ['P-2', '2026年10月9日 09:00', '微博', '', '准确'],
      ['P-3', '2026年10月9日 10:00', '网站', '停水通知', '不准确'],
    ])

    fireEvent.click(screen.getByRole('button', { name: '更正为准确 P-3' }))
    fireEvent.input(screen.getByLabelText('原因（必填，至少 2 个字）'), { target: { value: '核对原文无误' } })
    fireEvent.click(screen.getByRole('button', { name: '确认更正' }))

    await waitFor(() =>
      expect(callsTo(fetch, 'POST', '/api/v1/publications/2026-10-09/P-3/review')).toHaveLength(1),
    )
    expect(bodyOf(fetch, '/api/v1/publications/2026-10-09/P-3/review')).toEqual([
      { accurate: true, reason: '核对原文无误' },
    ])
    await waitFor(() =>
      expect(screen.getByTestId('publications-summary').textContent).toBe(
        '准确 3 条，共 3 条，准确率 100.00%',
      ),
    )
    const p3 = screen.getAllByTestId('publication-audit')[2] as HTMLElement
    expect(within(p3).getAllByTestId('audit-entry').at(-1)?.textContent).toBe(
      '2026年10月15日 10:00 甲方审核员（演示） 准确性：不准确 → 准确，原因：核对原文无误',
    )
    expect(screen.getByTestId('compliance-announcement').textContent).toBe(
      '已将 P-3 更正为准确，已记入审计记录。',
    )
  })

  it('offers the contractor no correction', async () => {
    signInAs('contractor')
    stubCompliance()
    renderAt('/compliance?month=2026-10&tab=publications&day=2026-10-09')
    await screen.findByTestId('publications')
    expect(screen.queryByRole('button', { name: /更正/ })).toBeNull()
  })
})

describe('tabs', () => {
  it('move with the arrow keys and keep the tab in the address', async () => {
    signInAs('reviewer')
    stubCompliance()
    renderAt('/compliance?month=2026-10')
    await screen.findByTestId('weeks')
    const checks = screen.getByRole('tab', { name: '每周检查' })
    expect(checks.getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-checks')

    checks.focus()
    fireEvent.keyDown(checks, { key: 'ArrowRight' })

    const training = screen.getByRole('tab', { name: '培训' })
    await waitFor(() => expect(training.getAttribute('aria-selected')).toBe('true'))
    await waitFor(() => expect(document.activeElement).toBe(training))
    expect(new URLSearchParams(window.location.search).get('tab')).toBe('training')
    expect(checks.getAttribute('tabindex')).toBe('-1')

    fireEvent.keyDown(training, { key: 'End' })
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: '信息发布' }).getAttribute('aria-selected')).toBe('true'),
    )
  })
})
