/**
 * Citizen intake use cases (SPEC §8): a submission or message becomes a ticket with a number a
 * person can read over the phone, and an acknowledgement; a survey reply becomes a rating; a
 * follow-up joins the citizen's open ticket. Every inbound delivery is processed once, whatever
 * the provider's retries, through a claim item; each step is a single conditional write, ordered
 * so that a retry resumes where a crash stopped.
 */
import { createHash, randomInt } from 'node:crypto'
import {
  acknowledgementText,
  appendedText,
  type Calendar,
  type Category,
  type Channel,
  formatTicketNumber,
  localDateOf,
  maskPhone,
  parseSurveyReply,
  type RatingLevel,
  ratingThanksText,
  surveyText,
  type TermsSchedule,
  type Ticket,
  TRACKING_ALPHABET,
  wechatReplies,
} from '@hotline/domain'
import {
  appendMessage,
  ConflictError,
  citizenTickets,
  claimInbound,
  completeInbound,
  getTicket,
  hitRateLimit,
  inboundClaimed,
  nextSequence,
  openSurvey,
  putOutbox,
  recordClaimTicket,
  recordRating,
  reserveTrackingCode,
  type Store,
} from '@hotline/store'
import { z } from 'zod'
import type { Logger } from '../logger'
import type { AppMetrics } from '../metrics'
import { IdempotencyKeyReusedError, RateLimitedError } from '../problems'
import { saveNewTicket } from '../tickets/write'
import { acknowledgementLimits, callerKey, PUBLIC_LIMITS } from './limits'
import type { InboundSms, OutboundSms, SmsSender } from './ports'
import type { Vault } from './vault'

export type IntakeDeps = {
  store: Store
  calendar: Calendar
  vault: Vault
  sms: SmsSender
  /** The terms in force on each day; intake applies today's (`termsNow`). */
  terms: TermsSchedule
  now: () => Date
  logger: Logger
  metrics: AppMetrics
  /** Draws a tracking code; tests pass a deterministic one. */
  trackingCode?: () => string
}

/** The terms in force today (Beijing): what a message or a form received now is handled under. */
const termsNow = (deps: Pick<IntakeDeps, 'terms' | 'now'>) => deps.terms.at(localDateOf(deps.now()))

export type Receipt = {
  ticketNumber: string
  trackingCode: string
  receivedAt: string
  status: Ticket['status']
  /**
   * What became of the acknowledgement SMS, on the answer that created the ticket (a replay does
   * not say): `withheld` when the phone reached its cap, so the page asks to note the numbers.
   */
  acknowledgement?: SmsOutcome
}

/** What became of one SMS: sent, failed at the provider, or withheld by a cap. */
export const SmsOutcome = z.enum(['sent', 'failed', 'withheld'])
export type SmsOutcome = z.infer<typeof SmsOutcome>

/** What processing one inbound message did: returned to every later duplicate of it too. */
export type InboundOutcome =
  | { kind: 'ticket'; ticketId: string; trackingCode: string }
  | { kind: 'appended'; ticketId: string }
  | { kind: 'rating'; ticketId: string; level: RatingLevel }
  | { kind: 'ignored'; reason: string }

const randomTrackingCode = (): string =>
  Array.from({ length: 10 }, () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]).join('')

type NewIntakeTicket = {
  channel: Channel
  phone: string | null
  openid: string | null
  content: string
  category: Category | null
  name: string | null
  location: string | null
}

/** Who a claim is for: a provider delivery (`sms-aws`, `wechat`, `web`) and its id. */
type ClaimRef = { source: string; messageId: string }

/**
 * Creates a ticket: number from the day's counter, a fresh tracking code, the item. Under a claim
 * the number is recorded in the claim first, so a resumed delivery finishes the same ticket.
 */
