/** Lambda entry for two-way SMS: End User Messaging publishes inbound SMS to SNS, SNS invokes this. */

import { parseEnv, SmsEnv } from './env'
import { awsSmsSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { appSecrets, lambdaCore } from './lambda-core'
import { smsHandlerOf } from './sns-handler'

const env = parseEnv(SmsEnv)
const secrets = await appSecrets(env)
const { core, traced } = lambdaCore(env, 'hotline-sms')

export const handler = smsHandlerOf(core, {
  vault: createVault({ masterKey: secrets.masterKey }),
  sms: awsSmsSender(env, traced),
})
