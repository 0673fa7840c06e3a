/**
 * Deliveries processed once. Providers retry, and the same delivery may arrive many times at once;
 * the first to create the claim item (`attribute_not_exists`) processes it, the others see it.
 * A claim records its progress (the ticket number it allocated) so a retry after a crash resumes
 * instead of starting over; a claim left `processing` longer than `staleAfterMs` may be taken over.
 * A claim may carry the fingerprint of the request it was made for (a client's `Idempotency-Key`
 * with its body): the same key with another fingerprint is `mismatch`, never the first one's outcome.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import type { Store } from '../client'
import { CorruptItemError, isConditionalCheckFailed } from '../errors'
import { keys } from '../keys'

const Claim = z.object({
  status: z.enum(['processing', 'done']),
  claimedAt: z.string(),
  attempt: z.number().int(),
  ticketId: z.string().optional(),
  outcome: z.record(z.string(), z.unknown()).optional(),
  fingerprint: z.string().optional(),
})
export type InboundClaim = z.infer<typeof Claim>

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'reclaimed'; claim: InboundClaim }
  | { kind: 'duplicate'; claim: InboundClaim }
  /** The key was claimed for a request with another fingerprint (IETF Idempotency-Key: 422). */
  | { kind: 'mismatch' }

const DAY_S = 24 * 3600
/** Dedupe records outlive any provider's retries by far. */
const KEEP_DAYS = 90

export type ClaimOptions = {
  /** A claim still `processing` after this long is taken over (`reclaimed`); default a minute. */
  staleAfterMs?: number
  /** What the request was (a digest of its body): a claim made with another one is a `mismatch`. */
  fingerprint?: string
}

export async function claimInbound(
  store: Store,
  source: string,
  messageId: string,
  now: Date,
  options: ClaimOptions = {},
): Promise<ClaimResult> {
  const { staleAfterMs = 60_000, fingerprint } = options
  const Key = keys.inbound(source, messageId)
  const claimedAt = now.toISOString()
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...Key,
          status: 'processing',
          claimedAt,
          attempt: 1,
          expiresAt: Math.floor(now.getTime() / 1000) + KEEP_DAYS * DAY_S,
          ...(fingerprint === undefined ? {} : { fingerprint }),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return { kind: 'claimed' }
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err
  }
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key, ConsistentRead: true }),
  )
  const parsed = Claim.safeParse(Item)
  if (!parsed.success) throw new CorruptItemError(Key, parsed.error.message)
  const claim = parsed.data
  if (fingerprint !== undefined && claim.fingerprint !== fingerprint) return { kind: 'mismatch' }
  if (claim.status === 'done' || Date.parse(claim.claimedAt) > now.getTime() - staleAfterMs) {
    return { kind: 'duplicate', claim }
  }
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key,
        UpdateExpression: 'SET claimedAt = :now, attempt = attempt + :one',
        ConditionExpression: '#status = :processing AND claimedAt = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': claimedAt,
          ':one': 1,
          ':processing': 'processing',
          ':seen': claim.claimedAt,
        },
      }),
    )
    return { kind: 'reclaimed', claim }
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err
    return { kind: 'duplicate', claim }
  }
}

/** Records the ticket a claim is creating, once: a resumed claim reuses it. Returns the one recorded. */
export async function recordClaimTicket(
  store: Store,
  source: string,
  messageId: string,
  ticketId: string,
): Promise<string> {
  const out = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.inbound(source, messageId),
      UpdateExpression: 'SET ticketId = if_not_exists(ticketId, :id)',
      ExpressionAttributeValues: { ':id': ticketId },
      ReturnValues: 'ALL_NEW',
    }),
  )
  return String(out.Attributes?.ticketId ?? ticketId)
}

/** Marks a claim done with what it produced (returned as is to later duplicates). */
export async function completeInbound(
  store: Store,
  source: string,
  messageId: string,
  outcome: Record<string, unknown>,
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.inbound(source, messageId),
      UpdateExpression: 'SET #status = :done, outcome = :outcome',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome },
    }),
  )
}

/** Whether a delivery was ever claimed (a strongly consistent read; no write). */
export async function inboundClaimed(store: Store, source: string, messageId: string): Promise<boolean> {
  const { Item } = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: keys.inbound(source, messageId),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  )
  return Item !== undefined
}
