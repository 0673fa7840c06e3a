/**
 * The settings page: the terms in force, read-only and grouped (contract, payment, counting,
 * service level, objection window, intake with its SMS cap per number, the bound on an adjustment,
 * each KPI's target and charge with its clause) with their version history; the calendar of each
 * year (built in or loaded) as month grids with holidays and adjusted working days; and loading a
 * new year — checked here with the domain's schema, errors named by field and nothing sent, then
 * `PUT` and shown loaded. Only agency reviewers may load.
 */

import { jiyuan2026 } from '@hotline/domain'
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

/** A renewal into 2027: a new version name, the contract extended, one KPI's charge raised. */
const TERMS_2027 = {
  ...jiyuan2026,
  version: '2027.1',
  contract: { ...jiyuan2026.contract, end: '2027-12-31' },
  kpis: { ...jiyuan2026.kpis, answer15s: { ...jiyuan2026.kpis.answer15s, amountPerDayFen: 30_000 } },
}

/** The history once the 2027 version is saved to take effect in January 2027. */
const HISTORY_2027 = [
  { ...TERMS.history[0], status: 'in_force' },
  {
    version: 'jiyuan-2026@2027.1',
    from: '2027-01-01',
    savedBy: 'reviewer',
    savedAt: '2026-11-05T02:00:00.000Z',
    status: 'upcoming',
  },
]

