/**
 * The tickets pages: deadlines in two views — due soon (the next 8 hours by default, a wider
 * window on request, soonest first with the time left, overdue ones kept apart) and overdue
 * (longest first, by how long) — due times in Beijing time with 24:00 for local midnight, paging
 * with the cursor, the status filter, the search by number; and one ticket's detail (running
 * clocks, history by name, rating, and revealing the phone number only for the roles allowed,
 * with a reason).
 */
import type { Ticket } from '@hotline/domain'
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import {
  callsTo,
  headerOf,
  json,
  renderAt,
  setUpPageTests,
  signInAs,
  type stubApi,
  stubPage,
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
/** Due 9-08 24:00: a month overdue on 10-08. */
const forgotten = ticket('CC-20260901-0003', {
  clocks: [
    {
      kind: 'transfer',
      subject: 'CC-20260901-0003',
      startedAt: '2026-09-01T02:00:00.000Z',
      due: '2026-09-07T16:00:00.000Z',
      provisional: false,
    },
  ],
  nextDue: '2026-09-07T16:00:00.000Z',
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

/** 10:00 on 8 October in Beijing. */
const NOW = '2026-10-08T02:00:00.000Z'

/**
 * The API's list: tickets whose next deadline is due by `dueBefore`, soonest first, `limit` at a
 * time with a cursor (here: how many came before), optionally of one status.
 */
function stubTickets(
  all: Ticket[] = [forgotten, returned, replied, received],
  extra: Parameters<typeof stubApi>[0] = {},
) {
  return stubPage({
    'GET /api/v1/tickets': (url) => {
      const before = Date.parse(url.searchParams.get('dueBefore') ?? '')
      const status = url.searchParams.get('status')
      const due = all
        .filter((t) => Date.parse(t.nextDue ?? '') <= before && (!status || t.status === status))
        .sort((a, b) => Date.parse(a.nextDue ?? '') - Date.parse(b.nextDue ?? ''))
      const from = Number(url.searchParams.get('cursor') ?? 0)
      const to = from + Number(url.searchParams.get('limit'))
      return json(200, { tickets: due.slice(from, to), cursor: to < due.length ? String(to) : null })
    },
    ...extra,
  })
}

const rows = (testId = 'ticket-row') =>
  screen
    .getAllByTestId(testId)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))

const atNow = () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
}

setUpPageTests({ pages: [() => import('../src/pages/TicketsPage'), () => import('../src/pages/TicketPage')] })

