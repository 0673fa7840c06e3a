/** Lambda entry for two-way SMS: End User Messaging publishes inbound SMS to SNS, SNS invokes this. */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2'
import { createCalendar, jiyuan2026 } from '@hotline/domain'
import { createStore } from '@hotline/store'
import { AppSecrets } from './config/secrets'
import { parseEnv, SmsEnv } from './env'
import { localSmsSender } from './intake/local-sender'
import { EndUserMessagingSender } from './intake/sms-sender'
import { receiveSms } from './intake/usecases'
import { createVault } from './intake/vault'
import { createLogger } from './logger'
import { createSnsHandler } from './sns-handler'

const env = parseEnv(SmsEnv)
const logger = createLogger()
const secrets = AppSecrets.parse(await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 300 }))
const deps = {
  store: createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' }),
  vault: createVault({ masterKey: secrets.masterKey }),
  sms: env.SMS_ORIGINATION_IDENTITY
    ? new EndUserMessagingSender({
        client: new PinpointSMSVoiceV2Client({ region: env.AWS_REGION }),
        originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      })
    : localSmsSender,
  terms: jiyuan2026,
  calendar: createCalendar(),
  now: () => new Date(),
  logger,
}

export const handler = createSnsHandler((sms) => receiveSms(deps, sms), logger)
