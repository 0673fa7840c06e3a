/**
 * The review queue as pure functions: which deductions a month's list shows (KPI and status
 * filters), in which order (amount, period or KPI, either way), the totals, the neighbours of one
 * deduction in that order (the detail page's `j`/`k`), the queue's address, the default month and
 * amounts typed in yuan. The queue's definition travels in the address (`?status=draft&sort=amount…`),
 * so the detail page rebuilds it from the same cached list, and a reload or a shared link keeps it;
 * the order as the reviewer saw it is kept in memory while they work through it (`queueAsSeen`).
 */
import { KPI_IDS, type KpiId } from '@hotline/domain'
import { DECIDED_STATUSES, DEDUCTION_STATUSES, type Deduction, type DeductionStatus } from '../api/deductions'

export const SORT_KEYS = ['period', 'amount', 'kpi'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'
export type StatusFilter = DeductionStatus | 'all'

export type QueueQuery = {
  month: string
  kpi: KpiId | null
  status: StatusFilter
  sort: SortKey
  dir: SortDir
}

/** What the address may hold; anything else falls back to the default. */
export type QueueParams = { month?: string; kpi?: string; status?: string; sort?: string; dir?: string }

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const OFFSET_MS = 8 * 60 * 60 * 1000

/** The month before the current one in Beijing time: the month a review usually works on. */
export function previousMonthInBeijing(nowMs: number): string {
  const local = new Date(nowMs + OFFSET_MS)
  const year = local.getUTCFullYear()
  const month = local.getUTCMonth() // 0-based: the previous month's 1-based number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`
}

export const isMonth = (value: string | undefined): value is string =>
  value !== undefined && MONTH.test(value)

export function readQueueQuery(params: QueueParams, defaultMonth: string): QueueQuery {
  const kpi = (KPI_IDS as readonly string[]).includes(params.kpi ?? '') ? (params.kpi as KpiId) : null
  const status =
    params.status === 'all' || (DEDUCTION_STATUSES as readonly string[]).includes(params.status ?? '')
      ? (params.status as StatusFilter)
      : 'draft'
  const sort = (SORT_KEYS as readonly string[]).includes(params.sort ?? '')
    ? (params.sort as SortKey)
    : 'period'
  return {
    month: isMonth(params.month) ? params.month : defaultMonth,
    kpi,
    status,
    sort,
    dir: params.dir === 'desc' ? 'desc' : 'asc',
  }
}

/** The address's search part for a queue (defaults left out), with a leading `?` or empty. */
export function queueSearch(query: QueueQuery): string {
  const params = new URLSearchParams({ month: query.month })
  if (query.kpi) params.set('kpi', query.kpi)
  if (query.status !== 'draft') params.set('status', query.status)
  if (query.sort !== 'period') params.set('sort', query.sort)
  if (query.dir !== 'asc') params.set('dir', query.dir)
  return `?${params}`
}

/** The detail page of a deduction, keeping the queue it was opened from. */
export const deductionHref = (month: string, id: string, query?: QueueQuery): string =>
  `/deductions/${encodeURIComponent(month)}/${encodeURIComponent(id)}${query ? queueSearch(query) : ''}`

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

/**
 * The queue: the month's deductions matching the filters, sorted (ties by id, ascending either
 * way, so the order is stable). `keep` stays in the queue whatever its status: a deduction just decided keeps its place,
 * so `j` still leads to the one after it.
 */
export function queueOrder(list: readonly Deduction[], query: QueueQuery, keep?: string): Deduction[] {
  const sign = query.dir === 'desc' ? -1 : 1
  return list
    .filter(
      (d) =>
        d.deductionId === keep ||
        ((query.kpi === null || d.kpi === query.kpi) &&
          (query.status === 'all' || d.status === query.status)),
    )
    .sort((a, b) => sign * compare(query.sort, a, b) || byString(a.deductionId, b.deductionId))
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

export type Totals = {
  draft: { count: number; fen: number }
  /** What stands decided: approved and adjusted at their final amount, rejected at 0. */
  decided: { count: number; fen: number }
}

/**
 * The month's totals (of one KPI when filtered): drafts at their drafted amount; decided records
 * at what is withheld, leaving out a decided record replaced by a decided successor (as the
 * statement does), so nothing is counted twice.
 */
export function totalsOf(list: readonly Deduction[], kpi: KpiId | null): Totals {
  const scoped = kpi === null ? list : list.filter((d) => d.kpi === kpi)
  const decidedIds = new Set(
    scoped.filter((d) => DECIDED_STATUSES.includes(d.status)).map((d) => d.deductionId),
  )
  const totals: Totals = { draft: { count: 0, fen: 0 }, decided: { count: 0, fen: 0 } }
  for (const d of scoped) {
    if (d.status === 'draft') {
      totals.draft.count += 1
      totals.draft.fen += d.amountFen
    } else if (DECIDED_STATUSES.includes(d.status) && !(d.supersededBy && decidedIds.has(d.supersededBy))) {
      totals.decided.count += 1
      totals.decided.fen += d.finalAmountFen ?? 0
    }
  }
  return totals
}

const YUAN = /^(\d{1,10})(?:\.(\d{1,2}))?$/

/**
 * An amount typed in yuan as integer fen, without floating point; `null` when it is not one
 * (negative, more than two decimals, not a number). Thousands separators and a `¥`/`元` are allowed.
 *
 * @example
 * yuanToFen('2,000.5') // 200050
 * yuanToFen('0.125')   // null
 */
export function yuanToFen(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
    .replaceAll(',', '')
  const match = YUAN.exec(cleaned)
  if (!match) return null
  const [, yuan = '0', cents = ''] = match
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'))
}
