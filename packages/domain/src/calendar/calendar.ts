/**
 * Working days in Asia/Shanghai: weekends, plus each loaded year's notice (days off and
 * adjusted working days). A date in a year that is not loaded is answered from weekends alone
 * and flagged `provisional`, so whatever depends on it can be recomputed once the year is loaded.
 */
import { addDays, isWeekend, type LocalDate, yearOf } from '../time'
import { cn2025 } from './data/cn-2025'
import { cn2026 } from './data/cn-2026'
import { CalendarYear } from './schema'

export type DayInfo = {
  date: LocalDate
  working: boolean
  /** Why: a plain weekday or weekend, a holiday, or an adjusted working day (调休). */
  kind: 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday'
  /** The festival's name for a holiday or adjusted working day. */
  name?: string
  /** True when the date's year is not loaded: answered from weekends only. */
  provisional: boolean
}

export type Calendar = {
  /** Years loaded, ascending. */
  readonly years: readonly number[]
  day(date: LocalDate): DayInfo
  isWorkingDay(date: LocalDate): boolean
  /** The year's document, if loaded. */
  year(year: number): CalendarYear | undefined
}

export const BUILT_IN_YEARS: readonly CalendarYear[] = [cn2025, cn2026]

/**
 * A calendar from year documents (validated; a later document for the same year replaces an
 * earlier one).
 *
 * @example
 * const calendar = createCalendar()                     // built-in 2025 and 2026
 * const next = createCalendar([...BUILT_IN_YEARS, y2027]) // after loading next year's notice
 */
export function createCalendar(years: readonly CalendarYear[] = BUILT_IN_YEARS): Calendar {
  const byYear = new Map<number, CalendarYear>()
  for (const doc of years) byYear.set(doc.year, CalendarYear.parse(doc))
  const off = new Map<LocalDate, string>()
  const worked = new Map<LocalDate, string>()
  for (const doc of byYear.values()) {
    for (const holiday of doc.holidays) for (const date of holiday.dates) off.set(date, holiday.name)
    for (const workday of doc.adjustedWorkdays) worked.set(workday.date, workday.name)
  }

  const day = (date: LocalDate): DayInfo => {
    const provisional = !byYear.has(yearOf(date))
    const workName = worked.get(date)
    if (workName !== undefined)
      return { date, working: true, kind: 'adjusted_workday', name: workName, provisional }
    const offName = off.get(date)
    if (offName !== undefined) return { date, working: false, kind: 'holiday', name: offName, provisional }
    const weekend = isWeekend(date)
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', provisional }
  }

  return {
    years: [...byYear.keys()].sort((a, b) => a - b),
    day,
    isWorkingDay: (date) => day(date).working,
    year: (year) => byYear.get(year),
  }
}

/** The first working day strictly after `date`, and whether any day looked at was provisional. */
export function nextWorkingDay(
  calendar: Calendar,
  date: LocalDate,
): { date: LocalDate; provisional: boolean } {
  let provisional = false
  let d = date
  for (let i = 0; i < 400; i++) {
    d = addDays(d, 1)
    const info = calendar.day(d)
    provisional ||= info.provisional
    if (info.working) return { date: d, provisional }
  }
  throw new RangeError(`no working day within 400 days after ${date}`)
}
