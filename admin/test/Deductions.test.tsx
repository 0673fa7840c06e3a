/**
 * The deduction review: the queue (windowed — 10,000 rows render a few dozen, scrolling shows later
 * ones; the default month; filters, sort and totals), one deduction's evidence, the reviewer's
 * decisions (the version seen is sent; a 409 is explained and reloads; adjust and reject are
 * validated), the keyboard shortcuts (and never while typing), and the contractor's objection
 * (validated, filed, and refused after the window with the server's words).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import { type Deduction, deductionPath } from '../src/api/deductions'
import { forgetQueues, previousMonthInBeijing, yuanToFen } from '../src/deductions/queue'
import {
  callsTo,
  contractorSession,
  headerOf,
  json,
  renderAt,
  setUpPageTests,
  storeSession,
  stubApi,
  viewerSession,
} from './helpers'

const AT = '2026-10-10T16:30:00.000Z'

const deduction = (overrides: Partial<Deduction> = {}): Deduction => ({
  deductionId: 'answer_15s:2026-10-09',
  billingMonth: '2026-10',
  kpi: 'answer_15s',
  period: '2026-10-09',
  subject: null,
  status: 'draft',
  draft: {
    amountFen: 20_000,
    clause: '§4.5',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: { num: 17, den: 20 }, target: { kind: 'min', bp: 9000 }, rate: { flatFen: 20_000 } },
    evidence: {
      ids: ['C17', 'C18', 'C19'],
      figures: {
        offered: 20,
        answeredWithin: 17,
        answeredLate: 3,
        abandoned: 0,
        shortAbandons: 0,
        ivrOnly: 0,
      },
    },
    formula: {
      zh: '2026-10-09 15秒应答及时率 85.00% < 90%，扣除200元',
      en: '2026-10-09 answer-within-15s rate 85.00% < 90%: deduct ¥200.00',
    },
  },
  amountFen: 20_000,
  finalAmountFen: null,
  decision: null,
  objection: null,
  withdrawal: false,
  supersedes: null,
  supersededBy: null,
  revisions: [],
  version: 1,
  draftedAt: AT,
  updatedAt: AT,
  audit: [{ at: AT, by: 'job:daily-2026-10-09', action: 'draft', detail: { amountFen: 20_000 } }],
  ...overrides,
})

/** 2026-10-09: one inaccurate publication of three → 33 whole points below 100% → ¥6,600. */
const publication = deduction({
  deductionId: 'publish_accuracy:2026-10-09',
  kpi: 'publish_accuracy',
  amountFen: 660_000,
  version: 3,
  draft: {
    amountFen: 660_000,
    clause: '§4.7',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: {
      value: { num: 2, den: 3 },
      target: { kind: 'min', bp: 10_000 },
      points: { exact: { num: 100, den: 3 }, charged: { num: 33, den: 1 } },
      rate: { perPointFen: 20_000, partialPoints: 'floor' },
    },
    evidence: { ids: ['P2'], figures: { published: 3, accurate: 2, inaccurate: 1 } },
    formula: {
      zh: '2026-10-09 信息发布准确率 66.67% < 100%，低于33.33个百分点，按整点计33个，每个百分点200元，扣除6600元',
      en: '2026-10-09 publication accuracy rate 66.67% < 100%: 33.33 points below, 33 whole points charged at ¥200.00 each: deduct ¥6,600.00',
    },
  },
  revisions: [
    {
      at: '2026-10-11T16:30:00.000Z',
      jobRunId: 'daily-2026-10-09-b',
      previousAmountFen: 400_000,
      previousFormula: { zh: '旧的计算说明', en: 'the earlier computation' },
      previousStatus: 'draft',
      reason: 'recomputed with new data',
    },
  ],
  objection: {
    by: 'contractor',
    at: '2026-10-12T02:00:00.000Z',
    text: '第三条为转载上级通报，不应计为不准确。',
    answer: null,
    answeredAt: null,
  },
  audit: [
    { at: AT, by: 'job:daily-2026-10-09', action: 'draft', detail: { amountFen: 400_000 } },
    {
      at: '2026-10-11T16:30:00.000Z',
      by: 'job:daily-2026-10-09-b',
      action: 'revise',
      detail: { reason: 'recomputed with new data' },
    },
    {
      at: '2026-10-12T02:00:00.000Z',
      by: 'contractor',
      action: 'object',
      detail: { text: '第三条为转载上级通报，不应计为不准确。' },
    },
  ],
})

