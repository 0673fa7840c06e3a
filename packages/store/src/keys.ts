/**
 * Key builders: the only place that knows how `pk`/`sk` strings are spelled.
 *
 * Each entity gets a function returning its full key; repositories never
 * concatenate key strings themselves. Segments are joined with `#`, and a
 * segment may not contain `#` itself, so a key can always be split back.
 * A value from outside — a provider's message id, a caller's address, a citizen key — is
 * never spelled into a key as it is: `digestSegment` turns it into a fixed-length digest, so
 * any content is a safe key and no key carries an openid or a phone number into a log.
 *
 * @example
 * keys.system('health') // { pk: 'SYS#health', sk: 'SYS#health' }
 */

import { createHash } from 'node:crypto'

export type Key = { pk: string; sk: string }

const SEP = '#'

/**
 * Joins key segments, refusing a segment that would make the key ambiguous. The message never
 * repeats the segment: it may be a value from outside.
 */
export function joinKey(...segments: readonly string[]): string {
  for (const [i, segment] of segments.entries()) {
    if (segment.length === 0) throw new RangeError(`key segment ${i} must not be empty`)
    if (segment.includes(SEP)) throw new RangeError(`key segment ${i} must not contain "${SEP}"`)
  }
  return segments.join(SEP)
}

/**
 * A value from outside as a key segment: the base64url SHA-256 of its UTF-8 (43 characters of
 * `A–Z a–z 0–9 - _`). Any content — `#`, `/`, spaces, NUL, 5,000 characters — gives a valid key
 * far below DynamoDB's 2,048-byte limit; two values share a segment only if SHA-256 collides; and
 * the key names nothing (a WeChat openid, a phone number) should it reach a log.
 *
 * @example digestSegment('ab#2') // 'yJm7…' (43 characters)
 */
export function digestSegment(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url')
}

/** The partitions a Query reads whole (or by a sort-key prefix): on the table, and `gsi1`'s of deductions. */
export const partitions = {
  /** Every billing month's item. */
  months: 'MONTH',
  /** Everyone who signed in. */
  people: 'USER',
  /** A billing month's deductions. */
  deductionsOf: (month: string) => joinKey('DED', month),
  /** The deductions in one status, across months (`gsi1pk`). */
  deductionsIn: (status: string) => joinKey('DEDSTATUS', status),
  /** A month's phone-search log. */
  phoneSearchesOf: (month: string) => joinKey('AUDIT', 'phone-search', month),
} as const

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
  /**
   * One inbound delivery (SMS, WeChat, an idempotent web submission): the dedupe claim. The
   * provider's id (which may hold an openid, `#` or 3,000 digits) is digested.
   */
  inbound(source: string, messageId: string): Key {
    return { pk: joinKey('INBOUND', source, digestSegment(messageId)), sk: 'INBOUND' }
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
    return { pk: partitions.months, sk: joinKey(month) }
  },
  /** A deduction, filed under its billing month. */
  deduction(month: string, deductionId: string): Key {
    return { pk: partitions.deductionsOf(month), sk: deductionId }
  },
  /** A fixed-window rate-limit counter; the subject (a caller's address, a citizen key) is digested. */
  rate(scope: string, subject: string, window: string): Key {
    return { pk: joinKey('RATE', scope, digestSegment(subject), window), sk: 'RATE' }
  },
  /** A person who signed in, in the one people partition (the sort key is the user name as given). */
  user(username: string): Key {
    return { pk: partitions.people, sk: username }
  },
  /** One phone search by a person, in its month's search log. */
  phoneSearch(month: string, at: string, id: string): Key {
    return { pk: partitions.phoneSearchesOf(month), sk: joinKey(at, id) }
  },
} as const

/**
 * GSI keys: `gsi1` indexes a citizen's tickets, newest first, and deductions by status; `gsi2` tickets with a
 * running clock, soonest due first.
 */
export const indexKeys = {
  citizen(citizenKey: string, receivedAt: string, ticketId: string) {
    return { gsi1pk: joinKey('CITIZEN', citizenKey), gsi1sk: joinKey(receivedAt, ticketId) }
  },
  openClock(nextDue: string, ticketId: string) {
    return { gsi2pk: 'OPENCLOCK', gsi2sk: joinKey(nextDue, ticketId) }
  },
  /** A deduction in its status's `gsi1` partition, by billing month then id. */
  deductionStatus(status: string, month: string, deductionId: string) {
    return { gsi1pk: partitions.deductionsIn(status), gsi1sk: `${month}|${deductionId}` }
  },
} as const
