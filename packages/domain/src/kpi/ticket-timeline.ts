/**
 * Per-ticket timelines and deadline episodes (contract §4.3; SPEC §9). Ticket events arrive in any
 * order and a month's export may start mid-story (no `received` event); this module groups them by
 * ticket, orders them, reads the ticket's flags and derives the §4.3 clocks — transfer (转办),
 * each return (回退) and each reply needing a callback (回访) — with their due instants. The KPI
 * calculators in `tickets.ts` and the operations API's live deadline clocks both start here.
 */
import { type Deadline, deadline } from '../periods'
import type { Channel, TicketEventRecord, TicketEventType } from '../records'
import { type Instant, toInstant } from '../time'
import type { KpiContext } from './types'

/** Lifecycle order, used to order events at the same instant: received < transferred < … < closed. */
const LIFECYCLE_RANK: Readonly<Record<TicketEventType, number>> = {
  received: 0,
  transferred: 1,
  returned: 2,
  replied: 3,
  callback_done: 4,
  closed: 5,
}

/** The ticket's flags, as given on its `received` event(s). */
export type TicketFlags = {
  readonly needsTransfer: boolean
  /** From `received` only; a `replied` event may also ask for a callback for that reply. */
  readonly needsCallback: boolean
  readonly emergency: boolean
  /** Intake channel, `null` when unknown (no `received` event, or none given). */
  readonly channel: Channel | null
}

export type TicketTimeline = {
  readonly ticketId: string
  /**
   * The ticket's events in time order (ties in lifecycle order), instants normalized to the stored
   * UTC form; a repeated delivery of the same (type, instant) is kept once.
   */
  readonly events: readonly TicketEventRecord[]
  /** The earliest `received` event's instant; `null` when the input starts mid-story. */
  readonly receivedAt: Instant | null
  readonly flags: TicketFlags
}

/** The §4.3 clocks: transfer after receipt, handling after a return, callback after a reply. */
export type EpisodeKind = 'transfer' | 'return' | 'callback'

/** One deadline clock of a ticket. */
export type TicketEpisode = {
  readonly kind: EpisodeKind
  readonly ticketId: string
  /** `T1` (transfer), `T1/return/2`, `T1/callback/1`: n counts that kind's episodes in time order. */
  readonly subject: string
  /** The event that started the clock. */
  readonly startedAt: Instant
  readonly deadline: Deadline
  /** The event that stopped the clock, or `null` while it runs. */
  readonly doneAt: Instant | null
  readonly doneBy: TicketEventType | null
}

/** A running clock, for the operations view. */
export type OpenClock = {
  readonly kind: EpisodeKind
  readonly subject: string
  readonly startedAt: Instant
  readonly due: Instant
  readonly provisional: boolean
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A key making the order of two events at the same instant and type independent of input order. */
const contentKey = (e: TicketEventRecord): string =>
  JSON.stringify([
    e.channel ?? null,
    e.needsTransfer ?? null,
    e.needsCallback ?? null,
    e.emergency ?? null,
    e.department ?? null,
    e.reason ?? null,
    e.note ?? null,
  ])

// Instants in the stored form (`orderedEvents` normalizes them first) order as their strings do.
const byTimeThenLifecycle = (a: TicketEventRecord, b: TicketEventRecord): number =>
  compareStrings(a.at, b.at) ||
  LIFECYCLE_RANK[a.type] - LIFECYCLE_RANK[b.type] ||
  compareStrings(contentKey(a), contentKey(b))

/** A flag set `true` on any delivery of the same event is kept. */
const orFlag = (a: boolean | undefined, b: boolean | undefined): boolean | undefined =>
  a === true || b === true ? true : (a ?? b)

/** Sorted events, with repeated deliveries of one (type, instant) merged into the first. */
function orderedEvents(events: readonly TicketEventRecord[]): TicketEventRecord[] {
  const sorted = events.map((e) => ({ ...e, at: toInstant(e.at) })).sort(byTimeThenLifecycle)
  const merged: TicketEventRecord[] = []
  for (const event of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && last.type === event.type && last.at === event.at) {
      const needsTransfer = orFlag(last.needsTransfer, event.needsTransfer)
      const needsCallback = orFlag(last.needsCallback, event.needsCallback)
      const emergency = orFlag(last.emergency, event.emergency)
      const channel = last.channel ?? event.channel
      merged[merged.length - 1] = {
        ...last,
        ...(needsTransfer === undefined ? {} : { needsTransfer }),
        ...(needsCallback === undefined ? {} : { needsCallback }),
        ...(emergency === undefined ? {} : { emergency }),
        ...(channel === undefined ? {} : { channel }),
      }
    } else merged.push(event)
  }
  return merged
}

function flagsOf(events: readonly TicketEventRecord[]): TicketFlags {
  const received = events.filter((e) => e.type === 'received')
  return {
    needsTransfer: received.some((e) => e.needsTransfer === true),
    needsCallback: received.some((e) => e.needsCallback === true),
    emergency: received.some((e) => e.emergency === true),
    channel: received.find((e) => e.channel !== undefined)?.channel ?? null,
  }
}

