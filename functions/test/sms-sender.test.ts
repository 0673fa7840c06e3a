import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { EndUserMessagingSender } from '../src/intake/sms-sender'

// Every client of the class is stubbed: no request leaves the process.
const pinpoint = mockClient(PinpointSMSVoiceV2Client)
const client = new PinpointSMSVoiceV2Client({
  region: 'cn-northwest-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
})

beforeEach(() => {
  pinpoint.reset()
})
afterAll(() => {
  pinpoint.restore()
})

/** The inputs of every command the client sent (a `toHaveReceivedCommandWith` over `calls()`). */
function sentInputs(): unknown[] {
  return pinpoint.calls().map((call) => {
    const [command] = call.args
    expect(command).toBeInstanceOf(SendTextMessageCommand)
    return command.input
  })
}

describe('EndUserMessagingSender', () => {
  it('sends one transactional SendTextMessage to +86<to> and returns its MessageId', async () => {
    pinpoint.on(SendTextMessageCommand).resolves({ MessageId: 'f1e2d3c4-message' })
    const sender = new EndUserMessagingSender({
      client,
      originationIdentity: 'arn:aws-cn:sms-voice:cn-northwest-1:123456789012:pool/pool-1234',
      configurationSetName: 'hotline-events',
    })

    const result = await sender.send({
      to: '13812345678',
      text: '您的诉求已受理，工单号 JY2026-000123。',
      purpose: 'acknowledgement',
      ticketId: 'JY2026-000123',
    })

    expect(sender.kind).toBe('aws')
    expect(result).toEqual({ providerMessageId: 'f1e2d3c4-message' })
    expect(sentInputs()).toEqual([
      {
        DestinationPhoneNumber: '+8613812345678',
        OriginationIdentity: 'arn:aws-cn:sms-voice:cn-northwest-1:123456789012:pool/pool-1234',
        MessageBody: '您的诉求已受理，工单号 JY2026-000123。',
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: 'hotline-events',
        Context: { purpose: 'acknowledgement', ticketId: 'JY2026-000123' },
      },
    ])
    expect(pinpoint.commandCalls(SendTextMessageCommand)).toHaveLength(1)
  })

  it('omits ConfigurationSetName and ticketId when there are none (Context values must be strings)', async () => {
    pinpoint.on(SendTextMessageCommand).resolves({ MessageId: 'm-2' })
    const sender = new EndUserMessagingSender({ client, originationIdentity: '+8610690000' })

    await sender.send({ to: '19900000001', text: '请回复 1 满意、2 基本满意、3 不满意', purpose: 'survey' })

    const [input] = sentInputs()
    expect(input).toEqual({
      DestinationPhoneNumber: '+8619900000001',
      OriginationIdentity: '+8610690000',
      MessageBody: '请回复 1 满意、2 基本满意、3 不满意',
      MessageType: 'TRANSACTIONAL',
      Context: { purpose: 'survey' },
    })
    expect(input).not.toHaveProperty('ConfigurationSetName')
  })

  it('returns a null providerMessageId when the response has no MessageId', async () => {
    pinpoint.on(SendTextMessageCommand).resolves({})
    const sender = new EndUserMessagingSender({ client, originationIdentity: '+8610690000' })

    await expect(
      sender.send({ to: '13812345678', text: '谢谢评价', purpose: 'rating_thanks' }),
    ).resolves.toEqual({
      providerMessageId: null,
    })
  })

  it('lets an SDK error propagate', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    pinpoint.on(SendTextMessageCommand).rejects(throttled)
    const sender = new EndUserMessagingSender({ client, originationIdentity: '+8610690000' })

    await expect(sender.send({ to: '13812345678', text: '回复', purpose: 'reply' })).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
    })
    expect(pinpoint.calls()).toHaveLength(1)
  })

  it.each(['+8613812345678', '1381234567', '010-12345678'])(
    'refuses %j before calling AWS, without the number in the error',
    async (to) => {
      const sender = new EndUserMessagingSender({ client, originationIdentity: '+8610690000' })

      const sending = sender.send({ to, text: '回复', purpose: 'reply' })

      await expect(sending).rejects.toThrow(RangeError)
      await expect(sending).rejects.not.toThrow(to)
      expect(pinpoint.calls()).toHaveLength(0)
    },
  )
})
