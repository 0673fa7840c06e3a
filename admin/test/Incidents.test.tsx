/**
 * The incidents page: a month's incidents (type by its KPI's name, Beijing time, verified or not,
 * who recorded it by name, what it costs as it stands — its deduction's state, or what verifying
 * leads to — and its audit trail); recording one (a contractor's is always unverified, a reviewer
 * may record it verified; bad fields named, nothing sent); verifying and unverifying with a reason
 * (agency reviewers only), the audit entry shown afterwards.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { Deduction } from '../src/api/deductions'
import type { StoredIncident } from '../src/api/records'
import { deduction as draftOf } from './deductions-fixtures'
import {
  callsTo,
  headerOf,
  json,
  renderAt,
  setUpPageTests,
  signInAs,
  stubApi,
  stubPage,
  TERMS,
} from './helpers'

const incident = (id: string, overrides: Partial<StoredIncident> = {}): StoredIncident => ({
  kind: 'incident',
  incidentId: id,
  type: 'complaint',
  at: '2026-10-12T02:00:00.000Z',
  verified: false,
  description: '市民投诉坐席服务态度差',
  source: 'api',
  ingestedBy: 'contractor',
  ingestedAt: '2026-10-12T02:05:00.000Z',
  audit: [{ at: '2026-10-12T02:05:00.000Z', by: 'contractor', action: 'create', detail: { source: 'api' } }],
  ...overrides,
})

const complaint = incident('TS-20261012-01')
const leak = incident('INC-LEAK-7', {
  type: 'confidentiality',
  at: '2026-10-03T12:30:00.000Z',
  verified: true,
  description: undefined,
  ingestedBy: 'reviewer',
  audit: [{ at: '2026-10-04T01:00:00.000Z', by: 'reviewer', action: 'create', detail: { source: 'api' } }],
})

/** A deduction drafted for an incident (kpi, local date and incident id make its id). */
export const deduction = (
  kpi: 'complaint' | 'confidentiality',
  period: string,
  subject: string,
  overrides: Partial<Deduction> = {},
): Deduction =>
  draftOf({
    deductionId: `${kpi}:${period}:${subject}`,
    billingMonth: period.slice(0, 7),
    kpi,
    period,
    subject,
    draft: {
      amountFen: 50_000,
      clause: '§4.2',
      termsVersion: 'jiyuan-2026@2026.1',
      basis: { value: null, target: null, rate: { flatFen: 50_000 } },
      evidence: { ids: [subject], figures: { type: kpi } },
      formula: { zh: `${period} 投诉，扣除500元`, en: `${period} complaint: deduct ¥500.00` },
    },
    amountFen: 50_000,
    draftedAt: '2026-11-01T01:00:00.000Z',
    updatedAt: '2026-11-01T01:00:00.000Z',
    audit: [],
    ...overrides,
  })

function stubIncidents(
  list: StoredIncident[] = [complaint, leak],
  extra: Parameters<typeof stubApi>[0] = {},
  deductions: Deduction[] = [],
) {
  return stubPage({
    'GET /api/v1/deductions': (url) =>
      json(200, { deductions: url.searchParams.get('month') === '2026-10' ? deductions : [] }),
    'GET /api/v1/incidents': (url) =>
      json(200, {
        partition: `INCIDENT#${url.searchParams.get('month')}`,
        records: url.searchParams.get('month') === '2026-10' ? list : [],
        cursor: null,
      }),
    'GET /api/v1/terms': () => json(200, TERMS),
    ...extra,
  })
}

const rows = () =>
  screen
    .getAllByTestId('incident-row')
    .map((row) =>
      [...row.querySelectorAll(':scope > th, :scope > td')].slice(0, 7).map((cell) => cell.textContent),
    )

setUpPageTests({
  pages: [() => import('../src/pages/IncidentsPage')],
  signedIn: false,
  now: '2026-10-15T02:00:00.000Z',
})

