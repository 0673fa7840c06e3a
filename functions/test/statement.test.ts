/**
 * The quarterly payment statement through the HTTP app on the embedded engine (SPEC §7, issue 10):
 * October's decided deductions fall on Q4 once Q1–Q3 are paid, per billing month with a subtotal
 * and the drafts still pending (never counted); payments carry who recorded them and when; the
 * late fee is over late quarters only; and the CSV and XLSX exports hold the page's rows, row for
 * row, in the language asked — the XLSX read back with exceljs, the CSV parsed, formula-like cells
 * neutralised.
 */
import { type StatementRow, formatYuanPlain as yuanText } from '@hotline/domain'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'
import { recordDemoPayments } from '../src/local/demo'
import { csvCell } from '../src/review/statement'
import { json, useTestApp } from './support/http'
import { type Body, recordOctober9 } from './support/review'

// 2026-12-06 10:00 in Beijing: "today" of the issue.
const http = useTestApp('2026-12-06T02:00:00.000Z')
const { send } = http

const PART_FEN = 32_659_200
const PER_DAY_FEN = 1_399_680
const ADJUST_REASON = '=2+3 一条为转载，按一条计'

/**
 * Drafts on 2026-10-09 (answer_15s ¥200, connection ¥200, publish_accuracy ¥6,600) decided in
 * November: answer_15s approved, publish_accuracy adjusted to ¥2,000 with a reason that looks like
 * a formula, connection left a draft.
 */
async function october() {
  await recordOctober9(send, 2)
  http.clock.set('2026-10-10T02:00:00.000Z')
  expect((await send('POST', '/api/v1/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })).status).toBe(
    200,
  )
  const { deductions } = await json(await send('GET', '/api/v1/deductions?month=2026-10', 'agency_viewer'))
  expect(
    deductions.map((d: { deductionId: string; amountFen: number }) => [d.deductionId, d.amountFen]),
  ).toEqual([
    ['answer_15s:2026-10-09', 20_000],
    ['connection:2026-10-09', 20_000],
    ['publish_accuracy:2026-10-09', 660_000],
  ])
  http.clock.set('2026-11-05T02:00:00.000Z')
  for (const [id, decision] of [
    ['answer_15s:2026-10-09', { decision: 'approved' }],
    ['publish_accuracy:2026-10-09', { decision: 'adjusted', amountFen: 200_000, reason: ADJUST_REASON }],
  ] as const) {
    const res = await send(
      'POST',
      `/api/v1/deductions/2026-10/${encodeURIComponent(id)}/decision`,
      'agency_reviewer',
      {
        ...decision,
        expectedVersion: 1,
      },
    )
    expect(res.status).toBe(200)
  }
  http.clock.set('2026-12-06T02:00:00.000Z')
}

type Cells = (string | number | null)[]

/** A row as the exports write it: words, and amounts in yuan (numbers; `null` when empty). */
const asCells = (row: StatementRow): Cells => [
  row.quarter,
  row.month,
  row.item,
  row.period,
  row.subject,
  row.draftedFen === null ? null : row.draftedFen / 100,
  row.finalFen === null ? null : row.finalFen / 100,
  row.amountFen === null ? null : row.amountFen / 100,
  row.status,
  row.note,
]

async function xlsxRows(res: Response): Promise<{ name: string | undefined; rows: Cells[] }> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await res.arrayBuffer())
  const sheet = book.worksheets[0]
  const rows: Cells[] = []
  for (let r = 1; r <= (sheet?.rowCount ?? 0); r++) {
    const row = sheet?.getRow(r)
    rows.push(
      Array.from({ length: 10 }, (_, c) => {
        const value = row?.getCell(c + 1).value
        return value === undefined || value === null
          ? c >= 5 && c <= 7
            ? null
            : ''
          : (value as string | number)
      }),
    )
  }
  return { name: sheet?.name, rows }
}

