/** Counters advanced atomically with `ADD`: each call gets a number no other call gets. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Store } from '../client'
import { keys } from '../keys'

/** The next value of counter `name` (1, 2, 3, …). A number handed out is never handed out again. */
export async function nextSequence(store: Store, name: string): Promise<number> {
  const out = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.sequence(name),
      UpdateExpression: 'ADD #value :one',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  )
  const value = out.Attributes?.value
  if (typeof value !== 'number') throw new Error(`counter ${name} returned no value`)
  return value
}
