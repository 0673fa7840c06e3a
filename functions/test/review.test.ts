/**
 * The agency's review through the HTTP app (SPEC §6, §7): decisions at the version seen, the
 * contractor's objection within its window, payments, the quarterly statement and its exports,
 * and loading a calendar year.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { json, useTestApp } from './support/http'
import { recordOctober9 } from './support/review'

const http = useTestApp('2026-10-10T16:30:00.000Z')
const { send } = http

/** Two drafted deductions for 2026-10-09: answer_15s (¥200) and publish_accuracy (¥6,600). */
async function draftTwo() {
  await recordOctober9(send)
  const run = await send('POST', '/api/v1/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })
  expect(run.status).toBe(200)
}

describe('decisions (SPEC §6)', () => {
  it('approves and adjusts at the version seen; a stale or repeated decision is a 409', async () => {
    await draftTwo()
    const list = await json(await send('GET', '/api/v1/deductions?month=2026-10', 'agency_viewer'))
    expect(
      list.deductions.map((d: { deductionId: string; amountFen: number }) => [d.deductionId, d.amountFen]),
    ).toEqual([
      ['answer_15s:2026-10-09', 20_000],
      ['publish_accuracy:2026-10-09', 660_000],
    ])
    const approve = await send(
      'POST',
      '/api/v1/deductions/2026-10/answer_15s:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'approved',
        expectedVersion: 1,
      },
    )
    expect(await json(approve)).toMatchObject({ status: 'approved', finalAmountFen: 20_000, version: 2 })
    const again = await send(
      'POST',
      '/api/v1/deductions/2026-10/answer_15s:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'rejected',
        reason: '重复',
        expectedVersion: 2,
      },
    )
    expect(again.status).toBe(409)
    expect((await json(again)).error.message).toContain('already approved')

    const noAmount = await send(
      'POST',
      '/api/v1/deductions/2026-10/publish_accuracy:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'adjusted',
        reason: '一条为转载',
        expectedVersion: 1,
      },
    )
    expect((await json(noAmount)).error.fields).toEqual([{ path: 'amountFen', message: expect.any(String) }])
    const stale = await send(
      'POST',
      '/api/v1/deductions/2026-10/publish_accuracy:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'adjusted',
        amountFen: 200_000,
        reason: '一条为转载',
        expectedVersion: 5,
      },
    )
    expect(stale.status).toBe(409)
    const adjusted = await send(
      'POST',
      '/api/v1/deductions/2026-10/publish_accuracy:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'adjusted',
        amountFen: 200_000,
        reason: '一条为转载',
        expectedVersion: 1,
      },
    )
    expect(await json(adjusted)).toMatchObject({
      status: 'adjusted',
      finalAmountFen: 200_000,
      audit: expect.arrayContaining([
        expect.objectContaining({
          by: 'reviewer',
          action: 'adjusted',
          detail: expect.objectContaining({ before: 660_000, after: 200_000 }),
        }),
      ]),
    })
  })

  it('takes the contractor objection within five working days, and answers it with the decision', async () => {
    await draftTwo()
    const path = '/api/v1/deductions/2026-10/answer_15s:2026-10-09/objection'
    const filed = await send('POST', path, 'contractor', { text: '当日系统故障，已报备' })
    expect(await json(filed)).toMatchObject({
      objection: { by: 'contractor', text: '当日系统故障，已报备', answer: null },
    })
    expect((await send('POST', path, 'contractor', { text: '再次申诉一下' })).status).toBe(409)
    const decided = await send(
      'POST',
      '/api/v1/deductions/2026-10/answer_15s:2026-10-09/decision',
      'agency_reviewer',
      {
        decision: 'rejected',
        reason: '核实属实，免于扣款',
        expectedVersion: 2,
      },
    )
    expect(await json(decided)).toMatchObject({
      status: 'rejected',
      finalAmountFen: 0,
      objection: { answer: '核实属实，免于扣款' },
    })

    // Drafted 10-11 00:30 (Beijing): five working days end 10-16 24:00, which is 00:00 of the
    // 17th: an objection stamped exactly then is late (SPEC §4).
    http.clock.set('2026-10-16T16:00:00.000Z')
    const late = await send(
      'POST',
      '/api/v1/deductions/2026-10/publish_accuracy:2026-10-09/objection',
      'contractor',
      {
        text: '信息来源为官方发布',
      },
    )
    expect(late.status).toBe(409)
    expect((await json(late)).error.messageZh).toContain('申诉期已过')
  })
})

describe('quarterly statement (SPEC §7)', () => {
  it('withholds approved deductions from the next unpaid instalment and exports CSV and XLSX', async () => {
    await draftTwo()
    for (const [id, decision] of [
      ['answer_15s:2026-10-09', { decision: 'approved' }],
      ['publish_accuracy:2026-10-09', { decision: 'adjusted', amountFen: 200_000, reason: '一条为转载' }],
    ] as const) {
      await send('POST', `/api/v1/deductions/2026-10/${id}/decision`, 'agency_reviewer', {
        ...decision,
        expectedVersion: 1,
      })
    }
    for (const [quarter, paidOn, amountFen] of [
      [1, '2026-03-05', 41_990_400],
      [2, '2026-06-28', 32_659_200],
      [3, '2026-09-29', 32_659_200],
    ] as const) {
      expect(
        (await send('POST', '/api/v1/payments', 'agency_reviewer', { quarter, paidOn, amountFen })).status,
      ).toBe(201)
    }
    const statement = await json(await send('GET', '/api/v1/statement?asOf=2026-11-26', 'contractor'))
    const q4 = statement.instalments.find((l: { quarter: number }) => l.quarter === 4)
    expect(q4).toMatchObject({
      grossFen: 32_659_200,
      withheldFen: 220_000,
      netFen: 32_439_200,
      due: '2026-12-31',
      daysLeft: 35,
    })

    const csv = await send('GET', '/api/v1/statement/export?format=csv&asOf=2026-11-26', 'agency_viewer')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('15秒应答及时率')
    expect(text).toContain('324392.00')

    const xlsx = await send('GET', '/api/v1/statement/export?format=xlsx&asOf=2026-11-26', 'agency_reviewer')
    expect(xlsx.headers.get('content-disposition')).toMatch(/statement-.*\.xlsx/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    const values =
      book.worksheets[0]
        ?.getSheetValues()
        .flat()
        .filter((v) => typeof v === 'number') ?? []
    expect(values).toContain(324_392)
    // The adjusted amount as decided, never negative (functions/test/statement.test.ts has the rows).
    expect(values).toContain(2000)
  })
})

describe('calendar years (SPEC §4)', () => {
  it('makes a 2027 deadline exact once the year is loaded', async () => {
    const received = { type: 'received', at: '2026-12-31T10:00:00+08:00', needsTransfer: true }
    const before = await json(await send('POST', '/api/v1/tickets/T2027/events', 'integration', received))
    expect(before.clocks[0]).toMatchObject({ due: '2027-01-01T16:00:00.000Z', provisional: true })
    const year = {
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知（示例）',
      holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
      adjustedWorkdays: [],
    }
    expect((await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', year)).status).toBe(200)
    const listed = await json(await send('GET', '/api/v1/calendar', 'agency_viewer'))
    expect(listed.loaded.map((y: { year: number }) => y.year)).toEqual([2027])
    const another = await json(
      await send('POST', '/api/v1/tickets/T2027B/events', 'integration', {
        ...received,
        at: '2026-12-31T11:00:00+08:00',
      }),
    )
    expect(another.clocks[0]).toMatchObject({ due: '2027-01-04T16:00:00.000Z', provisional: false })
  })
})
