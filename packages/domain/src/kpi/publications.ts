/**
 * §4.7 信息发布准确率 (`publish_accuracy`): the share of a local day's publications (SMS, Weibo,
 * WeChat, website) that were accurate, held to the contract's 100 %.
 */
import { rateOrNull } from '../fraction'
import type { PublicationRecord } from '../records'
import { assertLocalDate, epochMs, type LocalDate, localDateOf } from '../time'
import { type KpiContext, type KpiResult, measured } from './types'

const byTimeThenId = (a: PublicationRecord, b: PublicationRecord): number =>
  epochMs(a.at) - epochMs(b.at) ||
  (a.publicationId < b.publicationId ? -1 : a.publicationId > b.publicationId ? 1 : 0)

/**
 * §4.7 of local date `date`: accurate publications ÷ all publications whose local date is `date`.
 * Evidence ids are the inaccurate publications (by time, then id; capped). No publication that
 * day → value and `met` are `null` (no data, never a breach).
 *
 * @example
 * // 3 publications, 1 inaccurate → { num: 2, den: 3 } = 66.67 % < 100 %, met false
 * publishAccuracy(publications, '2026-10-09', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function publishAccuracy(
  publications: readonly PublicationRecord[],
  date: LocalDate,
  ctx: KpiContext,
): KpiResult {
  assertLocalDate(date)
  const day = publications.filter((p) => localDateOf(p.at) === date).sort(byTimeThenId)
  const inaccurate = day.filter((p) => !p.accurate)
  const accurate = day.length - inaccurate.length
  const value = rateOrNull(accurate, day.length)
  return measured(ctx, {
    kpi: 'publish_accuracy',
    period: date,
    value,
    target: { kind: 'min', bp: ctx.terms.kpis.publishAccuracy.targetBp },
    ids: inaccurate.map((p) => p.publicationId),
    figures: { published: day.length, accurate, inaccurate: inaccurate.length },
  })
}
