import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { deadline, onTime, type PeriodSpec } from '../src/periods'
import { localDateOf, toInstant } from '../src/time'

const calendar = createCalendar()
const oneWorkingDay: PeriodSpec = { unit: 'workingDays', count: 1 }
const twoDays: PeriodSpec = { unit: 'days', count: 2 }

describe('SPEC §4 periods, Civil Code art. 201/203 (contract §4.3 windows)', () => {
  it.each([
    // [event (any offset), period, expected due (UTC), last day, note]
    [
      '2026-09-30T16:00:00+08:00',
      oneWorkingDay,
      '2026-10-08T16:00:00.000Z',
      '2026-10-08',
      'SPEC example: across National Day',
    ],
    [
      '2026-10-09T10:00:00+08:00',
      oneWorkingDay,
      '2026-10-10T16:00:00.000Z',
      '2026-10-10',
      'SPEC example: Sat 10-10 is 调休',
    ],
    [
      '2026-10-09T23:59:59+08:00',
      oneWorkingDay,
      '2026-10-10T16:00:00.000Z',
      '2026-10-10',
      'late evening: same local day',
    ],
    [
      '2026-10-09T16:30:00Z',
      oneWorkingDay,
      '2026-10-12T16:00:00.000Z',
      '2026-10-12',
      'UTC afternoon is local Sat 10-10',
    ],
    [
      '2026-10-03T09:00:00+08:00',
      oneWorkingDay,
      '2026-10-08T16:00:00.000Z',
      '2026-10-08',
      'event on a holiday',
    ],
    [
      '2026-10-12T09:00:00+08:00',
      { unit: 'workingDays', count: 3 } as PeriodSpec,
      '2026-10-15T16:00:00.000Z',
      '2026-10-15',
      '3 working days',
    ],
    [
      '2026-10-12T09:00:00+08:00',
      twoDays,
      '2026-10-14T16:00:00.000Z',
      '2026-10-14',
      '2 days, last day a weekday',
    ],
    [
      '2026-10-15T09:00:00+08:00',
      twoDays,
      '2026-10-19T16:00:00.000Z',
      '2026-10-19',
      '2 days ending Sat → Mon (art. 203)',
    ],
    [
      '2026-09-29T09:00:00+08:00',
      twoDays,
      '2026-10-08T16:00:00.000Z',
      '2026-10-08',
      '2 days ending on 10-01 → 10-08',
    ],
    [
      '2026-10-08T09:00:00+08:00',
      twoDays,
      '2026-10-10T16:00:00.000Z',
      '2026-10-10',
      '2 days ending on Sat 调休 workday',
    ],
    [
      '2026-02-12T09:00:00+08:00',
      twoDays,
      '2026-02-14T16:00:00.000Z',
      '2026-02-14',
      'ends on 调休 Sat 02-14',
    ],
  ])('%s + %o → %s (%s; %s)', (at, period, due, lastDay) => {
    expect(deadline(toInstant(at), period, calendar)).toEqual({ due, lastDay, provisional: false })
  })

  it('same-clock-time ends at the event clock time on the last day', () => {
    expect(
      deadline(toInstant('2026-09-30T16:00:00+08:00'), oneWorkingDay, calendar, 'same-clock-time'),
    ).toEqual({
      due: '2026-10-08T08:00:00.000Z',
      lastDay: '2026-10-08',
      provisional: false,
    })
    expect(deadline(toInstant('2026-10-15T09:30:00+08:00'), twoDays, calendar, 'same-clock-time').due).toBe(
      '2026-10-19T01:30:00.000Z',
    )
  })

  it('is provisional when a counted day lies in a year not loaded, and exact again once loaded', () => {
    expect(deadline(toInstant('2026-12-31T10:00:00+08:00'), oneWorkingDay, calendar)).toEqual({
      due: '2027-01-01T16:00:00.000Z',
      lastDay: '2027-01-01',
      provisional: true,
    })
    expect(
      deadline(toInstant('2026-12-30T10:00:00+08:00'), { unit: 'days', count: 3 }, calendar).provisional,
    ).toBe(true)
    expect(deadline(toInstant('2026-12-28T10:00:00+08:00'), twoDays, calendar).provisional).toBe(false)
  })

  it('is late at the due instant — 24:00 is 00:00 of the next day — and on time a millisecond before', () => {
    const { due } = deadline(toInstant('2026-09-30T16:00:00+08:00'), oneWorkingDay, calendar)
    expect(due).toBe('2026-10-08T16:00:00.000Z')
    expect(onTime('2026-10-08T15:59:59.999Z', due)).toBe(true)
    expect(onTime('2026-10-09T00:00:00+08:00', due)).toBe(false)
    expect(onTime('2026-10-08T16:00:00.001Z', due)).toBe(false)
  })
})

describe('properties', () => {
  const instants = fc
    .date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2027-06-30T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString())
  const periods = fc.record({
    unit: fc.constantFrom('workingDays' as const, 'days' as const),
    count: fc.integer({ min: 1, max: 30 }),
  })
  const modes = fc.constantFrom('civil-code' as const, 'same-clock-time' as const)

  it('a deadline never precedes its event, and never falls on a rest day', () => {
    fc.assert(
      fc.property(instants, periods, modes, (at, period, mode) => {
        const result = deadline(at, period, calendar, mode)
        expect(result.due > at).toBe(true)
        expect(result.lastDay > localDateOf(at)).toBe(true)
        expect(calendar.isWorkingDay(result.lastDay)).toBe(true)
      }),
    )
  })

  it('a longer period never ends earlier', () => {
    fc.assert(
      fc.property(instants, periods, (at, period) => {
        const shorter = deadline(at, period, calendar)
        const longer = deadline(at, { ...period, count: period.count + 1 }, calendar)
        expect(longer.due >= shorter.due).toBe(true)
      }),
    )
  })

  it('the same instant in any offset gives the same deadline', () => {
    fc.assert(
      fc.property(instants, periods, fc.integer({ min: -12, max: 14 }), (at, period, offsetHours) => {
        const shifted = new Date(Date.parse(at) + offsetHours * 3_600_000).toISOString().slice(0, 19)
        const sign = offsetHours >= 0 ? '+' : '-'
        const withOffset = `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`
        expect(deadline(toInstant(withOffset), period, calendar)).toEqual(deadline(at, period, calendar))
      }),
    )
  })
})
