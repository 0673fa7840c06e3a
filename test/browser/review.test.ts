/**
 * The deduction review end to end, in Debian Chromium against the local server, in Chinese. Data is
 * made through the API as the call-centre platform and the contractor would send it (20 calls a day
 * on 2026-10-07…09, 17 answered within 15 s; 3 publications on 10-09), then the reviewer runs the
 * daily jobs (three 15秒应答及时率 drafts of ¥200, one 信息发布准确率 of ¥6,600) and October's monthly
 * job (the weekly checks and the onboarding training: ¥0 breaches, recorded, not charged). The
 * contractor objects to one in the app. The reviewer opens the queue on the app's month, filters it
 * by KPI, opens a call from the evidence, approves with `a` and undoes it from the toast, adjusts above
 * the draft (typed in full-width digits) with the confirmation, approves a selection in bulk after
 * one confirmation, reopens one with a reason, adjusts another below, and records the ¥0 breaches in
 * bulk. The statement then withholds what was decided from Q4 (Q1–Q3 paid). The server's clock is
 * fixed at Monday 2026-10-12 10:00 (Beijing), inside the objection window. Screenshots go to
 * test-results/review-*.png.
 */

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { cellsOf, useBrowserApp } from './support'

const NOW = new Date('2026-10-12T02:00:00.000Z')
const ANSWER = 'answer_15s:2026-10-09'
const ANSWER_07 = 'answer_15s:2026-10-07'
const ANSWER_08 = 'answer_15s:2026-10-08'
const PUBLICATION = 'publish_accuracy:2026-10-09'
/** A queue row's cells, its selection box left out. */
const ROW_CELLS = 'th, td:not(.col-select)'

const app = useBrowserApp({
  clock: { at: NOW },
  shotPrefix: 'review-',
  page: { viewport: { width: 1280, height: 900 } },
})
const { newPage, shot, api, tokenOf, signIn, pageErrors } = app

/** The page as it is now: no serious accessibility finding, no English word or raw id in the Chinese. */
async function checkPage(page: Page) {
  expect(await axeFindings(page)).toEqual([])
  expect(await englishOnPage(page)).toEqual([])
}

type Listed = {
  deductionId: string
  amountFen: number
  status: string
  version: number
  audit: { action: string; detail?: Record<string, unknown> }[]
}

/** Three days of calls, 17 of 20 answered within 15 s (85% < 90%); 1 of 3 publications inaccurate on 10-09. */
async function draftMonth(reviewer: string) {
  const integration = await tokenOf('callcentre')
  const contractor = await tokenOf('contractor')
  for (const day of ['07', '08', '09']) {
    const calls = Array.from({ length: 20 }, (_, i) => ({
      callId: day === '09' ? `C${i}` : `C${day}-${i}`,
      enqueuedAt: `2026-10-${day}T09:${String(i).padStart(2, '0')}:00+08:00`,
      answeredAt: `2026-10-${day}T09:${String(i).padStart(2, '0')}:${i < 17 ? '10' : '40'}+08:00`,
      endedAt: `2026-10-${day}T09:${String(i).padStart(2, '0')}:50+08:00`,
      agentId: 'A1',
    }))
    const posted = await api('/api/v1/calls', {
      method: 'POST',
      token: integration,
      body: { records: calls },
    })
    expect(posted.status, JSON.stringify(posted.body)).toBe(200)
  }
  for (const [i, accurate] of [true, true, false].entries()) {
    const publication = {
      publicationId: `P${i}`,
      at: '2026-10-09T12:00:00+08:00',
      channel: 'website',
      accurate,
    }
    const sent = await api('/api/v1/publications', { method: 'POST', token: contractor, body: publication })
    expect(sent.status, JSON.stringify(sent.body)).toBe(200)
  }
  for (const date of ['2026-10-07', '2026-10-08', '2026-10-09']) {
    const run = await api('/api/v1/jobs/daily', { method: 'POST', token: reviewer, body: { date } })
    expect(run.status, JSON.stringify(run.body)).toBe(200)
  }
  const monthly = await api('/api/v1/jobs/monthly', {
    method: 'POST',
    token: reviewer,
    body: { month: '2026-10' },
  })
  expect(monthly.status, JSON.stringify(monthly.body)).toBe(200)
  // Q1–Q3 are paid: what is decided now falls on Q4, the next payment not yet made.
  for (const [quarter, paidOn, amountFen] of [
    [1, '2026-03-05', 41_990_400],
    [2, '2026-06-28', 32_659_200],
    [3, '2026-09-29', 32_659_200],
  ] as const) {
    const paid = await api('/api/v1/payments', {
      method: 'POST',
      token: reviewer,
      body: { quarter, paidOn, amountFen },
    })
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  }
}

