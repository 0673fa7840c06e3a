/**
 * The payment statement page from a stubbed `/statement`: per quarter the gross, each withheld
 * deduction (KPI, period, amount), the net, the due date with the days left and the warning before
 * it, paid or not, the late fee; the totals; the date defaulting to today in Beijing time. The
 * exports download from the export endpoint with the session's token (fetch → Blob → object URL →
 * a temporary `<a download>`); an agency reviewer records a payment typed in yuan, sent in fen.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import type { Statement, StatementLine } from '../src/api/kpis'
import {
  callsTo,
  headerOf,
  json,
  renderAt,
  setUpPageTests,
  storeSession,
  stubApi,
  viewerSession,
} from './helpers'

const PER_DAY = 1_399_680

const line = (l: Partial<StatementLine> & Pick<StatementLine, 'quarter' | 'due'>): StatementLine => ({
  kind: 'part',
  grossFen: 32_659_200,
  deductions: [],
  withheldFen: 0,
  netFen: 32_659_200,
  paidOn: null,
  paidFen: null,
  status: 'upcoming',
  daysLeft: null,
  daysLate: 0,
  lateFeeFen: 0,
  warn: false,
  ...l,
})

/** As of 2026-12-25: Q1–Q2 paid on time, Q3 paid 8 days late, Q4 due in 6 days with ¥200 withheld. */
const statement: Statement = {
  termsVersion: 'jiyuan-2026@2026.1',
  asOf: '2026-12-25',
  lateFeePerDayFen: PER_DAY,
  instalments: [
    line({
      quarter: 1,
      kind: 'prepayment',
      grossFen: 41_990_400,
      netFen: 41_990_400,
      due: '2026-03-31',
      paidOn: '2026-03-05',
      paidFen: 41_990_400,
      status: 'paid',
    }),
    line({ quarter: 2, due: '2026-06-30', paidOn: '2026-06-28', paidFen: 32_659_200, status: 'paid' }),
    line({
      quarter: 3,
      due: '2026-09-30',
      paidOn: '2026-10-08',
      paidFen: 32_659_200,
      status: 'paid',
      daysLate: 8,
      lateFeeFen: 8 * PER_DAY,
    }),
    line({
      quarter: 4,
      due: '2026-12-31',
      deductions: [
        {
          id: 'answer_15s:2026-10-09',
          kpi: 'answer_15s',
          period: '2026-10-09',
          subject: null,
          decidedOn: '2026-10-12',
          amountFen: 20_000,
          fullAmountFen: 20_000,
          carried: false,
        },
      ],
      withheldFen: 20_000,
      netFen: 32_639_200,
      status: 'due_soon',
      daysLeft: 6,
      warn: true,
    }),
  ],
  unsettled: [],
  totals: {
    grossFen: 139_968_000,
    withheldFen: 20_000,
    netFen: 139_948_000,
    paidFen: 107_308_800,
    unsettledFen: 0,
    lateFeeFen: 8 * PER_DAY,
  },
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function stubStatement(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/v1/statement': (url) => json(200, { ...statement, asOf: url.searchParams.get('asOf') }),
    ...extra,
  })
}

const text = (testId: string) => screen.getByTestId(testId).textContent

setUpPageTests({ after: () => vi.restoreAllMocks() })

