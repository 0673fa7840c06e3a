/**
 * Ticket-based KPIs: §4.3 服务差错 (`service_error.transfer` / `.return` / `.callback`, one result per
 * deadline episode), §4.6 微平台处理及时率 (`micro_platform`, a monthly rate) and §4.11 应急事件处置
 * (`emergency_report`, one result per emergency ticket). Each is computed as of an instant `until`:
 * events after it are not yet known, and an episode whose outcome is still open at `until` is not
 * reported.
 */
import { atLeast, rateOrNull } from '../fraction'
import { deadline, onTime } from '../periods'
import { MICRO_PLATFORM_CHANNELS, type TicketEventRecord } from '../records'
import { termsVersionOf } from '../terms/schema'
import {
  assertLocalDate,
  assertMonth,
  endOfLocalDay,
  epochMs,
  type Instant,
  type LocalDate,
  localDateOf,
  localMonthOf,
  type Month,
  toInstant,
} from '../time'
import {
  type EpisodeKind,
  type TicketEpisode,
  type TicketTimeline,
  ticketEpisodes,
  ticketTimelines,
} from './ticket-timeline'
import { type KpiContext, type KpiId, type KpiResult, MAX_EVIDENCE_IDS } from './types'

const MINUTE_MS = 60_000

const KPI_OF: Readonly<Record<EpisodeKind, KpiId>> = {
  transfer: 'service_error.transfer',
  return: 'service_error.return',
  callback: 'service_error.callback',
}
const KIND_RANK: Readonly<Record<EpisodeKind, number>> = { transfer: 0, return: 1, callback: 2 }

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Whole minutes from `due` to `end`, rounded up: a late outcome is never "0 minutes" late. */
/** Whole minutes late, rounded up; an act at the due instant itself is late by its first minute. */
const minutesLate = (due: Instant, end: Instant): number =>
  Math.max(1, Math.ceil((epochMs(end) - epochMs(due)) / MINUTE_MS))

/** The timelines as known at `until`: events after it are left out. */
function timelinesAsOf(events: readonly TicketEventRecord[], until: Instant): Map<string, TicketTimeline> {
  const limit = epochMs(until)
  return ticketTimelines(events.filter((e) => epochMs(e.at) <= limit))
}

/** The result of one episode decided by `until`, or `null` while it is undecided. */
function episodeResult(ep: TicketEpisode, until: Instant, ctx: KpiContext): KpiResult | null {
  const { due, lastDay, provisional } = ep.deadline
  const doneAt = ep.doneAt !== null && ep.doneAt <= until ? ep.doneAt : null
  if (doneAt === null && due > until) return null
  const met = doneAt !== null && onTime(doneAt, due)
  return {
    kpi: KPI_OF[ep.kind],
    period: lastDay,
    subject: ep.subject,
    value: null,
    target: null,
    met,
    evidence: {
      ids: [ep.ticketId],
      figures: {
        startedAt: ep.startedAt,
        due,
        doneAt,
        doneBy: doneAt === null ? null : ep.doneBy,
        lateMinutes: met ? null : minutesLate(due, doneAt ?? until),
      },
      ...(provisional ? { provisional: true } : {}),
    },
    termsVersion: termsVersionOf(ctx.terms),
  }
}

/**
 * §4.3 服务差错: one result per transfer, return and callback episode decided by `until` — its
 * clock was stopped at or before `until`, or its due instant is at or before `until`. `met` is true
 * when the clock was stopped on time (at or before the due instant); a clock stopped after the due
 * instant, or not stopped by `until`, is a breach. The period is the deadline's last day, so the
 * deadlines that expired on day D are the results with period D. Ordered by period, kind, ticket, start.
 *
 * Figures: `startedAt`, `due`, `doneAt` (`null` when not done by `until`), `doneBy` (the event type
 * that stopped the clock), `lateMinutes` (`null` when on time; else whole minutes, rounded up,
 * from the due instant to `doneAt` or `until`).
 *
 * @example
 * // received 2026-09-30 16:00 +08:00 needing transfer, transferred 2026-10-08 10:00 +08:00
 * serviceErrors(events, ctx, '2026-10-09T00:00:00.000Z')
 * // → [{ kpi: 'service_error.transfer', period: '2026-10-08', subject: 'T1', met: true, … }]
 */
export function serviceErrors(
  events: readonly TicketEventRecord[],
  ctx: KpiContext,
  until: Instant,
): KpiResult[] {
  const asOf = toInstant(until)
  const decided: { ep: TicketEpisode; result: KpiResult }[] = []
  for (const timeline of timelinesAsOf(events, asOf).values()) {
    for (const ep of ticketEpisodes(timeline, ctx)) {
      const result = episodeResult(ep, asOf, ctx)
      if (result !== null) decided.push({ ep, result })
    }
  }
  return decided
    .sort(
      (a, b) =>
        compareStrings(a.result.period, b.result.period) ||
        KIND_RANK[a.ep.kind] - KIND_RANK[b.ep.kind] ||
        compareStrings(a.ep.ticketId, b.ep.ticketId) ||
        compareStrings(a.ep.startedAt, b.ep.startedAt),
    )
    .map((d) => d.result)
}

/**
 * The daily job's call: §4.3 episodes whose deadline expired on local date `date` (period = `date`),
 * as known at 24:00 of that day. Every such episode is decided by then.
 *
 * @example
 * serviceErrorsForDay(events, '2026-10-08', ctx) // the transfers due 2026-10-08 24:00, met or not
 */
export function serviceErrorsForDay(
  events: readonly TicketEventRecord[],
  date: LocalDate,
  ctx: KpiContext,
): KpiResult[] {
  assertLocalDate(date)
  return serviceErrors(events, ctx, endOfLocalDay(date)).filter((r) => r.period === date)
}

