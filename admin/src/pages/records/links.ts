/**
 * Where each kind of record opens in the app (the paths of `routes.ts`), every id URL-encoded, and
 * the review queue (`/deductions`) a deduction is opened in. The app's one place for these links.
 * Zod-free: any page may link to a record at no cost.
 */
import { isMonth } from '../../month'

const seg = encodeURIComponent

export const ticketHref = (ticketId: string): string => `/tickets/${seg(ticketId)}`
export const callHref = (day: string, callId: string): string => `/records/calls/${seg(day)}/${seg(callId)}`
export const publicationHref = (day: string, publicationId: string): string =>
  `/records/publications/${seg(day)}/${seg(publicationId)}`
export const incidentHref = (month: string, incidentId: string): string =>
  `/records/incidents/${seg(month)}/${seg(incidentId)}`
/** A facility check by its week and key: its `checkId`, or the instant of one logged without an id. */
export const checkHref = (week: string, key: string, type?: 'safety' | 'cleaning'): string =>
  `/records/checks/${seg(week)}/${seg(key)}${type ? `?type=${type}` : ''}`
export const staffHref = (staffId: string): string => `/records/staff/${seg(staffId)}`
export const searchHref = (q: string): string => `/search?${new URLSearchParams({ q })}`

/**
 * A filter of the review queue, as a link says it: each part given is in the link (`kpi` may be
 * the prefix of several KPI ids, `service_error`); a part left out (or `null`) is the queue's default.
 */
export type QueueFilter = {
  kpi?: string | null
  period?: string | null
  status?: string | null
  sort?: string | null
  dir?: string | null
}
/** A queue: its month and its filter. */
export type QueueLink = QueueFilter & { month: string }

const QUEUE_PARTS = ['kpi', 'period', 'status', 'sort', 'dir'] as const

/** `?month=2026-10&kpi=answer_15s`: a queue's search part, with its leading `?` (none when empty). */
export function queueLinkSearch(queue: QueueLink): string {
  const params = new URLSearchParams()
  if (isMonth(queue.month)) params.set('month', queue.month)
  for (const part of QUEUE_PARTS) {
    const value = queue[part]
    if (value) params.set(part, value)
  }
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** `/deductions?month=2026-10&status=draft`: the review queue of a month, filtered. */
export const queueHref = (month: string, filter: QueueFilter = {}): string =>
  `/deductions${queueLinkSearch({ ...filter, month })}`

/**
 * A deduction's page (its id may hold `:`, `.` and `~`), keeping the queue it is opened from: by
 * default its own month's.
 */
export const deductionHref = (
  billingMonth: string,
  deductionId: string,
  queue: QueueLink = { month: billingMonth },
): string => `/deductions/${seg(billingMonth)}/${seg(deductionId)}${queueLinkSearch(queue)}`

/** A path segment as the link encoded it (the router hands it over as it is in the address). */
export function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '')
  } catch {
    return segment ?? ''
  }
}
