/**
 * The review queue: windowed (10,000 rows render a few dozen), the month in context (the address's,
 * else `GET /months`'s current, chosen with the month picker), filters (a KPI or a group by prefix,
 * a period, a status) kept by every link, totals, the ¥0 records apart and recorded in bulk, a
 * selection approved with one confirmation (count and sum; partial refusals in Chinese), a closed
 * month that offers no decision, and each role's words.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { forgetQueues } from '../src/deductions/queue'
import {
  approvedOld,
  bodyOf,
  decided,
  deduction,
  lateReturn,
  month,
  monthSummary,
  publication,
  rejected,
  safety,
  stubMonth,
  training,
  transfer,
} from './deductions-fixtures'
import { callsTo, headerOf, json, renderAt, setUpPageTests, signInAs } from './helpers'

/** The cells of each row as read, the selection box left out. */
const rowTexts = () =>
  screen
    .getAllByTestId('deduction-row')
    .map((row) => [...row.querySelectorAll('th, td:not(.col-select)')].map((cell) => cell.textContent))
const params = () => Object.fromEntries(new URLSearchParams(window.location.search))
const BULK = 'POST /api/v1/deductions/2026-10/bulk-decision'

setUpPageTests({ after: forgetQueues })

describe('the review queue', () => {
  it('renders only a window of 10,000 rows, and scrolling shows later ones', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const subject = `T${String(i).padStart(5, '0')}`
      return deduction({
        deductionId: `service_error.transfer:2026-10-09:${subject}`,
        kpi: 'service_error.transfer',
        subject,
        amountFen: 20_000,
      })
    })
    stubMonth(many)
    renderAt('/deductions?month=2026-10')

    const table = await screen.findByTestId('deductions', {}, { timeout: 15_000 })
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    expect(screen.getByTestId('deductions-shown').textContent).toBe('列表中 10000 条')
    expect(screen.getByTestId('total-draft').textContent).toBe('10000 条，¥2,000,000.00')
    const firstWindow = screen.getAllByTestId('deduction-row')
    expect(firstWindow.length).toBeGreaterThan(10)
    expect(firstWindow.length).toBeLessThanOrEqual(40)
    expect(firstWindow[0]?.getAttribute('aria-rowindex')).toBe('2')
    expect(screen.getByText('T00000')).toBeTruthy()
    expect(screen.queryByText('T05000')).toBeNull()

    const viewport = screen.getByRole('region', { name: /2026年10月的扣款/ })
    viewport.scrollTop = 5000 * 40
    fireEvent.scroll(viewport)
    await screen.findByText('T05000')
    const rows = screen.getAllByTestId('deduction-row')
    expect(rows.length).toBeLessThanOrEqual(40)
    expect(screen.queryByText('T00000')).toBeNull()
    const first = Number(rows[0]?.getAttribute('aria-rowindex'))
    expect(first).toBeGreaterThan(4980)
    expect(first).toBeLessThanOrEqual(5002)
    const spacer = table.querySelector('tr.spacer') as HTMLElement
    expect(spacer.style.height).toBe(`${(first - 2) * 40}px`)
    viewport.scrollTop = 10_000 * 40
    fireEvent.scroll(viewport)
    await screen.findByText('T09999')
    expect(screen.getAllByTestId('deduction-row').length).toBeLessThanOrEqual(40)
  }, 30_000)

  it('opens on the month the app is on (GET /months), chosen with the month picker, drafts first', async () => {
    const fetch = stubMonth()
    renderAt('/deductions')
    await screen.findByTestId('deductions')
    // The month the app opens on is written into the address, so links and reloads keep it.
    await waitFor(() => expect(params().month).toBe('2026-10'))
    expect(callsTo(fetch, 'GET', '/api/v1/deductions')[0]?.url.searchParams.get('month')).toBe('2026-10')
    expect(headerOf(callsTo(fetch, 'GET', '/api/v1/deductions')[0]?.init, 'authorization')).toBe(
      'Bearer token-of-reviewer',
    )
    expect((screen.getByLabelText('考核月份') as HTMLSelectElement).value).toBe('2026-10')
    expect(document.querySelector('input[type="month"]')).toBeNull()
    expect((screen.getByLabelText('状态') as HTMLSelectElement).value).toBe('draft')
    // Drafts only, by period: 10-08 transfer, then 10-09 answer_15s before publish_accuracy (contract order).
    expect(rowTexts()).toEqual([
      ['转办超时', '2026年10月8日', 'CC-20260930-0001', '¥200.00', '待审核', ''],
      ['15秒应答及时率', '2026年10月9日', '—', '¥200.00', '待审核', ''],
      ['信息发布准确率', '2026年10月9日', '—', '¥6,600.00', '待审核', '申诉（乙方已申诉，待答复）'],
    ])
    expect(screen.getByTestId('total-draft').textContent).toBe('3 条，¥7,000.00')
    expect(screen.getByTestId('total-decided').textContent).toBe('2 条，¥100.00')

    // The picker's previous month: the address changes, the list follows.
    fireEvent.click(screen.getByRole('button', { name: '上一月' }))
    await waitFor(() => expect(params().month).toBe('2026-09'))
    expect(await screen.findByText('2026年9月没有符合条件的扣款。')).toBeTruthy()
  })

  it('filters by status and KPI, sorts by amount either way, and keeps all of it in the address', async () => {
    stubMonth()
    renderAt('/deductions?month=2026-10')
    await screen.findByTestId('deductions')

    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'all' } })
    await waitFor(() => expect(screen.getAllByTestId('deduction-row')).toHaveLength(6))
    const all = rowTexts()
    expect(all.map((cells) => cells[4])).toEqual([
      '已批准',
      '已调整',
      '不予扣款',
      '待审核',
      '待审核',
      '待审核',
    ])
    expect(all[0]?.[5]).toBe('已被取代')
    expect(all[1]?.[3]).toBe('¥200.00 → ¥100.00')
    expect(all[1]?.[5]).toBe('取代旧记录')

    fireEvent.change(screen.getByLabelText('排序'), { target: { value: 'amount' } })
    fireEvent.change(screen.getByLabelText('顺序'), { target: { value: 'desc' } })
    await waitFor(() => expect(rowTexts()[0]?.[0]).toBe('信息发布准确率'))
    expect(screen.getByText('2026年10月的扣款，按金额降序')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('考核指标'), { target: { value: 'answer_15s' } })
    await waitFor(() => expect(screen.getAllByTestId('deduction-row')).toHaveLength(2))
    expect(rowTexts().map((cells) => [cells[1], cells[4]])).toEqual([
      ['2026年10月3日', '不予扣款'],
      ['2026年10月9日', '待审核'],
    ])
    expect(screen.getByTestId('total-draft').textContent).toBe('1 条，¥200.00')
    expect(screen.getByTestId('total-decided').textContent).toBe('1 条，¥0.00')
    await waitFor(() =>
      expect(params()).toEqual({
        month: '2026-10',
        status: 'all',
        sort: 'amount',
        dir: 'desc',
        kpi: 'answer_15s',
      }),
    )
    const [link] = screen.getAllByRole('link', { name: '15秒应答及时率' })
    expect(link?.getAttribute('href')).toMatch(
      /^\/deductions\/2026-10\/answer_15s%3A2026-10-0\d\?month=2026-10&kpi=answer_15s&status=all&sort=amount&dir=desc$/,
    )
  })

  it('takes a KPI prefix and a period from the address (a dashboard tile, a calendar day), and every link keeps them', async () => {
    const callback = deduction({
      deductionId: 'service_error.callback:2026-10-09:CC-20260930-0003/callback/1',
      kpi: 'service_error.callback',
      subject: 'CC-20260930-0003/callback/1',
      draft: transfer.draft,
    })
    stubMonth([...month, lateReturn, callback])
    renderAt('/deductions?month=2026-10&kpi=service_error&period=2026-10-09&status=all')
    await screen.findByTestId('deductions')
    // The three kinds of 服务差错 on that day: the transfer of 10-08 is left out by the period.
    expect(rowTexts().map((cells) => cells.slice(0, 3))).toEqual([
      ['回退处理超时', '2026年10月9日', 'CC-20260930-0002（第 1 次回退）'],
      ['回访超时', '2026年10月9日', 'CC-20260930-0003（第 1 次回访）'],
    ])
    const kpi = screen.getByLabelText('考核指标') as HTMLSelectElement
    expect(kpi.value).toBe('service_error')
    expect(kpi.selectedOptions[0]?.textContent).toBe('转办超时、回退处理超时、回访超时')
    expect(screen.getByTestId('period-filter').textContent).toContain('期间：2026年10月9日')
    const search = '?month=2026-10&kpi=service_error&period=2026-10-09&status=all'
    expect(screen.getByRole('link', { name: '回访超时' }).getAttribute('href')).toBe(
      `/deductions/2026-10/${encodeURIComponent(callback.deductionId)}${search}`,
    )
    expect(screen.getByRole('link', { name: '从第一条开始审核' }).getAttribute('href')).toContain(search)

    // Opened, the queue goes with it: j walks it, the back link returns to it.
    fireEvent.click(screen.getByRole('link', { name: '从第一条开始审核' }))
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 1 条，共 2 条'),
    )
    expect(screen.getByRole('link', { name: '返回扣款列表' }).getAttribute('href')).toBe(
      `/deductions${search}`,
    )
    fireEvent.keyDown(document.body, { key: 'j' })
    await waitFor(() =>
      expect(screen.getByTestId('queue-position').textContent).toBe('队列中第 2 条，共 2 条'),
    )
    expect(window.location.search).toBe(search)

    // Clearing the period shows the whole month again.
    fireEvent.click(screen.getByRole('link', { name: '返回扣款列表' }))
    fireEvent.click(await screen.findByRole('button', { name: '显示全部期间' }))
    await waitFor(() => expect(screen.getAllByTestId('deduction-row')).toHaveLength(3))
    await waitFor(() => expect(params().period).toBeUndefined())
  })

  it('says when nothing matches, and a failure in Chinese words, never the server’s English', async () => {
    stubMonth()
    renderAt('/deductions?month=2026-09')
    expect(await screen.findByText('2026年9月没有符合条件的扣款。')).toBeTruthy()
    cleanup()
    stubMonth(month, {
      'GET /api/v1/deductions': () =>
        json(403, { error: { code: 'forbidden', message: 'this route needs one of: agency_reviewer' } }),
    })
    renderAt('/deductions?month=2026-10')
    expect((await screen.findByRole('alert')).textContent).toBe('无法加载扣款：您的角色不能进行这项操作。')
  })

  it('is in the navigation for every staff role, each told what they can do', async () => {
    for (const [who, intro] of [
      ['reviewer', '也可勾选多条一次批准'],
      ['viewer', '决定由甲方审核员作出'],
      ['contractor', '在申诉期内于“乙方申诉”中写明理由'],
    ] as const) {
      signInAs(who)
      stubMonth()
      renderAt('/deductions?month=2026-10')
      expect(await screen.findByRole('link', { name: '扣款审核' })).toBeTruthy()
      expect(await screen.findByText(new RegExp(intro))).toBeTruthy()
      cleanup()
    }
    // The contractor is offered no selection and no approval, and not told of them either.
    signInAs('contractor')
    stubMonth([...month, training])
    renderAt('/deductions?month=2026-10')
    await screen.findByTestId('deductions')
    expect(screen.queryByTestId('select-row')).toBeNull()
    expect(screen.queryByTestId('bulk-approve')).toBeNull()
    expect(await screen.findByTestId('zero-records')).toBeTruthy()
    expect(document.body.textContent).not.toMatch(/批准所选|勾选|全部记录|无需逐条批准/)
    expect(screen.getByRole('link', { name: '从第一条开始查看' })).toBeTruthy()
  })
})

