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

const sameEvent = (a: TicketEvent, b: { type: TicketEventType; at: string }) =>
  a.type === b.type && toInstant(a.at) === toInstant(b.at)

/** The status after adding an event at `at`: the type of the latest event by time (ties: the new one). */
function latestStatus(ticket: Ticket | null, type: TicketEventType, at: string): TicketEventType {
  const latest = ticket?.events.reduce((a, b) => (toInstant(b.at) > toInstant(a.at) ? b : a))
  return latest && toInstant(latest.at) > at ? latest.type : type
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
  if (ticket?.events.some((e) => sameEvent(e, { type: input.type, at }))) {
    return { ticket, created: false, changed: false }
  }
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
    by: principal.username,
    ...(input.department ? { department: input.department } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.type === 'replied' && input.needsCallback !== undefined
      ? { needsCallback: input.needsCallback }
      : {}),
  }

  if (!ticket) {
    const created = await saveNewTicket(
      deps,
      {
        ticketId,
        trackingCode: null,
        channel: input.channel ?? 'phone',
        category: null,
        content: input.content ?? null,
        name: null,
        location: null,
        phoneMasked: input.phone ? maskPhone(input.phone) : null,
        openid: null,
        status: check.status,
        receivedAt: at,
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
        updatedAt: at,
      },
      {
        phoneEnc: input.phone ? deps.vault.seal(input.phone) : null,
        citizenKey: input.phone ? deps.vault.citizenKey('phone', input.phone) : null,
      },
    )
    if (created.result === 'exists') {
      // Created meanwhile by a concurrent delivery: the current ticket is the answer.
      const current = await getTicket(deps.store, ticketId)
      if (current) return { ticket: current, created: false, changed: false }
    }
    return { ticket: created.ticket, created: true, changed: true }
  }

  // A `received` arriving after other events (an import out of order) brings the ticket's flags.
  const flags =
    input.type === 'received'
      ? {
          receivedAt: at,
          ...(input.channel ? { channel: input.channel } : {}),
          ...(input.needsTransfer !== undefined ? { needsTransfer: input.needsTransfer } : {}),
          ...(input.needsCallback !== undefined ? { needsCallback: input.needsCallback } : {}),
          ...(input.emergency !== undefined ? { emergency: input.emergency } : {}),
        }
      : {}
  const updated = await appendTicketEvent(deps, ticket, event, check.status, flags)
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