/** RFC 4180 parsing of the export (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

describe('statement JSON (issue 10)', () => {
  it('with no payment recorded, every past quarter is overdue: the late fee is theirs (476 days)', async () => {
    const statement = await json(await send('GET', '/api/v1/statement', 'contractor'))
    expect(statement.asOf).toBe('2026-12-06')
    expect(statement.totals).toMatchObject({ lateFeeFen: 476 * PER_DAY_FEN, lateQuarters: 3 })
    expect(statement.instalments.map((l: { termination: { state: string } }) => l.termination.state)).toEqual(
      ['applies', 'applies', 'applies', 'none'],
    )
  })

  it('the demo pays Q1–Q3 on time, by the reviewer: late fee 0, October falls on Q4 per month', async () => {
    await october()
    expect(await recordDemoPayments(http.t.deps, '2026-10')).toEqual([
      'Q1 2026-03-31',
      'Q2 2026-06-30',
      'Q3 2026-09-30',
    ])
    // Run again: the payments stand as recorded.
    expect(await recordDemoPayments(http.t.deps, '2026-10')).toEqual([])

    const statement = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06', 'agency_viewer'))
    expect(statement.totals).toMatchObject({ lateFeeFen: 0, lateQuarters: 0, withheldFen: 220_000 })
    const [q1, , q3, q4] = statement.instalments
    expect(q1).toMatchObject({
      paidOn: '2026-03-31',
      paidFen: 41_990_400,
      recordedBy: 'reviewer',
      recordedAt: '2026-03-31T02:00:00.000Z',
      daysLate: 0,
    })
    expect(q3).toMatchObject({ status: 'paid', withheldFen: 0, paidFen: PART_FEN })
    expect(q4.months).toEqual([
      {
        billingMonth: '2026-10',
        deductions: [
          expect.objectContaining({ id: 'answer_15s:2026-10-09', status: 'approved', amountFen: 20_000 }),
          expect.objectContaining({
            id: 'publish_accuracy:2026-10-09',
            status: 'adjusted',
            draftedFen: 660_000,
            finalFen: 200_000,
            reason: ADJUST_REASON,
          }),
        ],
        withheldFen: 220_000,
        pending: { count: 1, amountFen: 20_000 },
        acknowledged: expect.any(Number),
        rejected: 0,
      },
    ])
    expect(q4).toMatchObject({ netFen: PART_FEN - 220_000, status: 'upcoming', daysLeft: 25 })

    // The rows in words: the reviewer by name, the pending line, Chinese by default.
    const rows: StatementRow[] = statement.table.rows
    expect(rows.find((r) => r.section === 1 && r.kind === 'payment')?.note).toBe(
      '2026年3月31日付款，由甲方审核员（演示）于2026年3月31日 10:00记录',
    )
    expect(rows.filter((r) => r.section === 4 && r.kind === 'pending').map((r) => r.item)).toEqual([
      '待审核 ¥200.00（未计入）',
    ])
    expect(rows.find((r) => r.kind === 'deduction')).toMatchObject({
      billingMonth: '2026-10',
      deductionId: 'answer_15s:2026-10-09',
      item: '15秒应答及时率',
    })
    const english = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06&lang=en', 'contractor'))
    expect(english.table.rows.find((r: StatementRow) => r.kind === 'pending')?.item).toBe(
      'Awaiting review ¥200.00 (not counted)',
    )
  })

  it('refuses a bad language, and records payments with who and when, once, never ahead of time', async () => {
    expect((await send('GET', '/api/v1/statement?lang=fr', 'contractor')).status).toBe(400)
    const recorded = await send('POST', '/api/v1/payments', 'agency_reviewer', {
      quarter: 1,
      paidOn: '2026-03-30',
      amountFen: 41_990_400,
    })
    expect(recorded.status).toBe(201)
    expect(await json(recorded)).toEqual({
      quarter: 1,
      paidOn: '2026-03-30',
      amountFen: 41_990_400,
      recordedBy: 'reviewer',
      recordedAt: '2026-12-06T02:00:00.000Z',
    })
    const again = await send('POST', '/api/v1/payments', 'agency_reviewer', {
      quarter: 1,
      paidOn: '2026-03-31',
      amountFen: 1,
    })
    expect(again.status).toBe(409)
    const ahead = await send('POST', '/api/v1/payments', 'agency_reviewer', {
      quarter: 4,
      paidOn: '2026-12-07',
      amountFen: PART_FEN,
    })
    expect(ahead.status).toBe(400)
    expect((await json(ahead)).error.fields).toEqual([expect.objectContaining({ path: 'paidOn' })])
    expect(
      (
        await send('POST', '/api/v1/payments', 'contractor', {
          quarter: 2,
          paidOn: '2026-06-30',
          amountFen: 1,
        })
      ).status,
    ).toBe(403)
  })
})

describe('statement: the deductions that stand on its date (issue 10)', () => {
  const WITHDRAWAL = 'answer_15s:2026-10-09~2'

  /** October's groups of a statement, wherever they fall, with the ids withheld in each. */
  const octoberGroups = (statement: Body) =>
    [...statement.instalments.flatMap((line: Body) => line.months), ...statement.unsettledMonths]
      .filter((group: Body) => group.billingMonth === '2026-10')
      .map((group: Body) => ({ ...group, deductions: group.deductions.map((d: Body) => d.id) }))

  it('a decided withdrawal is no ¥0 record; a date before it was decided keeps the decision it withdrew', async () => {
    await october()
    // Late data on 11-20: forty more calls of 10-09 answered in 10 s, so answer_15s is no longer
    // breached (its approved deduction gets a withdrawal) and neither is connection (its draft withdrawn).
    http.clock.set('2026-11-20T02:00:00.000Z')
    const calls = Array.from({ length: 40 }, (_, i) => {
      const minute = `2026-10-09T10:${String(i).padStart(2, '0')}`
      return {
        callId: `L${i}`,
        enqueuedAt: `${minute}:00+08:00`,
        answeredAt: `${minute}:10+08:00`,
        endedAt: `${minute}:50+08:00`,
        agentId: 'A1',
      }
    })
    expect((await send('POST', '/api/v1/calls', 'integration', { records: calls })).status).toBe(200)
    expect((await send('POST', '/api/v1/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })).status).toBe(
      200,
    )
    const path = `/api/v1/deductions/2026-10/${encodeURIComponent(WITHDRAWAL)}`
    expect(await json(await send('GET', path, 'agency_viewer'))).toMatchObject({
      status: 'draft',
      withdrawal: true,
      amountFen: 0,
      supersedes: 'answer_15s:2026-10-09',
    })
    // Recorded (¥0) on 11-25.
    http.clock.set('2026-11-25T02:00:00.000Z')
    const decided = await send('POST', `${path}/decision`, 'agency_reviewer', {
      decision: 'acknowledged',
      expectedVersion: 1,
    })
    expect(decided.status).toBe(200)
    http.clock.set('2026-12-06T02:00:00.000Z')

    // Today: the withdrawn breach is off the bill, and its withdrawal is not counted as a ¥0 record.
    const today = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06', 'agency_viewer'))
    expect(today.totals.withheldFen).toBe(200_000)
    expect(octoberGroups(today)).toEqual([
      {
        billingMonth: '2026-10',
        deductions: ['publish_accuracy:2026-10-09'],
        withheldFen: 200_000,
        pending: { count: 0, amountFen: 0 },
        acknowledged: 0,
        rejected: 0,
      },
    ])
    // On 11-22 the withdrawal awaited review: the approved ¥200 still stood.
    const before = await json(await send('GET', '/api/v1/statement?asOf=2026-11-22', 'agency_viewer'))
    expect(before.totals.withheldFen).toBe(220_000)
    expect(octoberGroups(before)).toEqual([
      {
        billingMonth: '2026-10',
        deductions: ['answer_15s:2026-10-09', 'publish_accuracy:2026-10-09'],
        withheldFen: 220_000,
        pending: { count: 1, amountFen: 0 },
        acknowledged: 0,
        rejected: 0,
      },
    ])
  })
})

