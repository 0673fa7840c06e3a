/** System items: the health round trip. */
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Store } from '../client'
import { keys } from '../keys'

export type TableCheck = {
  tableName: string
  engine: Store['engine']
  /** Wall time of the round trip, in whole milliseconds. */
  latencyMs: number
}

/**
 * One strongly consistent GetItem on the health sentinel: proves the endpoint answers,
 * the table exists and this role may read it. Throws what the SDK throws otherwise.
 */
export async function checkTable(store: Store): Promise<TableCheck> {
  const started = performance.now()
  await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.system('health'), ConsistentRead: true }),
  )
  return {
    tableName: store.tableName,
    engine: store.engine,
    latencyMs: Math.round(performance.now() - started),
  }
}
