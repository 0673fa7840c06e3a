/**
 * One deduction: its evidence in words (each record a link to its page; a rate's failing records
 * said to be so; figures with units; a transfer breach says what is known), names not ids; the
 * reviewer's decisions (approve with an undo toast, 不予扣款 with a reason, adjust — full-width
 * digits, above the draft only when confirmed, never above the terms' bound —, reopen with a reason), refusals in Chinese, a
 * closed month; the keyboard; and the contractor's objection (and nothing of the reviewer's tools).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import { deductionPath } from '../src/api/deductions'
import { forgetQueues } from '../src/deductions/queue'
import { UNDO_MS } from '../src/deductions/UndoToast'
import {
  approvedSuccessor,
  bodyOf,
  decided,
  deduction,
  detailPath,
  lateReturn,
  month,
  monthSummary,
  publication,
  rejected,
  reopened,
  stubMonth,
  training,
  transfer,
} from './deductions-fixtures'
import { callsTo, headerOf, json, renderAt, setUpPageTests, signInAs } from './helpers'

const decisionPath = (id: string) => `${deductionPath('2026-10', id)}/decision`
const reopenPath = (id: string) => `${deductionPath('2026-10', id)}/reopen`
const cellsOf = (rows: HTMLElement[]) =>
  rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent))
const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k })
/** The figures as "label value" pairs. */
const figures = () => {
  const list = screen.getByTestId('evidence-figures')
  return [...list.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])
}

setUpPageTests({ after: forgetQueues })

