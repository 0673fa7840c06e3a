/**
 * The reviewer's month close, end to end, as issue 10 tells it: an agency reviewer who reads only
 * Chinese goes from October's numbers to a signed bill, in Debian Chromium against the local server
 * holding the demo October 2026 that `pnpm dev` loads (the same generator and seed, at a smaller
 * scale so the jobs are quick; Q1–Q3 paid on time by the demo).
 *
 * The reviewer opens the app (it lands on October, the month with drafts to review), follows the
 * 15秒应答及时率 tile to its drafts, opens a call from one draft's evidence and a ticket from a
 * transfer draft's, records the ¥0 breaches in bulk, approves a selection in bulk after one
 * confirmation, adjusts one with a reason, reopens one, approves the rest, closes the month, opens
 * the numbered 确认单 and prints it to A4, and reads the statement and its XLSX back with the
 * month's total. The contractor acknowledges the 确认单.
 *
 * Then every page of the app, as the reviewer and as the contractor (and the pages anyone sees
 * signed out): axe-core finds no serious or critical problem, and no English word or raw id shows
 * on a Chinese page. The server's clock is fixed at Thursday 2026-11-05 10:00 (Beijing).
 * Screenshots and the PDF go to test-results/journey-*.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { formatYuan } from '@hotline/domain'
import { loadDemo } from '@hotline/functions/demo'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { yuanInCapitals } from '../../admin/src/month-close/capitals'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { artifactsDir } from '../support/paths'
import { demoPassword, useBrowserApp } from './support'

const NOW = new Date('2026-11-05T02:00:00.000Z')
const MONTH = '2026-10'
/** A tenth of a mid-size city's month: `pnpm dev`'s demo (0.25) in shape, its jobs quicker. */
const DEMO_SCALE = 0.1

const app = useBrowserApp({
  clock: { at: NOW },
  shotPrefix: 'journey-',
  page: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
})
const { shot, api, tokenOf, pageErrors } = app

beforeAll(async () => {
  await loadDemo(app.server.deps, { month: MONTH, seed: 42, scale: DEMO_SCALE, log: () => undefined })
}, 600_000)

type Listed = {
  deductionId: string
  kpi: string
  period: string
  subject: string | null
  status: string
  amountFen: number
  finalAmountFen: number | null
  version: number
  supersededBy: string | null
  draft: { evidence: { ids: string[] } }
}

/** A page whose clock agrees with the server's (the objection window is read against it). */
async function newPage(): Promise<Page> {
  const page = await app.newPage()
  await page.clock.setFixedTime(NOW)
  // A step that cannot happen fails in seconds, naming the step, rather than at the test's timeout.
  page.setDefaultTimeout(20_000)
  return page
}

/** Signs in on the sign-in page and lands where the app sends a signed-in user. */
async function signInAt(page: Page, username: string, next = '/'): Promise<void> {
  await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(await demoPassword(username))
  await page.getByLabel('密码').press('Enter')
  await expect.poll(() => page.url()).not.toContain('/login')
}

/** The page once its content is in: a heading shown and nothing saying it is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor()
  await expect
    .poll(() => page.locator('main').textContent(), { interval: 100 })
    .not.toMatch(/正在(加载|绘制|获取|核对|查找|检查)/)
}

/** No serious accessibility finding and no English word or raw id on the page as it is now. */
async function checkPage(page: Page, where: string): Promise<void> {
  expect(await axeFindings(page), `axe-core on ${where}`).toEqual([])
  expect(await englishOnPage(page), `English on ${where}`).toEqual([])
}

const sum = (list: readonly Listed[], of: (d: Listed) => number) => list.reduce((s, d) => s + of(d), 0)

