/**
 * The operations pages end to end, in Debian Chromium against the local server, in Chinese: a
 * reviewer signs in and imports an NDJSON file through the Import page (a ticket received
 * 2026-09-30 16:00 needing transfer, a bad line, a later ticket) and sees the bad line's number;
 * importing it again changes nothing. The Tickets page at 2026-10-09 00:00 lists the first ticket
 * with its transfer due 10月8日 24:00 (the National Day holiday not counted), and its detail shows
 * the clock; once the contractor records the transfer through the API, the clock is gone. A
 * second story: a reviewer reveals a citizen's number with a reason, and the audit log has it.
 * Screenshots of each step go to test-results/operations-*.png.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellsOf, useBrowserApp } from './support'

const TICKET = 'CC-20260930-0001'
const LATER = 'CC-20261009-0002'

const app = useBrowserApp({ shotPrefix: 'operations-', page: { viewport: { width: 1280, height: 800 } } })
const { newPage, shot, api, tokenOf, signIn, pageErrors } = app
let tempDir: string

beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'hotline-operations-'))
})

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
})

describe('operations pages in Chromium', () => {
  it('imports a file, lists the ticket due 10月8日 24:00, and drops its clock once transferred', async () => {
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
    await reviewer.getByLabel('选择文件（.ndjson）').setInputFiles(file)
    await reviewer.getByRole('button', { name: '开始导入' }).click()

    const outcome = reviewer.getByTestId('import-outcome')
    await expect.poll(() => outcome.textContent()).toBe('导入完成：共 3 行。')
    expect(await reviewer.getByTestId('total-created').textContent()).toBe('2')
    expect(await reviewer.getByTestId('total-failed').textContent()).toBe('1')
    const errors = reviewer.getByTestId('import-error')
    expect(await errors.count()).toBe(1)
    const [line, field, message] = await cellsOf(errors.first())
    expect([line, field]).toEqual(['2', 'at'])
    expect(message).toMatch(/expected string/)
    expect(await reviewer.getByLabel('导入进度').evaluate((el) => (el as HTMLProgressElement).value)).toBe(
      100,
    )
    await shot(reviewer, '01-import-report')

    // Importing the same file again changes nothing: duplicates, and the same bad line.
    await reviewer.getByRole('button', { name: '开始导入' }).click()
    await expect
      .poll(() => outcome.textContent())
      .toBe('导入完成：共 3 行。 所有记录此前都已导入，没有任何更改。')
    expect(await reviewer.getByTestId('total-duplicates').textContent()).toBe('2')
    expect(await reviewer.getByTestId('total-created').textContent()).toBe('0')
    await shot(reviewer, '02-import-again-duplicates')

    // --- The Tickets page, due by 2026-10-09 00:00. ------------------------------------------
    await reviewer.getByRole('link', { name: '工单', exact: true }).click()
    await expect.poll(() => reviewer.getByRole('heading', { level: 2 }).textContent()).toBe('即将超时的工单')
    await reviewer.getByLabel('到期不晚于（北京时间）').fill('2026-10-09T00:00')
    await expect.poll(() => reviewer.url()).toContain('before=2026-10-09T00%3A00')
    await expect
      .poll(() => reviewer.locator('#tickets-caption').textContent())
      .toBe('2026年10月8日 24:00 之前到期的工单，最早到期的在前')
    const rows = reviewer.getByTestId('ticket-row')
    await expect.poll(() => rows.count()).toBe(1)
    const [id, status, channel, clock] = await cellsOf(rows.first())
    expect([id, status, channel, clock]).toEqual([TICKET, '已受理', '电话', '转办时限'])
    // Received 30 September 16:00; 1 to 8 October is the National Day holiday: due 8 October 24:00.
    expect(await rows.first().locator('time').textContent()).toBe('10月8日 24:00')
    expect(await rows.first().locator('time').getAttribute('datetime')).toBe('2026-10-08T16:00:00.000Z')
    expect(await reviewer.getByText('即 10月8日 24:00 之前').count()).toBe(1)
    await shot(reviewer, '03-tickets-due')

    // --- Its detail: the running transfer clock and the history. -------------------------------
    await reviewer.getByRole('link', { name: TICKET }).click()
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/tickets/${TICKET}`)
    const clocks = reviewer.getByTestId('clock')
    await expect.poll(() => clocks.count()).toBe(1)
    const [kind, started] = await cellsOf(clocks.first())
    expect([kind, started]).toEqual(['转办时限', '2026年9月30日 16:00'])
    expect(await clocks.first().locator('time').last().textContent()).toBe('10月8日 24:00')
    expect(await cellsOf(reviewer.getByTestId('history-event').first())).toEqual([
      '2026年9月30日 16:00',
      '已受理',
      'reviewer',
      '',
      '',
    ])
    expect(await reviewer.getByTestId('ticket-status').textContent()).toBe('已受理')
    // An imported ticket has no phone number: nothing to reveal.
    expect(await reviewer.getByText('未留手机号').count()).toBe(1)
    await shot(reviewer, '04-ticket-detail')

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
    expect(await cellsOf(reviewer.getByTestId('history-event').last())).toEqual([
      '2026年10月8日 09:00',
      '已转办',
      'contractor',
      '市城市管理局',
      '',
    ])
    await shot(reviewer, '05-ticket-transferred')

    // And back on the list, nothing is due by then any more.
    await reviewer.getByRole('link', { name: '返回工单列表' }).click()
    await expect.poll(() => reviewer.getByText('没有在此之前到期的工单。').count()).toBe(1)
    expect(reviewer.url()).toContain('before=2026-10-09T00%3A00')
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
    await shot(reviewer, '06-phone-revealed')

    const audit = await api(`/api/v1/tickets/${id}/audit`, { token: await tokenOf('reviewer') })
    expect(audit.status).toBe(200)
    expect(JSON.stringify(audit.body.audit)).toContain('回访市民，核实办理结果')

    await reviewer.getByRole('button', { name: '隐藏号码' }).click()
    expect(await reviewer.getByTestId('phone-revealed').count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})
