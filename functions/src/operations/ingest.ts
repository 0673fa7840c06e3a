/**
 * Ingesting records (SPEC §9) from any entry — the records APIs, the NDJSON import, the call
 * importers: each record is validated whole, written once (a repeated delivery changes nothing),
 * and ticket events go through the ticket lifecycle. A line that fails writes nothing.
 */
import {
  HotlineRecord,
  type Principal,
  type Ticket,
  type TicketEvent,
  type TicketEventRecord,
  toInstant,
} from '@hotline/domain'
import {
  applyTicketEvents,
  ConflictError,
  createTicket,
  type EpisodeIndexEntry,
  eachLimited,
  getTickets,
  indexEpisodes,
  type Provenance,
  type PutOutcome,
  putRecord,
  putRecords,
  recordKey,
  type StoredRecord,
  type TicketChange,
} from '@hotline/store'
import type { IntakeDeps } from '../intake/usecases'
import { type EventInput, planTicketEvent, recordTicketEvent } from '../tickets/lifecycle'
import { withClocks } from '../tickets/write'

export type IngestOutcome = PutOutcome | 'applied'

export type IngestOptions = {
  /** Where it came from: `api`, `import`, `connect`, `asterisk`… */
  source: string
  principal: Principal
  /** A source's version of the record (Connect's LastUpdateTimestamp); newer replaces older. */
  version?: number | undefined
  /** Accept a ticket's first event whatever it is (an export that starts mid-story). */
  lenient?: boolean
}

export async function ingestRecord(
  deps: IntakeDeps,
  record: HotlineRecord,
  options: IngestOptions,
): Promise<IngestOutcome> {
  if (record.kind === 'ticket_event') return ingestTicketEvent(deps, record, options)
  return putRecord(deps.store, record as StoredRecord, provenanceOf(deps, options))
}

async function ingestTicketEvent(
  deps: IntakeDeps,
  record: TicketEventRecord,
  options: IngestOptions,
): Promise<IngestOutcome> {
  const { created, changed } = await recordTicketEvent(
    deps,
    record.ticketId,
    eventInputOf(record),
    options.principal,
    { lenient: options.lenient ?? false },
  )
  return created ? 'created' : changed ? 'applied' : 'duplicate'
}

/** A ticket-event record as the lifecycle's input (every path that applies one: import, replay). */
export const eventInputOf = (record: TicketEventRecord): EventInput & { at: string } => ({
  type: record.type,
  at: record.at,
  channel: record.channel,
  needsTransfer: record.needsTransfer,
  needsCallback: record.needsCallback,
  emergency: record.emergency,
  department: record.department,
  reason: record.reason,
  note: record.note,
})

export type LineError = { line: number; field: string; message: string }

export type ImportReport = {
  lines: number
  created: number
  updated: number
  applied: number
  duplicates: number
  skipped: number
  /** Lines that failed (all of them counted; at most `MAX_LISTED_ERRORS` listed). */
  failed: number
  errors: LineError[]
}

export const emptyReport = (): ImportReport => ({
  lines: 0,
  created: 0,
  updated: 0,
  applied: 0,
  duplicates: 0,
  skipped: 0,
  failed: 0,
  errors: [],
})

/** At most this many line errors are listed; the count goes on. */
export const MAX_LISTED_ERRORS = 1000

/** Records keyed by their own id are written this many at a time (one BatchGetItem's worth of keys). */
export const RECORD_BATCH = 100

/**
 * Ticket events taken together: each ticket's events of a window are planned in memory from one
 * read and its episodes indexed in batches, so a ticket takes one conditional write per window (a
 * new one created whole, a stored one appended to), instead of a read, an index write and a write
 * per event. The window's events are held in memory (tens of MB at most); the demo's full-scale month
 * (25,800 events) is one window, and so is one request of the CLI (10,000 lines).
 */
export const TICKET_WINDOW = 50_000

type Parsed = { line: number; record: HotlineRecord }
type ParsedEvent = { line: number; record: TicketEventRecord }

/**
 * Imports NDJSON lines (one record per line, `kind` first). Blank lines are skipped; a line that
 * is not JSON, or whose record is invalid, is reported with its number (`firstLine` offsets a
 * chunk of a larger file) and writes nothing. Records other than ticket events are written
 * `RECORD_BATCH` at a time with `putRecords` (a batch that shares a key with one still being
 * written waits for it, so the first line of a key wins, as written one by one). Ticket events
 * are taken `TICKET_WINDOW` at a time and grouped by ticket, in file order, tickets in parallel;
 * a lenient import plans each ticket's events by the lifecycle's rules from the ticket as stored
 * (`planTicket`) and writes them with the condition that keeps order (`writePlanned`: one write
 * per ticket), going on one by one through the lifecycle if another writer's change refused it; a strict
 * one (`lenient: false`) applies them one by one through the lifecycle. Either way the table and
 * the counts are those of the lines applied one by one in file order. At most `concurrency` writes
 * (a record batch, a ticket) are in flight; errors are listed in line order.
 */