describe('one deduction', () => {
  it('shows the evidence in words: a rate’s failing records as links, figures with units, names for ids', async () => {
    stubMonth()
    renderAt(detailPath(deduction()))
    expect((await screen.findByTestId('formula')).textContent).toBe(deduction().draft.formula.zh)
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      '15秒应答及时率 · 2026年10月9日 待审核',
    )
    expect(screen.getByTestId('evidence-value').textContent).toBe('85.00% (17/20)')
    expect(screen.getByTestId('evidence-target').textContent).toBe('≥ 90%')
    // The failing calls, said to be so, each opening its record.
    expect(
      screen.getByRole('heading', { name: '未达标的通话（超过 15 秒应答或放弃），最多列出 50 条' }),
    ).toBeTruthy()
    const links = within(screen.getByTestId('evidence-ids')).getAllByRole('link')
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['C17', '/records/calls/2026-10-09/C17?month=2026-10'],
      ['C18', '/records/calls/2026-10-09/C18?month=2026-10'],
      ['C19', '/records/calls/2026-10-09/C19?month=2026-10'],
    ])
    expect(figures()).toEqual([
      ['进入人工队列的来电', '20 通'],
      ['及时应答', '17 通'],
      ['超时应答', '3 通'],
      ['放弃', '0 通'],
      ['短时放弃', '0 通'],
      ['仅在自助语音', '0 通'],
    ])
    expect(screen.getByTestId('terms-version').textContent).toBe('合同条款 2026.1 版')
    expect(cellsOf(screen.getAllByTestId('audit-entry'))).toEqual([
      ['2026年10月11日 00:30', '系统（每日任务）', '起草', '金额：¥200.00'],
    ])
    // No raw id, job name or English word reaches the page.
    const text = document.querySelector('main')?.textContent ?? ''
    expect(text).not.toMatch(/answer_15s|job:|jiyuan-2026@|daily/)
  })

  it('shows a per-point rate, its revisions and audit by name, and the objection beside it', async () => {
    stubMonth()
    renderAt(detailPath(publication))
    expect(await screen.findByTestId('evidence-points')).toBeTruthy()
    expect(screen.getByTestId('evidence-points').textContent).toBe('33.33，计 33 个（只计整点）')
    expect(screen.getByTestId('evidence-rate').textContent).toBe('每个百分点 ¥200.00')
    expect(screen.getByRole('heading', { name: '不准确的信息发布，最多列出 50 条' })).toBeTruthy()
    expect(
      within(screen.getByTestId('evidence-ids')).getByRole('link', { name: 'P2' }).getAttribute('href'),
    ).toBe('/records/publications/2026-10-09/P2?month=2026-10')
    expect(figures()).toEqual([
      ['发布条数', '3 条'],
      ['准确', '2 条'],
      ['不准确', '1 条'],
    ])
    expect(cellsOf(screen.getAllByTestId('revision'))).toEqual([
      ['2026年10月12日 00:30', '¥4,000.00', '待审核', '旧的计算说明', '按新数据重新计算', '系统（每日任务）'],
    ])
    // Names come with the people list: the page shows them once it is read.
    await waitFor(() =>
      expect(cellsOf(screen.getAllByTestId('audit-entry'))).toEqual([
        ['2026年10月11日 00:30', '系统（每日任务）', '起草', '金额：¥4,000.00'],
        ['2026年10月12日 00:30', '系统（每日任务）', '按新数据重新计算', '理由：按新数据重新计算'],
        [
          '2026年10月12日 10:00',
          '乙方坐席班长（演示）',
          '乙方申诉',
          '申诉内容：第三条为转载上级通报，不应计为不准确。',
        ],
      ]),
    )
    const objection = screen.getByTestId('objection')
    expect(within(objection).getByTestId('objection-text').textContent).toBe(publication.objection?.text)
    expect(within(objection).getByText('乙方坐席班长（演示） 于 2026年10月12日 10:00 提出')).toBeTruthy()
    expect(screen.getByText('乙方已申诉：您的决定和理由将作为对申诉的答复。')).toBeTruthy()
  })

  it('says what a transfer breach knows: the deadline and 截至考核时未办理, minutes late only when done', async () => {
    stubMonth([...month, lateReturn])
    renderAt(detailPath(transfer))
    await screen.findByTestId('evidence-figures')
    expect(screen.getByTestId('evidence-value').textContent).toBe('事件类：无比率，每次违约计扣')
    expect(screen.getByTestId('evidence-rate').textContent).toBe('每次 ¥200.00')
    expect(figures()).toEqual([
      ['受理时间（转办时限起算）', '2026年9月30日 16:00'],
      ['期限（截止时间）', '2026年10月9日 00:00'],
      ['办理时间', '截至考核时未办理'],
    ])
    const ticket = within(screen.getByTestId('evidence-ids')).getByRole('link', { name: 'CC-20260930-0001' })
    expect(ticket.getAttribute('href')).toBe('/tickets/CC-20260930-0001?month=2026-10')
    expect(screen.getByRole('heading', { name: '相关记录（工单）' })).toBeTruthy()
    cleanup()

    stubMonth([...month, lateReturn])
    renderAt(detailPath(lateReturn))
    await screen.findByTestId('evidence-figures')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      '回退处理超时 · 2026年10月9日 CC-20260930-0002（第 1 次回退） 待审核',
    )
    expect(figures()).toEqual([
      ['回退时间（办理时限起算）', '2026年10月5日 10:00'],
      ['期限（截止时间）', '2026年10月9日 17:00'],
      ['办理时间', '2026年10月9日 18:30'],
      ['办理方式', '转办'],
      ['超时', '90 分钟'],
    ])
  })

  it('links incidents, weekly checks and staff to their records, and names what training is short of', async () => {
    const incident = deduction({
      deductionId: 'complaint:2026-10-14:INC-7',
      kpi: 'complaint',
      period: '2026-10-14',
      subject: 'INC-7',
      draft: {
        ...transfer.draft,
        evidence: { ids: ['INC-7'], figures: { type: 'confidentiality', at: '2026-10-14T02:00:00.000Z' } },
      },
    })
    const check = deduction({
      deductionId: 'cleaning_check:2026-W42',
      kpi: 'cleaning_check',
      period: '2026-W42',
      draft: {
        ...training.draft,
        evidence: { ids: ['K-1'], figures: { checks: 0, from: '2026-10-12', to: '2026-10-18' } },
      },
    })
    const onboarding = deduction({
      deductionId: 'training.onboarding:2026-10:S-009',
      kpi: 'training.onboarding',
      period: '2026-10',
      subject: 'S-009',
      draft: {
        ...training.draft,
        evidence: {
          ids: ['S-009'],
          figures: {
            firstDutyAt: '2026-10-12T01:00:00.000Z',
            onboardingDays: 20,
            examPassed: false,
            practiceDays: 15,
            missing: 'onboarding,exam',
          },
        },
      },
    })
    stubMonth([incident, check, onboarding])
    renderAt(detailPath(incident))
    expect(
      (
        await within(await screen.findByTestId('evidence-ids')).findByRole('link', { name: 'INC-7' })
      ).getAttribute('href'),
    ).toBe('/records/incidents/2026-10/INC-7?month=2026-10')
    expect(figures()).toEqual([
      ['事件类型', '保密'],
      ['发生时间', '2026年10月14日 10:00'],
    ])
    cleanup()
    renderAt(detailPath(check))
    expect(
      within(await screen.findByTestId('evidence-ids'))
        .getByRole('link', { name: 'K-1' })
        .getAttribute('href'),
    ).toBe('/records/checks/2026-W42/K-1?type=cleaning&month=2026-10')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('2026 年第 42 周')
    expect(figures()).toEqual([
      ['本周检查', '0 次'],
      ['自', '2026年10月12日'],
      ['至', '2026年10月18日'],
    ])
    cleanup()
    renderAt(detailPath(onboarding))
    expect(
      within(await screen.findByTestId('evidence-ids'))
        .getByRole('link', { name: 'S-009' })
        .getAttribute('href'),
    ).toBe('/records/staff/S-009?month=2026-10')
    expect(figures()).toEqual([
      ['首次上岗', '2026年10月12日 09:00'],
      ['岗前培训', '20 天'],
      ['通过培训考试', '否'],
      ['跟班实习', '15 天'],
      ['欠缺', '岗前培训天数不足、未通过培训考试'],
    ])
  })

  it('reads in English', async () => {
    stubMonth()
    renderAt(detailPath(transfer), 'en')
    expect((await screen.findByTestId('formula')).textContent).toBe(transfer.draft.formula.en)
    expect(screen.getByTestId('evidence-value').textContent).toBe('An event: no rate, each breach is charged')
    expect(figures()).toEqual([
      ['Received (the transfer clock starts)', 'Sep 30, 2026, 16:00'],
      ['Due', 'Oct 9, 2026, 00:00'],
      ['Done at', 'Not done when assessed'],
    ])
    expect(screen.getByText('Records behind it (tickets)')).toBeTruthy()
  })

  it('shows a decision by name, its reason and the supersession links', async () => {
    stubMonth()
    renderAt(detailPath(approvedSuccessor))
    const record = await screen.findByTestId('decision-record')
    expect([...record.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual([
      '已调整',
      '¥100.00',
      '甲方审核员（演示）',
      '2026年10月11日 00:30',
      '部分时段系统故障',
    ])
    expect(screen.getByTestId('final-amount').textContent).toBe('¥100.00')
    const link = within(screen.getByTestId('supersession')).getByRole('link', { name: '原记录' })
    expect(link.getAttribute('href')).toBe('/deductions/2026-10/connection%3A2026-10-02?month=2026-10')
    // Decided: nothing to decide, no shortcuts to decide with; it can be reopened.
    expect(screen.queryByRole('button', { name: /^批准/ })).toBeNull()
    expect(screen.getByTestId('shortcut-legend').textContent).not.toContain('批准')
    expect(screen.getByRole('button', { name: '重新打开' })).toBeTruthy()
    fireEvent.click(link)
    expect(await screen.findByText('被取代为')).toBeTruthy()
    expect(within(screen.getByTestId('supersession')).getByRole('link').textContent).toBe('第 2 条记录')
    // The one replaced cannot be reopened: the newer record stands.
    expect(screen.queryByRole('button', { name: '重新打开' })).toBeNull()
  })
})

