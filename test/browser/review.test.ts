/**
 * The deduction review end to end, in Debian Chromium against the local server, in Chinese. Data is
 * made through the API as the call-centre platform and the contractor would send it (20 calls and
 * 3 publications on 2026-10-09), then the reviewer runs the daily job: two drafts, 15秒应答及时率
 * (¥200) and 信息发布准确率 (¥6,600). The contractor files an objection to the first in the app; the
 * reviewer opens the queue for 2026-10, sees the objection, approves that draft with the keyboard
 * (`a`), walks to the next (`j`) and adjusts it to ¥2,000 with a reason. The statement then withholds
 * ¥2,200 from Q4 (Q1–Q3 paid). The server's clock is fixed at Monday 2026-10-12 10:00 (Beijing), inside
 * the five-working-day objection window. Screenshots go to test-results/review-*.png.
 */
import { describe, expect, it } from 'vitest'
import { cellsOf, useBrowserApp } from './support'

const NOW = new Date('2026-10-12T02:00:00.000Z')
const ANSWER = 'answer_15s:2026-10-09'
const PUBLICATION = 'publish_accuracy:2026-10-09'

const app = useBrowserApp({
  clock: { at: NOW },
  shotPrefix: 'review-',
  page: { viewport: { width: 1280, height: 900 } },
})
const { newPage, shot, api, tokenOf, signIn, pageErrors } = app