async function createIntakeTicket(
  deps: IntakeDeps,
  input: NewIntakeTicket,
  claim?: ClaimRef,
): Promise<Ticket> {
  const now = deps.now()
  const receivedAt = now.toISOString()
  const day = localDateOf(receivedAt)
  const sequence = await nextSequence(deps.store, `ticket-${day}`)
  let ticketId = formatTicketNumber(termsNow(deps).intake.ticketPrefix, day, sequence)
  if (claim) {
    ticketId = await recordClaimTicket(deps.store, claim.source, claim.messageId, ticketId)
    const existing = await getTicket(deps.store, ticketId)
    if (existing) return existing
  }
  const draw = deps.trackingCode ?? randomTrackingCode
  let trackingCode = draw()
  for (let attempt = 0; !(await reserveTrackingCode(deps.store, trackingCode, ticketId)); attempt++) {
    if (attempt >= 5) throw new Error('could not draw a free tracking code')
    trackingCode = draw()
  }
  const ticket: Ticket = {
    ticketId,
    trackingCode,
    channel: input.channel,
    category: input.category,
    content: input.content,
    name: input.name,
    location: input.location,
    phoneMasked: input.phone ? maskPhone(input.phone) : null,
    openid: input.openid,
    status: 'received',
    receivedAt,
    needsTransfer: true,
    needsCallback: false,
    emergency: false,
    events: [{ type: 'received', at: receivedAt, by: 'intake' }],
    messages: [],
    survey: null,
    rating: null,
    clocks: [],
    nextDue: null,
    version: 1,
    updatedAt: receivedAt,
  }
  const citizenKey = input.phone
    ? deps.vault.citizenKey('phone', input.phone)
    : input.openid
      ? deps.vault.citizenKey('openid', input.openid)
      : null
  const saved = await saveNewTicket(deps, ticket, {
    phoneEnc: input.phone ? deps.vault.seal(input.phone) : null,
    citizenKey,
  })
  if (saved.result === 'exists') {
    const existing = await getTicket(deps.store, ticketId)
    if (existing) return existing
  }
  deps.metrics.count('TicketsCreated', 1, { name: 'channel', value: input.channel })
  return saved.ticket
}

/**
 * Sends an SMS and records it in the outbox. A failed send is recorded as failed and logged
 * (without the number or text); it never undoes the ticket the citizen already has. A `withheld`
 * one is only recorded, with why.
 */
export async function notify(
  deps: IntakeDeps,
  message: OutboundSms,
  withheld?: 'phone_hour_limit' | 'phone_day_limit',
): Promise<SmsOutcome> {
  const at = deps.now().toISOString()
  const base = {
    id: `${message.purpose}-${message.ticketId ?? 'none'}-${Date.parse(at)}-${randomInt(1_000_000)}`,
    at,
    toMasked: maskPhone(message.to),
    text: message.text,
    purpose: message.purpose,
    ticketId: message.ticketId ?? null,
    sender: deps.sms.kind,
  }
  if (withheld) {
    await putOutbox(deps.store, { ...base, providerMessageId: null, status: 'withheld', error: withheld })
    deps.metrics.count('SmsWithheld')
    return 'withheld'
  }
  try {
    const { providerMessageId } = await deps.sms.send(message)
    await putOutbox(deps.store, { ...base, providerMessageId, status: 'sent', error: null })
    deps.metrics.count('SmsSent')
    return 'sent'
  } catch (err) {
    const errorName = err instanceof Error ? err.name : 'UnknownError'
    deps.logger.error('sms send failed', { purpose: message.purpose, ticketId: message.ticketId, errorName })
    await putOutbox(deps.store, { ...base, providerMessageId: null, status: 'failed', error: errorName })
    deps.metrics.count('SmsFailed')
    return 'failed'
  }
}

export type WebInput = {
  channel: 'web' | 'miniprogram'
  submission: {
    phone: string
    content: string
    category: Category
    name?: string | undefined
    location?: string | undefined
    openid?: string | undefined
  }
  /**
   * A client's `Idempotency-Key`: the same key with the same submission returns the same receipt,
   * never a second ticket; with another submission it is refused (422), never another's receipt.
   */
  idempotencyKey?: string | undefined
  /** The caller's address, for the per-client limit. */
  clientAddress: string
}

/** What a submission says, as a digest: the same fields give the same fingerprint, whatever their order. */
function fingerprintOf(input: WebInput): string {
  const fields = Object.entries(input.submission)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
  return createHash('sha256')
    .update(JSON.stringify([input.channel, fields]), 'utf8')
    .digest('base64url')
}

