/**
 * The repositories intake leans on, on the embedded engine: the health round trip, day sequences,
 * inbound claims, rate-limit windows, the outbox and the phone-search log (README rows 1, 5–8, 25).
 * Each one's conditional write is raced by concurrent writers; the outbox pages with a cursor.
 */
import { describe, expect, it } from 'vitest'
import {
  checkTable,
  claimInbound,
  completeInbound,
  digestSegment,
  eachLimited,
  encodeCursor,
  hitRateLimit,
  InvalidCursorError,
  inboundClaimed,
  keys,
  listOutbox,
  logPhoneSearch,
  nextSequence,
  type OutboxEntry,
  phoneSearchesOf,
  putOutbox,
  recordClaimTicket,
} from '../../src'
import { expectOnlyKnownKeys, FOUR_KB, settle, storedItem, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const NOW = new Date('2026-10-09T02:00:00.000Z')

describe('health and sequences', () => {
  it('answers the health round trip', async () => {
    expect(await checkTable(store())).toMatchObject({ tableName: 'hotline', engine: 'dynalite' })
  })

  it('hands each of 30 concurrent callers its own number, per counter', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 30 }, () => nextSequence(store(), 'ticket-2026-10-09')),
    )
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(await nextSequence(store(), 'ticket-2026-10-10')).toBe(1)
    expect(await storedItem(local(), keys.sequence('ticket-2026-10-09'))).toMatchObject({ value: 30 })
  })
})

describe('inbound claims', () => {
  it('lets one of many concurrent deliveries claim; the others see it as a duplicate', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => claimInbound(store(), 'sms', 'msg#1', NOW)),
    )
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'duplicate')).toHaveLength(4)
    // The provider's id is digested into the key, never spelled in it.
    expect(keys.inbound('sms', 'msg#1').pk).toBe(`INBOUND#sms#${digestSegment('msg#1')}`)
    expect(await storedItem(local(), keys.inbound('sms', 'msg#1'))).toMatchObject({
      status: 'processing',
      attempt: 1,
    })
  })

  it('records the ticket once, and hands later duplicates the outcome', async () => {
    expect(await recordClaimTicket(store(), 'sms', 'msg#1', 'T-1')).toBe('T-1')
    expect(await recordClaimTicket(store(), 'sms', 'msg#1', 'T-2')).toBe('T-1')
    await completeInbound(store(), 'sms', 'msg#1', { ticketId: 'T-1' })
    const later = await claimInbound(store(), 'sms', 'msg#1', new Date(NOW.getTime() + 3_600_000))
    expect(later).toMatchObject({
      kind: 'duplicate',
      claim: { status: 'done', ticketId: 'T-1', outcome: { ticketId: 'T-1' } },
    })
    expect(await inboundClaimed(store(), 'sms', 'msg#1')).toBe(true)
    expect(await inboundClaimed(store(), 'sms', 'msg#2')).toBe(false)
  })

  it('lets one of two racing retries take over a stale claim', async () => {
    await claimInbound(store(), 'wechat', 'stale', NOW)
    const later = new Date(NOW.getTime() + 120_000)
    const retries = await Promise.all([
      claimInbound(store(), 'wechat', 'stale', later),
      claimInbound(store(), 'wechat', 'stale', later),
    ])
    expect(retries.map((r) => r.kind).sort()).toEqual(['duplicate', 'reclaimed'])
    expect(await storedItem(local(), keys.inbound('wechat', 'stale'))).toMatchObject({
      attempt: 2,
      claimedAt: later.toISOString(),
    })
  })

  it('answers a key claimed with another fingerprint as a mismatch', async () => {
    expect(await claimInbound(store(), 'web', 'idem-1', NOW, { fingerprint: 'a' })).toEqual({
      kind: 'claimed',
    })
    expect(await claimInbound(store(), 'web', 'idem-1', NOW, { fingerprint: 'b' })).toEqual({
      kind: 'mismatch',
    })
    expect((await claimInbound(store(), 'web', 'idem-1', NOW, { fingerprint: 'a' })).kind).toBe('duplicate')
  })
})

