/**
 * The month close (月度考核确认) and its printable 确认单 from a stubbed API: an open month with
 * drafts cannot be closed (the reason and the way to the queue are shown); one with none is closed
 * after a dialog that shows the total; a refused close says why in Chinese; reopening needs a
 * reason; the contractor acknowledges or objects within the window, and both roles then read the
 * answer; the viewer only reads; late revisions after the close are shown with their links; the
 * 确认单 lists its number, the parties, every KPI and deduction, the total in figures and capitals
 * and the signature blocks, in Chinese only. And `yuanInCapitals`, the capitals themselves.
 */
import { jiyuan2026, type MonthClose, type MonthSummary } from '@hotline/domain'
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import { yuanInCapitals } from '../src/month-close/capitals'
import { callsTo, json, renderAt, setUpPageTests, signInAs, type stubApi, stubPage } from './helpers'

const NOW = '2026-11-03T02:00:00.000Z'
const CLOSED_AT = '2026-11-02T08:30:00.000Z'
/** Five working days after the close, at 24:00 Beijing time. */
const DUE = '2026-11-09T16:00:00.000Z'
const CLOSE = '/api/v1/months/2026-10/close'

const deduction = (
  row: Partial<NonNullable<MonthClose['snapshot']>['deductions'][number]> &
    Pick<NonNullable<MonthClose['snapshot']>['deductions'][number], 'deductionId' | 'kpi' | 'period'>,
) => ({
  subject: null,
  status: 'approved' as const,
  amountFen: 20_000,
  finalAmountFen: 20_000,
  reason: null,
  formula: { zh: `${row.period} 扣除200元`, en: `${row.period}: deduct ¥200.00` },
  decidedBy: 'reviewer',
  decidedAt: '2026-11-01T02:00:00.000Z',
  ...row,
})

/** October 2026 as closed: seven deductions standing, ¥16,900 withheld, one ¥0 record. */
const snapshot: NonNullable<MonthClose['snapshot']> = {
  kpis: [
    {
      kpi: 'satisfaction',
      period: '2026-10',
      value: { num: 18_000, den: 20_000 },
      target: { kind: 'min', bp: 9500 },
      met: false,
      daysBelow: null,
      daysMeasured: null,
      figures: { ratings: 20_000 },
    },
    {
      kpi: 'answer_15s',
      period: '2026-10',
      value: { num: 1112, den: 1200 },
      target: { kind: 'min', bp: 9000 },
      met: false,
      daysBelow: 3,
      daysMeasured: 31,
      figures: {},
    },
    {
      kpi: 'complaint',
      period: '2026-10',
      value: null,
      target: null,
      met: false,
      daysBelow: null,
      daysMeasured: null,
      figures: { results: 1, breaches: 1 },
    },
    {
      kpi: 'turnover',
      period: '2026',
      value: { num: 1, den: 10 },
      target: { kind: 'max', bp: 2000 },
      met: true,
      daysBelow: null,
      daysMeasured: null,
      figures: {},
    },
  ],
  deductions: [
    deduction({
      deductionId: 'satisfaction:2026-10',
      kpi: 'satisfaction',
      period: '2026-10',
      amountFen: 1_400_000,
      finalAmountFen: 1_400_000,
      formula: { zh: '2026-10 满意率 90.00% < 95%，扣除14000元', en: 'satisfaction 90.00% < 95%' },
    }),
    deduction({ deductionId: 'answer_15s:2026-10-09', kpi: 'answer_15s', period: '2026-10-09' }),
    deduction({
      deductionId: 'publish_accuracy:2026-10-09',
      kpi: 'publish_accuracy',
      period: '2026-10-09',
      status: 'adjusted',
      amountFen: 660_000,
      finalAmountFen: 200_000,
      reason: '一条为转载上级通报，按实际差错计',
    }),
    deduction({
      deductionId: 'complaint:2026-10-15:I1',
      kpi: 'complaint',
      period: '2026-10-15',
      subject: 'I1',
      amountFen: 50_000,
      finalAmountFen: 50_000,
    }),
    deduction({
      deductionId: 'service_error.transfer:2026-10-12:T1',
      kpi: 'service_error.transfer',
      period: '2026-10-12',
      subject: 'T1',
    }),
    deduction({
      deductionId: 'connection:2026-10-20',
      kpi: 'connection',
      period: '2026-10-20',
      status: 'rejected',
      finalAmountFen: 0,
      reason: '当日数据中心断电，不可归责于乙方',
    }),
    deduction({
      deductionId: 'safety_check:2026-W41',
      kpi: 'safety_check',
      period: '2026-W41',
      status: 'acknowledged',
      amountFen: 0,
      finalAmountFen: 0,
      formula: { zh: '2026-W41 安全检查缺检，记录不扣款', en: 'safety check missed: recorded' },
    }),
  ],
  totalFen: 1_690_000,
  count: 7,
  zeroCount: 1,
}

