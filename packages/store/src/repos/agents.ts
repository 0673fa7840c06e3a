/**
 * Each agent's first duty on the phones (their first answered call), kept as the earliest seen and
 * filed under its month, for the onboarding-training KPI (contract §5: training before first duty).
 */

import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { localMonthOf } from '@hotline/domain'
import type { Store } from '../client'
import { isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'
import { queryItems } from '../query'

type KeysAndAttributes = NonNullable<BatchGetCommandInput['RequestItems']>[string]

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
  const candidates: string[] = []
  for await (const item of queryItems(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': partitions.firstDutiesOf(month) },
  }))
    candidates.push(String(item.agentId))
  const result = new Map<string, string>()
  for (let i = 0; i < candidates.length; i += 100) {
    for (const item of await firstDutiesOf(store, candidates.slice(i, i + 100))) {
      const at = String(item.firstDutyAt)
      if (localMonthOf(at) === month) result.set(String(item.agentId), at)
    }
  }
  return result
}

/** The authoritative first-duty items of up to 100 agents, asking again for any key DynamoDB left unprocessed. */
async function firstDutiesOf(store: Store, agentIds: readonly string[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = []
  let request: KeysAndAttributes | undefined = {
    Keys: agentIds.map((id) => keys.agentFirstDuty(id)),
    ConsistentRead: true,
  }
  for (let attempt = 0; request?.Keys?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)))
    const out: BatchGetCommandOutput = await store.doc.send(
      new BatchGetCommand({ RequestItems: { [store.tableName]: request } }),
    )
    found.push(...(out.Responses?.[store.tableName] ?? []))
    request = out.UnprocessedKeys?.[store.tableName] as KeysAndAttributes | undefined
  }
  return found
}