describe('rate limits', () => {
  it('admits exactly the limit of concurrent hits in a window, then a new window starts afresh', async () => {
    const rule = { scope: 'sms-ack', limit: 3, windowSeconds: 86_400, offsetSeconds: 8 * 3600 }
    const hits = await Promise.all(
      Array.from({ length: 8 }, () => hitRateLimit(store(), rule, '13800000000', NOW)),
    )
    expect(hits.filter(Boolean)).toHaveLength(3)
    expect(await hitRateLimit(store(), rule, '13900000000', NOW)).toBe(true)
    // 16:00Z is midnight in Beijing: the next local day's window.
    expect(await hitRateLimit(store(), rule, '13800000000', new Date('2026-10-09T16:00:00.000Z'))).toBe(true)
    const windowStart = Date.UTC(2026, 9, 8, 16) / 1000
    expect(await storedItem(local(), keys.rate('sms-ack', '13800000000', String(windowStart)))).toMatchObject(
      {
        hits: 3,
        expiresAt: windowStart + 2 * 86_400,
      },
    )
  })
})

describe('the outbox (paged with a cursor)', () => {
  const entry = (i: number, at: string): OutboxEntry => ({
    id: `sms-${String(i).padStart(3, '0')}`,
    at,
    toMasked: '138****5678',
    text: FOUR_KB,
    purpose: 'acknowledgement',
    ticketId: null,
    sender: 'local',
    providerMessageId: null,
    status: 'sent',
    error: null,
  })

  it("lists a local day's outbox newest first across 1 MB pages, no other day's", async () => {
    const entries = Array.from({ length: 300 }, (_, i) =>
      entry(
        i,
        `2026-10-09T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`,
      ),
    )
    await eachLimited(entries, (e) => putOutbox(store(), e))
    // 2026-10-09T16:30Z is the 10th in Beijing.
    await putOutbox(store(), { ...entry(999, '2026-10-09T16:30:00.000Z'), text: 'next day' })
    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | undefined
    do {
      const page = await listOutbox(store(), '2026-10-09', { limit: 1000, cursor })
      seen.push(...page.entries.map((e) => e.id))
      sizes.push(page.entries.length)
      cursor = page.cursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(entries.map((e) => e.id).reverse())
    expect(sizes.length).toBeGreaterThan(1)
    expect((await listOutbox(store(), '2026-10-10', { limit: 10 })).entries.map((e) => e.text)).toEqual([
      'next day',
    ])
  })

  it("refuses another day's cursor and a forged one", async () => {
    const other = encodeCursor(keys.outbox('2026-10-10', '2026-10-09T16:30:00.000Z', 'sms-999')) as string
    await expect(listOutbox(store(), '2026-10-09', { limit: 10, cursor: other })).rejects.toBeInstanceOf(
      InvalidCursorError,
    )
    await expect(listOutbox(store(), '2026-10-09', { limit: 10, cursor: '%%%' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    )
  })
})

describe('the phone-search log', () => {
  const search = (searchId: string, at: string) => ({
    searchId,
    at,
    by: 'reviewer-1',
    roles: ['agency_reviewer'],
    reason: '市民来电核实',
    phoneMasked: '138****5678',
    count: 1,
    ticketIds: ['T-1'],
  })

  it("logs each search once and lists a month's oldest first, no other month's", async () => {
    await logPhoneSearch(store(), '2026-10', search('s2', '2026-10-09T03:00:00.000Z'))
    await logPhoneSearch(store(), '2026-10', search('s1', '2026-10-09T02:00:00.000Z'))
    await logPhoneSearch(store(), '2026-11', search('s-nov', '2026-11-01T02:00:00.000Z'))
    const race = await settle([
      logPhoneSearch(store(), '2026-10', search('s3', '2026-10-09T04:00:00.000Z')),
      logPhoneSearch(store(), '2026-10', search('s3', '2026-10-09T04:00:00.000Z')),
    ])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toMatchObject({ name: 'ConditionalCheckFailedException' })
    expect((await phoneSearchesOf(store(), '2026-10')).map((s) => s.searchId)).toEqual(['s1', 's2', 's3'])
    await expectOnlyKnownKeys(local())
  })
})