const openClose = (overrides: Partial<MonthClose> = {}): MonthClose => ({
  month: '2026-10',
  state: 'open',
  number: null,
  closedAt: null,
  closedBy: null,
  termsVersion: null,
  snapshot: null,
  objectionDue: null,
  contractor: { state: 'pending', by: null, at: null, text: null },
  lateRevisions: [],
  version: 3,
  audit: [],
  ...overrides,
})

const closedClose = (overrides: Partial<MonthClose> = {}): MonthClose =>
  openClose({
    state: 'closed',
    number: 'KH-202610-01',
    closedAt: CLOSED_AT,
    closedBy: 'reviewer',
    termsVersion: 'jiyuan-2026@2026.1',
    snapshot,
    objectionDue: DUE,
    version: 4,
    audit: [
      {
        at: CLOSED_AT,
        by: 'reviewer',
        action: 'closed',
        detail: { number: 'KH-202610-01', totalFen: 1_690_000 },
      },
    ],
    ...overrides,
  })

const summary = (overrides: Partial<MonthSummary> = {}): MonthSummary => ({
  month: '2026-10',
  hasResults: true,
  state: 'open',
  number: null,
  pending: { count: 0, amountFen: 0 },
  decided: { count: 7, amountFen: 1_690_000 },
  ...overrides,
})

/**
 * The month close's server: `state.close` is what GET answers (a POST replaces it with `after`),
 * `state.month` the month's line of `GET /months`.
 */
function stubMonth(
  state: { close: MonthClose | null; month: MonthSummary },
  writes: Record<string, (body: Record<string, unknown>) => Response> = {},
  extra: Parameters<typeof stubApi>[0] = {},
) {
  const post = (path: string) => (_url: URL, init: RequestInit | undefined) => {
    const handler = writes[path]
    if (!handler) throw new Error(`unexpected POST ${path}`)
    return handler(JSON.parse(String(init?.body ?? '{}')))
  }
  return stubPage(
    {
      [`GET ${CLOSE}`]: () =>
        state.close
          ? json(200, state.close)
          : json(404, { error: { code: 'not_found', message: 'no month' } }),
      'GET /api/v1/terms': () =>
        json(200, {
          version: jiyuan2026.version,
          terms: jiyuan2026,
          history: [{ version: jiyuan2026.version, from: '2026-01-01', status: 'in_force' }],
        }),
      [`POST ${CLOSE}`]: post('close'),
      'POST /api/v1/months/2026-10/reopen': post('reopen'),
      [`POST ${CLOSE}/acknowledge`]: post('acknowledge'),
      [`POST ${CLOSE}/objection`]: post('objection'),
      ...extra,
    },
    () => ({ current: '2026-10', months: [state.month] }),
  )
}

const bodiesOf = (fetch: ReturnType<typeof stubApi>, path: string) =>
  callsTo(fetch, 'POST', path).map((c) => JSON.parse(String(c.init?.body)))
const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement
const text = (testId: string) => screen.getByTestId(testId).textContent

setUpPageTests({ now: NOW })

