/** Named store errors: what repositories turn SDK failures into, for the one HTTP error mapping. */

/**
 * A conditional write lost: the item is not in the state the caller expected (HTTP 409 upstream).
 * `code` names why for clients (`stale_version`, `already_decided`…; `conflict` when absent), and
 * `messageZh` says it in Chinese.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError'
  readonly code: string | undefined
  readonly messageZh: string | undefined
  constructor(
    message: string,
    readonly current?: unknown,
    reason?: { code: string; zh?: string },
  ) {
    super(message)
    this.code = reason?.code
    this.messageZh = reason?.zh
  }
}

/** A `ConflictError` with the code and words of why (a domain `ConflictWords`), carrying the item as it now is. */
export const conflictOf = (why: { code: string; en: string; zh: string }, current?: unknown): ConflictError =>
  new ConflictError(why.en, current, { code: why.code, zh: why.zh })

/**
 * The item a read or write is about is not there (HTTP 404 upstream): `code` is `not_found`, and
 * `messageZh` says what is missing in Chinese.
 */
export class MissingItemError extends Error {
  override readonly name = 'MissingItemError'
  readonly code = 'not_found'
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message)
  }
}

/** A `MissingItemError` with the words of what is missing (a domain `ConflictWords`' will do: its code is not read). */
export const missingOf = (words: { en: string; zh: string }): MissingItemError =>
  new MissingItemError(words.en, words.zh)

/** An item read back does not match its schema: a bug or a manual edit, never the client's fault. */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError'
  constructor(
    readonly key: { pk: string; sk: string },
    readonly issues: string,
  ) {
    super(`item ${key.pk}/${key.sk} does not match its schema: ${issues}`)
  }
}

export const isConditionalCheckFailed = (err: unknown): boolean =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException'

/** A paging cursor that this API did not hand out (HTTP 400 upstream). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError'
  constructor() {
    super('invalid cursor: pass back the cursor a previous page returned')
  }
}
