/**
 * Fixed-window rate limits shared by every Lambda instance: one counter item per (scope, subject,
 * window), incremented with a conditional `ADD` that refuses past the limit. Old windows carry
 * `expiresAt` for DynamoDB TTL; nothing reads them again.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Store } from '../client'
import { isConditionalCheckFailed } from '../errors'
import { keys } from '../keys'

export type RateLimit = {
  scope: string
  limit: number
  windowSeconds: number
  /**
   * Windows start this many seconds before UTC's boundaries: `8 * 3600` makes a day's window
   * Beijing's local day (00:00 UTC+8). Default 0.
   */
  offsetSeconds?: number
}

/** Counts one hit for `subject`; `false` when the window's limit is already reached. */
export async function hitRateLimit(
  store: Store,
  rule: RateLimit,
  subject: string,
  now: Date,
): Promise<boolean> {
  const offset = rule.offsetSeconds ?? 0
  const windowStart =
    Math.floor((now.getTime() / 1000 + offset) / rule.windowSeconds) * rule.windowSeconds - offset
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.rate(rule.scope, subject, String(windowStart)),
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': rule.limit,
          ':expires': windowStart + 2 * rule.windowSeconds,
        },
      }),
    )
    return true
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false
    throw err
  }
}
