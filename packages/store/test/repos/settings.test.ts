/**
 * What Settings changes on the embedded engine: the terms versions (one item, appended with one
 * conditional write on its count) and a ticket's clocks recounted after a calendar year is loaded
 * (conditional on the ticket's version, its history untouched, its due index moved).
 */
import { jiyuan2026, type SavedTermsVersion } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import {
  appendTermsVersion,
  ConflictError,
  createTicket,
  getTicket,
  listTermsVersions,
  resetTicketClocks,
  ticketsDueBefore,
} from '../../src'
import { expectOnlyKnownKeys, settle, ticketFixture, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store

const version = (v: string, from: string): SavedTermsVersion => ({
  from,
  terms: { ...jiyuan2026, version: v, contract: { ...jiyuan2026.contract, end: '2027-12-31' } },
  savedAt: '2026-12-06T02:00:00.000Z',
  savedBy: 'reviewer',
})

describe('terms versions', () => {
  it('none saved reads as an empty list; appends keep their order; a stale append writes nothing', async () => {
    expect(await listTermsVersions(store())).toEqual([])
    const first = version('2027.1', '2027-01')
    await appendTermsVersion(store(), [], first)
    const second = version('2027.2', '2027-04')
    await appendTermsVersion(store(), [first], second)
    expect((await listTermsVersions(store())).map((v) => v.terms.version)).toEqual(['2027.1', '2027.2'])
    await expectOnlyKnownKeys(local())

    // The engine is shared by this file's tests: what follows builds on the two versions above.
    // An append against a list read before a save writes nothing: empty, or shorter.
    await expect(appendTermsVersion(store(), [], version('2027.3', '2027-05'))).rejects.toMatchObject({
      code: 'terms_changed',
    })
    await expect(appendTermsVersion(store(), [first], version('2027.3', '2027-05'))).rejects.toBeInstanceOf(
      ConflictError,
    )
    // Two appends against the same list: exactly one lands.
    const race = await settle([
      appendTermsVersion(store(), [first, second], version('2027.3', '2027-05')),
      appendTermsVersion(store(), [first, second], version('2027.4', '2027-06')),
    ])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    expect(await listTermsVersions(store())).toHaveLength(3)
  })
})

describe('resetTicketClocks', () => {
  const clock = (due: string, provisional: boolean) => ({
    kind: 'transfer' as const,
    subject: 'CC1/transfer/1',
    startedAt: '2026-12-31T02:00:00.000Z',
    due,
    provisional,
  })

  it('replaces the clocks at the version read, keeps the history, and moves the due index', async () => {
    const ticket = ticketFixture('CC1', {
      clocks: [clock('2027-01-01T16:00:00.000Z', true)],
      nextDue: '2027-01-01T16:00:00.000Z',
    })
    await createTicket(store(), { ticket, phoneEnc: null, citizenKey: null })
    const reset = await resetTicketClocks(store(), 'CC1', {
      expectedVersion: 1,
      clocks: [clock('2027-01-07T16:00:00.000Z', false)],
      nextDue: '2027-01-07T16:00:00.000Z',
    })
    expect(reset).toMatchObject({ version: 2, nextDue: '2027-01-07T16:00:00.000Z', events: ticket.events })
    const due = async (before: string) =>
      (await ticketsDueBefore(store(), { dueBefore: before, limit: 10 })).tickets.map((t) => t.ticketId)
    expect(await due('2027-01-05')).toEqual([])
    expect(await due('2027-01-08')).toEqual(['CC1'])

    // Read at version 1 again: refused, nothing changed.
    await expect(
      resetTicketClocks(store(), 'CC1', { expectedVersion: 1, clocks: [], nextDue: null }),
    ).rejects.toBeInstanceOf(ConflictError)
    expect((await getTicket(store(), 'CC1'))?.clocks).toEqual([clock('2027-01-07T16:00:00.000Z', false)])
  })
})
