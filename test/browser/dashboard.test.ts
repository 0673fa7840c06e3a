/**
 * The KPI dashboard and the payment statement end to end, in Debian Chromium against the local
 * server, in Chinese. The server holds what `pnpm dev` shows — the demo October 2026 (seed 42,
 * scale 0.1 — `pnpm dev`'s shape, quicker — imported and its jobs run) — and November 2026 made through the API: calls, ratings
 * and publications for two days — 11-09 meets every target, 11-10 breaches answer-within-15s
 * (80 %), connection (90 %) and publication accuracy (2 of 3) — then the daily jobs for both days
 * and the monthly job, and a reviewer approves the ¥200 answer-within-15s deduction. The server's
 * clock and the browser's stand at 2026-12-21 10:00 Beijing time.
 *
 * A reviewer signs in and lands on the dashboard of the month the API opens on (`GET /months`'s
 * `current`: October, whose drafts await review — not "the calendar month before today",
 * November), drawn from the month's summary alone (`GET /kpis/summary`, no evidence fetched): each
 * daily tile's badge counts its days below target as the API's full results do; the
 * answer-within-15s tile leads to `/deductions?month=2026-10&kpi=answer_15s`, a breach day of the
 * calendar to that day's deductions; hovering the chart on a breach day shows its date and value,
 * the same as the data table's; every heat-map fill keeps its day number at 4.5:1 or more; axe-core
 * finds nothing serious and no English word shows. Then November through the month picker: its
 * tiles (connection's month meets 95 % yet one day missed: "1 天未达标"), the three uPlot charts
 * drawn on real canvases (pixels checked: the line, the orange target line, the red breach
 * markers), the calendar marking 11-10 with three breached KPIs, the ¥7,000 of deductions so far.
 * On the statement page (Q1–Q3 paid on time by the demo): Q4 withholds November's approved ¥200
 * with October's and November's drafts pending (not counted), its net is ¥326,392.00, due in 10 days
 * with a warning; the XLSX export is downloaded from the page and read back with exceljs (the
 * page's rows), the CSV too; then Q4's payment is recorded through the form.
 * Screenshots go to test-results/dashboard-*.png and statement-*.png.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadDemo } from '@hotline/functions/demo'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { axeFindings, englishOnPage } from '../support/page-checks'
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

/**
 * A reviewer signs in on the login page and lands on the dashboard of the month the app opens on;
 * the paths and queries of the API calls the page makes go into `calls` when given.
 */
