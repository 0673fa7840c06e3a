/**
 * The calendar in force: the built-in years plus those an administrator loaded (stored in the
 * table). One object the whole app holds; `reload()` swaps in the stored years (at start, and
 * right after a year is loaded; other Lambda instances pick it up when they start or reload).
 */
import { BUILT_IN_YEARS, type Calendar, createCalendar } from '@hotline/domain'
import { listCalendarYears, type Store } from '@hotline/store'

export type CalendarSource = {
  readonly calendar: Calendar
  /** Reads the stored years now. */
  reload(): Promise<void>
  /**
   * Reloads when the last read is older than `maxAgeMs` (each request calls it; it is cheap
   * otherwise). A failed read keeps the calendar in force and is retried ten seconds later.
   */
  refresh(): Promise<void>
}

export function calendarSource(store: Store, maxAgeMs = 5 * 60_000): CalendarSource {
  let current = createCalendar()
  let loadedAt = Number.NEGATIVE_INFINITY
  const calendar: Calendar = {
    get years() {
      return current.years
    },
    day: (date) => current.day(date),
    isWorkingDay: (date) => current.isWorkingDay(date),
    year: (year) => current.year(year),
  }
  return {
    calendar,
    async reload() {
      const stored = await listCalendarYears(store)
      current = createCalendar([...BUILT_IN_YEARS, ...stored])
      loadedAt = performance.now()
    },
    async refresh() {
      if (performance.now() - loadedAt <= maxAgeMs) return
      try {
        await this.reload()
      } catch {
        // Keep the calendar in force (at least the built-in years) and try again next request.
        loadedAt = performance.now() - maxAgeMs + 10_000
      }
    },
  }
}
