/**
 * A stored ticket's deadline clocks (contract §4.3): its history read as ticket-event records, the
 * episodes the domain derives from them, and the clocks still running. The operations API keeps
 * these on the ticket so "what is about to breach" is one index query.
 */
import {
  type OpenClock,
  openClocks,
  type TicketEpisode,
  ticketEpisodes,
  ticketTimeline,
} from '../kpi/ticket-timeline'
import type { KpiContext } from '../kpi/types'
import type { TicketEventRecord } from '../records'
import type { Ticket } from './ticket'

/** What a ticket's history as SPEC §9 events needs of the ticket: its id, the receipt's flags and its events. */
export type TicketHistory = Pick<
  Ticket,
  'ticketId' | 'channel' | 'needsTransfer' | 'needsCallback' | 'emergency' | 'events'
>

/** The ticket's history as SPEC §9 ticket-event records (flags on `received`, as an import would give them). */
export function ticketEventRecords(ticket: TicketHistory): TicketEventRecord[] {
  return ticket.events.map((e) => ({
    kind: 'ticket_event',
    ticketId: ticket.ticketId,
    type: e.type,
    at: e.at,
    ...(e.type === 'received'
      ? {
          channel: ticket.channel,
          needsTransfer: ticket.needsTransfer,
          needsCallback: ticket.needsCallback,
          emergency: ticket.emergency,
        }
      : {}),
    ...(e.needsCallback !== undefined && e.type !== 'received' ? { needsCallback: e.needsCallback } : {}),
    ...(e.department ? { department: e.department } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.note ? { note: e.note } : {}),
  }))
}

export type TicketClocks = {
  /** Every §4.3 episode, running or stopped. */
  episodes: TicketEpisode[]
  /** Those still running, soonest due first. */
  open: OpenClock[]
  /** The soonest due instant of a running clock, or `null`. */
  nextDue: string | null
  /** True when a running clock's deadline used a calendar year that is not loaded. */
  provisional: boolean
}

export function ticketClocks(ticket: Ticket, ctx: KpiContext): TicketClocks {
  const timeline = ticketTimeline(ticket.ticketId, ticketEventRecords(ticket))
  const open = openClocks(timeline, ctx)
  return {
    episodes: ticketEpisodes(timeline, ctx),
    open,
    nextDue: open[0]?.due ?? null,
    provisional: open.some((c) => c.provisional),
  }
}
