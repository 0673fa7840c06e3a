/**
 * What the Settings-backed sources (the calendar years, the terms versions) share: a `reload()` that
 * reads the store now, and a `refresh()` each request calls, which reloads only when the last read is
 * older than `maxAgeMs` (cheap otherwise). A failed read keeps what is in force and is retried ten
 * seconds later, so a throttled table never fails a request for want of a settings read.
 */
export type Reloading = {
  /** Reads the stored settings now. */
  reload(): Promise<void>
  /** Reloads when the last read is older than `maxAgeMs`. */
  refresh(): Promise<void>
}

export function reloading(read: () => Promise<void>, maxAgeMs: number): Reloading {
  let loadedAt = Number.NEGATIVE_INFINITY
  const reload = async () => {
    await read()
    loadedAt = performance.now()
  }
  return {
    reload,
    async refresh() {
      if (performance.now() - loadedAt <= maxAgeMs) return
      try {
        await reload()
      } catch {
        loadedAt = performance.now() - maxAgeMs + 10_000
      }
    },
  }
}