const receiptOf = (ticket: Ticket): Receipt => ({
  ticketNumber: ticket.ticketId,
  trackingCode: ticket.trackingCode ?? '',
  receivedAt: ticket.receivedAt,
  status: ticket.status,
})

/**
 * The web form and the mini-program API: a ticket, its receipt, and an acknowledgement by SMS.
 * Call it with a validated submission: the per-client limit is counted here, so bad input (refused
 * before) writes nothing.
 */
export async function submit(
  deps: IntakeDeps,
  input: WebInput,
): Promise<{ receipt: Receipt; replayed: boolean }> {
  const claim = input.idempotencyKey ? { source: input.channel, messageId: input.idempotencyKey } : undefined
  // A retry of a request already made creates nothing: only new requests count against the limit.
  const retry = claim ? await inboundClaimed(deps.store, claim.source, claim.messageId) : false
  const limit = PUBLIC_LIMITS.submissionsPerAddress
  if (!retry && !(await hitRateLimit(deps.store, limit, callerKey(input.clientAddress), deps.now()))) {
    throw new RateLimitedError(limit.windowSeconds)
  }
  if (claim) {
    const result = await claimInbound(deps.store, claim.source, claim.messageId, deps.now(), {
      fingerprint: fingerprintOf(input),
    })
    if (result.kind === 'mismatch') throw new IdempotencyKeyReusedError()
    if (result.kind === 'duplicate') {
      deps.metrics.count('DuplicatesSuppressed')
      const ticketId = result.claim.ticketId
      const ticket = ticketId ? await getTicket(deps.store, ticketId) : null
      if (!ticket) throw new ConflictError('a request with this Idempotency-Key is still being processed')
      // The replay says what became of the SMS as the first answer did (a lost answer is its reason).
      const acknowledgement = SmsOutcome.safeParse(result.claim.outcome?.acknowledgement)
      const receipt = receiptOf(ticket)
      return {
        receipt: acknowledgement.success ? { ...receipt, acknowledgement: acknowledgement.data } : receipt,
        replayed: true,
      }
    }
  }
  const { submission } = input
  const ticket = await createIntakeTicket(
    deps,
    {
      channel: input.channel,
      phone: submission.phone,
      openid: submission.openid ?? null,
      content: submission.content,
      category: submission.category,
      name: submission.name ?? null,
      location: submission.location ?? null,
    },
    claim,
  )
  const acknowledgement = await acknowledge(deps, ticket, submission.phone)
  if (claim) {
    await completeInbound(deps.store, claim.source, claim.messageId, {
      kind: 'ticket',
      ticketId: ticket.ticketId,
      acknowledgement,
    })
  }
  return { receipt: { ...receiptOf(ticket), acknowledgement }, replayed: false }
}

async function acknowledge(deps: IntakeDeps, ticket: Ticket, phone: string): Promise<SmsOutcome> {
  return notify(
    deps,
    {
      to: phone,
      purpose: 'acknowledgement',
      ticketId: ticket.ticketId,
      text: acknowledgementText(
        termsNow(deps).intake.smsSignature,
        ticket.ticketId,
        ticket.trackingCode ?? '',
      ),
    },
    await acknowledgementCap(deps, phone),
  )
}

/**
 * Counts one acknowledgement to `phone` against the terms' caps; the cap it reached, if any (the
 * SMS is then withheld). Counted under the citizen key, so no counter names the number.
 */
async function acknowledgementCap(
  deps: IntakeDeps,
  phone: string,
): Promise<'phone_hour_limit' | 'phone_day_limit' | undefined> {
  const citizenKey = deps.vault.citizenKey('phone', phone)
  const { hour, day } = acknowledgementLimits(termsNow(deps).intake.acknowledgementSmsPerPhone)
  const now = deps.now()
  if (!(await hitRateLimit(deps.store, hour, citizenKey, now))) return 'phone_hour_limit'
  if (!(await hitRateLimit(deps.store, day, citizenKey, now))) return 'phone_day_limit'
  return undefined
}

const HOUR_MS = 3_600_000

