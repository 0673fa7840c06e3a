/**
 * `repos/records.ts` on the embedded engine: each kind in its period's partition (README rows 11,
 * 12, 19–21), written once or replaced by a newer source version, revised under a condition, and
 * read whole past DynamoDB's 1 MB page (`queryItems` in `query.ts`, the mechanism every whole-
 * partition read shares) or page by page with a cursor (`cursor.ts`, shared with the outbox and
 * `ticketsDueBefore`).
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { Store, StoredRecord } from '@hotline/store'
import { describe, expect, it } from 'vitest'
import {
  ConflictError,
  eachLimited,
  encodeCursor,
  facilityChecksByKey,
  getRecord,
  InvalidCursorError,
  keys,
  putRecord,
  putRecords,
  recordKey,
  recordPrefixes,
  recordsIn,
  recordsPage,
  recordValuesIn,
  reviseRecord,
  staffEventsOf,
  trainingsOfStaff,
} from '../../src'
import { countingStore, expectOnlyKnownKeys, FOUR_KB, settle, storedItem, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const by = { source: 'api', by: 'contractor-1', at: '2026-10-10T00:00:00.000Z' }

const call = (callId: string, enqueuedAt: string): Extract<StoredRecord, { kind: 'call' }> => ({
  kind: 'call',
  callId,
  enqueuedAt,
  endedAt: enqueuedAt,
  answeredAt: null,
})
const incident = (incidentId: string, at: string, description = 'x'): StoredRecord => ({
  kind: 'incident',
  incidentId,
  type: 'complaint',
  at,
  verified: false,
  description,
})

describe('writes', () => {
  it('writes a record once: a repeated delivery is a duplicate and changes nothing', async () => {
    const record = call('c-once', '2026-10-09T01:00:00.000Z')
    expect(await putRecord(store(), record, by)).toBe('created')
    expect(await putRecord(store(), { ...record, answeredAt: record.enqueuedAt }, by)).toBe('duplicate')
    expect((await getRecord(store(), 'call', '2026-10-09', 'c-once'))?.answeredAt).toBeNull()
  })

  it('lets a strictly newer source version replace an older one, never an equal or older one', async () => {
    const record = call('c-versioned', '2026-10-09T02:00:00.000Z')
    expect(await putRecord(store(), record, { ...by, version: 2 })).toBe('created')
    expect(
      await putRecord(store(), { ...record, endedAt: '2026-10-09T02:05:00.000Z' }, { ...by, version: 1 }),
    ).toBe('duplicate')
    expect(
      await putRecord(store(), { ...record, endedAt: '2026-10-09T02:06:00.000Z' }, { ...by, version: 2 }),
    ).toBe('duplicate')
    expect(
      await putRecord(store(), { ...record, endedAt: '2026-10-09T02:07:00.000Z' }, { ...by, version: 3 }),
    ).toBe('updated')
    expect(await getRecord(store(), 'call', '2026-10-09', 'c-versioned')).toMatchObject({
      endedAt: '2026-10-09T02:07:00.000Z',
      version: 3,
    })
  })

  it('of two racing deliveries of one record, exactly one creates it', async () => {
    const record = call('c-race', '2026-10-09T03:00:00.000Z')
    const outcomes = await Promise.all([putRecord(store(), record, by), putRecord(store(), record, by)])
    expect(outcomes.sort()).toEqual(['created', 'duplicate'])
  })

  it('revises a field only from the value the reviewer saw: of two racing reviews one wins, one audit entry', async () => {
    await putRecord(store(), incident('i-review', '2026-10-09T04:00:00.000Z'), by)
    const review = (reviewer: string) =>
      reviseRecord(
        store(),
        { kind: 'incident', period: '2026-10', id: 'i-review' },
        { field: 'verified', from: false, to: true, by: reviewer, at: '2026-10-11T00:00:00.000Z' },
      )
    const race = await settle([review('r1'), review('r2')])
    expect(race.won).toBe(1)
    expect(race.errors).toHaveLength(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    const stored = await getRecord(store(), 'incident', '2026-10', 'i-review')
    expect(stored?.verified).toBe(true)
    expect(stored?.audit.map((a) => a.action)).toEqual(['create', 'set verified'])
    await expect(
      reviseRecord(
        store(),
        { kind: 'incident', period: '2026-10', id: 'missing' },
        { field: 'verified', from: false, to: true, by: 'r1', at: '2026-10-11T00:00:00.000Z' },
      ),
    ).rejects.toBeInstanceOf(ConflictError)
  })
})

describe('writes in batches (putRecords)', () => {
  const DAY = '2026-12-07'
  const at = (minute: number) =>
    `${DAY}T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}:00.000Z`
  const callOf = (id: string, minute = 0) => call(id, at(minute))

  it('stores the very item putRecord stores', async () => {
    await putRecord(store(), callOf('pr-single', 1), by)
    expect(await putRecords(store(), [callOf('pr-batched', 1)], by)).toEqual(['created'])
    const single = await getRecord(store(), 'call', DAY, 'pr-single')
    const batched = await getRecord(store(), 'call', DAY, 'pr-batched')
    expect({ ...batched, callId: 'x' }).toEqual({ ...single, callId: 'x' })
  })

  it('counts a duplicate of a stored record, and leaves the stored one as it was', async () => {
    await putRecord(store(), callOf('pr-stored', 2), by)
    const outcomes = await putRecords(
      store(),
      [callOf('pr-new-1', 3), { ...callOf('pr-stored', 2), answeredAt: at(2) }, callOf('pr-new-2', 4)],
      by,
    )
    expect(outcomes).toEqual(['created', 'duplicate', 'created'])
    expect((await getRecord(store(), 'call', DAY, 'pr-stored'))?.answeredAt).toBeNull()
  })

  it('keeps the first of one id sent twice in a batch with different content', async () => {
    const first = callOf('pr-twice', 5)
    const outcomes = await putRecords(store(), [first, { ...first, answeredAt: at(5) }], by)
    expect(outcomes).toEqual(['created', 'duplicate'])
    expect((await getRecord(store(), 'call', DAY, 'pr-twice'))?.answeredAt).toBeNull()
  })

  it('lets a strictly newer version replace a stored one, as putRecord does', async () => {
    const record = callOf('pr-versioned', 6)
    await putRecord(store(), record, { ...by, version: 2 })
    await putRecord(store(), callOf('pr-unversioned', 6), by)
    const newer = { ...record, endedAt: at(9) }
    expect(await putRecords(store(), [{ ...record, endedAt: at(7) }], { ...by, version: 2 })).toEqual([
      'duplicate',
    ])
    expect(
      await putRecords(store(), [newer, { ...record, endedAt: at(8) }, callOf('pr-unversioned', 6)], {
        ...by,
        version: 3,
      }),
    ).toEqual(['updated', 'duplicate', 'duplicate'])
    expect(await getRecord(store(), 'call', DAY, 'pr-versioned')).toMatchObject({
      endedAt: at(9),
      version: 3,
    })
  })

  it('gives the outcomes of writing one by one, across more than one BatchGetItem', async () => {
    // 250 deliveries of 120 ids (some already stored, some repeated far apart), two versions.
    const deliveries = Array.from({ length: 250 }, (_, i) => ({ id: (i * 7) % 120, minute: i % 50 }))
    const prefill = [3, 17, 64, 111]
    const run = async (prefix: string, write: (records: StoredRecord[]) => Promise<string[]>) => {
      for (const id of prefill) await putRecord(store(), callOf(`${prefix}-${id}`, 100), by)
      return write(deliveries.map((d) => callOf(`${prefix}-${d.id}`, d.minute)))
    }
    const oneByOne = await run('seq', async (records) => {
      const outcomes: string[] = []
      for (const record of records) outcomes.push(await putRecord(store(), record, by))
      return outcomes
    })
    const batched = await run('bat', (records) => putRecords(store(), records, by))
    expect(batched).toEqual(oneByOne)
    expect(batched.filter((o) => o === 'created')).toHaveLength(116)
    for (const id of [0, 3, 7]) {
      const [a, b] = await Promise.all(
        ['seq', 'bat'].map((prefix) => getRecord(store(), 'call', DAY, `${prefix}-${id}`)),
      )
      expect(b?.enqueuedAt).toBe(a?.enqueuedAt)
    }
  })

  it('asks again for the keys and items DynamoDB leaves unprocessed, and counts each record once', async () => {
    const withheld = { keys: 0, items: 0 }
    const flaky = throttled(store(), withheld)
    const records = Array.from({ length: 60 }, (_, i) => callOf(`pr-throttled-${i}`, i))
    await putRecord(store(), records[10] as StoredRecord, by)
    const outcomes = await putRecords(flaky, records, by)
    expect(withheld.keys).toBeGreaterThan(0)
    expect(withheld.items).toBeGreaterThan(0)
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(59)
    expect(outcomes[10]).toBe('duplicate')
    const stored = (await recordsIn(store(), 'call', DAY)).filter((c) => c.callId.startsWith('pr-throttled-'))
    expect(stored).toHaveLength(60)
  })
})

/**
 * The store with a DynamoDB that, on the first BatchGetItem and BatchWriteItem of each, leaves
 * the last third unprocessed (as throttling does): those are not read or written and come back
 * as `UnprocessedKeys` / `UnprocessedItems`.
 */