/** 2026-10-09: 17 of 20 calls answered within 15 s (85% < 90%), 1 of 3 publications inaccurate. */
async function draftTwo(reviewer: string) {
  const integration = await tokenOf('callcentre')
  const contractor = await tokenOf('contractor')
  const calls = Array.from({ length: 20 }, (_, i) => ({
    callId: `C${i}`,
    enqueuedAt: `2026-10-09T09:${String(i).padStart(2, '0')}:00+08:00`,
    answeredAt: `2026-10-09T09:${String(i).padStart(2, '0')}:${i < 17 ? '10' : '40'}+08:00`,
    endedAt: `2026-10-09T09:${String(i).padStart(2, '0')}:50+08:00`,
    agentId: 'A1',
  }))
  const posted = await api('/api/v1/calls', { method: 'POST', token: integration, body: { records: calls } })
  expect(posted.status, JSON.stringify(posted.body)).toBe(200)
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
  const run = await api('/api/v1/jobs/daily', {
    method: 'POST',
    token: reviewer,
    body: { date: '2026-10-09' },
  })
  expect(run.status, JSON.stringify(run.body)).toBe(200)
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
  it('takes an objection, approves with the keyboard, adjusts, and withholds the total from Q4', async () => {
    const reviewerToken = await tokenOf('reviewer')
    await draftTwo(reviewerToken)
    const listed = await api('/api/v1/deductions?month=2026-10', { token: reviewerToken })
    expect(listed.body.deductions.map((d: { deductionId: string }) => d.deductionId)).toEqual([
      ANSWER,
      PUBLICATION,
    ])

    // --- The contractor objects to the ¥200 draft, in the app. ---------------------------------
    const contractor = await newPage()
    await signIn(contractor, 'contractor', '/deductions?month=2026-10')
    expect(await contractor.getByRole('link', { name: '扣款审核' }).getAttribute('aria-current')).toBe('page')
    const contractorRows = contractor.getByTestId('deduction-row')
    await expect.poll(() => contractorRows.count()).toBe(2)
    await contractor.getByRole('link', { name: '15秒应答及时率' }).click()
    await expect
      .poll(() => contractor.getByTestId('formula').textContent())
      .toBe('2026-10-09 15秒应答及时率 85.00% < 90%，扣除200元')
    // The contractor cannot decide.
    expect(await contractor.getByRole('button', { name: /^批准/ }).count()).toBe(0)
    await contractor.getByLabel('申诉理由').fill('当日系统故障，已向数据中心报备，请免于扣款。')
    await contractor.getByRole('button', { name: '提交申诉' }).click()
    await expect
      .poll(() => contractor.getByTestId('objection-text').textContent())
      .toBe('当日系统故障，已向数据中心报备，请免于扣款。')
    expect(await contractor.getByText('申诉已提交，审核员将在决定时答复。').count()).toBe(1)
    await shot(contractor, '01-contractor-objection')

    // --- The reviewer opens the queue for 2026-10 and sees the objection. ------------------------
    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', '/deductions')
    await reviewer.getByLabel('账单月份').fill('2026-10')
    await expect.poll(() => reviewer.url()).toContain('month=2026-10')
    const rows = reviewer.getByTestId('deduction-row')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await cellsOf(rows.first())).toEqual([
      '15秒应答及时率',
      '2026-10-09',
      '—',
      '¥200.00',
      '待审核',
      '申诉（乙方已申诉，待答复）',
    ])
    expect(await cellsOf(rows.nth(1))).toEqual([
      '信息发布准确率',
      '2026-10-09',
      '—',
      '¥6,600.00',
      '待审核',
      '',
    ])
    expect(await reviewer.getByTestId('total-draft').textContent()).toBe('2 条，¥6,800.00')
    expect(await reviewer.getByTestId('total-decided').textContent()).toBe('0 条，¥0.00')
    await shot(reviewer, '02-queue-with-objection')

    // --- The first draft: the objection beside it; approved with `a`. ----------------------------
    await reviewer.getByRole('link', { name: '从第一条开始审核' }).click()
    await expect
      .poll(() => reviewer.getByTestId('queue-position').textContent())
      .toBe('队列中第 1 条，共 2 条')
    expect(await reviewer.getByTestId('objection-text').textContent()).toBe(
      '当日系统故障，已向数据中心报备，请免于扣款。',
    )
    expect(await reviewer.getByTestId('evidence-value').textContent()).toBe('85.00% (17/20)')
    expect(await reviewer.getByTestId('evidence-target').textContent()).toBe('≥ 90%')
    expect(await reviewer.getByTestId('decision-version').textContent()).toContain('第 2 版')
    expect(await reviewer.getByTestId('shortcut-legend').textContent()).toContain('批准')
    await shot(reviewer, '03-draft-with-objection')
    await reviewer.keyboard.press('a')
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已批准，扣款 ¥200.00。')
    // The decision answers the objection.
    await expect.poll(() => reviewer.getByTestId('objection-answer').count()).toBe(1)
    expect(await reviewer.getByTestId('final-amount').textContent()).toBe('¥200.00')
    await shot(reviewer, '04-approved-with-keyboard')

    // --- `j`: the next draft, adjusted to ¥2,000 with a reason. -----------------------------------
    await reviewer.keyboard.press('j')
    await expect
      .poll(() => reviewer.getByTestId('queue-position').textContent())
      .toBe('队列中第 2 条，共 2 条')
    expect(reviewer.url()).toContain(encodeURIComponent(PUBLICATION))
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
    await shot(reviewer, '05-adjust-form')
    await reviewer.getByRole('button', { name: '确认调整' }).click()
    await expect
      .poll(() => reviewer.getByTestId('decision-done').textContent())
      .toBe('已调整，扣款 ¥2,000.00。')
    expect(await reviewer.getByTestId('final-amount').textContent()).toBe('¥2,000.00')
    await shot(reviewer, '06-adjusted')
    // `k`: back to the one approved, which keeps its place in the queue as the reviewer saw it.
    await reviewer.keyboard.press('k')
    await expect
      .poll(() => reviewer.getByTestId('queue-position').textContent())
      .toBe('队列中第 1 条，共 2 条')
    await expect.poll(() => reviewer.getByTestId('final-amount').textContent()).toBe('¥200.00')

    // --- Back on the queue, every status: both decided. -----------------------------------------
    await reviewer.getByRole('link', { name: '返回扣款列表' }).click()
    await reviewer.getByLabel('状态').selectOption('all')
    await expect.poll(() => rows.count()).toBe(2)
    expect((await cellsOf(rows.first())).slice(3, 5)).toEqual(['¥200.00', '已批准'])
    expect((await cellsOf(rows.nth(1))).slice(3, 5)).toEqual(['¥6,600.00 → ¥2,000.00', '已调整'])
    expect(await reviewer.getByTestId('total-draft').textContent()).toBe('0 条，¥0.00')
    expect(await reviewer.getByTestId('total-decided').textContent()).toBe('2 条，¥2,200.00')
    await shot(reviewer, '07-queue-decided')

    // --- The statement: Q4 withholds the approved and the adjusted amounts. -----------------------
    const statement = await api('/api/v1/statement?asOf=2026-11-26', { token: reviewerToken })
    expect(statement.status).toBe(200)
    const q4 = statement.body.instalments.find((line: { quarter: number }) => line.quarter === 4)
    expect(q4).toMatchObject({ grossFen: 32_659_200, withheldFen: 20_000 + 200_000, netFen: 32_439_200 })
    expect(q4.deductions.map((d: { id: string; amountFen: number }) => [d.id, d.amountFen])).toEqual([
      [ANSWER, 20_000],
      [PUBLICATION, 200_000],
    ])
    // The audit trail has who decided, and the stale version is refused now.
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
    await page.getByLabel('账单月份').fill('2026-09')
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

    const viewport = page.getByRole('region', { name: /2026-09 的扣款/ })
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
