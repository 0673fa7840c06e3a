/**
 * The record pages the evidence opens: a call (Beijing times, the wait in seconds, its outcome in
 * words as the KPI counts it), a publication, an incident with the deductions citing it and their
 * state, a weekly check (its week in words, its type by the KPI's name), a member of staff (on the
 * books or not, joins and leaves, training). Each names people, keeps the month on its back link,
 * and says plainly when there is no such record.
 */
import { screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { CallLookup } from '../src/api/records'
import { json, renderAt, setUpPageTests, stubPage, TERMS } from './helpers'
import { publication, staffEvent, stored, trainingRecord } from './records-fixtures'

const meta = (by = 'contractor') => stored(by, '2026-10-10T01:00:00.000Z', 'import')

const call = (derived: Partial<CallLookup['derived']> = {}): CallLookup => ({
  record: {
    kind: 'call',
    callId: 'C-0042',
    enqueuedAt: '2026-10-09T01:00:00.000Z',
    answeredAt: '2026-10-09T01:00:42.000Z',
    endedAt: '2026-10-09T01:03:00.000Z',
    agentId: 'A-001',
    ...meta('job:daily:2026-10-09:2026-10-10T01:00:00.000Z'),
  },
  derived: { outcome: 'answeredLate', waitSeconds: 42, talkSeconds: 138, thresholdSeconds: 15, ...derived },
})

const facts = () =>
  Object.fromEntries(
    [...(screen.getAllByTestId('record-facts')[0]?.querySelectorAll('dt') ?? [])].map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]),
  )
const back = () => screen.getByTestId('record-back')

setUpPageTests({
  pages: [() => import('../src/pages/records/CallPage'), () => import('../src/pages/records/IncidentPage')],
})

describe('a call', () => {
  it('reads in Beijing time, with the wait in seconds and the outcome in words', async () => {
    const fetch = stubPage({
      'GET /api/v1/records/calls/2026-10-09/C-0042': () => json(200, call()),
    })
    renderAt('/records/calls/2026-10-09/C-0042')
    expect((await screen.findByTestId('call-outcome')).textContent).toBe('超过 15 秒应答（等待 42 秒）')
    expect(facts()).toMatchObject({
      进入人工队列: '2026年10月9日 09:00',
      应答时间: '2026年10月9日 09:00:42',
      结束时间: '2026年10月9日 09:03',
      等待: '42 秒',
      通话时长: '138 秒',
      坐席工号: 'A-001',
    })
    expect(screen.getByTestId('call-counts').textContent).toBe(
      '计入2026年10月9日的接通率（已接通）和15秒应答及时率（不及时）。',
    )
    await waitFor(() => expect(screen.getByText('系统（每日任务）', { selector: 'dd' })).toBeTruthy())
    expect(back().textContent).toBe('返回 KPI 看板')
    expect(back().getAttribute('href')).toBe('/dashboard?month=2026-10')
    expect(fetch).toHaveBeenCalled()
  })

  it.each([
    [{ outcome: 'answeredWithin', waitSeconds: 12 }, '15 秒内应答'],
    [{ outcome: 'abandoned', waitSeconds: 30, talkSeconds: null }, '放弃（等待 30 秒）'],
    [{ outcome: 'ivrOnly', waitSeconds: null, talkSeconds: null }, '仅语音导航'],
  ] as const)('says %o as “%s”', async (derived, words) => {
    stubPage({
      'GET /api/v1/records/calls/2026-10-09/C-0042': () => json(200, call(derived)),
    })
    renderAt('/records/calls/2026-10-09/C-0042?month=2026-10')
    expect((await screen.findByTestId('call-outcome')).textContent).toBe(words)
  })

  it('says plainly when there is no such call', async () => {
    stubPage({
      'GET /api/v1/records/calls/2026-10-09/C-404': () =>
        json(404, { error: { code: 'not_found', message: 'no call C-404 on 2026-10-09' } }),
    })
    renderAt('/records/calls/2026-10-09/C-404')
    expect((await screen.findByRole('alert')).textContent).toBe('2026年10月9日没有话务记录 C-404。')
  })
})

describe('a publication', () => {
  it('shows its accuracy and leads to the day’s publications, keeping the month', async () => {
    stubPage({
      'GET /api/v1/records/publications/2026-10-09/P-3': () =>
        json(200, {
          record: publication('P-3', '2026-10-09T02:00:00.000Z', 'website', {
            accurate: false,
            title: '停水通知',
            ...meta(),
          }),
        }),
    })
    renderAt('/records/publications/2026-10-09/P-3')
    expect((await screen.findByTestId('publication-accuracy')).textContent).toBe('不准确')
    expect(facts()).toMatchObject({ 发布时间: '2026年10月9日 10:00', 渠道: '网站', 标题: '停水通知' })
    const day = screen.getByRole('link', { name: '2026年10月9日的全部信息发布' })
    expect(day.getAttribute('href')).toBe('/compliance?tab=publications&day=2026-10-09&month=2026-10')
    expect(back().textContent).toBe('返回当日信息发布')
  })
})

