/**
 * The two batch requests, done once: BatchGetItem (up to 100 keys, strongly consistent) and
 * BatchWriteItem (25 puts), each asking again, with backoff, for whatever DynamoDB left
 * unprocessed (throttling), and giving up loudly after ten rounds. The import, the daily job and
 * the episode index read and write through these.
 */
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import type { Store } from './client'
import { eachLimited } from './concurrency'
import type { Key } from './keys'

/** BatchGetItem takes at most 100 keys, BatchWriteItem 25 writes. */
const GET_BATCH = 100
const WRITE_BATCH = 25
/** Rounds of asking again for what DynamoDB left unprocessed before giving up. */
const MAX_BATCH_ATTEMPTS = 10

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)))

type KeysAndAttributes = NonNullable<BatchGetCommandInput['RequestItems']>[string]
type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string]

/**
 * The items at `keys` that exist, read 100 to a request, consistently, `inFlight` requests at a
 * time; `projection` (with its attribute `names`) narrows what each returns. Keys must be
 * distinct; the order is not theirs.
 */
export async function batchGet(
  store: Store,
  keys: readonly Key[],
  projection?: { expression: string; names?: Record<string, string> },
  inFlight = 1,
): Promise<Record<string, unknown>[]> {
  const chunks = Array.from({ length: Math.ceil(keys.length / GET_BATCH) }, (_, i) =>
    keys.slice(i * GET_BATCH, i * GET_BATCH + GET_BATCH),
  )
  const found: Record<string, unknown>[] = []
  await eachLimited(
    chunks,
    async (chunk) => {
      let request: KeysAndAttributes | undefined = {
        Keys: chunk,
        ConsistentRead: true,
        ...(projection
          ? {
              ProjectionExpression: projection.expression,
              ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
            }
          : {}),
      }
      for (let attempt = 0; request?.Keys?.length; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS)
          throw new Error(
            `BatchGetItem: ${request.Keys.length} keys still unprocessed after ${attempt} attempts`,
          )
        if (attempt > 0) await pause(attempt)
        const out: BatchGetCommandOutput = await store.doc.send(
          new BatchGetCommand({ RequestItems: { [store.tableName]: request } }),
        )
        found.push(...(out.Responses?.[store.tableName] ?? []))
        request = out.UnprocessedKeys?.[store.tableName]
      }
    },
    inFlight,
  )
  return found
}

/** Puts `items`, 25 to a BatchWriteItem: blind puts, for items keyed by their own content's id. */
export async function batchPut(
  store: Store,
  items: readonly Record<string, unknown>[],
  inFlight = 1,
): Promise<void> {
  await batchWrite(
    store,
    items.map((Item) => ({ PutRequest: { Item } })),
    inFlight,
  )
}

/** Deletes the items at `keys`, 25 to a BatchWriteItem (a key already gone is no error). */
export async function batchDelete(store: Store, keys: readonly Key[], inFlight = 1): Promise<void> {
  await batchWrite(
    store,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    inFlight,
  )
}

/** `requests` 25 to a BatchWriteItem, `inFlight` requests at a time, each retrying what is left unprocessed. */
async function batchWrite(store: Store, requests: WriteRequests, inFlight: number): Promise<void> {
  const chunks = Array.from({ length: Math.ceil(requests.length / WRITE_BATCH) }, (_, i) =>
    requests.slice(i * WRITE_BATCH, i * WRITE_BATCH + WRITE_BATCH),
  )
  await eachLimited(
    chunks,
    async (chunk) => {
      let left = chunk
      for (let attempt = 0; left.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS)
          throw new Error(`BatchWriteItem: ${left.length} items still unprocessed after ${attempt} attempts`)
        if (attempt > 0) await pause(attempt)
        const out = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: left } }))
        left = out.UnprocessedItems?.[store.tableName] ?? []
      }
    },
    inFlight,
  )
}
