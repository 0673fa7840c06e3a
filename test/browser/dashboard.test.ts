/**
 * The KPI dashboard and the payment statement end to end, in Debian Chromium against the local
 * server, in Chinese. November 2026 is made through the API: calls, ratings and publications for
 * two days — 11-09 meets every target, 11-10 breaches answer-within-15s (80 %), connection (90 %)
 * and publication accuracy (2 of 3) — then the daily jobs for both days and the monthly job, and a
 * reviewer approves the ¥200 answer-within-15s deduction. The server's clock and the browser's
 * stand at 2026-12-21 10:00 Beijing time, so the dashboard opens on November and the statement
 * as of 12-21, ten days before Q4 is due.
 *
 * A reviewer signs in and lands on the dashboard: its tiles, the three uPlot charts drawn on real
 * canvases (pixels checked: the line, the orange target line, the red breach markers), the
 * calendar marking 11-10 with three breached KPIs, the ¥7,000 of deductions so far. On the
 * statement page they record Q3's payment through the form (Q1 and Q2 through the API): Q4
 * withholds the approved ¥200, its net is ¥326,392.00, due in 10 days with a warning. The XLSX
 * export is downloaded from the page and read back with exceljs: the deduction line and the net.
 * Screenshots go to test-results/dashboard-*.png and statement-*.png.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactsDir } from '../support/paths'
import { demoPassword, useBrowserApp } from './support'

/** 2026-12-21 10:00 in Beijing: the clock of the server (running on from there) and of the page. */
const NOW = Date.parse('2026-12-21T02:00:00.000Z')

const app = useBrowserApp({
  clock: { at: new Date(NOW), running: true },
  page: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
})
const { shot, api, tokenOf, pageErrors } = app

async function newPage(): Promise<Page> {
  const page = await app.newPage()
  await page.clock.setFixedTime(new Date(NOW))
  return page
}

