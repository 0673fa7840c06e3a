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
  /** A ticket, with its lifecycle history, messages and audit inside it. */
  ticket(ticketId: string): Key {
    return { pk: joinKey('TICKET', ticketId), sk: 'TICKET' }
  },
  /** Tracking code → ticket pointer (a strongly consistent lookup, created before the ticket). */
  tracking(code: string): Key {
    return { pk: joinKey('TRACK', code), sk: 'TRACK' }
  },
  /** One inbound delivery (SMS, WeChat, an idempotent web submission): the dedupe claim. */
  inbound(source: string, messageId: string): Key {
    return { pk: joinKey('INBOUND', source, messageId), sk: 'INBOUND' }
  },
  /** A named counter, advanced with ADD (ticket numbers per day). */
  sequence(name: string): Key {
    return { pk: joinKey('SEQ', name), sk: 'SEQ' }
  },
  /** An outbound message, partitioned by local day so a day's outbox is one Query. */
  outbox(day: string, at: string, id: string): Key {
    return { pk: joinKey('OUTBOX', day), sk: joinKey(at, id) }
  },
  /** A §4.3 deadline episode, filed under the local day its deadline falls on (the daily job's index). */
  episode(lastDay: string, subject: string): Key {
    return { pk: joinKey('EPISODE', lastDay), sk: subject.replaceAll('#', '/') }
  },
  /** A billing month's item: results written, its close (月度考核确认) and the contractor's answer. */
  month(month: string): Key {
    return { pk: 'MONTH', sk: joinKey(month) }
  },
  /** A fixed-window rate-limit counter. */
  rate(scope: string, subject: string, window: string): Key {
    return { pk: joinKey('RATE', scope, subject, window), sk: 'RATE' }
  },
  /** A person who signed in, in the one people partition (the sort key is the user name as given). */
  user(username: string): Key {
    return { pk: 'USER', sk: username }
  },
  /** One phone search by a person, in its month's search log. */
  phoneSearch(month: string, at: string, id: string): Key {
    return { pk: joinKey('AUDIT', 'phone-search', month), sk: joinKey(at, id) }
  },
} as const

/** GSI keys: `gsi1` indexes a citizen's tickets, newest first; `gsi2` tickets with a running clock, soonest due first. */
export const indexKeys = {
  citizen(citizenKey: string, receivedAt: string, ticketId: string) {
    return { gsi1pk: joinKey('CITIZEN', citizenKey), gsi1sk: joinKey(receivedAt, ticketId) }
  },
  openClock(nextDue: string, ticketId: string) {
    return { gsi2pk: 'OPENCLOCK', gsi2sk: joinKey(nextDue, ticketId) }
  },
} as const