describe('the incidents of a month', () => {
  it('lists them by time: type in Chinese, Beijing time, status, who, the charge and the audit trail', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents()
    renderAt('/incidents?month=2026-10')

    await screen.findByTestId('incidents')
    await waitFor(() => expect(rows()[0]?.[6]).not.toBe(''))
    // People's names arrive with the people list, after the rows.
    await waitFor(() => expect(rows()[1]?.[5]).toBe('乙方坐席班长（演示）'))
    expect(rows()).toEqual([
      [
        'INC-LEAK-7',
        '保密',
        '2026年10月3日 20:30',
        '',
        '已查实',
        '甲方审核员（演示）',
        '月度任务将起草扣款 ¥1,000.00',
      ],
      [
        'TS-20261012-01',
        '投诉',
        '2026年10月12日 10:00',
        '市民投诉坐席服务态度差',
        '未查实',
        '乙方坐席班长（演示）',
        '查实后扣 ¥500.00',
      ],
    ])
    expect(screen.getByText('2026年10月的事件，按发生时间排列')).toBeTruthy()
    const audit = within(screen.getAllByTestId('incident-audit')[1] as HTMLElement).getAllByTestId(
      'audit-entry',
    )
    expect(audit.map((li) => li.textContent)).toEqual([
      '2026年10月12日 10:05 乙方坐席班长（演示） 创建（页面或接口录入）',
    ])
    // Each incident opens its own page, keeping the month.
    expect(screen.getByRole('link', { name: 'INC-LEAK-7' }).getAttribute('href')).toBe(
      '/records/incidents/2026-10/INC-LEAK-7?month=2026-10',
    )

    const [call] = callsTo(fetch, 'GET', '/api/v1/incidents')
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({ month: '2026-10', limit: '1000' })
    expect(headerOf(call?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    // The reviewer may verify and record; the note says what verifying leads to.
    expect(screen.getByRole('button', { name: '查实 TS-20261012-01' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '撤销查实 INC-LEAK-7' })).toBeTruthy()
    expect(screen.getByText(/每个已查实的事件在月度考核任务/)).toBeTruthy()
    expect(screen.getByLabelText('已查实（一经查实即计入考核）')).toBeTruthy()
  })

  it('says so when the month has none, and follows the month picker', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents()
    renderAt('/incidents?month=2026-09')
    expect(await screen.findByText('2026年9月没有事件记录。')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('考核月份'), { target: { value: '2026-10' } })

    await screen.findByTestId('incidents')
    await waitFor(() => expect(window.location.search).toBe('?month=2026-10'))
    expect(callsTo(fetch, 'GET', '/api/v1/incidents').map((c) => c.url.searchParams.get('month'))).toEqual([
      '2026-09',
      '2026-10',
    ])
  })

  it('shows an agency viewer the list without the form or the verify buttons', async () => {
    signInAs('viewer')
    stubIncidents()
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')
    expect(screen.queryByRole('button', { name: /查实/ })).toBeNull()
    expect(screen.queryByTestId('incident-form')).toBeNull()
    expect(screen.queryByText('操作')).toBeNull()
  })
})

