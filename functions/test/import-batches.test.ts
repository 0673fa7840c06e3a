/**
 * `importLines` writes records in batches (`putRecords`) and ticket events in parallel across
 * tickets: it must leave exactly the table, and give exactly the counts, that ingesting the same
 * lines one by one in file order gives — with records repeated in one batch and across batches,
 * records already stored, and tickets whose lifecycle only accepts their events in file order.
 */
import { createCalendar, fixedTerms, HotlineRecord, jiyuan2026 } from '@hotline/domain'
import { getTicket, type Store } from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { scanAllItems } from '@hotline/store/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateDemoMonth } from '../src/cli/demo'
import { localSmsSender } from '../src/intake/local-sender'
import type { IntakeDeps } from '../src/intake/usecases'
import { createVault } from '../src/intake/vault'
import { createLogger } from '../src/logger'
import { noMetrics } from '../src/metrics'
import {
  emptyReport,
  type ImportReport,
  importLines,
  ingestRecord,
  RECORD_BATCH,
} from '../src/operations/ingest'
import { testClock } from './support/app'

const principal = { sub: 'test', username: 'importer', roles: ['integration' as const] }
const options = { source: 'import', principal }

let stores: LocalStore[] = []
beforeEach(() => {
  stores = []
})
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()))
})

async function freshDeps(): Promise<IntakeDeps> {
  const local = await startLocalStore()
  stores.push(local)
  return {
    store: local.store,
    calendar: createCalendar(),
    terms: fixedTerms(jiyuan2026),
    now: testClock('2026-11-02T08:00:00.000Z').now,
    vault: createVault({ masterKey: 'import-batches-test-master-key-0123456789' }),
    sms: localSmsSender,
    logger: createLogger({ silent: true }),
    metrics: noMetrics,
  }
}

/** The reference: each line parsed and ingested alone, one after another, in file order. */
async function oneByOne(deps: IntakeDeps, lines: readonly string[]): Promise<ImportReport> {
  const report = emptyReport()
  for (const line of lines) {
    report.lines++
    const record = HotlineRecord.parse(JSON.parse(line))
    const outcome = await ingestRecord(deps, record, { ...options, lenient: true })
    report[outcome === 'duplicate' ? 'duplicates' : outcome]++
  }
  return report
}

