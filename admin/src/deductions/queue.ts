/**
 * The review queue as pure functions: which deductions a month's list shows (KPI, period and status
 * filters), in which order (amount, period or KPI, either way; the money first, then the ¥0 records),
 * the totals, the neighbours of one deduction in that order (the detail page's `j`/`k`) and the
 * queue's address. The queue's definition travels in the address (`?month=2026-10&kpi=service_error&
 * period=2026-10-09&status=all…`), so the detail page rebuilds it from the same cached list, and a
 * reload or a shared link keeps it; the order as the reviewer saw it is kept in memory while they
 * work through it (`queueAsSeen`).
 */
import { KPI_IDS } from '@hotline/domain'
import { DECIDED_STATUSES, DEDUCTION_STATUSES, type Deduction, type DeductionStatus } from '../api/deductions'
import { type QueueLink, queueLinkSearch } from '../pages/records/links'

export const SORT_KEYS = ['period', 'amount', 'kpi'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'
export type StatusFilter = DeductionStatus | 'all'

export type QueueQuery = {
  month: string
  /** A KPI id, or the prefix of several (`service_error` → its three kinds); `null` for all. */
  kpi: string | null
  /** A day, an ISO week, a month or a year: the deductions of exactly that period; `null` for all. */
  period: string | null
  status: StatusFilter
  sort: SortKey
  dir: SortDir
}

/** What the address may hold; anything else falls back to the default. */
export type QueueParams = {
  month?: string
  kpi?: string
  period?: string
  status?: string
  sort?: string
  dir?: string
}

/** Whether `kpi` is the filter `filter`: the same id, or one of the ids it is the prefix of. */
export const kpiMatches = (filter: string | null, kpi: string): boolean =>
  filter === null || kpi === filter || kpi.startsWith(`${filter}.`)

/** The KPI groups that a prefix names (`service_error`, `training`): prefixes of more than one id. */
export const KPI_GROUPS: readonly string[] = [
  ...new Set(KPI_IDS.filter((id) => id.includes('.')).map((id) => id.slice(0, id.indexOf('.')))),
]

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-W\d{2})?$/

export function readQueueQuery(params: QueueParams, month: string): QueueQuery {
  const kpi = params.kpi && KPI_IDS.some((id) => kpiMatches(params.kpi ?? null, id)) ? params.kpi : null
  const status =
    params.status === 'all' || (DEDUCTION_STATUSES as readonly string[]).includes(params.status ?? '')
      ? (params.status as StatusFilter)
      : 'draft'
  const sort = (SORT_KEYS as readonly string[]).includes(params.sort ?? '')
    ? (params.sort as SortKey)
    : 'period'
  return {
    month,
    kpi,
    period: params.period && PERIOD.test(params.period) ? params.period : null,
    status,
    sort,
    dir: params.dir === 'desc' ? 'desc' : 'asc',
  }
}

/** The queue as links name it (`pages/records/links.ts`): its month and what differs from the defaults. */
export const queueLink = (query: QueueQuery): QueueLink => ({
  month: query.month,
  kpi: query.kpi,
  period: query.period,
  status: query.status === 'draft' ? null : query.status,
  sort: query.sort === 'period' ? null : query.sort,
  dir: query.dir === 'asc' ? null : query.dir,
})

/** The address's search part for a queue (defaults left out), with a leading `?`. */
export const queueSearch = (query: QueueQuery): string => queueLinkSearch(queueLink(query))

/** A ¥0 breach (training, a missed weekly check): recorded, not charged; shown apart from the money. */
export const isRecordOnly = (d: Deduction): boolean => d.amountFen === 0

const KPI_RANK = new Map<string, number>(KPI_IDS.map((id, index) => [id, index]))
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function compare(sort: SortKey, a: Deduction, b: Deduction): number {
  switch (sort) {
    case 'amount':
      return a.amountFen - b.amountFen
    case 'kpi':
      return (KPI_RANK.get(a.kpi) ?? 99) - (KPI_RANK.get(b.kpi) ?? 99) || byString(a.period, b.period)
    case 'period':
      return byString(a.period, b.period) || (KPI_RANK.get(a.kpi) ?? 99) - (KPI_RANK.get(b.kpi) ?? 99)
  }
}

/** Whether `d` is in the KPI and period of `query` (the status aside). */
export const inScope = (d: Deduction, query: Pick<QueueQuery, 'kpi' | 'period'>): boolean =>
  kpiMatches(query.kpi, d.kpi) && (query.period === null || d.period === query.period)