describe('statement exports: the page’s rows, row for row (issue 10)', () => {
  beforeEach(async () => {
    await october()
    await recordDemoPayments(http.t.deps, '2026-10')
  })

  it('XLSX in Chinese: the same rows as the JSON, amounts as yuan numbers with a currency format, no English', async () => {
    const statement = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06', 'agency_reviewer'))
    const res = await send('GET', '/api/v1/statement/export?format=xlsx&asOf=2026-12-06', 'agency_reviewer')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="payment-statement-2026-12-06.xlsx"; filename*=UTF-8''${encodeURIComponent('付款结算单-2026-12-06.xlsx')}`,
    )
    const { name, rows } = await xlsxRows(res.clone())
    expect(name).toBe('结算单')
    const { table } = statement
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual([table.title, table.contract, table.rule])
    expect(rows[4]).toEqual(Object.values(table.columns))
    expect(rows.slice(5)).toEqual(table.rows.map(asCells))
    // Words only where words belong: no ASCII word outside the subject column (ids the user knows).
    const english = rows.flatMap((r) =>
      r.filter((c, i) => i !== 4 && typeof c === 'string' && /[A-Za-z]{2,}/.test(c)),
    )
    expect(english).toEqual([])
    const amounts = rows.slice(5).flatMap((r) => r.slice(5, 8).filter((c) => c !== null))
    expect(amounts.every((a) => typeof a === 'number' && a >= 0)).toBe(true)
    // Q4's net and the adjusted row, read back as numbers with the currency format.
    expect(rows.find((r) => r[0] === '第四季度' && r[2] === '实付金额（应付金额 − 扣款合计）')?.[7]).toBe(
      324_392,
    )
    expect(rows.find((r) => r[2] === '信息发布准确率')).toEqual([
      '第四季度',
      '2026年10月',
      '信息发布准确率',
      '2026年10月9日',
      '',
      6600,
      2000,
      2000,
      '已调整',
      ADJUST_REASON,
    ])
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const cell = book.worksheets[0]?.getRow(6).getCell(8)
    expect(cell?.numFmt).toBe('"¥"#,##0.00')
    expect(rows.find((r) => r[2] === '逾期违约金合计')?.slice(7)).toEqual([0, '', '无逾期'])
  })

  it('XLSX in English when asked: the English rows of the JSON', async () => {
    const statement = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06&lang=en', 'contractor'))
    const res = await send(
      'GET',
      '/api/v1/statement/export?format=xlsx&asOf=2026-12-06&lang=en',
      'contractor',
    )
    expect(res.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''payment-statement-2026-12-06.xlsx",
    )
    const { name, rows } = await xlsxRows(res)
    expect(name).toBe('Statement')
    expect(rows.slice(5)).toEqual(statement.table.rows.map(asCells))
    expect(rows.find((r) => r[2] === 'Awaiting review ¥200.00 (not counted)')?.[5]).toBe(200)
  })

  it('CSV: BOM, the same rows as the JSON with amounts as text, formula-like cells neutralised', async () => {
    const statement = await json(await send('GET', '/api/v1/statement?asOf=2026-12-06', 'agency_viewer'))
    const res = await send('GET', '/api/v1/statement/export?format=csv&asOf=2026-12-06', 'agency_viewer')
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)))
    const expected = statement.table.rows.map((r: StatementRow) =>
      asCells(r).map((c, i) =>
        c === null ? '' : i >= 5 && i <= 7 ? yuanText(Math.round((c as number) * 100)) : String(c),
      ),
    )
    const neutral = (cells: string[]) => cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))
    expect(rows.slice(5)).toEqual(expected.map(neutral))
    expect(rows.find((r) => r[2] === '信息发布准确率')?.slice(5)).toEqual([
      '6600.00',
      '2000.00',
      '2000.00',
      '已调整',
      `'${ADJUST_REASON}`,
    ])
    expect(rows.find((r) => r[0] === '第四季度' && r[2]?.startsWith('实付金额'))?.[7]).toBe('324392.00')
  })

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['一条为转载', '一条为转载'],
    ['a,b', '"a,b"'],
  ])('csvCell(%j) → %s', (text, cell) => {
    expect(csvCell(text)).toBe(cell)
  })
})