/** A late transfer: its evidence is a ticket, which opens on the ticket page. */
const transfer = deduction({
  deductionId: 'service_error.transfer:2026-10-08:CC-20260930-0001/transfer/1',
  kpi: 'service_error.transfer',
  period: '2026-10-08',
  subject: 'CC-20260930-0001/transfer/1',
  draft: {
    amountFen: 20_000,
    clause: '§4.3',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: null, target: null, rate: { flatFen: 20_000 } },
    evidence: {
      ids: ['CC-20260930-0001'],
      figures: {
        startedAt: '2026-09-30T08:00:00.000Z',
        due: '2026-10-08T16:00:00.000Z',
        doneAt: null,
        doneBy: null,
        lateMinutes: 1470,
      },
    },
    formula: {
      zh: '2026-10-08 转办超时（工单 CC-20260930-0001/transfer/1），扣除200元',
      en: '2026-10-08 transfer overdue (ticket CC-20260930-0001/transfer/1): deduct ¥200.00',
    },
  },
})

const approvedOld = deduction({
  deductionId: 'connection:2026-10-02',
  kpi: 'connection',
  period: '2026-10-02',
  status: 'approved',
  finalAmountFen: 20_000,
  decision: { decision: 'approved', by: 'reviewer', at: AT, amountFen: 20_000, reason: null },
  supersededBy: 'connection:2026-10-02~2',
})
const approvedSuccessor = deduction({
  deductionId: 'connection:2026-10-02~2',
  kpi: 'connection',
  period: '2026-10-02',
  status: 'adjusted',
  amountFen: 20_000,
  finalAmountFen: 10_000,
  decision: { decision: 'adjusted', by: 'reviewer', at: AT, amountFen: 10_000, reason: '部分时段系统故障' },
  supersedes: 'connection:2026-10-02',
})
const rejected = deduction({
  deductionId: 'answer_15s:2026-10-03',
  period: '2026-10-03',
  status: 'rejected',
  finalAmountFen: 0,
  decision: { decision: 'rejected', by: 'reviewer', at: AT, amountFen: 0, reason: '停电' },
})
const month = [publication, transfer, deduction(), approvedOld, approvedSuccessor, rejected]

/** The month's list and each deduction by its path; `extra` adds or overrides routes. */
function stubMonth(list: Deduction[] = month, extra: Parameters<typeof stubApi>[0] = {}) {
  const routes: Parameters<typeof stubApi>[0] = {
    'GET /api/v1/deductions': (url) =>
      json(200, { deductions: list.filter((d) => d.billingMonth === url.searchParams.get('month')) }),
  }
  for (const d of list) routes[`GET ${deductionPath(d.billingMonth, d.deductionId)}`] = () => json(200, d)
  return stubApi({ ...routes, ...extra })
}

const contractor = () => storeSession(contractorSession())
const viewer = () => storeSession(viewerSession())

const detailPath = (d: Deduction, search = '') =>
  `/deductions/${d.billingMonth}/${encodeURIComponent(d.deductionId)}${search}`
const rowTexts = () =>
  screen
    .getAllByTestId('deduction-row')
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

setUpPageTests({ after: forgetQueues })