describe('recording an incident', () => {
  it("records a contractor's report as unverified, says so, and shows it in its month", async () => {
    signInAs('contractor')
    let stored: StoredIncident[] = []
    const fetch = stubApi({
      'GET /api/v1/incidents': (url) =>
        json(200, { records: url.searchParams.get('month') === '2026-09' ? stored : [], cursor: null }),
      'GET /api/v1/terms': () => json(200, TERMS),
      'POST /api/v1/incidents': () => {
        stored = [
          incident('JB-0930', {
            type: 'inspection',
            at: '2026-09-30T01:15:00.000Z',
            description: '市级暗访通报：接听不规范',
          }),
        ]
        return json(200, { received: 1, created: 1, duplicates: 0, updated: 0 })
      },
    })
    renderAt('/incidents?month=2026-10')
    await screen.findByText('2026年10月没有事件记录。')

    // No verify buttons and no "verified" box for the contractor: the form says why.
    expect(screen.queryByRole('button', { name: /查实/ })).toBeNull()
    expect(screen.queryByLabelText('已查实（一经查实即计入考核）')).toBeNull()
    expect(screen.getByTestId('contractor-unverified-note').textContent).toBe(
      '乙方报告的事件一律记为“未查实”，由甲方审核员查实后才计入考核。',
    )

    fireEvent.input(screen.getByLabelText('事件编号'), { target: { value: 'JB-0930' } })
    fireEvent.change(screen.getByLabelText('类型'), { target: { value: 'inspection' } })
    fireEvent.input(screen.getByLabelText('发生时间（北京时间）'), { target: { value: '2026-09-30T09:15' } })
    fireEvent.input(screen.getByLabelText('描述（可选）'), { target: { value: '市级暗访通报：接听不规范' } })
    fireEvent.click(screen.getByRole('button', { name: '记录事件' }))

    await waitFor(() => expect(callsTo(fetch, 'POST', '/api/v1/incidents')).toHaveLength(1))
    const [post] = callsTo(fetch, 'POST', '/api/v1/incidents')
    expect(JSON.parse(String(post?.init?.body))).toEqual({
      incidentId: 'JB-0930',
      type: 'inspection',
      at: '2026-09-30T09:15:00+08:00',
      verified: false,
      description: '市级暗访通报：接听不规范',
    })
    expect(headerOf(post?.init, 'authorization')).toBe('Bearer token-of-contractor')
    // The page moves to the incident's month and shows it.
    await waitFor(() => expect(window.location.search).toBe('?month=2026-09'))
    await screen.findByTestId('incidents')
    expect(rows()[0]?.slice(0, 5)).toEqual([
      'JB-0930',
      '上级检查或暗访通报',
      '2026年9月30日 09:15',
      '市级暗访通报：接听不规范',
      '未查实',
    ])
    expect(screen.getByTestId('incidents-announcement').textContent).toBe('事件 JB-0930 已记录。')
  })

  it('lets a reviewer record a verified incident', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents([], {
      'POST /api/v1/incidents': () => json(200, { received: 1, created: 1, duplicates: 0, updated: 0 }),
    })
    renderAt('/incidents?month=2026-10')
    await screen.findByText('2026年10月没有事件记录。')
    fireEvent.input(screen.getByLabelText('事件编号'), { target: { value: 'TS-77' } })
    fireEvent.input(screen.getByLabelText('发生时间（北京时间）'), { target: { value: '2026-10-14T16:00' } })
    fireEvent.click(screen.getByLabelText('已查实（一经查实即计入考核）'))
    fireEvent.click(screen.getByRole('button', { name: '记录事件' }))

    await waitFor(() => expect(callsTo(fetch, 'POST', '/api/v1/incidents')).toHaveLength(1))
    expect(JSON.parse(String(callsTo(fetch, 'POST', '/api/v1/incidents')[0]?.init?.body))).toEqual({
      incidentId: 'TS-77',
      type: 'complaint',
      at: '2026-10-14T16:00:00+08:00',
      verified: true,
    })
  })

  it('names the bad fields and sends nothing', async () => {
    signInAs('contractor')
    const fetch = stubIncidents([])
    renderAt('/incidents?month=2026-10')
    await screen.findByText('2026年10月没有事件记录。')

    fireEvent.input(screen.getByLabelText('事件编号'), { target: { value: 'TS 12' } })
    fireEvent.input(screen.getByLabelText('发生时间（北京时间）'), { target: { value: '' } })
    fireEvent.click(screen.getByRole('button', { name: '记录事件' }))

    const summary = await screen.findByTestId('error-summary')
    expect(summary.getAttribute('role')).toBe('alert')
    expect(summary.textContent).toContain('事件编号：不能有空格或 #')
    expect(summary.textContent).toContain('发生时间（北京时间）：请选择有效的日期和时间')
    const id = screen.getByLabelText('事件编号')
    expect(id.getAttribute('aria-invalid')).toBe('true')
    expect(
      document.getElementById(id.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '')?.textContent,
    ).toBe('不能有空格或 #')
    expect(callsTo(fetch, 'POST', '/api/v1/incidents')).toHaveLength(0)
  })

  it('says when the incident id was recorded before', async () => {
    signInAs('contractor')
    stubIncidents([complaint], {
      'POST /api/v1/incidents': () => json(200, { received: 1, created: 0, duplicates: 1, updated: 0 }),
    })
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')
    fireEvent.input(screen.getByLabelText('事件编号'), { target: { value: 'TS-20261012-01' } })
    fireEvent.input(screen.getByLabelText('发生时间（北京时间）'), { target: { value: '2026-10-12T10:00' } })
    fireEvent.click(screen.getByRole('button', { name: '记录事件' }))
    await waitFor(() =>
      expect(screen.getByTestId('incidents-announcement').textContent).toBe(
        '事件编号 TS-20261012-01 已存在：事件只登记一次，没有任何更改。',
      ),
    )
  })
})

