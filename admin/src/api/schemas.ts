/**
 * Response schemas of the staff routes the admin app calls that `@hotline/domain` does not define
 * yet. They mirror the server's: the outbox entry is `OutboxEntry` of `@hotline/store`
 * (`packages/store/src/repos/outbox.ts`), the login answer is `functions/src/routes/auth.ts`'s.
 * A drift fails the parse in the client, loudly.
 */
import { Role } from '@hotline/domain'
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
  status: z.enum(['sent', 'failed']),
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
