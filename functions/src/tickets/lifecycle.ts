/**
 * Recording ticket lifecycle events (受理, 转办, 回退, 答复, 回访, 办结) by people and by the
 * call-centre platform. The domain decides which event may follow which (a refused one is a 409
 * saying why); the same event delivered again changes nothing; a write based on a stale read is
 * refused. Closing a ticket that has a citizen's phone sends the satisfaction survey.
 */
import {
  type Channel,
  checkTransition,
  maskPhone,
  type Principal,
  type Ticket,
  type TicketEvent,
  type TicketEventType,
  type TicketStatus,
  toInstant,
} from '@hotline/domain'
import {
  ConflictError,
  getTicket,
  getTicketSealedPhone,
  revealPhone as revealSealedPhone,
} from '@hotline/store'
import { type IntakeDeps, sendSurvey } from '../intake/usecases'
import { NotFoundError, TransitionError } from '../problems'
import { appendTicketEvent, saveNewTicket } from './write'

export type EventInput = {
  type: TicketEventType
  at?: string | undefined
  /** On `received`: how the ticket came in, and its flags. */
  channel?: Channel | undefined
  needsTransfer?: boolean | undefined
  needsCallback?: boolean | undefined
  emergency?: boolean | undefined
  /** On `received`: the caller's mainland mobile number, sealed at once. */
  phone?: string | undefined
  content?: string | undefined
  department?: string | undefined
  reason?: string | undefined
  note?: string | undefined
  /** The version the caller saw; a stale one is refused (409). */
  expectedVersion?: number | undefined
}

/** Whether `a` is the event of `type` at `at` (an instant) delivered again. */
const sameEvent = (a: TicketEvent, b: { type: TicketEventType; at: string }) =>
  a.type === b.type && toInstant(a.at) === b.at

/** The status after adding an event at `at`: the type of the latest event by time (ties: the new one). */
function latestStatus(ticket: Ticket | null, type: TicketEventType, at: string): TicketEventType {
  // The first of the latest events, each event's instant computed once.
  let latest: TicketEvent | undefined
  let latestAt = ''
  for (const event of ticket?.events ?? []) {
    const eventAt = toInstant(event.at)
    if (latest === undefined || eventAt > latestAt) {
      latest = event
      latestAt = eventAt
    }
  }
  return latest && latestAt > at ? latest.type : type
}

/** The flags a `received` brings to a ticket that already has events (an import out of order). */
export type ReceivedFlags = Partial<
  Pick<Ticket, 'needsTransfer' | 'needsCallback' | 'emergency' | 'channel' | 'receivedAt'>
>

/** What recording an event does to a ticket: nothing, create it, or append to it. */
export type EventPlan =
  | { kind: 'duplicate' }
  /** The new ticket, without clocks yet (the write computes them). */
  | { kind: 'create'; ticket: Ticket }
  /** The event, the status it leaves, the flags it sets, and the ticket as it will be (clocks not yet recomputed). */
  | { kind: 'append'; event: TicketEvent; status: TicketStatus; flags: ReceivedFlags; next: Ticket }

/**
 * The lifecycle's decision, without I/O: what recording `input` (its `at` already an instant) does
 * to `ticket` as read (`null`: not there yet) — the same event again is a duplicate; a stale
 * `expectedVersion` is a `ConflictError`; a transition the lifecycle refuses is a `TransitionError`,
 * unless `lenient` (an import: any first event, the status is the latest event's). The store path
 * (`recordTicketEvent`) and replay's in-memory tickets both follow it.
 */