export async function importLines(
  deps: IntakeDeps,
  lines: Iterable<string> | AsyncIterable<string>,
  options: Omit<IngestOptions, 'version'> & {
    firstLine?: number
    concurrency?: number
    /** Ticket events per window; default `TICKET_WINDOW`. */
    ticketWindow?: number
  },
  report: ImportReport = emptyReport(),
): Promise<ImportReport> {
  const limit = options.concurrency ?? 16
  const windowSize = options.ticketWindow ?? TICKET_WINDOW
  const ingest = { source: options.source, principal: options.principal, lenient: options.lenient ?? true }
  const lanes = new Map<string, Promise<void>>()
  const inFlight = new Set<Promise<void>>()
  const failures: LineError[] = []
  let fatal: unknown
  let batch: StoredRecord[] = []
  let window = new Map<string, ParsedEvent[]>()
  let windowEvents = 0

  /**
   * Runs `work` once the tasks still running on any of its lanes (a ticket id, a record key) are
   * done; waits for a free slot before returning. A failure other than a line's is fatal.
   */
  const schedule = async (laneIds: readonly string[], work: () => Promise<void>) => {
    const previous = [...new Set(laneIds.map((id) => lanes.get(id)))].filter((p) => p !== undefined)
    const task: Promise<void> = (async () => {
      await Promise.all(previous)
      try {
        await work()
      } catch (err) {
        fatal ??= err
      }
    })()
    for (const id of laneIds) lanes.set(id, task)
    inFlight.add(task)
    void task.finally(() => {
      inFlight.delete(task)
      for (const id of laneIds) if (lanes.get(id) === task) lanes.delete(id)
    })
    if (inFlight.size >= limit) await Promise.race(inFlight)
  }

  const flushRecords = async () => {
    if (batch.length === 0) return
    const records = batch
    batch = []
    const laneIds = records.map((r) => recordLane(recordKey(r)))
    await schedule(laneIds, async () => {
      const outcomes = await putRecords(deps.store, records, provenanceOf(deps, ingest))
      for (const outcome of outcomes) count(report, outcome)
    })
  }

  /** A ticket's events one by one through the lifecycle, as a live client sends them. */
  const oneByOne = async (events: readonly ParsedEvent[]) => {
    for (const { record, line } of events) {
      try {
        count(report, await ingestTicketEvent(deps, record, ingest))
      } catch (err) {
        if (!(err instanceof Error && (err.name === 'TransitionError' || err.name === 'ConflictError')))
          throw err
        failures.push({ line, field: 'type', message: err.message })
      }
    }
  }

  const flushTickets = async () => {
    if (windowEvents === 0) return
    const groups = window
    window = new Map()
    windowEvents = 0
    // What is still being written may create a ticket of this window: learn what exists after it.
    await Promise.all(inFlight)
    if (fatal !== undefined) return
    // A lenient import plans each ticket's window in memory from the ticket as stored (one
    // BatchGetItem per 100); a strict one goes one by one (a live close sends the survey).
    const plans = new Map<string, TicketPlan>()
    if (ingest.lenient) {
      const stored = new Map((await getTickets(deps.store, [...groups.keys()])).map((t) => [t.ticketId, t]))
      for (const [ticketId, events] of groups) {
        plans.set(ticketId, planTicket(deps, stored.get(ticketId) ?? null, events, ingest))
      }
    }
    // Every episode the tickets will pass through is indexed first, 25 to a request (a ticket
    // write comes after its index entries: tickets/write.ts).
    const entries = [...plans.values()].flatMap((p) => p.entries)
    const slices = Array.from({ length: Math.ceil(entries.length / 25) }, (_, i) =>
      entries.slice(i * 25, i * 25 + 25),
    )
    await eachLimited(slices, (slice) => indexEpisodes(deps.store, slice), limit)
    for (const [ticketId, events] of groups) {
      await schedule([ticketLane(ticketId)], async () => {
        const plan = plans.get(ticketId)
        const written = plan ? await writePlanned(deps, plan) : 0
        for (const step of plan?.steps.slice(0, written) ?? []) count(report, step.outcome)
        // What another writer changed meanwhile: the rest one by one, from the ticket as it is.
        await oneByOne(events.slice(written))
      })
    }
  }

  for await (const parsed of parseLines(lines, options.firstLine ?? 1, report, failures)) {
    if (fatal !== undefined) break
    const { record, line } = parsed
    if (record.kind !== 'ticket_event') {
      batch.push(record)
      if (batch.length >= RECORD_BATCH) await flushRecords()
      continue
    }
    const events = window.get(record.ticketId) ?? []
    events.push({ line, record })
    window.set(record.ticketId, events)
    if (++windowEvents >= windowSize) await flushTickets()
  }
  if (fatal === undefined) await flushRecords()
  if (fatal === undefined) await flushTickets()
  await Promise.all(inFlight)
  if (fatal !== undefined) throw fatal
  for (const failure of failures.sort((a, b) => a.line - b.line)) addError(report, failure)
  return report
}

