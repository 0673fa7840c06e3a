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
  /** A billing month's KPI results. */
  kpisOf: (month: string) => joinKey('KPI', month),
  /** A job's runs (`daily`, `monthly`). */
  jobRunsOf: (job: string) => joinKey('JOBRUN', job),
  /** The agents whose first duty fell in a month (pointers to `keys.agentFirstDuty`). */
  firstDutiesOf: (month: string) => joinKey('FIRSTDUTY', month),
  /** Imported records of one kind in one period (a day's calls, a week's checks …). */
  recordsOf: (prefix: RecordPrefix, period: string) => joinKey(prefix, period),
  /** Every staff event. */
  staff: 'STAFF',
  /** The quarterly payments. */
  payments: 'PAYMENT',
  /** The calendar years loaded in Settings. */
  calendarYears: 'CALENDAR',
  /** The contract-terms versions saved in Settings (one item: `keys.termsVersions`). */
  terms: 'TERMS',
  /** The departments tickets are transferred to. */
  departments: 'DEPT',
  /** The integration API keys. */
  apiKeys: 'APIKEY',
  /** Each job's high-water mark. */
  jobStates: 'JOBSTATE',
  /** Tickets with a running clock (`gsi2pk`). */
  openClocks: 'OPENCLOCK',
} as const

/** The partition prefix of each imported record kind (staff events have one partition: `partitions.staff`). */
export const recordPrefixes = {
  call: 'CALL',
  rating: 'RATING',
  publication: 'PUB',
  incident: 'INCIDENT',
  facility_check: 'CHECK',
  training: 'TRAINING',
} as const
export type RecordPrefix = (typeof recordPrefixes)[keyof typeof recordPrefixes]

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
  /** A quarter's payment. */
  payment(quarter: number): Key {
    return { pk: partitions.payments, sk: `Q${quarter}` }
  },
  /** A calendar year loaded in Settings. */
  calendarYear(year: number): Key {
    return { pk: partitions.calendarYears, sk: String(year) }
  },
  /** Every contract-terms version saved in Settings, in one item (saved with one conditional write). */
  termsVersions(): Key {
    return { pk: partitions.terms, sk: 'VERSIONS' }
  },
  /** A department. */
  department(departmentId: string): Key {
    return { pk: partitions.departments, sk: departmentId }
  },
  /** An integration API key. */
  apiKey(keyId: string): Key {
    return { pk: partitions.apiKeys, sk: keyId }
  },
  /** A job's high-water mark (the last period it finished). */
  jobState(job: string): Key {
    return { pk: partitions.jobStates, sk: job }
  },
  /** A KPI result, in its billing month (`id`: `kpiResultId`). */
  kpiResult(month: string, id: string): Key {
    return { pk: partitions.kpisOf(month), sk: id }
  },
  /** One run of a job: by period, then start. */
  jobRun(job: string, period: string, startedAt: string): Key {
    return { pk: partitions.jobRunsOf(job), sk: `${period}|${startedAt}` }
  },
  /** An agent's first duty (the authoritative record). */
  agentFirstDuty(agentId: string): Key {
    return { pk: joinKey('AGENT', agentId), sk: 'FIRSTDUTY' }
  },
  /** The pointer to an agent's first duty in its month's partition. */
  firstDutyOfMonth(month: string, agentId: string): Key {
    return { pk: partitions.firstDutiesOf(month), sk: agentId }
  },
  /**
   * An imported record in its kind's period partition. One id is the sort key as it is (a call's,
   * a publication's); several are joined (a rating's ticket and time).
   */
  record(prefix: RecordPrefix, period: string, id: string, ...more: readonly string[]): Key {
    return { pk: partitions.recordsOf(prefix, period), sk: more.length === 0 ? id : joinKey(id, ...more) }
  },
  /** A staff event, in the one staff partition. */
  staffEvent(staffId: string, at: string, type: string): Key {
    return { pk: partitions.staff, sk: joinKey(staffId, at, type) }
  },
  /** The sort-key prefix of one person's staff events. */
  staffEventsPrefix(staffId: string): string {
    return `${joinKey(staffId)}${SEP}`
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
    return { gsi2pk: partitions.openClocks, gsi2sk: joinKey(nextDue, ticketId) }
  },
  /** A training record in its person's `gsi1` partition, by time. */
  staffTraining(staffId: string, at: string) {
    return { gsi1pk: joinKey('STAFFTRAIN', staffId), gsi1sk: at }
  },
  /** A deduction in its status's `gsi1` partition, by billing month then id. */
  deductionStatus(status: string, month: string, deductionId: string) {
    return { gsi1pk: partitions.deductionsIn(status), gsi1sk: `${month}|${deductionId}` }
  },
} as const
