/**
 * §4.1 满意率 (`satisfaction`): the share of a month's ratings at a satisfied level (by default
 * 满意 and 基本满意, a term), held to 95 %. A rating belongs to the local month in which it was given.
 */
import { rateOrNull } from '../fraction'
import type { RatingRecord } from '../records'
import { assertMonth, epochMs, localMonthOf, type Month } from '../time'
import { type KpiContext, type KpiResult, measured } from './types'

const byTimeThenTicket = (a: RatingRecord, b: RatingRecord): number =>
  epochMs(a.at) - epochMs(b.at) || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0)

/**
 * §4.1 of `month` (`YYYY-MM`): ratings at a level in `terms.kpis.satisfaction.satisfiedLevels` ÷ all
 * ratings whose local month is `month`. Each record counts once as given (deduplicating repeated
 * deliveries is the store's job). Evidence ids are the tickets of dissatisfied ratings (by time,
 * each ticket once; capped). No rating → value and `met` are `null` (no data, never a breach).
 *
 * @example
 * // 944 of 1000 ratings satisfied or basically satisfied → { num: 944, den: 1000 } = 94.40 %, met false
 * satisfaction(ratings, '2026-10', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function satisfaction(ratings: readonly RatingRecord[], month: Month, ctx: KpiContext): KpiResult {
  assertMonth(month)
  const { targetBp, satisfiedLevels } = ctx.terms.kpis.satisfaction
  const inMonth = ratings.filter((r) => localMonthOf(r.at) === month).sort(byTimeThenTicket)
  const levels = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 }
  for (const r of inMonth) levels[r.level] += 1
  const counted = inMonth.filter((r) => satisfiedLevels.includes(r.level)).length
  const value = rateOrNull(counted, inMonth.length)
  const dissatisfiedTickets = [
    ...new Set(inMonth.filter((r) => r.level === 'dissatisfied').map((r) => r.ticketId)),
  ]
  return measured(ctx, {
    kpi: 'satisfaction',
    period: month,
    value,
    target: { kind: 'min', bp: targetBp },
    ids: dissatisfiedTickets,
    figures: {
      ratings: inMonth.length,
      satisfied: levels.satisfied,
      basicallySatisfied: levels.basically_satisfied,
      dissatisfied: levels.dissatisfied,
    },
  })
}