describe('the review queue', () => {
  it('renders only a window of 10,000 rows, and scrolling shows later ones', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const subject = `T${String(i).padStart(5, '0')}`
      return deduction({
        deductionId: `service_error.transfer:2026-10-09:${subject}`,
        kpi: 'service_error.transfer',
        subject,
        amountFen: 20_000,
      })
    })
    stubMonth(many)
    renderAt('/deductions?month=2026-10')

    const table = await screen.findByTestId('deductions', {}, { timeout: 15_000 })
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    expect(screen.getByTestId('deductions-shown').textContent).toBe('列表中 10000 条')
    expect(screen.getByTestId('total-draft').textContent).toBe('10000 条，¥2,000,000.00')
    const firstWindow = screen.getAllByTestId('deduction-row')
    expect(firstWindow.length).toBeGreaterThan(10)
    expect(firstWindow.length).toBeLessThanOrEqual(40)
    expect(firstWindow[0]?.getAttribute('aria-rowindex')).toBe('2')
    expect(screen.getByText('T00000')).toBeTruthy()
    expect(screen.queryByText('T05000')).toBeNull()

    // Scroll to row 5,000 (40 px a row).
    const viewport = screen.getByRole('region', { name: /2026-10 的扣款/ })
    viewport.scrollTop = 5000 * 40
    fireEvent.scroll(viewport)

    await screen.findByText('T05000')
    const rows = screen.getAllByTestId('deduction-row')
    expect(rows.length).toBeLessThanOrEqual(40)
    expect(screen.queryByText('T00000')).toBeNull()
    // The window starts a margin above row 5,000; its rows say where they stand in the whole list.
    const first = Number(rows[0]?.getAttribute('aria-rowindex'))
    expect(first).toBeGreaterThan(4980)
    expect(first).toBeLessThanOrEqual(5002)
    // The spacer above stands for the rows not rendered, so the scroll bar is the whole list's.
    const spacer = table.querySelector('tr.spacer') as HTMLElement
    expect(spacer.style.height).toBe(`${(first - 2) * 40}px`)
    // The last rows are reachable too.
    viewport.scrollTop = 10_000 * 40
    fireEvent.scroll(viewport)
    await screen.findByText('T09999')
    expect(screen.getAllByTestId('deduction-row').length).toBeLessThanOrEqual(40)
  }, 30_000)

  it('opens on the previous month in Beijing time, and shows drafts first', async () => {
    // 00:30 on 1 November in Beijing is still 31 October in UTC: the default is October.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-31T16:30:00.000Z'))
    const fetch = stubMonth()
    renderAt('/deductions')
    await screen.findByTestId('deductions')
    expect(callsTo(fetch, 'GET', '/api/v1/deductions')[0]?.url.searchParams.get('month')).toBe('2026-10')
    expect(headerOf(callsTo(fetch, 'GET', '/api/v1/deductions')[0]?.init, 'authorization')).toBe(
      'Bearer token-of-reviewer',
    )
    expect((screen.getByLabelText('账单月份') as HTMLInputElement).value).toBe('2026-10')
    expect((screen.getByLabelText('状态') as HTMLSelectElement).value).toBe('draft')
    // Drafts only, by period: 10-08 transfer, then 10-09 answer_15s before publish_accuracy (contract order).
    expect(rowTexts()).toEqual([
      ['转办超时', '2026-10-08', 'CC-20260930-0001/transfer/1', '¥200.00', '待审核', ''],
      ['15秒应答及时率', '2026-10-09', '—', '¥200.00', '待审核', ''],
      ['信息发布准确率', '2026-10-09', '—', '¥6,600.00', '待审核', '申诉（乙方已申诉，待答复）'],
    ])
    // Totals: three drafts; decided ones at their final amounts, the superseded approval not twice.
    expect(screen.getByTestId('total-draft').textContent).toBe('3 条，¥7,000.00')
    expect(screen.getByTestId('total-decided').textContent).toBe('2 条，¥100.00')
  })

  it('rolls January back to December of the year before', () => {
    expect(previousMonthInBeijing(Date.parse('2026-01-01T00:10:00+08:00'))).toBe('2025-12')
    expect(previousMonthInBeijing(Date.parse('2026-03-31T23:59:00+08:00'))).toBe('2026-02')
  })

  it('filters by status and KPI, sorts by amount either way, and keeps all of it in the address', async () => {
    stubMonth()
    renderAt('/deductions?month=2026-10')
    await screen.findByTestId('deductions')

    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'all' } })
    await waitFor(() => expect(screen.getAllByTestId('deduction-row')).toHaveLength(6))
    const all = rowTexts()
    expect(all.map((cells) => cells[4])).toEqual(['已批准', '已调整', '已驳回', '待审核', '待审核', '待审核'])
    expect(all[0]?.[5]).toBe('已被取代')
    expect(all[1]?.[3]).toBe('¥200.00 → ¥100.00')
    expect(all[1]?.[5]).toBe('取代旧记录')

    fireEvent.change(screen.getByLabelText('排序'), { target: { value: 'amount' } })
    fireEvent.change(screen.getByLabelText('顺序'), { target: { value: 'desc' } })
    await waitFor(() => expect(rowTexts()[0]?.[0]).toBe('信息发布准确率'))
    expect(screen.getByText('2026-10 的扣款，按金额降序')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('考核指标'), { target: { value: 'answer_15s' } })
    await waitFor(() => expect(screen.getAllByTestId('deduction-row')).toHaveLength(2))
    expect(rowTexts().map((cells) => [cells[1], cells[4]])).toEqual([
      ['2026-10-03', '已驳回'],
      ['2026-10-09', '待审核'],
    ])
    // Totals follow the KPI, not the status.
    expect(screen.getByTestId('total-draft').textContent).toBe('1 条，¥200.00')
    expect(screen.getByTestId('total-decided').textContent).toBe('1 条，¥0.00')
    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({
        month: '2026-10',
        status: 'all',
        sort: 'amount',
        dir: 'desc',
        kpi: 'answer_15s',
      }),
    )
    // Each row opens the detail with the same queue.
    const [link] = screen.getAllByRole('link', { name: '15秒应答及时率' })
    expect(link?.getAttribute('href')).toMatch(
      /^\/deductions\/2026-10\/answer_15s%3A2026-10-0\d\?month=2026-10&kpi=answer_15s&status=all&sort=amount&dir=desc$/,
    )
  })

  it('says when nothing matches, and when the list cannot be loaded', async () => {
    stubMonth()
    renderAt('/deductions?month=2026-09')
    expect(await screen.findByText('2026-09 没有符合条件的扣款。')).toBeTruthy()
    cleanup()
    stubApi({
      'GET /api/v1/deductions': () =>
        json(403, { error: { code: 'forbidden', message: 'this route needs one of: agency_reviewer' } }),
    })
    renderAt('/deductions?month=2026-10')
    expect((await screen.findByRole('alert')).textContent).toBe(
      '无法加载扣款：this route needs one of: agency_reviewer',
    )
  })

  it('is in the navigation for every staff role', async () => {
    for (const signIn of [() => storeSession(), viewer, contractor]) {
      signIn()
      stubMonth()
      renderAt('/deductions?month=2026-10')
      expect(await screen.findByRole('link', { name: '扣款审核' })).toBeTruthy()
      cleanup()
    }
  })
})