describe('closing the month', () => {
  it('cannot close while drafts are pending: says why and links to the queue', async () => {
    const fetch = stubMonth({
      close: openClose(),
      month: summary({ pending: { count: 3, amountFen: 70_000 } }),
    })
    renderAt('/months/2026-10?month=2026-10')

    await screen.findByTestId('month-state')
    expect(text('month-state-value')).toBe('未确认')
    await waitFor(() => expect(text('month-pending')).toBe('3 条，¥700.00'))
    expect(text('month-decided')).toBe('7 条，¥16,900.00')
    const close = button('确认本月考核结果')
    expect(close.disabled).toBe(true)
    expect(close.getAttribute('aria-describedby')).toBe('close-blocked')
    expect(text('close-blocked')).toContain('还有 3 条扣款待审核（¥700.00），全部审核后才能确认本月。')
    const toQueue = screen.getAllByRole('link', { name: '去审核待审核的扣款' })
    expect(toQueue.map((a) => a.getAttribute('href'))).toEqual([
      '/deductions?month=2026-10&status=draft',
      '/deductions?month=2026-10&status=draft',
    ])
    fireEvent.click(close)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(callsTo(fetch, 'POST', CLOSE)).toHaveLength(0)
  })

  it('closes after a dialog showing the total, then shows the number, who and when', async () => {
    const state = { close: openClose() as MonthClose | null, month: summary() }
    const fetch = stubMonth(state, {
      close: () => {
        state.close = closedClose()
        state.month = summary({ state: 'closed', number: 'KH-202610-01' })
        return json(200, state.close)
      },
    })
    renderAt('/months/2026-10?month=2026-10')
    await waitFor(() => expect(button('确认本月考核结果').disabled).toBe(false))

    fireEvent.click(button('确认本月考核结果'))
    const dialog = within(await screen.findByRole('dialog', { name: '确认2026年10月考核结果' }))
    expect(screen.getByTestId('close-dialog-total').textContent).toBe('本月扣款合计 ¥16,900.00（7 条）。')
    expect(callsTo(fetch, 'POST', CLOSE)).toHaveLength(0)
    fireEvent.click(dialog.getByRole('button', { name: '确认本月' }))

    await waitFor(() => expect(text('month-state-value')).toBe('已确认'))
    expect(bodiesOf(fetch, CLOSE)).toEqual([{ expectedVersion: 3 }])
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(text('month-close-done')).toBe('已确认本月考核结果，确认单编号 KH-202610-01。')
    expect(text('month-number')).toBe('KH-202610-01')
    await waitFor(() => expect(text('month-closed-by')).toBe('甲方审核员（演示）'))
    expect(text('month-state')).toContain('2026年11月2日 16:30')
    expect(text('month-state')).toContain('合同条款 2026.1 版')
    expect(text('month-total')).toBe('¥16,900.00')
    expect(screen.getAllByTestId('close-deduction-row')).toHaveLength(7)
    expect(screen.getByRole('link', { name: '查看并打印确认单 KH-202610-01' }).getAttribute('href')).toBe(
      '/months/2026-10/confirmation?month=2026-10',
    )
    // The audit log names the reviewer, never the user name.
    const audit = within(screen.getByTestId('month-audit-row'))
    expect(audit.getByText('甲方审核员（演示）')).toBeTruthy()
    expect(audit.getByText('确认本月')).toBeTruthy()
    const detail = audit.getAllByRole('cell')[3]
    expect(detail?.textContent).toBe('确认单 KH-202610-01；扣款合计 ¥16,900.00')
    // The number is an id, not prose: marked so (the page-language check skips it).
    expect(detail?.querySelector('[translate="no"]')?.textContent).toBe('KH-202610-01')
  })

  it('says in Chinese why the server refused a close, and keeps the dialog open', async () => {
    const fetch = stubMonth(
      { close: openClose(), month: summary() },
      {
        close: () =>
          json(409, { error: { code: 'pending_drafts', message: 'month 2026-10 has 2 drafts pending' } }),
      },
    )
    renderAt('/months/2026-10?month=2026-10')
    await waitFor(() => expect(button('确认本月考核结果').disabled).toBe(false))
    fireEvent.click(button('确认本月考核结果'))
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确认本月' }))

    await waitFor(() =>
      expect(text('month-close-error')).toBe('未能确认本月：本月还有待审核的扣款，全部审核后才能确认本月。'),
    )
    expect(screen.getByRole('dialog')).toBeTruthy()
    expect(text('month-state-value')).toBe('未确认')
    expect(callsTo(fetch, 'POST', CLOSE)).toHaveLength(1)
  })

  it('reopens only with a reason, and the audit shows it', async () => {
    const state = { close: closedClose() as MonthClose | null, month: summary({ state: 'closed' }) }
    const fetch = stubMonth(state, {
      reopen: (body) => {
        state.close = openClose({
          version: 5,
          audit: [
            ...closedClose().audit,
            { at: NOW, by: 'reviewer', action: 'reopened', detail: { reason: String(body.reason) } },
          ],
        })
        return json(200, state.close)
      },
    })
    renderAt('/months/2026-10?month=2026-10')
    fireEvent.click(await screen.findByRole('button', { name: '重新打开本月' }))
    const dialog = within(await screen.findByRole('dialog', { name: '重新打开2026年10月' }))

    fireEvent.click(dialog.getByRole('button', { name: '确认重新打开' }))
    expect(dialog.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(dialog.getByLabelText('重新打开的理由').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/months/2026-10/reopen')).toHaveLength(0)

    fireEvent.input(dialog.getByLabelText('重新打开的理由'), {
      target: { value: ' 乙方补报 10 月 20 日话务数据 ' },
    })
    fireEvent.click(dialog.getByRole('button', { name: '确认重新打开' }))
    await waitFor(() => expect(text('month-state-value')).toBe('未确认'))
    expect(bodiesOf(fetch, '/api/v1/months/2026-10/reopen')).toEqual([
      { reason: '乙方补报 10 月 20 日话务数据', expectedVersion: 4 },
    ])
    expect(text('month-close-done')).toBe('已重新打开本月，可以继续审核。')
    const rows = screen.getAllByTestId('month-audit-row')
    expect(rows).toHaveLength(2)
    expect(rows[1]?.textContent).toContain('重新打开本月')
    expect(rows[1]?.textContent).toContain('理由：乙方补报 10 月 20 日话务数据')
    expect(rows[1]?.textContent).toContain('甲方审核员（演示）')
  })

  it('shows late revisions after the close prominently, each linking to its draft', async () => {
    stubMonth({
      close: closedClose({
        lateRevisions: [
          {
            deductionId: 'answer_15s:2026-10-20',
            kpi: 'answer_15s',
            period: '2026-10-20',
            subject: null,
            amountFen: 20_000,
            draftedAt: NOW,
          },
          {
            deductionId: 'service_error.transfer:2026-10-21:JY20261021-000007',
            kpi: 'service_error.transfer',
            period: '2026-10-21',
            subject: 'JY20261021-000007',
            amountFen: 20_000,
            draftedAt: NOW,
          },
        ],
      }),
      month: summary({ state: 'closed', pending: { count: 2, amountFen: 40_000 } }),
    })
    renderAt('/months/2026-10?month=2026-10')
    const late = within(await screen.findByTestId('late-revisions'))
    expect(late.getByText('关闭后收到新数据，产生 2 条修订草稿，需重新打开本月审核。')).toBeTruthy()
    expect(late.getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      [
        '15秒应答及时率 · 2026年10月20日，¥200.00',
        '/deductions/2026-10/answer_15s%3A2026-10-20?month=2026-10',
      ],
      [
        '转办超时 · 2026年10月21日，¥200.00',
        '/deductions/2026-10/service_error.transfer%3A2026-10-21%3AJY20261021-000007?month=2026-10',
      ],
    ])
    await waitFor(() => expect(text('month-pending')).toBe('2'))
  })

  it('opens on the month in context from the nav, after 扣款审核', async () => {
    stubMonth({ close: openClose(), month: summary() })
    renderAt('/months?month=2026-10')
    await waitFor(() => expect(window.location.pathname).toBe('/months/2026-10'))
    expect(window.location.search).toBe('?month=2026-10')
    const nav = within(screen.getByRole('navigation', { name: '主导航' }))
    const names = nav.getAllByRole('link').map((a) => a.textContent)
    expect(names.indexOf('月度考核确认')).toBe(names.indexOf('扣款审核') + 1)
    expect(nav.getByRole('link', { name: '月度考核确认' }).getAttribute('href')).toBe('/months?month=2026-10')
    await screen.findByTestId('month-state')
  })

  it('follows a month chosen in the picker', async () => {
    const fetch = stubMonth(
      { close: openClose(), month: summary() },
      {},
      {
        'GET /api/v1/months/2026-09/close': () =>
          json(404, { error: { code: 'not_found', message: 'no month' } }),
      },
    )
    renderAt('/months/2026-10?month=2026-10')
    await screen.findByTestId('month-state')
    fireEvent.click(screen.getByRole('button', { name: '上一月' }))
    await waitFor(() => expect(window.location.pathname).toBe('/months/2026-09'))
    expect(window.location.search).toBe('?month=2026-09')
    expect((await screen.findByTestId('month-no-results')).textContent).toBe(
      '2026年9月还没有考核结果，暂时无需确认。',
    )
    expect(callsTo(fetch, 'GET', '/api/v1/months/2026-09/close')).toHaveLength(1)
  })
})

describe('the contractor’s answer', () => {
  it('acknowledges after a dialog, and both roles then read it', async () => {
    signInAs('contractor')
    const state = { close: closedClose() as MonthClose | null, month: summary({ state: 'closed' }) }
    const fetch = stubMonth(state, {
      acknowledge: () => {
        state.close = closedClose({
          version: 5,
          contractor: { state: 'acknowledged', by: 'contractor', at: NOW, text: null },
        })
        return json(200, state.close)
      },
    })
    renderAt('/months/2026-10?month=2026-10')
    await screen.findByTestId('contractor-panel')
    expect(text('contractor-state')).toContain('乙方尚未确认，也未提出异议。')
    expect(text('objection-due')).toBe('异议期至 2026年11月9日 24:00。')
    // The contractor neither closes nor reopens.
    expect(screen.queryByTestId('reviewer-actions')).toBeNull()

    fireEvent.click(button('确认'))
    const dialog = within(await screen.findByRole('dialog', { name: '确认2026年10月考核结果' }))
    expect(text('acknowledge-dialog')).toContain(
      '确认即表示乙方认可确认单 KH-202610-01 所列的考核结果和扣款合计 ¥16,900.00。',
    )
    fireEvent.click(dialog.getByRole('button', { name: '确认' }))
    await waitFor(() =>
      expect(text('contractor-state')).toContain(
        '乙方坐席班长（演示）已于 2026年11月3日 10:00 确认本月考核结果。',
      ),
    )
    expect(bodiesOf(fetch, `${CLOSE}/acknowledge`)).toEqual([{ expectedVersion: 4 }])
    expect(screen.queryByRole('button', { name: '提出异议' })).toBeNull()
  })

  it('the reviewer reads the acknowledgement', async () => {
    stubMonth({
      close: closedClose({ contractor: { state: 'acknowledged', by: 'contractor', at: NOW, text: null } }),
      month: summary({ state: 'closed' }),
    })
    renderAt('/months/2026-10?month=2026-10')
    await waitFor(() =>
      expect(text('contractor-state')).toContain(
        '乙方坐席班长（演示）已于 2026年11月3日 10:00 确认本月考核结果。',
      ),
    )
    expect(screen.queryByRole('button', { name: '确认' })).toBeNull()
  })

  it('objects with a text of at least five characters, before the deadline', async () => {
    signInAs('contractor')
    const state = { close: closedClose() as MonthClose | null, month: summary({ state: 'closed' }) }
    const fetch = stubMonth(state, {
      objection: (body) => {
        state.close = closedClose({
          version: 5,
          contractor: { state: 'objected', by: 'contractor', at: NOW, text: String(body.text) },
        })
        return json(200, state.close)
      },
    })
    renderAt('/months/2026-10?month=2026-10')
    fireEvent.click(await screen.findByRole('button', { name: '提出异议' }))
    const dialog = within(await screen.findByRole('dialog', { name: '对2026年10月考核结果提出异议' }))
    expect(dialog.getByText('5–4000 字，须在 2026年11月9日 24:00 前提出。')).toBeTruthy()

    fireEvent.input(dialog.getByLabelText('异议内容'), { target: { value: '不同意' } })
    fireEvent.click(dialog.getByRole('button', { name: '提交异议' }))
    expect(dialog.getByText('请至少写 5 个字。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', `${CLOSE}/objection`)).toHaveLength(0)

    const objection = '10月20日数据中心断电，当日接通率不应计入考核。'
    fireEvent.input(dialog.getByLabelText('异议内容'), { target: { value: objection } })
    fireEvent.click(dialog.getByRole('button', { name: '提交异议' }))
    await waitFor(() => expect(text('contractor-objection')).toBe(objection))
    expect(bodiesOf(fetch, `${CLOSE}/objection`)).toEqual([{ text: objection, expectedVersion: 4 }])
    expect(text('contractor-state')).toContain('乙方坐席班长（演示）于 2026年11月3日 10:00 提出异议：')
  })

  it('cannot object once the window has passed', async () => {
    signInAs('contractor')
    stubMonth({
      close: closedClose({ objectionDue: '2026-11-02T16:00:00.000Z' }),
      month: summary({ state: 'closed' }),
    })
    renderAt('/months/2026-10?month=2026-10')
    await screen.findByTestId('contractor-panel')
    expect(text('objection-due')).toBe('异议期已于 2026年11月2日 24:00 截止。')
    expect(button('提出异议').disabled).toBe(true)
    expect(button('确认').disabled).toBe(false)
  })

  it('the viewer reads only', async () => {
    signInAs('viewer')
    stubMonth({
      close: closedClose({
        contractor: { state: 'objected', by: 'contractor', at: NOW, text: '接通率数据有误，请核实。' },
      }),
      month: summary({ state: 'closed' }),
    })
    renderAt('/months/2026-10?month=2026-10')
    await waitFor(() => expect(text('contractor-objection')).toBe('接通率数据有误，请核实。'))
    expect(screen.getAllByTestId('close-kpi-row')).toHaveLength(4)
    for (const name of ['确认本月考核结果', '重新打开本月', '确认', '提出异议']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
  })
})

describe('the 确认单', () => {
  const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent)

  it('is a document: number, parties, every KPI and deduction, the total in capitals, signatures', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    stubMonth({ close: closedClose(), month: summary({ state: 'closed' }) })
    renderAt('/months/2026-10/confirmation?month=2026-10')

    expect((await screen.findByTestId('confirmation-number')).textContent).toBe('编号：KH-202610-01')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('月度考核扣款确认单')
    const facts = text('confirmation-facts') ?? ''
    expect(facts).toContain('济源产城融合示范区政务大数据中心12345政务服务便民热线服务外包项目合同')
    expect(facts).toContain('甲方（采购人）济源产城融合示范区政务大数据中心')
    expect(facts).toContain('乙方（服务商）山东金非通信技术有限公司')
    expect(text('confirmation-month')).toBe('2026年10月')
    expect(text('confirmation-terms')).toBe('合同条款 2026.1 版')

    expect(screen.getAllByTestId('close-kpi-row').map(cells)).toEqual([
      ['满意率', '2026年10月', '90.00% (18000/20000)', '≥ 95%', '—', '未达标'],
      ['15秒应答及时率', '2026年10月', '92.67% (1112/1200)', '≥ 90%', '3 / 31 天', '未达标'],
      ['投诉', '2026年10月', '违约 1 次', '—', '—', '未达标'],
      ['人员流失率', '2026年', '10.00% (1/10)', '≤ 20%', '—', '达标'],
    ])
    const rows = screen.getAllByTestId('close-deduction-row').map(cells)
    expect(rows).toHaveLength(7)
    expect(rows[0]).toEqual([
      '1',
      '满意率',
      '2026年10月',
      '2026-10 满意率 90.00% < 95%，扣除14000元',
      '批准扣款',
      '¥14,000.00',
      '—',
    ])
    expect(rows[2]).toEqual([
      '3',
      '信息发布准确率',
      '2026年10月9日',
      '2026-10-09 扣除200元',
      '调整金额',
      '¥2,000.00',
      '一条为转载上级通报，按实际差错计',
    ])
    expect(rows[5]?.slice(4)).toEqual(['不予扣款', '¥0.00', '当日数据中心断电，不可归责于乙方'])
    expect(rows[6]?.slice(1, 3)).toEqual(['安全检查', '2026 年第 41 周'])
    expect(rows[6]?.slice(4, 6)).toEqual(['记录不扣款', '¥0.00'])
    expect(text('close-total')).toBe('¥16,900.00')
    expect(text('confirmation-total')).toBe('人民币（大写）壹万陆仟玖佰元整（小写 ¥16,900.00）')

    for (const [party, name] of [
      ['agency', '甲方：济源产城融合示范区政务大数据中心'],
      ['contractor', '乙方：山东金非通信技术有限公司'],
    ] as const) {
      const block = text(`signature-${party}`) ?? ''
      for (const part of [name, '经办人：', '负责人：', '日期：', '（盖章）']) expect(block).toContain(part)
    }
    // No links in a document; the print button prints.
    expect(screen.getAllByTestId('close-deduction-row').flatMap((r) => [...r.querySelectorAll('a')])).toEqual(
      [],
    )
    fireEvent.click(button('打印'))
    expect(print).toHaveBeenCalledTimes(1)

    // Chinese only: no ASCII word reaches the page but the document's own number.
    const words = (document.querySelector('main')?.textContent ?? '').replaceAll('KH-202610-01', '')
    expect(words.match(/[A-Za-z]{2,}/g)).toBeNull()
  })

  it('does not exist for an open month: the page says so and links back', async () => {
    stubMonth({ close: openClose(), month: summary({ pending: { count: 2, amountFen: 40_000 } }) })
    renderAt('/months/2026-10/confirmation?month=2026-10')
    expect((await screen.findByTestId('confirmation-not-closed')).textContent).toBe(
      '2026年10月尚未确认考核结果，还没有确认单。本月扣款全部审核并确认后，这里会生成确认单。',
    )
    expect(screen.getByRole('link', { name: '返回本月考核确认' }).getAttribute('href')).toBe(
      '/months/2026-10?month=2026-10',
    )
    expect(screen.queryByRole('button', { name: '打印' })).toBeNull()
  })
})

