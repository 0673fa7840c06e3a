import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { countFacilityChecks, facilityChecks, facilityChecksForMonth } from '../src/kpi/facility'
import type { KpiContext } from '../src/kpi/types'
import type { FacilityCheckRecord } from '../src/records'
import { jiyuan2026 } from '../src/terms'
import { isoWeeksOfMonth, toInstant } from '../src/time'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }

const check = (type: 'safety' | 'cleaning', at: string, checkId?: string): FacilityCheckRecord => ({
  kind: 'facility_check',
  type,
  at: toInstant(at),
  ...(checkId === undefined ? {} : { checkId }),
})

const checks: FacilityCheckRecord[] = [
  check('safety', '2026-10-08T02:00:00Z', 'S-41'), // Thu Oct 8, W41
  check('safety', '2026-10-11T16:30:00Z', 'S-42'), // local Mon Oct 12 00:30 → W42
  check('cleaning', '2026-10-04T15:59:00Z', 'C-40'), // local Sun Oct 4 23:59 → W40
  check('cleaning', '2026-10-13T02:00:00Z', 'C-42a'),
  check('cleaning', '2026-10-14T02:00:00Z', 'C-42a'), // the same check delivered twice
  check('cleaning', '2026-10-15T02:00:00Z'), // no id: counts on its own
]

describe('§4.12 安全检查 / §4.13 卫生保洁: 每周检查并做好登记', () => {
  it.each<[string, string, 'safety' | 'cleaning', number, boolean, string[]]>([
    ['W41 (Oct 5–11), one safety check → met', '2026-W41', 'safety', 1, true, ['S-41']],
    ['W41, no cleaning check → not met', '2026-W41', 'cleaning', 0, false, []],
    ['a check at 2026-10-11T16:30:00Z is local Oct 12 → W42', '2026-W42', 'safety', 1, true, ['S-42']],
    ['a check at local Sunday 23:59 stays in its week (W40)', '2026-W40', 'cleaning', 1, true, ['C-40']],
    ['one check id counted once, an id-less check counted too', '2026-W42', 'cleaning', 2, true, ['C-42a']],
  ])('%s', (_name, week, type, count, met, ids) => {
    const r = facilityChecks(checks, week, type, ctx)
    expect(r).toEqual({
      kpi: type === 'safety' ? 'safety_check' : 'cleaning_check',
      period: week,
      subject: null,
      value: { num: count, den: 1 },
      target: { kind: 'minCount', count: 1 },
      met,
      evidence: {
        ids,
        figures: {
          checks: count,
          from: week === '2026-W40' ? '2026-09-28' : week === '2026-W41' ? '2026-10-05' : '2026-10-12',
          to: week === '2026-W40' ? '2026-10-04' : week === '2026-W41' ? '2026-10-11' : '2026-10-18',
        },
      },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it('holds the count to the terms’ minPerWeek', () => {
    const terms = {
      ...jiyuan2026,
      kpis: { ...jiyuan2026.kpis, cleaningCheck: { ...jiyuan2026.kpis.cleaningCheck, minPerWeek: 3 } },
    }
    const r = facilityChecks(checks, '2026-W42', 'cleaning', { ...ctx, terms })
    expect(r.target).toEqual({ kind: 'minCount', count: 3 })
    expect(r.met).toBe(false)
  })

  it('refuses a week that does not exist (2026 has a W53, 2027 has not)', () => {
    expect(facilityChecks(checks, '2026-W53', 'safety', ctx).evidence.figures.from).toBe('2026-12-28')
    expect(() => facilityChecks(checks, '2027-W53', 'safety', ctx)).toThrow(RangeError)
    expect(() => facilityChecks(checks, '2026-W00', 'safety', ctx)).toThrow(RangeError)
    expect(() => facilityChecks(checks, '2026-41', 'safety', ctx)).toThrow(RangeError)
  })
})

describe('§4.12–13 weekly checks of a month (weeks whose Thursday is in the month)', () => {
  it('evaluates each of isoWeeksOfMonth(2026-10), safety before cleaning', () => {
    expect(isoWeeksOfMonth('2026-10')).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44'])
    const results = facilityChecksForMonth(checks, '2026-10', ctx)
    expect(results.map((r) => [r.period, r.kpi, r.value?.num, r.met])).toEqual([
      ['2026-W40', 'safety_check', 0, false],
      ['2026-W40', 'cleaning_check', 1, true],
      ['2026-W41', 'safety_check', 1, true],
      ['2026-W41', 'cleaning_check', 0, false],
      ['2026-W42', 'safety_check', 1, true],
      ['2026-W42', 'cleaning_check', 2, true],
      ['2026-W43', 'safety_check', 0, false],
      ['2026-W43', 'cleaning_check', 0, false],
      ['2026-W44', 'safety_check', 0, false],
      ['2026-W44', 'cleaning_check', 0, false],
    ])
  })

  it.each<[string, string, string, string, string[]]>([
    [
      'January 2026: W01 (Dec 29–Jan 4) shares days with the contract',
      '2026-01',
      '2026-01-01',
      '2026-12-31',
      ['2026-W01', '2026-W02', '2026-W03', '2026-W04', '2026-W05'],
    ],
    [
      'a contract starting 2026-10-15 keeps W42 (Oct 12–18) onward',
      '2026-10',
      '2026-10-15',
      '2026-12-31',
      ['2026-W42', '2026-W43', '2026-W44'],
    ],
    [
      'a contract ending 2026-10-13 keeps up to W42',
      '2026-10',
      '2026-01-01',
      '2026-10-13',
      ['2026-W40', '2026-W41', '2026-W42'],
    ],
    ['a month outside the contract has no weeks', '2027-02', '2026-01-01', '2026-12-31', []],
  ])('%s', (_name, month, start, end, weeks) => {
    const terms = { ...jiyuan2026, contract: { ...jiyuan2026.contract, start, end } }
    const results = facilityChecksForMonth(checks, month, { ...ctx, terms })
    expect(results.map((r) => r.period)).toEqual(weeks.flatMap((w) => [w, w]))
  })
})

describe('countFacilityChecks: what the admin shows as 已登记 N 次', () => {
  it('counts a check id once and each record without one, of the type asked', () => {
    expect(countFacilityChecks(checks, 'cleaning')).toBe(3)
    expect(countFacilityChecks(checks, 'safety')).toBe(2)
    expect(countFacilityChecks([], 'safety')).toBe(0)
  })

  it('agrees with the weekly KPI on the same records', () => {
    const w42 = checks.filter((c) => ['2026-10-13', '2026-10-14', '2026-10-15'].includes(c.at.slice(0, 10)))
    expect(facilityChecks(checks, '2026-W42', 'cleaning', ctx).value).toEqual({
      num: countFacilityChecks(w42, 'cleaning'),
      den: 1,
    })
  })
})