/**
 * The queue: the month's deductions matching the filters, sorted (ties by id, ascending either
 * way, so the order is stable), the money first and the ¥0 records after. `keep` stays in the
 * queue whatever its status: a deduction just decided keeps its place, so `j` still leads to the
 * one after it.
 */
export function queueOrder(list: readonly Deduction[], query: QueueQuery, keep?: string): Deduction[] {
  const sign = query.dir === 'desc' ? -1 : 1
  return list
    .filter(
      (d) =>
        d.deductionId === keep ||
        (inScope(d, query) && (query.status === 'all' || d.status === query.status)),
    )
    .sort(
      (a, b) =>
        Number(isRecordOnly(a)) - Number(isRecordOnly(b)) ||
        sign * compare(query.sort, a, b) ||
        byString(a.deductionId, b.deductionId),
    )
}

/**
 * The order each queue (by its address) was last seen in — the shared store between the queue page
 * and the detail page. While the reviewer works through it, a deduction decided on the way keeps its
 * place (`k` goes back to it); opening the queue page again takes a fresh look.
 */
const seen = new Map<string, readonly string[]>()

export function rememberQueue(query: QueueQuery, order: readonly Deduction[]): void {
  seen.set(
    queueSearch(query),
    order.map((d) => d.deductionId),
  )
}

/** The queue as last seen, when it holds `current`; else as it is now (and remembered so). */
export function queueAsSeen(list: readonly Deduction[], query: QueueQuery, current: string): Deduction[] {
  const ids = seen.get(queueSearch(query))
  if (ids?.includes(current)) {
    const byId = new Map(list.map((d) => [d.deductionId, d]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }
  const order = queueOrder(list, query, current)
  rememberQueue(query, order)
  return order
}

/** Forgets every queue seen (tests start afresh). */
export const forgetQueues = (): void => seen.clear()

export type Neighbours = {
  index: number
  count: number
  previous: Deduction | undefined
  next: Deduction | undefined
}

/** Where `id` stands in the queue and who comes before and after it; `index` -1 when it is not in it. */
export function neighboursOf(order: readonly Deduction[], id: string): Neighbours {
  const index = order.findIndex((d) => d.deductionId === id)
  return {
    index,
    count: order.length,
    previous: index > 0 ? order[index - 1] : undefined,
    next: index >= 0 ? order[index + 1] : undefined,
  }
}

type Sum = { count: number; fen: number }

export type Totals = {
  /** Drafts with money at stake, at their drafted amount. */
  draft: Sum
  /** What stands decided: approved and adjusted at their final amount, rejected at 0. */
  decided: Sum
  /** The ¥0 breaches: still to record, and recorded. */
  records: { pending: number; acknowledged: number }
}

/**
 * The month's totals (of the KPI and period filtered, whatever the status): drafts at their drafted
 * amount; decided records at what is withheld, leaving out a decided record replaced by a decided
 * successor (as the statement does), so nothing is counted twice; the ¥0 records apart.
 */
export function totalsOf(list: readonly Deduction[], query: Pick<QueueQuery, 'kpi' | 'period'>): Totals {
  const scoped = list.filter((d) => inScope(d, query))
  const decidedIds = new Set(
    scoped.filter((d) => DECIDED_STATUSES.includes(d.status)).map((d) => d.deductionId),
  )
  const totals: Totals = {
    draft: { count: 0, fen: 0 },
    decided: { count: 0, fen: 0 },
    records: { pending: 0, acknowledged: 0 },
  }
  for (const d of scoped) {
    if (isRecordOnly(d) && d.status === 'draft') totals.records.pending += 1
    else if (d.status === 'acknowledged') totals.records.acknowledged += 1
    else if (d.status === 'draft') {
      totals.draft.count += 1
      totals.draft.fen += d.amountFen
    } else if (DECIDED_STATUSES.includes(d.status) && !(d.supersededBy && decidedIds.has(d.supersededBy))) {
      totals.decided.count += 1
      totals.decided.fen += d.finalAmountFen ?? 0
    }
  }
  return totals
}

/** What a bulk decision sends for `items`: each at the version seen, and the count and sum confirmed. */
export function bulkBody<D extends 'approved' | 'acknowledged'>(decision: D, items: readonly Deduction[]) {
  return {
    decision,
    items: items.map((d) => ({ deductionId: d.deductionId, expectedVersion: d.version })),
    expectedCount: items.length,
    expectedTotalFen: items.reduce((sum, d) => sum + d.amountFen, 0),
  }
}
