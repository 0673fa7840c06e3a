/**
 * The outbox: every SMS the platform sent (or, in local mode, would have sent), by local day.
 * Numbers are stored masked: the outbox is for seeing what went out, not for reaching anyone.
 */

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { localDateOf } from '@hotline/domain'
import { z } from 'zod'
import type { Store } from '../client'
import { decodeCursor, encodeCursor } from '../cursor'
import { CorruptItemError } from '../errors'
import { keys } from '../keys'

export const OutboxEntry = z.object({
  id: z.string(),
  at: z.string(),
  toMasked: z.string(),
  text: z.string(),
  purpose: z.enum(['acknowledgement', 'survey', 'rating_thanks', 'reply']),
  ticketId: z.string().nullable(),
  sender: z.enum(['aws', 'local']),
  providerMessageId: z.string().nullable(),
  /** `withheld`: not sent, the phone having reached its acknowledgement cap (`error` says which). */
  status: z.enum(['sent', 'failed', 'withheld']),
  error: z.string().nullable(),
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

export async function putOutbox(store: Store, entry: OutboxEntry): Promise<void> {
  const Key = keys.outbox(localDateOf(entry.at), entry.at, entry.id)
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...Key, ...entry } }))
}

/** A local day's outbox, newest first, paged with an opaque cursor. */
export async function listOutbox(
  store: Store,
  day: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ entries: OutboxEntry[]; cursor: string | null }> {
  const pk = keys.outbox(day, 'x', 'x').pk
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { name: 'pk', value: pk }),
    }),
  )
  const entries = (out.Items ?? []).map((item) => {
    const parsed = OutboxEntry.safeParse(item)
    if (!parsed.success)
      throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
    return parsed.data
  })
  return { entries, cursor: encodeCursor(out.LastEvaluatedKey) }
}
