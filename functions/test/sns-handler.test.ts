import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import type { InboundSms } from '../src/intake/ports'
import { createLogger } from '../src/logger'
import { createSnsHandler } from '../src/sns-handler'

// The Lambda docs' example SNS message event, verbatim:
// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
const documentedEvent: SNSEvent = {
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn:
        'arn:aws:sns:us-east-2:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2019-01-02T12:45:07.000Z',
        Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
        SigningCertUrl:
          'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        Message: 'Hello from SNS!',
        MessageAttributes: {
          Test: { Type: 'String', Value: 'TestString' },
          TestBinary: { Type: 'Binary', Value: 'TestBinary' },
        },
        Type: 'Notification',
        UnsubscribeUrl:
          'https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
        TopicArn: 'arn:aws:sns:us-east-2:123456789012:sns-lambda',
        Subject: 'TestInvoke',
      },
    },
  ],
}
const documentedRecord = documentedEvent.Records[0] as SNSEventRecord

// The two-way SMS payload as documented at
// https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
// adjusted: originationNumber is a mainland mobile and messageBody a citizen's reply.
const payload = {
  originationNumber: '+8613812345678',
  destinationNumber: '+12125550101',
  messageKeyword: 'JOIN',
  messageBody: '小区路灯坏了',
  inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
  previousPublishedMessageId: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

/** The documented SNS record carrying `message`, with its own SNS MessageId. */
function record(message: unknown, snsMessageId: string): SNSEventRecord {
  return {
    ...documentedRecord,
    Sns: { ...documentedRecord.Sns, MessageId: snsMessageId, Message: JSON.stringify(message) },
  }
}

function eventOf(...records: SNSEventRecord[]): SNSEvent {
  return { Records: records }
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'hotline-sms-intake',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws-cn:lambda:cn-northwest-1:123456789012:function:hotline-sms-intake',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/hotline-sms-intake',
  logStreamName: '2026/01/01/[$LATEST]abc',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
}

function fakeLogger() {
  return { error: vi.fn(), info: vi.fn() }
}

const first: InboundSms = {
  provider: 'aws',
  messageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
  from: '13812345678',
  rawFrom: '+8613812345678',
  text: '小区路灯坏了',
  receivedAt: '2019-01-02T12:45:07.000Z',
}

describe('createSnsHandler', () => {
  it('passes each record to receive once, in order, as the canonical message', async () => {
    const receive = vi.fn(async (_sms: InboundSms) => undefined)
    const logger = fakeLogger()
    const handler = createSnsHandler(receive, logger)
    const second = {
      ...payload,
      originationNumber: '+8613900000001',
      messageBody: '1',
      inboundMessageId: 'id-2',
    }

    const result = await handler(eventOf(record(payload, 'sns-1'), record(second, 'sns-2')), context)

    expect(result).toBeUndefined()
    expect(receive.mock.calls).toEqual([
      [first],
      [{ ...first, messageId: 'id-2', from: '13900000001', rawFrom: '+8613900000001', text: '1' }],
    ])
    expect(logger.error).not.toHaveBeenCalled()
  })

  it('processes records sequentially: the next waits for the previous receive', async () => {
    const order: string[] = []
    let release = () => {}
    const receive = vi.fn(async (sms: InboundSms) => {
      order.push(`start ${sms.messageId}`)
      if (sms.messageId === 'id-1') await new Promise<void>((resolve) => (release = resolve))
      order.push(`end ${sms.messageId}`)
    })
    const handler = createSnsHandler(receive, fakeLogger())
    const event = eventOf(
      record({ ...payload, inboundMessageId: 'id-1' }, 'sns-1'),
      record({ ...payload, inboundMessageId: 'id-2' }, 'sns-2'),
    )

    const running = handler(event, context)
    await vi.waitFor(() => expect(order).toEqual(['start id-1']))
    release()
    await running

    expect(order).toEqual(['start id-1', 'end id-1', 'start id-2', 'end id-2'])
  })

  it('skips a malformed record, logging the field but neither the number nor the text', async () => {
    const receive = vi.fn(async (_sms: InboundSms) => undefined)
    const logger = fakeLogger()
    const handler = createSnsHandler(receive, logger)
    const { inboundMessageId: _id, ...noId } = payload

    await handler(eventOf(record(noId, 'sns-bad'), record(payload, 'sns-good')), context)

    expect(receive.mock.calls).toEqual([[first]])
    expect(logger.error).toHaveBeenCalledTimes(1)
    expect(logger.error).toHaveBeenCalledWith('inbound SMS payload rejected', {
      provider: 'aws',
      field: 'inboundMessageId',
      snsMessageId: 'sns-bad',
    })
    const logged = JSON.stringify([logger.error.mock.calls, logger.info.mock.calls])
    for (const secret of ['13812345678', '138 1234 5678', '小区路灯坏了'])
      expect(logged).not.toContain(secret)
  })

  it('skips a notification that is not a two-way SMS payload (the documented SNS test event)', async () => {
    const receive = vi.fn(async (_sms: InboundSms) => undefined)
    const logger = fakeLogger()

    await createSnsHandler(receive, logger)(documentedEvent, context)

    expect(receive).not.toHaveBeenCalled()
    expect(logger.error).toHaveBeenCalledWith('inbound SMS payload rejected', {
      provider: 'aws',
      field: '(body)',
      snsMessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    })
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('Hello from SNS!')
  })

  it('rethrows any other error so Lambda retries the delivery, and stops at that record', async () => {
    const unavailable = new Error('store unavailable')
    const receive = vi.fn(async (_sms: InboundSms) => {
      throw unavailable
    })
    const logger = fakeLogger()
    const handler = createSnsHandler(receive, logger)

    await expect(
      handler(
        eventOf(record(payload, 'sns-1'), record({ ...payload, inboundMessageId: 'id-2' }, 'sns-2')),
        context,
      ),
    ).rejects.toBe(unavailable)
    expect(receive).toHaveBeenCalledTimes(1)
    expect(logger.error).not.toHaveBeenCalled()
  })

  it('takes a plain logger of the documented shape, and the Powertools logger the real entry will pass', async () => {
    const receive = vi.fn(async (_sms: InboundSms) => undefined)
    const lines: string[] = []
    const plain: { error(msg: string, extra?: object): void; info(msg: string, extra?: object): void } = {
      error: (msg) => lines.push(`error ${msg}`),
      info: (msg) => lines.push(`info ${msg}`),
    }

    await createSnsHandler(receive, plain)(eventOf(record(payload, 'sns-1')), context)
    await createSnsHandler(receive, createLogger({ silent: true }))(
      eventOf(record(payload, 'sns-2')),
      context,
    )

    expect(lines).toEqual(['info inbound SMS received'])
    expect(receive.mock.calls).toEqual([[first], [first]])
  })
})
