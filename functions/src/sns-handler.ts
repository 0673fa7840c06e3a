/**
 * The middy handler for AWS two-way SMS: End User Messaging publishes each inbound SMS to an SNS
 * topic, SNS invokes this Lambda asynchronously. The real entry (`sns-main.ts`) builds `receive`
 * and the logger; this module reads no environment.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import middy from '@middy/core'
import type { SNSEvent, SNSEventRecord } from 'aws-lambda'
import type { Core } from './compose'
import type { InboundSms, SmsSender } from './intake/ports'
import { InboundPayloadError, parseAwsInbound } from './intake/sms'
import { receiveSms } from './intake/usecases'
import type { Vault } from './intake/vault'
import { withCorrelationId } from './logger'

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
 * handler returns nothing. Each record's log lines carry its SNS message id as their correlation id.
 *
 * @example
 * export const handler = createSnsHandler((sms) => intake.receiveSms(sms), createLogger())
 */
export function createSnsHandler(receive: (sms: InboundSms) => Promise<unknown>, logger: SnsHandlerLogger) {
  return middy<SNSEvent, void>().handler(async (event) => {
    for (const record of event.Records) {
      await withCorrelationId(record.Sns.MessageId, () => receiveRecord(record, receive, logger))
    }
  })
}

/** Receives one SNS record's SMS; a malformed payload is logged and skipped, any other error thrown. */
async function receiveRecord(
  record: SNSEventRecord,
  receive: (sms: InboundSms) => Promise<unknown>,
  logger: SnsHandlerLogger,
): Promise<void> {
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

/**
 * The two-way SMS Lambda's handler on the composition root's `core` (`compose.ts`) and its
 * adapters: a ticket an SMS opens gets its deadlines from the calendar and the terms in force, what
 * Settings holds included (re-read when older than five minutes). Its log lines carry the Lambda
 * context (`function_request_id`, cold start).
 */
export function smsHandlerOf(core: Core, adapters: { vault: Vault; sms: SmsSender }) {
  const deps = { ...core, ...adapters }
  return createSnsHandler(async (sms) => {
    await core.settings.refresh()
    try {
      return await receiveSms(deps, sms)
    } finally {
      core.metrics.flush()
    }
  }, core.logger).use(injectLambdaContext(core.logger, { resetKeys: true }))
}
