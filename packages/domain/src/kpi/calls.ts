/**
 * Call-based KPIs of one local day (contract §4.4, §4.5; SPEC §5): the 15-second answer rate
 * (`answer_15s`), the connection rate (`connection`, 接通率) and each agent's daily workload
 * (`agent_workload`, 话员每天工作量). A call belongs to the local (Asia/Shanghai) date on which it
 * entered the agent queue; the service-level clock starts there too.
 */
import { rateOrNull } from '../fraction'
import type { CallRecord } from '../records'
import { type ContractTerms, termsVersionOf } from '../terms/schema'
import { assertLocalDate, epochMs, type LocalDate, localDateOf } from '../time'
import { type KpiContext, type KpiResult, MAX_EVIDENCE_IDS, measured } from './types'

/** How one call stands against the service-level rules. */
export type CallClass = 'ivrOnly' | 'shortAbandon' | 'answeredWithin' | 'answeredLate' | 'abandoned'

/** The day's calls, each classified, in a stable order (queue entry, then call id). */
type ClassifiedCall = { readonly call: CallRecord; readonly cls: CallClass }

/** Queue entry time, then call id; each call's instant is parsed once, not on every comparison. */
function inQueueOrder(calls: readonly CallRecord[]): CallRecord[] {
  return calls
    .map((call) => ({ call, t: epochMs(call.enqueuedAt) }))
    .sort((a, b) => a.t - b.t || (a.call.callId < b.call.callId ? -1 : a.call.callId > b.call.callId ? 1 : 0))
    .map(({ call }) => call)
}

/**
 * How one call stands against the terms' service level: IVR-only calls (when the terms exclude
 * them) and short abandons (`endedAt − enqueuedAt` strictly below `shortAbandonSeconds`) are not
 * offered to the agent queue; every other call is offered: answered within the threshold
 * (inclusive), answered late, or abandoned. The KPIs and the API's call lookup both use it.
 *
 * @example
 * // answered 15.000 s after entering the queue, threshold 15 s → 'answeredWithin'
 * classifyCall(call, jiyuan2026.serviceLevel)
 */
export function classifyCall(call: CallRecord, serviceLevel: ContractTerms['serviceLevel']): CallClass {
  if (serviceLevel.excludeIvrOnly && call.ivrOnly === true) return 'ivrOnly'
  const enqueued = epochMs(call.enqueuedAt)
  if (call.answeredAt === null) {
    const waited = epochMs(call.endedAt) - enqueued
    return waited < serviceLevel.shortAbandonSeconds * 1000 ? 'shortAbandon' : 'abandoned'
  }
  const wait = epochMs(call.answeredAt) - enqueued
  return wait <= serviceLevel.answerThresholdSeconds * 1000 ? 'answeredWithin' : 'answeredLate'
}

/** Classifies the calls that entered the queue on local date `date` (`classifyCall`), in queue order. */
function classifyDay(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): ClassifiedCall[] {
  assertLocalDate(date)
  return inQueueOrder(calls.filter((call) => localDateOf(call.enqueuedAt) === date)).map(
    (call): ClassifiedCall => ({ call, cls: classifyCall(call, ctx.terms.serviceLevel) }),
  )
}

function countByClass(day: readonly ClassifiedCall[]): Record<CallClass, number> {
  const counts: Record<CallClass, number> = {
    ivrOnly: 0,
    shortAbandon: 0,
    answeredWithin: 0,
    answeredLate: 0,
    abandoned: 0,
  }
  for (const { cls } of day) counts[cls] += 1
  return counts
}

const idsOf = (day: readonly ClassifiedCall[], classes: readonly CallClass[]): string[] =>
  day.filter(({ cls }) => classes.includes(cls)).map(({ call }) => call.callId)