describe('the ¥0 records', () => {
  it('are shown apart from the money and recorded all at once', async () => {
    let list = [...month, training, safety]
    const fetch = stubMonth(list, {
      'GET /api/v1/deductions': () => json(200, { deductions: list }),
      [BULK]: () => {
        const done = [decided(training, 'acknowledged', 0, null), decided(safety, 'acknowledged', 0, null)]
        list = list.map((d) => done.find((x) => x.deductionId === d.deductionId) ?? d)
        return json(200, { decided: done, conflicts: [], count: 2, totalFen: 0 })
      },
    })
    renderAt('/deductions?month=2026-10')
    const records = await screen.findByTestId('zero-records')
    // Not in the money: the table has the three drafts with an amount.
    expect(rowTexts().map((cells) => cells[0])).toEqual(['转办超时', '15秒应答及时率', '信息发布准确率'])
    expect(within(records).getByRole('heading', { name: '记录（不扣款）' })).toBeTruthy()
    expect(
      within(records)
        .getAllByTestId('zero-record-row')
        .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent)),
    ).toEqual([
      ['在职培训', '2026年10月', 'S-007', '待记录'],
      ['安全检查', '2026 年第 41 周', '—', '待记录'],
    ])
    expect(screen.getByTestId('total-records').textContent).toBe('待记录 2 条，已记录 0 条')
    // No approval one by one: there is nothing to tick among them.
    expect(within(records).queryByRole('checkbox')).toBeNull()

    fireEvent.click(within(records).getByRole('button', { name: '全部记录（2 条）' }))
    await waitFor(() =>
      expect(screen.getByTestId('zero-records-report').textContent).toBe('已记录 2 条（不扣款）。'),
    )
    const [post] = callsTo(fetch, 'POST', '/api/v1/deductions/2026-10/bulk-decision')
    expect(bodyOf(post?.init)).toEqual({
      decision: 'acknowledged',
      items: [
        { deductionId: training.deductionId, expectedVersion: 1 },
        { deductionId: safety.deductionId, expectedVersion: 2 },
      ],
      expectedCount: 2,
      expectedTotalFen: 0,
    })
    await waitFor(() =>
      expect(screen.getByTestId('total-records').textContent).toBe('待记录 0 条，已记录 2 条'),
    )
    // None left to record in the drafts shown: the section stays, with its report.
    expect(within(screen.getByTestId('zero-records')).getByText('没有待记录的违约。')).toBeTruthy()
    expect(screen.getByTestId('zero-records-report').textContent).toBe('已记录 2 条（不扣款）。')
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'acknowledged' } })
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('zero-record-row')
          .map((row) => row.querySelector('td:last-child')?.textContent),
      ).toEqual(['已记录', '已记录']),
    )
  })
})