async function post(path: string, token: string, body: unknown, status = 200) {
  const res = await api(path, { method: 'POST', token, body })
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  return res.body
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * 20 calls on `date` from 09:00, one a minute, all by agent A1: answered 10 s after entering the
 * queue, except `late` answered after 40 s and `abandoned` never answered.
 */
function calls(date: string, late: number, abandoned: number) {
  return Array.from({ length: 20 }, (_, i) => {
    const at = (s: number) => `${date}T09:${pad(i)}:${pad(s)}+08:00`
    const kind = i < abandoned ? 'abandoned' : i < abandoned + late ? 'late' : 'ok'
    return {
      callId: `C-${date}-${pad(i)}`,
      enqueuedAt: at(0),
      answeredAt: kind === 'abandoned' ? null : at(kind === 'late' ? 40 : 10),
      endedAt: at(55),
      agentId: kind === 'abandoned' ? null : 'A1',
    }
  })
}

/** Reads the whole canvas of a chart: pixels drawn, and those near each series' colour. */
function canvasPixels(page: Page, testId: string) {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`)
    if (!canvas) return null
    const context = canvas.getContext('2d')
    if (!context) return null
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
    const near = (i: number, [r, g, b]: [number, number, number]) =>
      Math.abs((data[i] ?? 0) - r) + Math.abs((data[i + 1] ?? 0) - g) + Math.abs((data[i + 2] ?? 0) - b) <
        40 && (data[i + 3] ?? 0) > 200
    let drawn = 0
    let line = 0
    let target = 0
    let breach = 0
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i + 3] ?? 0) > 0) drawn++
      if (near(i, [0x0b, 0x4f, 0x8a])) line++
      if (near(i, [0xc2, 0x41, 0x0c])) target++
      if (near(i, [0xb4, 0x23, 0x18])) breach++
    }
    return { width: canvas.width, height: canvas.height, drawn, line, target, breach }
  }, testId)
}

beforeAll(async () => {
  // --- November 2026 through the API. ------------------------------------------------------------
  const callCentre = await tokenOf('callcentre')
  const contractor = await tokenOf('contractor')
  const reviewer = await tokenOf('reviewer')
  await post('/api/v1/calls', callCentre, { records: calls('2026-11-09', 0, 0) })
  // 11-10: 2 abandoned and 2 answered late → answered within 15 s 16/20 = 80 %, connected 18/20 = 90 %.
  await post('/api/v1/calls', callCentre, { records: calls('2026-11-10', 2, 2) })
  const levels = [...Array(18).fill('satisfied'), 'basically_satisfied', 'dissatisfied']
  await post('/api/v1/ratings', callCentre, {
    records: levels.map((level, i) => ({
      ticketId: `T-2026-11-${pad(i)}`,
      at: `2026-11-${pad(9 + (i % 2))}T15:00:00+08:00`,
      level,
    })),
  })
  for (const [id, date, accurate] of [
    ['P1', '2026-11-09', true],
    ['P2', '2026-11-09', true],
    ['P3', '2026-11-10', true],
    ['P4', '2026-11-10', true],
    ['P5', '2026-11-10', false],
  ] as const) {
    await post('/api/v1/publications', contractor, {
      publicationId: id,
      at: `${date}T12:00:00+08:00`,
      channel: 'website',
      accurate,
    })
  }
  for (const date of ['2026-11-09', '2026-11-10']) await post('/api/v1/jobs/daily', reviewer, { date })
  await post('/api/v1/jobs/monthly', reviewer, { month: '2026-11' })

  const { deductions } = (await api('/api/v1/deductions?month=2026-11', { token: reviewer })).body as {
    deductions: { deductionId: string; amountFen: number; version: number }[]
  }
  // The charged ones; the monthly job also records ¥0 breaches (no weekly checks logged, A1's training).
  expect(deductions.filter((d) => d.amountFen > 0).map((d) => [d.deductionId, d.amountFen])).toEqual([
    ['answer_15s:2026-11-10', 20_000],
    ['connection:2026-11-10', 20_000],
    ['publish_accuracy:2026-11-10', 660_000],
  ])
  const approve = deductions.find((d) => d.deductionId === 'answer_15s:2026-11-10')
  await post(`/api/v1/deductions/2026-11/${approve?.deductionId}/decision`, reviewer, {
    decision: 'approved',
    expectedVersion: approve?.version,
  })
  // Q1 and Q2 paid on time; Q3 is recorded through the statement page below.
  await post('/api/v1/payments', reviewer, { quarter: 1, paidOn: '2026-03-05', amountFen: 41_990_400 }, 201)
  await post('/api/v1/payments', reviewer, { quarter: 2, paidOn: '2026-06-28', amountFen: 32_659_200 }, 201)
})

describe('KPI dashboard and payment statement in Chromium', () => {
  it('lands on the dashboard: tiles, charts drawn with their target line and breach days, the breach calendar', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/login`)
    await page.getByLabel('用户名').fill('reviewer')
    await page.getByLabel('密码').fill(await demoPassword('reviewer'))
    await page.getByLabel('密码').press('Enter')
    // The start page after signing in; December 21st → the previous month, November.
    await expect.poll(() => page.url()).toBe(`${app.url}/dashboard`)
    expect(await page.getByLabel('月份').inputValue()).toBe('2026-11')

    const tile = (id: string) => page.getByTestId(`tile-${id}`)
    await expect.poll(() => tile('satisfaction').getByTestId('tile-value').textContent()).toBe('95.00%')
    expect(await tile('satisfaction').getByTestId('tile-badge').textContent()).toBe('达标')
    // Month roll-ups: 36/40 within 15 s, 38/40 connected, 4/5 accurate; each with its day below target.
    expect(await tile('answer_15s').getByTestId('tile-value').textContent()).toBe('90.00%')
    expect(await tile('answer_15s').getByTestId('tile-badge').textContent()).toBe('未达标')
    expect(await tile('answer_15s').textContent()).toContain('1 天低于目标')
    expect(await tile('connection').getByTestId('tile-value').textContent()).toBe('95.00%')
    expect(await tile('connection').getByTestId('tile-badge').textContent()).toBe('未达标')
    expect(await tile('publish_accuracy').getByTestId('tile-value').textContent()).toBe('80.00%')
    expect(await tile('service_errors').getByTestId('tile-value').textContent()).toBe('0 次')
    expect(await tile('service_errors').getByTestId('tile-badge').textContent()).toBe('达标')
    expect(await tile('incidents').getByTestId('tile-value').textContent()).toBe('0 次')
    // Drafts ¥200 + ¥6,600, approved ¥200.
    expect(await page.getByTestId('deduction-total').textContent()).toBe('¥7,000.00')
    expect(await page.getByTestId('deduction-decided').textContent()).toBe('¥200.00')

    // The charts: uPlot's canvases, drawn.
    for (const kpi of ['answer_15s', 'connection', 'publish_accuracy']) {
      const chart = page.getByTestId(`trend-${kpi}`).getByTestId('trend-chart')
      await chart.locator('canvas').waitFor()
      await expect.poll(async () => (await canvasPixels(page, `trend-${kpi}`))?.line ?? 0).toBeGreaterThan(50)
      const pixels = await canvasPixels(page, `trend-${kpi}`)
      expect(pixels?.width).toBeGreaterThan(200)
      expect(pixels?.drawn).toBeGreaterThan(2000)
      expect(pixels?.target, `${kpi}: the target line`).toBeGreaterThan(50)
      expect(pixels?.breach, `${kpi}: the breach marker of 11-10`).toBeGreaterThan(20)
      expect(await chart.getAttribute('aria-label')).toContain('1 天未达标')
    }

    // The calendar: 11-10 breached three KPIs, 11-09 none, 11-11 has no data.
    const day = (date: string) => page.getByTestId(`heat-${date}`)
    expect(await day('2026-11-10').getAttribute('data-breaches')).toBe('3')
    expect(await day('2026-11-10').getAttribute('class')).toContain('heat-3')
    expect(await day('2026-11-10').textContent()).toContain(
      '11月10日：3项指标未达标（15秒应答及时率、接通率、信息发布准确率）',
    )
    expect(await day('2026-11-09').getAttribute('data-breaches')).toBe('0')
    expect(await day('2026-11-09').textContent()).toContain('11月9日：全部达标')
    expect(await day('2026-11-11').textContent()).toContain('11月11日：无数据')
    const colour = await day('2026-11-10').evaluate((td) => getComputedStyle(td).backgroundColor)
    expect(colour).toBe('rgb(160, 29, 20)')
    // November 2026 starts on a Sunday: six blank cells before it in a Monday-first week.
    expect(
      await page
        .getByTestId('breach-calendar')
        .locator('tbody tr')
        .first()
        .locator('td')
        .evaluateAll((cells) => cells.map((td) => td.querySelector('[aria-hidden]')?.textContent ?? '')),
    ).toEqual(['', '', '', '', '', '', '1'])

    await shot(page, 'dashboard-november')
    await page
      .getByTestId('breach-calendar')
      .screenshot({ path: join(artifactsDir, 'dashboard-calendar.png') })
    await page.getByTestId('trend-answer_15s').screenshot({ path: join(artifactsDir, 'dashboard-chart.png') })

    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => tile('answer_15s').getByTestId('tile-badge').textContent()).toBe('Breach')
    // The chart is drawn anew with English labels.
    await expect
      .poll(() => page.getByTestId('trend-answer_15s').locator('.u-legend').textContent())
      .toBe('Daily valueTargetBreach day')
    await expect
      .poll(async () => (await canvasPixels(page, 'trend-answer_15s'))?.breach ?? 0)
      .toBeGreaterThan(20)
    await shot(page, 'dashboard-november-en')
    await page.getByRole('button', { name: '中文' }).click()
    expect(pageErrors).toEqual([])
  })

  it('shows the statement with the withheld deduction, records a payment, and exports an XLSX that reads back', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/statement`)
    await expect.poll(() => page.url()).toBe(`${app.url}/login?next=%2Fstatement`)
    await page.getByLabel('用户名').fill('reviewer')
    await page.getByLabel('密码').fill(await demoPassword('reviewer'))
    await page.getByLabel('密码').press('Enter')
    await expect.poll(() => page.url()).toBe(`${app.url}/statement`)
    expect(await page.getByLabel('截至日期').inputValue()).toBe('2026-12-21')

    // Q3 is not paid yet: record it through the form, in yuan.
    await expect.poll(() => page.getByTestId('paid-q3').textContent()).toBe('未支付')
    await page.getByLabel('季度', { exact: true }).selectOption('3')
    await page.getByLabel('付款日期').fill('2026-09-29')
    await page.getByLabel('金额（元）').fill('326,592.00')
    await page.getByRole('button', { name: '记录付款' }).click()
    await expect
      .poll(() => page.getByTestId('payment-done').textContent())
      .toBe('已记录第三季度付款 ¥326,592.00。')
    await expect.poll(() => page.getByTestId('paid-q3').textContent()).toBe('2026年9月29日已支付 ¥326,592.00')

    // Q4: the approved ¥200 withheld, net ¥326,392.00, due 12-31 — ten days left, warned.
    const q4 = page.getByTestId('statement-q4')
    expect(await page.getByTestId('gross-q4').textContent()).toBe('¥326,592.00')
    expect(await q4.getByTestId('deduction-q4').locator('th, td').allTextContents()).toEqual([
      '扣款：15秒应答及时率',
      '2026-11-10',
      '-¥200.00',
    ])
    expect(await page.getByTestId('withheld-q4').textContent()).toBe('-¥200.00')
    expect(await page.getByTestId('net-q4').textContent()).toBe('¥326,392.00')
    expect(await page.getByTestId('days-left-q4').textContent()).toBe('还有 10 天')
    expect(await page.getByTestId('status-q4').textContent()).toBe('即将到期')
    expect(await page.getByTestId('warn-q4').textContent()).toContain(
      '请在2026年12月31日（含）前支付 ¥326,392.00',
    )
    expect(await page.getByTestId('total-net').textContent()).toBe('¥1,399,480.00')
    expect(await page.getByTestId('total-withheld').textContent()).toBe('-¥200.00')
    await shot(page, 'statement-2026-12-21')

    // --- Export the XLSX from the page and read it back. -----------------------------------------
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 XLSX' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('statement-jiyuan-2026_2026.1-2026-12-21.xlsx')
    const path = await download.path()
    const book = new ExcelJS.Workbook()
    const file = await readFile(path)
    await book.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))
    const sheet = book.worksheets[0]
    expect(sheet?.name).toBe('结算单 Statement')
    const rows: (string | number)[][] = []
    sheet?.eachRow((row) => {
      rows.push((row.values as (string | number | null)[]).slice(1).map((v) => v ?? ''))
    })
    const q4Rows = rows.filter((r) => r[0] === 'Q4')
    expect(q4Rows[0]?.slice(0, 4)).toEqual(['Q4', '应付 Gross (due 2026-12-31)', '§2', 326_592])
    expect(q4Rows[1]?.slice(0, 4)).toEqual(['Q4', '扣款 15秒应答及时率 2026-11-10', '§4.5', -200])
    expect(String(q4Rows[1]?.[4])).toContain('15秒应答及时率 80.00% < 90%')
    expect(q4Rows[2]?.slice(0, 5)).toEqual(['Q4', '实付 Net', '', 326_392, 'days left 10'])
    expect(rows.find((r) => r[1] === '合计实付 Total net')?.[3]).toBe(1_399_480)
    await expect
      .poll(() => page.getByTestId('export-status').textContent())
      .toBe('已下载 statement-jiyuan-2026_2026.1-2026-12-21.xlsx')

    // The CSV too, from the same page.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ])
    const text = await readFile(await csv.path(), 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text).toContain('Q4,实付 Net,,326392.00,days left 10')
    await shot(page, 'statement-exported')
    expect(pageErrors).toEqual([])
  })
})
