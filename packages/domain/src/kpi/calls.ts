/**
 * Call-based KPIs of one local day (contract §4.4, §4.5; SPEC §5): the 15-second answer rate
 * (`answer_15s`), the connection rate (`connection`, 接通率) and each agent's daily workload
 * (`agent_workload`, 话员每天工作量). A call belongs to the local (Asia/Shanghai) date on which it
 * entered the agent queue; the service-level clock starts there too.
 *
 * All three are tallies: counts by class, and as evidence the first calls (queue entry, then call
 * id) of some classes, capped. `CallDayTally` takes the calls one by one, in any order, and holds
 * only that — a day of 400,000 calls is read a page at a time, never held whole (the daily job).
 */
import { rateOrNull } from '../fraction'
import type { CallRecord } from '../records'
import { type ContractTerms, termsVersionOf } from '../terms/schema'
import { assertLocalDate, epochMs, type LocalDate, localDateOf } from '../time'
import { type KpiContext, type KpiResult, MAX_EVIDENCE_IDS, measured } from './types'

/** How one call stands against the service-level rules. */
export type CallClass = 'ivrOnly' | 'shortAbandon' | 'answeredWithin' | 'answeredLate' | 'abandoned'

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

/** A call's place in the queue: entry instant, then call id, then the order it was given in. */
type QueuePlace = { readonly t: number; readonly id: string; readonly seq: number }

const before = (a: QueuePlace, b: QueuePlace): boolean =>
  a.t !== b.t ? a.t < b.t : a.id !== b.id ? a.id < b.id : a.seq < b.seq

/** The first `MAX_EVIDENCE_IDS` calls in queue order of those offered, whatever order they come in. */
class FirstCalls {
  readonly #places: QueuePlace[] = []

  offer(place: QueuePlace): void {
    const places = this.#places
    const last = places[places.length - 1]
    if (places.length === MAX_EVIDENCE_IDS && last !== undefined && !before(place, last)) return
    let lo = 0
    let hi = places.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (before(places[mid] as QueuePlace, place)) lo = mid + 1
      else hi = mid
    }
    places.splice(lo, 0, place)
    if (places.length > MAX_EVIDENCE_IDS) places.pop()
  }

  get ids(): string[] {
    return this.#places.map((p) => p.id)
  }
}

/**
 * A local day's call KPIs, tallied call by call: `add` each call (calls of other days are left
 * out, so a partition read across midnight may be given whole), then read `answer15s`,
 * `connection`, `agentWorkload` or all three (`results`). Holds the counts and the evidence, not
 * the calls.
 */
