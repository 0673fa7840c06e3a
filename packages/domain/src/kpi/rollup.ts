/**
 * Monthly roll-ups of daily rate KPIs (`answer_15s`, `connection`, `publish_accuracy`): the month's
 * view reported alongside the daily results. The contract charges these per day (§4.4, §4.5, §4.7),
 * so a roll-up reports a value and the days below target but never a breach of its own.
 */

import { rateOrNull } from '../fraction'
import { termsVersionOf } from '../terms/schema'
import type { Month } from '../time'
import { assertMonth, LocalDateSchema } from '../time'
import { type KpiContext, type KpiResult, MAX_EVIDENCE_IDS, type Target } from './types'

/** The daily KPIs that have a monthly roll-up. */
export type DailyRateKpi = 'answer_15s' | 'connection' | 'publish_accuracy'

function targetOf(kpi: DailyRateKpi, ctx: KpiContext): Target {
  const { kpis } = ctx.terms
  switch (kpi) {
    case 'answer_15s':
      return { kind: 'min', bp: kpis.answer15s.targetBp }
    case 'connection':
      return { kind: 'min', bp: kpis.connection.targetBp }
    case 'publish_accuracy':
      return { kind: 'min', bp: kpis.publishAccuracy.targetBp }
  }
}

/**
 * The month's view of a daily KPI, from the daily results (not the raw records): value =
 * Σnum ÷ Σden over the month's days with data (so a busy day weighs more than a quiet one), `null`
 * when no day has data. `met` is always `null`: the contract charges per day, and the roll-up is
 * reported. Evidence ids are the dates below target, ascending. Results of other KPIs, other months
 * or other periods (e.g. an earlier roll-up) are ignored; two daily results for the same date are
 * an error (a re-run must replace, not add).
 *
 * @example
 * // 2026-10-09: 175/200 (below 90 %), 2026-10-10: 300/300 → { num: 475, den: 500 } = 95.00 %
 * rollUpMonth(dailyResults, 'answer_15s', '2026-10', ctx) // met: null, evidence.ids: ['2026-10-09']
 */
export function rollUpMonth(
  daily: readonly KpiResult[],
  kpi: DailyRateKpi,
  month: Month,
  ctx: KpiContext,
): KpiResult {
  assertMonth(month)
  const days = daily
    .filter(
      (r) => r.kpi === kpi && LocalDateSchema.safeParse(r.period).success && r.period.slice(0, 7) === month,
    )
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
  for (let i = 1; i < days.length; i++) {
    if (days[i]?.period === days[i - 1]?.period) {
      throw new RangeError(`two ${kpi} results for ${days[i]?.period}: pass one result per day`)
    }
  }
  let num = 0
  let den = 0
  let daysWithData = 0
  for (const day of days) {
    if (day.value === null) continue
    num += day.value.num
    den += day.value.den
    daysWithData += 1
  }
  const below = days.filter((d) => d.met === false).map((d) => d.period)
  return {
    kpi,
    period: month,
    subject: null,
    value: rateOrNull(num, den),
    target: targetOf(kpi, ctx),
    met: null,
    evidence: {
      ids: below.slice(0, MAX_EVIDENCE_IDS),
      figures: {
        daysWithData,
        daysWithoutData: days.length - daysWithData,
        daysBelowTarget: below.length,
        daysMet: days.filter((d) => d.met === true).length,
      },
    },
    termsVersion: termsVersionOf(ctx.terms),
  }
}
