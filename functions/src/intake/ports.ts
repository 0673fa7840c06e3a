/**
 * The intake's ports: what the use cases need from the outside world, passed in as arguments.
 * Adapters (AWS, local, test doubles) implement them; use cases never import an SDK.
 */

/** Where an inbound SMS came from. */
export type SmsProvider = 'aws' | 'tencent' | 'aliyun'

/** One inbound SMS in canonical form, whatever the provider's payload looked like. */
export type InboundSms = {
  provider: SmsProvider
  /** The provider's own id for the message (or a stable digest where it has none): the dedupe key. */
  messageId: string
  /** The sender, normalized to a mainland mobile number `13812345678`; `null` if it is not one. */
  from: string | null
  /** The sender as the provider gave it (for a non-mainland number we cannot normalize). */
  rawFrom: string
  text: string
  /** When the provider says the message was received (UTC ISO), or when we received it. */
  receivedAt: string
}

/** An outbound SMS: an acknowledgement, a survey, or a reply. */
export type OutboundSms = {
  /** Mainland mobile number, `13812345678`. */
  to: string
  text: string
  purpose: 'acknowledgement' | 'survey' | 'rating_thanks' | 'reply'
  ticketId?: string
}

/** Sends SMS. The AWS adapter uses End User Messaging; the local one only records to the outbox. */
export type SmsSender = {
  readonly kind: 'aws' | 'local'
  send(message: OutboundSms): Promise<{ providerMessageId: string | null }>
}