describe('bulk approval', () => {
  const drafts = [transfer, deduction(), publication]

  it('approves a selection after one confirmation that shows the count and the sum', async () => {
    const fetch = stubMonth(month, {
      [BULK]: (_url, init) => {
        const items = (bodyOf(init) as { items: { deductionId: string }[] }).items
        const done = drafts
          .filter((d) => items.some((i) => i.deductionId === d.deductionId))
          .map((d) => decided(d, 'approved', d.amountFen, null))
        return json(200, { decided: done, conflicts: [], count: done.length, totalFen: 680_000 })
      },
    })
    renderAt('/deductions?month=2026-10')
    await screen.findByTestId('deductions')
    const boxes = screen.getAllByTestId('select-row') as HTMLInputElement[]
    expect(boxes.map((box) => box.getAttribute('aria-label'))).toEqual([
      '选择 转办超时 · 2026年10月8日 · CC-20260930-0001',
      '选择 15秒应答及时率 · 2026年10月9日',
      '选择 信息发布准确率 · 2026年10月9日',
    ])
    const approve = screen.getByRole('button', { name: '批准所选' }) as HTMLButtonElement
    expect(approve.disabled).toBe(true)
    fireEvent.click(boxes[1] as HTMLInputElement)
    fireEvent.click(boxes[2] as HTMLInputElement)
    expect(screen.getByTestId('selection-summary').textContent).toBe('已选 2 条，合计 ¥6,800.00')
    const all = screen.getByTestId('select-all') as HTMLInputElement
    expect(all.getAttribute('aria-label')).toBe('全选本页列表中的 3 条待审核扣款')
    expect(all.indeterminate).toBe(true)

    approve.focus()
    fireEvent.click(approve)
    const dialog = await screen.findByRole('dialog', { name: '确认批准' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(within(dialog).getByText('批准 2 条扣款，合计 ¥6,800.00？')).toBeTruthy()
    const cancel = within(dialog).getByRole('button', { name: '取消' })
    const confirm = within(dialog).getByRole('button', { name: '批准' })
    // The focus goes in (to the safe choice), and Tab stays inside.
    await waitFor(() => expect(document.activeElement).toBe(cancel))
    fireEvent.keyDown(cancel, { key: 'Tab' })
    expect(document.activeElement).toBe(confirm)
    fireEvent.keyDown(confirm, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(cancel)
    // Escape: nothing sent, the focus back where it was.
    fireEvent.keyDown(cancel, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(approve))
    expect(callsTo(fetch, 'POST', '/api/v1/deductions/2026-10/bulk-decision')).toEqual([])

    fireEvent.click(all)
    expect(screen.getByTestId('selection-summary').textContent).toBe('已选 3 条，合计 ¥7,000.00')
    fireEvent.click(approve)
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '批准' }))
    await waitFor(() =>
      expect(screen.getByTestId('bulk-approve-report').textContent).toBe('已批准 3 条，合计 ¥6,800.00。'),
    )
    expect(bodyOf(callsTo(fetch, 'POST', '/api/v1/deductions/2026-10/bulk-decision')[0]?.init)).toEqual({
      decision: 'approved',
      items: [
        { deductionId: transfer.deductionId, expectedVersion: 1 },
        { deductionId: 'answer_15s:2026-10-09', expectedVersion: 1 },
        { deductionId: publication.deductionId, expectedVersion: 3 },
      ],
      expectedCount: 3,
      expectedTotalFen: 700_000,
    })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('reports in Chinese the ones the server refused, and a selection that changed meanwhile', async () => {
    let answer = () =>
      json(200, {
        decided: [decided(transfer, 'approved', 20_000, null)],
        conflicts: [
          {
            deductionId: publication.deductionId,
            code: 'stale_version',
            message: `deduction ${publication.deductionId} is at version 4, not 3`,
          },
          {
            deductionId: 'answer_15s:2026-10-09',
            code: 'already_decided',
            message: 'deduction answer_15s:2026-10-09 is already adjusted',
          },
        ],
        count: 1,
        totalFen: 20_000,
      })
    stubMonth(month, { [BULK]: () => answer() })
    renderAt('/deductions?month=2026-10')
    await screen.findByTestId('deductions')
    fireEvent.click(screen.getByTestId('select-all'))
    fireEvent.click(screen.getByRole('button', { name: '批准所选' }))
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '批准' }))
    const report = await screen.findByTestId('bulk-approve-report')
    await waitFor(() => expect(report.textContent).toContain('已批准 1 条，合计 ¥200.00。'))
    expect(report.textContent).toContain('2 条未能处理：')
    expect([...report.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '信息发布准确率 · 2026年10月9日：这条扣款已被他人修改，请刷新后再审核。',
      '15秒应答及时率 · 2026年10月9日：这条扣款已经审核过了。',
    ])
    expect(report.textContent).not.toMatch(/[A-Za-z]{3,}/)

    answer = () =>
      json(409, {
        error: {
          code: 'totals_changed',
          message: '2 of the 2 items changed since they were confirmed',
          messageZh: '所选的 2 条扣款在您确认后发生了变化，请核对后重新确认。',
        },
      })
    fireEvent.click(screen.getByTestId('select-all'))
    fireEvent.click(screen.getByRole('button', { name: '批准所选' }))
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '批准' }))
    await waitFor(() =>
      expect(screen.getByTestId('bulk-approve-report').textContent).toBe(
        '未能提交：所选的 2 条扣款在您确认后发生了变化，请核对后重新确认。',
      ),
    )
  })
})