describe('verifying an incident', () => {
  it('asks why, sends the reason, and shows the audit entry', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents([complaint], {
      'POST /api/v1/incidents/2026-10/TS-20261012-01/verify': () =>
        json(200, {
          ...complaint,
          pk: 'INCIDENT#2026-10',
          sk: 'TS-20261012-01',
          verified: true,
          audit: [
            ...complaint.audit,
            {
              at: '2026-10-15T02:00:00.000Z',
              by: 'reviewer',
              action: 'set verified',
              detail: { before: false, after: true, reason: '调取录音，属实' },
            },
          ],
        }),
    })
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')

    fireEvent.click(screen.getByRole('button', { name: '查实 TS-20261012-01' }))
    const reason = screen.getByLabelText('原因（必填，至少 2 个字）')
    await waitFor(() => expect(document.activeElement).toBe(reason))
    // Too short: said so, nothing sent.
    fireEvent.input(reason, { target: { value: '是' } })
    fireEvent.click(screen.getByRole('button', { name: '确认查实' }))
    expect((await screen.findByRole('alert')).textContent).toBe('请说明原因（至少 2 个字）。')
    expect(callsTo(fetch, 'POST', '/api/v1/incidents/2026-10/TS-20261012-01/verify')).toHaveLength(0)

    fireEvent.input(reason, { target: { value: '调取录音，属实' } })
    fireEvent.click(screen.getByRole('button', { name: '确认查实' }))

    await waitFor(() => expect(screen.getByTestId('incident-verified').textContent).toBe('已查实'))
    const [post] = callsTo(fetch, 'POST', '/api/v1/incidents/2026-10/TS-20261012-01/verify')
    expect(JSON.parse(String(post?.init?.body))).toEqual({ verified: true, reason: '调取录音，属实' })
    expect(screen.getAllByTestId('audit-entry').map((li) => li.textContent)).toEqual([
      '2026年10月12日 10:05 乙方坐席班长（演示） 创建（页面或接口录入）',
      '2026年10月15日 10:00 甲方审核员（演示） 查实状态：未查实 → 已查实，原因：调取录音，属实',
    ])
    expect(screen.getByTestId('incidents-announcement').textContent).toBe(
      '事件 TS-20261012-01 已标记为已查实，已记入审计记录。月度考核任务运行时将为其起草扣款。',
    )
    expect(rows()[0]?.[6]).toBe('月度任务将起草扣款 ¥500.00')
    expect(screen.getByRole('button', { name: '撤销查实 TS-20261012-01' })).toBeTruthy()
    // The row was redrawn: focus moves to what the page says happened.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('incidents-announcement')))
  })

  it('shows a conflict and reloads what is stored', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents([complaint], {
      'POST /api/v1/incidents/2026-10/TS-20261012-01/verify': () =>
        json(409, {
          error: {
            code: 'conflict',
            message: 'the record changed meanwhile or does not exist: verified is no longer false',
          },
        }),
    })
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')
    fireEvent.click(screen.getByRole('button', { name: '查实 TS-20261012-01' }))
    fireEvent.input(screen.getByLabelText('原因（必填，至少 2 个字）'), { target: { value: '核实属实' } })
    fireEvent.click(screen.getByRole('button', { name: '确认查实' }))
    expect((await screen.findByRole('alert')).textContent).toBe('这条记录已被他人修改，请刷新后再试。')
    await waitFor(() => expect(callsTo(fetch, 'GET', '/api/v1/incidents')).toHaveLength(2))
  })

  it('reads in English', async () => {
    signInAs('reviewer')
    stubIncidents()
    renderAt('/incidents?month=2026-10', 'en')
    await screen.findByTestId('incidents')
    await waitFor(() => expect(rows()[1]?.[5]).toBe('乙方坐席班长（演示）'))
    expect(rows()[1]).toEqual([
      'TS-20261012-01',
      'complaint',
      'Oct 12, 2026, 10:00',
      '市民投诉坐席服务态度差',
      'Unverified',
      '乙方坐席班长（演示）',
      '¥500.00 once verified',
    ])
    expect(screen.getByRole('button', { name: 'Verify TS-20261012-01' })).toBeTruthy()
  })
})

