/**
 * Times as the hotline reads them: in Beijing time (Asia/Shanghai, UTC+8 all year since 1991, so
 * plain arithmetic — no time-zone database, the same answer in every browser and in jsdom).
 * A deadline that falls on local midnight is the end of the day before (`10月8日 24:00`), as the
 * Civil Code counts a period; an event at midnight is simply `00:00`.
 *
 * Kept free of zod and the domain's schemas: the entry chunk may use it at no cost.
 */
import type { Locale } from './i18n'

const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

type Parts = { year: number; month: number; day: number; clock: string }

const pad = (n: number): string => String(n).padStart(2, '0')

/** The local date and clock of an instant; `endOfDay` turns local midnight into 24:00 of the day before. */
function partsOf(instant: string | number, endOfDay: boolean): Parts {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant)
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${String(instant)}`)
  const local = ms + OFFSET_MS
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS
  const atMidnight = endOfDay && sinceMidnight === 0
  const date = new Date(atMidnight ? local - DAY_MS : local)
  const seconds = Math.floor(sinceMidnight / 1000) % 60
  const clock = atMidnight
    ? '24:00'
    : `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ''}`
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), clock }
}

function render(parts: Parts, locale: Locale, withYear: boolean): string {
  if (locale === 'zh-CN') {
    return `${withYear ? `${parts.year}年` : ''}${parts.month}月${parts.day}日 ${parts.clock}`
  }
  return `${EN_MONTHS[parts.month - 1]} ${parts.day}, ${withYear ? `${parts.year}, ` : ''}${parts.clock}`
}

/**
 * A deadline in Beijing time, midnight read as 24:00 of the day before.
 *
 * @example
 * formatDue('2026-10-08T16:00:00.000Z', 'zh-CN') // '10月8日 24:00'
 * formatDue('2026-10-08T16:00:00.000Z', 'en')    // 'Oct 8, 24:00'
 * formatDue('2026-10-08T16:00:00.000Z', 'en', { year: true }) // 'Oct 8, 2026, 24:00'
 */
export const formatDue = (instant: string, locale: Locale, options: { year?: boolean } = {}): string =>
  render(partsOf(instant, true), locale, options.year ?? false)

/** When something happened, in Beijing time with the year: `2026年9月30日 16:00`, `Sep 30, 2026, 16:00`. */
export const formatInstant = (instant: string, locale: Locale): string =>
  render(partsOf(instant, false), locale, true)

/** The `<input type="datetime-local">` value (`2026-10-09T00:00`) of an instant, in Beijing time. */
export function toPickerValue(ms: number): string {
  const local = new Date(ms + OFFSET_MS).toISOString()
  return local.slice(0, 16)
}

const PICKER = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * A picker value read as Beijing time, as the ISO date-time with offset the API takes
 * (`2026-10-09T00:00:00+08:00`: the API wants the seconds), or `null` if it is not a real time.
 */
export function fromPickerValue(value: string | undefined): string | null {
  const match = value ? PICKER.exec(value) : null
  if (!match) return null
  const [, y, mo, d, h, mi, s = '00'] = match
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`
  const ms = Date.parse(iso)
  // Reject dates that do not exist (2026-02-30 would roll over to March).
  if (Number.isNaN(ms) || toPickerValue(ms) !== `${y}-${mo}-${d}T${h}:${mi}`) return null
  return iso
}
