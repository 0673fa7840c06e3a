/**
 * One small October 2026 end to end through the public API: records → every KPI → deduction
 * drafts → the quarterly statement. Each line of the bill is traced to the clause that charges it.
 */
import { describe, expect, it } from 'vitest'
import {
  answer15s,
  CallRecord,
  connection,
  createCalendar,
  draftDeductions,
  endOfLocalDay,
  facilityChecksForMonth,
  IncidentRecord,
  jiyuan2026,
  type KpiContext,
  type KpiResult,
  microPlatform,
  PublicationRecord,
  paymentStatement,
  publishAccuracy,
  RatingRecord,
  StaffEventRecord,
  satisfaction,
  serviceErrorsForDay,
  TicketEventRecord,
  turnoverMonthly,
  verifiedIncidents,
} from '../src'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }

/** 20 calls on 2026-10-09: 17 answered within 15 s, 1 at 20 s, 2 abandoned → 85% answer_15s, 90% connection. */
const calls = Array.from({ length: 20 }, (_, i) => {
  const enqueuedAt = `2026-10-09T${String(9 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00+08:00`
  const start = Date.parse(enqueuedAt)
  const answered = i < 17 ? start + 10_000 : i === 17 ? start + 20_000 : null
  return CallRecord.parse({
    kind: 'call',
    callId: `C${i}`,
    enqueuedAt,
    answeredAt: answered === null ? null : new Date(answered).toISOString(),
    endedAt: new Date(start + 300_000).toISOString(),
    agentId: answered === null ? null : 'A1',
  })
})

const ticketEvents = [
  // needs transfer, received the day before National Day, transferred 10-08 10:00: on time (due 10-08 24:00)
  {
    ticketId: 'T1',
    type: 'received',
    at: '2026-09-30T16:00:00+08:00',
    channel: 'phone',
    needsTransfer: true,
  },
  { ticketId: 'T1', type: 'transferred', at: '2026-10-08T10:00:00+08:00', department: '住建局' },
  // received Fri 10-09, due Sat 10-10 (调休) 24:00, transferred Mon 10-12: one §4.3 transfer breach
  {
    ticketId: 'T2',
    type: 'received',
    at: '2026-10-09T11:00:00+08:00',
    channel: 'wechat',
    needsTransfer: true,
  },
  { ticketId: 'T2', type: 'transferred', at: '2026-10-12T09:00:00+08:00', department: '交通局' },
].map((e) => TicketEventRecord.parse({ kind: 'ticket_event', ...e }))

const ratings = [
  ...Array.from({ length: 18 }, (_, i) => ({ ticketId: `R${i}`, level: 'satisfied' })),
  { ticketId: 'R18', level: 'basically_satisfied' },
  { ticketId: 'R19', level: 'dissatisfied' },
  { ticketId: 'R20', level: 'dissatisfied' },
].map((r, i) =>
  RatingRecord.parse({
    kind: 'rating',
    at: `2026-10-${String(10 + (i % 10)).padStart(2, '0')}T10:00:00+08:00`,
    ...r,
  }),
)

const publications = ['accurate', 'accurate', 'wrong'].map((a, i) =>
  PublicationRecord.parse({
    kind: 'publication',
    publicationId: `P${i}`,
    at: '2026-10-09T12:00:00+08:00',
    channel: 'website',
    accurate: a === 'accurate',
  }),
)

const staffEvents = [
  ...Array.from({ length: 48 }, (_, i) => ({
    staffId: `S${i}`,
    type: 'joined',
    at: '2026-01-05T09:00:00+08:00',
  })),
  { staffId: 'S0', type: 'left', at: '2026-10-15T18:00:00+08:00' },
  { staffId: 'S1', type: 'left', at: '2026-10-20T18:00:00+08:00' },
].map((e) => StaffEventRecord.parse({ kind: 'staff_event', role: 'agent', ...e }))

const incidents = [
  { incidentId: 'I1', type: 'complaint', at: '2026-10-14T10:00:00+08:00', verified: true },
  { incidentId: 'I2', type: 'confidentiality', at: '2026-10-15T10:00:00+08:00', verified: false },
].map((e) => IncidentRecord.parse({ kind: 'incident', ...e }))

function octoberResults(): KpiResult[] {
  const results: KpiResult[] = [
    answer15s(calls, '2026-10-09', ctx),
    connection(calls, '2026-10-09', ctx),
    publishAccuracy(publications, '2026-10-09', ctx),
    satisfaction(ratings, '2026-10', ctx),
    turnoverMonthly(staffEvents, '2026-10', ctx),
    microPlatform(ticketEvents, '2026-10', ctx, endOfLocalDay('2026-10-31')),
    ...facilityChecksForMonth([], '2026-10', ctx),
    ...verifiedIncidents(incidents, ctx, { from: '2026-10-01', to: '2026-10-31' }),
  ]
  for (const day of ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11', '2026-10-12']) {
    results.push(...serviceErrorsForDay(ticketEvents, day, ctx))
  }
  return results
}

