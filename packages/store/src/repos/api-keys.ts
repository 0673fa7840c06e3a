/**
 * API keys of machine clients (the call-centre platform): `<keyId>.<secret>`, of which only the
 * key id and a SHA-256 of the secret are stored. Keys live in one partition, listed by a Query.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import type { Store } from '../client'
import { ConflictError, CorruptItemError, isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'
import { queryPartition } from '../query'
import { AuditEntry } from './tickets'

export const ApiKeyItem = z.object({
  keyId: z.string(),
  name: z.string(),
  secretHash: z.string(),
  roles: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  audit: z.array(AuditEntry),
})
export type ApiKeyItem = z.infer<typeof ApiKeyItem>

const key = keys.apiKey

function parse(item: Record<string, unknown>): ApiKeyItem {
  const parsed = ApiKeyItem.safeParse(item)
  if (!parsed.success)
    throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
  return parsed.data
}

export async function createApiKey(store: Store, item: ApiKeyItem): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...key(item.keyId), ...item },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  )
}

export async function getApiKey(store: Store, keyId: string): Promise<ApiKeyItem | null> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key(keyId) }))
  return Item ? parse(Item) : null
}

/** Every API key, by key id (all pages of the partition). */
export async function listApiKeys(store: Store): Promise<ApiKeyItem[]> {
  return queryPartition(store, partitions.apiKeys, ApiKeyItem)
}

/** Revokes a key (once), auditing who did it. */
export async function revokeApiKey(store: Store, keyId: string, by: string, at: string): Promise<ApiKeyItem> {
  try {
    const out = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key(keyId),
        UpdateExpression: 'SET revokedAt = :at, audit = list_append(audit, :e)',
        ConditionExpression: 'attribute_exists(pk) AND attribute_type(revokedAt, :null)',
        ExpressionAttributeValues: { ':at': at, ':null': 'NULL', ':e': [{ at, by, action: 'revoke' }] },
        ReturnValues: 'ALL_NEW',
      }),
    )
    return parse(out.Attributes ?? {})
  } catch (err) {
    if (isConditionalCheckFailed(err))
      throw new ConflictError(`API key ${keyId} does not exist or is already revoked`)
    throw err
  }
}
