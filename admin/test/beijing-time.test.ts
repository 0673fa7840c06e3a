/** Beijing time as the app shows it: a deadline at local midnight is 24:00 of the day before. */
import { describe, expect, it } from 'vitest'
import { formatDue, formatInstant, fromPickerValue, toPickerValue } from '../src/beijing-time'

describe('formatDue', () => {
  it.each([
    // [instant, zh-CN, en]
    ['2026-10-08T16:00:00.000Z', '10月8日 24:00', 'Oct 8, 24:00'], // 10-09 00:00 local: the end of 10-08
    ['2026-10-08T16:00:01.000Z', '10月9日 00:00:01', 'Oct 9, 00:00:01'],
    ['2026-10-08T09:30:00.000Z', '10月8日 17:30', 'Oct 8, 17:30'],
    ['2026-12-31T16:00:00.000Z', '12月31日 24:00', 'Dec 31, 24:00'], // 2027-01-01 00:00 local
    ['2026-10-08T23:59:00+08:00', '10月8日 23:59', 'Oct 8, 23:59'],
  ])('%s → %s / %s', (instant, zh, en) => {
    expect(formatDue(instant, 'zh-CN')).toBe(zh)
    expect(formatDue(instant, 'en')).toBe(en)
  })

  it('names the year when asked, of the day the period ends', () => {
    expect(formatDue('2026-12-31T16:00:00.000Z', 'zh-CN', { year: true })).toBe('2026年12月31日 24:00')
    expect(formatDue('2026-12-31T16:00:00.000Z', 'en', { year: true })).toBe('Dec 31, 2026, 24:00')
  })
})

describe('formatInstant', () => {
  it('shows an event at midnight as 00:00 of its own day, with the year', () => {
    expect(formatInstant('2026-10-08T16:00:00.000Z', 'zh-CN')).toBe('2026年10月9日 00:00')
    expect(formatInstant('2026-09-30T08:00:00.000Z', 'en')).toBe('Sep 30, 2026, 16:00')
  })
})

describe('the date-time picker', () => {
  it('shows an instant in Beijing time, whatever the browser zone', () => {
    expect(toPickerValue(Date.parse('2026-10-08T16:00:00.000Z'))).toBe('2026-10-09T00:00')
  })

  it.each([
    ['2026-10-09T00:00', '2026-10-09T00:00:00+08:00'],
    ['2026-10-09T08:05:30', '2026-10-09T08:05:30+08:00'],
    ['2026-02-30T12:00', null], // no such day
    ['2026-10-09T24:00', null],
    ['2026-10-09', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (value, iso) => {
    expect(fromPickerValue(value)).toBe(iso)
  })
})
