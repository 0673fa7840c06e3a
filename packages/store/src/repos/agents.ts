/**
 * Each agent's first duty on the phones (their first answered call), kept as the earliest seen and
 * filed under its month, for the onboarding-training KPI (contract §5: training before first duty).
 */

import { BatchGetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { localMonthOf } from '@hotline/domain'
import type { Store } from '../client'
import { isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'

/** Records `answeredAt` as the agent's first duty if it is earlier than the one known. `true` when it was. */
export async function recordFirstDuty(store: Store, agentId: string, answeredAt: string): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.agentFirstDuty(agentId),
        UpdateExpression: 'SET firstDutyAt = :t, agentId = :a',
        ConditionExpression: 'attribute_not_exists(firstDutyAt) OR firstDutyAt > :t',
        ExpressionAttributeValues: { ':t': answeredAt, ':a': agentId },
      }),
    )
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false
    throw err
  }
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...keys.firstDutyOfMonth(localMonthOf(answeredAt), agentId),
        agentId,
        firstDutyAt: answeredAt,
      },
    }),
  )
  return true
}

/** Agents whose first duty fell in `month`, with the instant (checked against the authoritative record). */
export async function firstDutiesOfMonth(store: Store, month: string): Promise<Map<string, string>> {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.firstDutiesOf(month) },
    }),
  )
  const candidates = (out.Items ?? []).map((i) => String(i.agentId))
  const result = new Map<string, string>()
  for (let i = 0; i < candidates.length; i += 100) {
    const batch = await store.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [store.tableName]: {
            Keys: candidates.slice(i, i + 100).map((id) => keys.agentFirstDuty(id)),
            ConsistentRead: true,
          },
        },
      }),
    )
    for (const item of batch.Responses?.[store.tableName] ?? []) {
      const at = String(item.firstDutyAt)
      if (localMonthOf(at) === month) result.set(String(item.agentId), at)
    }
  }
  return result
}
