/** Reading a whole Query: every page DynamoDB returns (1 MB each), one after another. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { z } from 'zod'
import type { Store } from './client'
import { CorruptItemError } from './errors'

/** The items `input` matches on the store's table, in order, fetching the next page as they are consumed. */
export async function* queryItems(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined
  do {
    const page = await store.doc.send(
      new QueryCommand({ TableName: store.tableName, ...input, ExclusiveStartKey: start }),
    )
    yield* page.Items ?? []
    start = page.LastEvaluatedKey
  } while (start)
}

/** Every item `input` matches, parsed with `schema`; an item that does not match is a `CorruptItemError`. */
export async function queryParsed<T>(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const out: T[] = []
  for await (const item of queryItems(store, input)) {
    const parsed = schema.safeParse(item)
    if (!parsed.success)
      throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
    out.push(parsed.data)
  }
  return out
}