describe('a confirmed month', () => {
  it('says 本月已确认 with the way to its close page, and offers no decision', async () => {
    const frozen = [approvedOld, rejected].map((d) => ({ ...d, frozenBy: 'KH-202610-01' }))
    stubMonth(
      [...frozen, deduction({ ...training, status: 'acknowledged', frozenBy: 'KH-202610-01' })],
      {},
      () => [monthSummary({ state: 'closed', number: 'KH-202610-01', pending: { count: 0, amountFen: 0 } })],
    )
    renderAt('/deductions?month=2026-10&status=all')
    const note = await screen.findByTestId('month-closed')
    expect(within(note).getByRole('heading', { name: '本月已确认' })).toBeTruthy()
    expect(note.textContent).toContain('确认单编号：KH-202610-01')
    expect(
      within(note).getByRole('link', { name: '查看2026年10月的月度考核确认' }).getAttribute('href'),
    ).toBe('/months/2026-10?month=2026-10')
    await screen.findByTestId('deductions')
    expect(screen.queryByRole('checkbox')).toBeNull()
    expect(screen.queryByTestId('bulk-approve')).toBeNull()
    expect(screen.queryByRole('button', { name: /全部记录/ })).toBeNull()
    expect(screen.getAllByTestId('mark-frozen')).toHaveLength(2)
    expect(note.textContent).toContain('如需更改，须先在月度确认页重新打开本月。')
    cleanup()
    // The contractor is told it is confirmed, not how a reviewer would change it.
    signInAs('contractor')
    stubMonth([], {}, () => [monthSummary({ state: 'closed', number: 'KH-202610-01' })])
    renderAt('/deductions?month=2026-10')
    expect((await screen.findByTestId('month-closed')).textContent).not.toContain('如需更改')
  })
})
