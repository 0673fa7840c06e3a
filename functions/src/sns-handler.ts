/**
 * The middy handler for AWS two-way SMS: End User Messaging publishes each inbound SMS to an SNS
 * topic, SNS invokes this Lambda asynchronously. The real entry (`sns-main.ts`) builds `receive`
 * and the logger; this module reads no environment.
 */
import middy from '@middy/core'
import type { SNSEvent } from 'aws-lambda'
import type { Core } from './compose'
import type { InboundSms, SmsSender } from './intake/ports'
import { InboundPayloadError, parseAwsInbound } from './intake/sms'
import { receiveSms } from './intake/usecases'
import type { Vault } from './intake/vault'

/**
 * The two log levels the handler uses. Any `{ error(msg: string, extra?: object): void; info(…) }`
 * fits, and so does the Powertools `Logger` (whose extra argument must be a flat attributes object).
 */
export type SnsHandlerLogger = {
  error(msg: string, extra: Record<string, string>): void
  info(msg: string, extra: Record<string, string>): void
}

/**
 * A handler that parses each record's two-way SMS payload and passes it to `receive`, one record
 * after another. A malformed payload is logged (field name and SNS message id, never the number or
 * the text) and skipped: retrying it would fail the same way forever. Any other error is rethrown,
 * so Lambda retries the asynchronous invocation; `receive` must therefore be idempotent on
 * `messageId`. SNS has no partial-batch response (and delivers one record per invocation), so the
 * handler returns nothing.
 *
 * @example
 * export const handler = createSnsHandler((sms) => intake.receiveSms(sms), createLogger())
 */
export function createSnsHandler(receive: (sms: InboundSms) => Promise<unknown>, logger: SnsHandlerLogger) {
  return middy<SNSEvent, void>().handler(async (event) => {
    for (const record of event.Records) {
      try {
        const sms = parseAwsInbound(record.Sns.Message, record.Sns.Timestamp)
        await receive(sms)
        logger.info('inbound SMS received', { provider: sms.provider, messageId: sms.messageId })
      } catch (error) {
        if (!(error instanceof InboundPayloadError)) throw error
        logger.error('inbound SMS payload rejected', {
          provider: 'aws',
          field: error.field,
          snsMessageId: record.Sns.MessageId,
        })
      }
    }
  })
}

/**
 * The two-way SMS Lambda's handler on the composition root's `core` (`compose.ts`) and its
 * adapters: a ticket an SMS opens gets its deadlines from the calendar in force, the years loaded
 * in Settings included (re-read when older than five minutes).
 */
export function smsHandlerOf(core: Core, adapters: { vault: Vault; sms: SmsSender }) {
  const deps = { ...core, ...adapters }
  return createSnsHandler(async (sms) => {
    await core.calendarSource.refresh()
    try {
      return await receiveSms(deps, sms)
    } finally {
      core.metrics.flush()
    }
  }, core.logger)
}
