/**
 * The local store hands its requests to the embedded engine in this process (`local/in-process.ts`),
 * and another client still reaches the same engine over loopback HTTP: both see one table, and
 * the engine's answers (items, pages, refusals, errors) reach the SDK the same way.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStore, type Store } from '../src'
import { type LocalStore, startLocalStore } from '../src/local'

let local: LocalStore
let overHttp: Store

beforeAll(async () => {
  local = await startLocalStore()
  overHttp = createStore({ endpoint: local.engine.endpoint, tableName: local.store.tableName })
})
afterAll(async () => {
  overHttp.doc.destroy()
  await local.close()
})

const put = (store: Store, pk: string, extra: Record<string, unknown> = {}) =>
  store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk, sk: 'A', ...extra } }))
const get = async (store: Store, pk: string) =>
  (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk, sk: 'A' } }))).Item

describe('the local store talks to the engine in process', () => {
  it('uses the engine’s in-process handler, and the engine still serves loopback HTTP', async () => {
    expect(local.store.doc.config.requestHandler).toBe(local.engine.requestHandler)
    await put(local.store, 'IN#1', { note: '市民来电' })
    await put(overHttp, 'HTTP#1', { n: 7 })
    expect(await get(overHttp, 'IN#1')).toEqual({ pk: 'IN#1', sk: 'A', note: '市民来电' })
    expect(await get(local.store, 'HTTP#1')).toEqual({ pk: 'HTTP#1', sk: 'A', n: 7 })
  })

  it('passes a refused condition back as the SDK’s ConditionalCheckFailedException', async () => {
    await put(local.store, 'COND#1', { version: 1 })
    const refused = local.store.doc.send(
      new PutCommand({
        TableName: local.store.tableName,
        Item: { pk: 'COND#1', sk: 'A', version: 2 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    await expect(refused).rejects.toBeInstanceOf(ConditionalCheckFailedException)
    expect(await get(local.store, 'COND#1')).toMatchObject({ version: 1 })
  })

  it('passes the engine’s own errors through: an operation it lacks, an invalid request', async () => {
    const transaction = local.store.doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: local.store.tableName, Item: { pk: 'TX#1', sk: 'A' } } }],
      }),
    )
    await expect(transaction).rejects.toMatchObject({ name: 'UnknownOperationException' })
    const invalid = local.store.doc.send(
      new PutCommand({ TableName: local.store.tableName, Item: { pk: 'NO-SK' } }),
    )
    await expect(invalid).rejects.toMatchObject({ name: 'ValidationException' })
  })

  it('reads a partition across pages as loopback HTTP does', async () => {
    const big = 'x'.repeat(40_000)
    for (let i = 0; i < 40; i++) {
      await local.store.doc.send(
        new PutCommand({
          TableName: local.store.tableName,
          Item: { pk: 'PAGE#1', sk: String(i).padStart(3, '0'), big },
        }),
      )
    }
    const pages = async (store: Store) => {
      const sizes: number[] = []
      let start: Record<string, unknown> | undefined
      do {
        const out = await store.doc.send(
          new QueryCommand({
            TableName: store.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'PAGE#1' },
            ExclusiveStartKey: start,
          }),
        )
        sizes.push(out.Items?.length ?? 0)
        start = out.LastEvaluatedKey
      } while (start)
      return sizes
    }
    const inProcess = await pages(local.store)
    expect(inProcess.length).toBeGreaterThan(1)
    expect(inProcess.reduce((a, b) => a + b, 0)).toBe(40)
    expect(await pages(overHttp)).toEqual(inProcess)
  })
})

describe('a store over loopback HTTP, when asked', () => {
  it('does not use the in-process handler with inProcess: false', async () => {
    const other = await startLocalStore({ inProcess: false })
    try {
      expect(other.store.doc.config.requestHandler).not.toBe(other.engine.requestHandler)
      await put(other.store, 'HTTP#2')
      expect(await get(other.store, 'HTTP#2')).toEqual({ pk: 'HTTP#2', sk: 'A' })
    } finally {
      await other.close()
    }
  })
})
