/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { type AppDeps, createApp } from './app'
import { lambdaAuth } from './auth/lambda-auth'
import { awsStore, composeCore } from './compose'
import { AppSecrets } from './config/secrets'
import { LambdaEnv, parseEnv } from './env'
import { awsSmsSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { httpHandler } from './lambda-http'
import { powertoolsMetrics } from './metrics'
import { awsTracing } from './tracing'

/** The Lambda handler for an app built from `deps` (tests pass the embedded store). */
export const createHandler = (deps: AppDeps) => httpHandler(createApp(deps), deps.logger)

const env = parseEnv(LambdaEnv)
const traced = awsTracing('hotline-api')
const core = composeCore({
  store: awsStore(env, traced),
  service: 'hotline-api',
  metrics: powertoolsMetrics('hotline-api'),
})
const secrets = AppSecrets.parse(await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 300 }))
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