describe('an incident', () => {
  it('shows the deductions citing it with their state, a rejected one as 不予扣款', async () => {
    stubPage({
      'GET /api/v1/terms': () => json(200, TERMS),
      'GET /api/v1/records/incidents/2026-10/TS-1009': () =>
        json(200, {
          record: {
            kind: 'incident',
            incidentId: 'TS-1009',
            type: 'confidentiality',
            at: '2026-10-09T02:00:00.000Z',
            verified: true,
            ...meta('reviewer'),
          },
          deductions: [
            {
              billingMonth: '2026-10',
              deductionId: 'confidentiality:2026-10-09:TS-1009',
              status: 'rejected',
              amountFen: 100_000,
              finalAmountFen: 0,
            },
          ],
        }),
    })
    renderAt('/records/incidents/2026-10/TS-1009')
    expect((await screen.findByTestId('incident-verified')).textContent).toBe('已查实')
    expect(facts()).toMatchObject({ 类型: '保密', 发生时间: '2026年10月9日 10:00', 扣款: '不予扣款' })
    const rows = within(screen.getByTestId('incident-deductions')).getAllByTestId('incident-deduction')
    expect([...(rows[0]?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent)).toEqual([
      '2026年10月',
      '不予扣款',
      '¥0.00',
    ])
    expect(document.body.textContent).not.toContain('月度任务将起草扣款')
    expect(back().getAttribute('href')).toBe('/incidents?month=2026-10')
    await waitFor(() => expect(screen.getByText('甲方审核员（演示）', { selector: 'dd' })).toBeTruthy())
  })
})

describe('a weekly check', () => {
  it('names its week and its type by the KPI, and links the other check under the same id', async () => {
    const cleaning = {
      kind: 'facility_check',
      type: 'cleaning',
      at: '2026-10-08T02:00:00.000Z',
      checkId: 'W41',
      by: '张敏',
      notes: '大厅已清洁',
      ...meta(),
    }
    stubPage({
      'GET /api/v1/records/checks/2026-W41/W41': (url) => {
        expect(url.searchParams.get('type')).toBe('cleaning')
        return json(200, { record: cleaning, others: [{ ...cleaning, type: 'safety', notes: undefined }] })
      },
    })
    renderAt('/records/checks/2026-W41/W41?type=cleaning')
    expect((await screen.findByTestId('check-type')).textContent).toBe('卫生保洁检查')
    expect(facts()).toMatchObject({
      周次: '2026 年第 41 周（10月5日–10月11日）',
      检查时间: '2026年10月8日 10:00',
      检查编号: 'W41',
      检查人: '张敏',
      备注: '大厅已清洁',
    })
    expect(screen.getByRole('link', { name: '安全检查' }).getAttribute('href')).toBe(
      '/records/checks/2026-W41/W41?type=safety&month=2026-10',
    )
    expect(back().getAttribute('href')).toBe('/compliance?tab=checks&month=2026-10')
  })
})

describe('a member of staff', () => {
  it('says whether they are on the books, with their joins, leaves and training', async () => {
    stubPage({
      'GET /api/v1/records/staff/A-002': () =>
        json(200, {
          staffId: 'A-002',
          name: '李强',
          events: [
            staffEvent('A-002', 'left', '2026-10-20T02:00:00.000Z', meta()),
            staffEvent('A-002', 'joined', '2026-03-01T01:00:00.000Z', { name: '李强', ...meta() }),
          ],
          training: [trainingRecord('A-002', '2026-10-10T06:00:00.000Z', { hours: 4, ...meta() })],
        }),
    })
    renderAt('/records/staff/A-002?month=2026-10')
    expect((await screen.findByTestId('staff-now')).textContent).toBe('不在岗')
    expect(facts()).toMatchObject({ 工号: 'A-002', 姓名: '李强' })
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('staff-event')
          .map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)),
      ).toEqual([
        ['2026年3月1日 09:00', '入职', '前台坐席', '乙方坐席班长（演示）'],
        ['2026年10月20日 10:00', '离职', '前台坐席', '乙方坐席班长（演示）'],
      ]),
    )
    expect(
      [...screen.getByTestId('staff-training-row').querySelectorAll('td')].map((c) => c.textContent),
    ).toEqual(['2026年10月10日 14:00', '在职培训', '4 小时'])
    expect(back().getAttribute('href')).toBe('/compliance?tab=staff&month=2026-10')
  })
})
