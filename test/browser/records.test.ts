/**
 * Incidents, compliance records, record pages and settings end to end, in Debian Chromium against
 * the local server, in Chinese. The contractor records a complaint (unverified: the form says so)
 * and logs a week's safety check; a reviewer verifies the complaint with a reason and sees the
 * audit entry (people by name); the monthly job then drafts its ¥500 deduction — the incidents
 * page says it awaits review, and once the reviewer decides 不予扣款 it says that, not a deduction
 * to come — and marks the check's week met. The check, the incident and a member of staff open
 * their own pages. The reviewer reads the terms in Settings and loads a 2027 calendar year (a
 * made-up one: a bad document is refused field by field, in Chinese, first), and sees its
 * holidays. Screenshots: test-results/records-*.png, test-results/settings-*.png.
 */
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeFindings, englishOnPage } from '../support/page-checks'
import { artifactsDir } from '../support/paths'
import { cellsOf as cellsBy, useBrowserApp } from './support'

const INCIDENT = 'TS-20261012-01'

/** Test data shaped like a State Council notice; not the real 2027 one. */
const YEAR_2027 = {
  year: 2027,
  source: '测试数据：2027年节假日安排（示例，非正式通知）',
  holidays: [
    { name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    {
      name: '春节',
      dates: [
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
      ],
    },
    {
      name: '国庆节',
      dates: [
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
        '2027-10-04',
        '2027-10-05',
        '2027-10-06',
        '2027-10-07',
      ],
    },
  ],
  adjustedWorkdays: [
    { name: '春节', date: '2027-01-31' },
    { name: '春节', date: '2027-02-20' },
    { name: '国庆节', date: '2027-09-26' },
    { name: '国庆节', date: '2027-10-09' },
  ],
}

const app = useBrowserApp({ page: { viewport: { width: 1280, height: 900 } } })
const { newPage, shot, api, tokenOf, signIn, pageErrors } = app

/** A row's own cells, not those of a table nested in it. */
const cellsOf = (row: Locator) => cellsBy(row, ':scope > th, :scope > td')

/** axe-core finds nothing serious on the page, and no English word or raw id reads in Chinese. */
async function expectClean(page: Page, what: string) {
  expect(await axeFindings(page), `${what}: accessibility`).toEqual([])
  expect(await englishOnPage(page), `${what}: English in Chinese`).toEqual([])
}

describe('incidents, compliance and settings in Chromium', () => {
  it('a contractor reports and logs; a reviewer verifies with a reason; the job drafts the deduction', async () => {
    // --- The contractor records a complaint: unverified, as the form says. -------------------
    const contractor = await newPage()
    await signIn(contractor, 'contractor', '/incidents?month=2026-10')
    expect(await contractor.getByRole('link', { name: '事件' }).getAttribute('aria-current')).toBe('page')
    await expect.poll(() => contractor.getByText('2026年10月没有事件记录。').count()).toBe(1)
    expect(await contractor.getByTestId('contractor-unverified-note').textContent()).toBe(
      '乙方报告的事件一律记为“未查实”，由甲方审核员查实后才计入考核。',
    )
    expect(await contractor.getByRole('button', { name: /查实/ }).count()).toBe(0)

    await contractor.getByLabel('事件编号').fill(INCIDENT)
    await contractor.getByLabel('类型').selectOption('complaint')
    await contractor.getByLabel('发生时间（北京时间）').fill('2026-10-12T10:00')
    await contractor.getByLabel('描述（可选）').fill('市民投诉坐席服务态度差，要求回电致歉')
    await contractor.getByRole('button', { name: '记录事件' }).click()

    await expect
      .poll(() => contractor.getByTestId('incidents-announcement').textContent())
      .toBe(`事件 ${INCIDENT} 已记录。`)
    const row = contractor.getByTestId('incident-row')
    await expect.poll(() => row.count()).toBe(1)
    expect((await cellsOf(row.first())).slice(0, 7)).toEqual([
      INCIDENT,
      '投诉',
      '2026年10月12日 10:00',
      '市民投诉坐席服务态度差，要求回电致歉',
      '未查实',
      '乙方坐席班长（演示）',
      '查实后扣 ¥500.00',
    ])
    await shot(contractor, 'records-01-contractor-incident')
    await expectClean(contractor, 'incidents (contractor)')

    // --- The contractor logs week 42's safety check on the compliance page. -----------------
    await contractor.getByRole('link', { name: '合规记录' }).click()
    await expect
      .poll(() => contractor.getByRole('tab', { name: '每周检查' }).getAttribute('aria-selected'))
      .toBe('true')
    await contractor.goto(`${app.url}/compliance?month=2026-10`)
    const form = contractor.getByTestId('check-form')
    await form.getByLabel('类型').selectOption('safety')
    await form.getByLabel('检查时间（北京时间）').fill('2026-10-13T09:30')
    await form.getByLabel('检查编号（可选）').fill('SC-2026-W42')
    await form.getByLabel('备注（可选）').fill('消防通道畅通，灭火器在有效期内')
    await form.getByRole('button', { name: '登记检查' }).click()

    await expect
      .poll(() => contractor.getByTestId('compliance-announcement').textContent())
      .toBe('已登记安全检查（2026 年第 42 周）。')
    const week42 = contractor.locator('[data-testid="week-row"][data-week="2026-W42"]')
    await expect.poll(async () => (await cellsOf(week42))[1]).toBe('尚未计算 已登记 1 次')
    expect(await cellsOf(contractor.getByTestId('check-row').first())).toEqual([
      '2026年10月13日 09:30',
      '安全检查',
      'SC-2026-W42',
      '消防通道畅通，灭火器在有效期内',
      '乙方坐席班长（演示）',
    ])
    await shot(contractor, 'records-02-contractor-safety-check')
    await expectClean(contractor, 'compliance checks (contractor)')

    // --- A reviewer verifies the complaint, giving a reason; the audit trail shows it. ---------
    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', '/incidents?month=2026-10')
    const verify = reviewer.getByRole('button', { name: `查实 ${INCIDENT}` })
    await verify.click()
    await expect
      .poll(() => reviewer.evaluate(() => document.activeElement?.id))
      .toBe(`verify-${INCIDENT}-reason`)
    await reviewer.keyboard.type('调取通话录音，投诉属实')
    await reviewer.keyboard.press('Enter')

    await expect.poll(() => reviewer.getByTestId('incident-verified').textContent()).toBe('已查实')
    const entries = reviewer.getByTestId('audit-entry')
    await expect.poll(() => entries.count()).toBe(2)
    await expect
      .poll(() => entries.first().textContent())
      .toMatch(/^\d{4}年\d+月\d+日 \d\d:\d\d(:\d\d)? 乙方坐席班长（演示） 创建（页面或接口录入）$/)
    expect(await entries.last().textContent()).toMatch(
      /甲方审核员（演示） 查实状态：未查实 → 已查实，原因：调取通话录音，投诉属实$/,
    )
    expect(await reviewer.getByTestId('incidents-announcement').textContent()).toBe(
      `事件 ${INCIDENT} 已标记为已查实，已记入审计记录。月度考核任务运行时将为其起草扣款。`,
    )
    expect((await cellsOf(reviewer.getByTestId('incident-row').first()))[6]).toBe(
      '月度任务将起草扣款 ¥500.00',
    )
    await shot(reviewer, 'records-03-reviewer-verified')
    await expectClean(reviewer, 'incidents (reviewer)')

    // The stored record says the same.
    const reviewerToken = await tokenOf('reviewer')
    const stored = await api('/api/v1/incidents?month=2026-10', { token: reviewerToken })
    const [incident] = stored.body.records as {
      verified: boolean
      audit: { by: string; detail?: { reason?: string } }[]
    }[]
    expect(incident?.verified).toBe(true)
    expect(incident?.audit.at(-1)).toMatchObject({
      by: 'reviewer',
      detail: { reason: '调取通话录音，投诉属实' },
    })

    // The contractor's staff history and October's training arrive through the API.
    const contractorToken = await tokenOf('contractor')
    const staff = await api('/api/v1/staff-events', {
      method: 'POST',
      token: contractorToken,
      body: {
        records: [
          { staffId: 'A-001', type: 'joined', at: '2026-01-05T09:00:00+08:00', role: 'agent', name: '王芳' },
          { staffId: 'A-002', type: 'joined', at: '2026-03-01T09:00:00+08:00', role: 'agent', name: '李强' },
          { staffId: 'A-002', type: 'left', at: '2026-10-20T18:00:00+08:00', role: 'agent' },
          { staffId: 'A-003', type: 'joined', at: '2026-09-01T09:00:00+08:00', role: 'agent', name: '赵敏' },
          { staffId: 'O-001', type: 'joined', at: '2026-02-01T09:00:00+08:00', role: 'ops', name: '陈静' },
        ],
      },
    })
    expect(staff.status, JSON.stringify(staff.body)).toBe(200)
    const training = await api('/api/v1/training', {
      method: 'POST',
      token: contractorToken,
      body: {
        records: [
          { staffId: 'A-001', type: 'in_service', at: '2026-10-10T14:00:00+08:00', hours: 10 },
          { staffId: 'A-001', type: 'in_service', at: '2026-10-24T14:00:00+08:00', hours: 6 },
          { staffId: 'A-003', type: 'in_service', at: '2026-10-10T14:00:00+08:00', hours: 4 },
        ],
      },
    })
    expect(training.status, JSON.stringify(training.body)).toBe(200)

    // --- The monthly job drafts the complaint's ¥500 and finds week 42 checked. -------------
    const job = await api('/api/v1/jobs/monthly', {
      method: 'POST',
      token: reviewerToken,
      body: { month: '2026-10' },
    })
    expect(job.status, JSON.stringify(job.body)).toBe(200)
    const deductions = await api('/api/v1/deductions?month=2026-10', { token: reviewerToken })
    const complaint = (
      deductions.body.deductions as { kpi: string; amountFen: number; status: string }[]
    ).filter((d) => d.kpi === 'complaint')
    expect(complaint).toMatchObject([{ kpi: 'complaint', amountFen: 50_000, status: 'draft' }])

    // --- The incidents page says where the deduction stands; its record page lists it. --------
    await reviewer.goto(`${app.url}/incidents?month=2026-10`)
    const charge = reviewer.getByTestId('incident-charge')
    await expect.poll(() => charge.textContent()).toBe('扣款待审核 ¥500.00')
    await reviewer.getByRole('link', { name: INCIDENT }).click()
    await expect
      .poll(() => reviewer.url())
      .toBe(`${app.url}/records/incidents/2026-10/${INCIDENT}?month=2026-10`)
    await expect
      .poll(() => reviewer.getByTestId('incident-deduction').first().locator('td').first().textContent())
      .toBe('扣款待审核 ¥500.00')
    await shot(reviewer, 'records-04-incident-page')
    await expectClean(reviewer, 'incident page')

    // The reviewer decides 不予扣款: the page no longer speaks of a deduction to come.
    const [draft] = (
      deductions.body.deductions as { deductionId: string; kpi: string; version: number }[]
    ).filter((d) => d.kpi === 'complaint')
    const rejected = await api(
      `/api/v1/deductions/2026-10/${encodeURIComponent(draft?.deductionId ?? '')}/decision`,
      {
        method: 'POST',
        token: reviewerToken,
        body: { decision: 'rejected', reason: '录音显示坐席已按规范应答', expectedVersion: draft?.version },
      },
    )
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200)
    await reviewer.goto(`${app.url}/incidents?month=2026-10`)
    await expect.poll(() => charge.textContent()).toBe('不予扣款')
    expect(await reviewer.getByText('月度任务将起草扣款').count()).toBe(0)
    await shot(reviewer, 'records-05-incident-not-deducted')

    await reviewer.goto(`${app.url}/compliance?month=2026-10`)
    const reviewerWeek42 = reviewer.locator('[data-testid="week-row"][data-week="2026-W42"]')
    await expect.poll(async () => (await cellsOf(reviewerWeek42))[1]).toBe('已检查 已登记 1 次')
    const week41 = reviewer.locator('[data-testid="week-row"][data-week="2026-W41"]')
    expect((await cellsOf(week41))[1]).toBe('缺检 已登记 0 次')
    // Checks are the contractor's to log.
    expect(await reviewer.getByTestId('check-form').count()).toBe(0)
    await shot(reviewer, 'records-06-weeks-after-monthly-job')

    // The check opens its own page, and back.
    await reviewer.getByTestId('check-row').first().getByRole('link').click()
    await expect.poll(() => reviewer.getByTestId('check-type').textContent()).toBe('安全检查')
    expect(await reviewer.getByText('2026 年第 42 周（10月12日–10月18日）').count()).toBe(1)
    await shot(reviewer, 'records-07-check-page')
    await expectClean(reviewer, 'check page')
    await reviewer.getByTestId('record-back').click()
    await expect.poll(() => reviewer.getByTestId('weeks').count()).toBe(1)

    // The job's turnover (1 left ÷ (1 + 2 at the month's end) = 33.33 % > 20 %) and training hours.
    await reviewer.getByRole('tab', { name: '人员' }).click()
    await expect.poll(() => reviewer.getByTestId('turnover-rate').textContent()).toBe('33.33%')
    const turnover = await reviewer.getByTestId('turnover').textContent()
    expect(turnover).toContain('超过 20%')
    expect(turnover).not.toContain('预估')
    expect(await reviewer.getByTestId('turnover-formula').textContent()).toBe(
      '离职 1 人 ÷（离职 1 人 + 月末在岗 2 人）',
    )
    expect(await reviewer.getByTestId('movement-row').count()).toBe(1)
    expect((await cellsOf(reviewer.getByTestId('movement-row').first())).slice(1, 5)).toEqual([
      'A-002',
      '李强',
      '前台坐席',
      '离职',
    ])
    await shot(reviewer, 'records-08-staff-turnover')
    await expectClean(reviewer, 'compliance staff')

    // A member of staff opens their page: no longer on the books.
    await reviewer.getByTestId('movement-row').first().getByRole('link', { name: 'A-002' }).click()
    await expect.poll(() => reviewer.getByTestId('staff-now').textContent()).toBe('不在岗')
    expect(await reviewer.getByTestId('staff-event').count()).toBe(2)
    await expectClean(reviewer, 'staff page')
    await reviewer.getByTestId('record-back').click()

    await reviewer.getByRole('tab', { name: '培训' }).click()
    const hours = reviewer.getByTestId('in-service-row')
    await expect.poll(() => hours.count()).toBe(2)
    expect(await cellsOf(hours.first())).toEqual(['A-001', '王芳', '16 小时', '≥ 16 小时', '达标'])
    expect(await cellsOf(hours.last())).toEqual([
      'A-003',
      '赵敏',
      '4 小时',
      '≥ 16 小时',
      '未达标（差 12 小时）',
    ])
    await shot(reviewer, 'records-09-training-hours')
    await expectClean(reviewer, 'compliance training')

    // --- A call and a publication open their own pages, in Beijing time and in words. --------
    const sent = await api('/api/v1/calls', {
      method: 'POST',
      token: contractorToken,
      body: {
        records: [
          {
            callId: 'C-20261009-0042',
            enqueuedAt: '2026-10-09T09:00:00+08:00',
            answeredAt: '2026-10-09T09:00:42+08:00',
            endedAt: '2026-10-09T09:03:00+08:00',
            agentId: 'A-001',
          },
        ],
      },
    })
    expect(sent.status, JSON.stringify(sent.body)).toBe(200)
    await reviewer.goto(`${app.url}/records/calls/2026-10-09/C-20261009-0042`)
    await expect
      .poll(() => reviewer.getByTestId('call-outcome').textContent())
      .toBe('超过 15 秒应答（等待 42 秒）')
    await shot(reviewer, 'records-10-call-page')
    await expectClean(reviewer, 'call page')
    const published = await api('/api/v1/publications', {
      method: 'POST',
      token: contractorToken,
      body: {
        publicationId: 'P-1009-1',
        at: '2026-10-09T10:00:00+08:00',
        channel: 'website',
        accurate: false,
        title: '停水通知',
      },
    })
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    await reviewer.goto(`${app.url}/compliance?tab=publications&day=2026-10-09&month=2026-10`)
    await reviewer.getByRole('link', { name: 'P-1009-1' }).click()
    await expect.poll(() => reviewer.getByTestId('publication-accuracy').textContent()).toBe('不准确')
    await expectClean(reviewer, 'publication page')
    expect(pageErrors).toEqual([])
  })

  it('shows the terms and loads a 2027 calendar year, refusing a bad document field by field', async () => {
    const reviewer = await newPage()
    await signIn(reviewer, 'reviewer', '/settings')
    await expect.poll(() => reviewer.getByTestId('terms-version').textContent()).toBe('合同条款 2026.1 版')
    expect(await reviewer.locator('[data-kpi="answer_15s"]').locator('td').allTextContents()).toEqual([
      '§4.5',
      '≥ 90%',
      '每个未达标日扣 ¥200.00',
    ])
    await expect.poll(() => reviewer.getByTestId('calendar-year').getAttribute('data-year')).toBe('2026')
    expect(await reviewer.locator('[data-date="2026-10-10"]').getAttribute('data-kind')).toBe('adjusted')
    await shot(reviewer, 'settings-01-terms-and-2026-calendar')
    await expectClean(reviewer, 'settings')

    // A weekday given as an adjusted working day: refused here, nothing sent.
    const text = reviewer.getByLabel('或粘贴 JSON')
    await text.fill(
      JSON.stringify({ ...YEAR_2027, adjustedWorkdays: [{ name: '春节', date: '2027-02-05' }] }, null, 2),
    )
    await reviewer.getByRole('button', { name: '校验并载入' }).click()
    await expect
      .poll(() => reviewer.getByTestId('load-error').allTextContents())
      .toEqual(['调休上班日 第 1 项 日期：2027-02-05 不是星期六或星期日'])
    await shot(reviewer, 'settings-02-invalid-document')
    await expectClean(reviewer, 'settings with a bad document')

    // The right document: checked, loaded, shown.
    await text.fill(JSON.stringify(YEAR_2027, null, 2))
    await reviewer.getByRole('button', { name: '校验并载入' }).click()
    await expect
      .poll(() => reviewer.getByTestId('load-outcome').textContent())
      .toBe('已载入 2027 年日历，期限已按新日历计算。')
    await expect.poll(() => reviewer.getByTestId('calendar-year').getAttribute('data-year')).toBe('2027')
    expect(await reviewer.getByTestId('holidays').locator('li').allTextContents()).toEqual([
      '元旦 1月1日–1月3日 （3 天）',
      '春节 2月6日–2月12日 （7 天）',
      '国庆节 10月1日–10月7日 （7 天）',
    ])
    expect(await reviewer.getByTestId('adjusted-workdays').locator('li').allTextContents()).toEqual([
      '1月31日（星期日） 春节',
      '2月20日（星期六） 春节',
      '9月26日（星期日） 国庆节',
      '10月9日（星期六） 国庆节',
    ])
    expect(await reviewer.getByTestId('calendar-loaded-by').textContent()).toMatch(
      /^由 甲方审核员（演示） 于 .+ 载入。$/,
    )
    expect(await reviewer.locator('[data-date="2027-02-08"]').getAttribute('data-kind')).toBe('holiday')
    expect(await reviewer.locator('[data-date="2027-02-20"]').getAttribute('data-kind')).toBe('adjusted')
    expect(await reviewer.locator('#calendar-year option').allTextContents()).toEqual([
      '2025 · 内置',
      '2026 · 内置',
      '2027 · 已载入',
    ])
    await shot(reviewer, 'settings-03-2027-loaded')
    await reviewer
      .locator('.month-grid')
      .screenshot({ path: join(artifactsDir, 'settings-04-2027-month-grid.png') })

    // The server's calendar has the year: it is in force.
    const calendar = await api('/api/v1/calendar', { token: await tokenOf('reviewer') })
    expect(calendar.body.builtIn).toEqual([2025, 2026, 2027])
    expect(pageErrors).toEqual([])
  })
})