describe('one deduction', () => {
  it('shows the evidence: value, target, points, rate, formula, figures, terms, revisions, audit, objection', async () => {
    stubMonth()
    renderAt(detailPath(publication))

    expect((await screen.findByTestId('formula')).textContent).toBe(publication.draft.formula.zh)
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('信息发布准确率 · 2026-10-09 待审核')
    expect(screen.getByTestId('evidence-value').textContent).toBe('66.67% (2/3)')
    expect(screen.getByTestId('evidence-target').textContent).toBe('≥ 100%')
    expect(screen.getByTestId('evidence-points').textContent).toBe('33.33，计 33 个（只计整点）')
    expect(screen.getByTestId('evidence-rate').textContent).toBe('每个百分点 ¥200.00')
    expect(screen.getByTestId('terms-version').textContent).toBe('jiyuan-2026@2026.1')
    expect(screen.getByTestId('drafted-amount').textContent).toBe('¥6,600.00')
    const figures = screen.getByTestId('evidence-figures')
    expect([...figures.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual([
      '发布条数',
      '准确',
      '不准确',
    ])
    expect([...figures.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual(['3', '2', '1'])
    expect(screen.getByText('相关记录（信息发布）')).toBeTruthy()
    // A publication has no page of its own: its id is listed, not linked.
    expect(within(screen.getByTestId('evidence-ids')).queryByRole('link')).toBeNull()
    expect(screen.getByTestId('evidence-ids').textContent).toBe('P2')
    const [revision] = screen.getAllByTestId('revision')
    expect([...(revision?.querySelectorAll('td') ?? [])].map((td) => td.textContent)).toEqual([
      '2026年10月12日 00:30',
      '¥4,000.00',
      '待审核',
      '旧的计算说明',
      'recomputed with new data',
      'daily-2026-10-09-b',
    ])
    expect(
      screen
        .getAllByTestId('audit-entry')
        .map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    ).toEqual([
      ['2026年10月11日 00:30', 'job:daily-2026-10-09', '起草', '金额：¥4,000.00'],
      [
        '2026年10月12日 00:30',
        'job:daily-2026-10-09-b',
        '按新数据重新计算',
        '理由：recomputed with new data',
      ],
      ['2026年10月12日 10:00', 'contractor', '乙方申诉', '申诉内容：第三条为转载上级通报，不应计为不准确。'],
    ])
    // The objection beside the draft, awaiting the decision that answers it.
    const objection = screen.getByTestId('objection')
    expect(within(objection).getByTestId('objection-text').textContent).toBe(publication.objection?.text)
    expect(within(objection).getByText('contractor 于 2026年10月12日 10:00 提出')).toBeTruthy()
    expect(within(objection).getByText('待审核决定答复')).toBeTruthy()
    expect(screen.getByText('乙方已申诉：您的决定和理由将作为对申诉的答复。')).toBeTruthy()
  })

  it('links a late ticket to its page, shows instants in Beijing time, and reads in English', async () => {
    stubMonth()
    renderAt(detailPath(transfer), 'en')
    expect((await screen.findByTestId('formula')).textContent).toBe(transfer.draft.formula.en)
    expect(screen.getByTestId('evidence-value').textContent).toBe('An event: no rate, each breach is charged')
    expect(screen.queryByTestId('evidence-target')).toBeNull()
    expect(screen.getByTestId('evidence-rate').textContent).toBe('¥200.00 each')
    const ticket = within(screen.getByTestId('evidence-ids')).getByRole('link', { name: 'CC-20260930-0001' })
    expect(ticket.getAttribute('href')).toBe('/tickets/CC-20260930-0001')
    const figures = screen.getByTestId('evidence-figures')
    expect(within(figures).getByText('Due').nextElementSibling?.textContent).toBe('Oct 9, 2026, 00:00')
    expect(within(figures).getByText('Minutes late').nextElementSibling?.textContent).toBe('1470')
    expect(within(figures).getByText('Done at').nextElementSibling?.textContent).toBe('—')
    expect(screen.getByText('Records behind it (tickets)')).toBeTruthy()
  })

  it('shows a decision, its reason and the supersession links', async () => {
    stubMonth()
    renderAt(detailPath(approvedSuccessor))
    const record = await screen.findByTestId('decision-record')
    expect([...record.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual([
      '已调整',
      '¥100.00',
      'reviewer',
      '2026年10月11日 00:30',
      '部分时段系统故障',
    ])
    expect(screen.getByTestId('final-amount').textContent).toBe('¥100.00')
    const link = within(screen.getByTestId('supersession')).getByRole('link', {
      name: 'connection:2026-10-02',
    })
    expect(link.getAttribute('href')).toBe('/deductions/2026-10/connection%3A2026-10-02?month=2026-10')
    // Decided: nothing to decide, no shortcuts to decide with.
    expect(screen.queryByRole('button', { name: /批准/ })).toBeNull()
    expect(screen.getByTestId('shortcut-legend').textContent).not.toContain('批准')
    fireEvent.click(link)
    expect(await screen.findByText('被取代为')).toBeTruthy()
    expect(within(screen.getByTestId('supersession')).getByRole('link').textContent).toBe(
      'connection:2026-10-02~2',
    )
  })
})

describe('decisions', () => {
  const decided = (
    d: Deduction,
    decision: 'approved' | 'rejected' | 'adjusted',
    amountFen: number,
    reason: string | null,
  ) =>
    deduction({
      ...d,
      status: decision,
      version: d.version + 1,
      finalAmountFen: amountFen,
      decision: { decision, by: 'reviewer', at: '2026-10-12T03:00:00.000Z', amountFen, reason },
      objection: d.objection
        ? { ...d.objection, answer: reason ?? decision, answeredAt: '2026-10-12T03:00:00.000Z' }
        : null,
    })

  it('approves at the version seen and shows the result at once', async () => {
    const fetch = stubMonth(month, {
      [`POST ${deductionPath('2026-10', publication.deductionId)}/decision`]: () =>
        json(200, decided(publication, 'approved', 660_000, null)),
    })
    renderAt(detailPath(publication))
    expect((await screen.findByTestId('decision-version')).textContent).toContain('第 3 版')

    fireEvent.click(screen.getByRole('button', { name: /^批准/ }))

    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已批准，扣款 ¥6,600.00。'),
    )
    const [post] = callsTo(fetch, 'POST', `${deductionPath('2026-10', publication.deductionId)}/decision`)
    expect(bodyOf(post?.init)).toEqual({ decision: 'approved', expectedVersion: 3 })
    expect(headerOf(post?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('已批准')
    expect(screen.getByTestId('objection-answer').textContent).toBe('答复：已批准（2026年10月12日 11:00）')
    expect(screen.queryByRole('button', { name: /^批准/ })).toBeNull()
  })

  it('explains a 409, with the server message, and reloads the latest version', async () => {
    let version = 3
    const path = deductionPath('2026-10', publication.deductionId)
    const fetch = stubMonth(month, {
      [`GET ${path}`]: () => json(200, { ...publication, version }),
      [`POST ${path}/decision`]: () => {
        version = 4
        return json(409, {
          error: {
            code: 'conflict',
            message: `deduction ${publication.deductionId} is at version 4, not 3: reload it`,
          },
        })
      },
    })
    renderAt(detailPath(publication))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: /^批准/ }))

    const problem = await screen.findByTestId('decision-error')
    expect(problem.getAttribute('role')).toBe('alert')
    expect(problem.textContent).toContain('提交未成功：这条扣款在您打开后已有变动')
    expect(problem.textContent).toContain(
      `服务器答复：deduction ${publication.deductionId} is at version 4, not 3: reload it`,
    )
    fireEvent.click(within(problem).getByRole('button', { name: '重新加载最新版本' }))

    await waitFor(() => expect(screen.getByTestId('decision-version').textContent).toContain('第 4 版'))
    expect(screen.queryByTestId('decision-error')).toBeNull()
    expect(callsTo(fetch, 'GET', path).length).toBeGreaterThanOrEqual(2)
  })

  it('validates an adjustment (yuan with at most two decimals, not the drafted amount, a reason) and sends fen', async () => {
    const path = `${deductionPath('2026-10', publication.deductionId)}/decision`
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(publication, 'adjusted', 200_050, '一条为转载')),
    })
    renderAt(detailPath(publication))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    const amount = screen.getByLabelText('新扣款金额（元）')
    await waitFor(() => expect(document.activeElement).toBe(amount))

    fireEvent.submit(screen.getByTestId('adjust-form'))
    expect(screen.getByText('请输入不小于 0 的金额，最多两位小数。')).toBeTruthy()
    expect(screen.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(amount.getAttribute('aria-invalid')).toBe('true')

    fireEvent.input(amount, { target: { value: '0.125' } })
    expect(screen.getByText('请输入不小于 0 的金额，最多两位小数。')).toBeTruthy()
    fireEvent.input(amount, { target: { value: '6600' } })
    expect(screen.getByText('新金额与起草金额相同：请直接批准。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    fireEvent.input(amount, { target: { value: '2,000.5' } })
    fireEvent.input(screen.getByLabelText('调整理由'), { target: { value: '  一条为转载 ' } })
    fireEvent.submit(screen.getByTestId('adjust-form'))

    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已调整，扣款 ¥2,000.50。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'adjusted',
      amountFen: 200_050,
      reason: '一条为转载',
      expectedVersion: 3,
    })
  })

  it('needs a reason to reject', async () => {
    const path = `${deductionPath('2026-10', 'answer_15s:2026-10-09')}/decision`
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(deduction(), 'rejected', 0, '当日系统故障')),
    })
    renderAt(detailPath(deduction()))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: /^驳回/ }))
    fireEvent.click(screen.getByRole('button', { name: '确认驳回' }))
    expect(screen.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    fireEvent.input(screen.getByLabelText('驳回理由'), { target: { value: '当日系统故障' } })
    fireEvent.click(screen.getByRole('button', { name: '确认驳回' }))
    await waitFor(() => expect(screen.getByTestId('decision-done').textContent).toBe('已驳回，不扣款。'))
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'rejected',
      reason: '当日系统故障',
      expectedVersion: 1,
    })
  })

  it('offers no decision to an agency viewer or the contractor', async () => {
    viewer()
    stubMonth()
    renderAt(detailPath(deduction()))
    await screen.findByTestId('formula')
    expect(screen.queryByRole('button', { name: /^批准/ })).toBeNull()
    expect(screen.getByText('只有甲方审核员可以作出决定。')).toBeTruthy()
    // Nor can they object: that is the contractor's.
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
  })
})

