/** Opaque paging cursors: DynamoDB's LastEvaluatedKey, base64url-encoded, validated on the way back. */
import { InvalidCursorError } from './errors'

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null

/** The ExclusiveStartKey a cursor stands for; throws `InvalidCursorError` for anything else. */
export function decodeCursor(cursor: string | undefined, partitionKey: { name: string; value: string }) {
  if (cursor === undefined) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursorError()
  }
  if (
    typeof key !== 'object' ||
    key === null ||
    Array.isArray(key) ||
    !Object.values(key).every((v) => typeof v === 'string') ||
    (key as Record<string, string>)[partitionKey.name] !== partitionKey.value
  ) {
    throw new InvalidCursorError()
  }
  return key as Record<string, string>
}
