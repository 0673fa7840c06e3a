/**
 * `repos/tickets.ts` and `repos/tracking.ts` on the embedded engine: a ticket by id, a citizen's
 * tickets, tickets due by an instant, the episode index (README rows 2–4, 9, 10, 23), and every
 * conditional write on the one ticket item racing another writer.
 */
import { describe, expect, it } from 'vitest'
import {
  appendMessage,
  appendTicketAudit,
  applyTicketEvent,
  ConflictError,
  citizenTickets,
  createTicket,
  eachLimited,
  encodeCursor,
  getTicket,
  getTicketCitizenKey,
  getTicketSealedPhone,
  InvalidCursorError,
  indexEpisodes,
  indexKeys,
  keys,
  openSurvey,
  recordRating,
  reserveTrackingCode,
  revealPhone,
  ticketAudit,
  ticketIdByTrackingCode,
  ticketIdsWithEpisodesOn,
  ticketsDueBefore,
} from '../../src'
import { expectOnlyKnownKeys, FOUR_KB, settle, storedItem, ticketFixture, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const RECEIVED = '2026-10-09T02:00:00.000Z'
const DUE = '2026-10-12T16:00:00.000Z'

const transfer = (ticketId: string, expectedVersion: number, by: string) =>
  applyTicketEvent(store(), ticketId, {
    event: { type: 'transferred', at: '2026-10-09T03:00:00.000Z', department: 'dept-1', by },
    from: 'received',
    to: 'transferred',
    expectedVersion,
    clocks: [],
    nextDue: DUE,
  })

describe('create and read', () => {
  it('creates a ticket once: racing creators get one created and one exists', async () => {
    const ticket = ticketFixture('T-once')
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => createTicket(store(), { ticket, phoneEnc: 'sealed', citizenKey: 'ck-once' })),
    )
    expect(outcomes.sort()).toEqual(['created', 'exists', 'exists'])
    expect(await getTicket(store(), 'T-once')).toEqual(ticket)
    expect(await getTicketSealedPhone(store(), 'T-once')).toBe('sealed')
    expect(await getTicketCitizenKey(store(), 'T-once')).toBe('ck-once')
    expect(await getTicket(store(), 'T-missing')).toBeNull()
    expect(await storedItem(local(), keys.ticket('T-once'))).toMatchObject(
      indexKeys.citizen('ck-once', RECEIVED, 'T-once'),
    )
  })

  it("lists a citizen's tickets newest first, no one else's, at most the limit", async () => {
    for (const [id, receivedAt, key] of [
      ['T-c1', '2026-10-01T01:00:00.000Z', 'ck-a'],
      ['T-c3', '2026-10-03T01:00:00.000Z', 'ck-a'],
      ['T-c2', '2026-10-02T01:00:00.000Z', 'ck-a'],
      ['T-other', '2026-10-04T01:00:00.000Z', 'ck-b'],
    ] as const)
      await createTicket(store(), {
        ticket: ticketFixture(id, { receivedAt }),
        phoneEnc: null,
        citizenKey: key,
      })
    await createTicket(store(), { ticket: ticketFixture('T-anon'), phoneEnc: null, citizenKey: null })
    expect((await citizenTickets(store(), 'ck-a')).map((t) => t.ticketId)).toEqual(['T-c3', 'T-c2', 'T-c1'])
    expect((await citizenTickets(store(), 'ck-a', 2)).map((t) => t.ticketId)).toEqual(['T-c3', 'T-c2'])
    expect((await citizenTickets(store(), 'ck-b')).map((t) => t.ticketId)).toEqual(['T-other'])
    // The view never carries the sealed phone or the audit.
    expect(Object.keys((await citizenTickets(store(), 'ck-b'))[0] ?? {})).not.toContain('phoneEnc')
  })

  it('reserves a tracking code for one ticket only; the same ticket may reserve it again', async () => {
    const race = await Promise.all([
      reserveTrackingCode(store(), 'ABCD2345', 'T-x'),
      reserveTrackingCode(store(), 'ABCD2345', 'T-y'),
    ])
    expect(race.filter(Boolean)).toHaveLength(1)
    const owner = (await ticketIdByTrackingCode(store(), 'ABCD2345')) as string
    expect(['T-x', 'T-y'][race.indexOf(true)]).toBe(owner)
    expect(await reserveTrackingCode(store(), 'ABCD2345', owner)).toBe(true)
    expect(await ticketIdByTrackingCode(store(), 'ZZZZ9999')).toBeNull()
  })
})

