/**
 * The outbox page: a day's SMS in a table (local time, masked number, localized type, sender and
 * status — a withheld acknowledgement says which cap held it back), the day defaulting to today in
 * Asia/Shanghai, and paging with the API's cursor.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import type { OutboxEntry } from '../src/api/schemas'
import { callsTo, headerOf, json, renderAt, setUpPageTests, stubApi } from './helpers'

const entry = (id: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id,
  at: '2026-10-09T07:00:00.000Z',
  toMasked: '138****5678',
  text: '【济源12345】您的诉求已受理，工单号JY20261009-000001，查询码K7Q2-M9XD-3P。可凭查询码和手机号查询办理进度。',
  purpose: 'acknowledgement',
  ticketId: 'JY20261009-000001',
  sender: 'local',
  providerMessageId: null,
  status: 'sent',
  error: null,
  ...overrides,
})

const firstPage = [
  entry('survey-1', {
    at: '2026-10-09T09:30:05.000Z',
    purpose: 'survey',
    text: '【济源12345】您反映的问题（工单号JY20261009-000001）已办结。请对本次服务评价：回复1满意 2基本满意 3不满意。',
  }),
  entry('ack-2', {
    at: '2026-10-09T08:15:00.000Z',
    toMasked: '139****0001',
    ticketId: 'JY20261009-000002',
    status: 'failed',
    error: 'ThrottlingException',
  }),
]
const secondPage = [entry('ack-1')]

/** Two pages for 2026-10-09 (the cursor `page-2` leads to the second), nothing on other days. */
function stubOutbox() {
  return stubApi({
    'GET /api/v1/outbox': (url) => {
      const day = url.searchParams.get('day')
      if (day !== '2026-10-09') return json(200, { day, sender: 'local', entries: [], cursor: null })
      return url.searchParams.get('cursor') === 'page-2'
        ? json(200, { day, sender: 'local', entries: secondPage, cursor: null })
        : json(200, { day, sender: 'local', entries: firstPage, cursor: 'page-2' })
    },
  })
}

const rows = () =>
  screen.getAllByTestId('outbox-entry').map((row) =>
    within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent),
  )

setUpPageTests()

