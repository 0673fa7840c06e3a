/**
 * The payment statement page from a stubbed `/statement` whose body the domain itself makes
 * (`paymentStatement` and `statementTable`, as the server does): the withholding rule in words;
 * per quarter its heading and status, the amount due, each deduction withheld linked to its page,
 * with drafted and decided amounts, status and reason, the month's subtotal, the drafts pending
 * ("待审核 ¥X（未计入）"), the net, payment status, who recorded the payment and when, the late fee;
 * the contractor's right to terminate after 30 days late as an alert (a warning as it approaches);
 * the totals. The page asks in its language and exports in it (fetch → Blob → object URL → a
 * temporary `<a download>`, with the session's token); an agency reviewer records a payment typed
 * in yuan, sent in fen.
 */
import {
  jiyuan2026,
  type Payment,
  paymentStatement,
  type StatementDeduction,
  type StatementLang,
  statementTable,
} from '@hotline/domain'
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import type { Statement } from '../src/api/kpis'
import { callsTo, headerOf, json, renderAt, setUpPageTests, signInAs, stubApi } from './helpers'

/** October's deductions, decided in November: approved, adjusted with a reason, rejected, ¥0, two drafts. */
const october = (
  id: string,
  fen: number,
  status: StatementDeduction['status'],
  extra: Partial<StatementDeduction> = {},
): StatementDeduction => ({
  id,
  billingMonth: '2026-10',
  kpi: id.split(':')[0] as StatementDeduction['kpi'],
  period: id.split(':')[1] ?? '2026-10-09',
  subject: null,
  status,
  draftedFen: fen,
  finalFen: status === 'draft' ? null : status === 'rejected' ? 0 : fen,
  reason: null,
  draftedAt: '2026-10-10T18:00:00.000Z',
  decidedAt: status === 'draft' ? null : '2026-11-05T02:00:00.000Z',
  ...extra,
})

const DEDUCTIONS: StatementDeduction[] = [
  october('answer_15s:2026-10-09', 20_000, 'approved'),
  october('publish_accuracy:2026-10-09', 660_000, 'adjusted', { finalFen: 200_000, reason: '一条为转载' }),
  october('connection:2026-10-09', 20_000, 'rejected', { reason: '平台故障，非乙方原因' }),
  october('safety_check:2026-W41', 0, 'acknowledged'),
  october('connection:2026-10-12', 20_000, 'draft'),
  october('satisfaction:2026-10', 80_000, 'draft'),
]

const paidBy = (quarter: 1 | 2 | 3 | 4, paidOn: string, amountFen: number): Payment => ({
  quarter,
  paidOn,
  amountFen,
  recordedBy: 'reviewer',
  recordedAt: `${paidOn}T02:00:00.000Z`,
})

/** Q1–Q2 paid on time, Q3 paid 8 days late. */
const PAID = [
  paidBy(1, '2026-03-31', 41_990_400),
  paidBy(2, '2026-06-30', 32_659_200),
  paidBy(3, '2026-10-08', 32_659_200),
]

