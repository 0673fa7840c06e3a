import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { answer15s } from '../src/kpi/calls'
import { publishAccuracy } from '../src/kpi/publications'
import { rollUpMonth } from '../src/kpi/rollup'
import type { KpiContext, KpiId, KpiResult } from '../src/kpi/types'
import { CallRecord, PublicationRecord } from '../src/records'
import { jiyuan2026 } from '../src/terms'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }
const MONTH = '2026-10'

/** A daily result as a calculator would return it: `met` against a min target in bp, null without data. */
function daily(kpi: KpiId, period: string, num: number | null, den = 1, bp = 9000): KpiResult {
  const value = num === null ? null : { num, den }
  return {
    kpi,
    period,
    subject: null,
    value,
    target: { kind: 'min', bp },
    met: value === null ? null : value.num * 10_000 >= bp * value.den,
    evidence: { ids: [], figures: {} },
    termsVersion: 'jiyuan-2026@2026.1',
  }
}

describe('§4.5 应答及时率 answer_15s, reported monthly (按月考核, charged per day)', () => {
  it('sums nums and dens exactly over the days with data; met null; days below target are evidence', () => {
    const days = [
      daily('answer_15s', '2026-10-09', 175, 200),
      daily('answer_15s', '2026-10-01', 300, 300),
      daily('answer_15s', '2026-10-02', null, 1),
      daily('answer_15s', '2026-10-03', 9, 10),
      daily('answer_15s', '2026-10-31', 1, 3),
    ]
    expect(rollUpMonth(days, 'answer_15s', MONTH, ctx)).toEqual({
      kpi: 'answer_15s',
      period: MONTH,
      subject: null,
      value: { num: 175 + 300 + 9 + 1, den: 200 + 300 + 10 + 3 },
      target: { kind: 'min', bp: 9000 },
      met: null,
      evidence: {
        ids: ['2026-10-09', '2026-10-31'],
        figures: { daysWithData: 4, daysWithoutData: 1, daysBelowTarget: 2, daysMet: 2 },
      },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it('rolls up real daily results: a month view weighs days by their calls, not a mean of daily rates', () => {
    const call = (callId: string, enqueuedAt: string, waitMs: number) =>
      CallRecord.parse({
        kind: 'call',
        callId,
        enqueuedAt,
        answeredAt: new Date(Date.parse(enqueuedAt) + waitMs).toISOString(),
        endedAt: new Date(Date.parse(enqueuedAt) + waitMs + 60_000).toISOString(),
        agentId: 'A01',
      })
    const calls = [
      call('d1-a', '2026-10-09T09:00:00+08:00', 20_000),
      ...Array.from({ length: 9 }, (_, i) => call(`d2-${i}`, `2026-10-10T09:0${i}:00+08:00`, 1_000)),
    ]
    const days = ['2026-10-09', '2026-10-10', '2026-10-11'].map((d) => answer15s(calls, d, ctx))
    const result = rollUpMonth(days, 'answer_15s', MONTH, ctx)
    expect(result.value).toEqual({ num: 9, den: 10 })
    expect(result.met).toBeNull()
    expect(result.evidence.ids).toEqual(['2026-10-09'])
    expect(result.evidence.figures).toEqual({
      daysWithData: 2,
      daysWithoutData: 1,
      daysBelowTarget: 1,
      daysMet: 1,
    })
  })

  it('SPEC §3 no data: no day with data → value null', () => {
    const result = rollUpMonth([daily('answer_15s', '2026-10-05', null)], 'answer_15s', MONTH, ctx)
    expect(result.value).toBeNull()
    expect(result.met).toBeNull()
    expect(result.evidence.figures).toEqual({
      daysWithData: 0,
      daysWithoutData: 1,
      daysBelowTarget: 0,
      daysMet: 0,
    })
    expect(rollUpMonth([], 'answer_15s', MONTH, ctx).value).toBeNull()
  })
})

describe('monthly roll-up: which daily results count', () => {
  it.each([
    { clause: 'another KPI is ignored', result: daily('connection', '2026-10-09', 0, 5) },
    { clause: 'another month is ignored (September 30)', result: daily('answer_15s', '2026-09-30', 0, 5) },
    { clause: 'another month is ignored (November 1)', result: daily('answer_15s', '2026-11-01', 0, 5) },
    {
      clause: 'a monthly result (an earlier roll-up) is ignored',
      result: daily('answer_15s', '2026-10', 0, 5),
    },
  ])('$clause', ({ result }) => {
    const rolled = rollUpMonth([daily('answer_15s', '2026-10-09', 9, 10), result], 'answer_15s', MONTH, ctx)
    expect(rolled.value).toEqual({ num: 9, den: 10 })
    expect(rolled.evidence.ids).toEqual([])
    expect(rolled.evidence.figures.daysWithData).toBe(1)
  })

  it('two results for the same day are an error, not a double count', () => {
    const days = [daily('answer_15s', '2026-10-09', 9, 10), daily('answer_15s', '2026-10-09', 9, 10)]
    expect(() => rollUpMonth(days, 'answer_15s', MONTH, ctx)).toThrow(/2026-10-09/)
  })

  it('a malformed month is an error', () => {
    expect(() => rollUpMonth([], 'answer_15s', '2026-10-01', ctx)).toThrow(RangeError)
  })
})

describe.each([
  { clause: '§4.4 接通率 connection (按月考核, ¥200/天)', kpi: 'connection' as const, bp: 9500 },
  { clause: '§4.7 信息发布准确率 publish_accuracy (按日考核)', kpi: 'publish_accuracy' as const, bp: 10_000 },
])('$clause, reported monthly', ({ kpi, bp }) => {
  it('carries the daily target and sums exactly', () => {
    const days = [daily(kpi, '2026-10-01', 19, 20, bp), daily(kpi, '2026-10-02', 100, 100, bp)]
    const result = rollUpMonth(days, kpi, MONTH, ctx)
    expect(result.kpi).toBe(kpi)
    expect(result.target).toEqual({ kind: 'min', bp })
    expect(result.value).toEqual({ num: 119, den: 120 })
    expect(result.met).toBeNull()
    expect(result.evidence.ids).toEqual(bp === 10_000 ? ['2026-10-01'] : [])
  })
})

describe('§4.7 worked check through the roll-up', () => {
  it('2 of 3 accurate one day and 5 of 5 the next → 7/8 for the month, one day below target', () => {
    const pub = (publicationId: string, at: string, accurate: boolean) =>
      PublicationRecord.parse({ kind: 'publication', publicationId, at, channel: 'sms', accurate })
    const publications = [
      pub('p1', '2026-10-09T08:00:00+08:00', true),
      pub('p2', '2026-10-09T09:00:00+08:00', false),
      pub('p3', '2026-10-09T10:00:00+08:00', true),
      ...Array.from({ length: 5 }, (_, i) => pub(`q${i}`, `2026-10-12T1${i}:00:00+08:00`, true)),
    ]
    const days = ['2026-10-09', '2026-10-12'].map((d) => publishAccuracy(publications, d, ctx))
    const result = rollUpMonth(days, 'publish_accuracy', MONTH, ctx)
    expect(result.value).toEqual({ num: 7, den: 8 })
    expect(result.evidence.ids).toEqual(['2026-10-09'])
    expect(result.evidence.figures).toEqual({
      daysWithData: 2,
      daysWithoutData: 0,
      daysBelowTarget: 1,
      daysMet: 1,
    })
  })
})
