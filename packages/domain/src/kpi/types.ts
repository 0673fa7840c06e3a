/**
 * What every KPI calculator returns: one result per (kpi, period, subject), with the exact
 * value, the target it was held to, whether it met it, and the evidence a reviewer needs.
 */
import type { Calendar } from '../calendar'
import type { Fraction } from '../fraction'
import type { ContractTerms } from '../terms/schema'

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
