/**
 * The one table's design as data: key schema, indexes, TTL attribute.
 *
 * CDK (`infra/`) and the embedded engine (`./local`) both build the table from
 * this object, so the table on AWS and the one in local mode and tests cannot drift.
 * It imports nothing, so the infra package can read it without the AWS SDK.
 */

export type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' }

export type IndexDesign = {
  readonly indexName: string
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
}

export type TableDesign = {
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
  readonly globalSecondaryIndexes: readonly IndexDesign[]
  /** Set as DynamoDB TTL on AWS; expiry is still checked in code (the local engine has no TTL). */
  readonly timeToLiveAttribute: string
}

/** Base table plus two overloaded GSIs; every projection is ALL. See the README's access patterns. */
export const tableDesign = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableDesign

export type IndexName = (typeof tableDesign.globalSecondaryIndexes)[number]['indexName']

/** Default table name in local mode and tests; on AWS the name comes from the stack's output. */
export const DEFAULT_TABLE_NAME = 'hotline'
