/**
 * Closing and reopening a month (月度考核确认) as a sequence of idempotent single-item steps:
 * open → closing (the plan: every decided deduction at its version), each planned deduction frozen
 * with the close's number (conditional on that version and status), closing → closed with the
 * snapshot. A retry of a half-done close completes it; a deduction that changed meanwhile (or a
 * draft that appeared) aborts it: unfrozen, back to open, `changed_during_close`.
 */

import {
  changedDuringClose,
  closeNumber,
  closePlan,
  closeSnapshot,
  DECIDED_STATUSES,
  type Deduction,
  type MonthRecord,
  monthClosed,
  monthConflict,
  noMonthResults,
  pendingDrafts,
  pendingTally,
  storedSnapshot,
} from '@hotline/domain'
import type { Store } from '../client'
import { eachLimited } from '../concurrency'
import { conflictOf, missingOf } from '../errors'
import { deductionsOfMonth, freezeDeduction, unfreezeDeduction } from './deductions'
import { kpiResultsOfMonth } from './kpis'
import { type Actor, abortClose, beginClose, finishClose, getMonth, reopenMonthItem } from './months'

/**
 * Closes `month` (or completes a close a previous try left in `closing`): refused while any of its
 * deductions is a draft. Returns the closed item and the month's deductions as frozen.
 */
export async function closeMonth(
  store: Store,
  month: string,
  close: Actor & { expectedVersion?: number | undefined; termsVersion: string; objectionDue: string },
): Promise<{ record: MonthRecord; deductions: Deduction[] }> {
  let record = await getMonth(store, month)
  if (!record) throw missingOf(noMonthResults(month))
  if (record.state === 'closed') throw conflictOf(monthClosed(record), record)
  if (record.state === 'open') {
    const stale = monthConflict(record, 'close', close.expectedVersion ?? null)
    if (stale) throw conflictOf(stale, record)
    const deductions = await deductionsOfMonth(store, month)
    const pending = pendingTally(deductions)
    if (pending.count > 0) throw conflictOf(pendingDrafts(month, pending.count, pending.amountFen), record)
    record = await beginClose(store, month, {
      ...close,
      number: closeNumber(month, record.closeCount + 1),
      plan: closePlan(deductions),
      expectedVersion: record.version,
    })
  }
  const number = record.number ?? closeNumber(month, record.closeCount + 1)
  const plan = record.closing?.plan ?? []
  const changed = new Set<string>()
  await eachLimited(plan, async (item) => {
    if (!(await freezeDeduction(store, month, item, { ...close, number }))) changed.add(item.deductionId)
  })
  const deductions = await deductionsOfMonth(store, month)
  // Drafts that appeared (late data) and decided deductions the plan did not hold change the bill too.
  for (const d of deductions)
    if (d.status === 'draft' || (DECIDED_STATUSES.includes(d.status) && d.frozenBy !== number))
      changed.add(d.deductionId)
  if (changed.size > 0) {
    await unfreezeMonth(store, month, number, close)
    await abortClose(store, month, { ...close, number, changed: changed.size })
    throw conflictOf(changedDuringClose(month, changed.size))
  }
  const snapshot = closeSnapshot(month, await kpiResultsOfMonth(store, month), deductions)
  const closed = await finishClose(store, month, {
    ...close,
    number,
    closeCount: record.closeCount + 1,
    snapshot: storedSnapshot(snapshot),
  })
  return { record: closed, deductions }
}

/**
 * Reopens a closed month at the version the reviewer saw, with a reason: its deductions unfrozen
 * first (the month still closed, so nothing is decided meanwhile), then the item back to open. A
 * try that stops between the two is completed by the next.
 */
export async function reopenMonth(
  store: Store,
  month: string,
  reopen: Actor & { reason: string; expectedVersion: number },
): Promise<MonthRecord> {
  const record = await getMonth(store, month)
  if (!record) throw missingOf(noMonthResults(month))
  const why = monthConflict(record, 'reopen', reopen.expectedVersion)
  if (why) throw conflictOf(why, record)
  const number = record.number ?? ''
  await unfreezeMonth(store, month, number, reopen)
  return reopenMonthItem(store, month, { ...reopen, number })
}

/** Lifts the freeze of close `number` from every deduction of the month it holds. */
async function unfreezeMonth(store: Store, month: string, number: string, actor: Actor): Promise<void> {
  const frozen = (await deductionsOfMonth(store, month)).filter((d) => d.frozenBy === number)
  await eachLimited(frozen, (d) => unfreezeDeduction(store, month, d.deductionId, { ...actor, number }))
}