export class CallDayTally {
  readonly #date: LocalDate
  readonly #ctx: KpiContext
  readonly #counts: Record<CallClass, number> = {
    ivrOnly: 0,
    shortAbandon: 0,
    answeredWithin: 0,
    answeredLate: 0,
    abandoned: 0,
  }
  /** Answered late or abandoned: the 15-second rate's evidence. */
  readonly #lateOrAbandoned = new FirstCalls()
  readonly #abandoned = new FirstCalls()
  readonly #agents = new Map<string, { answered: number; first: FirstCalls }>()
  #seq = 0

  constructor(date: LocalDate, ctx: KpiContext) {
    assertLocalDate(date)
    this.#date = date
    this.#ctx = ctx
  }

  add(call: CallRecord): void {
    if (localDateOf(call.enqueuedAt) !== this.#date) return
    const cls = classifyCall(call, this.#ctx.terms.serviceLevel)
    this.#counts[cls] += 1
    if (cls === 'ivrOnly' || cls === 'shortAbandon' || cls === 'answeredWithin') {
      if (cls === 'answeredWithin') this.#answeredBy(call)
      return
    }
    const place = { t: epochMs(call.enqueuedAt), id: call.callId, seq: this.#seq++ }
    this.#lateOrAbandoned.offer(place)
    if (cls === 'abandoned') this.#abandoned.offer(place)
    else this.#answeredBy(call, place)
  }

  #answeredBy(call: CallRecord, place?: QueuePlace): void {
    const agentId = call.agentId
    if (agentId === null || agentId === undefined) return
    let agent = this.#agents.get(agentId)
    if (!agent) {
      agent = { answered: 0, first: new FirstCalls() }
      this.#agents.set(agentId, agent)
    }
    agent.answered += 1
    agent.first.offer(place ?? { t: epochMs(call.enqueuedAt), id: call.callId, seq: this.#seq++ })
  }

  /** §4.5 应答及时率: see `answer15s`. */
  answer15s(): KpiResult {
    const n = this.#counts
    const offered = n.answeredWithin + n.answeredLate + n.abandoned
    return measured(this.#ctx, {
      kpi: 'answer_15s',
      period: this.#date,
      value: rateOrNull(n.answeredWithin, offered),
      target: { kind: 'min', bp: this.#ctx.terms.kpis.answer15s.targetBp },
      ids: this.#lateOrAbandoned.ids,
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

  /** §4.4 接通率: see `connection`. */
  connection(): KpiResult {
    const n = this.#counts
    const answered = n.answeredWithin + n.answeredLate
    const offered = answered + n.abandoned
    return measured(this.#ctx, {
      kpi: 'connection',
      period: this.#date,
      value: rateOrNull(answered, offered),
      target: { kind: 'min', bp: this.#ctx.terms.kpis.connection.targetBp },
      ids: this.#abandoned.ids,
      figures: {
        offered,
        answered,
        abandoned: n.abandoned,
        shortAbandons: n.shortAbandon,
        ivrOnly: n.ivrOnly,
      },
    })
  }

  /** §4.4 话员每天工作量: see `agentWorkload`. */
  agentWorkload(): KpiResult[] {
    const min = this.#ctx.terms.kpis.agentWorkload.minCallsPerAgentDay
    const termsVersion = termsVersionOf(this.#ctx.terms)
    return [...this.#agents.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((agentId): KpiResult => {
        const { answered: count, first } = this.#agents.get(agentId) ?? {
          answered: 0,
          first: new FirstCalls(),
        }
        return {
          kpi: 'agent_workload',
          period: this.#date,
          subject: agentId,
          value: { num: count, den: 1 },
          target: { kind: 'minCount', count: min },
          met: count >= min,
          evidence: {
            ids: first.ids,
            figures: { answered: count, minCallsPerAgentDay: min, shortfall: Math.max(0, min - count) },
          },
          termsVersion,
        }
      })
  }

  /** The three, in the order the daily job stores them: `answer15s`, `connection`, each agent's workload. */
  results(): KpiResult[] {
    return [this.answer15s(), this.connection(), ...this.agentWorkload()]
  }
}

const tallied = (calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): CallDayTally => {
  const tally = new CallDayTally(date, ctx)
  for (const call of calls) tally.add(call)
  return tally
}

/**
 * §4.5 应答及时率 of local date `date`: calls answered within `answerThresholdSeconds` (inclusive) of
 * entering the agent queue ÷ all calls offered to it. Abandons stay in the denominator (short
 * abandons leave it only when `shortAbandonSeconds > 0`); IVR-only calls never enter it. No
 * offered call → value and `met` are `null` (no data, never a breach). Evidence: the first calls
 * answered late or abandoned, in queue order (entry instant, then call id), capped.
 *
 * @example
 * // 200 calls offered, 175 answered within 15 s → { num: 175, den: 200 } = 87.50 % < 90 %, met false
 * answer15s(calls, '2026-10-09', { terms: jiyuan2026, calendar: createCalendar() })
 */
export function answer15s(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult {
  return tallied(calls, date, ctx).answer15s()
}

/**
 * §4.4 接通率 of local date `date`: calls answered by an agent ÷ calls offered to the agent queue
 * (the same denominator as `answer15s`). No offered call → value and `met` are `null`. Evidence:
 * the first abandoned calls, in queue order, capped.
 */
export function connection(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult {
  return tallied(calls, date, ctx).connection()
}

/**
 * §4.4 话员每天工作量: one result per agent who answered at least one call that entered the queue
 * on local date `date` (a day worked), sorted by agent id. The value is the count as `count/1`,
 * held to `minCallsPerAgentDay` (met when count ≥ min). Answered calls without an agent id are
 * not attributed; IVR-only calls excluded by the terms are not counted. Evidence ids are the
 * agent's calls of the day (capped), in queue order.
 */
export function agentWorkload(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult[] {
  return tallied(calls, date, ctx).agentWorkload()
}

/** The day's three call KPIs, `answer15s`, `connection` and every `agentWorkload`, from one tally. */
export function callKpis(calls: readonly CallRecord[], date: LocalDate, ctx: KpiContext): KpiResult[] {
  return tallied(calls, date, ctx).results()
}