export function planTicketEvent(
  ticket: Ticket | null,
  ticketId: string,
  input: EventInput & { at: string },
  by: string,
  options: { lenient?: boolean } = {},
): EventPlan {
  const { at } = input
  if (ticket?.events.some((e) => sameEvent(e, { type: input.type, at }))) return { kind: 'duplicate' }
  if (input.expectedVersion !== undefined && ticket && ticket.version !== input.expectedVersion) {
    throw new ConflictError(
      `ticket ${ticketId} is at version ${ticket.version}, not ${input.expectedVersion}: reload it and try again`,
    )
  }
  // An import replays an export that may start mid-story or list events out of order: it takes
  // any event, and the ticket's status is its latest event's. Live clients follow the lifecycle.
  const check = options.lenient
    ? ({ ok: true, status: latestStatus(ticket, input.type, at) } as const)
    : checkTransition(ticket?.status ?? null, input.type)
  if (!check.ok) throw new TransitionError(check.reason)
  const event: TicketEvent = {
    type: input.type,
    at,
    by,
    ...(input.department ? { department: input.department } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.type === 'replied' && input.needsCallback !== undefined
      ? { needsCallback: input.needsCallback }
      : {}),
  }
  if (!ticket) return { kind: 'create', ticket: newTicket(ticketId, input, check.status, event) }
  // A `received` arriving after other events (an import out of order) brings the ticket's flags.
  const flags: ReceivedFlags =
    input.type === 'received'
      ? {
          receivedAt: at,
          ...(input.channel ? { channel: input.channel } : {}),
          ...(input.needsTransfer !== undefined ? { needsTransfer: input.needsTransfer } : {}),
          ...(input.needsCallback !== undefined ? { needsCallback: input.needsCallback } : {}),
          ...(input.emergency !== undefined ? { emergency: input.emergency } : {}),
        }
      : {}
  const next = { ...ticket, ...flags, status: check.status, events: [...ticket.events, event] }
  return { kind: 'append', event, status: check.status, flags, next }
}

/** A ticket's first event makes it: its flags from the event, received when it happened. */
function newTicket(
  ticketId: string,
  input: EventInput & { at: string },
  status: TicketStatus,
  event: TicketEvent,
): Ticket {
  return {
    ticketId,
    trackingCode: null,
    channel: input.channel ?? 'phone',
    category: null,
    content: input.content ?? null,
    name: null,
    location: null,
    phoneMasked: input.phone ? maskPhone(input.phone) : null,
    openid: null,
    status,
    receivedAt: input.at,
    needsTransfer: input.needsTransfer ?? false,
    needsCallback: input.needsCallback ?? false,
    emergency: input.emergency ?? false,
    events: [event],
    messages: [],
    survey: null,
    rating: null,
    clocks: [],
    nextDue: null,
    version: 1,
    updatedAt: input.at,
  }
}

/** Records one event; returns the ticket and whether anything changed (a repeated event changes nothing). */
export async function recordTicketEvent(
  deps: IntakeDeps,
  ticketId: string,
  input: EventInput,
  principal: Principal,
  options: { lenient?: boolean } = {},
): Promise<{ ticket: Ticket; created: boolean; changed: boolean }> {
  const at = toInstant(input.at ?? deps.now())
  const ticket = await getTicket(deps.store, ticketId)
  const plan = planTicketEvent(ticket, ticketId, { ...input, at }, principal.username, options)
  if (plan.kind === 'duplicate') return { ticket: ticket as Ticket, created: false, changed: false }

  if (plan.kind === 'create') {
    const created = await saveNewTicket(deps, plan.ticket, {
      phoneEnc: input.phone ? deps.vault.seal(input.phone) : null,
      citizenKey: input.phone ? deps.vault.citizenKey('phone', input.phone) : null,
    })
    if (created.result === 'exists') {
      // Created meanwhile by a concurrent delivery: the current ticket is the answer.
      const current = await getTicket(deps.store, ticketId)
      if (current) return { ticket: current, created: false, changed: false }
    }
    return { ticket: created.ticket, created: true, changed: true }
  }

  const updated = await appendTicketEvent(deps, ticket as Ticket, plan.event, plan.status, plan.flags)
  if (updated.status === 'closed' && !options.lenient) {
    // A live close sends the satisfaction survey; an import replays history and sends nothing.
    const sealed = await getTicketSealedPhone(deps.store, ticketId)
    if (sealed && (await sendSurvey(deps, updated, deps.vault.open(sealed)))) {
      return { ticket: (await getTicket(deps.store, ticketId)) ?? updated, created: false, changed: true }
    }
  }
  return { ticket: updated, created: false, changed: true }
}

/** The full phone number, for a role allowed to see it; the reveal is audited in the same write. */
export async function revealPhone(
  deps: Pick<IntakeDeps, 'store' | 'vault' | 'now'>,
  ticketId: string,
  principal: Principal,
  reason: string,
): Promise<{ phone: string | null }> {
  const ticket = await getTicket(deps.store, ticketId)
  if (!ticket) throw new NotFoundError(`no ticket ${ticketId}`)
  if (ticket.phoneMasked === null) throw new NotFoundError(`ticket ${ticketId} has no phone number`)
  const sealed = await revealSealedPhone(deps.store, ticketId, {
    at: deps.now().toISOString(),
    by: principal.username,
    action: 'reveal_phone',
    detail: { reason, roles: principal.roles.join(',') },
  })
  return { phone: sealed ? deps.vault.open(sealed) : null }
}
