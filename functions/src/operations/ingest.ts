/**
 * Ingesting records (SPEC §9) from any entry — the records APIs, the NDJSON import, the call
 * importers: each record is validated whole, written once (a repeated delivery changes nothing),
 * and ticket events go through the ticket lifecycle. A line that fails writes nothing.
 */
import { HotlineRecord, type Principal, type TicketEventRecord } from '@hotline/domain'
import { type PutOutcome, putRecord, type StoredRecord } from '@hotline/store'
import type { IntakeDeps } from '../intake/usecases'
import { recordTicketEvent } from '../tickets/lifecycle'

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
  return putRecord(deps.store, record as StoredRecord, {
    source: options.source,
    by: options.principal.username,
    at: deps.now().toISOString(),
    version: options.version,
  })
}

async function ingestTicketEvent(
  deps: IntakeDeps,
  record: TicketEventRecord,
  options: IngestOptions,
): Promise<IngestOutcome> {
  const { created, changed } = await recordTicketEvent(
    deps,
    record.ticketId,
    {
      type: record.type,
      at: record.at,
      channel: record.channel,
      needsTransfer: record.needsTransfer,
      needsCallback: record.needsCallback,
      emergency: record.emergency,
      department: record.department,
      reason: record.reason,
      note: record.note,
    },
    options.principal,
    { lenient: options.lenient ?? false },
  )
  return created ? 'created' : changed ? 'applied' : 'duplicate'
}

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

/**
 * Imports NDJSON lines (one record per line, `kind` first). Blank lines are skipped; a line that
 * is not JSON, or whose record is invalid, is reported with its number (`firstLine` offsets a
 * chunk of a larger file) and writes nothing. Records are written `concurrency` at a time, except
 * that one ticket's events are applied one after another in file order (its lifecycle depends
 * on it); errors are listed in line order.
 */
export async function importLines(
  deps: IntakeDeps,
  lines: Iterable<string> | AsyncIterable<string>,
  options: Omit<IngestOptions, 'version'> & { firstLine?: number; concurrency?: number },
  report: ImportReport = emptyReport(),
): Promise<ImportReport> {
  const limit = options.concurrency ?? 16
  const lanes = new Map<string, Promise<void>>()
  const inFlight = new Set<Promise<void>>()
  const failures: LineError[] = []
  let fatal: unknown
  let number = (options.firstLine ?? 1) - 1
  for await (const raw of lines) {
    if (fatal !== undefined) break
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
    const record = parsed.data
    const line = number
    const lane = record.kind === 'ticket_event' ? record.ticketId : null
    const previous = lane ? lanes.get(lane) : undefined
    const task: Promise<void> = (async () => {
      await previous
      try {
        const outcome = await ingestRecord(deps, record, { ...options, lenient: options.lenient ?? true })
        report[outcome === 'duplicate' ? 'duplicates' : outcome]++
      } catch (err) {
        if (err instanceof Error && (err.name === 'TransitionError' || err.name === 'ConflictError')) {
          failures.push({ line, field: 'type', message: err.message })
        } else {
          fatal ??= err
        }
      }
    })()
    if (lane) lanes.set(lane, task)
    inFlight.add(task)
    void task.finally(() => {
      inFlight.delete(task)
      if (lane && lanes.get(lane) === task) lanes.delete(lane)
    })
    if (inFlight.size >= limit) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  if (fatal !== undefined) throw fatal
  for (const failure of failures.sort((a, b) => a.line - b.line)) addError(report, failure)
  return report
}

function addError(report: ImportReport, error: LineError) {
  report.failed++
  if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(error)
}
