/**
 * `getTickets` and `ticketHistories`: reading the tickets an episode index points at, 100 keys to a
 * BatchGetItem instead of one GetItem each — every ticket asked for once, whatever the count; the
 * daily job's histories projected to what its ticket events need.
 */
import { ticketEventRecords } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import { createTicket, getTicket, getTickets, ticketHistories } from '../../src'
import { ticketFixture, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store

describe('getTickets', () => {
  it('reads more than one batch of tickets, each once, leaving out the ones that do not exist', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `T-batch-${String(i).padStart(3, '0')}`)
    for (const ticketId of ids) {
      await createTicket(store(), { ticket: ticketFixture(ticketId), phoneEnc: 'sealed', citizenKey: null })
    }
    const asked = [...ids, ...ids.slice(0, 20), 'T-batch-missing']
    const tickets = await getTickets(store(), asked)
    expect(tickets.map((t) => t.ticketId).sort()).toEqual(ids)
    // The same view as one GetItem gives: no sealed phone, no audit.
    const one = tickets.find((t) => t.ticketId === ids[150])
    expect(one).toEqual(await getTicket(store(), ids[150] as string))
    expect(one).not.toHaveProperty('phoneEnc')
  })

  it('asks for nothing when given no ids', async () => {
    expect(await getTickets(store(), [])).toEqual([])
  })
})

describe('ticketHistories', () => {
  it('gives each ticket once, with only its id, receipt flags and events: the same ticket events as the whole ticket', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `T-history-${String(i).padStart(3, '0')}`)
    for (const ticketId of ids) {
      await createTicket(store(), { ticket: ticketFixture(ticketId), phoneEnc: 'sealed', citizenKey: null })
    }
    const histories = await ticketHistories(store(), [...ids, ids[0] as string, 'T-history-missing'])
    expect(histories.map((h) => h.ticketId).sort()).toEqual(ids)
    const whole = await getTickets(store(), ids)
    const events = (list: Parameters<typeof ticketEventRecords>[0][]) =>
      list.flatMap(ticketEventRecords).sort((a, b) => (a.ticketId + a.at < b.ticketId + b.at ? -1 : 1))
    expect(events(histories)).toEqual(events(whole))
    for (const history of histories) {
      expect(Object.keys(history).sort()).toEqual(
        ['channel', 'emergency', 'events', 'needsCallback', 'needsTransfer', 'ticketId'].sort(),
      )
    }
  })
})
