/**
 * Writing tickets with their deadline clocks. Every ticket write goes through here: the domain
 * derives the §4.3 episodes from the ticket's new history, the episodes are filed under their
 * deadline day first (harmless if the ticket write then fails), and the ticket is written
 * conditionally with its running clocks, so the "due soon" index and the daily job's episode
 * index never miss a ticket.
 */
import {
  type Calendar,
  localDateOf,
  MICRO_PLATFORM_CHANNELS,
  type TermsSchedule,
  type Ticket,
  type TicketEpisode,
  type TicketEvent,
  type TicketStatus,
  ticketClocks,
  ticketEpisodes,
  ticketEventRecords,
  ticketTimeline,
} from '@hotline/domain'
import {
  applyTicketEvent,
  ConflictError,
  createTicket,
  type EpisodeIndexEntry,
  indexEpisodes,
  resetTicketClocks,
  type Store,
  ticketsDueBefore,
} from '@hotline/store'

export type TicketWriteDeps = { store: Store; terms: TermsSchedule; calendar: Calendar }

/**
 * The ticket with its running clocks recomputed from its history, and the episodes to index. A
 * ticket's deadlines follow the terms in force on the day it was received, to its close.
 */
export function withClocks(
  deps: Pick<TicketWriteDeps, 'terms' | 'calendar'>,
  ticket: Ticket,
): { ticket: Ticket; entries: EpisodeIndexEntry[] } {
  const clocks = ticketClocks(ticket, ctxOfReceipt(deps, ticket))
  return {
    ticket: {
      ...ticket,
      clocks: clocks.open.map((c) => ({ ...c })),
      nextDue: clocks.nextDue,
    },
    entries: indexEntries(clocks.episodes, ticket),
  }
}

/**
 * The episode-index entries of the ticket alone, as `withClocks` gives them, without its running
 * clocks: replay's in-memory tickets, which no one asks what is due.
 */
export function episodeIndexEntries(
  deps: Pick<TicketWriteDeps, 'terms' | 'calendar'>,
  ticket: Ticket,
): EpisodeIndexEntry[] {
  const timeline = ticketTimeline(ticket.ticketId, ticketEventRecords(ticket))
  return indexEntries(ticketEpisodes(timeline, ctxOfReceipt(deps, ticket)), ticket)
}

const ctxOfReceipt = (deps: Pick<TicketWriteDeps, 'terms' | 'calendar'>, ticket: Ticket) => ({
  terms: deps.terms.at(localDateOf(ticket.receivedAt)),
  calendar: deps.calendar,
})

/** Each episode under its deadline's last day, then the ticket's receipt entries. */
function indexEntries(episodes: readonly TicketEpisode[], ticket: Ticket): EpisodeIndexEntry[] {
  return [
    ...episodes.map((e) => ({
      lastDay: e.deadline.lastDay,
      subject: e.subject,
      ticketId: e.ticketId,
      kind: e.kind,
      due: e.deadline.due,
    })),
    ...receiptEntries(ticket),
  ]
}

/**
 * Tickets the jobs read by the day they were received: emergencies (§4.11, reported within
 * minutes) and micro-platform submissions (§4.6, handled within a working day).
 */
function receiptEntries(ticket: Ticket): EpisodeIndexEntry[] {
  const received = ticket.events.find((e) => e.type === 'received')
  if (!received) return []
  const day = localDateOf(received.at)
  const entry = (kind: string) => ({
    lastDay: day,
    subject: `${ticket.ticketId}/${kind}`,
    ticketId: ticket.ticketId,
    kind,
    due: received.at,
  })
  return [
    ...(ticket.emergency ? [entry('emergency')] : []),
    ...(MICRO_PLATFORM_CHANNELS.includes(ticket.channel) ? [entry('micro_platform')] : []),
  ]
}

/** Creates a ticket (once) with its clocks; `exists` when it was already there. */
export async function saveNewTicket(
  deps: TicketWriteDeps,
  ticket: Ticket,
  secrets: { phoneEnc: string | null; citizenKey: string | null },
): Promise<{ ticket: Ticket; result: 'created' | 'exists' }> {
  const prepared = withClocks(deps, ticket)
  await indexEpisodes(deps.store, prepared.entries)
  const result = await createTicket(deps.store, { ticket: prepared.ticket, ...secrets })
  return { ticket: prepared.ticket, result }
}

/** Appends `event` to `ticket` (as read, at its version), moving it to `to`, with recomputed clocks. */
export async function appendTicketEvent(
  deps: TicketWriteDeps,
  ticket: Ticket,
  event: TicketEvent,
  to: TicketStatus,
  set: Partial<Pick<Ticket, 'needsTransfer' | 'needsCallback' | 'emergency' | 'channel' | 'receivedAt'>> = {},
): Promise<Ticket> {
  const next = withClocks(deps, { ...ticket, ...set, status: to, events: [...ticket.events, event] })
  await indexEpisodes(deps.store, next.entries)
  return applyTicketEvent(deps.store, ticket.ticketId, {
    event,
    from: ticket.status,
    to,
    expectedVersion: ticket.version,
    clocks: next.ticket.clocks,
    nextDue: next.ticket.nextDue,
    set,
  })
}

/**
 * After a calendar year is loaded: every open ticket whose running clocks were counted on a
 * provisional calendar (a year not loaded then) gets them recounted on the calendar in force, and its
 * episodes filed under their real last day, so the nightly job of that day finds them (SPEC §3).
 * One pass over the open-clock index (a Query, paged). A ticket written meanwhile is skipped: that
 * write recounted its clocks on the new calendar already. Returns how many tickets were recounted.
 */
export async function recountProvisionalClocks(deps: TicketWriteDeps): Promise<number> {
  let recounted = 0
  let cursor: string | undefined
  do {
    const page = await ticketsDueBefore(deps.store, { dueBefore: '9999-12-31', limit: 100, cursor })
    for (const ticket of page.tickets) {
      if (!ticket.clocks.some((c) => c.provisional)) continue
      const next = withClocks(deps, ticket)
      await indexEpisodes(deps.store, next.entries)
      try {
        await resetTicketClocks(deps.store, ticket.ticketId, {
          expectedVersion: ticket.version,
          clocks: next.ticket.clocks,
          nextDue: next.ticket.nextDue,
        })
        recounted++
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err
      }
    }
    cursor = page.cursor ?? undefined
  } while (cursor)
  return recounted
}