describe('decisions', () => {
  it('approves at the version seen, then offers to undo it for a few seconds (a reopen with a reason)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true })
    const approved = decided(publication, 'approved', 660_000, null)
    const fetch = stubMonth(month, {
      [`POST ${decisionPath(publication.deductionId)}`]: () => json(200, approved),
      [`POST ${reopenPath(publication.deductionId)}`]: () =>
        json(200, reopened(approved, '审核人撤销了刚才的批准')),
    })
    renderAt(detailPath(publication))
    expect((await screen.findByTestId('decision-version')).textContent).toContain('第 3 版')

    fireEvent.click(screen.getByRole('button', { name: /^批准/ }))
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已批准，扣款 ¥6,600.00。'),
    )
    const [post] = callsTo(fetch, 'POST', decisionPath(publication.deductionId))
    expect(bodyOf(post?.init)).toEqual({ decision: 'approved', expectedVersion: 3 })
    expect(headerOf(post?.init, 'authorization')).toBe('Bearer token-of-reviewer')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('已批准')
    expect(screen.getByTestId('objection-answer').textContent).toBe('答复：已批准（2026年10月12日 11:00）')

    // The toast: a live region, its Undo a button the keyboard reaches.
    const toast = screen.getByTestId('undo-toast')
    expect(toast.closest('[role="status"]')?.getAttribute('aria-live')).toBe('polite')
    expect(toast.textContent).toContain('已批准 信息发布准确率 · 2026年10月9日 ¥6,600.00')
    const undo = within(toast).getByRole('button', { name: /撤销/ })
    expect(undo.tabIndex).toBe(0)
    fireEvent.click(undo)
    await waitFor(() =>
      expect(screen.getByTestId('undo-toast').textContent).toBe(
        '已撤销，信息发布准确率 · 2026年10月9日 恢复为待审核。',
      ),
    )
    expect(bodyOf(callsTo(fetch, 'POST', reopenPath(publication.deductionId))[0]?.init)).toEqual({
      reason: '审核人撤销了刚才的批准',
      expectedVersion: 4,
    })
    // A draft again, its approval kept among the earlier decisions; the reopen is in the audit trail.
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('待审核')
    expect(screen.getByTestId('previous-decisions').textContent).toContain(
      '已批准，¥6,600.00，甲方审核员（演示）',
    )
    expect(screen.getAllByTestId('audit-entry').at(-1)?.textContent).toContain('重新打开')
    expect(screen.getAllByTestId('audit-entry').at(-1)?.textContent).toContain('理由：审核人撤销了刚才的批准')
    expect(screen.getByRole('button', { name: /^批准/ })).toBeTruthy()
    // The toast goes after a few seconds.
    vi.advanceTimersByTime(UNDO_MS + 100)
    await waitFor(() => expect(screen.queryByTestId('undo-toast')).toBeNull())
  })

  it('says a refusal in Chinese (never the server’s English) and reloads the latest version', async () => {
    let version = 3
    const path = deductionPath('2026-10', publication.deductionId)
    const fetch = stubMonth(month, {
      [`GET ${path}`]: () => json(200, { ...publication, version }),
      [`POST ${path}/decision`]: () => {
        version = 4
        return json(409, {
          error: {
            code: 'stale_version',
            message: `deduction ${publication.deductionId} is at version 4, not 3`,
          },
        })
      },
    })
    renderAt(detailPath(publication))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: /^批准/ }))

    const problem = await screen.findByTestId('decision-error')
    expect(problem.getAttribute('role')).toBe('alert')
    expect(problem.textContent).toContain('提交未成功：这条扣款在您打开后已有变动')
    expect(problem.textContent).toContain('原因：这条扣款已被他人修改，请刷新后再审核。')
    expect(problem.textContent).not.toMatch(/deduction|version|服务器答复/)
    fireEvent.click(within(problem).getByRole('button', { name: '重新加载最新版本' }))
    await waitFor(() => expect(screen.getByTestId('decision-version').textContent).toContain('第 4 版'))
    expect(screen.queryByTestId('decision-error')).toBeNull()
    expect(callsTo(fetch, 'GET', path).length).toBeGreaterThanOrEqual(2)
  })

  it('validates an adjustment, takes full-width digits, and sends fen', async () => {
    const path = decisionPath(publication.deductionId)
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(publication, 'adjusted', 12_350, '一条为转载')),
    })
    renderAt(detailPath(publication))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    const amount = screen.getByLabelText('新扣款金额（元）')
    await waitFor(() => expect(document.activeElement).toBe(amount))

    fireEvent.submit(screen.getByTestId('adjust-form'))
    expect(screen.getByText('请输入不小于 0 的金额，最多两位小数。')).toBeTruthy()
    expect(screen.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(amount.getAttribute('aria-invalid')).toBe('true')
    fireEvent.input(amount, { target: { value: '0.125' } })
    expect(screen.getByText('请输入不小于 0 的金额，最多两位小数。')).toBeTruthy()
    fireEvent.input(amount, { target: { value: '６６００' } })
    expect(screen.getByText('新金额与起草金额相同：请直接批准。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    fireEvent.input(amount, { target: { value: '１２３．５０' } })
    fireEvent.input(screen.getByLabelText('调整理由'), { target: { value: '  一条为转载 ' } })
    fireEvent.submit(screen.getByTestId('adjust-form'))
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已调整，扣款 ¥123.50。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'adjusted',
      amountFen: 12_350,
      reason: '一条为转载',
      expectedVersion: 3,
    })
    // An adjustment offers no undo toast: only a quick approval does.
    expect(screen.queryByTestId('undo-toast')).toBeNull()
  })

  it('asks for an explicit confirmation, showing both amounts, before adjusting above the draft', async () => {
    const path = decisionPath(transfer.deductionId)
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(transfer, 'adjusted', 50_000, '实为两张半工单')),
    })
    renderAt(detailPath(transfer))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    fireEvent.input(screen.getByLabelText('新扣款金额（元）'), { target: { value: '５００' } })
    fireEvent.input(screen.getByLabelText('调整理由'), { target: { value: '实为两张半工单' } })
    const confirm = screen.getByLabelText('我确认将扣款从 ¥200.00 提高到 ¥500.00（高于起草金额）')
    fireEvent.submit(screen.getByTestId('adjust-form'))
    expect(screen.getByText('新金额高于起草金额：请勾选确认。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    fireEvent.click(confirm)
    fireEvent.submit(screen.getByTestId('adjust-form'))
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已调整，扣款 ¥500.00。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'adjusted',
      amountFen: 50_000,
      reason: '实为两张半工单',
      confirmAboveDraft: true,
      expectedVersion: 1,
    })
  })

  it('says the bound before anything is sent — 3 × the draft, at most the smallest instalment — and keeps to it', async () => {
    const path = decisionPath(transfer.deductionId)
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(transfer, 'adjusted', 60_000, '实为三张工单')),
    })
    renderAt(detailPath(transfer))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    // A ¥200.00 draft: at most ¥600.00, well under the smallest instalment (¥326,592.00).
    expect((await screen.findByTestId('adjust-ceiling')).textContent).toBe(
      '最高可调整至 ¥600.00（不超过起草金额的 3 倍，且不超过最小一期付款）。',
    )
    const amount = screen.getByLabelText('新扣款金额（元）')
    expect(amount.getAttribute('aria-describedby')).toBe('decision-amount-hint')
    fireEvent.input(amount, { target: { value: '１,２００' } })
    fireEvent.input(screen.getByLabelText('调整理由'), { target: { value: '实为三张工单' } })
    // Nothing to confirm: the amount cannot be sent at all.
    expect(screen.queryByTestId('confirm-above-draft')).toBeNull()
    fireEvent.submit(screen.getByTestId('adjust-form'))
    expect(
      screen.getByText(
        '新金额 ¥1,200.00 超过上限 ¥600.00（不超过起草金额的 3 倍，且不超过最小一期付款），请核对金额。',
      ),
    ).toBeTruthy()
    expect(amount.getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    // The bound itself may be chosen.
    fireEvent.input(amount, { target: { value: '600' } })
    fireEvent.click(screen.getByTestId('confirm-above-draft'))
    fireEvent.submit(screen.getByTestId('adjust-form'))
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已调整，扣款 ¥600.00。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toMatchObject({
      amountFen: 60_000,
      confirmAboveDraft: true,
    })
  })

  it('bounds a large draft by the smallest instalment, not by 3 × the draft', async () => {
    const large = { ...transfer, amountFen: 20_000_000, draft: { ...transfer.draft, amountFen: 20_000_000 } }
    stubMonth([...month.filter((d) => d.deductionId !== transfer.deductionId), large])
    renderAt(detailPath(large))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    expect((await screen.findByTestId('adjust-ceiling')).textContent).toBe(
      '最高可调整至 ¥326,592.00（不超过起草金额的 3 倍，且不超过最小一期付款）。',
    )
  })

  it('shows the server’s own words when it refuses an adjustment above its limit', async () => {
    const path = decisionPath(transfer.deductionId)
    stubMonth(month, {
      [`POST ${path}`]: () =>
        json(400, {
          error: {
            code: 'adjustment_above_limit',
            message: 'amountFen: ¥500.00 is above the limit of ¥400.00',
            messageZh: '调整后的金额 500.00 元超过上限 400.00 元（起草金额的 2 倍）',
            fields: [{ path: 'amountFen', message: 'above the limit' }],
          },
        }),
    })
    renderAt(detailPath(transfer))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: '调整金额' }))
    await screen.findByTestId('adjust-ceiling')
    fireEvent.input(screen.getByLabelText('新扣款金额（元）'), { target: { value: '500' } })
    fireEvent.input(screen.getByLabelText('调整理由'), { target: { value: '实为两张半工单' } })
    fireEvent.click(screen.getByTestId('confirm-above-draft'))
    fireEvent.submit(screen.getByTestId('adjust-form'))

    const problem = await screen.findByTestId('decision-error')
    expect(problem.textContent).toBe('无法提交：调整后的金额 500.00 元超过上限 400.00 元（起草金额的 2 倍）')
    // The form stays open with what was typed, to be corrected.
    expect((screen.getByLabelText('新扣款金额（元）') as HTMLInputElement).value).toBe('500')
  })

  it('says in its audit that an adjustment above the draft was confirmed so', async () => {
    const adjusted: typeof transfer = {
      ...decided(transfer, 'adjusted', 50_000, '实为两张半工单'),
      audit: [
        ...transfer.audit,
        {
          at: '2026-10-12T03:00:00.000Z',
          by: 'reviewer',
          action: 'adjusted',
          detail: { before: 20_000, after: 50_000, reason: '实为两张半工单', aboveDraft: true },
        },
      ],
    }
    stubMonth([...month.filter((d) => d.deductionId !== transfer.deductionId), adjusted])
    renderAt(detailPath(adjusted))
    await waitFor(() =>
      expect(cellsOf(screen.getAllByTestId('audit-entry')).at(-1)).toEqual([
        '2026年10月12日 11:00',
        '甲方审核员（演示）',
        '调整金额',
        '原金额：¥200.00；新金额：¥500.00；理由：实为两张半工单；高于起草金额，审核人已确认',
      ]),
    )
    expect(screen.getByTestId('audit').textContent).not.toMatch(/aboveDraft|其他|true/)
  })

  it('decides 不予扣款 with a reason', async () => {
    const path = decisionPath('answer_15s:2026-10-09')
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, decided(deduction(), 'rejected', 0, '当日系统故障')),
    })
    renderAt(detailPath(deduction()))
    await screen.findByTestId('decision-version')
    fireEvent.click(screen.getByRole('button', { name: /^不予扣款/ }))
    fireEvent.click(screen.getByRole('button', { name: '确认不予扣款' }))
    expect(screen.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    fireEvent.input(screen.getByLabelText('不予扣款的理由'), { target: { value: '当日系统故障' } })
    fireEvent.click(screen.getByRole('button', { name: '确认不予扣款' }))
    await waitFor(() => expect(screen.getByTestId('decision-done').textContent).toBe('已决定不予扣款。'))
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'rejected',
      reason: '当日系统故障',
      expectedVersion: 1,
    })
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('不予扣款')
    expect(document.body.textContent).not.toContain('驳回')
  })

  it('reopens a decision with a reason; once the month is closed it says so and offers none', async () => {
    let state: 'open' | 'closed' = 'open'
    const path = reopenPath(rejected.deductionId)
    const fetch = stubMonth(
      month,
      {
        [`POST ${path}`]: (_url, init) => {
          if (state === 'closed')
            return json(409, { error: { code: 'month_closed', message: 'the month 2026-10 is closed' } })
          return json(200, reopened(rejected, (bodyOf(init) as { reason: string }).reason))
        },
      },
      () => [monthSummary({ state, number: state === 'closed' ? 'KH-202610-01' : null })],
    )
    renderAt(detailPath(rejected))
    fireEvent.click(await screen.findByRole('button', { name: '重新打开' }))
    const reason = screen.getByLabelText('重新打开的理由')
    await waitFor(() => expect(document.activeElement).toBe(reason))
    fireEvent.click(screen.getByRole('button', { name: '确认重新打开' }))
    expect(screen.getByText('请写明理由（至少 2 个字）。')).toBeTruthy()
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    fireEvent.input(reason, { target: { value: '停电时段另有备用线路' } })
    fireEvent.click(screen.getByRole('button', { name: '确认重新打开' }))
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已重新打开，恢复为待审核。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      reason: '停电时段另有备用线路',
      expectedVersion: 1,
    })
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('待审核')
    expect(screen.getByTestId('previous-decisions').textContent).toContain(
      '不予扣款，¥0.00，甲方审核员（演示）',
    )
    cleanup()

    // Meanwhile the month was closed: the refusal in words, then the page says 本月已确认.
    renderAt(detailPath(rejected))
    fireEvent.click(await screen.findByRole('button', { name: '重新打开' }))
    fireEvent.input(screen.getByLabelText('重新打开的理由'), { target: { value: '停电时段另有备用线路' } })
    state = 'closed'
    fireEvent.click(screen.getByRole('button', { name: '确认重新打开' }))
    expect((await screen.findByTestId('decision-error')).textContent).toBe(
      '无法提交：本月考核已确认，决定已冻结；如需更改，请先重新打开本月。',
    )
    const note = await screen.findByTestId('month-closed')
    expect(note.textContent).toContain('本月已确认')
    expect(note.textContent).toContain('确认单编号：KH-202610-01')
    expect(within(note).getByRole('link').getAttribute('href')).toBe('/months/2026-10?month=2026-10')
    expect(screen.queryByRole('button', { name: '重新打开' })).toBeNull()
    expect(screen.queryByRole('button', { name: /^批准|^不予扣款/ })).toBeNull()
  })

  it('records a ¥0 breach (a), with the same undo offer', async () => {
    const path = decisionPath(training.deductionId)
    const fetch = stubMonth([training], {
      [`POST ${path}`]: () => json(200, decided(training, 'acknowledged', 0, null)),
    })
    renderAt(detailPath(training))
    await screen.findByTestId('decision-version')
    expect(screen.getByText('这是一条不扣款的违约：按合同只需记录。')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '调整金额' })).toBeNull()
    expect(screen.getByRole('button', { name: /^记录（不扣款）/ })).toBeTruthy()
    key('a')
    await waitFor(() => expect(screen.getByTestId('decision-done').textContent).toBe('已记录，不扣款。'))
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'acknowledged',
      expectedVersion: 1,
    })
    expect(screen.getByTestId('undo-toast').textContent).toContain(
      '已记录 在职培训 · 2026年10月 · S-007（不扣款）',
    )
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('已记录')
  })

  it('offers no decision to an agency viewer, and the contractor only what they can do', async () => {
    signInAs('viewer')
    stubMonth()
    renderAt(detailPath(deduction()))
    await screen.findByTestId('formula')
    expect(screen.queryByRole('button', { name: /^批准/ })).toBeNull()
    expect(screen.getByText('决定由甲方审核员作出，您可以查看依据和决定。')).toBeTruthy()
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
    cleanup()

    signInAs('contractor')
    stubMonth()
    renderAt(detailPath(deduction()))
    expect(await screen.findByLabelText('申诉理由')).toBeTruthy()
    const text = document.querySelector('main')?.textContent ?? ''
    // No reviewer-only words: no deciding, no version hint, no shortcut to decide, no "only reviewers".
    expect(text).not.toMatch(/批准|不予扣款|审核员可以|第 1 版|调整金额/)
    expect(screen.getByTestId('shortcut-legend').textContent).toBe(
      '键盘快捷键J下一条K上一条在输入框中输入时快捷键不生效。',
    )
  })
})

