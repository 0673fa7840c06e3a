/**
 * Reading a deduction's evidence: what kind of record each evidence id is (a ticket, a call, a
 * publication…), where the app can open it (a ticket's page; a day's own deduction for a monthly
 * roll-up), and the KPI's value and target as a reviewer reads them. Display only: the figures come
 * exact from the server and are rounded here for reading.
 */
import { formatBp, formatPercent, formatPoints, type KpiId } from '@hotline/domain'
import type { Deduction, DraftContent } from '../api/deductions'
import { deductionHref } from './queue'

export type EvidenceKind = 'ticket' | 'call' | 'publication' | 'incident' | 'staff' | 'check' | 'day'

const KINDS: Record<KpiId, EvidenceKind> = {
  satisfaction: 'ticket',
  complaint: 'incident',
  'service_error.transfer': 'ticket',
  'service_error.return': 'ticket',
  'service_error.callback': 'ticket',
  connection: 'call',
  agent_workload: 'call',
  answer_15s: 'call',
  micro_platform: 'incident',
  publish_accuracy: 'publication',
  turnover: 'staff',
  confidentiality: 'incident',
  inspection: 'incident',
  emergency_report: 'ticket',
  safety_check: 'check',
  cleaning_check: 'check',
  'training.onboarding': 'staff',
  'training.in_service': 'staff',
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-\d{2}$/

/**
 * What the evidence ids of a deduction are. A monthly roll-up lists the days below target; an
 * emergency report is a ticket reported late, or a verified incident (its figures say which).
 */
export function evidenceKind(d: Deduction): EvidenceKind {
  const ids = d.draft.evidence.ids
  if (MONTH.test(d.period) && ids.length > 0 && ids.every((id) => LOCAL_DATE.test(id))) return 'day'
  if (d.kpi === 'emergency_report' && !('receivedAt' in d.draft.evidence.figures)) return 'incident'
  return KINDS[d.kpi]
}

/** Where an evidence id opens in the app, or `null` when the app has no page for it. */
export function evidenceHref(d: Deduction, id: string, kind: EvidenceKind = evidenceKind(d)): string | null {
  if (kind === 'ticket') return `/tickets/${encodeURIComponent(id)}`
  if (kind === 'day') return deductionHref(id.slice(0, 7), `${d.kpi}:${id}`)
  return null
}

/** The measured value: `87.50%（175/200）` for a rate, the count for a count, `null` for an event. */
export function valueText(basis: DraftContent['basis']): string | null {
  const { value, target } = basis
  if (value === null) return null
  if (target?.kind === 'minCount') return formatPoints(value)
  return `${formatPercent(value)} (${value.num}/${value.den})`
}

/** The target: `≥ 90%`, `≤ 20%`, `≥ 1`; `null` for an event. */
export function targetText(target: DraftContent['basis']['target']): string | null {
  if (target === null) return null
  if (target.kind === 'minCount') return `≥ ${target.count}`
  return `${target.kind === 'min' ? '≥' : '≤'} ${formatBp(target.bp)}`
}

/** `2.5`, `<0.01` for a share too small to show, as the formula in words writes it. */
export function pointsText(points: { num: number; den: number }): string {
  const text = formatPoints(points)
  return points.num > 0 && /^0(\.0*)?$/.test(text) ? '<0.01' : text
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

export const isInstant = (value: unknown): value is string => typeof value === 'string' && INSTANT.test(value)
