/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */

import { type AppDeps, createApp } from './app'
import { lambdaAuth } from './auth/lambda-auth'
import { LambdaEnv, parseEnv } from './env'
import { awsSmsSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { appSecrets, lambdaCore } from './lambda-core'
import { httpHandler } from './lambda-http'

/** The Lambda handler for an app built from `deps` (tests pass the embedded store). */
export const createHandler = (deps: AppDeps) => httpHandler(createApp(deps), deps.logger)

const env = parseEnv(LambdaEnv)
const { core, traced } = lambdaCore(env, 'hotline-api')
const secrets = await appSecrets(env)
if (!env.SMS_ORIGINATION_IDENTITY)
  core.logger.warn('SMS_ORIGINATION_IDENTITY unset: SMS are recorded in the outbox, not sent')

export const handler = createHandler({
  ...core,
  version: env.APP_VERSION,
  vault: createVault({ masterKey: secrets.masterKey }),
  sms: awsSmsSender(env, traced),
  webhooks: { smsToken: secrets.smsToken, wechat: secrets.wechat },
  ...lambdaAuth(env, core.now, traced),
})
