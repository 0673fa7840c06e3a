/**
 * Payments the agency made to the contractor (contract §2), one per quarter, recorded by an agency
 * reviewer; and the calendar years loaded by an administrator (SPEC §4). Both are small, one
 * partition each, written once or replaced with an audit entry.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { CalendarYear } from '@hotline/domain'
import { z } from 'zod'
import type { Store } from '../client'
import { ConflictError, isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'
import { queryPartition } from '../query'

export const PaymentItem = z.object({
  quarter: z.number().int().min(1).max(4),
  paidOn: z.string(),
  amountFen: z.number().int().nonnegative(),
  recordedBy: z.string(),
  recordedAt: z.string(),
})
export type PaymentItem = z.infer<typeof PaymentItem>

/** Records a quarter's payment once; a second record for the same quarter is a conflict. */
export async function recordPayment(store: Store, payment: PaymentItem): Promise<void> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...keys.payment(payment.quarter), ...payment },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
  } catch (err) {
    if (isConditionalCheckFailed(err))
      throw new ConflictError(`the payment of quarter ${payment.quarter} is already recorded`)
    throw err
  }
}

/** Every quarter's payment, by quarter. */
export async function listPayments(store: Store): Promise<PaymentItem[]> {
  return queryPartition(store, partitions.payments, PaymentItem)
}

const StoredYear = CalendarYear.and(z.object({ loadedBy: z.string(), loadedAt: z.string() }))
export type StoredCalendarYear = z.infer<typeof StoredYear>

/** Stores a year's calendar (replacing an earlier load of the same year: a corrected notice). */
export async function putCalendarYear(
  store: Store,
  year: CalendarYear,
  by: string,
  at: string,
): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...keys.calendarYear(year.year), ...year, loadedBy: by, loadedAt: at },
    }),
  )
}

/** Every loaded calendar year, by year (all pages of the partition). */
export async function listCalendarYears(store: Store): Promise<StoredCalendarYear[]> {
  return queryPartition(store, partitions.calendarYears, StoredYear)
}
