/**
 * Business time: instants are ISO-8601 UTC strings; a "day" is a local calendar date in
 * Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so local time is
 * exactly UTC+8 for every instant this product handles; no time-zone database is needed.
 */
import { z } from 'zod'

/** `YYYY-MM-DD`, a local date in Asia/Shanghai. */
export type LocalDate = string
/** `YYYY-MM`. */
export type Month = string
/** ISO week, `YYYY-Www`. */
export type IsoWeek = string
/** ISO-8601 UTC with milliseconds, `2026-10-09T07:00:00.000Z`: the one stored form of an instant. */
export type Instant = string

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai'
const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** ISO-8601 date-time with an offset: seconds and fractions optional (`2026-10-09T10:00+08:00` is valid). */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

export const LocalDateSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' })
const INSTANT_MESSAGE = 'must be an ISO-8601 date-time with an offset (Z or +08:00)'
/** Accepts an ISO-8601 date-time with an offset (`Z` or `±HH:MM`) and yields the UTC instant. */
export const InstantSchema = z
  .string()
  .refine((value) => checkedInstant(value) !== null, INSTANT_MESSAGE)
  .transform((value) => checkedInstant(value) as Instant)

/** The last string `checkedInstant` was asked about: the schema's check and transform ask in turn. */
let lastChecked: { value: string; instant: Instant | null } = { value: '', instant: null }

/**
 * `value` as a stored instant, or `null` unless it is an ISO-8601 date-time with an offset of a
 * real date. The stored form is recognised by its characters; any other is checked by the pattern
 * and the calendar, then converted with one `Date` round trip.
 */
function checkedInstant(value: string): Instant | null {
  if (isStoredInstant(value)) return value
  if (lastChecked.value === value) return lastChecked.instant
  let instant: Instant | null = null
  if (OFFSET_DATE_TIME.test(value) && isRealDate(value)) {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms)) instant = new Date(ms).toISOString()
  }
  lastChecked = { value, instant }
  return instant
}

/** Whether `s` starts with a real calendar date `YYYY-MM-DD` (its digits already checked). */
function isRealDate(s: string): boolean {
  const month = numberAt(s, 5, 2)
  const day = numberAt(s, 8, 2)
  if (month < 1 || month > 12 || day < 1) return false
  return day <= (month === 2 && isLeapYear(numberAt(s, 0, 4)) ? 29 : (DAYS_IN_MONTH[month - 1] as number))
}
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
export const IsoWeekSchema = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week YYYY-Www')

/** Throws `RangeError` unless `date` is a real calendar date `YYYY-MM-DD`. */
export function assertLocalDate(date: string): asserts date is LocalDate {
  if (!LocalDateSchema.safeParse(date).success) throw new RangeError(`not a local date YYYY-MM-DD: ${date}`)
}

/** Throws `RangeError` unless `month` is `YYYY-MM`. */
export function assertMonth(month: string): asserts month is Month {
  if (!MonthSchema.safeParse(month).success) throw new RangeError(`not a month YYYY-MM: ${month}`)
}

const DIGITS_OF_STORED_INSTANT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
const numberAt = (s: string, at: number, length: number) => {
  let n = 0
  for (let i = at; i < at + length; i++) n = n * 10 + s.charCodeAt(i) - 48
  return n
}

/**
 * Whether `s` is already an instant in the stored form (`2026-10-09T07:00:00.000Z`) of a real date
 * and time: what `toInstant` would give back unchanged. The jobs and the replay meet every stored
 * instant many times over; checked by its characters it costs a fraction of a `Date` round trip.
 */
function isStoredInstant(s: string): boolean {
  if (s.length !== 24 || s[23] !== 'Z' || s[10] !== 'T' || s[19] !== '.') return false
  if (s[4] !== '-' || s[7] !== '-' || s[13] !== ':' || s[16] !== ':') return false
  for (const i of DIGITS_OF_STORED_INSTANT) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  const year = numberAt(s, 0, 4)
  const month = numberAt(s, 5, 2)
  const day = numberAt(s, 8, 2)
  if (month < 1 || month > 12 || day < 1) return false
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)
  return day <= monthDays && numberAt(s, 11, 2) <= 23 && numberAt(s, 14, 2) <= 59 && numberAt(s, 17, 2) <= 59
}

