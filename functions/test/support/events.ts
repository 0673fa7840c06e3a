/** Events the Lambda entries receive, as AWS shapes them (the fields our handlers read). */
import { jiyuan2026 } from '@hotline/domain'
import type { SNSEvent } from 'aws-lambda'

/** An inbound SMS as End User Messaging publishes it to SNS, SNS delivering it as message `messageId`. */
export function inboundSmsEvent(messageId: string, at: string, messageBody = '小区路灯坏了三天'): SNSEvent {
  const message = {
    originationNumber: '+8613812345678',
    messageBody,
    inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
  }
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: { MessageId: messageId, Timestamp: at, Message: JSON.stringify(message) },
      },
    ],
  } as unknown as SNSEvent
}

/**
 * A renewal of the Jiyuan contract as an agency reviewer would save it in Settings: a new version,
 * the contract extended through 2027, and a transfer late charged ¥300 instead of ¥200.
 */
export function renewal2027(version = '2027.1') {
  return {
    ...jiyuan2026,
    version,
    contract: { ...jiyuan2026.contract, end: '2027-12-31' },
    kpis: {
      ...jiyuan2026.kpis,
      serviceError: {
        ...jiyuan2026.kpis.serviceError,
        transfer: { ...jiyuan2026.kpis.serviceError.transfer, amountFen: 30_000 },
      },
    },
  }
}