describe('keyboard shortcuts', () => {
  const queue = '?month=2026-10&sort=amount&dir=desc'
  const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k })

  it('walks the queue with j and k in the queue order, and says so at its ends', async () => {
    stubMonth()
    // Drafts by amount, descending: publication (¥6,600), then the two ¥200 ones by id.
    renderAt(detailPath(publication, queue))
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
    expect(screen.getByTestId('shortcut-legend').textContent).toContain('批准')

    key('j')
    await waitFor(() => expect(window.location.pathname).toBe('/deductions/2026-10/answer_15s%3A2026-10-09'))
    expect(window.location.search).toBe(queue)
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条'),
    )
    await waitFor(() => expect(document.activeElement?.id).toBe('deduction-title'))

    key('j')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 3 条，共 3 条'),
    )
    expect(screen.getByTestId('formula').textContent).toBe(transfer.draft.formula.zh)
    key('j')
    expect(await screen.findByText('已是队列最后一条。')).toBeTruthy()

    key('k')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条'),
    )
    key('K')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
  })

  it('approves with a; keeps its place so j goes on and k back; r opens the reason; nothing fires while typing', async () => {
    const path = `${deductionPath('2026-10', publication.deductionId)}/decision`
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () =>
        json(200, {
          ...publication,
          status: 'approved',
          version: 4,
          finalAmountFen: 660_000,
          decision: { decision: 'approved', by: 'reviewer', at: AT, amountFen: 660_000, reason: null },
        }),
    })
    renderAt(detailPath(publication, queue))
    await screen.findByTestId('decision-version')

    // r: the reject form, the focus in its reason, and no "r" typed into it.
    key('r')
    const reason = screen.getByLabelText('驳回理由') as HTMLTextAreaElement
    await waitFor(() => expect(document.activeElement).toBe(reason))
    expect(reason.value).toBe('')
    // Typing in it fires nothing: not a, not j.
    key('a', reason)
    key('j', reason)
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    expect(window.location.pathname).toBe(detailPath(publication))
    // Escape closes the form; with a modifier held, nothing happens either.
    fireEvent.keyDown(reason, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByLabelText('驳回理由')).toBeNull())
    fireEvent.keyDown(document.body, { key: 'a', ctrlKey: true })
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    key('a')
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已批准，扣款 ¥6,600.00。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'approved',
      expectedVersion: 3,
    })
    // Decided, it is no longer a draft, but keeps its place in the queue: j goes to the next one.
    expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条')
    key('a')
    expect(callsTo(fetch, 'POST', path)).toHaveLength(1)
    key('j')
    await waitFor(() => expect(screen.getByTestId('formula').textContent).toBe(deduction().draft.formula.zh))
    expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条')
    // And k goes back to it, decided, in the queue as the reviewer saw it.
    key('k')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('已批准')
  })
})

