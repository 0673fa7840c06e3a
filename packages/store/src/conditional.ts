/** Conditional writes: whether one went through, and an update that answers the item as updated. */
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Store } from './client'
import { isConditionalCheckFailed } from './errors'
import type { Key } from './keys'

/** Whether a conditional write went through: `false` when its condition failed; any other failure is thrown. */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write
    return true
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false
    throw err
  }
}

/** An UpdateItem's expressions and condition (the table, key and return values are the caller's). */
export type ItemUpdate = Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>

/**
 * Applies `update` to the item at `key` and returns the item as updated; when its condition fails,
 * throws what `lost` answers (it may read the item as it now is).
 */
export async function updateItem(
  store: Store,
  key: Key,
  update: ItemUpdate,
  lost: () => Promise<Error>,
): Promise<Record<string, unknown>> {
  try {
    const out = await store.doc.send(
      new UpdateCommand({ TableName: store.tableName, Key: key, ...update, ReturnValues: 'ALL_NEW' }),
    )
    return out.Attributes ?? {}
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err
    throw await lost()
  }
}