describe('keyboard shortcuts', () => {
  const queue = '?month=2026-10&sort=amount&dir=desc'

  it('walks the queue with j and k in the queue order, and says so at its ends', async () => {
    stubMonth()
    renderAt(detailPath(publication, queue))
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
    expect(screen.getByTestId('shortcut-legend').textContent).toContain('批准')
    key('j')
    await waitFor(() => expect(window.location.pathname).toBe('/deductions/2026-10/answer_15s%3A2026-10-09'))
    expect(window.location.search).toBe(queue)
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条'),
    )
    await waitFor(() => expect(document.activeElement?.id).toBe('deduction-title'))
    key('j')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 3 条，共 3 条'),
    )
    expect(screen.getByTestId('formula').textContent).toBe(transfer.draft.formula.zh)
    key('j')
    expect(await screen.findByText('已是队列最后一条。')).toBeTruthy()
    key('k')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条'),
    )
    key('K')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
  })

  it('approves with a and undoes with u; keeps its place so j goes on; r opens the reason; nothing fires while typing', async () => {
    const path = decisionPath(publication.deductionId)
    const approved = decided(publication, 'approved', 660_000, null)
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () => json(200, approved),
      [`POST ${reopenPath(publication.deductionId)}`]: () =>
        json(200, reopened(approved, '审核人撤销了刚才的批准')),
    })
    renderAt(detailPath(publication, queue))
    await screen.findByTestId('decision-version')

    key('r')
    const reason = screen.getByLabelText('不予扣款的理由') as HTMLTextAreaElement
    await waitFor(() => expect(document.activeElement).toBe(reason))
    expect(reason.value).toBe('')
    key('a', reason)
    key('j', reason)
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    expect(window.location.pathname).toBe('/deductions/2026-10/publish_accuracy%3A2026-10-09')
    fireEvent.keyDown(reason, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByLabelText('不予扣款的理由')).toBeNull())
    fireEvent.keyDown(document.body, { key: 'a', ctrlKey: true })
    expect(callsTo(fetch, 'POST', path)).toEqual([])

    key('a')
    await waitFor(() =>
      expect(screen.getByTestId('decision-done').textContent).toBe('已批准，扣款 ¥6,600.00。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({
      decision: 'approved',
      expectedVersion: 3,
    })
    expect(screen.getByTestId('shortcut-legend').textContent).toContain('撤销刚才的决定')
    expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条')
    key('a')
    expect(callsTo(fetch, 'POST', path)).toHaveLength(1)
    // j goes on to the next; the undo offer goes along, and u takes the approval back.
    key('j')
    await waitFor(() => expect(screen.getByTestId('formula').textContent).toBe(deduction().draft.formula.zh))
    expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 3 条')
    expect(screen.getByTestId('undo-toast').textContent).toContain('已批准 信息发布准确率')
    key('u')
    await waitFor(() => expect(screen.getByTestId('undo-toast').textContent).toContain('已撤销'))
    expect(callsTo(fetch, 'POST', reopenPath(publication.deductionId))).toHaveLength(1)
    key('k')
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 3 条'),
    )
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('待审核')
  })
})

