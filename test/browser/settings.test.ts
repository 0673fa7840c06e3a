/**
 * Settings end to end, in Debian Chromium against the local server, in Chinese: an agency reviewer
 * saves a new version of the contract terms — a renewal into 2027 — to take effect next month. A
 * bad document is refused here, naming the field in Chinese; the right one is summed up against the
 * version in force, saved, and listed as 待生效; its document opens from the history. The recent
 * computations show the daily job's run with the terms version it used. A contractor sees the
 * history, not the form. The server's clock and the page's stand at 2026-12-10 10:00 Beijing time,
 * so "next month" is January 2027. Screenshots: test-results/settings-terms-*.png.
 */
import { join } from 'node:path'
import { jiyuan2026 } from '@hotline/domain'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { artifactsDir } from '../support/paths'
import { cellsOf, useBrowserApp } from './support'

/** 2026-12-10 10:00 in Beijing. */
const NOW = new Date('2026-12-10T02:00:00.000Z')

/** A renewal into 2027: a new version name, the contract extended, one KPI's charge raised. */
const TERMS_2027 = {
  ...jiyuan2026,
  version: '2027.1',
  contract: { ...jiyuan2026.contract, end: '2027-12-31' },
  kpis: { ...jiyuan2026.kpis, answer15s: { ...jiyuan2026.kpis.answer15s, amountPerDayFen: 30_000 } },
}

const app = useBrowserApp({
  clock: { at: NOW, running: true },
  shotPrefix: 'settings-terms-',
  page: { viewport: { width: 1280, height: 900 } },
})
const { shot, api, tokenOf, signIn, pageErrors } = app

/** A page whose clock agrees with the server's ("next month" is read against it). */
async function newPage(): Promise<Page> {
  const page = await app.newPage()
  await page.clock.setFixedTime(NOW)
  return page
}

/** axe-core finds nothing serious on the page, and no English word or raw id reads in Chinese. */
async function expectClean(page: Page, what: string) {
  expect(await axeFindings(page), `${what}: accessibility`).toEqual([])
  expect(await englishOnPage(page), `${what}: English in Chinese`).toEqual([])
}

const upload = (page: Page, document: unknown) =>
  page.getByLabel('上传条款文件（JSON）').setInputFiles({
    name: 'terms-2027.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(document, null, 2)),
  })

describe('terms versions in Settings, in Chromium', () => {
  it('a reviewer saves a 2027 version from next month; the history lists it as 待生效; a contractor only reads', async () => {
    // Last night's computation, re-run by hand: listed with the terms it used.
    const run = await api('/api/v1/jobs/daily', {
      method: 'POST',
      token: await tokenOf('reviewer'),
      body: { date: '2026-12-09' },
    })
    expect(run.status, JSON.stringify(run.body)).toBe(200)

    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', '/settings')
    await expect.poll(() => reviewer.getByTestId('terms-version').textContent()).toBe('合同条款 2026.1 版')
    const month = reviewer.getByLabel('起始月份')
    expect(await month.inputValue()).toBe('2027-01')
    expect((await month.locator('option').allTextContents()).slice(0, 2)).toEqual(['2027年1月', '2027年2月'])
    await expect
      .poll(async () => (await reviewer.getByTestId('job-run').all()).length)
      .toBeGreaterThanOrEqual(1)
    expect(await cellsOf(reviewer.getByTestId('runs-daily').getByTestId('job-run').first())).toEqual([
      '2026年12月9日',
      '手动',
      '合同条款 2026.1 版',
      '完成',
      // The server's clock runs on from 10:00.
      expect.stringMatching(/^2026年12月10日 10:0\d(:\d\d)?$/),
    ])

    // A target of 200%: refused here, in Chinese, naming the field; nothing sent.
    await upload(reviewer, {
      ...TERMS_2027,
      kpis: { ...TERMS_2027.kpis, answer15s: { ...TERMS_2027.kpis.answer15s, targetBp: 20_000 } },
    })
    await expect
      .poll(() => reviewer.getByTestId('save-terms-error').allTextContents())
      .toEqual(['考核指标 15秒应答及时率 目标：不能大于 10000'])
    await shot(reviewer, '01-invalid-document')
    await expectClean(reviewer, 'settings with a bad terms document')

    // The right document: summed up against the version in force, then saved.
    await upload(reviewer, TERMS_2027)
    await expect
      .poll(() => reviewer.getByTestId('save-terms-changes').locator('li').allTextContents())
      .toEqual([
        '版本：合同条款 2026.1 版 → 合同条款 2027.1 版',
        '合同到期日：2026年12月31日 → 2027年12月31日',
        '15秒应答及时率的扣款：每个未达标日扣 ¥200.00 → 每个未达标日扣 ¥300.00',
      ])
    await reviewer.getByRole('button', { name: '检查并保存' }).click()
    await expect
      .poll(() => reviewer.getByTestId('save-terms-outcome').textContent())
      .toBe('已保存：合同条款 2027.1 版 自 2027年1月 起执行')
    await expect
      .poll(async () =>
        Promise.all((await reviewer.getByTestId('terms-history-row').all()).map((row) => cellsOf(row))),
      )
      .toEqual([
        ['合同条款 2026.1 版', '2026年1月1日', '系统内置', '—', '现行'],
        [
          '合同条款 2027.1 版',
          '2027年1月1日',
          '甲方审核员（演示）',
          expect.stringMatching(/^2026年12月10日 10:0\d(:\d\d)?$/),
          '待生效',
        ],
      ])
    // The version in force is still 2026.1 until January.
    expect(await reviewer.getByTestId('terms-version').textContent()).toBe('合同条款 2026.1 版')

    // Its document opens from the history.
    await reviewer.getByRole('button', { name: '合同条款 2027.1 版' }).click()
    const document = reviewer.getByTestId('terms-version-document')
    await expect
      .poll(() => document.locator('[data-testid="version-kpi"][data-kpi="answer_15s"] td').allTextContents())
      .toEqual(['§4.5', '≥ 90%', '每个未达标日扣 ¥300.00'])
    await shot(reviewer, '02-saved-and-opened')
    await reviewer
      .locator('section[aria-labelledby="save-terms-title"]')
      .screenshot({ path: join(artifactsDir, 'settings-terms-03-form-after-save.png') })
    await reviewer
      .getByTestId('terms-history')
      .screenshot({ path: join(artifactsDir, 'settings-terms-04-history.png') })
    await expectClean(reviewer, 'settings with the 2027 version saved and opened')

    // The server has it, to take effect in January.
    const terms = await api('/api/v1/terms', { token: await tokenOf('reviewer') })
    expect(terms.body.history.at(-1)).toMatchObject({ version: 'jiyuan-2026@2027.1', status: 'upcoming' })

    // A contractor reads the history, without the form.
    const contractor = await newPage()
    await signIn(contractor, 'contractor', '/settings')
    await expect.poll(() => contractor.getByTestId('terms-history-row').count()).toBe(2)
    expect(await contractor.getByTestId('save-terms-form').count()).toBe(0)
    expect(await contractor.getByTestId('job-runs').count()).toBe(1)
    await expectClean(contractor, 'settings as contractor')
    expect(pageErrors).toEqual([])
  })
})