describe('deduction review in Chromium', () => {
  it('filters, opens the evidence, approves and undoes, adjusts, approves in bulk, reopens, records the ¥0 ones', async () => {
    const reviewerToken = await tokenOf('reviewer')
    await draftMonth(reviewerToken)
    const listOf = async (): Promise<Listed[]> =>
      (await api('/api/v1/deductions?month=2026-10', { token: reviewerToken })).body.deductions
    const one = async (id: string): Promise<Listed> =>
      (await listOf()).find((d) => d.deductionId === id) as Listed
    const money = (await listOf()).filter((d) => d.amountFen > 0)
    expect(money.map((d) => [d.deductionId, d.amountFen])).toEqual([
      [ANSWER_07, 20_000],
      [ANSWER_08, 20_000],
      [ANSWER, 20_000],
      [PUBLICATION, 660_000],
    ])
    const zero = (await listOf()).filter((d) => d.amountFen === 0)
    expect(zero.length).toBeGreaterThan(0)

    // --- The contractor objects to the ¥200 draft of 10-09, in the app. -------------------------
    const contractor = await newPage()
    await signIn(contractor, 'contractor', `/deductions/2026-10/${encodeURIComponent(ANSWER)}?month=2026-10`)
    await expect
      .poll(() => contractor.getByTestId('formula').textContent())
      .toBe('2026-10-09 15秒应答及时率 85.00% < 90%，扣除200元')
    // The contractor cannot decide, and is not told of deciding.
    expect(await contractor.getByRole('button', { name: /^批准/ }).count()).toBe(0)
    expect(await contractor.locator('main').textContent()).not.toMatch(/批准|审核员可以|第 \d+ 版/)
    await contractor.getByLabel('申诉理由').fill('当日系统故障，已向数据中心报备，请免于扣款。')
    await contractor.getByRole('button', { name: '提交申诉' }).click()
    await expect
      .poll(() => contractor.getByTestId('objection-text').textContent())
      .toBe('当日系统故障，已向数据中心报备，请免于扣款。')
    await shot(contractor, '01-contractor-objection')
    await checkPage(contractor)

    // --- The reviewer opens the queue: the app's month, then one KPI. ------------------------------
    const reviewer = await newPage()
    // A step that cannot happen fails in seconds, naming the step, rather than at the test's timeout.
    reviewer.setDefaultTimeout(15_000)
    // Signed in elsewhere, the queue opened without a month: it opens on the app's month (GET /months).
    await signIn(reviewer, 'reviewer', '/outbox')
    await reviewer.goto(`${app.url}/deductions`)
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/deductions?month=2026-10`)
    expect(await reviewer.getByLabel('考核月份').inputValue()).toBe('2026-10')
    await reviewer.getByLabel('考核指标').selectOption('answer_15s')
    await expect.poll(() => reviewer.url()).toContain('kpi=answer_15s')
    const rows = reviewer.getByTestId('deduction-row')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await cellsOf(rows.nth(2), ROW_CELLS)).toEqual([
      '15秒应答及时率',
      '2026年10月9日',
      '—',
      '¥200.00',
      '待审核',
      '申诉（乙方已申诉，待答复）',
    ])
    expect(await reviewer.getByTestId('total-draft').textContent()).toBe('3 条，¥600.00')
    await shot(reviewer, '02-queue-by-kpi')
    await checkPage(reviewer)

    // --- 10-09: the failing calls, each a link to its record. -------------------------------------
    await rows.nth(2).getByRole('link', { name: '15秒应答及时率' }).click()
    await expect
      .poll(() => reviewer.getByTestId('queue-position').textContent())
      .toBe('队列中第 3 条，共 3 条')
    expect(reviewer.url()).toContain('kpi=answer_15s')
    expect(
      await reviewer
        .getByRole('heading', { name: '未达标的通话（超过 15 秒应答或放弃），最多列出 50 条' })
        .count(),
    ).toBe(1)
    const call = reviewer.getByTestId('evidence-ids').getByRole('link', { name: 'C17', exact: true })
    expect(await call.getAttribute('href')).toBe('/records/calls/2026-10-09/C17?month=2026-10')
    expect(await reviewer.getByTestId('evidence-value').textContent()).toBe('85.00% (17/20)')
    expect(await reviewer.getByTestId('objection-text').textContent()).toBe(
      '当日系统故障，已向数据中心报备，请免于扣款。',
    )
    await shot(reviewer, '03-draft-with-objection')
    await checkPage(reviewer)
    await call.click()
    await expect.poll(() => reviewer.url()).toContain('/records/calls/2026-10-09/C17')
    await expect
      .poll(() => reviewer.getByRole('heading', { level: 2 }).first().textContent())
      .toContain('C17')
    await shot(reviewer, '04-call-from-evidence')
    await reviewer.goBack()
    await expect
      .poll(() => reviewer.getByTestId('queue-position').textContent())
      .toBe('队列中第 3 条，共 3 条')

    // --- `a` approves; the toast offers to undo, and the undo reopens it with a reason. -----------
    await reviewer.keyboard.press('a')
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已批准，扣款 ¥200.00。')
    const toast = reviewer.getByTestId('undo-toast')
    expect(await toast.textContent()).toContain('已批准 15秒应答及时率 · 2026年10月9日 ¥200.00')
    await shot(reviewer, '05-undo-toast')
    await checkPage(reviewer)
    await toast.getByRole('button', { name: /撤销/ }).click()
    await expect.poll(() => toast.textContent()).toBe('已撤销，15秒应答及时率 · 2026年10月9日 恢复为待审核。')
    const undone = await one(ANSWER)
    expect(undone.status).toBe('draft')
    expect(undone.audit.at(-1)).toMatchObject({
      action: 'reopened',
      detail: { reason: '审核人撤销了刚才的批准' },
    })

    // --- Adjusted above the draft, typed in full-width digits: only once confirmed. ---------------
    await reviewer.getByRole('button', { name: '调整金额' }).click()
    await reviewer.getByLabel('新扣款金额（元）').fill('３００')
    await reviewer.getByLabel('调整理由').fill('系统故障期间另有三次未接通，按实际影响计')
    await reviewer.getByRole('button', { name: '确认调整' }).click()
    await expect.poll(() => reviewer.getByText('新金额高于起草金额：请勾选确认。').count()).toBe(1)
    await reviewer.getByLabel('我确认将扣款从 ¥200.00 提高到 ¥300.00（高于起草金额）').check()
    await shot(reviewer, '06-adjust-above-draft')
    await checkPage(reviewer)
    await reviewer.getByRole('button', { name: '确认调整' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已调整，扣款 ¥300.00。')
    await expect.poll(() => reviewer.getByTestId('objection-answer').count()).toBe(1)

    // --- Back on the queue: the two drafts left, approved together after one confirmation. --------
    await reviewer.getByRole('link', { name: '返回扣款列表' }).click()
    await expect.poll(() => rows.count()).toBe(2)
    expect(reviewer.url()).toContain('kpi=answer_15s')
    await reviewer.getByLabel('选择 15秒应答及时率 · 2026年10月7日').check()
    await reviewer.getByLabel('选择 15秒应答及时率 · 2026年10月8日').check()
    expect(await reviewer.getByTestId('selection-summary').textContent()).toBe('已选 2 条，合计 ¥400.00')
    await reviewer.getByRole('button', { name: '批准所选' }).click()
    const dialog = reviewer.getByRole('dialog', { name: '确认批准' })
    expect(await dialog.getAttribute('aria-modal')).toBe('true')
    expect(await dialog.getByText('批准 2 条扣款，合计 ¥400.00？').count()).toBe(1)
    await shot(reviewer, '07-bulk-confirmation')
    await checkPage(reviewer)
    await dialog.getByRole('button', { name: '批准', exact: true }).click()
    await expect
      .poll(() => reviewer.getByTestId('bulk-approve-report').textContent())
      .toBe('已批准 2 条，合计 ¥400.00。')
    expect((await one(ANSWER_07)).status).toBe('approved')
    expect((await one(ANSWER_08)).status).toBe('approved')

    // --- One of them reopened with a reason. ---------------------------------------------------------
    await reviewer.getByLabel('状态').selectOption('all')
    await expect.poll(() => rows.count()).toBe(3)
    await rows.nth(1).getByRole('link', { name: '15秒应答及时率' }).click()
    await reviewer.getByRole('button', { name: '重新打开' }).click()
    await reviewer.getByLabel('重新打开的理由').fill('10月8日的话务数据待数据中心复核')
    await reviewer.getByRole('button', { name: '确认重新打开' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已重新打开，恢复为待审核。')
    expect(await reviewer.getByTestId('previous-decisions').textContent()).toContain('已批准，¥200.00')
    const reopened = await one(ANSWER_08)
    expect(reopened.status).toBe('draft')
    expect(reopened.audit.at(-1)).toMatchObject({
      action: 'reopened',
      detail: { reason: '10月8日的话务数据待数据中心复核' },
    })
    await shot(reviewer, '08-reopened')
    await checkPage(reviewer)

    // --- The publication, adjusted below the draft with a reason. ---------------------------------
    await reviewer.goto(`${app.url}/deductions/2026-10/${encodeURIComponent(PUBLICATION)}?month=2026-10`)
    expect(await reviewer.getByTestId('evidence-points').textContent()).toBe('33.33，计 33 个（只计整点）')
    expect(await reviewer.getByTestId('evidence-ids').textContent()).toBe('P2')
    await reviewer.getByRole('button', { name: '调整金额' }).click()
    const amount = reviewer.getByLabel('新扣款金额（元）')
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true)
    await amount.pressSequentially('2000')
    await reviewer.getByLabel('调整理由').fill('一条为转载上级通报，按实际差错计')
    // A `j` typed in the reason is a letter, not a shortcut: the page stays.
    await reviewer.keyboard.press('j')
    expect(await reviewer.getByLabel('调整理由').inputValue()).toBe('一条为转载上级通报，按实际差错计j')
    expect(reviewer.url()).toContain(encodeURIComponent(PUBLICATION))
    await reviewer.keyboard.press('Backspace')
    await reviewer.getByRole('button', { name: '确认调整' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已调整，扣款 ¥2,000.00。')

    // --- The ¥0 breaches, apart from the money: recorded all at once. -------------------------------
    await reviewer.getByRole('link', { name: '返回扣款列表' }).click()
    const records = reviewer.getByTestId('zero-records')
    await expect.poll(() => records.getByRole('heading', { name: '记录（不扣款）' }).count()).toBe(1)
    expect(await rows.count()).toBe(1) // the money: only 10-08, reopened
    await shot(reviewer, '09-records-apart')
    await checkPage(reviewer)
    await records.getByRole('button', { name: `全部记录（${zero.length} 条）` }).click()
    await expect
      .poll(() => reviewer.getByTestId('zero-records-report').textContent())
      .toBe(`已记录 ${zero.length} 条（不扣款）。`)
    expect((await listOf()).filter((d) => d.amountFen === 0).every((d) => d.status === 'acknowledged')).toBe(
      true,
    )

    // --- Every status: the totals of what stands. ---------------------------------------------------
    await reviewer.getByLabel('状态').selectOption('all')
    await expect.poll(() => rows.count()).toBe(4)
    expect(await reviewer.getByTestId('total-draft').textContent()).toBe('1 条，¥200.00')
    expect(await reviewer.getByTestId('total-decided').textContent()).toBe('3 条，¥2,500.00')
    expect(await reviewer.getByTestId('total-records').textContent()).toBe(
      `待记录 0 条，已记录 ${zero.length} 条`,
    )
    await shot(reviewer, '10-queue-decided')
    await checkPage(reviewer)

    // --- The statement: Q4 withholds the approved and the adjusted amounts. -----------------------
    const statement = await api('/api/v1/statement?asOf=2026-11-26', { token: reviewerToken })
    expect(statement.status).toBe(200)
    const q4 = statement.body.instalments.find((line: { quarter: number }) => line.quarter === 4)
    expect(q4).toMatchObject({ grossFen: 32_659_200, withheldFen: 250_000, netFen: 32_409_200 })
    // The stale version is refused now.
    const stale = await api(`/api/v1/deductions/2026-10/${encodeURIComponent(ANSWER)}/decision`, {
      method: 'POST',
      token: reviewerToken,
      body: { decision: 'rejected', reason: '重复', expectedVersion: 2 },
    })
    expect(stale.status).toBe(409)
    expect(pageErrors).toEqual([])
  })

  it('keeps a queue of 10,000 fast: a window of 40 px rows, scrolled to the last', async () => {
    // The month's list is served by the page's own route here: drafting 10,000 through the jobs
    // would measure the jobs, not the page. Signing in and everything else is the real server.
    const at = '2026-10-01T16:30:00.000Z'
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const subject = `T${String(i).padStart(5, '0')}`
      return {
        deductionId: `service_error.transfer:2026-09-30:${subject}`,
        billingMonth: '2026-09',
        kpi: 'service_error.transfer',
        period: '2026-09-30',
        subject,
        status: 'draft',
        draft: {
          amountFen: 20_000,
          clause: '§4.3',
          termsVersion: 'jiyuan-2026@2026.1',
          basis: { value: null, target: null, rate: { flatFen: 20_000 } },
          evidence: { ids: [subject], figures: { lateMinutes: i } },
          formula: { zh: `2026-09-30 转办超时（工单 ${subject}），扣除200元`, en: 'transfer overdue' },
        },
        amountFen: 20_000,
        finalAmountFen: null,
        decision: null,
        objection: null,
        withdrawal: false,
        supersedes: null,
        supersededBy: null,
        revisions: [],
        version: 1,
        draftedAt: at,
        updatedAt: at,
        audit: [],
      }
    })
    const page = await newPage()
    await signIn(page, 'viewer', '/deductions?month=2026-10')
    await page.route(
      (url) => url.pathname === '/api/v1/deductions' && url.searchParams.get('month') === '2026-09',
      (route) => route.fulfill({ json: { deductions: many } }),
    )
    // October shown in full (its list and the month picker's months) before moving to September:
    // a click while the page is still settling its month would be lost on a busy machine.
    await expect.poll(() => page.getByTestId('deductions-shown').textContent()).toMatch(/^列表中 \d+ 条$/)
    await expect.poll(() => page.getByLabel('考核月份').inputValue()).toBe('2026-10')
    await page.getByRole('button', { name: '上一月' }).click()
    await expect.poll(() => page.url()).toContain('month=2026-09')
    // Playwright takes its time handing the page a 7 MB body; the page then shows it at once.
    await expect
      .poll(() => page.getByTestId('deductions-shown').textContent(), { timeout: 30_000 })
      .toBe('列表中 10000 条')
    expect(await page.getByTestId('total-draft').textContent()).toBe('10000 条，¥2,000,000.00')
    const rows = page.getByTestId('deduction-row')
    const firstWindow = await rows.count()
    expect(firstWindow).toBeGreaterThan(5)
    expect(firstWindow).toBeLessThan(60)
    // Every row is the fixed height the window is computed with.
    const heights = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
    expect(heights.every((h) => Math.abs(h - 40) < 0.5)).toBe(true)
    await shot(page, '08-ten-thousand-top')

    const viewport = page.getByRole('region', { name: /2026年9月的扣款/ })
    expect(await viewport.evaluate((el) => el.scrollHeight)).toBeGreaterThan(10_000 * 40)
    await viewport.evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    await expect.poll(() => page.getByText('T09999', { exact: true }).count()).toBe(1)
    expect(await rows.count()).toBeLessThan(60)
    expect(await page.getByText('T00000', { exact: true }).count()).toBe(0)
    // The header stays in view above the last rows.
    const header = await page.getByRole('columnheader', { name: '考核指标' }).boundingBox()
    const box = await viewport.boundingBox()
    expect(header && box && header.y >= box.y - 1 && header.y < box.y + 80).toBe(true)
    await shot(page, '09-ten-thousand-end')
    expect(pageErrors).toEqual([])
  })
})
