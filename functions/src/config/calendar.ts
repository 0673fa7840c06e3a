/**
 * The calendar in force: the built-in years plus those an administrator loaded (stored in the
 * table). One object the whole app holds; `reload()` swaps in the stored years (at start, and
 * right after a year is loaded; other Lambda instances pick it up when they start or reload).
 */
import { BUILT_IN_YEARS, type Calendar, createCalendar } from '@hotline/domain'
import { listCalendarYears, type Store } from '@hotline/store'
import { type Reloading, reloading } from './reloading'

export type CalendarSource = Reloading & {
  readonly calendar: Calendar
}

export function calendarSource(store: Store, maxAgeMs = 5 * 60_000): CalendarSource {
  let current = createCalendar()
  const calendar: Calendar = {
    get years() {
      return current.years
    },
    day: (date) => current.day(date),
    isWorkingDay: (date) => current.isWorkingDay(date),
    year: (year) => current.year(year),
  }
  const source = reloading(async () => {
    current = createCalendar([...BUILT_IN_YEARS, ...(await listCalendarYears(store))])
  }, maxAgeMs)
  return { calendar, reload: source.reload, refresh: source.refresh }
}
