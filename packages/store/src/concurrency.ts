/** Running many store calls a few at a time: enough to overlap round trips, not to flood the table. */

/**
 * Runs `step` on each item (with its index in `items`), at most `limit` at a time. Once a step
 * fails no further item is started; the first failure is thrown when the steps under way have ended.
 */
export async function eachLimited<T>(
  items: readonly T[],
  step: (item: T, index: number) => Promise<void>,
  limit = 8,
): Promise<void> {
  let next = 0
  let failure = null as { error: unknown } | null
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next++
      try {
        await step(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== null) throw failure.error
}

/** `step` on each item, at most `limit` at a time, its results in the items' order (`eachLimited`'s rules on failure). */
export async function mapLimited<T, R>(
  items: readonly T[],
  step: (item: T, index: number) => Promise<R>,
  limit = 8,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  await eachLimited(
    items,
    async (item, index) => {
      results[index] = await step(item, index)
    },
    limit,
  )
  return results
}