describe('conditional writes on the ticket', () => {
  it('applies an event only at the version read: of two racing writers one wins, one event appended', async () => {
    await createTicket(store(), { ticket: ticketFixture('T-event'), phoneEnc: null, citizenKey: null })
    const race = await settle([transfer('T-event', 1, 'u1'), transfer('T-event', 1, 'u2')])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    // The loser is told how the ticket now is.
    expect((race.errors[0] as ConflictError).current).toMatchObject({ ticketId: 'T-event', version: 2 })
    const ticket = await getTicket(store(), 'T-event')
    expect(ticket?.events.map((e) => e.type)).toEqual(['received', 'transferred'])
    expect(ticket).toMatchObject({ status: 'transferred', version: 2, nextDue: DUE })
    expect(await storedItem(local(), keys.ticket('T-event'))).toMatchObject(
      indexKeys.openClock(DUE, 'T-event'),
    )
    await expect(transfer('T-missing', 1, 'u1')).rejects.toBeInstanceOf(ConflictError)
  })

  it('takes a ticket off the due index when its last clock stops', async () => {
    await applyTicketEvent(store(), 'T-event', {
      event: { type: 'closed', at: '2026-10-10T01:00:00.000Z' },
      from: 'transferred',
      to: 'closed',
      expectedVersion: 2,
      clocks: [],
      nextDue: null,
    })
    const item = await storedItem(local(), keys.ticket('T-event'))
    expect(item?.gsi2pk).toBeUndefined()
    expect(item?.gsi2sk).toBeUndefined()
  })

  it('refuses a message to a closed ticket, appends one to an open ticket', async () => {
    const message = { at: '2026-10-10T02:00:00.000Z', channel: 'sms' as const, text: '还没修好' }
    await expect(appendMessage(store(), 'T-event', message)).rejects.toBeInstanceOf(ConflictError)
    expect((await getTicket(store(), 'T-event'))?.messages).toEqual([])
    await createTicket(store(), { ticket: ticketFixture('T-open'), phoneEnc: null, citizenKey: null })
    expect((await appendMessage(store(), 'T-open', message)).messages).toEqual([message])
  })

  it('opens the survey once on a closed ticket, and records one rating before it expires', async () => {
    const survey = { sentAt: '2026-10-10T02:00:00.000Z', expiresAt: '2026-10-12T02:00:00.000Z' }
    expect(await openSurvey(store(), 'T-open', survey)).toBe(false)
    const opened = await Promise.all([
      openSurvey(store(), 'T-event', survey),
      openSurvey(store(), 'T-event', survey),
    ])
    expect(opened.sort()).toEqual([false, true])

    const rate = (level: 'satisfied' | 'dissatisfied', at = '2026-10-11T02:00:00.000Z') =>
      recordRating(store(), 'T-event', { level, at, via: 'sms' })
    const race = await settle([rate('satisfied'), rate('dissatisfied')])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    const rating = (await getTicket(store(), 'T-event'))?.rating
    expect(rating?.level).toBe((race.values[0] as { rating: { level: string } }).rating.level)
    // An answer after the survey expired is refused on a ticket that has none yet.
    await createTicket(store(), {
      ticket: ticketFixture('T-late', { status: 'closed', survey }),
      phoneEnc: null,
      citizenKey: null,
    })
    await expect(
      recordRating(store(), 'T-late', { level: 'satisfied', at: '2026-10-12T02:00:00.000Z', via: 'web' }),
    ).rejects.toBeInstanceOf(ConflictError)
    expect((await getTicket(store(), 'T-late'))?.rating).toBeNull()
  })

  it('audits every reveal in the same write; no ticket, no reveal', async () => {
    const entry = { at: '2026-10-10T03:00:00.000Z', by: 'reviewer-1', action: 'reveal_phone' }
    expect(await revealPhone(store(), 'T-once', entry)).toBe('sealed')
    await appendTicketAudit(store(), 'T-once', { ...entry, action: 'phone_search' })
    expect((await ticketAudit(store(), 'T-once'))?.map((a) => a.action)).toEqual([
      'reveal_phone',
      'phone_search',
    ])
    await expect(revealPhone(store(), 'T-missing', entry)).rejects.toBeInstanceOf(ConflictError)
    expect(await ticketAudit(store(), 'T-missing')).toBeNull()
  })
})

