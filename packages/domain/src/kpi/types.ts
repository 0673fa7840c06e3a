/**
 * What every KPI calculator returns: one result per (kpi, period, subject), with the exact
 * value, the target it was held to, whether it met it, and the evidence a reviewer needs.
 */
import type { Calendar } from '../calendar'
import { atLeast, atMost, type Fraction } from '../fraction'
import { type ContractTerms, termsVersionOf } from '../terms/schema'

export const KPI_IDS = [
  'satisfaction',
  'complaint',
  'service_error.transfer',
  'service_error.return',
  'service_error.callback',
  'connection',
  'agent_workload',
  'answer_15s',
  'micro_platform',
  'publish_accuracy',
  'turnover',
  'confidentiality',
  'inspection',
  'emergency_report',
  'safety_check',
  'cleaning_check',
  'training.onboarding',
  'training.in_service',
] as const
export type KpiId = (typeof KPI_IDS)[number]

/**
 * The target a value is held to. Rates: `min`/`max` in basis points. Counts (`minCount`):
 * calls per agent-day, checks per week. Events have no target: each verified one is a breach.
 */
export type Target =
  | { readonly kind: 'min'; readonly bp: number }
  | { readonly kind: 'max'; readonly bp: number }
  | { readonly kind: 'minCount'; readonly count: number }

export type KpiResult = {
  readonly kpi: KpiId
  /** `2026-10-09` (day), `2026-10` (month), `2026-W41` (ISO week) or `2026` (year). */
  readonly period: string
  /** The ticket episode, agent, staff member or incident, where the KPI is per subject; else `null`. */
  readonly subject: string | null
  /**
   * The measured value: a rate (`num/den`), or a count as `count/1`. `null` = no data (an empty
   * denominator): never a breach. Event KPIs (an incident, a late ticket) carry `null` too.
   */
  readonly value: Fraction | null
  readonly target: Target | null
  /** `true`/`false` against the target or the rule; `null` when there is no data or no target. */
  readonly met: boolean | null
  readonly evidence: Evidence
  /** `id@version` of the terms that produced it. */
  readonly termsVersion: string
}

/** What stands behind a result: the record ids a reviewer can open, and the figures that made it. */
export type Evidence = {
  /** Ids of the records behind a breach (tickets, calls, incidents, checks…); complete for events, a sample for rates. */
  readonly ids: readonly string[]
  /** Named figures: `{ offered: 200, answeredWithin: 175, shortAbandons: 0 }`, a deadline, a duration… */
  readonly figures: Readonly<Record<string, number | string | boolean | null>>
  /** True when a provisional calendar (a year not loaded) was used to compute a deadline. */
  readonly provisional?: boolean
}

/** What calculators need besides their records. */
export type KpiContext = {
  readonly terms: ContractTerms
  readonly calendar: Calendar
}

/** Evidence ids are capped so a day with 20,000 abandoned calls does not make a 20,000-id result. */
export const MAX_EVIDENCE_IDS = 50

/** Whether `value` meets `target`, in integer arithmetic; `null` when there is no data or no target. */
export function meets(value: Fraction | null, target: Target | null): boolean | null {
  if (value === null || target === null) return null
  switch (target.kind) {
    case 'min':
      return atLeast(value, target.bp)
    case 'max':
      return atMost(value, target.bp)
    case 'minCount':
      return value.num >= target.count * value.den
  }
}

/**
 * A measured result (a rate or a count against its target): `met` decided by `meets`, evidence ids
 * capped at `MAX_EVIDENCE_IDS`, the terms version recorded. Event KPIs build their results directly.
 */
export function measured(
  ctx: KpiContext,
  r: {
    kpi: KpiId
    period: string
    subject?: string | null
    value: Fraction | null
    target: Target | null
    ids: readonly string[]
    figures: Evidence['figures']
  },
): KpiResult {
  return {
    kpi: r.kpi,
    period: r.period,
    subject: r.subject ?? null,
    value: r.value,
    target: r.target,
    met: meets(r.value, r.target),
    evidence: { ids: r.ids.slice(0, MAX_EVIDENCE_IDS), figures: r.figures },
    termsVersion: termsVersionOf(ctx.terms),
  }
}