function throttled(real: Store, withheld: { keys: number; items: number }): Store {
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof BatchGetCommand && withheld.keys === 0) {
      const request = command.input.RequestItems?.[real.tableName]
      const keys = request?.Keys ?? []
      const kept = keys.slice(0, Math.ceil((keys.length * 2) / 3))
      const left = keys.slice(kept.length)
      withheld.keys += left.length
      const out = await real.doc.send(
        new BatchGetCommand({ RequestItems: { [real.tableName]: { ...request, Keys: kept } } }),
      )
      return { ...out, UnprocessedKeys: { [real.tableName]: { ...request, Keys: left } } }
    }
    if (command instanceof BatchWriteCommand && withheld.items === 0) {
      const requests = command.input.RequestItems?.[real.tableName] ?? []
      const kept = requests.slice(0, Math.ceil((requests.length * 2) / 3))
      const left = requests.slice(kept.length)
      withheld.items += left.length
      await real.doc.send(new BatchWriteCommand({ RequestItems: { [real.tableName]: kept } }))
      return { UnprocessedItems: { [real.tableName]: left } }
    }
    return real.doc.send(command as Parameters<Store['doc']['send']>[0])
  }
  return { ...real, doc: { send } as unknown as Store['doc'] }
}

describe('access patterns', () => {
  it("reads a day's calls in id order, and no other day's", async () => {
    for (const [id, at] of [
      ['c-b', '2026-10-20T01:00:00.000Z'],
      ['c-a', '2026-10-20T02:00:00.000Z'],
      ['c-other-day', '2026-10-21T01:00:00.000Z'],
      // 2026-10-20T17:00Z is 01:00 on the 21st in Beijing: the local day decides the partition.
      ['c-late', '2026-10-20T17:00:00.000Z'],
    ] as const)
      await putRecord(store(), call(id, at), by)
    expect((await recordsIn(store(), 'call', '2026-10-20')).map((c) => c.callId)).toEqual(['c-a', 'c-b'])
    expect((await recordsIn(store(), 'call', '2026-10-21')).map((c) => c.callId)).toEqual([
      'c-late',
      'c-other-day',
    ])
    expect(await storedItem(local(), keys.record(recordPrefixes.call, '2026-10-20', 'c-a'))).toBeDefined()
  })

  it("reads a month's ratings, a week's checks by key, a person's trainings and staff events", async () => {
    await putRecord(
      store(),
      { kind: 'rating', ticketId: 't1', at: '2026-11-02T01:00:00.000Z', level: 'satisfied' },
      by,
    )
    await putRecord(
      store(),
      { kind: 'rating', ticketId: 't2', at: '2026-12-01T01:00:00.000Z', level: 'satisfied' },
      by,
    )
    expect((await recordsIn(store(), 'rating', '2026-11')).map((r) => r.ticketId)).toEqual(['t1'])

    const at = '2026-10-14T01:00:00.000Z'
    await putRecord(store(), { kind: 'facility_check', type: 'safety', at, checkId: 'chk-1' }, by)
    await putRecord(store(), { kind: 'facility_check', type: 'cleaning', at, checkId: 'chk-1' }, by)
    await putRecord(store(), { kind: 'facility_check', type: 'safety', at }, by)
    expect((await facilityChecksByKey(store(), '2026-W42', 'chk-1')).map((c) => c.type)).toEqual([
      'safety',
      'cleaning',
    ])
    expect((await facilityChecksByKey(store(), '2026-W42', at)).map((c) => c.type)).toEqual(['safety'])
    expect(await facilityChecksByKey(store(), '2026-W43', 'chk-1')).toEqual([])
    expect(await recordsIn(store(), 'facility_check', '2026-W42')).toHaveLength(3)

    // Trainings of one person across months, oldest first; another person's stay out.
    await putRecord(
      store(),
      { kind: 'training', staffId: 's1', at: '2026-11-01T01:00:00.000Z', type: 'exam', passed: true },
      by,
    )
    await putRecord(
      store(),
      { kind: 'training', staffId: 's1', at: '2026-09-01T01:00:00.000Z', type: 'onboarding', days: 5 },
      by,
    )
    await putRecord(
      store(),
      { kind: 'training', staffId: 's10', at: '2026-09-02T01:00:00.000Z', type: 'onboarding', days: 5 },
      by,
    )
    expect((await trainingsOfStaff(store(), 's1')).map((t) => t.type)).toEqual(['onboarding', 'exam'])
    expect((await recordsIn(store(), 'training', '2026-09')).map((t) => t.staffId)).toEqual(['s1', 's10'])

    // Staff events by the `<id>#` prefix: s1's do not include s10's.
    await putRecord(
      store(),
      { kind: 'staff_event', staffId: 's1', type: 'left', at: '2026-12-01T00:00:00.000Z', role: 'agent' },
      by,
    )
    await putRecord(
      store(),
      { kind: 'staff_event', staffId: 's1', type: 'joined', at: '2026-01-01T00:00:00.000Z', role: 'agent' },
      by,
    )
    await putRecord(
      store(),
      { kind: 'staff_event', staffId: 's10', type: 'joined', at: '2026-01-01T00:00:00.000Z', role: 'agent' },
      by,
    )
    expect((await staffEventsOf(store(), 's1')).map((e) => e.type)).toEqual(['joined', 'left'])
    expect(await recordsIn(store(), 'staff_event', 'ignored')).toHaveLength(3)
  })

  it('files each kind under the key keys.ts builds for it', async () => {
    const record = incident('i-key', '2026-10-09T05:00:00.000Z')
    await putRecord(store(), record, by)
    expect(recordKey(record)).toEqual(keys.record(recordPrefixes.incident, '2026-10', 'i-key'))
    expect(await storedItem(local(), recordKey(record))).toMatchObject({ incidentId: 'i-key' })
    await expectOnlyKnownKeys(local())
  })
})