describe('the episode index', () => {
  it("reads a day's ticket ids, narrowed by kind, and no other day's", async () => {
    const entry = (lastDay: string, subject: string, ticketId: string, kind: string) => ({
      lastDay,
      subject,
      ticketId,
      kind,
      due: `${lastDay}T16:00:00.000Z`,
    })
    await indexEpisodes(store(), [
      ...Array.from({ length: 30 }, (_, i) => entry('2026-10-15', `T-e${i}#transfer`, `T-e${i}`, 'transfer')),
      entry('2026-10-15', 'T-e0#callback', 'T-e0', 'callback'),
      entry('2026-10-15', 'T-em#emergency', 'T-em', 'emergency'),
      entry('2026-10-16', 'T-next#transfer', 'T-next', 'transfer'),
    ])
    const all = await ticketIdsWithEpisodesOn(store(), '2026-10-15')
    expect(all).toHaveLength(31)
    expect(all).toEqual([...all].sort())
    expect(all).not.toContain('T-next')
    expect(await ticketIdsWithEpisodesOn(store(), '2026-10-15', ['emergency', 'callback'])).toEqual([
      'T-e0',
      'T-em',
    ])
    expect(await storedItem(local(), keys.episode('2026-10-15', 'T-e0#callback'))).toMatchObject({
      kind: 'callback',
    })
  })
})

describe('tickets due by an instant (gsi2, paged with a cursor)', () => {
  // 300 tickets of ~8 KB due over three days: the 200 due by the second day outgrow one 1 MB page of gsi2.
  const ids = Array.from({ length: 300 }, (_, i) => `T-due${String(i).padStart(3, '0')}`)
  const dueOf = (i: number) => `2027-01-0${1 + (i % 3)}T0${i % 10}:00:00.000Z`

  it('lists soonest first across pages, only those due by the instant, without duplicates or gaps', async () => {
    await eachLimited(ids, async (id, i) => {
      const ticket = ticketFixture(id, { content: FOUR_KB, location: FOUR_KB, nextDue: dueOf(i) })
      expect(await createTicket(store(), { ticket, phoneEnc: null, citizenKey: null })).toBe('created')
    })
    const seen: { id: string; due: string }[] = []
    const sizes: number[] = []
    let cursor: string | undefined
    do {
      const page = await ticketsDueBefore(store(), {
        dueBefore: '2027-01-02T23:59:59.999Z',
        limit: 1000,
        cursor,
      })
      seen.push(...page.tickets.map((t) => ({ id: t.ticketId, due: t.nextDue as string })))
      sizes.push(page.tickets.length)
      cursor = page.cursor ?? undefined
    } while (cursor)
    const expected = ids
      .map((id, i) => ({ id, due: dueOf(i) }))
      .filter((t) => t.due <= '2027-01-02T23:59:59.999Z')
      .sort((a, b) => (a.due === b.due ? a.id.localeCompare(b.id) : a.due.localeCompare(b.due)))
    // DUE (2026-10-12) of T-event's first transfer was taken off the index when it closed.
    expect(seen.filter((t) => t.id.startsWith('T-due'))).toEqual(expected)
    expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length)
    expect(sizes.length).toBeGreaterThan(1)
  })

  it('filters by status and refuses a cursor it did not hand out', async () => {
    const page = await ticketsDueBefore(store(), {
      dueBefore: '2027-01-01',
      status: 'transferred',
      limit: 10,
    })
    expect(page.tickets).toEqual([])
    const forged = encodeCursor({ gsi2pk: 'SOMETHING-ELSE', gsi2sk: 'x', pk: 'x', sk: 'x' }) as string
    await expect(
      ticketsDueBefore(store(), { dueBefore: '2027-01-02', limit: 10, cursor: forged }),
    ).rejects.toBeInstanceOf(InvalidCursorError)
  })

  it('writes only keys that keys.ts spells', async () => {
    await expectOnlyKnownKeys(local())
  })
})
