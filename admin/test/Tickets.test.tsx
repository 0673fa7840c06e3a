/**
 * The tickets pages: "about to breach" (due times in Beijing time, a deadline at local midnight
 * read as 24:00 of the day before, overdue marked, paging with the cursor, the status filter, the
 * default of now + 24 h) and one ticket's detail (running clocks, history, rating, and revealing
 * the phone number only for the roles allowed, with a reason).
 */
import type { Ticket } from '@hotline/domain'
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
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

const ticket = (id: string, overrides: Partial<Ticket> = {}): Ticket => ({
  ticketId: id,
  trackingCode: null,
  channel: 'phone',
  category: null,
  content: null,
  name: null,
  location: null,
  phoneMasked: null,
  openid: null,
  status: 'received',
  receivedAt: '2026-09-30T08:00:00.000Z',
  needsTransfer: true,
  needsCallback: false,
  emergency: false,
  events: [{ type: 'received', at: '2026-09-30T08:00:00.000Z', by: 'import' }],
  messages: [],
  survey: null,
  rating: null,
  clocks: [
    {
      kind: 'transfer',
      subject: id,
      startedAt: '2026-09-30T08:00:00.000Z',
      due: '2026-10-08T16:00:00.000Z',
      provisional: false,
    },
  ],
  nextDue: '2026-10-08T16:00:00.000Z',
  version: 1,
  updatedAt: '2026-09-30T08:00:00.000Z',
  ...overrides,
})

/** Due 10-07 24:00 (Beijing), a returned web ticket: overdue on the morning of 10-08. */
const returned = ticket('JY20260929-000007', {
  channel: 'web',
  status: 'returned',
  clocks: [
    {
      kind: 'return',
      subject: 'JY20260929-000007/return/1',
      startedAt: '2026-09-29T02:00:00.000Z',
      due: '2026-10-07T16:00:00.000Z',
      provisional: false,
    },
  ],
  nextDue: '2026-10-07T16:00:00.000Z',
})
/** Due 10-08 17:30 (Beijing), a callback on a provisional calendar. */
const replied = ticket('CC-20261006-0042', {
  channel: 'sms',
  status: 'replied',
  clocks: [
    {
      kind: 'callback',
      subject: 'CC-20261006-0042/callback/1',
      startedAt: '2026-10-06T09:30:00.000Z',
      due: '2026-10-08T09:30:00.000Z',
      provisional: true,
    },
  ],
  nextDue: '2026-10-08T09:30:00.000Z',
})
/** Received 09-30 16:00 needing transfer: due 10-08 24:00, the National Day holiday not counted. */
const received = ticket('CC-20260930-0001')
const secondPage = [ticket('CC-20260930-0002', { channel: 'wechat' })]

/** Two pages due by 2026-10-09 00:00 (the cursor `page-2` leads to the second), nothing before 10-01. */
function stubTickets(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/v1/tickets': (url) => {
      const before = Date.parse(url.searchParams.get('dueBefore') ?? '')
      if (before < Date.parse('2026-10-01T00:00:00+08:00')) return json(200, { tickets: [], cursor: null })
      const status = url.searchParams.get('status')
      if (status) {
        return json(200, {
          tickets: [returned, replied, received].filter((t) => t.status === status),
          cursor: null,
        })
      }
      return url.searchParams.get('cursor') === 'page-2'
        ? json(200, { tickets: secondPage, cursor: null })
        : json(200, { tickets: [returned, replied, received], cursor: 'page-2' })
    },
    ...extra,
  })
}

const rows = (testId = 'ticket-row') =>
  screen
    .getAllByTestId(testId)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))

setUpPageTests()