/**
 * §4.6 微平台处理及时率 of `month`: of the micro-platform submissions (tickets whose `received` event
 * has a channel in `MICRO_PLATFORM_CHANNELS`) received in that local month, the share first handled
 * — transferred or closed — within `microPlatform.handleWithin` of receipt. Only submissions decided
 * by `until` (handled by then, or due by then) are in the denominator; the rest are counted as
 * `undecided`. No decided submission → value `null` (no data). With `targetBp: null` (the Jiyuan
 * default) the rate is reported without a target and `met` is `null`; the ¥500 charge is per
 * verified micro-platform incident, not computed here. Evidence ids: the late submissions, by receipt.
 *
 * @example
 * // 4 WeChat submissions in October, 3 handled in time, 1 late → { num: 3, den: 4 }
 * microPlatform(events, '2026-10', ctx, '2026-11-05T00:00:00.000Z')
 */
export function microPlatform(
  events: readonly TicketEventRecord[],
  month: Month,
  ctx: KpiContext,
  until: Instant,
): KpiResult {
  assertMonth(month)
  const asOf = toInstant(until)
  const { handleWithin, targetBp } = ctx.terms.kpis.microPlatform
  const submissions: { ticketId: string; receivedAt: Instant; decided: boolean; inTime: boolean }[] = []
  let provisional = false
  for (const timeline of timelinesAsOf(events, asOf).values()) {
    const { receivedAt, flags, events: ticketEvents, ticketId } = timeline
    if (receivedAt === null || flags.channel === null || !MICRO_PLATFORM_CHANNELS.includes(flags.channel))
      continue
    if (localMonthOf(receivedAt) !== month) continue
    const receivedIndex = ticketEvents.findIndex((e) => e.type === 'received')
    const handled = ticketEvents.find(
      (e, i) => i > receivedIndex && (e.type === 'transferred' || e.type === 'closed'),
    )
    const due = deadline(receivedAt, handleWithin, ctx.calendar, ctx.terms.counting)
    const decided = handled !== undefined || due.due <= asOf
    if (decided) provisional ||= due.provisional
    const inTime = handled !== undefined && onTime(handled.at, due.due)
    submissions.push({ ticketId, receivedAt, decided, inTime })
  }
  submissions.sort(
    (a, b) => compareStrings(a.receivedAt, b.receivedAt) || compareStrings(a.ticketId, b.ticketId),
  )
  const decided = submissions.filter((s) => s.decided)
  const late = decided.filter((s) => !s.inTime)
  const handledInTime = decided.length - late.length
  const value = rateOrNull(handledInTime, decided.length)
  return {
    kpi: 'micro_platform',
    period: month,
    subject: null,
    value,
    target: targetBp === null ? null : { kind: 'min', bp: targetBp },
    met: targetBp === null || value === null ? null : atLeast(value, targetBp),
    evidence: {
      ids: late.slice(0, MAX_EVIDENCE_IDS).map((s) => s.ticketId),
      figures: {
        submissions: submissions.length,
        decided: decided.length,
        handledInTime,
        late: late.length,
        undecided: submissions.length - decided.length,
      },
      ...(provisional ? { provisional: true } : {}),
    },
    termsVersion: termsVersionOf(ctx.terms),
  }
}

/**
 * §4.11 应急事件处置 ("需及时上报，不得延误") for tickets received on local date `date` with
 * `emergency: true`: one result per ticket, reported when first transferred after receipt, held to
 * `emergencyReport.reportWithinMinutes` (an exact instant, not a Civil Code period). Met when
 * reported at or before the due instant; not reported by `until` with the due instant passed is a
 * breach; not reported and still within the window at `until` is undecided and not returned.
 * Ordered by receipt, then ticket id.
 *
 * @example
 * // received 10:00, transferred 10:29:59 → met; transferred 10:30:01 → met false, lateMinutes 1
 * emergencyReports(events, '2026-10-09', ctx, '2026-10-10T00:00:00.000Z')
 */
export function emergencyReports(
  events: readonly TicketEventRecord[],
  date: LocalDate,
  ctx: KpiContext,
  until: Instant,
): KpiResult[] {
  assertLocalDate(date)
  const asOf = toInstant(until)
  const windowMs = ctx.terms.kpis.emergencyReport.reportWithinMinutes * MINUTE_MS
  const results: { receivedAt: Instant; result: KpiResult }[] = []
  for (const timeline of timelinesAsOf(events, asOf).values()) {
    const { receivedAt, flags, events: ticketEvents, ticketId } = timeline
    if (receivedAt === null || !flags.emergency || localDateOf(receivedAt) !== date) continue
    const receivedIndex = ticketEvents.findIndex((e) => e.type === 'received')
    const reported = ticketEvents.find((e, i) => i > receivedIndex && e.type === 'transferred')
    const due = toInstant(new Date(epochMs(receivedAt) + windowMs))
    const reportedAt = reported?.at ?? null
    if (reportedAt === null && due > asOf) continue
    const met = reportedAt !== null && onTime(reportedAt, due)
    results.push({
      receivedAt,
      result: {
        kpi: 'emergency_report',
        period: date,
        subject: ticketId,
        value: null,
        target: null,
        met,
        evidence: {
          ids: [ticketId],
          figures: {
            receivedAt,
            due,
            reportedAt,
            lateMinutes: met ? null : minutesLate(due, reportedAt ?? asOf),
          },
        },
        termsVersion: termsVersionOf(ctx.terms),
      },
    })
  }
  return results
    .sort(
      (a, b) =>
        compareStrings(a.receivedAt, b.receivedAt) ||
        compareStrings(a.result.subject ?? '', b.result.subject ?? ''),
    )
    .map((r) => r.result)
}
