/**
 * The citizen's status lookup: tracking code + phone number. A wrong phone and a missing code get
 * the same 404, so the endpoint tells nothing about codes it does not answer for. A malformed code
 * or phone is answered before anything is written; a well-formed guess counts against the caller's
 * address, and against the (code, address) pair — never the code alone, which would let a stranger
 * lock the code's owner out.
 */
import {
  CATEGORIES,
  type Category,
  normalizeMainlandMobile,
  normalizeTrackingCode,
  type RatingLevel,
  STATUS_LABELS,
  type Ticket,
  type TicketStatus,
} from '@hotline/domain'
import { getTicket, getTicketCitizenKey, hitRateLimit, ticketIdByTrackingCode } from '@hotline/store'
import { NotFoundError, RateLimitedError } from '../problems'
import { callerKey, PUBLIC_LIMITS } from './limits'
import type { IntakeDeps } from './usecases'

export type PublicStatus = {
  ticketNumber: string
  status: TicketStatus
  statusLabel: { zh: string; en: string }
  channel: Ticket['channel']
  category: { id: Category; zh: string; en: string } | null
  receivedAt: string
  history: { type: TicketStatus; at: string; label: { zh: string; en: string }; department?: string }[]
  rating: RatingLevel | null
}

const notFound = () => new NotFoundError('no ticket with this tracking code and phone number')

export async function lookupStatus(
  deps: Pick<IntakeDeps, 'store' | 'vault' | 'now'>,
  input: { trackingCode: string; phone: string; clientAddress: string },
): Promise<PublicStatus> {
  const now = deps.now()
  const code = normalizeTrackingCode(input.trackingCode)
  const phone = normalizeMainlandMobile(input.phone)
  if (!code || !phone) throw notFound()
  const { lookupPerAddress, lookupPerCodeAndAddress } = PUBLIC_LIMITS
  const caller = callerKey(input.clientAddress)
  if (!(await hitRateLimit(deps.store, lookupPerAddress, caller, now))) {
    throw new RateLimitedError(lookupPerAddress.windowSeconds)
  }
  if (!(await hitRateLimit(deps.store, lookupPerCodeAndAddress, `${code}|${caller}`, now))) {
    throw new RateLimitedError(lookupPerCodeAndAddress.windowSeconds)
  }
  const ticketId = await ticketIdByTrackingCode(deps.store, code)
  if (!ticketId) throw notFound()
  const citizenKey = await getTicketCitizenKey(deps.store, ticketId)
  if (citizenKey === null || citizenKey !== deps.vault.citizenKey('phone', phone)) throw notFound()
  const ticket = await getTicket(deps.store, ticketId)
  if (!ticket) throw notFound()
  return publicStatus(ticket)
}

/** What a citizen may see of their ticket: statuses and departments, never staff notes or reasons. */
export function publicStatus(ticket: Ticket): PublicStatus {
  return {
    ticketNumber: ticket.ticketId,
    status: ticket.status,
    statusLabel: STATUS_LABELS[ticket.status],
    channel: ticket.channel,
    category: ticket.category ? { id: ticket.category, ...CATEGORIES[ticket.category] } : null,
    receivedAt: ticket.receivedAt,
    history: ticket.events.map((e) => ({
      type: e.type,
      at: e.at,
      label: STATUS_LABELS[e.type],
      ...(e.type === 'transferred' && e.department ? { department: e.department } : {}),
    })),
    rating: ticket.rating?.level ?? null,
  }
}