/** The server's body: the domain's statement and its rows in `lang` (people by display name). */
function view(asOf: string, payments: Payment[], lang: StatementLang): Statement {
  const statement = paymentStatement({ terms: jiyuan2026, deductions: DEDUCTIONS, payments, asOf })
  const table = statementTable(statement, {
    lang,
    contract: { title: jiyuan2026.title[lang === 'en' ? 'en' : 'zh'], version: jiyuan2026.version },
    nameOf: (username) => (username === 'reviewer' ? '甲方审核员（演示）' : username),
  })
  return JSON.parse(JSON.stringify({ ...statement, table }))
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function stubStatement(extra: Parameters<typeof stubApi>[0] = {}, payments: Payment[] = PAID) {
  return stubApi({
    'GET /api/v1/statement': (url) =>
      json(
        200,
        view(
          url.searchParams.get('asOf') ?? '',
          payments,
          url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN',
        ),
      ),
    ...extra,
  })
}

const text = (testId: string) => screen.getByTestId(testId).textContent
const cells = (row: HTMLElement | undefined) =>
  [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent)

setUpPageTests({ after: () => vi.restoreAllMocks() })

describe('payment statement', () => {
  it('says the withholding rule, and lists Q4 per billing month: rows, subtotal, pending drafts, net', async () => {
    const fetch = stubStatement()
    renderAt('/statement?asOf=2026-12-25')

    const q4 = await screen.findByTestId('statement-q4')
    const [request] = callsTo(fetch, 'GET', '/api/v1/statement')
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({ asOf: '2026-12-25', lang: 'zh-CN' })
    expect(text('statement-rule')).toContain(
      '经甲方审核批准（含调整金额）的扣款，从决定当日尚未支付的下一期付款中扣除；某季度的扣款若在该季度款项支付之后才决定，则从下一期未付款中扣除',
    )
    expect(text('statement-rule')).toContain('逾期超过30日，乙方有权单方解除本合同')

    expect(within(q4).getByRole('heading', { level: 3 }).textContent).toBe(
      '第四季度 · 分期款待付款到期日 2026年12月31日',
    )
    expect(text('badge-q4')).toBe('待付款')
    expect(cells(screen.getByTestId('gross-q4'))).toEqual([
      '',
      '应付金额',
      '',
      '',
      '',
      '',
      '¥326,592.00',
      '',
      '',
    ])
    const [approved, adjusted] = screen.getAllByTestId('deduction-q4')
    expect(cells(approved)).toEqual([
      '2026年10月',
      '15秒应答及时率',
      '2026年10月9日',
      '',
      '¥200.00',
      '¥200.00',
      '¥200.00',
      '已批准',
      '',
    ])
    expect(cells(adjusted)).toEqual([
      '2026年10月',
      '信息发布准确率',
      '2026年10月9日',
      '',
      '¥6,600.00',
      '¥2,000.00',
      '¥2,000.00',
      '已调整',
      '一条为转载',
    ])
    // Each deduction opens its own page, in its month.
    expect(
      within(adjusted as HTMLElement)
        .getByRole('link', { name: '信息发布准确率' })
        .getAttribute('href'),
    ).toBe('/deductions/2026-10/publish_accuracy%3A2026-10-09?month=2026-10')
    expect(cells(screen.getByTestId('subtotal-q4')).slice(0, 7)).toEqual([
      '2026年10月',
      '2026年10月扣款小计',
      '',
      '',
      '',
      '',
      '¥2,200.00',
    ])
    // The two drafts: shown with their sum, in no subtotal or total.
    expect(cells(screen.getByTestId('pending-q4'))).toEqual([
      '2026年10月',
      '待审核 ¥1,000.00（未计入）',
      '',
      '',
      '¥1,000.00',
      '',
      '',
      '',
      '2 条扣款待审核，审核前不计入任何金额',
    ])
    expect(cells(screen.getByTestId('counted-q4'))[1]).toBe('记录不扣款 1 条；不予扣款 1 条')
    expect(cells(screen.getByTestId('withheld-q4'))[6]).toBe('¥2,200.00')
    expect(cells(screen.getByTestId('net-q4'))[6]).toBe('¥324,392.00')
    expect(cells(screen.getByTestId('status-q4'))).toEqual([
      '',
      '付款状态',
      '',
      '',
      '',
      '',
      '',
      '待付款',
      '还有 6 天到期',
    ])
    expect(cells(screen.getByTestId('payment-q4'))[8]).toBe('未付款')
    expect(cells(screen.getByTestId('lateFee-q4')).slice(6)).toEqual(['¥0.00', '', '无；逾期每天 ¥13,996.80'])
    expect(text('warn-q4')).toBe(
      '提醒：还有 6 天到期，请在2026年12月31日（含）前支付 ¥324,392.00，逾期每天违约金 ¥13,996.80。',
    )
    expect(screen.queryByTestId('right-q4')).toBeNull()
  })

  it('shows who recorded each payment and when, paid on time or late, the late fee, and the totals', async () => {
    stubStatement()
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')

    expect(text('badge-q1')).toBe('已付款')
    expect(cells(screen.getByTestId('payment-q1')).slice(6)).toEqual([
      '¥419,904.00',
      '',
      '2026年3月31日付款，由甲方审核员（演示）于2026年3月31日 10:00记录',
    ])
    expect(cells(screen.getByTestId('status-q1'))[8]).toBe('按期付款')
    expect(cells(screen.getByTestId('status-q3'))[8]).toBe('逾期 8 天付款')
    expect(cells(screen.getByTestId('lateFee-q3')).slice(6)).toEqual([
      '¥111,974.40',
      '',
      '逾期 8 天 × ¥13,996.80/天',
    ])
    expect(screen.queryAllByTestId('deduction-q1')).toEqual([])

    const totals = screen.getAllByTestId('total').map((row) => cells(row))
    expect(totals).toEqual([
      ['应付合计', '¥1,399,680.00', ''],
      ['扣款合计', '¥2,200.00', ''],
      ['实付合计', '¥1,397,480.00', ''],
      ['已付合计', '¥1,073,088.00', ''],
      ['逾期违约金合计', '¥111,974.40', '1 个季度逾期'],
    ])
  })

  it('alerts the right to terminate once a quarter is more than 30 days late, and warns before', async () => {
    // Nothing recorded on 2026-12-06: Q1–Q3 long overdue; the late fee is theirs alone.
    stubStatement({}, [])
    renderAt('/statement?asOf=2026-12-06')
    await screen.findByTestId('statement-q4')
    expect(text('badge-q3')).toBe('逾期未付')
    const alert = screen.getByTestId('right-q3')
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toBe(
      '逾期超过30日的解除权（合同第六条） 逾期已超过30日：自2026年10月31日起乙方有权单方解除本合同',
    )
    expect(screen.queryByTestId('right-q4')).toBeNull()
    expect(
      screen
        .getAllByTestId('total')
        .map((row) => cells(row))
        .at(-1),
    ).toEqual(['逾期违约金合计', '¥6,662,476.80', '3 个季度逾期'])

    cleanup()
    stubStatement({}, PAID.slice(0, 2))
    renderAt('/statement?asOf=2026-10-25')
    const warning = await screen.findByTestId('right-q3')
    expect(warning.getAttribute('role')).toBeNull()
    expect(warning.className).toBe('warn-box')
    expect(warning.textContent).toContain(
      '再逾期 6 天（2026年10月31日起）即逾期超过30日，乙方有权单方解除本合同',
    )
  })

  it('in English: asks for English rows and exports in English', async () => {
    const fetch = stubStatement({
      'GET /api/v1/statement/export': () =>
        new Response('\uFEFFQuarter\r\n', {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="payment-statement-2026-12-25.csv"; filename*=UTF-8''payment-statement-2026-12-25.csv`,
          },
        }),
    })
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
    )
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    renderAt('/statement?asOf=2026-12-25', 'en')
    const q4 = await screen.findByTestId('statement-q4')
    expect(callsTo(fetch, 'GET', '/api/v1/statement')[0]?.url.searchParams.get('lang')).toBe('en')
    expect(within(q4).getByRole('heading', { level: 3 }).textContent).toBe(
      'Q4 · instalmentdue soondue Dec 31, 2026',
    )
    expect(cells(screen.getByTestId('pending-q4'))[1]).toBe('Awaiting review ¥1,000.00 (not counted)')
    expect(text('statement-rule')).toContain(
      "a deduction decided after its quarter's payment falls on the next unpaid one",
    )

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    await waitFor(() => expect(text('export-status')).toBe('Downloaded payment-statement-2026-12-25.csv'))
    expect(
      Object.fromEntries(callsTo(fetch, 'GET', '/api/v1/statement/export')[0]?.url.searchParams ?? []),
    ).toEqual({
      format: 'csv',
      asOf: '2026-12-25',
      lang: 'en',
    })
  })

  it('opens as of today in Beijing time, and follows the date picker', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 2026-12-25 07:00 in Beijing, still the 24th in UTC.
    vi.setSystemTime(new Date('2026-12-24T23:00:00.000Z'))
    signInAs('reviewer') // valid for an hour from the clock set here
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

  it('exports the XLSX and the CSV in the page’s language, with the token, as a download named in Chinese', async () => {
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
      'GET /api/v1/statement/export': (url) => {
        const format = url.searchParams.get('format')
        return new Response(format === 'xlsx' ? new Uint8Array([0x50, 0x4b, 3, 4]) : '\uFEFF季度,账期\r\n', {
          status: 200,
          headers: {
            'content-type': format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="payment-statement-2026-12-25.${format}"; filename*=UTF-8''${encodeURIComponent(`付款结算单-2026-12-25.${format}`)}`,
          },
        })
      },
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')

    fireEvent.click(screen.getByRole('button', { name: '导出 XLSX' }))
    await waitFor(() => expect(text('export-status')).toBe('已下载 付款结算单-2026-12-25.xlsx'))
    const [xlsx] = callsTo(fetch, 'GET', '/api/v1/statement/export')
    expect(Object.fromEntries(xlsx?.url.searchParams ?? [])).toEqual({
      format: 'xlsx',
      asOf: '2026-12-25',
      lang: 'zh-CN',
    })
    expect(headerOf(xlsx?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    expect(clicked).toEqual([
      { href: 'blob:statement-1', download: '付款结算单-2026-12-25.xlsx', inDocument: true },
    ])
    expect(new Uint8Array((await created[0]?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(
      new Uint8Array([0x50, 0x4b, 3, 4]),
    )
    // The temporary link is gone once clicked.
    expect(document.querySelector('a[download]')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }))
    await waitFor(() => expect(clicked).toHaveLength(2))
    expect(clicked[1]?.download).toBe('付款结算单-2026-12-25.csv')
    expect(callsTo(fetch, 'GET', '/api/v1/statement/export')[1]?.url.searchParams.get('format')).toBe('csv')
  })

  it('says so in Chinese when an export fails, and ends the session on a 401', async () => {
    stubStatement({
      'GET /api/v1/statement/export': () => json(500, { error: { code: 'internal', message: 'boom' } }),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')
    fireEvent.click(screen.getByRole('button', { name: '导出 XLSX' }))
    await waitFor(() =>
      expect(text('export-status')).toBe(
        '导出失败：服务器出错了，请稍后再试；如果一直出错，请联系运维人员。',
      ),
    )

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
      'POST /api/v1/payments': (_url, init) =>
        json(201, {
          ...JSON.parse(String(init?.body)),
          recordedBy: 'reviewer',
          recordedAt: '2026-12-28T02:00:00.000Z',
        }),
    })
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByRole('heading', { name: '记录付款', level: 3 })

    // The first unpaid quarter is chosen; the paid ones cannot be.
    const quarter = screen.getByLabelText<HTMLSelectElement>('季度')
    expect(quarter.value).toBe('4')
    expect([...quarter.options].filter((o) => o.disabled).map((o) => o.textContent)).toEqual([
      '第一季度（已付款）',
      '第二季度（已付款）',
      '第三季度（已付款）',
    ])
    expect(screen.getByText('以元为单位，最多两位小数；本季度实付 ¥324,392.00。')).toBeTruthy()
    expect(screen.getByLabelText<HTMLInputElement>('付款日期').value).toBe('2026-12-25')

    // Not an amount: nothing is sent.
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '324392.005' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      '请输入以元为单位的金额，最多两位小数，例如 326592.00。',
    )
    expect(screen.getByLabelText('金额（元）').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/payments')).toHaveLength(0)

    fireEvent.input(screen.getByLabelText('付款日期'), { target: { value: '2026-12-28' } })
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '324,392.10' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    await waitFor(() => expect(text('payment-done')).toBe('已记录第四季度付款 ¥324,392.10。'))
    const [post] = callsTo(fetch, 'POST', '/api/v1/payments')
    expect(JSON.parse(String(post?.init?.body))).toEqual({
      quarter: 4,
      paidOn: '2026-12-28',
      amountFen: 32_439_210,
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
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '324392' } })
    fireEvent.click(screen.getByRole('button', { name: '记录付款' }))
    expect((await screen.findByRole('alert')).textContent).toBe('该季度的付款已记录过。')
  })

  it('offers no payment form to anyone but an agency reviewer', async () => {
    signInAs('viewer')
    stubStatement()
    renderAt('/statement?asOf=2026-12-25')
    await screen.findByTestId('statement-q4')
    expect(screen.queryByRole('heading', { name: '记录付款' })).toBeNull()
    expect(screen.getByRole('button', { name: '导出 XLSX' })).toBeTruthy()
  })
})
