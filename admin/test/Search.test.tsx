/**
 * The search page: by ticket number for every staff role (the number in the address, results
 * opening the ticket with the month kept), and by the citizen's phone only for the roles that may
 * reveal it — with a required reason, the number never in the address, the page saying the search
 * is recorded. An agency viewer has no phone search.
 */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { FoundTicket } from '../src/api/records'
import { callsTo, json, renderAt, setUpPageTests, signInAs, stubPage } from './helpers'

const found: FoundTicket = {
  ticketId: 'CC-20261010-0003',
  status: 'received',
  channel: 'phone',
  receivedAt: '2026-10-10T01:00:00.000Z',
  phoneMasked: '138****5678',
}

function stubSearch() {
  return stubPage({
    'GET /api/v1/search': (url) =>
      json(200, { tickets: url.searchParams.get('q') === 'cc-20261010-0003' ? [found] : [] }),
    'POST /api/v1/search/phone': () => json(200, { tickets: [found] }),
  })
}

const rows = () =>
  screen
    .getAllByTestId('search-result')
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent))

setUpPageTests({ pages: [() => import('../src/pages/SearchPage')], signedIn: false })

describe('by ticket number', () => {
  it('finds the ticket the address names and opens it keeping the month', async () => {
    signInAs('viewer')
    const fetch = stubSearch()
    renderAt('/search?q=cc-20261010-0003&month=2026-10')
    await screen.findByTestId('number-results')
    expect(rows()).toEqual([['CC-20261010-0003', '已受理', '电话', '2026年10月10日 09:00', '138****5678']])
    expect(screen.getByRole('link', { name: 'CC-20261010-0003' }).getAttribute('href')).toBe(
      '/tickets/CC-20261010-0003?month=2026-10',
    )
    expect(callsTo(fetch, 'GET', '/api/v1/search')[0]?.url.searchParams.get('q')).toBe('cc-20261010-0003')
    // The agency viewer may not search by phone: no such form.
    expect(screen.queryByTestId('phone-search')).toBeNull()
    expect(screen.queryByLabelText('市民手机号')).toBeNull()
  })

  it('says when no ticket has that number, and searches what is typed', async () => {
    signInAs('reviewer')
    stubSearch()
    renderAt('/search')
    fireEvent.input(await screen.findByLabelText('工单号'), { target: { value: 'CC-404' } })
    fireEvent.click(screen.getByRole('button', { name: '查找' }))
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(/^没有找到工单号为 CC-404 的工单/),
    )
    // The number the user typed is marked as an id, not words.
    expect(screen.getByRole('status').querySelector('[translate="no"]')?.textContent).toBe('CC-404')
    expect(new URLSearchParams(window.location.search).get('q')).toBe('CC-404')
  })
})

describe('by phone', () => {
  it('needs a reason and a real number, then searches, saying it is recorded', async () => {
    signInAs('reviewer')
    const fetch = stubSearch()
    renderAt('/search')
    const phone = await screen.findByLabelText('市民手机号')
    expect(screen.getByText(/按手机号查找会记入审计日志/)).toBeTruthy()

    fireEvent.input(phone, { target: { value: '138 1234 5678' } })
    fireEvent.click(screen.getByRole('button', { name: '查找并记录' }))
    expect((await screen.findByText('请说明原因（至少 2 个字）。')).closest('p')?.id).toBe(
      'search-reason-error',
    )
    expect(screen.getByLabelText('查找原因（必填，至少 2 个字）').getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', '/api/v1/search/phone')).toHaveLength(0)

    fireEvent.input(screen.getByLabelText('查找原因（必填，至少 2 个字）'), {
      target: { value: '市民来电催办' },
    })
    fireEvent.click(screen.getByRole('button', { name: '查找并记录' }))
    expect((await screen.findByTestId('phone-search-recorded')).textContent).toBe('本次查找已记入审计日志。')
    const [post] = callsTo(fetch, 'POST', '/api/v1/search/phone')
    expect(JSON.parse(String(post?.init?.body))).toEqual({ phone: '13812345678', reason: '市民来电催办' })
    expect(rows()).toEqual([['CC-20261010-0003', '已受理', '电话', '2026年10月10日 09:00', '138****5678']])
    expect(screen.getByText('手机号 138****5678 的工单，最新的在前')).toBeTruthy()
    // The number stays out of the address and off the page.
    expect(window.location.href).not.toContain('1381234')
    expect(document.body.textContent).not.toContain('13812345678')
  })

  it('refuses a number that is not a mobile number, sending nothing', async () => {
    signInAs('contractor')
    const fetch = stubSearch()
    renderAt('/search')
    fireEvent.input(await screen.findByLabelText('市民手机号'), { target: { value: '12345' } })
    fireEvent.input(screen.getByLabelText('查找原因（必填，至少 2 个字）'), { target: { value: '回访' } })
    fireEvent.click(screen.getByRole('button', { name: '查找并记录' }))
    await waitFor(() => expect(screen.getByText('请输入 11 位手机号，例如 13812345678')).toBeTruthy())
    expect(callsTo(fetch, 'POST', '/api/v1/search/phone')).toHaveLength(0)
  })
})