describe('objections', () => {
  const path = `${deductionPath('2026-10', 'answer_15s:2026-10-09')}/objection`

  it('lets the contractor object to a draft (5 to 4000 characters) and shows it filed', async () => {
    signInAs('contractor')
    const fetch = stubMonth(month, {
      [`POST ${path}`]: () =>
        json(200, {
          ...deduction(),
          version: 2,
          objection: {
            by: 'contractor',
            at: '2026-10-10T16:30:00.000Z',
            text: '当日系统故障，已报备',
            answer: null,
            answeredAt: null,
          },
        }),
    })
    renderAt(detailPath(deduction()))
    const text = await screen.findByLabelText('申诉理由')
    fireEvent.input(text, { target: { value: '故障 ' } })
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect(screen.getByText('请至少写 5 个字。')).toBeTruthy()
    expect(text.getAttribute('aria-invalid')).toBe('true')
    expect(callsTo(fetch, 'POST', path)).toEqual([])
    fireEvent.input(text, { target: { value: '当日系统故障，已报备' } })
    expect(screen.getByText('已写 10 / 4000 字')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect((await screen.findByTestId('objection-text')).textContent).toBe('当日系统故障，已报备')
    expect(screen.getByText('申诉已提交，审核员将在决定时答复。')).toBeTruthy()
    expect(bodyOf(callsTo(fetch, 'POST', path)[0]?.init)).toEqual({ text: '当日系统故障，已报备' })
    expect(headerOf(callsTo(fetch, 'POST', path)[0]?.init, 'authorization')).toBe(
      'Bearer token-of-contractor',
    )
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
  })

  it('says why it was refused: the server’s Chinese, else the code’s words; English in English', async () => {
    signInAs('contractor')
    stubMonth(month, {
      [`POST ${path}`]: () =>
        json(409, {
          error: {
            code: 'objection_window_closed',
            message:
              'the objection window closed at 2026-10-16T16:00:00.000Z (5 working days after drafting)',
            messageZh: '申诉期已过（截至2026-10-16 24:00）',
          },
        }),
    })
    renderAt(detailPath(deduction()))
    fireEvent.input(await screen.findByLabelText('申诉理由'), { target: { value: '信息来源为官方发布' } })
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect((await screen.findByTestId('objection-error')).textContent).toBe(
      '申诉未被接受：申诉期已过（截至2026-10-16 24:00）',
    )
    cleanup()

    stubMonth(month, {
      [`POST ${path}`]: () =>
        json(409, { error: { code: 'objection_window_closed', message: 'the window closed' } }),
    })
    renderAt(detailPath(deduction()))
    fireEvent.input(await screen.findByLabelText('申诉理由'), { target: { value: '信息来源为官方发布' } })
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }))
    expect((await screen.findByTestId('objection-error')).textContent).toBe('申诉未被接受：申诉期已过。')
    cleanup()

    renderAt(detailPath(deduction()), 'en')
    fireEvent.input(await screen.findByLabelText('Grounds of the objection'), {
      target: { value: 'The figures come from the official release' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'File the objection' }))
    expect((await screen.findByTestId('objection-error')).textContent).toBe(
      'The objection was not accepted: the window closed',
    )
  })

  it('offers no form on a decided deduction', async () => {
    signInAs('contractor')
    stubMonth()
    renderAt(detailPath(rejected))
    await screen.findByTestId('decision-record')
    expect(screen.queryByLabelText('申诉理由')).toBeNull()
    expect(screen.getByText('只能对待审核的扣款提出申诉。')).toBeTruthy()
  })
})
