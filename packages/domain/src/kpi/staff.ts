/**
 * Staff KPIs: §4.8 人员流失率 (`turnover`, a monthly rate of front-line agents and its annual
 * mean) and §5(三)2–3 training (`training.onboarding` before a new agent's first duty,
 * `training.in_service` hours per agent per month). Staff events may arrive in any order and
 * may concern people never seen joining (an export starts mid-story).
 */
import { type Fraction, formatPercent, fraction, mean, rateOrNull } from '../fraction'
import type { CallRecord, StaffEventRecord, StaffRole, TrainingRecord } from '../records'
import { termsVersionOf } from '../terms/schema'
import {
  assertMonth,
  epochMs,
  type Instant,
  lastDateOfMonth,
  localMonthOf,
  type Month,
  MonthSchema,
  nextMonth,
  startOfLocalDay,
} from '../time'
import { type KpiContext, type KpiResult, MAX_EVIDENCE_IDS, measured } from './types'

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Chronological; at the same instant `joined` sorts before `left`, so a tie leaves the person gone. */
const byTimeThenType = (a: StaffEventRecord, b: StaffEventRecord): number =>
  epochMs(a.at) - epochMs(b.at) || (a.type === b.type ? 0 : a.type === 'joined' ? -1 : 1)

/** Each person's events, chronological. */
function eventsByStaff(events: readonly StaffEventRecord[]): Map<string, StaffEventRecord[]> {
  const byStaff = new Map<string, StaffEventRecord[]>()
  for (const e of events) {
    const list = byStaff.get(e.staffId)
    if (list) list.push(e)
    else byStaff.set(e.staffId, [e])
  }
  for (const list of byStaff.values()) list.sort(byTimeThenType)
  return byStaff
}

/** The last of chronological `events` strictly before `beforeMs`, if any. */
function latestBefore(events: readonly StaffEventRecord[], beforeMs: number): StaffEventRecord | undefined {
  let latest: StaffEventRecord | undefined
  for (const e of events) {
    if (epochMs(e.at) >= beforeMs) break
    latest = e
  }
  return latest
}

export type RosterEntry = {
  readonly staffId: string
  readonly role: StaffRole
  /** The `joined` event that put them on the books. */
  readonly since: Instant
  /** Their latest name in the whole history, if any event gave one. */
  readonly name: string | undefined
}

/**
 * Who is on the books just before `beforeMs`: each person whose latest staff event before it is
 * `joined` (at the same instant `left` wins), with that event's role, by staff id.
 *
 * @example
 * // A-001 joined in January, A-002 joined in March and left 20 October
 * rosterAt(events, epochMs('2026-10-15T00:00:00Z')).map((p) => p.staffId) // ['A-001', 'A-002']
 */
export function rosterAt(staffEvents: readonly StaffEventRecord[], beforeMs: number): RosterEntry[] {
  const roster: RosterEntry[] = []
  for (const [staffId, events] of eventsByStaff(staffEvents)) {
    const latest = latestBefore(events, beforeMs)
    if (latest?.type !== 'joined') continue
    let name: string | undefined
    for (const e of events) if (e.name !== undefined) name = e.name
    roster.push({ staffId, role: latest.role, since: latest.at, name })
  }
  return roster.sort((a, b) => compareIds(a.staffId, b.staffId))
}

/**
 * §4.8 monthly turnover of front-line agents (`role: 'agent'`; ops staff are ignored):
 * leavers ÷ (leavers + headcount at month end). Leavers are the distinct agents with a `left`
 * event whose local month is `month`; the headcount is the agents whose latest event before
 * 24:00 of the month's last local day is `joined`. An agent who left and re-joined within the
 * month is both a leaver and in the headcount. Informational: only the annual mean is charged,
 * but `met` says how the month compares with the annual ceiling. No agent at all → `null`.
 *
 * @example
 * // 2 agents left in October, 48 remain on 31 October → { num: 2, den: 50 } = 4.00 %, met true
 * turnoverMonthly(staffEvents, '2026-10', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function turnoverMonthly(
  staffEvents: readonly StaffEventRecord[],
  month: Month,
  ctx: KpiContext,
): KpiResult {
  assertMonth(month)
  const endMs = epochMs(startOfLocalDay(`${nextMonth(month)}-01`))
  const agentEvents = staffEvents.filter((e) => e.role === 'agent')
  const leavers: string[] = []
  for (const [staffId, events] of eventsByStaff(agentEvents)) {
    if (events.some((e) => e.type === 'left' && localMonthOf(e.at) === month)) leavers.push(staffId)
  }
  const headcount = rosterAt(agentEvents, endMs).length
  leavers.sort(compareIds)
  const value = rateOrNull(leavers.length, leavers.length + headcount)
  return measured(ctx, {
    kpi: 'turnover',
    period: month,
    value,
    target: { kind: 'max', bp: ctx.terms.kpis.turnover.maxBp },
    ids: leavers,
    figures: { leavers: leavers.length, headcountAtMonthEnd: headcount },
  })
}

/** Exact `mean(fs) ≤ bp / 10 000` with big integers, whatever the size of the common denominator. */
function meanAtMost(fs: readonly Fraction[], bp: number): boolean {
  let num = 0n
  let den = 1n
  for (const f of fs) {
    num = num * BigInt(f.den) + BigInt(f.num) * den
    den *= BigInt(f.den)
  }
  // num/den / n ≤ bp/10000  ⇔  num · 10000 ≤ bp · n · den
  return num * 10_000n <= BigInt(bp) * BigInt(fs.length) * den
}

