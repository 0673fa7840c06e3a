/** The AWS `SmsSender`: sends through AWS End User Messaging SMS (`pinpoint-sms-voice-v2` SendTextMessage). */
import type {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2'
import type { Instrument } from '@hotline/store'
import { localSmsSender } from './local-sender'
import type { OutboundSms, SmsSender } from './ports'
import { MAINLAND_MOBILE } from './sms'

/**
 * The End User Messaging SDK, loaded on the first send: most API requests send no SMS, so the
 * API's cold start does not load it (~10 ms of module init, docs/lambda-bundles.md).
 */
const loadSdk = () => import('@aws-sdk/client-pinpoint-sms-voice-v2')
type Sdk = Awaited<ReturnType<typeof loadSdk>>

export type EndUserMessagingSenderOptions = {
  /**
   * The client, or how to make it from the SDK on the first send (`awsSmsSender`); tests pass
   * one mocked with `aws-sdk-client-mock`.
   */
  client: PinpointSMSVoiceV2Client | ((sdk: Sdk) => PinpointSMSVoiceV2Client)
  /** Phone number, pool or sender id (or its ARN) that the message is sent from. */
  originationIdentity: string
  /** Configuration set whose event destinations receive the delivery events, if any. */
  configurationSetName?: string
}

/**
 * Sends each `OutboundSms` as one transactional text to `+86<to>`; the purpose and ticket travel in
 * `Context`, which End User Messaging copies to the configuration set's delivery events.
 * SDK errors propagate: the caller decides whether to retry.
 */
export class EndUserMessagingSender implements SmsSender {
  readonly kind = 'aws' as const
  readonly #makeClient: (sdk: Sdk) => PinpointSMSVoiceV2Client
  #client: PinpointSMSVoiceV2Client | undefined
  readonly #originationIdentity: string
  readonly #configurationSetName: string | undefined

  constructor(options: EndUserMessagingSenderOptions) {
    const { client } = options
    this.#makeClient = typeof client === 'function' ? client : () => client
    this.#originationIdentity = options.originationIdentity
    this.#configurationSetName = options.configurationSetName
  }

  async send(message: OutboundSms): Promise<{ providerMessageId: string | null }> {
    const input = this.#input(message)
    const sdk = await loadSdk()
    this.#client ??= this.#makeClient(sdk)
    const output = await this.#client.send(new sdk.SendTextMessageCommand(input))
    return { providerMessageId: output.MessageId ?? null }
  }

  #input(message: OutboundSms): SendTextMessageCommandInput {
    // Refuse before a billed call; the message names the field, never the number.
    if (!MAINLAND_MOBILE.test(message.to))
      throw new RangeError('to: expected an 11-digit mainland mobile number')
    return {
      DestinationPhoneNumber: `+86${message.to}`,
      OriginationIdentity: this.#originationIdentity,
      MessageBody: message.text,
      MessageType: 'TRANSACTIONAL',
      ...(this.#configurationSetName === undefined
        ? {}
        : { ConfigurationSetName: this.#configurationSetName }),
      Context: {
        purpose: message.purpose,
        ...(message.ticketId === undefined ? {} : { ticketId: message.ticketId }),
      },
    }
  }
}

/** End User Messaging when an origination identity is set; otherwise SMS only go to the outbox. */
export function awsSmsSender(
  env: { AWS_REGION: string; SMS_ORIGINATION_IDENTITY?: string | undefined },
  /** Wraps the SMS client (X-Ray tracing: `tracing.ts`). */
  instrument: Instrument = (client) => client,
): SmsSender {
  return env.SMS_ORIGINATION_IDENTITY
    ? new EndUserMessagingSender({
        client: (sdk) => instrument(new sdk.PinpointSMSVoiceV2Client({ region: env.AWS_REGION })),
        originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      })
    : localSmsSender
}
