import { isWorkday } from 'chinese-days'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_YEARS, CalendarYear, createCalendar, nextWorkingDay } from '../src/calendar'
import { addDays } from '../src/time'

const calendar = createCalendar()

describe('SPEC §4 calendar: weekends + State Council notice with 调休', () => {
  it.each([
    ['2026-01-01', false, 'holiday', '元旦'],
    ['2026-01-03', false, 'holiday', '元旦'],
    ['2026-01-04', true, 'adjusted_workday', '元旦'],
    ['2026-02-14', true, 'adjusted_workday', '春节'],
    ['2026-02-15', false, 'holiday', '春节'],
    ['2026-02-23', false, 'holiday', '春节'],
    ['2026-02-28', true, 'adjusted_workday', '春节'],
    ['2026-05-09', true, 'adjusted_workday', '劳动节'],
    ['2026-09-20', true, 'adjusted_workday', '国庆节'],
    ['2026-09-25', false, 'holiday', '中秋节'],
    ['2026-10-07', false, 'holiday', '国庆节'],
    ['2026-10-08', true, 'weekday', undefined],
    ['2026-10-10', true, 'adjusted_workday', '国庆节'],
    ['2026-10-11', false, 'weekend', undefined],
  ])('%s working=%s (%s %s)', (date, working, kind, name) => {
    const info = calendar.day(date)
    expect(info).toMatchObject({ date, working, kind, provisional: false })
    expect(info.name).toBe(name)
  })

  it('cross-checks every day of 2025 and 2026 against the chinese-days package', () => {
    const mismatches: string[] = []
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (calendar.isWorkingDay(d) !== isWorkday(d)) mismatches.push(d)
    }
    expect(mismatches).toEqual([])
  })

  it('answers a year that is not loaded from weekends alone, flagged provisional', () => {
    expect(calendar.day('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: true,
      kind: 'weekday',
      provisional: true,
    })
    expect(calendar.day('2027-01-02')).toMatchObject({ working: false, kind: 'weekend', provisional: true })
    expect(calendar.years).toEqual([2025, 2026])
  })

  it('loads a year as data, and the loaded year is no longer provisional', () => {
    const y2027 = CalendarYear.parse({
      year: 2027,
      source: 'test notice',
      holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
      adjustedWorkdays: [{ name: '春节', date: '2027-02-06' }],
    })
    const loaded = createCalendar([...BUILT_IN_YEARS, y2027])
    expect(loaded.day('2027-01-01')).toMatchObject({ working: false, kind: 'holiday', provisional: false })
    expect(loaded.day('2027-02-06')).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
      provisional: false,
    })
    expect(loaded.years).toEqual([2025, 2026, 2027])
  })

  it.each([
    [
      { adjustedWorkdays: [{ name: 'x', date: '2027-01-04' }] },
      'adjustedWorkdays.0.date',
      'not a Saturday or Sunday',
    ],
    [{ holidays: [{ name: 'x', dates: ['2027-13-01'] }] }, 'holidays.0.dates.0', 'YYYY-MM-DD'],
    [
      {
        holidays: [{ name: 'x', dates: ['2027-01-02'] }],
        adjustedWorkdays: [{ name: 'x', date: '2027-01-02' }],
      },
      'adjustedWorkdays.0.date',
      'also a day off',
    ],
  ])('rejects an invalid year naming the field (%#)', (patch, path, message) => {
    const result = CalendarYear.safeParse({
      year: 2027,
      source: 's',
      holidays: [],
      adjustedWorkdays: [],
      ...patch,
    })
    expect(result.success).toBe(false)
    const issue = result.error?.issues.find((i) => i.path.join('.') === path)
    expect(issue?.message).toContain(message)
  })

  it('finds the next working day across the National Day holiday', () => {
    expect(nextWorkingDay(calendar, '2026-09-30')).toEqual({ date: '2026-10-08', provisional: false })
    expect(nextWorkingDay(calendar, '2026-10-09')).toEqual({ date: '2026-10-10', provisional: false })
    expect(nextWorkingDay(calendar, '2026-12-31')).toEqual({ date: '2027-01-01', provisional: true })
  })
})