/** The citizen's most recent open ticket still inside the follow-up window, if any. */
function openTicketToAppend(deps: IntakeDeps, tickets: readonly Ticket[], now: Date): Ticket | undefined {
  const windowMs = termsNow(deps).intake.appendWindowHours * HOUR_MS
  return tickets.find((t) => {
    if (t.status === 'closed') return false
    const last = t.messages.at(-1)?.at ?? t.receivedAt
    return now.getTime() - Date.parse(last) <= windowMs
  })
}

/** The citizen's most recent closed ticket whose survey is open and unanswered, if any. */
const surveyAwaitingReply = (tickets: readonly Ticket[], now: Date): Ticket | undefined =>
  tickets.find(
    (t) => t.survey !== null && t.rating === null && Date.parse(t.survey.expiresAt) > now.getTime(),
  )

/**
 * One inbound SMS, from any provider: a survey answer becomes a rating of the ticket surveyed; a
 * follow-up within the window joins the citizen's open ticket; anything else is a new ticket.
 * The same delivery again (concurrently or later) changes nothing and gets the same outcome.
 */
export async function receiveSms(deps: IntakeDeps, sms: InboundSms): Promise<InboundOutcome> {
  const claim = { source: `sms-${sms.provider}`, messageId: sms.messageId }
  const result = await claimInbound(deps.store, claim.source, claim.messageId, deps.now())
  if (result.kind === 'duplicate') {
    deps.metrics.count('DuplicatesSuppressed')
    return outcomeOf(result.claim)
  }
  const resumed =
    result.kind === 'reclaimed' ? await resumedOutcome(deps, result.claim.ticketId, sms.text) : null
  const outcome = resumed ?? (await handleSms(deps, sms, claim))
  await completeInbound(deps.store, claim.source, claim.messageId, outcome)
  return outcome
}

const outcomeOf = (claim: { outcome?: Record<string, unknown> | undefined }): InboundOutcome =>
  (claim.outcome as InboundOutcome | undefined) ?? { kind: 'ignored', reason: 'in progress' }

/**
 * A delivery taken over from a claim that stalled (a crash mid-way): if its ticket already shows
 * what it did — the rating, the appended message — that is the outcome; a ticket not yet created
 * is finished by the normal path, which reuses the number the claim recorded.
 */
async function resumedOutcome(
  deps: IntakeDeps,
  ticketId: string | undefined,
  text: string,
): Promise<InboundOutcome | null> {
  const ticket = ticketId ? await getTicket(deps.store, ticketId) : null
  if (!ticket) return null
  if (ticket.rating?.via === 'sms' && parseSurveyReply(text) === ticket.rating.level) {
    return { kind: 'rating', ticketId: ticket.ticketId, level: ticket.rating.level }
  }
  if (ticket.messages.some((m) => m.text === text)) return { kind: 'appended', ticketId: ticket.ticketId }
  if (ticket.content === text)
    return { kind: 'ticket', ticketId: ticket.ticketId, trackingCode: ticket.trackingCode ?? '' }
  return null
}

async function handleSms(deps: IntakeDeps, sms: InboundSms, claim: ClaimRef): Promise<InboundOutcome> {
  const now = deps.now()
  const phone = sms.from
  const tickets = phone ? await citizenTickets(deps.store, deps.vault.citizenKey('phone', phone)) : []
  const level = parseSurveyReply(sms.text)
  if (phone && level) {
    const surveyed = surveyAwaitingReply(tickets, now)
    if (surveyed) {
      await recordClaimTicket(deps.store, claim.source, claim.messageId, surveyed.ticketId)
      try {
        await recordRating(deps.store, surveyed.ticketId, { level, at: now.toISOString(), via: 'sms' })
        await notify(deps, {
          to: phone,
          purpose: 'rating_thanks',
          ticketId: surveyed.ticketId,
          text: ratingThanksText(termsNow(deps).intake.smsSignature, surveyed.ticketId),
        })
        return { kind: 'rating', ticketId: surveyed.ticketId, level }
      } catch (err) {
        // Answered meanwhile, or the survey just expired: the reply is an ordinary message then.
        if (!(err instanceof ConflictError)) throw err
      }
    }
  }
  const open = openTicketToAppend(deps, tickets, now)
  if (open) {
    await recordClaimTicket(deps.store, claim.source, claim.messageId, open.ticketId)
    try {
      await appendMessage(deps.store, open.ticketId, {
        at: now.toISOString(),
        channel: 'sms',
        text: sms.text,
      })
      if (phone) {
        await notify(
          deps,
          {
            to: phone,
            purpose: 'acknowledgement',
            ticketId: open.ticketId,
            text: appendedText(termsNow(deps).intake.smsSignature, open.ticketId),
          },
          await acknowledgementCap(deps, phone),
        )
      }
      return { kind: 'appended', ticketId: open.ticketId }
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err
    }
  }
  const ticket = await createIntakeTicket(
    deps,
    { channel: 'sms', phone, openid: null, content: sms.text, category: null, name: null, location: null },
    claim,
  )
  if (phone) await acknowledge(deps, ticket, phone)
  return { kind: 'ticket', ticketId: ticket.ticketId, trackingCode: ticket.trackingCode ?? '' }
}

