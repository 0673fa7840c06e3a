/**
 * Key builders: the only place that knows how `pk`/`sk` strings are spelled.
 *
 * Each entity gets a function returning its full key; repositories never
 * concatenate key strings themselves. Segments are joined with `#`, and a
 * segment may not contain `#` itself, so a key can always be split back.
 *
 * @example
 * keys.system('health') // { pk: 'SYS#health', sk: 'SYS#health' }
 */

export type Key = { pk: string; sk: string }

const SEP = '#'

/** Joins key segments, refusing a segment that would make the key ambiguous. */
export function joinKey(...segments: readonly string[]): string {
  for (const segment of segments) {
    if (segment.length === 0) throw new RangeError('key segment must not be empty')
    if (segment.includes(SEP)) throw new RangeError(`key segment must not contain "${SEP}": ${segment}`)
  }
  return segments.join(SEP)
}

export const keys = {
  /** A singleton system item, e.g. the health sentinel or a schema-version marker. */
  system(name: string): Key {
    const id = joinKey('SYS', name)
    return { pk: id, sk: id }
  },
} as const
