/**
 * The operations pages end to end, in Debian Chromium against the local server, in Chinese: a
 * reviewer signs in and imports an NDJSON file through the Import page (a ticket received
 * 2026-09-30 16:00 needing transfer, a bad line, a later ticket) and sees the bad line's number
 * and why, in words; importing it again changes nothing. The Tickets page keeps what is due soon
 * apart from what is overdue: both tickets are overdue, longest first, the first with its transfer
 * due 10月8日 24:00 (the National Day holiday not counted), saying by how long; its detail shows the
 * clock; once the contractor records the transfer through the API, the clock is gone. The ticket
 * is then found by its number. A second story: a reviewer reveals a citizen's number with a
 * reason, then finds the citizen's tickets by phone with a reason (both in the audit log); an
 * agency viewer has no phone search. Screenshots go to test-results/operations-*.png.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { cellsOf, useBrowserApp } from './support'

const TICKET = 'CC-20260930-0001'
const LATER = 'CC-20261009-0002'

const app = useBrowserApp({ shotPrefix: 'operations-', page: { viewport: { width: 1280, height: 800 } } })
const { newPage, shot, api, tokenOf, signIn, pageErrors } = app
let tempDir: string

/** axe-core finds nothing serious on the page, and no English word or raw id reads in Chinese. */
async function expectClean(page: Page, what: string) {
  expect(await axeFindings(page), `${what}: accessibility`).toEqual([])
  expect(await englishOnPage(page), `${what}: English in Chinese`).toEqual([])
}

beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'hotline-operations-'))
})

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
})

