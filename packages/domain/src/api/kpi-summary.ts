/**
 * `GET /api/v1/kpis/summary?month=`: what the KPI dashboard draws, and nothing else — the figure
 * of every result of the whole service (the daily rates day by day, their monthly roll-ups, the
 * monthly and weekly KPIs) and the per-subject results (tickets, agents, incidents …) counted per
 * KPI and period. No evidence ids, no evidence figures: the full-scale demo month is some 21 KB
 * where every stored result with its evidence is 3.5 MB. A KPI's results with their evidence
 * stay one call away (`GET /api/v1/kpis?month=&kpi=`) for the page that shows them.
 *
 * The API builds it with `summarizeKpis` from the stored results; the admin app parses it with
 * `KpiSummary`. One schema and one function for both, so their numbers cannot drift.
 */
import { z } from 'zod'
import { FractionSchema, TargetSchema } from '../deductions/record'
import type { Fraction } from '../fraction'
import { INCIDENT_KPI } from '../kpi/incidents'
import type { Target } from '../kpi/types'

/** A result of the whole service (no subject) without its evidence: what a tile or a chart shows. */
export const KpiFigure = z.object({
  kpi: z.string(),
  /** `2026-10-09` (day), `2026-10` (month), `2026-W41` (ISO week) or `2026` (year). */
  period: z.string(),
  value: FractionSchema.nullable(),
  target: TargetSchema.nullable(),
  met: z.boolean().nullable(),
})
export type KpiFigure = z.infer<typeof KpiFigure>

/** The per-subject results of one KPI and period, counted. */
export const KpiSubjectCount = z.object({
  kpi: z.string(),
  period: z.string(),
  /** Results stored (one per ticket, agent, incident …). */
  results: z.number().int().nonnegative(),
  /** Of those, below target (`met === false`). */
  breaches: z.number().int().nonnegative(),
  /** Of those, verified incidents (`isIncidentResult`). */
  incidents: z.number().int().nonnegative(),
})
export type KpiSubjectCount = z.infer<typeof KpiSubjectCount>

export const KpiSummary = z.object({
  month: z.string(),
  /** The terms versions the month's results were computed under, sorted (one, unless the terms changed). */
  termsVersions: z.array(z.string()),
  /** Results without a subject, in the store's order (kpi, then period). */
  figures: z.array(KpiFigure),
  /** Results with a subject, counted per (kpi, period), in the same order. */
  subjects: z.array(KpiSubjectCount),
})
export type KpiSummary = z.infer<typeof KpiSummary>

/** What `summarizeKpis` reads of a stored result: its evidence only for an incident's type. */
export type SummarizedResult = {
  kpi: string
  period: string
  subject: string | null
  value: Fraction | null
  target: Target | null
  met: boolean | null
  termsVersion: string
  evidence?: { figures?: Readonly<Record<string, unknown>> } | undefined
}

const incidentKpis = new Set<string>(Object.values(INCIDENT_KPI))
const incidentTypes = new Set<string>(Object.keys(INCIDENT_KPI))

/**
 * A verified incident (§4.2, 4.6, 4.9–4.11): the monthly job's result of an incident record — no
 * value, no target, a breach, the incident's type among its figures. (A late emergency ticket is
 * an `emergency_report` result too, but it carries deadline figures instead.)
 */
export const isIncidentResult = (r: SummarizedResult): boolean =>
  incidentKpis.has(r.kpi) &&
  r.value === null &&
  r.target === null &&
  r.met === false &&
  typeof r.evidence?.figures?.type === 'string' &&
  incidentTypes.has(r.evidence.figures.type)

/**
 * The dashboard's summary of a billing month's stored results (in the store's order). Results
 * without a subject keep their figure; results with one are counted per (kpi, period).
 *
 * @example
 * summarizeKpis('2026-10', results).subjects
 * // [{ kpi: 'service_error.transfer', period: '2026-10-12', results: 41, breaches: 3, incidents: 0 }, …]
 */
export function summarizeKpis(month: string, results: Iterable<SummarizedResult>): KpiSummary {
  const figures: KpiFigure[] = []
  const counts = new Map<string, KpiSubjectCount>()
  const versions = new Set<string>()
  for (const r of results) {
    versions.add(r.termsVersion)
    if (r.subject === null) {
      figures.push({ kpi: r.kpi, period: r.period, value: r.value, target: r.target, met: r.met })
      continue
    }
    const key = `${r.kpi}|${r.period}`
    let count = counts.get(key)
    if (!count) {
      count = { kpi: r.kpi, period: r.period, results: 0, breaches: 0, incidents: 0 }
      counts.set(key, count)
    }
    count.results++
    if (r.met === false) count.breaches++
    if (isIncidentResult(r)) count.incidents++
  }
  return { month, termsVersions: [...versions].sort(), figures, subjects: [...counts.values()] }
}