async function signInToDashboard(calls?: string[]): Promise<Page> {
  const page = await newPage()
  if (calls) {
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/api/')) calls.push(`${url.pathname}${url.search}`)
    })
  }
  await page.goto(`${app.url}/login`)
  await page.getByLabel('用户名').fill('reviewer')
  await page.getByLabel('密码').fill(await demoPassword('reviewer'))
  await page.getByLabel('密码').press('Enter')
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${app.url}/dashboard?month=2026-10`)
  return page
}

/** A KPI result as `GET /kpis` answers (the fields read here): what the summary-drawn page is checked against. */
type KpiResult = { kpi: string; period: string; subject: string | null; met: boolean | null }

/** `[background, text]` colours and their contrast ratio of each heat-map level shown on the page. */
function heatContrasts(page: Page) {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number)
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = rgb(css).map((v) => {
        const c = v / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const out: Record<string, number> = {}
    for (const level of ['nodata', '0', '1', '2', '3']) {
      const cell = document.querySelector<HTMLElement>(`[data-testid="breach-calendar"] td.heat-${level}`)
      const number = cell?.querySelector<HTMLElement>('[aria-hidden="true"]')
      if (!cell || !number) continue
      const [light, dark] = [
        luminance(getComputedStyle(cell).backgroundColor),
        luminance(getComputedStyle(number).color),
      ].sort((a, b) => b - a) as [number, number]
      out[level] = Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100
    }
    return out
  })
}

beforeAll(async () => {
  // --- October 2026: the demo month `pnpm dev` loads into a fresh store. ----------------------------
  await loadDemo(app.server.deps, { month: '2026-10', seed: 42, scale: 0.1, log: () => undefined })

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
  // Q1–Q3 are paid on their due dates by the demo; Q4 is recorded through the statement page below.
}, 300_000)

describe('KPI dashboard and payment statement in Chromium', () => {
  it("opens on the API's month (the demo's October): tiles lead to their drafts, days to theirs, a hovered day shows its value", async () => {
    const reviewer = await tokenOf('reviewer')
    const months = await api('/api/v1/months', { token: reviewer })
    expect(months.status, 'GET /api/v1/months (the backend of the month in context)').toBe(200)
    expect(months.body.current).toBe('2026-10')
    const { results } = (await api('/api/v1/kpis?month=2026-10', { token: reviewer })).body as {
      results: KpiResult[]
    }
    const daysBelow = (kpi: string) =>
      results.filter((r) => r.kpi === kpi && r.subject === null && r.period.length === 10 && r.met === false)
    const badge = (n: number) => (n > 0 ? `${n} 天未达标` : '每天达标')

    // Not November (the calendar month before today, no results): the month whose drafts await review.
    const calls: string[] = []
    const page = await signInToDashboard(calls)
    expect(await page.getByLabel('考核月份').inputValue()).toBe('2026-10')
    await expect.poll(() => page.getByText(/^2026年10月各项考核指标/).count()).toBe(1)

    const tile = (id: string) => page.getByTestId(`tile-${id}`)
    await tile('answer_15s').getByTestId('tile-value').waitFor()
    // Each daily tile counts its days below target, as the API's daily results say; never a bare 未达标.
    for (const kpi of ['answer_15s', 'connection', 'publish_accuracy']) {
      expect(await tile(kpi).getByTestId('tile-badge').textContent(), kpi).toBe(badge(daysBelow(kpi).length))
      expect(await tile(kpi).getByTestId('tile-rule').textContent()).toBe('按日考核')
    }
    expect(await tile('satisfaction').getByTestId('tile-rule').textContent()).toBe('按月考核')
    expect(await tile('answer_15s').getByTestId('tile-value').textContent()).toMatch(/^\d+\.\d{2,}%$/)
    // The page drew those from the month's summary alone: no result's evidence was fetched.
    expect(calls.filter((c) => c.startsWith('/api/v1/kpis'))).toEqual(['/api/v1/kpis/summary?month=2026-10'])
    await shot(page, 'dashboard-october')

    // Every heat-map fill keeps its day number readable (WCAG AA: 4.5:1). October has days of every
    // breach level; November below has the days without data.
    const contrasts = await heatContrasts(page)
    expect(Object.keys(contrasts).sort()).toEqual(['0', '1', '2', '3'])
    for (const [level, ratio] of Object.entries(contrasts))
      expect(ratio, `heat-${level}`).toBeGreaterThanOrEqual(4.5)
    expect(await axeFindings(page)).toEqual([])
    expect(await englishOnPage(page)).toEqual([])

    // A tile is a link to that KPI's breaches and drafts.
    await tile('answer_15s').getByRole('link').click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/deductions')
    const tileTarget = new URL(page.url()).searchParams
    expect([tileTarget.get('month'), tileTarget.get('kpi')]).toEqual(['2026-10', 'answer_15s'])
    await page.goBack()
    await expect.poll(() => page.url()).toBe(`${app.url}/dashboard?month=2026-10`)

    // A breach day of the calendar is a link to that day's deductions, named by what it breached.
    const breach = daysBelow('answer_15s')[0]
    expect(breach, 'the demo month has a day below the answer-within-15s target').toBeDefined()
    const date = breach?.period ?? ''
    const dayLink = page.getByTestId(`heat-${date}`).getByRole('link')
    const day = Number(date.slice(8, 10))
    expect(await dayLink.textContent()).toContain(`10月${day}日：`)
    expect(await dayLink.textContent()).toContain('15秒应答及时率')
    await dayLink.click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/deductions')
    const dayTarget = new URL(page.url()).searchParams
    expect([dayTarget.get('month'), dayTarget.get('period')]).toEqual(['2026-10', date])
    await page.goBack()
    await expect.poll(() => page.url()).toBe(`${app.url}/dashboard?month=2026-10`)

    // Hovering the chart on that day shows its date and value: the data table's figure.
    const figure = page.getByTestId('trend-answer_15s')
    const over = figure.locator('.u-over')
    await over.scrollIntoViewIfNeeded()
    const box = await over.boundingBox()
    if (!box) throw new Error('the chart has no plot area')
    // The x axis runs from the 1st to the 31st of October across the plot.
    await page.mouse.move(box.x + ((day - 1) / 30) * box.width, box.y + box.height / 2)
    const tip = figure.getByTestId('trend-tip')
    await expect.poll(() => tip.isVisible()).toBe(true)
    const hovered = await tip.textContent()
    await page.screenshot({ path: join(artifactsDir, 'dashboard-chart-hover.png'), clip: box })
    await figure.locator('summary').click()
    const row = figure.locator('tbody tr').filter({ has: page.locator(`time[datetime="${date}"]`) })
    const exact = ((await row.locator('td').first().textContent()) ?? '').split(' (')[0]
    expect(exact).toMatch(/^\d+\.\d{2,}%$/)
    expect(hovered).toBe(`10月${day}日 ${exact}（未达标）`)
    await page.mouse.move(0, 0)
    await expect.poll(() => tip.isVisible()).toBe(false)
    expect(pageErrors).toEqual([])
  })

  it('shows November through the month picker: tiles, charts drawn with their target line and breach days, the breach calendar', async () => {
    const page = await signInToDashboard()
    await page.getByLabel('考核月份').selectOption('2026-11')
    await expect.poll(() => page.url()).toBe(`${app.url}/dashboard?month=2026-11`)

    const tile = (id: string) => page.getByTestId(`tile-${id}`)
    await expect.poll(() => tile('satisfaction').getByTestId('tile-value').textContent()).toBe('95.00%')
    expect(await tile('satisfaction').getByTestId('tile-badge').textContent()).toBe('达标')
    // Month roll-ups: 36/40 within 15 s, 38/40 connected, 4/5 accurate; each with its day below target.
    // The month's connection rate meets 95 %, yet 11-10 was charged: the badge counts the day.
    expect(await tile('answer_15s').getByTestId('tile-value').textContent()).toBe('90.00%')
    expect(await tile('answer_15s').getByTestId('tile-badge').textContent()).toBe('1 天未达标')
    expect(await tile('connection').getByTestId('tile-value').textContent()).toBe('95.00%')
    expect(await tile('connection').getByTestId('tile-badge').textContent()).toBe('1 天未达标')
    expect(await tile('publish_accuracy').getByTestId('tile-value').textContent()).toBe('80.00%')
    expect(await tile('publish_accuracy').getByTestId('tile-badge').textContent()).toBe('1 天未达标')
    expect(await tile('answer_15s').getByRole('link').getAttribute('href')).toBe(
      '/deductions?month=2026-11&kpi=answer_15s',
    )
    expect(await tile('service_errors').getByTestId('tile-value').textContent()).toBe('0 次')
    expect(await tile('service_errors').getByTestId('tile-badge').textContent()).toBe('达标')
    expect(await tile('incidents').getByTestId('tile-value').textContent()).toBe('0 次')
    // Drafts ¥200 + ¥6,600, approved ¥200.
    expect(await page.getByTestId('deduction-total').textContent()).toBe('¥7,000.00')
    expect(await page.getByTestId('deduction-approved').textContent()).toBe('¥200.00')
    expect(await page.getByTestId('deduction-draft').textContent()).toBe('¥6,800.00')
    expect(await page.getByTestId('deduction-link-draft').getAttribute('href')).toBe(
      '/deductions?month=2026-11&status=draft',
    )

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
    // The day numbers of 11-11 (no data), 11-09 (met) and 11-10 (three breaches) stay readable.
    const contrasts = await heatContrasts(page)
    expect(Object.keys(contrasts).sort()).toEqual(['0', '3', 'nodata'])
    for (const [level, ratio] of Object.entries(contrasts))
      expect(ratio, `heat-${level}`).toBeGreaterThanOrEqual(4.5)
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
    await expect
      .poll(() => tile('answer_15s').getByTestId('tile-badge').textContent())
      .toBe('Days below target: 1')
    // The chart is drawn anew with English labels.
    await expect
      .poll(() => page.getByTestId('trend-answer_15s').locator('.u-legend').textContent())
      .toBe('Daily valueTarget ≥ 90%Breach day')
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

    // Q1–Q3 paid on their due dates by the demo's reviewer: on time, no late fee.
    const cellsOf = (testId: string) => page.getByTestId(testId).locator('th, td').allTextContents()
    await expect.poll(async () => (await cellsOf('payment-q3'))[8]).toMatch(/^2026年9月30日付款，由.+记录$/)
    expect((await cellsOf('status-q3')).slice(7)).toEqual(['已付款', '按期付款'])
    expect(await page.getByTestId('statement-rule').textContent()).toContain(
      '从决定当日尚未支付的下一期付款中扣除',
    )

    // Q4: per billing month — October's drafts all pending (not counted), November's approved ¥200
    // withheld and its drafts pending; net ¥326,392.00, due 12-31 — ten days left, warned.
    expect((await cellsOf('gross-q4'))[6]).toBe('¥326,592.00')
    expect(await cellsOf('deduction-q4')).toEqual([
      '2026年11月',
      '15秒应答及时率',
      '2026年11月10日',
      '',
      '¥200.00',
      '¥200.00',
      '¥200.00',
      '已批准',
      '',
    ])
    const rowsOf = (testId: string) =>
      page
        .getByTestId(testId)
        .evaluateAll((rows) =>
          rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
        )
    expect((await rowsOf('subtotal-q4')).map((r) => [r[1], r[6]])).toEqual([
      ['2026年10月扣款小计', '¥0.00'],
      ['2026年11月扣款小计', '¥200.00'],
    ])
    const pending = (await rowsOf('pending-q4')).map((r) => r[1])
    expect(pending[0]).toMatch(/^待审核 ¥[\d,]+\.\d\d（未计入）$/)
    expect(pending[1]).toBe('待审核 ¥6,800.00（未计入）')
    expect((await cellsOf('withheld-q4'))[6]).toBe('¥200.00')
    expect((await cellsOf('net-q4'))[6]).toBe('¥326,392.00')
    expect((await cellsOf('status-q4')).slice(7)).toEqual(['待付款', '还有 10 天到期'])
    expect(await page.getByTestId('badge-q4').textContent()).toBe('待付款')
    expect(await page.getByTestId('warn-q4').textContent()).toContain(
      '请在2026年12月31日（含）前支付 ¥326,392.00',
    )
    const totals = await rowsOf('total')
    expect(totals.find((r) => r[0] === '实付合计')?.[1]).toBe('¥1,399,480.00')
    expect(totals.find((r) => r[0] === '已付合计')?.[1]).toBe('¥1,073,088.00')
    expect(totals.find((r) => r[0] === '逾期违约金合计')?.slice(1)).toEqual(['¥0.00', '无逾期'])
    await shot(page, 'statement-2026-12-21')

    // --- Export the XLSX from the page and read it back: the page's rows. -------------------------
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 XLSX' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('付款结算单-2026-12-21.xlsx')
    const path = await download.path()
    const book = new ExcelJS.Workbook()
    const file = await readFile(path)
    await book.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))
    const sheet = book.worksheets[0]
    expect(sheet?.name).toBe('结算单')
    const rows: (string | number)[][] = []
    sheet?.eachRow({ includeEmpty: true }, (row) => {
      rows.push(Array.from({ length: 10 }, (_, i) => (row.getCell(i + 1).value ?? '') as string | number))
    })
    expect(rows[4]).toEqual([
      '季度',
      '账期',
      '项目',
      '考核期',
      '对象',
      '起草金额（元）',
      '核定金额（元）',
      '本期金额（元）',
      '状态',
      '说明',
    ])
    const q4Rows = rows.filter((r) => r[0] === '第四季度')
    expect(q4Rows.find((r) => r[2] === '15秒应答及时率')).toEqual([
      '第四季度',
      '2026年11月',
      '15秒应答及时率',
      '2026年11月10日',
      '',
      200,
      200,
      200,
      '已批准',
      '',
    ])
    expect(q4Rows.find((r) => r[2] === '待审核 ¥6,800.00（未计入）')?.[5]).toBe(6800)
    expect(q4Rows.find((r) => r[2] === '实付金额（应付金额 − 扣款合计）')?.[7]).toBe(326_392)
    expect(rows.find((r) => r[2] === '实付合计')?.[7]).toBe(1_399_480)
    await expect
      .poll(() => page.getByTestId('export-status').textContent())
      .toBe('已下载 付款结算单-2026-12-21.xlsx')

    // The CSV too, from the same page.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ])
    const text = await readFile(await csv.path(), 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text).toContain('第四季度,,实付金额（应付金额 − 扣款合计）,,,,,326392.00,,')
    await shot(page, 'statement-exported')

    // Q4 paid today through the form, in yuan: paid on time, recorded by the signed-in reviewer.
    await page.getByLabel('季度', { exact: true }).selectOption('4')
    await page.getByLabel('付款日期').fill('2026-12-21')
    await page.getByLabel('金额（元）').fill('326,392.00')
    await page.getByRole('button', { name: '记录付款' }).click()
    await expect
      .poll(() => page.getByTestId('payment-done').textContent())
      .toBe('已记录第四季度付款 ¥326,392.00。')
    await expect.poll(async () => (await cellsOf('payment-q4'))[8]).toMatch(/^2026年12月21日付款，由.+记录$/)
    expect((await cellsOf('status-q4')).slice(7)).toEqual(['已付款', '按期付款'])
    expect(pageErrors).toEqual([])
  })
})