describe('operations pages in Chromium', () => {
  it('imports a file, lists the ticket overdue since 10月8日 24:00, drops its clock once transferred, finds it by number', async () => {
    // --- The file: a ticket needing transfer, a line without its time, a later ticket. ----------
    const file = join(tempDir, 'october.ndjson')
    await writeFile(
      file,
      [
        {
          kind: 'ticket_event',
          ticketId: TICKET,
          type: 'received',
          at: '2026-09-30T16:00:00+08:00',
          channel: 'phone',
          needsTransfer: true,
          needsCallback: true,
        },
        { kind: 'ticket_event', ticketId: 'CC-20260930-0009', type: 'received', channel: 'phone' },
        {
          kind: 'ticket_event',
          ticketId: LATER,
          type: 'received',
          at: '2026-10-09T10:00:00+08:00',
          channel: 'wechat',
          needsTransfer: true,
        },
      ]
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(''),
    )

    // --- A reviewer signs in and imports it through the Import page. ----------------------------
    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', '/import')
    expect(await reviewer.getByRole('link', { name: '导入' }).getAttribute('aria-current')).toBe('page')
    await reviewer.getByLabel('选择文件（NDJSON 格式）').setInputFiles(file)
    await reviewer.getByRole('button', { name: '开始导入' }).click()

    const outcome = reviewer.getByTestId('import-outcome')
    await expect.poll(() => outcome.textContent()).toBe('导入完成：共 3 行。')
    expect(await reviewer.getByTestId('total-created').textContent()).toBe('2')
    expect(await reviewer.getByTestId('total-failed').textContent()).toBe('1')
    const errors = reviewer.getByTestId('import-error')
    expect(await errors.count()).toBe(1)
    expect(await cellsOf(errors.first())).toEqual(['2', 'at（时间）', '缺少这个字段。'])
    expect(await reviewer.getByTestId('import-kind').count()).toBe(8)
    expect(await reviewer.getByLabel('导入进度').evaluate((el) => (el as HTMLProgressElement).value)).toBe(
      100,
    )
    await shot(reviewer, '01-import-report')
    await expectClean(reviewer, 'import')

    // Importing the same file again changes nothing: duplicates, and the same bad line.
    await reviewer.getByRole('button', { name: '开始导入' }).click()
    await expect
      .poll(() => outcome.textContent())
      .toBe('导入完成：共 3 行。 所有记录此前都已导入，没有任何更改。')
    expect(await reviewer.getByTestId('total-duplicates').textContent()).toBe('2')
    expect(await reviewer.getByTestId('total-created').textContent()).toBe('0')
    await shot(reviewer, '02-import-again-duplicates')

    // --- The Tickets page: nothing falls due in the next hours; both tickets are overdue. -------
    await reviewer.getByRole('link', { name: '工单', exact: true }).click()
    await expect.poll(() => reviewer.getByRole('heading', { level: 2 }).textContent()).toBe('工单时限')
    await expect.poll(() => reviewer.getByText('所选时间内没有即将到期的工单。').count()).toBe(1)
    expect(await reviewer.getByTestId('overdue-hint').count()).toBe(1)
    await reviewer.getByRole('button', { name: '已超时', exact: true }).click()
    await expect.poll(() => reviewer.url()).toContain('view=overdue')
    const rows = reviewer.getByTestId('ticket-row')
    await expect.poll(() => rows.count()).toBe(2)
    const [id, status, channel, clock, , left] = await cellsOf(rows.first())
    expect([id, status, channel, clock]).toEqual([TICKET, '已受理', '电话', '转办时限'])
    // Longest overdue first, saying by how long.
    expect(left).toMatch(/^已超时 \d+ 天 \d+ 小时$/)
    expect((await cellsOf(rows.last()))[0]).toBe(LATER)
    // Received 30 September 16:00; 1 to 8 October is the National Day holiday: due 8 October 24:00.
    expect(await rows.first().locator('time').textContent()).toBe('10月8日 24:00')
    expect(await rows.first().locator('time').getAttribute('datetime')).toBe('2026-10-08T16:00:00.000Z')
    await shot(reviewer, '03-tickets-overdue')
    await expectClean(reviewer, 'tickets overdue')

    // --- Its detail: the running transfer clock and the history. -------------------------------
    await reviewer.getByRole('link', { name: TICKET }).click()
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/tickets/${TICKET}`)
    const clocks = reviewer.getByTestId('clock')
    await expect.poll(() => clocks.count()).toBe(1)
    const [kind, started] = await cellsOf(clocks.first())
    expect([kind, started]).toEqual(['转办时限', '2026年9月30日 16:00'])
    expect(await clocks.first().locator('time').last().textContent()).toBe('10月8日 24:00')
    await expect
      .poll(async () => cellsOf(reviewer.getByTestId('history-event').first()))
      .toEqual(['2026年9月30日 16:00', '已受理', '甲方审核员（演示）', '', ''])
    expect(await reviewer.getByTestId('ticket-status').textContent()).toBe('已受理')
    // An imported ticket has no phone number: nothing to reveal.
    expect(await reviewer.getByText('未留手机号').count()).toBe(1)
    await shot(reviewer, '04-ticket-detail')
    await expectClean(reviewer, 'ticket')

    // --- The contractor records the transfer through the API: the clock stops. ----------------
    const contractor = await tokenOf('contractor')
    const transfer = await api(`/api/v1/tickets/${TICKET}/events`, {
      method: 'POST',
      token: contractor,
      body: { type: 'transferred', at: '2026-10-08T09:00:00+08:00', department: '市城市管理局' },
    })
    expect(transfer.status, JSON.stringify(transfer.body)).toBe(200)

    await reviewer.reload()
    await expect.poll(() => reviewer.getByTestId('no-clocks').textContent()).toBe('没有正在计时的时限。')
    expect(await reviewer.getByTestId('ticket-status').textContent()).toBe('已转办')
    await expect
      .poll(async () => cellsOf(reviewer.getByTestId('history-event').last()))
      .toEqual(['2026年10月8日 09:00', '已转办', '乙方坐席班长（演示）', '市城市管理局', ''])
    await shot(reviewer, '05-ticket-transferred')

    // And back on the same list, only the later ticket is still overdue.
    await reviewer.getByRole('link', { name: '返回工单列表' }).click()
    await expect.poll(() => reviewer.url()).toContain('view=overdue')
    await expect.poll(async () => (await cellsOf(rows.first()))[0]).toBe(LATER)
    expect(await rows.count()).toBe(1)

    // A ticket by its number, typed as people type it.
    await reviewer.getByLabel('按工单号查找').fill(` ${TICKET.toLowerCase()} `)
    await reviewer.getByRole('button', { name: '查找', exact: true }).click()
    await expect.poll(() => reviewer.getByTestId('search-result').count()).toBe(1)
    expect((await cellsOf(reviewer.getByTestId('search-result').first())).slice(0, 3)).toEqual([
      TICKET,
      '已转办',
      '电话',
    ])
    await shot(reviewer, '06-search-by-number')
    await expectClean(reviewer, 'search by number')
    await reviewer.getByRole('link', { name: TICKET }).click()
    await expect.poll(() => reviewer.getByRole('link', { name: '返回搜索结果' }).count()).toBe(1)
    expect(pageErrors).toEqual([])
  })

  it('lets a reviewer reveal a number with a reason, recorded in the audit log', async () => {
    const id = 'CC-20261010-0003'
    const contractor = await tokenOf('contractor')
    const received = await api(`/api/v1/tickets/${id}/events`, {
      method: 'POST',
      token: contractor,
      body: {
        type: 'received',
        at: '2026-10-10T09:00:00+08:00',
        channel: 'phone',
        needsTransfer: true,
        phone: '13812345678',
      },
    })
    expect(received.status, JSON.stringify(received.body)).toBe(201)

    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', `/tickets/${id}`)
    await expect.poll(() => reviewer.getByTestId('phone-masked').textContent()).toBe('138****5678')
    expect(await reviewer.content()).not.toContain('13812345678')

    // Keyboard only: the button, a reason, Enter.
    await reviewer.getByRole('button', { name: '查看完整号码' }).focus()
    await reviewer.keyboard.press('Enter')
    await expect.poll(() => reviewer.evaluate(() => document.activeElement?.id)).toBe('reveal-reason')
    await reviewer.keyboard.type('回访市民，核实办理结果')
    await reviewer.keyboard.press('Enter')

    await expect
      .poll(() => reviewer.getByTestId('phone-revealed').textContent())
      .toBe('完整号码：13812345678')
    expect(await reviewer.getByText(/本次查看已记入审计日志/).count()).toBe(1)
    await shot(reviewer, '07-phone-revealed')

    const audit = await api(`/api/v1/tickets/${id}/audit`, { token: await tokenOf('reviewer') })
    expect(audit.status).toBe(200)
    expect(JSON.stringify(audit.body.audit)).toContain('回访市民，核实办理结果')

    await reviewer.getByRole('button', { name: '隐藏号码' }).click()
    expect(await reviewer.getByTestId('phone-revealed').count()).toBe(0)

    // The citizen's tickets by their number: a reason first, then the search, recorded.
    await reviewer.goto(`${app.url}/search`)
    await reviewer.getByLabel('市民手机号', { exact: true }).fill('13812345678')
    await reviewer.getByRole('button', { name: '查找并记录' }).click()
    await expect.poll(() => reviewer.getByText('请说明原因（至少 2 个字）。').count()).toBe(1)
    await reviewer.getByLabel('查找原因（必填，至少 2 个字）').fill('市民来电催办，核对历史工单')
    await reviewer.getByRole('button', { name: '查找并记录' }).click()
    await expect.poll(() => reviewer.getByTestId('phone-search-recorded').count()).toBe(1)
    expect(await cellsOf(reviewer.getByTestId('search-result').first())).toEqual([
      id,
      '已受理',
      '电话',
      '2026年10月10日 09:00',
      '138****5678',
    ])
    expect(reviewer.url()).not.toContain('1381234')
    await shot(reviewer, '08-search-by-phone')
    await expectClean(reviewer, 'search by phone')
    const searched = await api(`/api/v1/tickets/${id}/audit`, { token: await tokenOf('reviewer') })
    expect(JSON.stringify(searched.body.audit)).toContain('市民来电催办，核对历史工单')

    // An agency viewer has no phone search.
    const viewer = await newPage()
    await signIn(viewer, 'viewer', '/search')
    await expect.poll(() => viewer.getByLabel('工单号', { exact: true }).count()).toBe(1)
    expect(await viewer.getByLabel('市民手机号', { exact: true }).count()).toBe(0)
    await expectClean(viewer, 'search (viewer)')
    expect(pageErrors).toEqual([])
  })
})
