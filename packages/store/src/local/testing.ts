/**
 * Test helpers only: reading the whole embedded table to prove what a test wrote or did not.
 * This is the one Scan in the code base, and it refuses anything but the local engine.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { assertLocalEndpoint } from '../guard'
import type { LocalStore } from './index'

/** Every item in the local table (paging through it). */
export async function scanAllItems(local: LocalStore): Promise<Record<string, unknown>[]> {
  assertLocalEndpoint(local.engine.endpoint)
  const items: Record<string, unknown>[] = []
  let start: Record<string, unknown> | undefined
  do {
    const out = await local.store.doc.send(
      new ScanCommand({ TableName: local.store.tableName, ExclusiveStartKey: start }),
    )
    items.push(...(out.Items ?? []))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}