/** What one event of a planned ticket does: nothing, create it, or append to it. */
type Step =
  | { outcome: 'duplicate' | 'created' }
  | { outcome: 'applied'; event: TicketEvent; set: TicketChange['set'] }

type TicketPlan = {
  /** The ticket as stored (null: not there), and as the window's events leave it (clocks computed). */
  start: Ticket | null
  ticket: Ticket
  steps: Step[]
  /** The index entries of every state the ticket passes through, the last state's last. */
  entries: EpisodeIndexEntry[]
}

/**
 * A ticket's window of events applied in memory, in file order, by the lifecycle's rules
 * (`planTicketEvent`, lenient), as applying them one by one would: each append counts a version,
 * sets `updatedAt` and recomputes the clocks as `appendTicketEvent` does.
 */
function planTicket(
  deps: IntakeDeps,
  start: Ticket | null,
  events: readonly ParsedEvent[],
  options: IngestOptions,
): TicketPlan {
  const steps: Step[] = []
  const entries = new Map<string, EpisodeIndexEntry>()
  let ticket = start
  for (const { record } of events) {
    const input = { ...eventInputOf(record), at: toInstant(record.at) }
    const plan = planTicketEvent(ticket, record.ticketId, input, options.principal.username, {
      lenient: true,
    })
    if (plan.kind === 'duplicate') {
      steps.push({ outcome: 'duplicate' })
      continue
    }
    const next = withClocks(
      deps,
      plan.kind === 'create'
        ? plan.ticket
        : { ...plan.next, version: plan.next.version + 1, updatedAt: plan.event.at },
    )
    if (plan.kind === 'create' || !ticket) steps.push({ outcome: 'created' })
    else steps.push({ outcome: 'applied', event: plan.event, set: plan.flags })
    for (const e of next.entries) {
      const key = `${e.lastDay}\u0000${e.subject}`
      entries.delete(key)
      entries.set(key, e)
    }
    ticket = next.ticket
  }
  if (!ticket) throw new Error('a ticket without events')
  return { start, ticket, steps, entries: [...entries.values()] }
}

/**
 * Writes a planned ticket: a new one once (`createTicket`, if no one created it meanwhile), an
 * existing one by one conditional write of all its new events (`applyTicketEvents` on the version
 * planned from). Returns how many of its events are written (or were duplicates): all, or none if
 * another writer created or changed the ticket meanwhile.
 */
async function writePlanned(deps: IntakeDeps, plan: TicketPlan): Promise<number> {
  const { ticket, start, steps } = plan
  if (!start) {
    const result = await createTicket(deps.store, { ticket, phoneEnc: null, citizenKey: null })
    return result === 'created' ? steps.length : 0
  }
  const applied = steps.flatMap((step) => (step.outcome === 'applied' ? [step] : []))
  if (applied.length === 0) return steps.length
  try {
    await applyTicketEvents(deps.store, ticket.ticketId, {
      events: applied.map((step) => step.event),
      from: start.status,
      to: ticket.status,
      expectedVersion: start.version,
      clocks: ticket.clocks,
      nextDue: ticket.nextDue,
      set: Object.assign({}, ...applied.map((step) => step.set)),
    })
  } catch (err) {
    if (err instanceof ConflictError) return 0
    throw err
  }
  return steps.length
}

const ticketLane = (ticketId: string) => `T\u0000${ticketId}`
const recordLane = (key: { pk: string; sk: string }) => `R\u0000${key.pk}\u0000${key.sk}`

function provenanceOf(deps: IntakeDeps, options: IngestOptions): Provenance {
  return {
    source: options.source,
    by: options.principal.username,
    at: deps.now().toISOString(),
    version: options.version,
  }
}

function count(report: ImportReport, outcome: IngestOutcome) {
  report[outcome === 'duplicate' ? 'duplicates' : outcome]++
}

/**
 * The valid records of `lines`, each with its line number; counts every line and blank one in
 * `report`, and adds a line that is not JSON or not a valid record to `failures`.
 */
async function* parseLines(
  lines: Iterable<string> | AsyncIterable<string>,
  firstLine: number,
  report: ImportReport,
  failures: LineError[],
): AsyncGenerator<Parsed> {
  let number = firstLine - 1
  for await (const raw of lines) {
    number++
    report.lines++
    const text = raw.trim()
    if (text === '') {
      report.skipped++
      continue
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      failures.push({ line: number, field: '(line)', message: 'not valid JSON' })
      continue
    }
    const parsed = HotlineRecord.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      failures.push({
        line: number,
        field: issue?.path.join('.') || '(line)',
        message: issue?.message ?? 'invalid record',
      })
      continue
    }
    yield { line: number, record: parsed.data }
  }
}

function addError(report: ImportReport, error: LineError) {
  report.failed++
  if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(error)
}