describe('yuanInCapitals', () => {
  it.each([
    [1_690_000, '壹万陆仟玖佰元整'],
    [0, '零元整'],
    [100, '壹元整'],
    [1_000, '壹拾元整'],
    [20_000, '贰佰元整'],
    [140_902, '壹仟肆佰零玖元零贰分'],
    [1_001_000, '壹万零壹拾元整'],
    [100_010_000, '壹佰万零壹佰元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [10_010_000_000, '壹亿零壹拾万元整'],
    [32_659_200, '叁拾贰万陆仟伍佰玖拾贰元整'],
    [130_636_800_00, '壹亿叁仟零陆拾叁万陆仟捌佰元整'],
    [1_399_680, '壹万叁仟玖佰玖拾陆元捌角整'],
    [123_456, '壹仟贰佰叁拾肆元伍角陆分'],
    [50, '伍角整'],
    [5, '伍分'],
    [105, '壹元零伍分'],
    [-20_000, '负贰佰元整'],
  ])('%i fen → %s', (fen, words) => {
    expect(yuanInCapitals(fen)).toBe(words)
  })

  it('refuses what is not an integer number of fen', () => {
    expect(() => yuanInCapitals(1.5)).toThrow(RangeError)
    expect(() => yuanInCapitals(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError)
  })
})
