/**
 * The month close (月度考核确认) end to end, in Debian Chromium against the local server with the
 * demo's October 2026 (the same generated month `pnpm dev` loads), in Chinese. The reviewer first
 * finds the close refused while drafts are pending; every draft is then decided through the API
 * (¥0 breaches recorded in bulk, the rest approved in bulk, as the queue does); the reviewer closes
 * the month in the app after a dialog showing the total, opens the numbered 确认单, and it renders
 * for print (nav and buttons hidden) and prints to an A4 PDF; the contractor then acknowledges it,
 * and the reviewer reads the acknowledgement. Every page passes axe-core and shows no English.
 * The server's clock is fixed at Thursday 2026-11-05 10:00 (Beijing). Screenshots and the PDF go
 * to test-results/month-close-*.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { formatYuan } from '@hotline/domain'
import { loadDemo } from '@hotline/functions/demo'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { yuanInCapitals } from '../../admin/src/month-close/capitals'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { artifactsDir } from '../support/paths'
import { useBrowserApp } from './support'

const NOW = new Date('2026-11-05T02:00:00.000Z')
const MONTH = '2026-10'
const CLOSE_PAGE = `/months/${MONTH}?month=${MONTH}`
/** The demo's size: a fifth of `pnpm dev`'s (0.25) keeps the jobs quick; the month's shape is the same. */
const DEMO_SCALE = 0.05

const app = useBrowserApp({
  clock: { at: NOW },
  shotPrefix: 'month-close-',
  page: { viewport: { width: 1280, height: 900 } },
})
const { shot, api, tokenOf, signIn, pageErrors } = app

/** A page whose clock agrees with the server's (the objection window is read against it). */
async function newPage(): Promise<Page> {
  const page = await app.newPage()
  await page.clock.setFixedTime(NOW)
  return page
}

beforeAll(async () => {
  await loadDemo(app.server.deps, { month: MONTH, seed: 42, scale: DEMO_SCALE, log: () => undefined })
}, 600_000)

type Draft = { deductionId: string; version: number; amountFen: number; status: string }

/** Every draft of the month decided as the queue does it: ¥0 breaches recorded, the rest approved, in bulk. */
async function decideEveryDraft(token: string): Promise<number> {
  const listed = await api(`/api/v1/deductions?month=${MONTH}`, { token })
  expect(listed.status).toBe(200)
  const drafts = (listed.body.deductions as Draft[]).filter((d) => d.status === 'draft')
  for (const decision of ['acknowledged', 'approved'] as const) {
    const chosen = drafts.filter((d) => (d.amountFen === 0) === (decision === 'acknowledged'))
    for (let i = 0; i < chosen.length; i += 500) {
      const batch = chosen.slice(i, i + 500)
      const decided = await api(`/api/v1/deductions/${MONTH}/bulk-decision`, {
        method: 'POST',
        token,
        body: {
          decision,
          items: batch.map((d) => ({ deductionId: d.deductionId, expectedVersion: d.version })),
          expectedCount: batch.length,
          expectedTotalFen: batch.reduce((sum, d) => sum + d.amountFen, 0),
        },
      })
      expect(decided.status, JSON.stringify(decided.body).slice(0, 500)).toBe(200)
      expect(decided.body.conflicts).toEqual([])
      expect(decided.body.count).toBe(batch.length)
    }
  }
  return drafts.length
}

/** No serious accessibility finding and no English word on the page as it is now. */
async function checkPage(page: Page) {
  expect(await axeFindings(page)).toEqual([])
  expect(await englishOnPage(page)).toEqual([])
}