/** Every stored item, in key order (the engine's own table, scanned). */
async function table(deps: IntakeDeps): Promise<Record<string, unknown>[]> {
  const local = stores.find((s) => s.store === deps.store) as LocalStore
  const key = (i: Record<string, unknown>) => `${String(i.pk)}\u0000${String(i.sk)}`
  return (await scanAllItems(local)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/**
 * A small demo month with every 23rd record other than a ticket event delivered again: right
 * after itself (the same batch; a call with another end time) and once more at the end (a later
 * batch, as it was).
 */
function deliveries(): HotlineRecord[] {
  const month = generateDemoMonth({ month: '2026-10', seed: 7, scale: 0.02 })
  const again: HotlineRecord[] = []
  const out: HotlineRecord[] = []
  let n = 0
  for (const record of month) {
    out.push(record)
    if (record.kind === 'ticket_event' || n++ % 23 !== 0) continue
    out.push(
      record.kind === 'call'
        ? { ...record, endedAt: new Date(Date.parse(record.endedAt) + 1000).toISOString() }
        : record,
    )
    again.push(record)
  }
  return [...out, ...again]
}

describe('importLines in batches', () => {
  it('gives the counts and leaves the table that ingesting line by line gives', async () => {
    const records = deliveries()
    const lines = records.map((r) => JSON.stringify(r))
    expect(records.filter((r) => r.kind !== 'ticket_event').length).toBeGreaterThan(3 * RECORD_BATCH)

    const [batched, windowed, reference] = [await freshDeps(), await freshDeps(), await freshDeps()]
    const expected = await oneByOne(reference, lines)
    const report = await importLines(batched, lines, options)
    expect(report).toEqual(expected)
    expect(report.duplicates).toBeGreaterThan(20)
    expect(await table(batched)).toEqual(await table(reference))
    // Windows of 40 events: most tickets span several, so later windows append to existing tickets.
    expect(await importLines(windowed, lines, { ...options, ticketWindow: 40 })).toEqual(expected)
    expect(await table(windowed)).toEqual(await table(reference))

    // The same file again: everything is a duplicate, nothing changes.
    const before = await table(batched)
    const again = await importLines(batched, lines, options)
    expect(again).toMatchObject({ created: 0, applied: 0, updated: 0, failed: 0 })
    expect(again.duplicates).toBe(records.length)
    expect(await table(batched)).toEqual(before)
  })

  it("applies each ticket's events in file order while tickets run in parallel", async () => {
    // Strict lifecycle: an event applied out of order would be refused and counted as failed.
    const tickets = Array.from({ length: 40 }, (_, i) => `T-ORDER-${i}`)
    const steps = [
      { type: 'received', needsTransfer: true, channel: 'phone' },
      { type: 'transferred', department: '住建局' },
      { type: 'replied', department: '住建局', needsCallback: false },
      { type: 'closed' },
    ]
    // Each ticket's events one after another, so they are in flight together.
    const lines = tickets.flatMap((ticketId, t) =>
      steps.map((step, s) =>
        JSON.stringify({
          kind: 'ticket_event',
          ticketId,
          ...step,
          at: new Date(Date.parse('2026-10-12T01:00:00Z') + s * 3_600_000 + t * 1000).toISOString(),
        }),
      ),
    )
    const deps = await freshDeps()
    const report = await importLines(deps, lines, { ...options, lenient: false, concurrency: 16 })
    expect(report).toMatchObject({ lines: 160, created: 40, applied: 120, failed: 0, errors: [] })
    const closed = (await table(deps)).filter((i) => String(i.pk).startsWith('TICKET#'))
    expect(closed.map((i) => i.status)).toEqual(tickets.map(() => 'closed'))
  })

  it('applies the events one by one when another writer creates the ticket first', async () => {
    const events = [
      { type: 'received', at: '2026-10-14T01:00:00.000Z', needsTransfer: true, channel: 'phone' },
      { type: 'transferred', at: '2026-10-14T02:00:00.000Z', department: '城管局' },
      { type: 'replied', at: '2026-10-15T02:00:00.000Z', department: '城管局', needsCallback: false },
    ].map((e) => ({ kind: 'ticket_event', ticketId: 'T-RACED', ...e }))
    const deps = await freshDeps()
    // Another delivery of the first event lands just before the import's create of the ticket.
    let raced = false
    const send = async (command: unknown): Promise<unknown> => {
      // Only a PutItem carries `Item`: the ticket's create.
      const item = (command as { input?: { Item?: Record<string, unknown> } }).input?.Item
      if (!raced && item?.pk === 'TICKET#T-RACED') {
        raced = true
        const other = HotlineRecord.parse(events[0])
        expect(await ingestRecord(deps, other, { ...options, lenient: true })).toBe('created')
      }
      return deps.store.doc.send(command as Parameters<Store['doc']['send']>[0])
    }
    const racing = { ...deps, store: { ...deps.store, doc: { send } as unknown as Store['doc'] } }
    const report = await importLines(
      racing,
      events.map((e) => JSON.stringify(e)),
      options,
    )
    expect(raced).toBe(true)
    expect(report).toMatchObject({ created: 0, duplicates: 1, applied: 2, failed: 0 })
    const ticket = await getTicket(deps.store, 'T-RACED')
    expect(ticket?.events.map((e) => e.type)).toEqual(['received', 'transferred', 'replied'])
    expect(ticket).toMatchObject({ status: 'replied', version: 3 })
  })

  it('goes on one by one when another writer appends to a stored ticket first', async () => {
    const event = (type: string, at: string, extra: object = {}) =>
      JSON.stringify({ kind: 'ticket_event', ticketId: 'T-APPENDED', type, at, ...extra })
    const deps = await freshDeps()
    const received = event('received', '2026-10-14T01:00:00.000Z', { needsTransfer: true })
    const transferred = event('transferred', '2026-10-14T02:00:00.000Z', { department: '城管局' })
    const replied = event('replied', '2026-10-15T02:00:00.000Z', { department: '城管局' })
    expect(await importLines(deps, [received], options)).toMatchObject({ created: 1 })
    // Another delivery of the transfer lands just before the import's first append.
    let raced = false
    const send = async (command: unknown): Promise<unknown> => {
      const input = (command as { input?: { Key?: { pk?: string }; UpdateExpression?: string } }).input
      if (!raced && input?.Key?.pk === 'TICKET#T-APPENDED' && input.UpdateExpression?.includes('events')) {
        raced = true
        const other = HotlineRecord.parse(JSON.parse(transferred))
        expect(await ingestRecord(deps, other, { ...options, lenient: true })).toBe('applied')
      }
      return deps.store.doc.send(command as Parameters<Store['doc']['send']>[0])
    }
    const racing = { ...deps, store: { ...deps.store, doc: { send } as unknown as Store['doc'] } }
    const report = await importLines(racing, [transferred, replied], options)
    expect(raced).toBe(true)
    expect(report).toMatchObject({ created: 0, duplicates: 1, applied: 1, failed: 0 })
    const ticket = await getTicket(deps.store, 'T-APPENDED')
    expect(ticket?.events.map((e) => e.type)).toEqual(['received', 'transferred', 'replied'])
    expect(ticket).toMatchObject({ status: 'replied', version: 3 })
  })

  it("appends a stored ticket's events of a window in one conditional write, as line by line", async () => {
    const event = (type: string, at: string, extra: object = {}) =>
      JSON.stringify({ kind: 'ticket_event', ticketId: 'T-WINDOW', type, at, ...extra })
    const later = [
      event('transferred', '2026-10-14T02:00:00.000Z', { department: '城管局' }),
      event('replied', '2026-10-15T02:00:00.000Z', { department: '城管局' }),
      event('callback_done', '2026-10-16T02:00:00.000Z'),
    ]
    const received = event('received', '2026-10-14T01:00:00.000Z', {
      needsTransfer: true,
      needsCallback: true,
    })
    const [batched, oneByOne] = [await freshDeps(), await freshDeps()]
    for (const deps of [batched, oneByOne]) {
      expect(await importLines(deps, [received], options)).toMatchObject({ created: 1 })
    }
    const updates: string[] = []
    const send = (command: unknown) => {
      const { input } = command as { input?: { UpdateExpression?: string; ConditionExpression?: string } }
      if (input?.UpdateExpression?.includes('events')) updates.push(input.ConditionExpression ?? '')
      return batched.store.doc.send(command as Parameters<Store['doc']['send']>[0])
    }
    const counting = { ...batched, store: { ...batched.store, doc: { send } as unknown as Store['doc'] } }
    expect(await importLines(counting, later, options)).toMatchObject({ applied: 3, failed: 0 })
    expect(updates).toEqual(['attribute_exists(pk) AND #status = :from AND version = :v'])
    for (const line of later) {
      await ingestRecord(oneByOne, HotlineRecord.parse(JSON.parse(line)), { ...options, lenient: true })
    }
    const [a, b] = [await getTicket(batched.store, 'T-WINDOW'), await getTicket(oneByOne.store, 'T-WINDOW')]
    expect(a).toMatchObject({ status: b?.status, version: 4 })
    expect(a).toEqual(b)
  })

  it('keeps the first line of a record repeated across batches, whatever the concurrency', async () => {
    const call = (answeredAt: string | null) => ({
      kind: 'call',
      callId: 'REPEATED',
      enqueuedAt: '2026-10-13T01:00:00Z',
      answeredAt,
      endedAt: '2026-10-13T01:05:00Z',
    })
    const filler = (i: number) => ({ ...call(null), callId: `FILL-${i}` })
    const lines = [
      call(null),
      ...Array.from({ length: RECORD_BATCH * 3 }, (_, i) => filler(i)),
      call('2026-10-13T01:00:05Z'),
    ].map((r) => JSON.stringify(r))
    const deps = await freshDeps()
    const report = await importLines(deps, lines, { ...options, concurrency: 16 })
    expect(report).toMatchObject({ created: RECORD_BATCH * 3 + 1, duplicates: 1, failed: 0 })
    const stored = (await table(deps)).find((i) => i.sk === 'REPEATED')
    expect(stored?.answeredAt).toBeNull()
  })
})
