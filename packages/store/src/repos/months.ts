/**
 * A billing month's item (`pk = MONTH`, `sk = <YYYY-MM>`): the jobs mark that results were written
 * for it; a reviewer closes it (月度考核确认) and may reopen it; the contractor answers the close.
 * Each change here is one conditional write to this one item; `month-close.ts` orders the steps
 * that also touch the month's deductions.
 */

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  type ClosePlanItem,
  type ContractorAnswer,
  type MonthRecord as Month,
  MonthRecord,
  type MonthWrite,
  monthChanged,
  monthConflict,
  noMonthResults,
  PENDING_ANSWER,
  type StoredCloseSnapshot,
} from '@hotline/domain'
import type { Store } from '../client'
import { conditionHeld, type ItemUpdate, updateItem } from '../conditional'
import { conflictOf, missingOf } from '../errors'
import { keys, partitions } from '../keys'
import { parseItem, queryPartition } from '../query'

export { MonthRecord } from '@hotline/domain'

const parse = (item: Record<string, unknown>): Month => parseItem(MonthRecord, item)

/** A month's item, or `null` when no job has written results for it. */
export async function getMonth(store: Store, month: string): Promise<Month | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.month(month), ConsistentRead: true }),
  )
  return Item ? parse(Item) : null
}

/** Every month's item, oldest first (one partition). */
export async function listMonths(store: Store): Promise<Month[]> {
  return queryPartition(store, partitions.months, MonthRecord, { consistent: true })
}

/** A job wrote results for these months: creates each one's item (open) or moves its `resultsAt`; never its version. */
export async function markMonthResults(store: Store, months: Iterable<string>, at: string): Promise<void> {
  for (const month of new Set(months)) {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.month(month),
        UpdateExpression:
          'SET #month = :month, resultsAt = :at, #state = if_not_exists(#state, :open), version = if_not_exists(version, :one)',
        ExpressionAttributeNames: { '#month': 'month', '#state': 'state' },
        ExpressionAttributeValues: { ':month': month, ':at': at, ':open': 'open', ':one': 1 },
      }),
    )
  }
}

/** Who changes the month's item, and when. */
export type Actor = { by: string; at: string }
const entry = (actor: Actor, action: string, detail: Record<string, string | number | null>) => [
  { at: actor.at, by: actor.by, action, detail },
]

/** Step 1 of a close: open → closing with the 确认单 `number` and the plan of deductions to freeze. */
export async function beginClose(
  store: Store,
  month: string,
  close: Actor & { number: string; plan: ClosePlanItem[]; expectedVersion: number },
): Promise<Month> {
  return updateMonth(store, month, 'close', close.expectedVersion, {
    UpdateExpression: 'SET #state = :closing, #number = :number, closing = :plan, version = version + :one',
    ConditionExpression: '(attribute_not_exists(#state) OR #state = :open) AND version = :v',
    ExpressionAttributeNames: { '#state': 'state', '#number': 'number' },
    ExpressionAttributeValues: {
      ':closing': 'closing',
      ':open': 'open',
      ':number': close.number,
      ':plan': { by: close.by, at: close.at, plan: close.plan },
      ':one': 1,
      ':v': close.expectedVersion,
    },
  })
}

/** The last step of a close: closing → closed with the snapshot; the contractor's answer pending. */
export async function finishClose(
  store: Store,
  month: string,
  close: Actor & {
    number: string
    closeCount: number
    snapshot: StoredCloseSnapshot
    termsVersion: string
    objectionDue: string
  },
): Promise<Month> {
  return updateMonth(store, month, 'close', null, {
    UpdateExpression:
      'SET #state = :closed, closedAt = :at, closedBy = :by, termsVersion = :terms, #snapshot = :snapshot, ' +
      'objectionDue = :due, contractor = :pending, closeCount = :count, closing = :null, version = version + :one, ' +
      'audit = list_append(if_not_exists(audit, :empty), :audit)',
    ConditionExpression: '#state = :closing AND #number = :number',
    ExpressionAttributeNames: { '#state': 'state', '#number': 'number', '#snapshot': 'snapshot' },
    ExpressionAttributeValues: {
      ':closed': 'closed',
      ':closing': 'closing',
      ':number': close.number,
      ':at': close.at,
      ':by': close.by,
      ':terms': close.termsVersion,
      ':snapshot': close.snapshot,
      ':due': close.objectionDue,
      ':pending': PENDING_ANSWER,
      ':count': close.closeCount,
      ':null': null,
      ':one': 1,
      ':empty': [],
      ':audit': entry(close, 'closed', {
        number: close.number,
        totalFen: close.snapshot.totalFen,
        count: close.snapshot.count,
      }),
    },
  })
}

