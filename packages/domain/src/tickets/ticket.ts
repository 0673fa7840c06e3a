/**
 * A ticket (工单) as the platform keeps it: who and what, its lifecycle history, citizen follow-up
 * messages, the satisfaction survey and rating. Phone numbers appear only masked here; the full
 * number is kept encrypted by the store and revealed only to an allowed role, audited.
 */
import { z } from 'zod'
import { Category } from '../intake/submission'
import { Channel, Id, TicketEventType } from '../records'
import { RatingLevel } from '../terms/schema'

const Instant = z.iso.datetime()

export const TicketEvent = z.object({
  type: TicketEventType,
  at: Instant,
  department: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
  needsCallback: z.boolean().optional(),
  /** Who recorded it: a user id, `intake`, or `import`. */
  by: z.string().optional(),
})
export type TicketEvent = z.infer<typeof TicketEvent>

export const CitizenMessage = z.object({ at: Instant, channel: Channel, text: z.string() })
export type CitizenMessage = z.infer<typeof CitizenMessage>

export const Ticket = z.object({
  ticketId: Id,
  trackingCode: z.string().nullable(),
  channel: Channel,
  category: Category.nullable(),
  content: z.string().nullable(),
  name: z.string().nullable(),
  location: z.string().nullable(),
  /** `138****5678`, or null when the ticket came without a phone (WeChat message, call-centre import). */
  phoneMasked: z.string().nullable(),
  /** The WeChat user the ticket came from, when it came by WeChat. */
  openid: z.string().nullable(),
  status: TicketEventType,
  receivedAt: Instant,
  needsTransfer: z.boolean(),
  needsCallback: z.boolean(),
  emergency: z.boolean(),
  events: z.array(TicketEvent),
  messages: z.array(CitizenMessage),
  survey: z.object({ sentAt: Instant, expiresAt: Instant }).nullable(),
  rating: z.object({ level: RatingLevel, at: Instant, via: z.enum(['sms', 'web', 'import']) }).nullable(),
  /** The §4.3 deadline clocks still running (transfer, handling a return, callback), soonest first. */
  clocks: z.array(
    z.object({
      kind: z.enum(['transfer', 'return', 'callback']),
      subject: z.string(),
      startedAt: Instant,
      due: Instant,
      provisional: z.boolean(),
    }),
  ),
  /** The soonest running clock's due instant: what "about to breach" lists sort by. */
  nextDue: Instant.nullable(),
  version: z.number().int().min(1),
  updatedAt: Instant,
})
export type Ticket = z.infer<typeof Ticket>
