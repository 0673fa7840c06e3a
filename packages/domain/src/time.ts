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

/** Accepts an ISO-8601 date-time with an offset (`Z` or `±HH:MM`) and yields the UTC instant. */
export const LocalDateSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' })
export const InstantSchema = z
  .string()
  .refine(
    (value) =>
      OFFSET_DATE_TIME.test(value) &&
      LocalDateSchema.safeParse(value.slice(0, 10)).success &&
      !Number.isNaN(Date.parse(value)),
    'must be an ISO-8601 date-time with an offset (Z or +08:00)',
  )
  .transform((value) => toInstant(value))
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

/** Normalizes any ISO-8601 date-time with offset to the stored UTC form. */
export function toInstant(iso: string | Date): Instant {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${String(iso)}`)
  return date.toISOString()
}

export const epochMs = (instant: Instant): number => Date.parse(instant)

/** The local (Asia/Shanghai) date of an instant. */
export function localDateOf(instant: Instant | Date): LocalDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10)
}

export const monthOf = (date: LocalDate): Month => date.slice(0, 7)
export const yearOf = (date: LocalDate): number => Number(date.slice(0, 4))
export const localMonthOf = (instant: Instant): Month => monthOf(localDateOf(instant))

function utcMidnight(date: LocalDate): number {
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`)
  return ms
}

/** 00:00 local of `date`, as an instant. */
export const startOfLocalDay = (date: LocalDate): Instant =>
  new Date(utcMidnight(date) - OFFSET_MS).toISOString()

/** 24:00 local of `date` (= 00:00 of the next day), as an instant: where a Civil Code period ends. */
export const endOfLocalDay = (date: LocalDate): Instant =>
  new Date(utcMidnight(date) + DAY_MS - OFFSET_MS).toISOString()

export const addDays = (date: LocalDate, days: number): LocalDate =>
  new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10)

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