/** A close that met a change: closing → open, its number given up (audited with why). */
export async function abortClose(
  store: Store,
  month: string,
  close: Actor & { number: string; changed: number },
): Promise<void> {
  // A failed condition: already aborted (or finished) by another try.
  await conditionHeld(
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.month(month),
        UpdateExpression:
          'SET #state = :open, #number = :null, closing = :null, version = version + :one, ' +
          'audit = list_append(if_not_exists(audit, :empty), :audit)',
        ConditionExpression: '#state = :closing AND #number = :number',
        ExpressionAttributeNames: { '#state': 'state', '#number': 'number' },
        ExpressionAttributeValues: {
          ':open': 'open',
          ':closing': 'closing',
          ':number': close.number,
          ':null': null,
          ':one': 1,
          ':empty': [],
          ':audit': entry(close, 'close_aborted', { number: close.number, changed: close.changed }),
        },
      }),
    ),
  )
}

/** The last step of a reopen: closed → open at the version the reviewer saw, the 确认单 withdrawn. */
export async function reopenMonthItem(
  store: Store,
  month: string,
  reopen: Actor & { reason: string; number: string; expectedVersion: number },
): Promise<Month> {
  return updateMonth(store, month, 'reopen', reopen.expectedVersion, {
    UpdateExpression:
      'SET #state = :open, #number = :null, closedAt = :null, closedBy = :null, termsVersion = :null, #snapshot = :null, ' +
      'objectionDue = :null, contractor = :pending, version = version + :one, ' +
      'audit = list_append(if_not_exists(audit, :empty), :audit)',
    ConditionExpression: '#state = :closed AND version = :v',
    ExpressionAttributeNames: { '#state': 'state', '#number': 'number', '#snapshot': 'snapshot' },
    ExpressionAttributeValues: {
      ':open': 'open',
      ':closed': 'closed',
      ':null': null,
      ':pending': PENDING_ANSWER,
      ':one': 1,
      ':v': reopen.expectedVersion,
      ':empty': [],
      ':audit': entry(reopen, 'reopened', { reason: reopen.reason, number: reopen.number }),
    },
  })
}

/** The contractor's answer to the close in force: acknowledged (确认) or an objection with its text. */
export async function answerClose(
  store: Store,
  month: string,
  answer: Actor & { state: 'acknowledged' | 'objected'; text: string | null; expectedVersion: number },
): Promise<Month> {
  const contractor: ContractorAnswer = {
    state: answer.state,
    by: answer.by,
    at: answer.at,
    text: answer.text,
  }
  return updateMonth(
    store,
    month,
    answer.state === 'objected' ? 'object' : 'acknowledge',
    answer.expectedVersion,
    {
      UpdateExpression:
        'SET contractor = :contractor, version = version + :one, audit = list_append(if_not_exists(audit, :empty), :audit)',
      ConditionExpression: '#state = :closed AND version = :v AND contractor.#state = :pending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':contractor': contractor,
        ':closed': 'closed',
        ':pending': 'pending',
        ':one': 1,
        ':v': answer.expectedVersion,
        ':empty': [],
        ':audit': entry(answer, answer.state, answer.text ? { text: answer.text } : {}),
      },
    },
  )
}

/**
 * Applies `update` to the month's item and returns it as updated; when its condition fails, a
 * `ConflictError` with the code and words of why (`monthConflict`), carrying the item as it is.
 */
async function updateMonth(
  store: Store,
  month: string,
  write: MonthWrite,
  expectedVersion: number | null,
  update: ItemUpdate,
): Promise<Month> {
  const updated = await updateItem(store, keys.month(month), update, async () => {
    const now = await getMonth(store, month)
    if (!now) return missingOf(noMonthResults(month))
    return conflictOf(monthConflict(now, write, expectedVersion) ?? monthChanged(month), now)
  })
  return parse(updated)
}
