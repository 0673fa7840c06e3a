/**
 * A file's records held in memory the way the store would hold them after an import, for replay:
 * each record under the store's own key (`recordKey`: its partition and identity; the first write
 * wins, as `putRecord` without a source version), tickets built from their events by the
 * lifecycle's own decision (`planTicketEvent`, lenient as an import), and the episode index their
 * writes file (`episodeIndexEntries`: `withClocks`'s entries) — nothing but what the jobs read. No
 * store, no engine: about a kilobyte a line rather than a database's per-item overhead.
 */
import {
  type HotlineRecord,
  type Ticket,
  type TicketEventRecord,
  type TrainingRecord,
  ticketEventRecords,
  toInstant,
} from '@hotline/domain'
import {
  type EpisodeIndexEntry,
  keys,
  recordKey,
  recordPartition,
  type StoredKind,
  type StoredRecord,
} from '@hotline/store'
import type { JobRules } from '../jobs/jobs'
import type { JobSources } from '../jobs/sources'
import { eventInputOf, type IngestOutcome } from '../operations/ingest'
import { planTicketEvent } from '../tickets/lifecycle'
import { episodeIndexEntries } from '../tickets/write'

/** Who replay's events are recorded by (the import's principal). */
const REPLAY_USER = 'replay'

export type MemoryRecords = {
  /** Partition → sort key → record, as `putRecord` files them. */
  partitions: Map<string, Map<string, StoredRecord>>
  /** Staff id → training records (the store's `gsi1`). */
  trainingsByStaff: Map<string, TrainingRecord[]>
  tickets: Map<string, MemoryTicket>
  /** The partition of a deadline (or receipt) day → sort key → entry, as `indexEpisodes` files them. */
  episodes: Map<string, Map<string, EpisodeIndexEntry>>
}

/** A ticket as the import leaves it (but for its running clocks, which the jobs never read). */
type MemoryTicket = {
  ticket: Ticket
  /** Its latest event's instant, in epoch ms. */
  latestMs: number
  /** Its current state's episodes are not filed yet (`fileEpisodes` files them). */
  unfiled: boolean
  /** Its history as SPEC §9 ticket events, once the jobs have asked (it no longer changes then). */
  records?: TicketEventRecord[]
}

export const emptyRecords = (): MemoryRecords => ({
  partitions: new Map(),
  trainingsByStaff: new Map(),
  tickets: new Map(),
  episodes: new Map(),
})

/**
 * Adds one validated record as the import would: `created`, `duplicate` (the same key is there:
 * the first line wins) or, for a ticket event, `applied` to its ticket.
 */
export function addRecord(memory: MemoryRecords, rules: JobRules, record: HotlineRecord): IngestOutcome {
  if (record.kind === 'ticket_event') return addTicketEvent(memory, rules, record)
  const stored = record as StoredRecord
  const { pk, sk } = recordKey(stored)
  const partition = memory.partitions.get(pk) ?? new Map<string, StoredRecord>()
  if (partition.has(sk)) return 'duplicate'
  partition.set(sk, stored)
  memory.partitions.set(pk, partition)
  if (stored.kind === 'training') {
    const trainings = memory.trainingsByStaff.get(stored.staffId) ?? []
    trainings.push(stored)
    memory.trainingsByStaff.set(stored.staffId, trainings)
  }
  return 'created'
}

/**
 * A ticket event through the lifecycle's decision. The store files the episode index of every state
 * a ticket passes through (`withClocks` on each write), and the index keeps them all. Here a state's
 * entries are filed only when the next event might not keep them: an event that is not a `received`
 * and is later than all the ticket's events only adds to the end of its timeline, so every episode
 * stays (same start, same number, same deadline) and the next state's entries include this one's.
 * Any other event (a `received`, one out of time order) files the state before it; `fileEpisodes`
 * files the last state of each ticket. The union is the store's index.
 */
