/**
 * The review's pure parts: the queue's filters (a KPI or a group by prefix, a period) and the
 * address that carries them.
 */
import { describe, expect, it } from 'vitest'
import { splitIds } from '../src/components/IdText'
import {
  bulkBody,
  kpiMatches,
  queueOrder,
  queueSearch,
  readQueueQuery,
  totalsOf,
} from '../src/deductions/queue'
import { deduction, lateReturn, month, safety, training, transfer } from './deductions-fixtures'

describe('the queue’s filters', () => {
  it('takes a KPI, or a prefix naming a group of them', () => {
    expect(kpiMatches('service_error', 'service_error.transfer')).toBe(true)
    expect(kpiMatches('service_error', 'service_error.callback')).toBe(true)
    expect(kpiMatches('service_error', 'satisfaction')).toBe(false)
    expect(kpiMatches('answer_15s', 'answer_15s')).toBe(true)
    // A prefix is whole segments: `s` names nothing.
    expect(kpiMatches('s', 'satisfaction')).toBe(false)
    expect(kpiMatches(null, 'turnover')).toBe(true)
  })

  it('reads the address, leaving out what it does not know', () => {
    expect(
      readQueueQuery(
        { kpi: 'service_error', period: '2026-10-09', status: 'all', sort: 'amount', dir: 'desc' },
        '2026-10',
      ),
    ).toEqual({
      month: '2026-10',
      kpi: 'service_error',
      period: '2026-10-09',
      status: 'all',
      sort: 'amount',
      dir: 'desc',
    })
    expect(readQueueQuery({ kpi: 's', period: 'yesterday', status: 'gone', sort: 'x' }, '2026-10')).toEqual({
      month: '2026-10',
      kpi: null,
      period: null,
      status: 'draft',
      sort: 'period',
      dir: 'asc',
    })
    for (const period of ['2026-10', '2026-W41', '2026']) {
      expect(readQueueQuery({ period }, '2026-10').period).toBe(period)
    }
    expect(readQueueQuery({ status: 'acknowledged' }, '2026-10').status).toBe('acknowledged')
  })

  it('keeps every filter in the address it writes', () => {
    const query = readQueueQuery({ kpi: 'service_error', period: '2026-10-09', status: 'all' }, '2026-10')
    expect(queueSearch(query)).toBe('?month=2026-10&kpi=service_error&period=2026-10-09&status=all')
    expect(queueSearch(readQueueQuery({}, '2026-10'))).toBe('?month=2026-10')
  })

  it('orders the money first and the ¥0 records after; a day matches that day’s deductions', () => {
    const list = [...month, lateReturn, training, safety]
    const all = readQueueQuery({ status: 'all' }, '2026-10')
    const order = queueOrder(list, all).map((d) => d.amountFen === 0)
    expect(order.indexOf(true)).toBe(order.length - 2)
    const day = readQueueQuery({ period: '2026-10-09', kpi: 'service_error' }, '2026-10')
    expect(queueOrder(list, day).map((d) => d.deductionId)).toEqual([lateReturn.deductionId])
    expect(totalsOf(list, { kpi: null, period: null }).records).toEqual({ pending: 2, acknowledged: 0 })
  })

  it('sends what the reviewer confirmed: each at the version seen, the count and the sum', () => {
    expect(
      bulkBody('approved', [transfer, deduction({ deductionId: 'x', version: 4, amountFen: 500 })]),
    ).toEqual({
      decision: 'approved',
      items: [
        { deductionId: transfer.deductionId, expectedVersion: 1 },
        { deductionId: 'x', expectedVersion: 4 },
      ],
      expectedCount: 2,
      expectedTotalFen: 20_500,
    })
  })
})

describe('ids in words', () => {
  it('marks each quoted id, the longest where two overlap', () => {
    expect(
      splitIds('2026-10-08 转办超时（工单 CC-1/return/2），扣除200元', ['CC-1', 'CC-1/return/2']),
    ).toEqual([
      { text: '2026-10-08 转办超时（工单 ', id: false },
      { text: 'CC-1/return/2', id: true },
      { text: '），扣除200元', id: false },
    ])
    expect(splitIds('没有编号', ['CC-1'])).toEqual([{ text: '没有编号', id: false }])
    expect(splitIds('KH-1 与 KH-1', ['KH-1', ''])).toEqual([
      { text: 'KH-1', id: true },
      { text: ' 与 ', id: false },
      { text: 'KH-1', id: true },
    ])
  })
})