/**
 * A WeChat text message (micro-platform, SPEC §8): a follow-up joins the user's open ticket, else a
 * new ticket with channel `miniprogram`. Returns the outcome and the text to reply with.
 */
export async function receiveWeChatText(
  deps: IntakeDeps,
  message: { dedupeKey: string; openid: string; text: string },
): Promise<{ outcome: InboundOutcome; reply: string }> {
  const claim = { source: 'wechat', messageId: message.dedupeKey }
  const result = await claimInbound(deps.store, claim.source, claim.messageId, deps.now())
  let outcome: InboundOutcome
  if (result.kind === 'duplicate') {
    deps.metrics.count('DuplicatesSuppressed')
    outcome = outcomeOf(result.claim)
  } else {
    const resumed =
      result.kind === 'reclaimed' ? await resumedOutcome(deps, result.claim.ticketId, message.text) : null
    outcome = resumed ?? (await handleWeChatText(deps, message, claim))
    await completeInbound(deps.store, claim.source, claim.messageId, outcome)
  }
  const reply =
    outcome.kind === 'ticket'
      ? wechatReplies.ticket(outcome.ticketId)
      : outcome.kind === 'appended'
        ? wechatReplies.appended(outcome.ticketId)
        : wechatReplies.received
  return { outcome, reply }
}

async function handleWeChatText(
  deps: IntakeDeps,
  message: { openid: string; text: string },
  claim: ClaimRef,
): Promise<InboundOutcome> {
  const citizenKey = deps.vault.citizenKey('openid', message.openid)
  const open = openTicketToAppend(deps, await citizenTickets(deps.store, citizenKey), deps.now())
  if (open) {
    await recordClaimTicket(deps.store, claim.source, claim.messageId, open.ticketId)
    await appendMessage(deps.store, open.ticketId, {
      at: deps.now().toISOString(),
      channel: 'miniprogram',
      text: message.text,
    })
    return { kind: 'appended', ticketId: open.ticketId }
  }
  const ticket = await createIntakeTicket(
    deps,
    {
      channel: 'miniprogram',
      phone: null,
      openid: message.openid,
      content: message.text,
      category: null,
      name: null,
      location: null,
    },
    claim,
  )
  return { kind: 'ticket', ticketId: ticket.ticketId, trackingCode: ticket.trackingCode ?? '' }
}

/** Sends the satisfaction survey for a ticket that just closed and opens its reply window. */
export async function sendSurvey(deps: IntakeDeps, ticket: Ticket, phone: string): Promise<boolean> {
  const sentAt = deps.now()
  const expiresAt = new Date(sentAt.getTime() + termsNow(deps).intake.surveyReplyWindowHours * HOUR_MS)
  const opened = await openSurvey(deps.store, ticket.ticketId, {
    sentAt: sentAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  })
  if (opened) {
    await notify(deps, {
      to: phone,
      purpose: 'survey',
      ticketId: ticket.ticketId,
      text: surveyText(termsNow(deps).intake.smsSignature, ticket.ticketId),
    })
  }
  return opened
}