/** Normalizes any ISO-8601 date-time with offset to the stored UTC form. */
export function toInstant(iso: string | Date): Instant {
  if (typeof iso === 'string' && isStoredInstant(iso)) return iso
  const date = typeof iso === 'string' ? new Date(iso) : iso
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${String(iso)}`)
  return date.toISOString()
}

export const epochMs = (instant: Instant): number => Date.parse(instant)

/** The local (Asia/Shanghai) date of an instant. */
export function localDateOf(instant: Instant | Date): LocalDate {
  if (typeof instant === 'string' && isStoredInstant(instant)) {
    // UTC+8: from 16:00 UTC on, it is already the next day in Beijing.
    const utcDate = instant.slice(0, 10)
    return numberAt(instant, 11, 2) < 16 ? utcDate : addDays(utcDate, 1)
  }
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10)
}

export const monthOf = (date: LocalDate): Month => date.slice(0, 7)
export const yearOf = (date: LocalDate): number => Number(date.slice(0, 4))
export const localMonthOf = (instant: Instant): Month => monthOf(localDateOf(instant))

/**
 * `compute(key)`, remembered: for the date arithmetic the calendars and the jobs repeat millions of
 * times over a few thousand dates. A cache that outgrows `limit` starts again (pure functions).
 */
function remembered<T>(compute: (key: string) => T, limit = 100_000): (key: string) => T {
  const cache = new Map<string, T>()
  return (key) => {
    let value = cache.get(key)
    if (value === undefined) {
      value = compute(key)
      if (cache.size >= limit) cache.clear()
      cache.set(key, value)
    }
    return value
  }
}

const utcMidnight = remembered((date: LocalDate): number => {
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`)
  return ms
})

/** 00:00 local of `date`, as an instant. */
export const startOfLocalDay = remembered(
  (date: LocalDate): Instant => new Date(utcMidnight(date) - OFFSET_MS).toISOString(),
)

/** 24:00 local of `date` (= 00:00 of the next day), as an instant: where a Civil Code period ends. */
export const endOfLocalDay = remembered(
  (date: LocalDate): Instant => new Date(utcMidnight(date) + DAY_MS - OFFSET_MS).toISOString(),
)

const shiftedDate = remembered((key: string): LocalDate => {
  const [date, days] = key.split('|') as [string, string]
  return new Date(utcMidnight(date) + Number(days) * DAY_MS).toISOString().slice(0, 10)
})

export const addDays = (date: LocalDate, days: number): LocalDate => shiftedDate(`${date}|${days}`)

/** Whole days from `a` to `b` (positive when `b` is later). */
export const daysBetween = (a: LocalDate, b: LocalDate): number =>
  Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS)

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(utcMidnight(date)).getUTCDay()
  return day === 0 ? 7 : day
}

export const isWeekend = (date: LocalDate): boolean => isoWeekday(date) >= 6

/** Milliseconds since local midnight of the instant's local day. */
export const localClockMs = (instant: Instant): number => (Date.parse(instant) + OFFSET_MS) % DAY_MS

/** The instant at local date `date` and local clock time `clockMs` after midnight. */
export const atLocalClock = (date: LocalDate, clockMs: number): Instant =>
  new Date(utcMidnight(date) - OFFSET_MS + clockMs).toISOString()

/** ISO-8601 week of a date, `2026-W41` (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(date: LocalDate): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date))
  const year = yearOf(thursday)
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The seven dates (Monday first) of an ISO week; throws `RangeError` for a week that does not exist (`2027-W53`). */
export function datesOfIsoWeek(week: IsoWeek): LocalDate[] {
  const match = /^(\d{4})-W(\d{2})$/.exec(week)
  if (!match) throw new RangeError(`not an ISO week: ${week}`)
  const year = Number(match[1])
  const jan4 = `${year}-01-04`
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4))
  const monday = addDays(week1Monday, (Number(match[2]) - 1) * 7)
  if (isoWeekOf(monday) !== week) throw new RangeError(`no such ISO week: ${week}`)
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

/** Every date of a month, in order. */
export function datesOfMonth(month: Month): LocalDate[] {
  const first = `${month}-01`
  const dates: LocalDate[] = []
  for (let d = first; monthOf(d) === month; d = addDays(d, 1)) dates.push(d)
  return dates
}

/** ISO weeks assigned to a month: those whose Thursday falls in it (each week belongs to one month). */
export const isoWeeksOfMonth = (month: Month): IsoWeek[] =>
  datesOfMonth(month)
    .filter((d) => isoWeekday(d) === 4)
    .map(isoWeekOf)

export const lastDateOfMonth = (month: Month): LocalDate => addDays(`${nextMonth(month)}-01`, -1)

export function nextMonth(month: Month): Month {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Quarter number 1–4 of a date or month. */
export const quarterOf = (dateOrMonth: string): 1 | 2 | 3 | 4 =>
  (Math.floor((Number(dateOrMonth.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4
