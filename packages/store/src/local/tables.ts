/**
 * Creating and dropping the table on the embedded engine, from the one table design.
 *
 * Every function here calls the loopback guard first: on AWS the table is CDK's.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb'
import { createDynamoClient } from '../client'
import { assertLocalEndpoint } from '../guard'
import { type TableDesign, tableDesign } from '../table'

/** The CreateTable request for `design`, on-demand billing, every index projecting ALL. */
export function createTableInput(
  tableName: string,
  design: TableDesign = tableDesign,
): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>()
  const keyAttrs = [
    design.partitionKey,
    design.sortKey,
    ...design.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]
  for (const { name, type } of keyAttrs) attributes.set(name, type)
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  }
}

/** Creates the table if missing and waits until it is ACTIVE. Returns whether it created it. */
export async function ensureTable({
  endpoint,
  tableName,
}: {
  endpoint: string
  tableName: string
}): Promise<boolean> {
  assertLocalEndpoint(endpoint)
  const client = createDynamoClient({ endpoint })
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }))
      return false
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)))
    for (let attempt = 0; attempt < 200; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
      if (Table?.TableStatus === 'ACTIVE') return true
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`table ${tableName} did not become ACTIVE`)
  } finally {
    client.destroy()
  }
}

/** Drops the table (tests that need a clean slate). Missing table is not an error. */
export async function dropTable({
  endpoint,
  tableName,
}: {
  endpoint: string
  tableName: string
}): Promise<void> {
  assertLocalEndpoint(endpoint)
  const client = createDynamoClient({ endpoint })
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }))
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err
  } finally {
    client.destroy()
  }
}
