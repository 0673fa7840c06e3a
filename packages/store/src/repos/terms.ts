/**
 * The contract-terms versions saved in Settings (SPEC §2): one item holding every saved version,
 * oldest first, and how many there are. Saving appends with one conditional write on that count, so
 * two administrators saving at once cannot both succeed and the rules a new version is checked
 * against (a new name, a later month) hold for the list as stored. A version is a few kilobytes: the
 * item's 400 KB limit leaves room for far more versions than a contract's amendments.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { SavedTermsVersion } from '@hotline/domain'
import { z } from 'zod'
import type { Store } from '../client'
import { ConflictError, CorruptItemError, isConditionalCheckFailed } from '../errors'
import { keys } from '../keys'

const StoredVersions = z.object({ count: z.number().int().min(0), versions: z.array(SavedTermsVersion) })

/** The saved versions, oldest first (none when nothing was saved: the built-in document alone is in force). */
export async function listTermsVersions(store: Store): Promise<SavedTermsVersion[]> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.termsVersions(), ConsistentRead: true }),
  )
  if (!out.Item) return []
  const parsed = StoredVersions.safeParse(out.Item)
  if (!parsed.success) {
    const { pk, sk } = keys.termsVersions()
    throw new CorruptItemError({ pk, sk }, parsed.error.message)
  }
  return parsed.data.versions
}

/**
 * Appends `version` to the `known` versions (what the caller read and checked it against). When
 * another version was saved in between, nothing is written and a `ConflictError` (`terms_changed`)
 * says to reload and check again.
 */
export async function appendTermsVersion(
  store: Store,
  known: readonly SavedTermsVersion[],
  version: SavedTermsVersion,
): Promise<void> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...keys.termsVersions(), count: known.length + 1, versions: [...known, version] },
        ...(known.length === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#count = :known',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':known': known.length },
            }),
      }),
    )
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err
    throw new ConflictError('another terms version was saved meanwhile: reload and check again', undefined, {
      code: 'terms_changed',
      zh: '刚才另有人保存了条款新版本，请刷新后重新检查',
    })
  }
}
