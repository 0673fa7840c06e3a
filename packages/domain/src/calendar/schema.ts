/**
 * A year of the working-day calendar as data: the State Council's holiday notice for that
 * year — the days off (法定节假日 and the weekend days folded into them) and the adjusted
 * working days (调休, a Saturday or Sunday that is worked). Loading next year's calendar is
 * loading one of these documents.
 */
import { z } from 'zod'
import { isWeekend, LocalDateSchema } from '../time'

export const CalendarYear = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Where the data comes from: the notice's title, number and date. */
    source: z.string().min(1),
    holidays: z
      .array(z.object({ name: z.string().min(1), dates: z.array(LocalDateSchema).min(1) }))
      .describe('days off, by festival'),
    adjustedWorkdays: z
      .array(z.object({ name: z.string().min(1), date: LocalDateSchema }))
      .describe('weekend days that are worked (调休)'),
  })
  .superRefine((year, ctx) => {
    const offDays = new Set<string>()
    year.holidays.forEach((holiday, h) => {
      holiday.dates.forEach((date, d) => {
        if (
          !date.startsWith(`${year.year}-`) &&
          !date.startsWith(`${year.year + 1}-01`) &&
          !date.startsWith(`${year.year - 1}-12`)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['holidays', h, 'dates', d],
            message: `${date} is not in or next to ${year.year}`,
          })
        }
        if (offDays.has(date))
          ctx.addIssue({ code: 'custom', path: ['holidays', h, 'dates', d], message: `${date} listed twice` })
        offDays.add(date)
      })
    })
    year.adjustedWorkdays.forEach((workday, i) => {
      if (!isWeekend(workday.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['adjustedWorkdays', i, 'date'],
          message: `${workday.date} is not a Saturday or Sunday`,
        })
      }
      if (offDays.has(workday.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['adjustedWorkdays', i, 'date'],
          message: `${workday.date} is also a day off`,
        })
      }
    })
  })
export type CalendarYear = z.infer<typeof CalendarYear>