describe('month close, from the numbers to a signed bill, in Chinese', () => {
  it('follows a tile to its drafts, opens the evidence, decides every draft, closes, prints and reads the bill', async () => {
    const token = await tokenOf('reviewer')
    const listOf = async (): Promise<Listed[]> =>
      (await api(`/api/v1/deductions?month=${MONTH}`, { token })).body.deductions
    const drafts = (await listOf()).filter((d) => d.status === 'draft')
    const zero = drafts.filter((d) => d.amountFen === 0)
    const answer15s = drafts.filter((d) => d.kpi === 'answer_15s')
    const transfers = drafts.filter((d) => d.kpi === 'service_error.transfer')
    expect(zero.length).toBeGreaterThan(0)
    expect(answer15s.length).toBeGreaterThan(0)
    expect(transfers.length).toBeGreaterThan(0)

    // --- The app opens on the month to review, and a tile leads to its KPI's drafts. -------------
    const reviewer = await newPage()
    await signInAt(reviewer, 'reviewer')
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/dashboard?month=${MONTH}`)
    await settled(reviewer)
    await shot(reviewer, '01-dashboard')
    await reviewer.getByTestId('tile-answer_15s').getByRole('link', { name: '15秒应答及时率' }).click()
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/deductions?month=${MONTH}&kpi=answer_15s`)
    const rows = reviewer.getByTestId('deduction-row')
    await expect.poll(() => rows.count()).toBe(answer15s.length)
    await shot(reviewer, '02-tile-drafts')

    // --- A draft's evidence: the failing calls, each opens its record. ---------------------------
    await rows.first().getByRole('link', { name: '15秒应答及时率' }).click()
    const callLink = reviewer.getByTestId('evidence-ids').getByRole('link').first()
    const callId = (await callLink.textContent())?.trim() ?? ''
    expect(callId).not.toBe('')
    await callLink.click()
    await expect.poll(() => reviewer.url()).toContain(`/records/calls/`)
    await expect
      .poll(() => reviewer.getByRole('heading', { level: 2 }).first().textContent())
      .toContain(callId)
    expect(await reviewer.locator('main').textContent()).toMatch(/超过 15 秒应答|放弃/)
    await shot(reviewer, '03-call')
    await reviewer.goBack()

    // --- A transfer draft's evidence: the ticket. ------------------------------------------------
    await reviewer.goto(`${app.url}/deductions?month=${MONTH}&kpi=service_error.transfer`)
    await expect.poll(() => rows.count()).toBe(transfers.length)
    await rows.first().getByRole('link', { name: '转办超时' }).click()
    const ticketLink = reviewer.getByTestId('evidence-ids').getByRole('link').first()
    const ticketId = (await ticketLink.textContent())?.trim() ?? ''
    await ticketLink.click()
    await expect.poll(() => reviewer.url()).toContain(`/tickets/${encodeURIComponent(ticketId)}`)
    await expect.poll(() => reviewer.getByTestId('ticket-status').count()).toBe(1)
    await shot(reviewer, '04-ticket')

    // --- The ¥0 breaches, recorded at once, apart from the money. --------------------------------
    await reviewer.goto(`${app.url}/deductions?month=${MONTH}`)
    const records = reviewer.getByTestId('zero-records')
    await records.getByRole('button', { name: `全部记录（${zero.length} 条）` }).click()
    await expect
      .poll(() => reviewer.getByTestId('zero-records-report').textContent())
      .toBe(`已记录 ${zero.length} 条（不扣款）。`)

    // --- A selection approved in bulk after one confirmation of count and sum. -------------------
    const money = drafts.filter((d) => d.amountFen > 0)
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3)
    const boxes = rows.locator('input[type="checkbox"]')
    for (const i of [0, 1, 2]) await boxes.nth(i).check()
    const summary = (await reviewer.getByTestId('selection-summary').textContent()) ?? ''
    const [, count, amount] = /^已选 (\d+) 条，合计 (¥[\d,.]+)$/.exec(summary) ?? []
    expect(count).toBe('3')
    await reviewer.getByRole('button', { name: '批准所选' }).click()
    const approve = reviewer.getByRole('dialog', { name: '确认批准' })
    expect(await approve.getByText(`批准 3 条扣款，合计 ${amount}？`).count()).toBe(1)
    await shot(reviewer, '05-bulk-confirmation')
    await approve.getByRole('button', { name: '批准', exact: true }).click()
    await expect
      .poll(() => reviewer.getByTestId('bulk-approve-report').textContent())
      .toBe(`已批准 3 条，合计 ${amount}。`)
    const approved = (await listOf()).filter((d) => d.status === 'approved')
    expect(approved).toHaveLength(3)

    // --- One adjusted with a reason. --------------------------------------------------------------
    const toAdjust = money.find((d) => !approved.some((a) => a.deductionId === d.deductionId)) as Listed
    await reviewer.goto(
      `${app.url}/deductions/${MONTH}/${encodeURIComponent(toAdjust.deductionId)}?month=${MONTH}`,
    )
    await reviewer.getByRole('button', { name: '调整金额' }).click()
    await reviewer.getByLabel('新扣款金额（元）').fill('100')
    await reviewer.getByLabel('调整理由').fill('当日系统升级，经双方核实按半数扣款')
    await reviewer.getByRole('button', { name: '确认调整' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已调整，扣款 ¥100.00。')

    // --- One of the approved reopened with a reason, back in the queue. ---------------------------
    const toReopen = approved[0] as Listed
    await reviewer.goto(
      `${app.url}/deductions/${MONTH}/${encodeURIComponent(toReopen.deductionId)}?month=${MONTH}`,
    )
    await reviewer.getByRole('button', { name: '重新打开' }).click()
    await reviewer.getByLabel('重新打开的理由').fill('话务数据待数据中心复核后再定')
    await reviewer.getByRole('button', { name: '确认重新打开' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已重新打开，恢复为待审核。')
    await shot(reviewer, '06-reopened')

    // --- The rest approved: the whole list selected, one confirmation. ----------------------------
    await reviewer.goto(`${app.url}/deductions?month=${MONTH}`)
    const pending = (await listOf()).filter((d) => d.status === 'draft')
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    await reviewer.getByLabel(`全选本页列表中的 ${pending.length} 条待审核扣款`).check()
    await reviewer.getByRole('button', { name: '批准所选' }).click()
    const total = formatYuan(sum(pending, (d) => d.amountFen))
    await approve.getByText(`批准 ${pending.length} 条扣款，合计 ${total}？`).waitFor()
    await approve.getByRole('button', { name: '批准', exact: true }).click()
    await expect
      .poll(() => reviewer.getByTestId('bulk-approve-report').textContent())
      .toBe(`已批准 ${pending.length} 条，合计 ${total}。`)
    const decided = (await listOf()).filter((d) => !d.supersededBy && d.status !== 'withdrawn')
    expect(decided.filter((d) => d.status === 'draft')).toEqual([])
    const monthFen = sum(decided, (d) => d.finalAmountFen ?? 0)
    expect(monthFen).toBe(sum(money, (d) => d.amountFen) - (toAdjust.amountFen - 10_000))

    // --- The month closed from the nav's 月度考核确认, after a dialog with the total. -----------------
    await reviewer.getByRole('link', { name: '月度考核确认' }).click()
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/months/${MONTH}?month=${MONTH}`)
    const closeButton = reviewer.getByRole('button', { name: '确认本月考核结果' })
    await expect.poll(() => closeButton.isEnabled()).toBe(true)
    await closeButton.click()
    const closeDialog = reviewer.getByRole('dialog', { name: '确认2026年10月考核结果' })
    expect(await reviewer.getByTestId('close-dialog-total').textContent()).toContain(formatYuan(monthFen))
    await shot(reviewer, '07-close-dialog')
    await closeDialog.getByRole('button', { name: '确认本月' }).click()
    await expect.poll(() => reviewer.getByTestId('month-state-value').textContent()).toBe('已确认')
    expect(await reviewer.getByTestId('month-number').textContent()).toBe('KH-202610-01')
    expect(await reviewer.getByTestId('month-closed-by').textContent()).toBe('甲方审核员（演示）')
    expect(await reviewer.getByTestId('month-total').textContent()).toBe(formatYuan(monthFen))
    await shot(reviewer, '08-closed')

    // --- The 确认单: numbered, every deduction, the total in figures and capitals, for print on A4. --
    await reviewer.getByRole('link', { name: '查看并打印确认单 KH-202610-01' }).click()
    await expect
      .poll(() => reviewer.getByTestId('confirmation-number').textContent())
      .toBe('编号：KH-202610-01')
    const standing = decided.filter((d) => d.status !== 'draft')
    expect(await reviewer.getByTestId('close-deduction-row').count()).toBe(standing.length)
    expect(await reviewer.getByTestId('confirmation-total').textContent()).toBe(
      `人民币（大写）${yuanInCapitals(monthFen)}（小写 ${formatYuan(monthFen)}）`,
    )
    await reviewer.emulateMedia({ media: 'print' })
    expect(await reviewer.locator('nav.nav').isVisible()).toBe(false)
    expect(await reviewer.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    await shot(reviewer, '09-confirmation-print')
    const pdf = await reviewer.pdf({ preferCSSPageSize: true, printBackground: true })
    await writeFile(join(artifactsDir, 'journey-confirmation.pdf'), pdf)
    const boxes4 = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)]
    expect(boxes4.length).toBeGreaterThan(0)
    // A4: 595.28 × 841.89 points.
    for (const [, width, height] of boxes4) {
      expect(Math.abs(Number(width) - 595.28)).toBeLessThan(1.5)
      expect(Math.abs(Number(height) - 841.89)).toBeLessThan(1.5)
    }
    await reviewer.emulateMedia({ media: 'screen' })

    // --- The statement: October's decided deductions on Q4, and the XLSX says the same. ------------
    await reviewer.getByRole('link', { name: '付款结算单' }).click()
    const cells = (testId: string) =>
      reviewer
        .getByTestId(testId)
        .first()
        .evaluate((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? ''))
    await expect.poll(async () => (await cells('withheld-q4'))[6]).toBe(formatYuan(monthFen))
    await shot(reviewer, '10-statement')
    const [download] = await Promise.all([
      reviewer.waitForEvent('download'),
      reviewer.getByRole('button', { name: '导出 XLSX' }).click(),
    ])
    const book = new ExcelJS.Workbook()
    const file = await readFile(await download.path())
    await book.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))
    const sheet = book.worksheets[0]
    const sheetRows: (string | number)[][] = []
    sheet?.eachRow((row) => {
      sheetRows.push(
        Array.from({ length: 10 }, (_, i) => (row.getCell(i + 1).value ?? '') as string | number),
      )
    })
    const q4 = sheetRows.filter((r) => r[0] === '第四季度')
    expect(q4.find((r) => r[2] === '2026年10月扣款小计')?.[7]).toBe(monthFen / 100)
    expect(q4.find((r) => r[2] === '本季度扣款合计')?.[7]).toBe(monthFen / 100)
    // Every money deduction of the month is a row of Q4, with its decided amount.
    const moneyRows = q4.filter((r) => r[1] === '2026年10月' && typeof r[6] === 'number')
    expect(moneyRows.reduce((fen, r) => fen + Math.round(Number(r[6]) * 100), 0)).toBe(monthFen)
    expect(moneyRows.find((r) => r[8] === '已调整')?.[9]).toBe('当日系统升级，经双方核实按半数扣款')

    // --- The contractor acknowledges the 确认单; the reviewer reads it. ----------------------------
    const contractor = await newPage()
    await signInAt(contractor, 'contractor', `/months/${MONTH}?month=${MONTH}`)
    await expect
      .poll(() => contractor.getByTestId('contractor-state').textContent())
      .toContain('乙方尚未确认')
    await contractor.getByRole('button', { name: '确认', exact: true }).click()
    await contractor
      .getByRole('dialog', { name: '确认2026年10月考核结果' })
      .getByRole('button', { name: '确认', exact: true })
      .click()
    await expect
      .poll(() => contractor.getByTestId('contractor-state').textContent())
      .toMatch(/已于 2026年11月5日 10:00 确认本月考核结果。/)
    await shot(contractor, '11-acknowledged')
    expect(pageErrors).toEqual([])
  })

  it('every page, as the reviewer and as the contractor: nothing serious for axe-core, no English', async () => {
    const token = await tokenOf('reviewer')
    const listed: Listed[] = (await api(`/api/v1/deductions?month=${MONTH}`, { token })).body.deductions
    const of = (kpi: string) => listed.find((d) => d.kpi === kpi && d.draft.evidence.ids.length > 0) as Listed
    const call = of('answer_15s')
    const transfer = of('service_error.transfer')
    const publication = of('publish_accuracy')
    const incident = listed.find(
      (d) => d.kpi === 'complaint' || d.kpi === 'inspection' || d.kpi === 'confidentiality',
    )
    const staff = (await api('/api/v1/staff-events?limit=1', { token })).body.records?.[0]?.staffId as string
    const week = '2026-W41'
    const check = (await api(`/api/v1/facility-checks?week=${week}&limit=1`, { token })).body.records?.[0] as
      | { checkId?: string; at: string; type: string }
      | undefined
    const encode = encodeURIComponent
    const pages = [
      '/dashboard',
      '/deductions',
      `/deductions/${MONTH}/${encode(call.deductionId)}`,
      `/deductions/${MONTH}/${encode(transfer.deductionId)}`,
      `/months/${MONTH}`,
      `/months/${MONTH}/confirmation`,
      '/statement',
      '/tickets',
      `/tickets/${encode(transfer.draft.evidence.ids[0] as string)}`,
      `/search?q=${encode(transfer.draft.evidence.ids[0] as string)}`,
      '/incidents',
      '/compliance?tab=checks',
      '/compliance?tab=training',
      '/compliance?tab=publications',
      '/compliance?tab=staff',
      `/records/calls/${call.period}/${encode(call.draft.evidence.ids[0] as string)}`,
      `/records/publications/${publication.period}/${encode(publication.draft.evidence.ids[0] as string)}`,
      ...(incident ? [`/records/incidents/${MONTH}/${encode(incident.subject ?? '')}`] : []),
      ...(check ? [`/records/checks/${week}/${encode(check.checkId ?? check.at)}?type=${check.type}`] : []),
      ...(staff ? [`/records/staff/${encode(staff)}`] : []),
      '/outbox',
      '/import',
      '/settings',
      '/status',
    ]
    for (const username of ['reviewer', 'contractor']) {
      const page = await newPage()
      await signInAt(page, username)
      for (const path of pages) {
        await page.goto(`${app.url}${path}${path.includes('?') ? '&' : '?'}month=${MONTH}`)
        await settled(page)
        await checkPage(page, `${path} as ${username}`)
      }
      await page.close()
    }
    // Signed out: the sign-in page, the system status and the citizen page.
    const anyone = await newPage()
    for (const path of ['/login', '/status', '/citizen/']) {
      await anyone.goto(`${app.url}${path}`)
      await anyone.waitForLoadState('networkidle')
      await checkPage(anyone, `${path} signed out`)
    }
    expect(pageErrors).toEqual([])
  })
})