describe('what an incident costs, as it stands', () => {
  it('shows a rejected complaint as 不予扣款, not as a deduction to come, linked to its deduction', async () => {
    signInAs('reviewer')
    const rejected = incident('TS-1009', { at: '2026-10-09T02:00:00.000Z', verified: true })
    stubIncidents([rejected, leak], {}, [
      deduction('complaint', '2026-10-09', 'TS-1009', { status: 'rejected', finalAmountFen: 0 }),
      deduction('confidentiality', '2026-10-03', 'INC-LEAK-7', {
        status: 'approved',
        amountFen: 100_000,
        finalAmountFen: 100_000,
      }),
    ])
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')
    await waitFor(() => expect(rows()[1]?.[6]).toBe('不予扣款'))
    expect(rows()[0]?.[6]).toBe('已扣款 ¥1,000.00')
    expect(document.body.textContent).not.toContain('月度任务将起草扣款')
    expect(screen.getByRole('link', { name: '不予扣款' }).getAttribute('href')).toBe(
      '/deductions/2026-10/complaint%3A2026-10-09%3ATS-1009?month=2026-10',
    )
  })

  it('follows the latest revision, and says a draft is still to be reviewed', async () => {
    signInAs('viewer')
    const verified = incident('TS-1009', { at: '2026-10-09T02:00:00.000Z', verified: true })
    stubIncidents([verified], {}, [
      deduction('complaint', '2026-10-09', 'TS-1009', { status: 'approved', finalAmountFen: 50_000 }),
      deduction('complaint', '2026-10-09', 'TS-1009', {
        deductionId: 'complaint:2026-10-09:TS-1009~1',
        status: 'draft',
      }),
    ])
    renderAt('/incidents?month=2026-10')
    await screen.findByTestId('incidents')
    await waitFor(() => expect(rows()[0]?.[6]).toBe('扣款待审核 ¥500.00'))
  })

  it('opens on the app’s month when the address has none', async () => {
    signInAs('reviewer')
    const fetch = stubIncidents()
    renderAt('/incidents')
    await screen.findByTestId('incidents')
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('month')).toBe('2026-10'))
    expect(callsTo(fetch, 'GET', '/api/v1/incidents')[0]?.url.searchParams.get('month')).toBe('2026-10')
  })
})