/**
 * §4.8 annual turnover of `year`: the mean of the monthly `turnover` results (period `YYYY-MM` of
 * that year) that have data, counting only months that share at least one day with the contract
 * period. Each month weighs the same (年人员流失率为每月人员流失率的平均值). Figures give each
 * month's rate, `monthsWithData` and `exact` (false when the mean had to be rounded down to hold
 * it; `met` is still decided exactly). No month with data → value and `met` are `null`.
 * Evidence ids are the monthly leavers, month by month, each once (capped).
 *
 * @example
 * // six months at 10 % and six at 30 % → { num: 1, den: 5 } = 20.00 % ≤ 20 %, met true
 * turnoverAnnual(monthlyResults, 2026, { terms: jiyuan2026, calendar: createCalendar() })
 */
export function turnoverAnnual(monthly: readonly KpiResult[], year: number, ctx: KpiContext): KpiResult {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a year: ${year}`)
  const { start, end } = ctx.terms.contract
  const byMonth = new Map<Month, KpiResult & { value: Fraction }>()
  for (const r of monthly) {
    if (r.kpi !== 'turnover' || r.value === null) continue
    if (!MonthSchema.safeParse(r.period).success || !r.period.startsWith(`${year}-`)) continue
    if (`${r.period}-01` > end || lastDateOfMonth(r.period) < start) continue
    const seen = byMonth.get(r.period)
    if (seen && (seen.value.num !== r.value.num || seen.value.den !== r.value.den)) {
      throw new RangeError(`two different turnover results for ${r.period}`)
    }
    byMonth.set(r.period, { ...r, value: r.value })
  }
  const months = [...byMonth.values()].sort((a, b) => compareIds(a.period, b.period))
  const bp = ctx.terms.kpis.turnover.maxBp
  const figures: Record<string, number | string | boolean | null> = { monthsWithData: months.length }
  let value: Fraction | null = null
  let met: boolean | null = null
  if (months.length > 0) {
    const rates = months.map((m) => m.value)
    const avg = mean(rates)
    value = avg.value
    met = meanAtMost(rates, bp)
    figures.exact = avg.exact
  } else {
    figures.exact = true
  }
  for (const m of months) figures[m.period] = formatPercent(m.value)
  const ids = [...new Set(months.flatMap((m) => m.evidence.ids))]
  return {
    kpi: 'turnover',
    period: String(year),
    subject: null,
    value,
    target: { kind: 'max', bp },
    met,
    evidence: { ids: ids.slice(0, MAX_EVIDENCE_IDS), figures },
    termsVersion: termsVersionOf(ctx.terms),
  }
}

/**
 * Each agent's first duty on the phones: the earliest `answeredAt` of the calls they answered.
 * Abandoned calls and calls without an agent are skipped.
 *
 * @example
 * firstDutyFromCalls(calls).get('A-017') // '2026-10-12T01:03:00.000Z'
 */
export function firstDutyFromCalls(calls: readonly CallRecord[]): Map<string, Instant> {
  const first = new Map<string, Instant>()
  for (const call of calls) {
    if (call.answeredAt === null || call.agentId == null) continue
    const seen = first.get(call.agentId)
    if (seen === undefined || epochMs(call.answeredAt) < epochMs(seen))
      first.set(call.agentId, call.answeredAt)
  }
  return first
}

/**
 * A person's role at `at`: that of their latest staff event at or before it, else of their first
 * event after it (a joining recorded late), else unknown.
 */
function roleAt(events: readonly StaffEventRecord[] | undefined, at: Instant): StaffRole | undefined {
  if (!events || events.length === 0) return undefined
  return (latestBefore(events, epochMs(at) + 1) ?? events[0])?.role
}

/** Training days to the thousandth of a day, as an integer, so sums and comparisons stay exact. */
const milliDays = (t: TrainingRecord): number => Math.round((t.days ?? 0) * 1000)

/**
 * §5(三)2–3 onboarding (`training.onboarding`): for each person whose first duty (see
 * `firstDutyFromCalls`) falls in local month `month`, whether before that instant they had at
 * least `onboardingMinDays` of onboarding training (入职培训不少于30天), a passed exam when
 * `examRequired` (通过培训考试后方可上岗) and at least `practiceMinDays` of on-site practice
 * (现场实习半个月以上). Only training records strictly before the first duty count. People whose
 * staff events give them the `ops` role at first duty are skipped; an unknown role counts as a
 * front-line agent (they took calls). Figure `missing` lists what is short (`'onboarding,exam'`).
 * Results are ordered by first duty, then staff id.
 *
 * @example
 * // first duty 2026-10-12 after 30 onboarding days, a passed exam and 15 practice days → met true
 * trainingOnboarding({ firstDutyAt, trainings, staffEvents }, '2026-10', ctx)
 */
export function trainingOnboarding(
  input: {
    readonly firstDutyAt: ReadonlyMap<string, Instant>
    readonly trainings: readonly TrainingRecord[]
    readonly staffEvents: readonly StaffEventRecord[]
  },
  month: Month,
  ctx: KpiContext,
): KpiResult[] {
  assertMonth(month)
  const { onboardingMinDays, examRequired, practiceMinDays } = ctx.terms.kpis.training
  const byStaff = eventsByStaff(input.staffEvents)
  const newcomers = [...input.firstDutyAt]
    .filter(([staffId, at]) => localMonthOf(at) === month && roleAt(byStaff.get(staffId), at) !== 'ops')
    .sort(([a, atA], [b, atB]) => epochMs(atA) - epochMs(atB) || compareIds(a, b))
  return newcomers.map(([staffId, firstDutyAt]) => {
    const dutyMs = epochMs(firstDutyAt)
    const before = input.trainings.filter((t) => t.staffId === staffId && epochMs(t.at) < dutyMs)
    const sumDays = (type: TrainingRecord['type']) =>
      before.filter((t) => t.type === type).reduce((sum, t) => sum + milliDays(t), 0)
    const onboarding = sumDays('onboarding')
    const practice = sumDays('practice')
    const examPassed = before.some((t) => t.type === 'exam' && t.passed === true)
    const missing = [
      onboarding < onboardingMinDays * 1000 ? 'onboarding' : null,
      examRequired && !examPassed ? 'exam' : null,
      practice < practiceMinDays * 1000 ? 'practice' : null,
    ].filter((m) => m !== null)
    return {
      kpi: 'training.onboarding' as const,
      period: month,
      subject: staffId,
      value: null,
      target: null,
      met: missing.length === 0,
      evidence: {
        ids: [staffId],
        figures: {
          firstDutyAt,
          onboardingDays: onboarding / 1000,
          examPassed,
          practiceDays: practice / 1000,
          missing: missing.join(','),
        },
      },
      termsVersion: termsVersionOf(ctx.terms),
    }
  })
}

/**
 * §5(三)2 in-service training (`training.in_service`, 培训时间每人每月不少于16课时): for each
 * front-line agent employed the whole local month — latest staff event before 00:00 of its first
 * day is `joined` as `agent`, and no `left` event within it — the hours of `in_service` training
 * whose local month is `month`, as an exact count of hours (`{ num: minutes, den: 60 }`, each
 * record rounded to the minute), held to `inServiceMinHoursPerMonth`. One class hour (课时) is
 * taken as one hour. Agents who joined or left during the month are not evaluated.
 *
 * @example
 * // 10 h + 6 h in October → value { num: 960, den: 60 }, met true
 * trainingInService({ trainings, staffEvents }, '2026-10', ctx)
 */
export function trainingInService(
  input: { readonly trainings: readonly TrainingRecord[]; readonly staffEvents: readonly StaffEventRecord[] },
  month: Month,
  ctx: KpiContext,
): KpiResult[] {
  assertMonth(month)
  const min = ctx.terms.kpis.training.inServiceMinHoursPerMonth
  const startMs = epochMs(startOfLocalDay(`${month}-01`))
  const employed = [...eventsByStaff(input.staffEvents)]
    .filter(([, events]) => {
      const latest = latestBefore(events, startMs)
      if (latest?.type !== 'joined' || latest.role !== 'agent') return false
      return !events.some((e) => e.type === 'left' && localMonthOf(e.at) === month)
    })
    .map(([staffId]) => staffId)
    .sort(compareIds)
  const minutesOf = new Map<string, number>()
  for (const t of input.trainings) {
    if (t.type !== 'in_service' || localMonthOf(t.at) !== month) continue
    minutesOf.set(t.staffId, (minutesOf.get(t.staffId) ?? 0) + Math.round((t.hours ?? 0) * 60))
  }
  return employed.map((staffId) => {
    const minutes = minutesOf.get(staffId) ?? 0
    return {
      kpi: 'training.in_service' as const,
      period: month,
      subject: staffId,
      value: fraction(minutes, 60),
      target: { kind: 'minCount' as const, count: min },
      met: minutes >= min * 60,
      evidence: { ids: [staffId], figures: { hours: minutes / 60 } },
      termsVersion: termsVersionOf(ctx.terms),
    }
  })
}
