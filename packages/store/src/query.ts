/** Reading a whole Query: every page DynamoDB returns (1 MB each), one after another, each item parsed. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { z } from 'zod'
import type { Store } from './client'
import { CorruptItemError } from './errors'

/** The pages of items `input` matches on the store's table, in order, fetching the next as they are consumed. */
export async function* queryPages(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined
  do {
    const page = await store.doc.send(
      new QueryCommand({ TableName: store.tableName, ...input, ExclusiveStartKey: start }),
    )
    yield page.Items ?? []
    start = page.LastEvaluatedKey
  } while (start)
}

/** The items `input` matches on the store's table, in order, fetching the next page as they are consumed. */
export async function* queryItems(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>> {
  for await (const page of queryPages(store, input)) yield* page
}

/** An item read back, parsed with `schema`; one that does not match is a `CorruptItemError`. */
export function parseItem<T>(schema: z.ZodType<T>, item: Record<string, unknown>): T {
  const parsed = schema.safeParse(item)
  if (!parsed.success)
    throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
  return parsed.data
}

/** Every item `input` matches, parsed with `schema`; an item that does not match is a `CorruptItemError`. */
export async function queryParsed<T>(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const out: T[] = []
  for await (const item of queryItems(store, input)) out.push(parseItem(schema, item))
  return out
}

/**
 * Every item of the table partition `pk` (those whose sort key begins with `prefix`, when given),
 * parsed with `schema`; `consistent` for a strongly consistent read.
 */
export function queryPartition<T>(
  store: Store,
  pk: string,
  schema: z.ZodType<T>,
  options: { prefix?: string | undefined; consistent?: boolean } = {},
): Promise<T[]> {
  const { prefix, consistent } = options
  return queryParsed(
    store,
    {
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
      ...(consistent ? { ConsistentRead: true } : {}),
    },
    schema,
  )
}