describe('a month through the contract', () => {
  it('measures each KPI exactly', () => {
    const byKpi = Object.fromEntries(
      octoberResults().map((r) => [`${r.kpi}@${r.period}${r.subject ? `/${r.subject}` : ''}`, r]),
    )
    expect(byKpi['answer_15s@2026-10-09']).toMatchObject({ value: { num: 17, den: 20 }, met: false })
    expect(byKpi['connection@2026-10-09']).toMatchObject({ value: { num: 18, den: 20 }, met: false })
    expect(byKpi['publish_accuracy@2026-10-09']).toMatchObject({ value: { num: 2, den: 3 }, met: false })
    expect(byKpi['satisfaction@2026-10']).toMatchObject({ value: { num: 19, den: 21 }, met: false })
    expect(byKpi['turnover@2026-10']).toMatchObject({ value: { num: 2, den: 48 }, met: true })
    expect(byKpi['service_error.transfer@2026-10-08/T1']).toMatchObject({ met: true })
    expect(byKpi['service_error.transfer@2026-10-10/T2']).toMatchObject({ met: false })
    expect(byKpi['micro_platform@2026-10']).toMatchObject({ value: { num: 0, den: 1 }, met: null })
    expect(byKpi['complaint@2026-10-14/I1']).toMatchObject({ met: false })
  })

  it('drafts the bill the contract prescribes, clause by clause', () => {
    const drafts = draftDeductions(octoberResults(), jiyuan2026)
    const bill = drafts.map((d) => [d.id, d.clause, d.amountFen])
    expect(bill).toEqual([
      ['answer_15s:2026-10-09', '§4.5', 20_000],
      ['cleaning_check:2026-W40', '§4.13', 0],
      ['cleaning_check:2026-W41', '§4.13', 0],
      ['cleaning_check:2026-W42', '§4.13', 0],
      ['cleaning_check:2026-W43', '§4.13', 0],
      ['cleaning_check:2026-W44', '§4.13', 0],
      ['complaint:2026-10-14:I1', '§4.2', 50_000],
      ['connection:2026-10-09', '§4.4', 20_000],
      ['publish_accuracy:2026-10-09', '§4.7', 660_000],
      ['safety_check:2026-W40', '§4.12', 0],
      ['safety_check:2026-W41', '§4.12', 0],
      ['safety_check:2026-W42', '§4.12', 0],
      ['safety_check:2026-W43', '§4.12', 0],
      ['safety_check:2026-W44', '§4.12', 0],
      // 19/21 = 90.48% → 4.52 points below 95% → 4 whole points × ¥200
      ['satisfaction:2026-10', '§4.1', 80_000],
      ['service_error.transfer:2026-10-10:T2', '§4.3', 20_000],
    ])
    expect(drafts.find((d) => d.id === 'answer_15s:2026-10-09')?.formula.zh).toBe(
      '2026-10-09 15秒应答及时率 85.00% < 90%，扣除200元',
    )
  })

  it('withholds the approved bill from the next unpaid instalment (Q4)', () => {
    const drafts = draftDeductions(octoberResults(), jiyuan2026).filter((d) => d.amountFen > 0)
    const statement = paymentStatement({
      terms: jiyuan2026,
      deductions: drafts.map((d) => ({
        ...d,
        billingMonth: '2026-10',
        status: 'approved' as const,
        draftedFen: d.amountFen,
        finalFen: d.amountFen,
        reason: null,
        draftedAt: '2026-11-01T18:00:00.000Z',
        decidedAt: '2026-11-10T02:00:00.000Z',
      })),
      payments: [
        { quarter: 1, paidOn: '2026-03-05', amountFen: 41_990_400 },
        { quarter: 2, paidOn: '2026-06-28', amountFen: 32_659_200 },
        { quarter: 3, paidOn: '2026-09-29', amountFen: 32_659_200 },
      ],
      asOf: '2026-11-26',
    })
    const q4 = statement.instalments.find((line) => line.quarter === 4)
    const total = 20_000 + 50_000 + 20_000 + 660_000 + 80_000 + 20_000
    expect(q4).toMatchObject({
      grossFen: 32_659_200,
      withheldFen: total,
      netFen: 32_659_200 - total,
      daysLeft: 35,
    })
  })
})
