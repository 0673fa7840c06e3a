/**
 * The settings page: the terms in force, read-only and grouped (contract, payment, counting,
 * service level, objection window, intake with its SMS cap per number, the bound on an adjustment,
 * each KPI's target and charge with its clause) with their version history; the calendar of each
 * year (built in or loaded) as month grids with holidays and adjusted working days; and loading a
 * new year — checked here with the domain's schema, errors named by field and nothing sent, then
 * `PUT` and shown loaded. Only agency reviewers may load.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { LoadedCalendarYear } from '../src/api/records'
import { callsTo, json, renderAt, setUpPageTests, signInAs, type stubApi, stubPage, TERMS } from './helpers'

/** A made-up 2027 notice (test data, not the State Council's). */
const YEAR_2027 = {
  year: 2027,
  source: '测试数据：2027年节假日安排（示例）',
  holidays: [
    { name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    {
      name: '春节',
      dates: [
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
      ],
    },
  ],
  adjustedWorkdays: [
    { name: '春节', date: '2027-01-31' },
    { name: '春节', date: '2027-02-20' },
  ],
}

function stubSettings(loaded: LoadedCalendarYear[] = [], extra: Parameters<typeof stubApi>[0] = {}) {
  const state = { loaded }
  const fetch = stubPage({
    'GET /api/v1/terms': () => json(200, TERMS),
    'GET /api/v1/calendar': () =>
      json(200, {
        builtIn: [2025, 2026, ...state.loaded.map((y) => y.year)],
        loaded: state.loaded,
      }),
    'PUT /api/v1/calendar/2027': () => {
      state.loaded = [{ ...YEAR_2027, loadedBy: 'reviewer', loadedAt: '2026-11-05T02:00:00.000Z' }]
      return json(200, { year: 2027, loaded: true, years: [2025, 2026, 2027] })
    },
    ...extra,
  })
  return fetch
}

const definition = (term: string) => {
  const dt = screen.getAllByText(term, { selector: 'dt' })[0]
  return dt?.nextElementSibling?.textContent
}
const cellsOf = (row: Element) =>
  [...row.querySelectorAll(':scope > th, :scope > td')].map((c) => c.textContent)

setUpPageTests({
  pages: [() => import('../src/pages/SettingsPage')],
  signedIn: false,
  now: '2026-11-05T02:00:00.000Z',
})

describe('the terms in force', () => {
  it('shows them grouped as the contract is, with each KPI’s target and charge and the version history', async () => {
    signInAs('contractor')
    stubSettings()
    renderAt('/settings')

    expect((await screen.findByTestId('terms-version')).textContent).toBe('合同条款 2026.1 版')
    expect(definition('甲方')).toBe('济源产城融合示范区政务大数据中心')
    expect(definition('服务期')).toBe('2026年1月1日 – 2026年12月31日')
    expect(definition('合同总价')).toBe('¥1,399,680.00')
    expect(definition('预付款')).toBe('30% = ¥419,904.00')
    expect(definition('逾期付款违约金')).toBe('每日合同总价的 1%（¥13,996.80/日）')
    expect(definition('计算方式')).toMatch(/^民法典第 201、203 条/)
    expect(definition('应答时限')).toBe('15 秒')
    expect(definition('扣款草稿起草后可申诉')).toBe('5 个工作日')
    expect(definition('短信签名')).toBe('【济源12345】')
    expect(definition('每个号码的受理回执短信上限')).toBe(
      '每小时 3 条、每天 10 条（超出的不再发送，工单照常受理）',
    )
    // The smallest instalment: each of the three parts after the 30% prepayment.
    expect(definition('调整金额上限')).toBe('不超过起草金额的 3 倍，且不超过最小一期付款（¥326,592.00）')

    const kpi = (id: string) =>
      cellsOf(screen.getAllByTestId('terms-kpi').find((r) => r.getAttribute('data-kpi') === id) as Element)
    expect(screen.getAllByTestId('terms-kpi')).toHaveLength(18)
    expect(kpi('satisfaction')).toEqual([
      '满意率',
      '§4.1',
      '≥ 95%',
      '每低 1 个百分点扣 ¥200.00（不足 1 个百分点不计）',
    ])
    expect(kpi('service_error.transfer')).toEqual(['转办超时', '§4.3', '1 个工作日内', '每次扣 ¥200.00'])
    expect(kpi('service_error.return')?.[2]).toBe('2 日内')
    expect(kpi('agent_workload')?.slice(2)).toEqual(['每坐席每日 ≥ 70 通', '仅报告，不扣款'])
    // Names from the domain's one table, no raw ids.
    expect(kpi('agent_workload')?.[0]).toBe('话务员日工作量')
    expect(kpi('confidentiality')?.[0]).toBe('保密')
    expect(screen.getByTestId('terms-kpis').textContent).not.toMatch(/[a-z]{3,}/)
    expect(kpi('turnover')?.slice(1)).toEqual([
      '§4.8',
      '年度 ≤ 20%',
      '每高 1 个百分点扣 ¥10,000.00（不足 1 个百分点不计）',
    ])
    expect(kpi('micro_platform')?.slice(2)).toEqual(['1 个工作日内', '每个查实事件扣 ¥500.00'])
    expect(kpi('safety_check')?.slice(1)).toEqual(['§4.12', '每周 ≥ 1 次', '记录，不扣款（¥0.00）'])
    expect(kpi('training.in_service')?.[2]).toBe('每人每月 ≥ 16 课时')
    expect(within(screen.getByTestId('terms-history')).getAllByRole('row').slice(1).map(cellsOf)).toEqual([
      ['合同条款 2026.1 版 现行', '2026年1月1日'],
    ])
  })
})

describe('the calendar', () => {
  it('shows a year’s holidays and adjusted working days in month grids', async () => {
    signInAs('contractor')
    stubSettings()
    renderAt('/settings')

    const year = await screen.findByTestId('calendar-year')
    expect(year.getAttribute('data-year')).toBe('2026')
    expect((screen.getByLabelText('年度') as HTMLSelectElement).value).toBe('2026')
    expect(
      [...(screen.getByLabelText('年度') as HTMLSelectElement).options].map((o) => o.textContent),
    ).toEqual(['2025 · 内置', '2026 · 内置'])
    expect(screen.getAllByTestId('calendar-month')).toHaveLength(12)
    const october = screen
      .getAllByTestId('calendar-month')
      .find((m) => m.getAttribute('data-month') === '2026-10')
    const day = (date: string) => october?.querySelector(`[data-date="${date}"]`)
    expect(day('2026-10-01')?.getAttribute('data-kind')).toBe('holiday')
    expect(day('2026-10-01')?.textContent).toBe('1休国庆节，放假')
    expect(day('2026-10-10')?.getAttribute('data-kind')).toBe('adjusted')
    expect(day('2026-10-10')?.getAttribute('title')).toBe('国庆节调休，上班')
    expect(day('2026-10-11')?.getAttribute('data-kind')).toBe('weekend')
    expect(day('2026-10-12')?.getAttribute('data-kind')).toBe('weekday')
    // 1 October 2026 is a Thursday: three empty cells before it.
    expect(october?.querySelector('tbody tr')?.querySelectorAll('td:empty')).toHaveLength(3)
    expect(within(screen.getByTestId('holidays')).getAllByRole('listitem').at(-1)?.textContent).toBe(
      '国庆节 10月1日–10月7日 （7 天）',
    )
    expect(
      within(screen.getByTestId('adjusted-workdays'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '1月4日（星期日） 元旦',
      '2月14日（星期六） 春节',
      '2月28日（星期六） 春节',
      '5月9日（星期六） 劳动节',
      '9月20日（星期日） 国庆节',
      '10月10日（星期六） 国庆节',
    ])
    // Only agency reviewers load a year.
    expect(screen.queryByTestId('load-form')).toBeNull()

    fireEvent.change(screen.getByLabelText('年度'), { target: { value: '2025' } })
    await waitFor(() => expect(screen.getByTestId('calendar-year').getAttribute('data-year')).toBe('2025'))
  })
})

describe('loading a year', () => {
  it('names the bad fields, sends nothing, then loads a valid document and shows it', async () => {
    signInAs('reviewer')
    const fetch = stubSettings()
    renderAt('/settings')
    await screen.findByTestId('calendar-year')
    const text = screen.getByLabelText('或粘贴 JSON')

    // Not JSON.
    fireEvent.input(text, { target: { value: '{"year": 2027,' } })
    fireEvent.click(screen.getByRole('button', { name: '校验' }))
    expect((await screen.findByTestId('load-errors')).textContent).toContain('整个文件：不是有效的 JSON')

    // JSON, but a weekday as an adjusted working day and a holiday without a name.
    const bad = {
      ...YEAR_2027,
      holidays: [{ name: '', dates: ['2027-01-01'] }, ...YEAR_2027.holidays.slice(1)],
      adjustedWorkdays: [{ name: '春节', date: '2027-02-05' }],
    }
    fireEvent.input(text, { target: { value: JSON.stringify(bad) } })
    fireEvent.click(screen.getByRole('button', { name: '校验并载入' }))
    await waitFor(() =>
      expect(screen.getAllByTestId('load-error').map((li) => li.textContent)).toEqual([
        '放假安排 第 1 项 名称：必填',
        '调休上班日 第 1 项 日期：2027-02-05 不是星期六或星期日',
      ]),
    )
    expect(screen.getByTestId('load-errors').getAttribute('role')).toBe('alert')
    expect(text.getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'PUT', '/api/v1/calendar/2027')).toHaveLength(0)

    // Valid: checked, summarised, loaded.
    fireEvent.input(text, { target: { value: JSON.stringify(YEAR_2027, null, 2) } })
    fireEvent.click(screen.getByRole('button', { name: '校验' }))
    expect((await screen.findByTestId('load-valid')).textContent).toBe(
      '校验通过：2027 年，2 个节日共 10 天放假，2 个调休上班日。',
    )
    fireEvent.click(screen.getByRole('button', { name: '校验并载入' }))

    await waitFor(() => expect(callsTo(fetch, 'PUT', '/api/v1/calendar/2027')).toHaveLength(1))
    expect(JSON.parse(String(callsTo(fetch, 'PUT', '/api/v1/calendar/2027')[0]?.init?.body))).toEqual(
      YEAR_2027,
    )
    expect((await screen.findByTestId('load-outcome')).textContent).toBe(
      '已载入 2027 年日历，期限已按新日历计算。',
    )
    await waitFor(() => expect(screen.getByTestId('calendar-year').getAttribute('data-year')).toBe('2027'))
    expect(screen.getByTestId('calendar-loaded-by').textContent).toBe(
      '由 甲方审核员（演示） 于 2026年11月5日 10:00 载入。',
    )
    expect(
      within(screen.getByTestId('holidays'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['元旦 1月1日–1月3日 （3 天）', '春节 2月6日–2月12日 （7 天）'])
    const february = screen
      .getAllByTestId('calendar-month')
      .find((m) => m.getAttribute('data-month') === '2027-02')
    expect(february?.querySelector('[data-date="2027-02-20"]')?.getAttribute('data-kind')).toBe('adjusted')
    expect(
      [...(screen.getByLabelText('年度') as HTMLSelectElement).options].map((o) => o.textContent),
    ).toEqual(['2025 · 内置', '2026 · 内置', '2027 · 已载入'])
  })

  it('reads an uploaded file and checks it', async () => {
    signInAs('reviewer')
    stubSettings()
    renderAt('/settings')
    await screen.findByTestId('calendar-year')
    const file = new File([JSON.stringify(YEAR_2027)], 'cn-2027.json', { type: 'application/json' })
    fireEvent.change(screen.getByLabelText('上传 JSON 文件'), { target: { files: [file] } })
    expect((await screen.findByTestId('load-valid')).textContent).toMatch(/^校验通过：2027 年/)
    expect((screen.getByLabelText('或粘贴 JSON') as HTMLTextAreaElement).value).toBe(
      JSON.stringify(YEAR_2027),
    )
  })

  it('warns when the year replaces one in force, and shows the server’s refusal', async () => {
    signInAs('reviewer')
    const fetch = stubSettings([], {
      'PUT /api/v1/calendar/2026': () =>
        json(400, {
          error: {
            code: 'validation_failed',
            message: 'invalid year: the document is for 2026, not 2026',
            fields: [{ path: 'year', message: 'x' }],
          },
        }),
    })
    renderAt('/settings')
    await screen.findByTestId('calendar-year')
    fireEvent.input(screen.getByLabelText('或粘贴 JSON'), {
      target: { value: JSON.stringify({ year: 2026, source: '更正', holidays: [], adjustedWorkdays: [] }) },
    })
    fireEvent.click(screen.getByRole('button', { name: '校验' }))
    expect((await screen.findByTestId('load-valid')).textContent).toContain(
      '载入后将替换现有的 2026 年日历。',
    )
    fireEvent.click(screen.getByRole('button', { name: '校验并载入' }))
    expect((await screen.findByTestId('load-outcome')).textContent).toBe(
      '未能保存：填写的内容有误，请检查：年份。',
    )
    expect(callsTo(fetch, 'PUT', '/api/v1/calendar/2026')).toHaveLength(1)
  })
})