describe('ticket deadlines: due soon', () => {
  it('lists by default what falls due in the next 8 hours, soonest first, with the time left', async () => {
    atNow()
    const fetch = stubTickets()
    renderAt('/tickets')

    await screen.findByTestId('tickets')
    expect(screen.getByRole('button', { name: '即将超时' }).getAttribute('aria-pressed')).toBe('true')
    expect(rows()).toEqual([
      ['CC-20261006-0042', '部门已答复', '短信', '回访时限', '10月8日 17:30 暂定', '还剩 7 小时 30 分钟'],
    ])
    expect(screen.getByText('10月8日 10:00 至 10月8日 18:00 到期的工单，最早到期的在前')).toBeTruthy()
    // The overdue ones are not mixed in: the page says where they are.
    expect(screen.getByTestId('overdue-hint').textContent).toContain('另有已超时的工单')
    const [call] = callsTo(fetch, 'GET', '/api/v1/tickets')
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({
      dueBefore: '2026-10-08T10:00:00.000Z',
      limit: '20',
    })
    expect(headerOf(call?.init, 'authorization')).toBe('Bearer token-of-reviewer')
  })

  it('widens the window to 24 hours, keeping it in the address', async () => {
    atNow()
    stubTickets()
    renderAt('/tickets')
    await screen.findByTestId('tickets')
    fireEvent.change(screen.getByLabelText('到期时间在'), { target: { value: '24' } })
    await waitFor(() =>
      expect(rows().map((cells) => cells[0])).toEqual(['CC-20261006-0042', 'CC-20260930-0001']),
    )
    expect(rows()[1]?.slice(4)).toEqual(['10月8日 24:00', '还剩 14 小时 0 分钟'])
    expect(new URLSearchParams(window.location.search).get('within')).toBe('24')
  })

  it('follows the cursor past pages of overdue tickets, reading them 200 at a time', async () => {
    atNow()
    const overdue = Array.from({ length: 30 }, (_, i) =>
      ticket(`CC-OLD-${i}`, {
        nextDue: `2026-09-${String(i + 1).padStart(2, '0')}T01:00:00.000Z`,
        clocks: [],
      }),
    )
    const fetch = stubTickets([...overdue, replied])
    renderAt('/tickets')
    await screen.findByTestId('tickets')
    expect(rows().map((cells) => cells[0])).toEqual(['CC-20261006-0042'])
    expect(callsTo(fetch, 'GET', '/api/v1/tickets').map(({ url }) => url.searchParams.get('limit'))).toEqual([
      '20',
      '200',
    ])
    expect(screen.getByRole('button', { name: '下一页' })).toHaveProperty('disabled', true)
  })

  it('pages forward with the cursor and back again', async () => {
    atNow()
    const many = Array.from({ length: 25 }, (_, i) =>
      ticket(`CC-SOON-${String(i).padStart(2, '0')}`, {
        nextDue: new Date(Date.parse(NOW) + (i + 1) * 60_000).toISOString(),
        clocks: [],
      }),
    )
    const fetch = stubTickets(many)
    renderAt('/tickets')
    await screen.findByTestId('tickets')
    expect(rows()).toHaveLength(20)
    expect(screen.getByText('第 1 页')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: '下一页' }))
    await screen.findByText('第 2 页')
    await waitFor(() =>
      expect(rows().map((cells) => cells[0])).toEqual(many.slice(20).map((t) => t.ticketId)),
    )
    expect(callsTo(fetch, 'GET', '/api/v1/tickets').map(({ url }) => url.searchParams.get('cursor'))).toEqual(
      [null, '20'],
    )

    fireEvent.click(screen.getByRole('button', { name: '上一页' }))
    await screen.findByText('第 1 页')
    expect(rows()).toHaveLength(20)
  })

  it('filters by status, keeping the filter in the address', async () => {
    atNow()
    const fetch = stubTickets()
    renderAt('/tickets?within=24')
    await screen.findByTestId('tickets')
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'received' } })
    await waitFor(() => expect(rows().map((cells) => cells[0])).toEqual(['CC-20260930-0001']))
    expect(callsTo(fetch, 'GET', '/api/v1/tickets').at(-1)?.url.searchParams.get('status')).toBe('received')
    expect(new URLSearchParams(window.location.search).get('status')).toBe('received')
  })

  it('says when nothing falls due in the window', async () => {
    atNow()
    stubTickets([returned])
    renderAt('/tickets')
    expect(await screen.findByText('所选时间内没有即将到期的工单。')).toBeTruthy()
  })
})

describe('ticket deadlines: overdue', () => {
  it('lists what is overdue, longest first, saying by how long', async () => {
    atNow()
    const fetch = stubTickets()
    renderAt('/tickets?view=overdue')
    await screen.findByTestId('tickets')
    expect(rows()).toEqual([
      ['CC-20260901-0003', '已受理', '电话', '转办时限', '9月7日 24:00', '已超时 30 天 10 小时'],
      ['JY20260929-000007', '部门回退', '网上诉求', '回退处理时限', '10月7日 24:00', '已超时 10 小时 0 分钟'],
    ])
    expect(screen.getAllByTestId('ticket-row').every((row) => row.classList.contains('overdue'))).toBe(true)
    expect(screen.getByText('截至 2026年10月8日 10:00 已超时的工单，超时最久的在前')).toBeTruthy()
    expect(callsTo(fetch, 'GET', '/api/v1/tickets')[0]?.url.searchParams.get('dueBefore')).toBe(
      NOW.replace('.000Z', '.000Z'),
    )
    expect(screen.queryByLabelText('到期时间在')).toBeNull()
  })

  it('is one press away from the default view', async () => {
    atNow()
    stubTickets()
    renderAt('/tickets?month=2026-10')
    await screen.findByTestId('tickets')
    fireEvent.click(screen.getByRole('button', { name: '已超时' }))
    await waitFor(() =>
      expect(rows().map((cells) => cells[0])).toEqual(['CC-20260901-0003', 'JY20260929-000007']),
    )
    expect(new URLSearchParams(window.location.search).get('view')).toBe('overdue')
    expect(new URLSearchParams(window.location.search).get('month')).toBe('2026-10')
  })

  it('reads in English', async () => {
    atNow()
    stubTickets()
    renderAt('/tickets?view=overdue', 'en')
    await screen.findByTestId('tickets')
    expect(rows()[1]?.slice(1)).toEqual([
      'Returned by the department',
      'Web form',
      'Handling a return',
      'Oct 7, 24:00',
      'Overdue by 10 h 0 min',
    ])
  })
})

