/**
 * Verified incidents (经查实): each one is a breach of its clause — §4.2 投诉 (`complaint`),
 * §4.6 微平台 (`micro_platform`), §4.9 保密 (`confidentiality`), §4.10 上级检查或暗访通报
 * (`inspection`), §4.11 应急事件 (`emergency_report`). Unverified reports produce nothing.
 */
import type { IncidentRecord, IncidentType } from '../records'
import { termsVersionOf } from '../terms/schema'
import { assertLocalDate, epochMs, type LocalDate, localDateOf } from '../time'
import type { KpiContext, KpiId, KpiResult } from './types'

/** The KPI a verified incident of each type is a breach of. */
export const INCIDENT_KPI: Readonly<Record<IncidentType, KpiId>> = {
  complaint: 'complaint',
  confidentiality: 'confidentiality',
  inspection: 'inspection',
  micro_platform: 'micro_platform',
  emergency: 'emergency_report',
}

const byTimeThenId = (a: IncidentRecord, b: IncidentRecord): number =>
  epochMs(a.at) - epochMs(b.at) || (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0)

/**
 * One result per verified incident, optionally only those whose local date lies in
 * `[range.from, range.to]` (inclusive). Several records of the same `incidentId` (a report,
 * then its verification) are one incident: it counts when any of them is verified, with the type
 * and time of its earliest verified record. `period` is the incident's local date, `met` is
 * `false` (each is a breach), value and target are `null`. Ordered by time, then id.
 *
 * @example
 * // a verified complaint at 2026-10-09T02:00:00Z → { kpi: 'complaint', period: '2026-10-09', met: false, … }
 * verifiedIncidents(incidents, ctx, { from: '2026-10-01', to: '2026-10-31' })
 */
export function verifiedIncidents(
  incidents: readonly IncidentRecord[],
  ctx: KpiContext,
  range?: { readonly from: LocalDate; readonly to: LocalDate },
): KpiResult[] {
  if (range) {
    assertLocalDate(range.from)
    assertLocalDate(range.to)
  }
  const first = new Map<string, IncidentRecord>()
  for (const incident of [...incidents].filter((i) => i.verified).sort(byTimeThenId)) {
    if (!first.has(incident.incidentId)) first.set(incident.incidentId, incident)
  }
  return [...first.values()]
    .filter((i) => {
      if (!range) return true
      const date = localDateOf(i.at)
      return date >= range.from && date <= range.to
    })
    .sort(byTimeThenId)
    .map((i) => ({
      kpi: INCIDENT_KPI[i.type],
      period: localDateOf(i.at),
      subject: i.incidentId,
      value: null,
      target: null,
      met: false,
      evidence: { ids: [i.incidentId], figures: { type: i.type, at: i.at } },
      termsVersion: termsVersionOf(ctx.terms),
    }))
}
