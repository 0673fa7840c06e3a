/**
 * Reading a deduction's evidence: what kind of record each evidence id is (a ticket, a call, a
 * publication…), where its record opens (the record pages' paths: the period segment is the
 * deduction's day, month or ISO week, as `functions/src/routes/lookup.ts` lists them), which
 * records a rate lists (the failing ones), and the KPI's value and target as a reviewer reads them.
 * Display only: the figures come exact from the server and are rounded here for reading.
 */
import { formatBp, formatPercent, formatPoints, type KpiId } from '@hotline/domain'
import type { Deduction, DraftContent } from '../api/deductions'
import { withMonth } from '../month'
import {
  callHref,
  checkHref,
  incidentHref,
  publicationHref,
  staffHref,
  ticketHref,
} from '../pages/records/links'

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
  micro_platform: 'ticket',
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
 * What the evidence ids of a deduction are. A monthly roll-up lists the days below target; a
 * micro-platform or emergency breach is a verified incident when its figures give the incident's
 * `type`, else tickets (handled late, reported late).
 */
export function evidenceKind(d: Deduction): EvidenceKind {
  const ids = d.draft.evidence.ids
  if (MONTH.test(d.period) && ids.length > 0 && ids.every((id) => LOCAL_DATE.test(id))) return 'day'
  if ((d.kpi === 'micro_platform' || d.kpi === 'emergency_report') && 'type' in d.draft.evidence.figures)
    return 'incident'
  return KINDS[d.kpi]
}

/** Where an evidence id's record opens (the record pages' own paths), keeping the deduction's month in context. */
export function evidenceHref(d: Deduction, id: string, kind: EvidenceKind = evidenceKind(d)): string {
  const href = (): string => {
    switch (kind) {
      case 'ticket':
        return ticketHref(id)
      case 'call':
        return callHref(d.period, id)
      case 'publication':
        return publicationHref(d.period, id)
      case 'incident':
        return incidentHref(d.period.slice(0, 7), id)
      case 'check':
        return checkHref(d.period, id, d.kpi === 'cleaning_check' ? 'cleaning' : 'safety')
      case 'staff':
        return staffHref(id)
      case 'day':
        return `/deductions?${new URLSearchParams({ kpi: d.kpi, period: id, status: 'all' })}`
    }
  }
  return withMonth(href(), d.billingMonth)
}

/** The rates whose evidence lists only the records that failed: what the list heading says they are. */
export const FAILING_RECORDS = {
  answer_15s: 'answer15s',
  connection: 'connection',
  publish_accuracy: 'publishAccuracy',
  satisfaction: 'satisfaction',
} as const satisfies Partial<Record<KpiId, string>>

export type FailingRecords = (typeof FAILING_RECORDS)[keyof typeof FAILING_RECORDS]

/** What a rate's evidence ids are (the failing records), or `null` for any other list. */
export const failingRecordsOf = (d: Deduction): FailingRecords | null =>
  Object.hasOwn(FAILING_RECORDS, d.kpi) && evidenceKind(d) !== 'day'
    ? FAILING_RECORDS[d.kpi as keyof typeof FAILING_RECORDS]
    : null

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

/** Whether a figure is an instant (`2026-10-08T16:00:00.000Z`), shown in Beijing time. */
export const isInstant = (value: string): boolean => INSTANT.test(value)
