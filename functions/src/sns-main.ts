/** Lambda entry for two-way SMS: End User Messaging publishes inbound SMS to SNS, SNS invokes this. */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { awsStore, composeCore } from './compose'
import { AppSecrets } from './config/secrets'
import { parseEnv, SmsEnv } from './env'
import { awsSmsSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { powertoolsMetrics } from './metrics'
import { smsHandlerOf } from './sns-handler'
import { awsTracing } from './tracing'

const env = parseEnv(SmsEnv)
const secrets = AppSecrets.parse(await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 300 }))

const traced = awsTracing('hotline-sms')

export const handler = smsHandlerOf(
  composeCore({
    store: awsStore(env, traced),
    service: 'hotline-sms',
    metrics: powertoolsMetrics('hotline-sms'),
  }),
  {
    vault: createVault({ masterKey: secrets.masterKey }),
    sms: awsSmsSender(env, traced),
  },
)
