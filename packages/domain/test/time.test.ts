import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  datesOfIsoWeek,
  daysBetween,
  endOfLocalDay,
  InstantSchema,
  isoWeekOf,
  isoWeeksOfMonth,
  lastDateOfMonth,
  localDateOf,
  quarterOf,
  startOfLocalDay,
  toInstant,
} from '../src/time'

describe('SPEC §3 business time (Asia/Shanghai, UTC+8, no DST)', () => {
  it.each([
    ['2026-10-09T15:59:59.999Z', '2026-10-09'],
    ['2026-10-09T16:00:00Z', '2026-10-10'],
    ['2026-10-10T00:00:00+08:00', '2026-10-10'],
    ['2026-10-09T23:59:59+08:00', '2026-10-09'],
    ['2026-10-09T12:00:00-05:00', '2026-10-10'],
  ])('%s is local day %s', (iso, date) => {
    expect(localDateOf(toInstant(iso))).toBe(date)
  })

  it('stores instants as UTC with milliseconds, whatever the offset in', () => {
    expect(InstantSchema.parse('2026-10-09T15:00:00+08:00')).toBe('2026-10-09T07:00:00.000Z')
    expect(InstantSchema.parse('2026-10-09T10:00+08:00')).toBe('2026-10-09T02:00:00.000Z')
    expect(InstantSchema.parse('2026-10-09T10:00:00.123456+08:00')).toBe('2026-10-09T02:00:00.123Z')
    expect(InstantSchema.safeParse('2026-10-09T15:00:00').success).toBe(false)
    expect(InstantSchema.safeParse('2026-02-30T15:00:00Z').success).toBe(false)
    expect(InstantSchema.safeParse('2026-10-09').success).toBe(false)
  })

  it('puts 24:00 local at the next local midnight', () => {
    expect(startOfLocalDay('2026-10-08')).toBe('2026-10-07T16:00:00.000Z')
    expect(endOfLocalDay('2026-10-08')).toBe('2026-10-08T16:00:00.000Z')
  })

  it.each([
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-10-05', '2026-W41'],
    ['2026-10-11', '2026-W41'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ])('%s is in ISO week %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week)
    expect(datesOfIsoWeek(week)).toContain(date)
  })

  it('gives a month the ISO weeks whose Thursday it holds', () => {
    expect(isoWeeksOfMonth('2026-10')).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44'])
    expect(datesOfIsoWeek('2026-W40')[0]).toBe('2026-09-28')
  })

  it('counts days, quarters and month ends', () => {
    expect(daysBetween('2026-06-30', '2026-07-03')).toBe(3)
    expect(lastDateOfMonth('2026-02')).toBe('2026-02-28')
    expect(lastDateOfMonth('2026-12')).toBe('2026-12-31')
    expect([quarterOf('2026-03-31'), quarterOf('2026-04-01'), quarterOf('2026-12')]).toEqual([1, 2, 4])
  })
})

describe('the fast paths agree with the Date round trip they replace', () => {
  const OFFSET = 8 * 3_600_000
  const reference = {
    toInstant: (iso: string) => new Date(iso).toISOString(),
    localDateOf: (iso: string) => new Date(Date.parse(iso) + OFFSET).toISOString().slice(0, 10),
    addDays: (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10),
  }
  const instants = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString())

  it('toInstant and localDateOf of any stored instant, across midnight, month and leap-year ends', () => {
    fc.assert(
      fc.property(instants, (iso) => {
        expect(toInstant(iso)).toBe(reference.toInstant(iso))
        expect(localDateOf(iso)).toBe(reference.localDateOf(iso))
      }),
      { numRuns: 5_000 },
    )
    for (const edge of ['2024-02-29T15:59:59.999Z', '2024-02-29T16:00:00.000Z', '2026-12-31T16:00:00.000Z']) {
      expect(localDateOf(edge)).toBe(reference.localDateOf(edge))
    }
  })

  it('refuses what only looks stored: 30 February, hour 24, month 13 — as before', () => {
    for (const bad of ['2026-02-30T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-01-01T24:00:00.000Z']) {
      const viaDate = Number.isNaN(Date.parse(bad)) ? 'invalid' : reference.toInstant(bad)
      let fast: string
      try {
        fast = toInstant(bad)
      } catch {
        fast = 'invalid'
      }
      expect(fast).toBe(viaDate)
    }
  })

  it('InstantSchema accepts a string of the right shape exactly when the full check does, and gives its UTC instant', () => {
    const full = (value: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
      !Number.isNaN(Date.parse(value)) &&
      new Date(`${value.slice(0, 10)}T00:00:00Z`).toISOString().slice(0, 10) === value.slice(0, 10)
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
    const shaped = fc
      .tuple(
        fc.integer({ min: 1900, max: 2200 }),
        two(14),
        two(33),
        two(25),
        two(61),
        two(61),
        fc.constantFrom('.000Z', 'Z', '+08:00', '.5-03:30', '.123456789+14:00', ''),
      )
      .map(([y, mo, d, h, mi, se, end]) => `${y}-${mo}-${d}T${h}:${mi}:${se}${end}`)
    fc.assert(
      fc.property(fc.oneof(shaped, instants), (value) => {
        const parsed = InstantSchema.safeParse(value)
        expect(parsed.success).toBe(full(value))
        if (parsed.success) expect(parsed.data).toBe(new Date(value).toISOString())
      }),
      { numRuns: 5_000 },
    )
  })

  it('addDays of any date and shift, asked twice (the second answer is remembered)', () => {
    const dates = instants.map((iso) => iso.slice(0, 10))
    fc.assert(
      fc.property(dates, fc.integer({ min: -800, max: 800 }), (date, days) => {
        expect(addDays(date, days)).toBe(reference.addDays(date, days))
        expect(addDays(date, days)).toBe(reference.addDays(date, days))
      }),
      { numRuns: 5_000 },
    )
  })
})
