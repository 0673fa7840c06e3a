/**
 * Deadlines from periods, counted as the Civil Code counts them (民法典 art. 201, 203), which
 * the contract invokes:
 *
 * - the day of the triggering event is not counted; a period ends at 24:00 local of its last day;
 * - **N working days**: 24:00 of the N-th working day after the event's local date;
 * - **N days**: 24:00 of the N-th day after the event's date, and if that day is a rest day or
 *   holiday, 24:00 of the next working day (art. 203).
 *
 * The `same-clock-time` option ends the period at the event's local clock time on that last
 * day instead of 24:00 (the same rest-day extension applies). Deadlines are instants.
 */
import { z } from 'zod'
import { type Calendar, nextWorkingDay } from './calendar'
import {
  addDays,
  atLocalClock,
  endOfLocalDay,
  epochMs,
  type Instant,
  type LocalDate,
  localClockMs,
  localDateOf,
} from './time'

export const PeriodSpec = z.object({
  unit: z.enum(['workingDays', 'days']),
  count: z.number().int().min(1).max(366),
})
export type PeriodSpec = z.infer<typeof PeriodSpec>

export const CountingMode = z.enum(['civil-code', 'same-clock-time'])
export type CountingMode = z.infer<typeof CountingMode>

export type Deadline = {
  /** The instant the period ends: on time means at or before it. */
  due: Instant
  /** The period's last day (local). */
  lastDay: LocalDate
  /** True when a day counted lies in a calendar year that is not loaded. */
  provisional: boolean
}

/**
 * The deadline of `period` after an event at `at`.
 *
 * @example
 * deadline('2026-09-30T08:00:00Z', { unit: 'workingDays', count: 1 }, calendar)
 * // → { due: '2026-10-08T16:00:00.000Z' (Oct 8 24:00 +08:00), lastDay: '2026-10-08', provisional: false }
 */
export function deadline(
  at: Instant,
  period: PeriodSpec,
  calendar: Calendar,
  mode: CountingMode = 'civil-code',
): Deadline {
  const eventDay = localDateOf(at)
  let lastDay: LocalDate
  let provisional = false
  if (period.unit === 'workingDays') {
    lastDay = eventDay
    for (let i = 0; i < period.count; i++) {
      const next = nextWorkingDay(calendar, lastDay)
      lastDay = next.date
      provisional ||= next.provisional
    }
  } else {
    lastDay = addDays(eventDay, period.count)
    const info = calendar.day(lastDay)
    provisional = info.provisional
    // A day between the event and the last one may be in an unloaded year too (a period across New Year).
    for (let d = addDays(eventDay, 1); d < lastDay; d = addDays(d, 1))
      provisional ||= calendar.day(d).provisional
    if (!info.working) {
      const next = nextWorkingDay(calendar, lastDay)
      lastDay = next.date
      provisional ||= next.provisional
    }
  }
  const due = mode === 'civil-code' ? endOfLocalDay(lastDay) : atLocalClock(lastDay, localClockMs(at))
  return { due, lastDay, provisional }
}

/**
 * On time: done strictly before the deadline (compared as instants, whatever their spelling). A
 * deadline is 24:00 of its last day, which is 00:00 of the next: an act stamped exactly then is late
 * (SPEC §4). Every clock — §4.3 deadlines, the micro-platform's, emergency reports, objection
 * windows — is judged by this one rule.
 */
export const onTime = (doneAt: Instant, due: Instant): boolean => epochMs(doneAt) < epochMs(due)