describe('payment statement', () => {
  it('lists each quarter: gross, the deductions withheld, net, due date, days left, payment, late fee', async () => {
    const fetch = stubStatement()
    renderAt('/statement?asOf=2026-12-25')

    await screen.findByTestId('statement-q4')
    expect(callsTo(fetch, 'GET', '/api/v1/statement')[0]?.url.searchParams.get('asOf')).toBe('2026-12-25')

    const q4 = screen.getByTestId('statement-q4')
    expect(within(q4).getByRole('heading', { level: 3 }).textContent).toBe('第四季度 · 分期款即将到期')
    expect(text('gross-q4')).toBe('¥326,592.00')
    const [withheld] = screen.getAllByTestId('deduction-q4')
    expect([...(withheld?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent)).toEqual([
      '扣款：15秒应答及时率',
      '2026-10-09',
      '-¥200.00',
    ])
    expect(text('withheld-q4')).toBe('-¥200.00')
    expect(text('net-q4')).toBe('¥326,392.00')
    expect(text('days-left-q4')).toBe('还有 6 天')
    expect(text('paid-q4')).toBe('未支付')
    expect(text('late-fee-q4')).toBe('暂无；逾期每天 ¥13,996.80')
    expect(text('warn-q4')).toBe(
      '提醒：还有 6 天到期，请在2026年12月31日（含）前支付 ¥326,392.00，逾期每天违约金 ¥13,996.80。',
    )
    expect(within(q4).getByText('2026年12月31日').getAttribute('datetime')).toBe('2026-12-31')

    expect(text('status-q1')).toBe('已支付')
    expect(text('gross-q1')).toBe('¥419,904.00')
    expect(text('paid-q1')).toBe('2026年3月5日已支付 ¥419,904.00')
    expect(text('days-left-q1')).toBe('—')
    expect(screen.queryByTestId('warn-q1')).toBeNull()
    expect(within(screen.getByTestId('statement-q1')).getByText('本季度没有扣款。')).toBeTruthy()
    expect(text('late-fee-q3')).toBe('¥111,974.40（逾期 8 天 × ¥13,996.80）')

    expect(text('total-withheld')).toBe('-¥200.00')
    expect(text('total-net')).toBe('¥1,399,480.00')
  })

  it('opens as of today in Beijing time, and follows the date picker', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 2026-12-25 07:00 in Beijing, still the 24th in UTC.
    vi.setSystemTime(new Date('2026-12-24T23:00:00.000Z'))
    storeSession() // valid for an hour from the clock set here
    const fetch = stubStatement()
    renderAt('/statement')

    await screen.findByTestId('statement-q4')
    const picker = screen.getByLabelText<HTMLInputElement>('截至日期')
    expect(picker.value).toBe('2026-12-25')
    fireEvent.change(picker, { target: { value: '2026-12-31' } })
    await waitFor(() => expect(window.location.search).toBe('?asOf=2026-12-31'))
    await waitFor(() =>
      expect(callsTo(fetch, 'GET', '/api/v1/statement').map((c) => c.url.searchParams.get('asOf'))).toEqual([
        '2026-12-25',
        '2026-12-31',
      ]),
    )
  })

  it('shows an overdue instalment with its days late and the late fee so far', async () => {
    const overdue = {
      ...statement,
      instalments: statement.instalments.map((l) =>
        l.quarter === 4
          ? {
              ...l,
              status: 'overdue' as const,
              daysLeft: -3,
              daysLate: 3,
              lateFeeFen: 3 * PER_DAY,
              warn: false,
            }
          : l,
      ),
    }
    stubApi({ 'GET /api/v1/statement': () => json(200, overdue) })
    renderAt('/statement?asOf=2027-01-03')
    await screen.findByTestId('statement-q4')
    expect(text('status-q4')).toBe('已逾期')
    expect(text('days-left-q4')).toBe('已逾期 3 天')
    expect(text('late-fee-q4')).toBe('¥41,990.40（逾期 3 天 × ¥13,996.80）')
    expect(screen.queryByTestId('warn-q4')).toBeNull()
  })

  it('exports the XLSX and the CSV from the export endpoint, with the token, as a download', async () => {
    const created: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return `blob:statement-${created.length}`
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const clicked: { href: string; download: string; inDocument: boolean }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inDocument: document.body.contains(this) })
    })
    const fetch = stubStatement({
      'GET /api/v1/statement/export': (url) =>
        new Response(
          url.searchParams.get('format') === 'xlsx'
            ? new Uint8Array([0x50, 0x4b, 3, 4])
            : '\uFEFF季度,金额\r\n',
          {
            status: 200,
            headers: {
              'content-type': url.searchParams.get('format') === 'xlsx' ? XLSX : 'text/csv; charset=utf-8',
              'content-disposition': `attachment; filename="statement-jiyuan-2026_2026.1-2026-12-25.${url.searchParams.get('format')}"`,
            },
          },
        ),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')

    fireEvent.click(screen.getByRole('button', { name: '导出 XLSX' }))
    await waitFor(() =>
      expect(text('export-status')).toBe('已下载 statement-jiyuan-2026_2026.1-2026-12-25.xlsx'),
    )
    const [xlsx] = callsTo(fetch, 'GET', '/api/v1/statement/export')
    expect(Object.fromEntries(xlsx?.url.searchParams ?? [])).toEqual({ format: 'xlsx', asOf: '2026-12-25' })
    expect(headerOf(xlsx?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    expect(clicked).toEqual([
      {
        href: 'blob:statement-1',
        download: 'statement-jiyuan-2026_2026.1-2026-12-25.xlsx',
        inDocument: true,
      },
    ])
    expect(new Uint8Array((await created[0]?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(
      new Uint8Array([0x50, 0x4b, 3, 4]),
    )
    // The temporary link is gone once clicked.
    expect(document.querySelector('a[download]')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }))
    await waitFor(() => expect(clicked).toHaveLength(2))
    expect(clicked[1]?.download).toBe('statement-jiyuan-2026_2026.1-2026-12-25.csv')
    expect(callsTo(fetch, 'GET', '/api/v1/statement/export')[1]?.url.searchParams.get('format')).toBe('csv')
  })

  it('says so when an export fails, and ends the session on a 401', async () => {
    stubStatement({
      'GET /api/v1/statement/export': () => json(500, { error: { code: 'internal', message: 'boom' } }),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')
    fireEvent.click(screen.getByRole('button', { name: '导出 XLSX' }))
    await waitFor(() => expect(text('export-status')).toBe('导出失败：boom'))

    cleanup()
    stubStatement({
      'GET /api/v1/statement/export': () =>
        json(401, { error: { code: 'unauthorized', message: 'expired' } }),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')
    fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }))
    await screen.findByRole('heading', { name: '登录', level: 2 })
    expect(sessionStorage.getItem('hotline.session')).toBeNull()
  })

  it('records a payment typed in yuan as fen, then reloads the statement', async () => {
    const fetch = stubStatement({
      'POST /api/v1/payments': (_url, init) => json(201, JSON.parse(String(init?.body))),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByRole('heading', { name: '记录付款', level: 3 })

    // The first unpaid quarter is chosen; the paid ones cannot be.
    const quarter = screen.getByLabelText<HTMLSelectElement>('季度')
    expect(quarter.value).toBe('4')
    expect([...quarter.options].filter((o) => o.disabled).map((o) => o.value)).toEqual(['1', '2', '3'])
    expect(screen.getByText('以元为单位，最多两位小数；本季度实付 ¥326,392.00。')).toBeTruthy()
    expect(screen.getByLabelText<HTMLInputElement>('付款日期').value).toBe('2026-12-25')

    // Not an amount: nothing is sent.
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '326392.005' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      '请输入以元为单位的金额，最多两位小数，例如 326592.00。',
    )
    expect(screen.getByLabelText('金额（元）').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/payments')).toHaveLength(0)

    fireEvent.input(screen.getByLabelText('付款日期'), { target: { value: '2026-12-28' } })
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '326,392.10' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    await waitFor(() => expect(text('payment-done')).toBe('已记录第四季度付款 ¥326,392.10。'))
    const [post] = callsTo(fetch, 'POST', '/api/v1/payments')
    expect(JSON.parse(String(post?.init?.body))).toEqual({
      quarter: 4,
      paidOn: '2026-12-28',
      amountFen: 32_639_210,
    })
    expect(headerOf(post?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    await waitFor(() => expect(callsTo(fetch, 'GET', '/api/v1/statement')).toHaveLength(2))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('says so when the quarter is already paid', async () => {
    stubStatement({
      'POST /api/v1/payments': () =>
        json(409, { error: { code: 'conflict', message: 'the payment of quarter 4 is already recorded' } }),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByRole('heading', { name: '记录付款', level: 3 })
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '326392' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    expect((await screen.findByRole('alert')).textContent).toBe('该季度的付款已记录过。')
  })

  it('offers no payment form to anyone but an agency reviewer', async () => {
    storeSession(viewerSession())
    stubStatement()
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')
    expect(screen.queryByRole('heading', { name: '记录付款' })).toBeNull()
    expect(screen.getByRole('button', { name: '导出 XLSX' })).toBeTruthy()
  })
})