/** The daily job's latest runs: last night's (deadlines into an unloaded 2027), and a failed re-run. */
const DAILY_RUNS = [
  {
    jobRunId: 'run-2',
    job: 'daily',
    period: '2026-11-04',
    termsVersion: 'jiyuan-2026@2026.1',
    trigger: 'manual',
    startedAt: '2026-11-05T01:30:00.000Z',
    endedAt: '2026-11-05T01:30:02.000Z',
    status: 'failed',
    counts: {},
    error: 'boom',
    correlationId: 'req-1',
  },
  {
    jobRunId: 'run-1',
    job: 'daily',
    period: '2026-11-04',
    termsVersion: 'jiyuan-2026@2026.1',
    trigger: 'schedule',
    startedAt: '2026-11-04T17:00:00.000Z',
    endedAt: '2026-11-04T17:00:05.000Z',
    status: 'succeeded',
    counts: { results: 12, provisional: 2 },
    error: null,
    correlationId: 'sched-1',
  },
]

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
      return json(200, { year: 2027, loaded: true, years: [2025, 2026, 2027], recounted: 3 })
    },
    'GET /api/v1/jobs/runs': (url) =>
      json(200, { runs: url.searchParams.get('job') === 'daily' ? DAILY_RUNS : [] }),
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
      ['合同条款 2026.1 版', '2026年1月1日', '系统内置', '—', '现行'],
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
    // Three open tickets' deadlines had been counted on a provisional 2027: counted again, and said so.
    expect((await screen.findByTestId('load-outcome')).textContent).toBe(
      '已载入 2027 年日历，期限已按新日历计算。已按新日历重算 3 张在办工单的期限。',
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

describe('the terms versions', () => {
  it('lists each version with who saved it and its status, and opens a version’s document', async () => {
    signInAs('viewer')
    const fetch = stubSettings([], {
      'GET /api/v1/terms': () => json(200, { ...TERMS, history: HISTORY_2027 }),
      'GET /api/v1/terms/versions/jiyuan-2026%402027.1': () =>
        json(200, { version: 'jiyuan-2026@2027.1', from: '2027-01', terms: TERMS_2027 }),
    })
    renderAt('/settings')

    const history = await screen.findByTestId('terms-history')
    // People by name once the people are loaded.
    await waitFor(() =>
      expect(within(history).getAllByRole('row').slice(1).map(cellsOf)).toEqual([
        ['合同条款 2026.1 版', '2026年1月1日', '系统内置', '—', '现行'],
        ['合同条款 2027.1 版', '2027年1月1日', '甲方审核员（演示）', '2026年11月5日 10:00', '待生效'],
      ]),
    )
    // Only reviewers save a version.
    expect(screen.queryByTestId('save-terms-form')).toBeNull()

    const open = within(history).getByRole('button', { name: '合同条款 2027.1 版' })
    expect(open.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(open)
    const document = await screen.findByTestId('terms-version-document')
    expect(open.getAttribute('aria-expanded')).toBe('true')
    expect(within(document).getByRole('heading', { level: 4 }).textContent).toBe(
      '合同条款 2027.1 版全文（自 2027年1月1日 起执行）',
    )
    await waitFor(() => expect(within(document).getAllByTestId('version-kpi')).toHaveLength(18))
    const row = within(document)
      .getAllByTestId('version-kpi')
      .find((r) => r.getAttribute('data-kpi') === 'answer_15s') as Element
    expect(cellsOf(row).at(-1)).toBe('每个未达标日扣 ¥300.00')
    expect(document.textContent).toContain('2026年1月1日 – 2027年12月31日')
    expect(callsTo(fetch, 'GET', '/api/v1/terms/versions/jiyuan-2026%402027.1')).toHaveLength(1)

    fireEvent.click(open)
    await waitFor(() => expect(screen.queryByTestId('terms-version-document')).toBeNull())
  })
})

describe('saving a terms version', () => {
  it('names a bad field in Chinese and sends nothing, sums up what a valid one changes, then saves it', async () => {
    signInAs('reviewer')
    const state = { history: TERMS.history as unknown[] }
    const fetch = stubSettings([], {
      'GET /api/v1/terms': () => json(200, { ...TERMS, history: state.history }),
      'POST /api/v1/terms/versions': () => {
        state.history = HISTORY_2027
        return json(201, { version: 'jiyuan-2026@2027.1', from: '2027-01', saved: true })
      },
    })
    renderAt('/settings')
    await screen.findByTestId('terms-history')
    const text = screen.getByLabelText('或粘贴条款 JSON')
    const month = screen.getByLabelText('起始月份') as HTMLSelectElement
    // From next month at the earliest (the clock stands at 5 November 2026), in words.
    expect(month.value).toBe('2026-12')
    expect([...month.options].slice(0, 3).map((o) => o.textContent)).toEqual([
      '2026年12月',
      '2027年1月',
      '2027年2月',
    ])

    // A target above 100%: named by the field's words, nothing sent.
    const bad = {
      ...TERMS_2027,
      kpis: { ...TERMS_2027.kpis, answer15s: { ...TERMS_2027.kpis.answer15s, targetBp: 20_000 } },
    }
    fireEvent.input(text, { target: { value: JSON.stringify(bad) } })
    fireEvent.click(screen.getByRole('button', { name: '检查并保存' }))
    await waitFor(() =>
      expect(screen.getAllByTestId('save-terms-error').map((li) => li.textContent)).toEqual([
        '考核指标 15秒应答及时率 目标：不能大于 10000',
      ]),
    )
    expect(screen.getByTestId('save-terms-errors').textContent).not.toMatch(/[A-Za-z]{2,}/)
    expect(callsTo(fetch, 'POST', '/api/v1/terms/versions')).toHaveLength(0)

    fireEvent.input(text, { target: { value: JSON.stringify(TERMS_2027, null, 2) } })
    // Valid from January 2027: what it changes against the version in force.
    fireEvent.change(month, { target: { value: '2027-01' } })
    fireEvent.click(screen.getByRole('button', { name: '检查' }))
    const valid = await screen.findByTestId('save-terms-valid')
    expect(valid.querySelector('p')?.textContent).toBe('检查通过：合同条款 2027.1 版，自 2027年1月 起执行。')
    expect(
      within(screen.getByTestId('save-terms-changes'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '版本：合同条款 2026.1 版 → 合同条款 2027.1 版',
      '合同到期日：2026年12月31日 → 2027年12月31日',
      '15秒应答及时率的扣款：每个未达标日扣 ¥200.00 → 每个未达标日扣 ¥300.00',
    ])

    fireEvent.click(screen.getByRole('button', { name: '检查并保存' }))
    expect((await screen.findByTestId('save-terms-outcome')).textContent).toBe(
      '已保存：合同条款 2027.1 版 自 2027年1月 起执行',
    )
    const sent = JSON.parse(String(callsTo(fetch, 'POST', '/api/v1/terms/versions')[0]?.init?.body))
    expect(sent.from).toBe('2027-01')
    expect(sent.terms.version).toBe('2027.1')
    expect(sent.terms.contract.end).toBe('2027-12-31')
    // The history is read again: the new version awaits its month.
    await waitFor(() =>
      expect(
        within(screen.getByTestId('terms-history'))
          .getAllByRole('row')
          .slice(1)
          .map((r) => cellsOf(r).at(-1)),
      ).toEqual(['现行', '待生效']),
    )
  })

  it('shows the server’s refusal in its Chinese', async () => {
    signInAs('reviewer')
    stubSettings([], {
      'POST /api/v1/terms/versions': () =>
        json(409, {
          error: {
            code: 'terms_changed',
            message: 'another terms version was saved meanwhile: reload and check again',
            messageZh: '刚才另有人保存了条款新版本，请刷新后重新检查',
          },
        }),
    })
    renderAt('/settings')
    await screen.findByTestId('terms-history')
    fireEvent.input(screen.getByLabelText('或粘贴条款 JSON'), {
      target: { value: JSON.stringify(TERMS_2027) },
    })
    fireEvent.click(screen.getByRole('button', { name: '检查并保存' }))
    expect((await screen.findByTestId('save-terms-outcome')).textContent).toBe(
      '未能保存：刚才另有人保存了条款新版本，请刷新后重新检查',
    )
    expect(screen.getByTestId('save-terms-outcome').getAttribute('role')).toBe('alert')
  })
})

describe('the recent computations', () => {
  it('lists each job’s runs in words, flagging deadlines on a calendar year not loaded', async () => {
    signInAs('contractor')
    const fetch = stubSettings()
    renderAt('/settings')

    const daily = await screen.findByTestId('runs-daily')
    expect(within(daily).getAllByRole('row').slice(1).map(cellsOf)).toEqual([
      ['2026年11月4日', '手动', '合同条款 2026.1 版', '失败', '2026年11月5日 09:30'],
      [
        '2026年11月4日',
        '夜间自动',
        '合同条款 2026.1 版',
        '完成 期限按未载入的日历年份暂定（2 项）',
        '2026年11月5日 01:00',
      ],
    ])
    expect(screen.getAllByTestId('run-provisional')).toHaveLength(1)
    expect(screen.getByTestId('job-runs').textContent).not.toMatch(/run-|[A-Za-z]{3,}/)
    expect((await screen.findByText('尚无运行记录。')).tagName).toBe('P')
    const asked = callsTo(fetch, 'GET', '/api/v1/jobs/runs').map((c) => c.url.search)
    expect(asked.sort()).toEqual(['?job=daily&limit=10', '?job=monthly&limit=10'])
  })
})