/**
 * §4.5 应答及时率 of local date `date`: calls answered within `answerThresholdSeconds` (inclusive) of
 * entering the agent queue ÷ all calls offered to it. Abandons stay in the denominator (short
 * abandons leave it only when `shortAbandonSeconds > 0`); IVR-only calls never enter it. No
 * offered call → value and `met` are `null` (no data, never a breach).
 *
 * @example
 * // 200 calls offered, 175 answered within 15 s → { num: 175, den: 200 } = 87.50 % < 90 %, met false
 * answer15s(calls, '2026-10-09', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function answer15s(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult {
  return answer15sOf(classifyDay(calls, date, ctx), date, ctx)
}

function answer15sOf(day: readonly ClassifiedCall[], date: LocalDate, ctx: KpiContext): KpiResult {
  const n = countByClass(day)
  const offered = n.answeredWithin + n.answeredLate + n.abandoned
  const value = rateOrNull(n.answeredWithin, offered)
  return measured(ctx, {
    kpi: 'answer_15s',
    period: date,
    value,
    target: { kind: 'min', bp: ctx.terms.kpis.answer15s.targetBp },
    ids: idsOf(day, ['answeredLate', 'abandoned']),
    figures: {
      offered,
      answeredWithin: n.answeredWithin,
      answeredLate: n.answeredLate,
      abandoned: n.abandoned,
      shortAbandons: n.shortAbandon,
      ivrOnly: n.ivrOnly,
    },
  })
}

/**
 * §4.4 接通率 of local date `date`: calls answered by an agent ÷ calls offered to the agent queue
 * (the same denominator as `answer15s`). No offered call → value and `met` are `null`.
 */
export function connection(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult {
  return connectionOf(classifyDay(calls, date, ctx), date, ctx)
}

function connectionOf(day: readonly ClassifiedCall[], date: LocalDate, ctx: KpiContext): KpiResult {
  const n = countByClass(day)
  const answered = n.answeredWithin + n.answeredLate
  const offered = answered + n.abandoned
  const value = rateOrNull(answered, offered)
  return measured(ctx, {
    kpi: 'connection',
    period: date,
    value,
    target: { kind: 'min', bp: ctx.terms.kpis.connection.targetBp },
    ids: idsOf(day, ['abandoned']),
    figures: { offered, answered, abandoned: n.abandoned, shortAbandons: n.shortAbandon, ivrOnly: n.ivrOnly },
  })
}

/**
 * §4.4 话员每天工作量: one result per agent who answered at least one call that entered the queue
 * on local date `date` (a day worked), sorted by agent id. The value is the count as `count/1`,
 * held to `minCallsPerAgentDay` (met when count ≥ min). Answered calls without an agent id are
 * not attributed; IVR-only calls excluded by the terms are not counted. Evidence ids are the
 * agent's calls of the day (capped), in queue order.
 */
export function agentWorkload(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult[] {
  return agentWorkloadOf(classifyDay(calls, date, ctx), date, ctx)
}

/**
 * The day's three call KPIs, `answer15s`, `connection` and every `agentWorkload`, in that order,
 * from one classification of the calls (what the daily job computes).
 */
export function callKpis(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult[] {
  const day = classifyDay(calls, date, ctx)
  return [answer15sOf(day, date, ctx), connectionOf(day, date, ctx), ...agentWorkloadOf(day, date, ctx)]
}

function agentWorkloadOf(day: readonly ClassifiedCall[], date: LocalDate, ctx: KpiContext): KpiResult[] {
  const byAgent = new Map<string, CallRecord[]>()
  for (const { call, cls } of day) {
    if (cls !== 'answeredWithin' && cls !== 'answeredLate') continue
    const agentId = call.agentId
    if (agentId === null || agentId === undefined) continue
    const list = byAgent.get(agentId)
    if (list === undefined) byAgent.set(agentId, [call])
    else list.push(call)
  }
  const min = ctx.terms.kpis.agentWorkload.minCallsPerAgentDay
  const termsVersion = termsVersionOf(ctx.terms)
  return [...byAgent.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((agentId): KpiResult => {
      const handled = byAgent.get(agentId) ?? []
      const count = handled.length
      return {
        kpi: 'agent_workload',
        period: date,
        subject: agentId,
        value: { num: count, den: 1 },
        target: { kind: 'minCount', count: min },
        met: count >= min,
        evidence: {
          ids: handled.slice(0, MAX_EVIDENCE_IDS).map((call) => call.callId),
          figures: { answered: count, minCallsPerAgentDay: min, shortfall: Math.max(0, min - count) },
        },
        termsVersion,
      }
    })
}