describe('from the list', () => {
  it('opens a ticket keeping the month, and goes back to the same list', async () => {
    atNow()
    stubTickets(undefined, { 'GET /api/v1/tickets/JY20260929-000007': () => json(200, returned) })
    renderAt('/tickets?view=overdue&month=2026-10')
    await screen.findByTestId('tickets')
    const link = screen.getByRole('link', { name: 'JY20260929-000007' })
    expect(link.getAttribute('href')).toBe('/tickets/JY20260929-000007?month=2026-10')

    fireEvent.click(link)

    expect(await screen.findByRole('heading', { name: '工单 JY20260929-000007' })).toBeTruthy()
    await screen.findByTestId('clocks')
    fireEvent.click(screen.getByRole('link', { name: '返回工单列表' }))
    await screen.findByTestId('tickets')
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('view')).toBe('overdue'))
  })

  it('looks a ticket number up on the search page', async () => {
    atNow()
    stubTickets(undefined, {
      'GET /api/v1/search': () => json(200, { tickets: [] }),
    })
    renderAt('/tickets?month=2026-10')
    await screen.findByTestId('tickets')
    fireEvent.input(screen.getByLabelText('按工单号查找'), { target: { value: ' cc-1 ' } })
    fireEvent.click(screen.getByRole('button', { name: '查找' }))
    await waitFor(() => expect(window.location.pathname).toBe('/search'))
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({
      q: 'cc-1',
      month: '2026-10',
    })
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
    { type: 'replied', at: '2026-10-08T16:00:00.000Z', by: 'import', note: '已修复' },
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
  stubPage({ 'GET /api/v1/tickets/JY20260929-000007': () => json(200, detailed), ...extra })

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
    await waitFor(() => expect(rows('history-event')[1]?.[2]).toBe('乙方坐席班长（演示）'))
    expect(rows('history-event')).toEqual([
      ['2026年9月29日 09:00', '已受理', '系统（受理渠道）', '', ''],
      ['2026年9月29日 10:00', '已转办', '乙方坐席班长（演示）', '市供电公司', ''],
      ['2026年9月29日 14:00', '部门回退', '乙方坐席班长（演示）', '', '不属于本单位职责'],
      ['2026年9月30日 09:00', '已转办', '乙方坐席班长（演示）', '市城市管理局', ''],
      ['2026年10月9日 00:00', '部门已答复', '系统（数据导入）', '', '已修复'],
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
    stubPage({
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
    signInAs('viewer')
    stubDetail()
    renderAt('/tickets/JY20260929-000007')
    await screen.findByTestId('clocks')
    expect(screen.getByTestId('phone-masked').textContent).toBe('138****5678')
    expect(screen.queryByRole('button', { name: '查看完整号码' })).toBeNull()
    // Nor the import page in the navigation.
    expect(screen.queryByRole('link', { name: '导入' })).toBeNull()
  })

  it('lets the contractor reveal the number with a reason, says it is audited, and hides it again', async () => {
    signInAs('contractor')
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
    expect((await screen.findByRole('alert')).textContent).toBe('无法查看号码：您的角色不能进行这项操作。')
    expect(screen.queryByTestId('phone-revealed')).toBeNull()
  })
})