describe('tickets about to breach', () => {
  it('lists them soonest first, due in Beijing time with 24:00 for local midnight, overdue marked', async () => {
    // 10:00 on 8 October in Beijing: the return due at 10-07 24:00 is overdue, the others are not.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-08T02:00:00.000Z'))
    const fetch = stubTickets()
    renderAt('/tickets?before=2026-10-09T00:00')

    await screen.findByTestId('tickets')
    expect(rows()).toEqual([
      ['JY20260929-000007', '部门回退', '网上诉求', '回退处理时限', '10月7日 24:00 已超时'],
      ['CC-20261006-0042', '部门已答复', '短信', '回访时限', '10月8日 17:30 暂定'],
      ['CC-20260930-0001', '已受理', '电话', '转办时限', '10月8日 24:00'],
    ])
    const [overdue, provisional, onTime] = screen.getAllByTestId('ticket-row')
    expect(overdue?.classList.contains('overdue')).toBe(true)
    expect(provisional?.classList.contains('overdue')).toBe(false)
    expect(onTime?.querySelector('time')?.getAttribute('datetime')).toBe('2026-10-08T16:00:00.000Z')
    expect(onTime?.querySelector('time')?.getAttribute('title')).toBe('2026年10月8日 24:00')
    expect(screen.getByText('2026年10月8日 24:00 之前到期的工单，最早到期的在前')).toBeTruthy()
    // The picker at midnight says which end of the day it means.
    const picker = screen.getByLabelText('到期不晚于（北京时间）') as HTMLInputElement
    expect(picker.value).toBe('2026-10-09T00:00')
    expect(screen.getByText('即 10月8日 24:00 之前')).toBeTruthy()

    const [call] = callsTo(fetch, 'GET', '/api/v1/tickets')
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({
      dueBefore: '2026-10-09T00:00:00+08:00',
      limit: '20',
    })
    expect(headerOf(call?.init, 'authorization')).toBe('Bearer token-of-reviewer')
  })

  it('shows in English: Oct 8, 24:00', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-08T02:00:00.000Z'))
    stubTickets()
    renderAt('/tickets?before=2026-10-09T00:00', 'en')
    await screen.findByTestId('tickets')
    expect(rows().map((cells) => cells.slice(1))).toEqual([
      ['Returned by the department', 'Web form', 'Handling a return', 'Oct 7, 24:00 Overdue'],
      ['Answered by the department', 'SMS', 'Callback deadline', 'Oct 8, 17:30 Provisional'],
      ['Received', 'Phone', 'Transfer deadline', 'Oct 8, 24:00'],
    ])
    expect(screen.getByText('Tickets due by Oct 8, 2026, 24:00, soonest first')).toBeTruthy()
  })

  it('pages forward with the cursor and back again', async () => {
    const fetch = stubTickets()
    renderAt('/tickets?before=2026-10-09T00:00')
    await screen.findByTestId('tickets')
    expect(screen.getByText('第 1 页')).toBeTruthy()
    expect(screen.getByRole('button', { name: '上一页' })).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByRole('button', { name: '下一页' }))

    await screen.findByText('第 2 页')
    await waitFor(() => expect(rows().map((cells) => cells[0])).toEqual(['CC-20260930-0002']))
    expect(rows()[0]?.[2]).toBe('微信公众号')
    const calls = callsTo(fetch, 'GET', '/api/v1/tickets')
    expect(calls.map(({ url }) => url.searchParams.get('cursor'))).toEqual([null, 'page-2'])
    expect(calls[1]?.url.searchParams.get('dueBefore')).toBe('2026-10-09T00:00:00+08:00')
    expect(screen.getByRole('button', { name: '下一页' })).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByRole('button', { name: '上一页' }))

    await screen.findByText('第 1 页')
    expect(rows().map((cells) => cells[0])).toEqual([
      'JY20260929-000007',
      'CC-20261006-0042',
      'CC-20260930-0001',
    ])
  })

  it('filters by status, from the first page, and keeps the filter in the address', async () => {
    const fetch = stubTickets()
    renderAt('/tickets?before=2026-10-09T00:00')
    await screen.findByTestId('tickets')
    fireEvent.click(screen.getByRole('button', { name: '下一页' }))
    await screen.findByText('第 2 页')

    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'received' } })

    await waitFor(() => expect(rows().map((cells) => cells[0])).toEqual(['CC-20260930-0001']))
    expect(screen.getByText('第 1 页')).toBeTruthy()
    const last = callsTo(fetch, 'GET', '/api/v1/tickets').at(-1)
    expect(Object.fromEntries(last?.url.searchParams ?? [])).toEqual({
      dueBefore: '2026-10-09T00:00:00+08:00',
      status: 'received',
      limit: '20',
    })
    await waitFor(() => expect(window.location.search).toContain('status=received'))
  })

  it('defaults to 24 hours from now in Beijing time', async () => {
    // 17:30 UTC on 8 October is already 01:30 on 9 October in Beijing.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-08T17:30:00.000Z'))
    const fetch = stubTickets()
    renderAt('/tickets')
    await screen.findByTestId('tickets')
    expect((screen.getByLabelText('到期不晚于（北京时间）') as HTMLInputElement).value).toBe(
      '2026-10-10T01:30',
    )
    expect(callsTo(fetch, 'GET', '/api/v1/tickets')[0]?.url.searchParams.get('dueBefore')).toBe(
      '2026-10-10T01:30:00+08:00',
    )
  })

  it('says when none falls due by then, and asks for a real time when the address has none', async () => {
    stubTickets()
    renderAt('/tickets?before=2026-09-30T12:00')
    expect(await screen.findByText('没有在此之前到期的工单。')).toBeTruthy()
    cleanup()

    // A browser's picker cannot hold 30 February, but an edited address can.
    const fetch = stubTickets()
    renderAt('/tickets?before=2026-02-30T12:00')
    expect((await screen.findByRole('alert')).textContent).toBe('请选择有效的日期和时间。')
    expect(callsTo(fetch, 'GET', '/api/v1/tickets')).toEqual([])
  })

  it('follows a cursor past a page the status filter left empty', async () => {
    const fetch = stubApi({
      'GET /api/v1/tickets': (url) =>
        url.searchParams.get('cursor') === 'skip'
          ? json(200, { tickets: [received], cursor: null })
          : json(200, { tickets: [], cursor: 'skip' }),
    })
    renderAt('/tickets?before=2026-10-09T00:00&status=received')
    await screen.findByTestId('tickets')
    expect((screen.getByLabelText('状态') as HTMLSelectElement).value).toBe('received')
    expect(rows().map((cells) => cells[0])).toEqual(['CC-20260930-0001'])
    expect(callsTo(fetch, 'GET', '/api/v1/tickets').map(({ url }) => url.searchParams.get('cursor'))).toEqual(
      [null, 'skip'],
    )
    // One page as far as the user is concerned: nothing more to page to.
    expect(screen.getByRole('button', { name: '下一页' })).toHaveProperty('disabled', true)
  })

  it('opens a ticket from the list, and goes back to the same list', async () => {
    stubTickets({ 'GET /api/v1/tickets/CC-20260930-0001': () => json(200, received) })
    renderAt('/tickets?before=2026-10-09T00:00')
    await screen.findByTestId('tickets')

    fireEvent.click(screen.getByRole('link', { name: 'CC-20260930-0001' }))

    expect(await screen.findByRole('heading', { name: '工单 CC-20260930-0001' })).toBeTruthy()
    await waitFor(() => expect(window.location.pathname).toBe('/tickets/CC-20260930-0001'))
    await screen.findByTestId('clocks')
    fireEvent.click(screen.getByRole('link', { name: '返回工单列表' }))
    await screen.findByTestId('tickets')
    await waitFor(() => expect(window.location.search).toBe('?before=2026-10-09T00:00'))
  })
})