describe('outbox page', () => {
  it("renders the day's SMS: local time, masked number, type, text, sender, status", async () => {
    const fetch = stubOutbox()
    renderAt('/outbox?day=2026-10-09')

    await screen.findByTestId('outbox')
    expect(rows()).toEqual([
      ['17:30:05', '138****5678', '满意度回访', firstPage[0]?.text, '本地（未发出）', '已发送'],
      [
        '16:15:00',
        '139****0001',
        '受理回执',
        firstPage[1]?.text,
        '本地（未发出）',
        '发送失败 (ThrottlingException)',
      ],
    ])
    expect(screen.getByText('2026-10-09 的短信，最新的在前')).toBeTruthy()
    expect(screen.getByText('本地模式：短信只记录在发件箱，不会真正发出。')).toBeTruthy()
    expect((screen.getByLabelText('日期') as HTMLInputElement).value).toBe('2026-10-09')

    const [call] = callsTo(fetch, 'GET', '/api/v1/outbox')
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({ day: '2026-10-09', limit: '20' })
    expect(headerOf(call?.init, 'authorization')).toBe('Bearer token-of-reviewer')
  })

  it('pages forward with the cursor and back again', async () => {
    const fetch = stubOutbox()
    renderAt('/outbox?day=2026-10-09')
    await screen.findByTestId('outbox')
    expect(screen.getByText('第 1 页')).toBeTruthy()
    expect(screen.getByRole('button', { name: '上一页' })).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByRole('button', { name: '下一页' }))

    await screen.findByText('第 2 页')
    await waitFor(() => expect(rows().map((cells) => cells[0])).toEqual(['15:00:00']))
    const calls = callsTo(fetch, 'GET', '/api/v1/outbox')
    expect(calls.map(({ url }) => url.searchParams.get('cursor'))).toEqual([null, 'page-2'])
    expect(calls[1]?.url.searchParams.get('day')).toBe('2026-10-09')
    expect(screen.getByRole('button', { name: '下一页' })).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByRole('button', { name: '上一页' }))

    await screen.findByText('第 1 页')
    expect(rows().map((cells) => cells[0])).toEqual(['17:30:05', '16:15:00'])
  })

  it('defaults to today in Asia/Shanghai, and a new date starts again at its first page', async () => {
    // 16:30 UTC on 9 October is already 00:30 on 10 October in Shanghai.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-09T16:30:00.000Z'))
    const fetch = stubOutbox()
    renderAt('/outbox')

    expect(await screen.findByText('这一天没有短信。')).toBeTruthy()
    expect(callsTo(fetch, 'GET', '/api/v1/outbox')[0]?.url.searchParams.get('day')).toBe('2026-10-10')
    const picker = screen.getByLabelText('日期') as HTMLInputElement
    expect(picker.value).toBe('2026-10-10')
    expect(picker.max).toBe('2026-10-10')

    fireEvent.change(picker, { target: { value: '2026-10-09' } })
    await screen.findByTestId('outbox')
    fireEvent.click(screen.getByRole('button', { name: '下一页' }))
    await screen.findByText('第 2 页')

    fireEvent.change(screen.getByLabelText('日期'), { target: { value: '2026-10-08' } })
    await screen.findByText('这一天没有短信。')
    expect(screen.getByText('第 1 页')).toBeTruthy()
    // The new day is asked for from its start, never with the other day's cursor.
    const forNewDay = callsTo(fetch, 'GET', '/api/v1/outbox').filter(
      ({ url }) => url.searchParams.get('day') === '2026-10-08',
    )
    expect(forNewDay.map(({ url }) => Object.fromEntries(url.searchParams))).toEqual([
      { day: '2026-10-08', limit: '20' },
    ])
    await waitFor(() => expect(window.location.search).toBe('?day=2026-10-08'))
  })

  it('says in words why an acknowledgement was withheld: the number reached its hourly or daily cap', async () => {
    const withheld = [
      entry('ack-hour', { status: 'withheld', error: 'phone_hour_limit' }),
      entry('ack-day', { status: 'withheld', error: 'phone_day_limit' }),
    ]
    stubApi({
      'GET /api/v1/outbox': () =>
        json(200, { day: '2026-10-09', sender: 'aws', entries: withheld, cursor: null }),
    })
    renderAt('/outbox?day=2026-10-09')

    await screen.findByTestId('outbox')
    expect(rows().map((cells) => cells[5])).toEqual([
      '未发送（该号码本小时回执已达上限）',
      '未发送（该号码今日回执已达上限）',
    ])
    // Not a failure, and no code reaches the page.
    const table = screen.getByTestId('outbox')
    expect(table.querySelectorAll('td.bad')).toHaveLength(0)
    expect(table.textContent).not.toMatch(/phone_|limit|withheld/)
    expect(table.querySelector('[title]')).toBeNull()
    cleanup()

    stubApi({
      'GET /api/v1/outbox': () =>
        json(200, { day: '2026-10-09', sender: 'aws', entries: withheld, cursor: null }),
    })
    renderAt('/outbox?day=2026-10-09', 'en')
    await screen.findByTestId('outbox')
    expect(rows().map((cells) => cells[5])).toEqual([
      "Not sent (this number's acknowledgements for the hour used up)",
      "Not sent (this number's acknowledgements for the day used up)",
    ])
  })

  it('shows in English when English is chosen', async () => {
    stubOutbox()
    renderAt('/outbox?day=2026-10-09', 'en')
    await screen.findByTestId('outbox')
    expect(rows()[0]?.slice(2)).toEqual([
      'Satisfaction survey',
      firstPage[0]?.text,
      'Local (not sent)',
      'Sent',
    ])
    expect(screen.getByRole('columnheader', { name: 'Mobile' })).toBeTruthy()
    expect(screen.getByText('Page 1')).toBeTruthy()
    await waitFor(() => expect(screen.getByTestId('user-roles').textContent).toBe('Agency reviewer'))
  })
})
