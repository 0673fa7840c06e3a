/**
 * §4.12 安全检查 (`safety_check`) and §4.13 卫生保洁 (`cleaning_check`): the hall and its
 * facilities are checked every week and each check logged (每周检查并做好登记). A week is an
 * ISO week (Monday–Sunday) of local dates in Asia/Shanghai; a check belongs to the week of its
 * local date.
 */
import type { FacilityCheckRecord } from '../records'
import {
  assertMonth,
  datesOfIsoWeek,
  epochMs,
  type IsoWeek,
  isoWeekOf,
  isoWeeksOfMonth,
  localDateOf,
  type Month,
} from '../time'
import { type KpiContext, type KpiResult, measured } from './types'

export type FacilityCheckType = FacilityCheckRecord['type']

const byTimeThenId = (a: FacilityCheckRecord, b: FacilityCheckRecord): number =>
  epochMs(a.at) - epochMs(b.at) ||
  ((a.checkId ?? '') < (b.checkId ?? '') ? -1 : (a.checkId ?? '') > (b.checkId ?? '') ? 1 : 0)

/** The seven dates of `week`, refusing a week that does not exist (`2027-W53`). */
function weekDates(week: IsoWeek): string[] {
  const dates = datesOfIsoWeek(week)
  const monday = dates[0]
  if (monday === undefined || isoWeekOf(monday) !== week) throw new RangeError(`no such ISO week: ${week}`)
  return dates
}

/**
 * How many checks of `type` `checks` hold as the KPI counts them: records carrying the same
 * `checkId` are one check (a repeated delivery); records without a `checkId` each count.
 *
 * @example
 * // two records of check SC-41 and one without an id → 2
 * countFacilityChecks(checks, 'safety')
 */
export function countFacilityChecks(
  checks: readonly Pick<FacilityCheckRecord, 'type' | 'checkId'>[],
  type: FacilityCheckType,
): number {
  const ofType = checks.filter((c) => c.type === type)
  const ids = new Set(ofType.flatMap((c) => (c.checkId === undefined ? [] : [c.checkId])))
  return ofType.filter((c) => c.checkId === undefined).length + ids.size
}

/**
 * §4.12 / §4.13 of ISO week `week` (`2026-W41`): the logged checks of `type` whose local date falls
 * in it, held to `minPerWeek` (1 by default). Records carrying the same `checkId` are one check
 * (a repeated delivery); records without a `checkId` each count. Evidence ids are the check ids, by time.
 *
 * @example
 * // one safety check on Thursday 2026-10-08 → value { num: 1, den: 1 }, met true
 * facilityChecks(checks, '2026-W41', 'safety', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function facilityChecks(
  checks: readonly FacilityCheckRecord[],
  week: IsoWeek,
  type: FacilityCheckType,
  ctx: KpiContext,
): KpiResult {
  const dates = weekDates(week)
  const inWeek = checks
    .filter((c) => c.type === type && isoWeekOf(localDateOf(c.at)) === week)
    .sort(byTimeThenId)
  const ids = [...new Set(inWeek.flatMap((c) => (c.checkId === undefined ? [] : [c.checkId])))]
  const count = countFacilityChecks(inWeek, type)
  const { minPerWeek } = type === 'safety' ? ctx.terms.kpis.safetyCheck : ctx.terms.kpis.cleaningCheck
  return measured(ctx, {
    kpi: type === 'safety' ? 'safety_check' : 'cleaning_check',
    period: week,
    value: { num: count, den: 1 },
    target: { kind: 'minCount', count: minPerWeek },
    ids,
    figures: { checks: count, from: dates[0] ?? null, to: dates[6] ?? null },
  })
}

/**
 * Both weekly checks for each ISO week assigned to `month` (the weeks whose Thursday falls in it,
 * so every week belongs to exactly one month), keeping only weeks that share a day with the
 * contract period. Ordered by week, safety before cleaning.
 *
 * @example
 * // 2026-10 → W40…W44, each with a safety_check and a cleaning_check result (10 results)
 * facilityChecksForMonth(checks, '2026-10', ctx)
 */
export function facilityChecksForMonth(
  checks: readonly FacilityCheckRecord[],
  month: Month,
  ctx: KpiContext,
): KpiResult[] {
  assertMonth(month)
  const { start, end } = ctx.terms.contract
  return isoWeeksOfMonth(month)
    .filter((week) => {
      const dates = datesOfIsoWeek(week)
      return (dates[0] ?? '') <= end && (dates[6] ?? '') >= start
    })
    .flatMap((week) => [
      facilityChecks(checks, week, 'safety', ctx),
      facilityChecks(checks, week, 'cleaning', ctx),
    ])
}
