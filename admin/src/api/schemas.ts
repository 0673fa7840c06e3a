/**
 * Response schemas of the staff routes the admin app calls that `@hotline/domain` does not define
 * yet. They mirror the server's: the outbox entry is `OutboxEntry` of `@hotline/store`
 * (`packages/store/src/repos/outbox.ts`), the login answer is `functions/src/routes/auth.ts`'s.
 * A drift fails the parse in the client, loudly.
 */
import { Role, Ticket } from '@hotline/domain'
import { z } from 'zod'

/** `POST /api/v1/auth/login` (local mode's built-in issuer). */
export const LoginResponse = z.object({
  accessToken: z.string().min(1),
  tokenType: z.literal('Bearer'),
  /** Seconds. */
  expiresIn: z.number().int().positive(),
  user: z.object({ username: z.string(), name: z.string(), roles: z.array(Role) }),
})
export type LoginResponse = z.infer<typeof LoginResponse>

export const OutboxPurpose = z.enum(['acknowledgement', 'survey', 'rating_thanks', 'reply'])
export type OutboxPurpose = z.infer<typeof OutboxPurpose>
export const SmsSenderKind = z.enum(['aws', 'local'])
export type SmsSenderKind = z.infer<typeof SmsSenderKind>

export const OutboxEntry = z.object({
  id: z.string(),
  at: z.string(),
  toMasked: z.string(),
  text: z.string(),
  purpose: OutboxPurpose,
  ticketId: z.string().nullable(),
  sender: SmsSenderKind,
  providerMessageId: z.string().nullable(),
  /** `withheld`: not sent, the phone having reached its acknowledgement cap (`error` says which). */
  status: z.enum(['sent', 'failed', 'withheld']),
  error: z.string().nullable(),
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

/** `GET /api/v1/outbox?day=&limit=&cursor=`: one page of a local day's SMS, newest first. */
export const OutboxResponse = z.object({
  day: z.string(),
  /** Who sends now: `local` means nothing left the machine. */
  sender: SmsSenderKind,
  entries: z.array(OutboxEntry),
  /** Opaque; `null` on the last page. */
  cursor: z.string().nullable(),
})
export type OutboxResponse = z.infer<typeof OutboxResponse>

/** `GET /api/v1/tickets?dueBefore=&status=&limit=&cursor=`: tickets whose next clock is due by then, soonest first. */
export const TicketsDueResponse = z.object({
  tickets: z.array(Ticket),
  /** Opaque; `null` on the last page (a full page may still be followed by an empty one). */
  cursor: z.string().nullable(),
})
export type TicketsDueResponse = z.infer<typeof TicketsDueResponse>

/** `POST /api/v1/tickets/{id}/reveal-phone`: the full number (audited), `null` when none is on file. */
export const RevealPhoneResponse = z.object({ phone: z.string().nullable() })
export type RevealPhoneResponse = z.infer<typeof RevealPhoneResponse>

export const LineError = z.object({ line: z.number().int(), field: z.string(), message: z.string() })
export type LineError = z.infer<typeof LineError>

/**
 * `POST /api/v1/import`: what one request's lines came to (`ImportReport` of
 * `functions/src/operations/ingest.ts`). `failed` counts every bad line; `errors` lists at most 1000.
 */
export const ImportReport = z.object({
  lines: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  applied: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  skipped: z.number().int().min(0),
  failed: z.number().int().min(0),
  errors: z.array(LineError),
})
export type ImportReport = z.infer<typeof ImportReport>
