/** Reading a whole Query: every page DynamoDB returns (1 MB each), one after another. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Store } from './client'

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