/** A ticket with a history: received, transferred, returned, transferred again, replied; rated. */
const detailed = ticket('JY20260929-000007', {
  channel: 'web',
  category: 'complaint',
  content: '小区门口的路灯坏了一个星期。',
  location: '沁园路与天坛路交叉口',
  phoneMasked: '138****5678',
  status: 'replied',
  needsCallback: true,
  receivedAt: '2026-09-29T01:00:00.000Z',
  // Stored out of order (an import accepts any order): shown as they happened.
  events: [
    { type: 'received', at: '2026-09-29T01:00:00.000Z', by: 'intake' },
    { type: 'returned', at: '2026-09-29T06:00:00.000Z', by: 'contractor', reason: '不属于本单位职责' },
    { type: 'transferred', at: '2026-09-29T02:00:00.000Z', by: 'contractor', department: '市供电公司' },
    { type: 'transferred', at: '2026-09-30T01:00:00.000Z', by: 'contractor', department: '市城市管理局' },
    { type: 'replied', at: '2026-10-08T16:00:00.000Z', by: 'callcentre', note: '已修复' },
  ],
  rating: { level: 'satisfied', at: '2026-10-09T02:00:00.000Z', via: 'sms' },
  clocks: [
    {
      kind: 'callback',
      subject: 'JY20260929-000007/callback/1',
      startedAt: '2026-10-08T16:00:00.000Z',
      due: '2026-10-10T16:00:00.000Z',
      provisional: false,
    },
    {
      kind: 'return',
      subject: 'JY20260929-000007/return/9',
      startedAt: '2026-10-09T03:00:00.000Z',
      due: '2027-01-04T16:00:00.000Z',
      provisional: true,
    },
  ],
  nextDue: '2026-10-10T16:00:00.000Z',
})

