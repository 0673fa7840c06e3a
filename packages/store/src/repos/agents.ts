/**
 * Each agent's first duty on the phones (their first answered call), kept as the earliest seen and
 * filed under its month, for the onboarding-training KPI (contract §5: training before first duty).
 */

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { localMonthOf } from '@hotline/domain'
import { batchGet } from '../batch'
import type { Store } from '../client'
import { isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'
import { queryItems } from '../query'

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

/**
 * `recordFirstDuty` for each agent's first answer of a day, reading what is known first, 100 agents
 * a request: only an earlier answer than the one recorded is written (a re-run of a day writes
 * nothing). Returns how many agents got an earlier first duty.
 */
export async function recordFirstDuties(store: Store, answers: ReadonlyMap<string, string>): Promise<number> {
  const agents = [...answers.keys()]
  const known = new Map<string, string>()
  for (const item of await firstDutiesOf(store, agents))
    known.set(String(item.agentId), String(item.firstDutyAt))
  let earlier = 0
  for (const [agentId, at] of answers) {
    const recorded = known.get(agentId)
    if (recorded !== undefined && recorded <= at) continue
    if (await recordFirstDuty(store, agentId, at)) earlier++
  }
  return earlier
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
  for (const item of await firstDutiesOf(store, [...new Set(candidates)])) {
    const at = String(item.firstDutyAt)
    if (localMonthOf(at) === month) result.set(String(item.agentId), at)
  }
  return result
}

/** The authoritative first-duty items of the agents that have one. */
function firstDutiesOf(store: Store, agentIds: readonly string[]): Promise<Record<string, unknown>[]> {
  return batchGet(
    store,
    agentIds.map((id) => keys.agentFirstDuty(id)),
  )
}
