/**
 * `getTickets`: the daily job's read of the tickets its episode index points at, 100 keys to a
 * BatchGetItem instead of one GetItem each — every ticket asked for once, whatever the count.
 */
import { describe, expect, it } from 'vitest'
import { createTicket, getTicket, getTickets } from '../../src'
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
