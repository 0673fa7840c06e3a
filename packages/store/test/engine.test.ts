/**
 * What the embedded engine (dynalite) supports and lacks, proven against it through the
 * real AWS SDK. The store's README cites these tests: change one, change the README.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkTable, createDynamoClient, tableDesign } from '../src'
import { type LocalStore, startLocalStore } from '../src/local'

let local: LocalStore
const T = () => local.store.tableName
const doc = () => local.store.doc

beforeAll(async () => {
  local = await startLocalStore()
})
afterAll(async () => {
  await local.close()
})

describe('table creation from the design', () => {
  it('creates the table ACTIVE with the design keys and every GSI', async () => {
    const client = createDynamoClient({ endpoint: local.engine.endpoint })
    const { Table } = await client.send(new DescribeTableCommand({ TableName: T() }))
    client.destroy()
    expect(local.createdTable).toBe(true)
    expect(Table?.TableStatus).toBe('ACTIVE')
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      tableDesign.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    )
  })

  it('answers the health round trip with the table name and engine', async () => {
    const check = await checkTable(local.store)
    expect(check).toMatchObject({ tableName: 'hotline', engine: 'dynalite' })
    expect(check.latencyMs).toBeGreaterThanOrEqual(0)
  })
})

describe('supported: single-item conditional writes', () => {
  it('attribute_not_exists makes a create idempotent: the second one fails by name', async () => {
    const put = () =>
      doc().send(
        new PutCommand({
          TableName: T(),
          Item: { pk: 'C#1', sk: 'C#1', v: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    await put()
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException)
  })

  it('a version check rejects a stale update and keeps the item unchanged', async () => {
    await doc().send(
      new PutCommand({ TableName: T(), Item: { pk: 'V#1', sk: 'V#1', version: 1, amount: 100 } }),
    )
    const update = (seen: number, amount: number) =>
      doc().send(
        new UpdateCommand({
          TableName: T(),
          Key: { pk: 'V#1', sk: 'V#1' },
          UpdateExpression: 'SET amount = :a, version = version + :one',
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':a': amount, ':seen': seen, ':one': 1 },
        }),
      )
    await update(1, 200)
    await expect(update(1, 300)).rejects.toBeInstanceOf(ConditionalCheckFailedException)
    const { Item } = await doc().send(
      new GetCommand({ TableName: T(), Key: { pk: 'V#1', sk: 'V#1' }, ConsistentRead: true }),
    )
    expect(Item).toMatchObject({ version: 2, amount: 200 })
  })

  it('ADD counts concurrent increments exactly', async () => {
    const key = { pk: 'N#seq', sk: 'N#seq' }
    await Promise.all(
      Array.from({ length: 40 }, () =>
        doc().send(
          new UpdateCommand({
            TableName: T(),
            Key: key,
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
    )
    const { Item } = await doc().send(new GetCommand({ TableName: T(), Key: key, ConsistentRead: true }))
    expect(Item?.n).toBe(40)
  })

  it('list_append keeps an audit history inside the item it audits, in one write', async () => {
    const key = { pk: 'A#1', sk: 'A#1' }
    for (const entry of ['created', 'approved']) {
      await doc().send(
        new UpdateCommand({
          TableName: T(),
          Key: key,
          UpdateExpression: 'SET history = list_append(if_not_exists(history, :empty), :entry)',
          ExpressionAttributeValues: { ':empty': [], ':entry': [{ what: entry }] },
        }),
      )
    }
    const { Item } = await doc().send(new GetCommand({ TableName: T(), Key: key }))
    expect(Item?.history).toEqual([{ what: 'created' }, { what: 'approved' }])
  })
})

describe('supported: queries on GSIs and paging', () => {
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      const n = String(i).padStart(2, '0')
      await doc().send(
        new PutCommand({
          TableName: T(),
          Item: { pk: `P#${n}`, sk: 'P', gsi1pk: 'DAY#2026-10-09', gsi1sk: `T#${n}` },
        }),
      )
    }
  })

  it('queries an index in sort-key order', async () => {
    const out = await doc().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: { ':p': 'DAY#2026-10-09', ':s': 'T#1' },
      }),
    )
    expect(out.Items?.map((i) => i.gsi1sk)).toEqual(Array.from({ length: 10 }, (_, i) => `T#1${i}`))
  })

  it('pages with Limit and ExclusiveStartKey until every item is read once', async () => {
    const seen: string[] = []
    let start: Record<string, unknown> | undefined
    let pages = 0
    do {
      const out: QueryCommandOutput = await doc().send(
        new QueryCommand({
          TableName: T(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'DAY#2026-10-09' },
          Limit: 10,
          ExclusiveStartKey: start,
        }),
      )
      seen.push(...(out.Items ?? []).map((i) => String(i.gsi1sk)))
      start = out.LastEvaluatedKey
      pages++
    } while (start)
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
    expect(pages).toBe(3)
  })
})

describe('supported: batch writes', () => {
  it('writes 25 items in one BatchWriteItem', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      PutRequest: { Item: { pk: 'B#day', sk: `B#${String(i).padStart(2, '0')}` } },
    }))
    const out = await doc().send(new BatchWriteCommand({ RequestItems: { [T()]: items } }))
    expect(out.UnprocessedItems ?? {}).toEqual({})
    const q = await doc().send(
      new QueryCommand({
        TableName: T(),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'B#day' },
        Select: 'COUNT',
      }),
    )
    expect(q.Count).toBe(25)
  })

  it('rejects more than 25 requests in one batch, like DynamoDB', async () => {
    const items = Array.from({ length: 26 }, (_, i) => ({
      PutRequest: { Item: { pk: 'B#over', sk: `B#${i}` } },
    }))
    await expect(doc().send(new BatchWriteCommand({ RequestItems: { [T()]: items } }))).rejects.toThrow(/25/)
  })
})

describe('lacking: transactions and TTL (why the store rests on single-item writes)', () => {
  it('has no TransactWriteItems', async () => {
    const tx = new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: T(), Item: { pk: 'X#1', sk: 'X#1' } } }],
    })
    await expect(doc().send(tx)).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    })
    const { Item } = await doc().send(new GetCommand({ TableName: T(), Key: { pk: 'X#1', sk: 'X#1' } }))
    expect(Item).toBeUndefined()
  })

  it('has no UpdateTimeToLive, and keeps an item whose expiry has passed', async () => {
    const client = createDynamoClient({ endpoint: local.engine.endpoint })
    await expect(
      client.send(
        new UpdateTimeToLiveCommand({
          TableName: T(),
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnknownOperationException' })
    client.destroy()
    const past = Math.floor(Date.UTC(2020, 0, 1) / 1000)
    await doc().send(new PutCommand({ TableName: T(), Item: { pk: 'E#1', sk: 'E#1', expiresAt: past } }))
    const { Item } = await doc().send(new GetCommand({ TableName: T(), Key: { pk: 'E#1', sk: 'E#1' } }))
    expect(Item).toMatchObject({ expiresAt: past })
  })
})

describe('persistent mode', () => {
  it('keeps data in its folder across restarts and does not recreate the table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-store-'))
    try {
      const first = await startLocalStore({ path: dir })
      expect(first.createdTable).toBe(true)
      await first.store.doc.send(
        new PutCommand({ TableName: 'hotline', Item: { pk: 'K#1', sk: 'K#1', v: 'kept' } }),
      )
      await first.close()

      const second = await startLocalStore({ path: dir })
      expect(second.createdTable).toBe(false)
      const { Item } = await second.store.doc.send(
        new GetCommand({ TableName: 'hotline', Key: { pk: 'K#1', sk: 'K#1' } }),
      )
      await second.close()
      expect(Item).toMatchObject({ v: 'kept' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