/** The timeline of one ticket's events (any order; events of other tickets must not be passed). */
export function ticketTimeline(ticketId: string, events: readonly TicketEventRecord[]): TicketTimeline {
  const ordered = orderedEvents(events)
  return {
    ticketId,
    events: ordered,
    receivedAt: ordered.find((e) => e.type === 'received')?.at ?? null,
    flags: flagsOf(ordered),
  }
}

/**
 * Groups ticket events by ticket into timelines, keyed and iterated by ticket id (ascending).
 *
 * @example
 * const timelines = ticketTimelines(events)
 * timelines.get('T1')?.flags.needsTransfer // true when T1's `received` event said so
 */
export function ticketTimelines(events: readonly TicketEventRecord[]): Map<string, TicketTimeline> {
  const byTicket = new Map<string, TicketEventRecord[]>()
  for (const event of events) {
    const list = byTicket.get(event.ticketId)
    if (list === undefined) byTicket.set(event.ticketId, [event])
    else list.push(event)
  }
  const timelines = new Map<string, TicketTimeline>()
  for (const ticketId of [...byTicket.keys()].sort(compareStrings)) {
    timelines.set(ticketId, ticketTimeline(ticketId, byTicket.get(ticketId) ?? []))
  }
  return timelines
}

/** The first event after position `from` whose type is one of `types`. */
function firstAfter(
  events: readonly TicketEventRecord[],
  from: number,
  types: readonly TicketEventType[],
): TicketEventRecord | undefined {
  for (let i = from + 1; i < events.length; i++) {
    const event = events[i]
    if (event !== undefined && types.includes(event.type)) return event
  }
  return undefined
}

/**
 * Every §4.3 clock of a ticket, in time order of its start, each with its deadline and the event
 * that stopped it (if any in the timeline):
 *
 * - `transfer`: from the first `received` event when it says `needsTransfer`; due after
 *   `serviceError.transfer.within`; stopped by the first later `transferred` or `closed` event;
 * - `return`: from each `returned` event; due after `return.within`; stopped by the next later
 *   `transferred` or `closed` event;
 * - `callback`: from each `replied` event on a ticket needing a callback (flag on `received`, or
 *   `needsCallback: true` on that reply); due after `callback.within`; stopped only by the next
 *   later `callback_done` event.
 *
 * "Later" means later in the timeline's order, so an event at the same instant counts when the
 * lifecycle puts it after the start (a `transferred` at the instant of receipt stops the transfer
 * clock; one at the instant of a return does not stop that return's clock).
 */
export function ticketEpisodes(timeline: TicketTimeline, ctx: KpiContext): TicketEpisode[] {
  const { serviceError } = ctx.terms.kpis
  const { counting } = ctx.terms
  const { ticketId, events, flags } = timeline
  const episodes: TicketEpisode[] = []
  let returns = 0
  let callbacks = 0
  const receivedIndex = events.findIndex((e) => e.type === 'received')

  const episode = (
    kind: EpisodeKind,
    subject: string,
    index: number,
    start: TicketEventRecord,
    stoppers: readonly TicketEventType[],
  ): TicketEpisode => {
    const within = serviceError[kind].within
    const done = firstAfter(events, index, stoppers)
    return {
      kind,
      ticketId,
      subject,
      startedAt: start.at,
      deadline: deadline(start.at, within, ctx.calendar, counting),
      doneAt: done?.at ?? null,
      doneBy: done?.type ?? null,
    }
  }

  events.forEach((event, index) => {
    if (event.type === 'received' && index === receivedIndex && flags.needsTransfer) {
      episodes.push(episode('transfer', ticketId, index, event, ['transferred', 'closed']))
    } else if (event.type === 'returned') {
      returns += 1
      episodes.push(
        episode('return', `${ticketId}/return/${returns}`, index, event, ['transferred', 'closed']),
      )
    } else if (event.type === 'replied' && (flags.needsCallback || event.needsCallback === true)) {
      callbacks += 1
      episodes.push(episode('callback', `${ticketId}/callback/${callbacks}`, index, event, ['callback_done']))
    }
  })
  return episodes
}

/**
 * The ticket's running clocks: episodes not yet stopped by any event in the timeline, whatever the
 * time now (an overdue one is still listed), ordered by due instant.
 *
 * @example
 * openClocks(ticketTimelines(events).get('T1')!, ctx)
 * // → [{ kind: 'transfer', subject: 'T1', startedAt: '…', due: '2026-10-08T16:00:00.000Z', provisional: false }]
 */
export function openClocks(timeline: TicketTimeline, ctx: KpiContext): OpenClock[] {
  return ticketEpisodes(timeline, ctx)
    .filter((ep) => ep.doneAt === null)
    .map(
      (ep): OpenClock => ({
        kind: ep.kind,
        subject: ep.subject,
        startedAt: ep.startedAt,
        due: ep.deadline.due,
        provisional: ep.deadline.provisional,
      }),
    )
    .sort((a, b) => compareStrings(a.due, b.due) || compareStrings(a.subject, b.subject))
}
