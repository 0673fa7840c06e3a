/**
 * The phone-search log: one item per search of tickets by a citizen's phone number (who, when,
 * why, the number masked, how many tickets it found), filed under the month it was made. Each
 * ticket found also gets an entry in its own audit log (`appendTicketAudit`).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import type { Store } from '../client'
import { keys, partitions } from '../keys'
import { queryPartition } from '../query'

export const PhoneSearch = z.object({
  searchId: z.string(),
  at: z.string(),
  by: z.string(),
  roles: z.array(z.string()),
  reason: z.string(),
  phoneMasked: z.string(),
  count: z.number().int().min(0),
  ticketIds: z.array(z.string()),
})
export type PhoneSearch = z.infer<typeof PhoneSearch>

/** Logs one search; `month` is the local month of `at` (the caller's calendar). */
export async function logPhoneSearch(store: Store, month: string, search: PhoneSearch): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...keys.phoneSearch(month, search.at, search.searchId), ...search },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  )
}

/** A month's phone searches, oldest first. */
export async function phoneSearchesOf(store: Store, month: string): Promise<PhoneSearch[]> {
  return queryPartition(store, partitions.phoneSearchesOf(month), PhoneSearch)
}
