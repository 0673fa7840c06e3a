/** Tracking code → ticket: a pointer item, created before the ticket, read strongly consistent. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { Store } from '../client'
import { isConditionalCheckFailed } from '../errors'
import { keys } from '../keys'

/** Reserves `code` for `ticketId`; `false` if the code is taken by another ticket (draw another). */
export async function reserveTrackingCode(store: Store, code: string, ticketId: string): Promise<boolean> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...keys.tracking(code), ticketId },
        ConditionExpression: 'attribute_not_exists(pk) OR ticketId = :t',
        ExpressionAttributeValues: { ':t': ticketId },
      }),
    )
    return true
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false
    throw err
  }
}

export async function ticketIdByTrackingCode(store: Store, code: string): Promise<string | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.tracking(code), ConsistentRead: true }),
  )
  return typeof Item?.ticketId === 'string' ? Item.ticketId : null
}