describe('paging past 1 MB', () => {
  // 300 incidents of ~4 KB: about 1.3 MB in one partition, more than one DynamoDB page.
  const MONTH = '2027-03'
  const ids = Array.from({ length: 300 }, (_, i) => `big-${String(i).padStart(3, '0')}`)

  it('reads a whole partition across pages (queryItems): every record once, in order', async () => {
    await eachLimited(ids, (id, i) =>
      putRecord(
        store(),
        incident(id, `2027-03-${String((i % 28) + 1).padStart(2, '0')}T01:00:00.000Z`, FOUR_KB),
        by,
      ).then((outcome) => expect(outcome).toBe('created')),
    )
    const all = await recordsIn(store(), 'incident', MONTH)
    expect(all.map((r) => r.incidentId)).toEqual(ids)
  })

  it('follows cursors page by page (cursor.ts): no duplicates, no gaps, and a page stops at 1 MB', async () => {
    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | undefined
    do {
      const page = await recordsPage(store(), 'incident', MONTH, { limit: 1000, cursor })
      seen.push(...page.records.map((r) => r.incidentId))
      sizes.push(page.records.length)
      cursor = page.cursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(ids)
    // The limit was 1,000: DynamoDB's 1 MB cut the first page short.
    expect(sizes[0]).toBeLessThan(300)
    expect(sizes.length).toBeGreaterThan(1)
  })

  it('refuses a forged cursor, one of another partition, and one that is not a key', async () => {
    const page = (cursor: string) => recordsPage(store(), 'incident', MONTH, { limit: 10, cursor })
    const otherPartition = encodeCursor(keys.record(recordPrefixes.incident, '2027-04', 'big-001'))
    await expect(page(otherPartition as string)).rejects.toBeInstanceOf(InvalidCursorError)
    await expect(page('not base64 json')).rejects.toBeInstanceOf(InvalidCursorError)
    await expect(page(Buffer.from('[1,2]').toString('base64url'))).rejects.toBeInstanceOf(InvalidCursorError)
    await expect(
      page(Buffer.from(JSON.stringify({ pk: `INCIDENT#${MONTH}`, sk: 7 })).toString('base64url')),
    ).rejects.toBeInstanceOf(InvalidCursorError)
  })
})

describe("the jobs' read: the records as SPEC §9 has them", () => {
  it('gives each record of a partition as written, projected to its own fields, every page', async () => {
    const day = '2026-03-17'
    const written = Array.from({ length: 300 }, (_, i) => ({
      ...call(`c-values-${String(i).padStart(3, '0')}`, `${day}T0${i % 10}:00:00.000Z`),
      agentId: i % 3 === 0 ? null : `A${i % 7}`,
      ...(i % 5 === 0 ? { ivrOnly: true } : {}),
    }))
    await putRecords(store(), written, { ...by, source: 'import' })
    const read = await recordValuesIn(store(), 'call', day)
    expect(read).toEqual([...written].sort((a, b) => (a.callId < b.callId ? -1 : 1)))
    expect(Object.keys(read[0] ?? {})).not.toContain('audit')
    const incidents = [
      incident('i-values-1', '2026-05-03T01:00:00.000Z'),
      incident('i-values-2', '2026-05-04T01:00:00.000Z'),
    ]
    for (const record of incidents) await putRecord(store(), record, by)
    expect(await recordValuesIn(store(), 'incident', '2026-05')).toEqual(incidents)
  })
})

describe('putRecords learns a new range with one Query', () => {
  const counted = () => countingStore(store())
  const day = '2026-04-08'
  const batch = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      call(`c-range-${String(from + i).padStart(4, '0')}`, `${day}T02:00:00.000Z`),
    )

  it('reads no key of a range that holds nothing, and every key of one that holds something', async () => {
    const fresh = counted()
    expect(await putRecords(fresh.store, batch(0, 100), by)).toEqual(Array(100).fill('created'))
    expect(fresh.sent.filter((name) => name === 'BatchGetCommand')).toEqual([])
    expect(fresh.sent.filter((name) => name === 'QueryCommand')).toHaveLength(1)

    // 50 stored, 50 new, in one range: the Query finds something, so each key is read; counts exact.
    const mixed = counted()
    const outcomes = await putRecords(mixed.store, batch(50, 100), by)
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(50)
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(50)
    expect(mixed.sent.filter((name) => name === 'BatchGetCommand')).toHaveLength(1)
    expect(await recordValuesIn(store(), 'call', day)).toHaveLength(150)
  })

  it('reads ids past U+FFFF key by key: their order in JavaScript is not DynamoDB’s', async () => {
    // JavaScript puts '😀' (a surrogate pair) before '\uE000'; DynamoDB's UTF-8 order after it.
    const ids = ['c-\uE000', 'c-\uE001', ...Array.from({ length: 8 }, (_, i) => `c-😀${i}`)]
    const calls = ids.map((id) => call(id, '2026-04-09T02:00:00.000Z'))
    expect(await putRecord(store(), calls[5] as StoredRecord, by)).toBe('created')
    const outcomes = await putRecords(store(), calls, by)
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(1)
    expect(outcomes[5]).toBe('duplicate')
  })
})