describe('month close in Chromium', () => {
  it('closes October after every draft is decided, prints its 确认单 on A4, and the contractor acknowledges', async () => {
    const token = await tokenOf('reviewer')

    // --- Drafts pending: the close is refused, with the reason and the way to the queue. --------
    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', CLOSE_PAGE)
    await expect.poll(() => reviewer.getByTestId('month-state-value').textContent()).toBe('未确认')
    const closeButton = reviewer.getByRole('button', { name: '确认本月考核结果' })
    await expect.poll(() => reviewer.getByTestId('close-blocked').count()).toBe(1)
    expect(await closeButton.isDisabled()).toBe(true)
    expect(await reviewer.getByTestId('close-blocked').textContent()).toMatch(
      /^还有 \d+ 条扣款待审核（¥[\d,]+\.\d\d），全部审核后才能确认本月。 去审核待审核的扣款$/,
    )
    // The nav's 月度考核确认 (`/months`) is the section this page is in.
    expect(await reviewer.getByRole('link', { name: '月度考核确认' }).getAttribute('class')).toContain(
      'active',
    )
    await checkPage(reviewer)
    await shot(reviewer, '01-pending')

    // --- Every draft decided through the API, as the reviewer's bulk actions do. ----------------
    expect(await decideEveryDraft(token)).toBeGreaterThan(0)
    const months = await api('/api/v1/months', { token })
    const october = months.body.months.find((m: { month: string }) => m.month === MONTH)
    expect(october.pending.count).toBe(0)
    const decided: { count: number; amountFen: number } = october.decided

    // --- The reviewer closes the month in the app, after a dialog with the total. --------------
    await reviewer.reload()
    await expect.poll(() => closeButton.isEnabled()).toBe(true)
    await closeButton.click()
    const dialog = reviewer.getByRole('dialog', { name: '确认2026年10月考核结果' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await reviewer.getByTestId('close-dialog-total').textContent()).toBe(
      `本月扣款合计 ${formatYuan(decided.amountFen)}（${decided.count} 条）。`,
    )
    await checkPage(reviewer)
    await shot(reviewer, '02-close-dialog')
    await dialog.getByRole('button', { name: '确认本月' }).click()
    await expect.poll(() => reviewer.getByTestId('month-state-value').textContent()).toBe('已确认')
    expect(await reviewer.getByTestId('month-number').textContent()).toBe('KH-202610-01')
    expect(await reviewer.getByTestId('month-closed-by').textContent()).toBe('甲方审核员（演示）')
    expect(await reviewer.getByTestId('month-total').textContent()).toBe(formatYuan(decided.amountFen))
    const close = await api(`/api/v1/months/${MONTH}/close`, { token })
    expect(close.body).toMatchObject({ state: 'closed', number: 'KH-202610-01', closedBy: 'reviewer' })
    const snapshot = close.body.snapshot as { totalFen: number; count: number; kpis: unknown[] }
    expect(snapshot.totalFen).toBe(decided.amountFen)
    await checkPage(reviewer)
    await shot(reviewer, '03-closed')

    // --- The 确认单: numbered, every deduction, the total in figures and capitals, signatures. ----
    await reviewer.getByRole('link', { name: '查看并打印确认单 KH-202610-01' }).click()
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/months/${MONTH}/confirmation?month=${MONTH}`)
    await expect
      .poll(() => reviewer.getByTestId('confirmation-number').textContent())
      .toBe('编号：KH-202610-01')
    expect(await reviewer.getByRole('heading', { level: 2 }).textContent()).toBe('月度考核扣款确认单')
    expect(await reviewer.getByTestId('confirmation-month').textContent()).toBe('2026年10月')
    expect(await reviewer.getByTestId('confirmation-terms').textContent()).toMatch(/^合同条款 .+ 版$/)
    expect(await reviewer.getByTestId('close-kpi-row').count()).toBe(snapshot.kpis.length)
    expect(await reviewer.getByTestId('close-deduction-row').count()).toBe(snapshot.count)
    expect(await reviewer.getByTestId('confirmation-total').textContent()).toBe(
      `人民币（大写）${yuanInCapitals(snapshot.totalFen)}（小写 ${formatYuan(snapshot.totalFen)}）`,
    )
    for (const party of ['agency', 'contractor']) {
      const block = (await reviewer.getByTestId(`signature-${party}`).textContent()) ?? ''
      for (const part of ['经办人', '负责人', '日期', '盖章']) expect(block).toContain(part)
    }
    await checkPage(reviewer)
    await shot(reviewer, '04-confirmation-screen')

    // --- For print: the document alone, on A4. -------------------------------------------------
    await reviewer.emulateMedia({ media: 'print' })
    expect(await reviewer.locator('nav.nav').isVisible()).toBe(false)
    expect(await reviewer.locator('header.top').isVisible()).toBe(false)
    expect(await reviewer.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    expect(await reviewer.getByTestId('confirmation-number').isVisible()).toBe(true)
    expect(await reviewer.getByTestId('signature-contractor').isVisible()).toBe(true)
    await shot(reviewer, '05-confirmation-print')
    const pdf = await reviewer.pdf({ preferCSSPageSize: true, printBackground: true })
    await writeFile(join(artifactsDir, 'month-close-confirmation.pdf'), pdf)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)]
    expect(boxes.length).toBeGreaterThan(0)
    for (const [, width, height] of boxes) {
      // A4 is 210 × 297 mm: 595.28 × 841.89 points.
      expect(Math.abs(Number(width) - 595.28)).toBeLessThan(1.5)
      expect(Math.abs(Number(height) - 841.89)).toBeLessThan(1.5)
    }
    await reviewer.emulateMedia({ media: 'screen' })

    // --- The contractor acknowledges; both roles then read it. ---------------------------------
    const contractor = await newPage()
    await signIn(contractor, 'contractor', CLOSE_PAGE)
    await expect
      .poll(() => contractor.getByTestId('contractor-state').textContent())
      .toContain('乙方尚未确认')
    expect(await contractor.getByTestId('objection-due').textContent()).toMatch(
      /^异议期至 2026年11月\d+日 24:00。$/,
    )
    expect(await contractor.getByRole('button', { name: '确认本月考核结果' }).count()).toBe(0)
    await checkPage(contractor)
    await contractor.getByRole('button', { name: '确认', exact: true }).click()
    const acknowledge = contractor.getByRole('dialog', { name: '确认2026年10月考核结果' })
    await expect.poll(() => acknowledge.isVisible()).toBe(true)
    await shot(contractor, '06-acknowledge-dialog')
    await acknowledge.getByRole('button', { name: '确认', exact: true }).click()
    await expect
      .poll(() => contractor.getByTestId('contractor-state').textContent())
      .toMatch(/已于 2026年11月5日 10:00 确认本月考核结果。/)
    expect(await contractor.getByRole('button', { name: '提出异议' }).count()).toBe(0)
    await checkPage(contractor)
    await shot(contractor, '07-acknowledged')

    await reviewer.goto(`${app.url}${CLOSE_PAGE}`)
    await expect
      .poll(() => reviewer.getByTestId('contractor-state').textContent())
      .toMatch(/已于 2026年11月5日 10:00 确认本月考核结果。/)
    const audit = await reviewer.getByTestId('month-audit-row').allTextContents()
    expect(audit.some((row) => row.includes('确认本月') && row.includes('甲方审核员（演示）'))).toBe(true)
    expect(audit.some((row) => row.includes('乙方确认'))).toBe(true)
    await checkPage(reviewer)
    await shot(reviewer, '08-acknowledged-reviewer')
    expect(pageErrors).toEqual([])
  })
})
