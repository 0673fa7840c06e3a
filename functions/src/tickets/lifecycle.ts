/**
 * Recording ticket lifecycle events (转办, 回退, 答复, 回访, 办结) by people and machine clients. The
 * domain decides which event may follow which; the store refuses a write if the ticket moved
 * meanwhile. Closing a ticket that has a citizen's phone sends the satisfaction survey.
 */
import {
  checkTransition,
  type Principal,
  type Ticket,
  type TicketEvent,
  type TicketEventType,
} from '@hotline/domain'
import {
  applyTicketEvent,
  getTicket,
  getTicketSealedPhone,
  revealPhone as revealSealedPhone,
} from '@hotline/store'
import { type IntakeDeps, sendSurvey } from '../intake/usecases'
import { NotFoundError, TransitionError } from '../problems'

export type EventInput = {
  type: Exclude<TicketEventType, 'received'>
  at?: string | undefined
  department?: string | undefined
  reason?: string | undefined
  note?: string | undefined
  needsCallback?: boolean | undefined
  /** The version the caller saw; a stale one is refused (409). */
  expectedVersion?: number | undefined
}

export async function recordTicketEvent(
  deps: IntakeDeps,
  ticketId: string,
  input: EventInput,
  principal: Principal,
): Promise<Ticket> {
  const ticket = await getTicket(deps.store, ticketId)
  if (!ticket) throw new NotFoundError(`no ticket ${ticketId}`)
  const check = checkTransition(ticket.status, input.type)
  if (!check.ok) throw new TransitionError(check.reason)
  const event: TicketEvent = {
    type: input.type,
    at: input.at ?? deps.now().toISOString(),
    by: principal.username,
    ...(input.department ? { department: input.department } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.needsCallback !== undefined ? { needsCallback: input.needsCallback } : {}),
  }
  const updated = await applyTicketEvent(deps.store, ticketId, {
    event,
    from: ticket.status,
    to: check.status,
    expectedVersion: input.expectedVersion,
    ...(input.type === 'replied' && input.needsCallback ? { set: { needsCallback: true } } : {}),
  })
  if (updated.status === 'closed') {
    const sealed = await getTicketSealedPhone(deps.store, ticketId)
    if (sealed) await sendSurvey(deps, updated, deps.vault.open(sealed))
  }
  return (await getTicket(deps.store, ticketId)) ?? updated
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
  const sealed = await revealSealedPhone(deps.store, ticketId, {
    at: deps.now().toISOString(),
    by: principal.username,
    action: 'reveal_phone',
    detail: { reason, roles: principal.roles.join(',') },
  })
  return { phone: sealed ? deps.vault.open(sealed) : null }
}