function addTicketEvent(memory: MemoryRecords, rules: JobRules, record: TicketEventRecord): IngestOutcome {
  const current = memory.tickets.get(record.ticketId)
  const at = toInstant(record.at)
  const plan = planTicketEvent(
    current?.ticket ?? null,
    record.ticketId,
    { ...eventInputOf(record), at },
    REPLAY_USER,
    { lenient: true },
  )
  if (plan.kind === 'duplicate') return 'duplicate'
  const ms = Date.parse(at)
  if (current?.unfiled && (record.type === 'received' || ms <= current.latestMs)) {
    fileTicket(memory, rules, current)
  }
  memory.tickets.set(record.ticketId, {
    ticket: plan.kind === 'create' ? plan.ticket : plan.next,
    latestMs: Math.max(ms, current?.latestMs ?? ms),
    unfiled: true,
  })
  return plan.kind === 'create' ? 'created' : 'applied'
}

/** Files a ticket's current state in the episode index, as `indexEpisodes` would. */
function fileTicket(memory: MemoryRecords, rules: JobRules, current: MemoryTicket): void {
  for (const entry of episodeIndexEntries(rules, current.ticket)) {
    const { pk, sk } = keys.episode(entry.lastDay, entry.subject)
    const day = memory.episodes.get(pk) ?? new Map<string, EpisodeIndexEntry>()
    day.set(sk, entry)
    memory.episodes.set(pk, day)
  }
  current.unfiled = false
}

/** Files the last state of every ticket: the episode index is complete once every line is in. */
export function fileEpisodes(memory: MemoryRecords, rules: JobRules): void {
  for (const current of memory.tickets.values()) if (current.unfiled) fileTicket(memory, rules, current)
}

/**
 * DynamoDB's order of string sort keys: by UTF-8 bytes, which is code-point order (JavaScript's
 * `<` compares UTF-16 code units, which differs past U+FFFF).
 */
export function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const surrogate = (c: number) => c >= 0xd800 && c <= 0xdfff
    if (surrogate(x) !== surrogate(y)) return surrogate(x) ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

/** The records of one partition in sort-key order, as a Query returns them. */
function partitionOf<K extends StoredKind>(memory: MemoryRecords, kind: K, period: string) {
  const partition = memory.partitions.get(recordPartition(kind, period))
  if (!partition) return []
  return [...partition]
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([, record]) => record as Extract<StoredRecord, { kind: K }>)
}

/** What the jobs' runs of this replay have written so far: the results and the first duties. */
export type MemoryRunState = Pick<JobSources, 'firstDutiesOfMonth' | 'kpiResultsOfMonth'>

/** The jobs' inputs read from `memory`, and from `runs` for what earlier runs wrote. */
export function memorySources(memory: MemoryRecords, runs: MemoryRunState): JobSources {
  return {
    callPages: async function* (date) {
      yield partitionOf(memory, 'call', date)
    },
    publications: async (date) => partitionOf(memory, 'publication', date),
    ticketsFiledOn: async (date, kinds) => {
      const ids = new Set<string>()
      for (const entry of memory.episodes.get(keys.episode(date, 'x').pk)?.values() ?? []) {
        if (!kinds || kinds.includes(entry.kind)) ids.add(entry.ticketId)
      }
      return [...ids].sort()
    },
    ticketEvents: async (ids) =>
      [...new Set(ids)].flatMap((id) => {
        const found = memory.tickets.get(id)
        if (!found) return []
        found.records ??= ticketEventRecords(found.ticket)
        return found.records
      }),
    ratings: async (month) => partitionOf(memory, 'rating', month),
    trainings: async (month) => partitionOf(memory, 'training', month),
    incidents: async (month) => partitionOf(memory, 'incident', month),
    facilityChecks: async (week) => partitionOf(memory, 'facility_check', week),
    staffEvents: async () => partitionOf(memory, 'staff_event', ''),
    trainingsOf: async (staffId) =>
      [...(memory.trainingsByStaff.get(staffId) ?? [])].sort((a, b) => byteOrder(a.at, b.at)),
    firstDutiesOfMonth: runs.firstDutiesOfMonth,
    kpiResultsOfMonth: runs.kpiResultsOfMonth,
  }
}