describe('objections', () => {
  const path = `${deductionPath('2026-10', 'answer_15s:2026-10-09')}/objection`

  it('lets the contractor object to a draft (5 to 4000 characters) and shows it filed', async () => {
    contractor()
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () =>
        json(200, {
          ...deduction(),
          version: 2,
          objection: {
            by: 'contractor',
            at: AT,
            text: '当日系统故障，已报备',
            answer: null,
            answeredAt: null,
          },
        }),
    })
    renderAt(detailPath(deduction()))
    const text = await screen.findByLabelText('申诉理由')
    expect(screen.queryByRole('button', { name: /^批准/ })).toBeNull()
    fireEvent.input(text, { target: { value: '故障 ' } })
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect(screen.getByText('请至少写 5 个字。')).toBeTruthy()
    expect(text.getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    fireEvent.input(text, { target: { value: '当日系统故障，已报备' } })
    expect(screen.getByText('已写 10 / 4000 字')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))

    expect((await screen.findByTestId('objection-text')).textContent).toBe('当日系统故障，已报备')
    expect(screen.getByText('申诉已提交，审核员将在决定时答复。')).toBeTruthy()
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({ text: '当日系统故障，已报备' })
    expect(headerOf(callsTo(fetch, 'POST', path)[0]?.init, 'authorization')).toBe(
      'Bearer token-of-contractor',
    )
    // Filed once: the form is gone.
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
  })

  it('shows the server’s words when the window has closed', async () => {
    contractor()
    stubMonth(month, {
      [`POST ${path}`]: () =>
        json(409, {
          error: {
            code: 'conflict',
            message:
              'the objection window closed at 2026-10-16T16:00:00.000Z (5 working days after drafting)',
            messageZh: '申诉期已过（截至2026-10-16 24:00）',
          },
        }),
    })
    renderAt(detailPath(deduction()))
    fireEvent.input(await screen.findByLabelText('申诉理由'), { target: { value: '信息来源为官方发布' } })
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect((await screen.findByTestId('objection-error')).textContent).toBe(
      '申诉未被接受：申诉期已过（截至2026-10-16 24:00）',
    )
    cleanup()

    stubMonth(month, {
      [`POST ${path}`]: () =>
        json(409, {
          error: { code: 'conflict', message: 'the objection window closed at 2026-10-16T16:00:00.000Z' },
        }),
    })
    renderAt(detailPath(deduction()), 'en')
    fireEvent.input(await screen.findByLabelText('Grounds of the objection'), {
      target: { value: 'The figures come from the official release' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'File the objection' }))
    expect((await screen.findByTestId('objection-error')).textContent).toBe(
      'The objection was not accepted: the objection window closed at 2026-10-16T16:00:00.000Z',
    )
  })

  it('offers no form on a decided deduction', async () => {
    contractor()
    stubMonth()
    renderAt(detailPath(rejected))
    await screen.findByTestId('decision-record')
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
    expect(screen.getByText('只能对待审核的扣款提出申诉。')).toBeTruthy()
  })
})

describe('amounts typed in yuan', () => {
  it.each([
    ['2000', 200_000],
    ['150.5', 15_050],
    ['150.50', 15_050],
    ['¥2,000.00', 200_000],
    ['2000元', 200_000],
    ['0', 0],
    ['0.125', null],
    ['-1', null],
    ['1e3', null],
    ['', null],
  ])('%s → %s fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })
})
