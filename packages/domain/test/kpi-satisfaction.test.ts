import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { satisfaction } from '../src/kpi/satisfaction'
import { type KpiContext, MAX_EVIDENCE_IDS } from '../src/kpi/types'
import { RatingRecord } from '../src/records'
import { jiyuan2026, type RatingLevel } from '../src/terms'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }
const MONTH = '2026-10'

function rating(ticketId: string, level: RatingLevel, at = '2026-10-15T10:00:00+08:00') {
  return RatingRecord.parse({ kind: 'rating', ticketId, level, at })
}

/** `n` ratings at `level`, one a minute from 2026-10-15 08:00 local, tickets `<prefix>0000…`. */
function ratings(prefix: string, level: RatingLevel, n: number) {
  const start = Date.parse('2026-10-15T08:00:00+08:00')
  return Array.from({ length: n }, (_, i) =>
    rating(`${prefix}${String(i).padStart(4, '0')}`, level, new Date(start + i * 60_000).toISOString()),
  )
}

describe('§4.1 满意率 satisfaction', () => {
  it.each([
    {
      clause: '§4.1 月满意率≥95%: 944 satisfied-level ratings of 1000 → 94.4 %, met false',
      satisfied: 900,
      basically: 44,
      dissatisfied: 56,
      met: false,
    },
    {
      clause: '§4.1 月满意率≥95%: exactly 950 of 1000 = 95 % meets',
      satisfied: 900,
      basically: 50,
      dissatisfied: 50,
      met: true,
    },
    { clause: '§4.1: 基本满意 counts as satisfied', satisfied: 0, basically: 20, dissatisfied: 0, met: true },
    { clause: '§4.1: 19 of 20 = 95 % meets', satisfied: 19, basically: 0, dissatisfied: 1, met: true },
    { clause: '§4.1: 18 of 19 = 94.74 % breaches', satisfied: 18, basically: 0, dissatisfied: 1, met: false },
  ])('$clause', ({ satisfied, basically, dissatisfied, met }) => {
    const all = [
      ...ratings('S', 'satisfied', satisfied),
      ...ratings('B', 'basically_satisfied', basically),
      ...ratings('D', 'dissatisfied', dissatisfied),
    ]
    const total = satisfied + basically + dissatisfied
    const result = satisfaction(all, MONTH, ctx)
    expect(result).toMatchObject({
      kpi: 'satisfaction',
      period: MONTH,
      subject: null,
      value: { num: satisfied + basically, den: total },
      target: { kind: 'min', bp: 9500 },
      met,
      termsVersion: 'jiyuan-2026@2026.1',
    })
    expect(result.evidence.figures).toEqual({
      ratings: total,
      satisfied,
      basicallySatisfied: basically,
      dissatisfied,
    })
    expect(result.evidence.ids).toEqual(
      Array.from(
        { length: Math.min(dissatisfied, MAX_EVIDENCE_IDS) },
        (_, i) => `D${String(i).padStart(4, '0')}`,
      ),
    )
  })

  it('§4.1 satisfied levels are a term: with only 满意 satisfied, 基本满意 does not count', () => {
    const strict: KpiContext = {
      ...ctx,
      terms: {
        ...jiyuan2026,
        kpis: {
          ...jiyuan2026.kpis,
          satisfaction: { ...jiyuan2026.kpis.satisfaction, satisfiedLevels: ['satisfied'] },
        },
      },
    }
    const all = [...ratings('S', 'satisfied', 3), ...ratings('B', 'basically_satisfied', 1)]
    const result = satisfaction(all, MONTH, strict)
    expect(result.value).toEqual({ num: 3, den: 4 })
    expect(result.met).toBe(false)
    expect(result.evidence.figures.basicallySatisfied).toBe(1)
  })

  it.each([
    {
      clause: 'SPEC §3 local month: 2026-09-30T16:30:00Z is October',
      at: '2026-09-30T16:30:00Z',
      month: '2026-10',
      counted: 1,
    },
    {
      clause: 'SPEC §3 local month: 2026-09-30T16:30:00Z is not September',
      at: '2026-09-30T16:30:00Z',
      month: '2026-09',
      counted: 0,
    },
    {
      clause: 'SPEC §3 local month: 2026-10-31T23:59:59+08:00 is October',
      at: '2026-10-31T23:59:59+08:00',
      month: '2026-10',
      counted: 1,
    },
    {
      clause: 'SPEC §3 local month: 2026-11-01T00:00:00+08:00 is November',
      at: '2026-11-01T00:00:00+08:00',
      month: '2026-10',
      counted: 0,
    },
  ])('$clause', ({ at, month, counted }) => {
    const result = satisfaction([rating('T1', 'dissatisfied', at)], month, ctx)
    expect(result.value).toEqual(counted ? { num: 0, den: 1 } : null)
    expect(result.evidence.ids).toEqual(counted ? ['T1'] : [])
  })

  it('SPEC §3 no data: no ratings in the month → value null, met null', () => {
    const result = satisfaction([rating('T1', 'satisfied', '2026-09-15T10:00:00+08:00')], MONTH, ctx)
    expect(result.value).toBeNull()
    expect(result.met).toBeNull()
    expect(result.evidence).toEqual({
      ids: [],
      figures: { ratings: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 },
    })
  })

  it('each record counts once as given; a ticket rated dissatisfied twice is one evidence id', () => {
    const all = [
      rating('T2', 'dissatisfied', '2026-10-03T10:00:00+08:00'),
      rating('T1', 'dissatisfied', '2026-10-02T10:00:00+08:00'),
      rating('T2', 'dissatisfied', '2026-10-01T10:00:00+08:00'),
      rating('T3', 'satisfied', '2026-10-01T10:00:00+08:00'),
    ]
    const result = satisfaction(all, MONTH, ctx)
    expect(result.value).toEqual({ num: 1, den: 4 })
    expect(result.evidence.figures.dissatisfied).toBe(3)
    expect(result.evidence.ids).toEqual(['T2', 'T1'])
  })

  it('a malformed month is an error', () => {
    expect(() => satisfaction([], '2026-13', ctx)).toThrow(RangeError)
  })
})