const stubDetail = (extra: Parameters<typeof stubApi>[0] = {}) =>
  stubApi({ 'GET /api/v1/tickets/JY20260929-000007': () => json(200, detailed), ...extra })

describe('ticket detail', () => {
  it('shows the running clocks, the history in time order, the masked phone and the rating', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-09T04:00:00.000Z'))
    stubDetail()
    renderAt('/tickets/JY20260929-000007')

    await screen.findByTestId('clocks')
    expect(rows('clock')).toEqual([
      ['回访时限', '2026年10月9日 00:00', '10月10日 24:00'],
      ['回退处理时限', '2026年10月9日 11:00', '1月4日 24:00 暂定'],
    ])
    expect(screen.getAllByText('该年度的节假日安排尚未载入，此期限按暂定日历计算。').length).toBeGreaterThan(
      0,
    )
    expect(rows('history-event')).toEqual([
      ['2026年9月29日 09:00', '已受理', 'intake', '', ''],
      ['2026年9月29日 10:00', '已转办', 'contractor', '市供电公司', ''],
      ['2026年9月29日 14:00', '部门回退', 'contractor', '', '不属于本单位职责'],
      ['2026年9月30日 09:00', '已转办', 'contractor', '市城市管理局', ''],
      ['2026年10月9日 00:00', '部门已答复', 'callcentre', '', '已修复'],
    ])
    const facts = screen.getByTestId('ticket-facts')
    expect(screen.getByTestId('ticket-status').textContent).toBe('部门已答复')
    expect(within(facts).getByText('投诉')).toBeTruthy()
    expect(within(facts).getByText('网上诉求')).toBeTruthy()
    expect(screen.getByTestId('phone-masked').textContent).toBe('138****5678')
    expect(screen.getByTestId('ticket-rating').textContent).toBe('满意（2026年10月9日 10:00，短信回复）')
    // A reviewer may reveal the number.
    expect(screen.getByRole('button', { name: '查看完整号码' })).toBeTruthy()
  })

  it('says when no clock is running, and when the ticket does not exist', async () => {
    stubApi({
      'GET /api/v1/tickets/CC-1': () =>
        json(200, ticket('CC-1', { status: 'transferred', clocks: [], nextDue: null })),
      'GET /api/v1/tickets/CC-404': () =>
        json(404, { error: { code: 'not_found', message: 'no ticket CC-404' } }),
    })
    renderAt('/tickets/CC-1')
    expect((await screen.findByTestId('no-clocks')).textContent).toBe('没有正在计时的时限。')
    expect(screen.getByTestId('ticket-rating').textContent).toBe('尚未评价')
    cleanup()

    renderAt('/tickets/CC-404')
    expect((await screen.findByRole('alert')).textContent).toBe('没有工单 CC-404。')
  })

  it('has no Reveal button for an agency viewer', async () => {
    storeSession(viewerSession())
    stubDetail()
    renderAt('/tickets/JY20260929-000007')
    await screen.findByTestId('clocks')
    expect(screen.getByTestId('phone-masked').textContent).toBe('138****5678')
    expect(screen.queryByRole('button', { name: '查看完整号码' })).toBeNull()
    // Nor the import page in the navigation.
    expect(screen.queryByRole('link', { name: '导入' })).toBeNull()
  })

  it('lets the contractor reveal the number with a reason, says it is audited, and hides it again', async () => {
    storeSession(contractorSession())
    const fetch = stubDetail({
      'POST /api/v1/tickets/JY20260929-000007/reveal-phone': () => json(200, { phone: '13812345678' }),
    })
    renderAt('/tickets/JY20260929-000007')
    await screen.findByTestId('clocks')

    fireEvent.click(screen.getByRole('button', { name: '查看完整号码' }))
    const reason = screen.getByLabelText('查看原因')
    await waitFor(() => expect(document.activeElement).toBe(reason))
    expect(reason.getAttribute('aria-describedby')).toBe('reveal-hint')
    expect(screen.getByText('查看号码会记入审计日志：谁、何时、因何查看。')).toBeTruthy()
    // A reason is needed first.
    expect(screen.getByRole('button', { name: '查看号码' })).toHaveProperty('disabled', true)
    fireEvent.input(reason, { target: { value: '回访市民，确认路灯已修复' } })
    fireEvent.click(screen.getByRole('button', { name: '查看号码' }))

    expect((await screen.findByTestId('phone-revealed')).textContent).toBe('完整号码：13812345678')
    expect(screen.getByText(/本次查看已记入审计日志/)).toBeTruthy()
    const [post] = callsTo(fetch, 'POST', '/api/v1/tickets/JY20260929-000007/reveal-phone')
    expect(JSON.parse(String(post?.init?.body))).toEqual({ reason: '回访市民，确认路灯已修复' })
    expect(headerOf(post?.init, 'authorization')).toBe('Bearer token-of-contractor')
    expect(headerOf(post?.init, 'content-type')).toBe('application/json')

    fireEvent.click(screen.getByRole('button', { name: '隐藏号码' }))
    expect(screen.queryByTestId('phone-revealed')).toBeNull()
    expect(document.body.textContent).not.toContain('13812345678')
    // Showing it again asks again (and is audited again).
    fireEvent.click(screen.getByRole('button', { name: '查看完整号码' }))
    expect((screen.getByLabelText('查看原因') as HTMLInputElement).value).toBe('')
  })

  it('says why when the reveal is refused', async () => {
    stubDetail({
      'POST /api/v1/tickets/JY20260929-000007/reveal-phone': () =>
        json(403, {
          error: { code: 'forbidden', message: 'this route needs one of: agency_reviewer, contractor' },
        }),
    })
    renderAt('/tickets/JY20260929-000007')
    await screen.findByTestId('clocks')
    fireEvent.click(screen.getByRole('button', { name: '查看完整号码' }))
    fireEvent.input(screen.getByLabelText('查看原因'), { target: { value: '核实投诉' } })
    fireEvent.submit(screen.getByLabelText('查看原因').closest('form') as HTMLFormElement)
    expect((await screen.findByRole('alert')).textContent).toBe(
      '无法查看号码：this route needs one of: agency_reviewer, contractor',
    )
    expect(screen.queryByTestId('phone-revealed')).toBeNull()
  })
})
