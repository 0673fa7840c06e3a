/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { Context } from 'aws-lambda'
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda'
import { type AppDeps, createApp } from './app'
import { originSecretsFrom, viewerAddress } from './auth/origin'
import { createVerifier } from './auth/verifier'
import { awsStore, composeCore } from './compose'
import { AppSecrets } from './config/secrets'
import { LambdaEnv, parseEnv } from './env'
import { awsSmsSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { powertoolsMetrics } from './metrics'
import { awsTracing } from './tracing'

/**
 * The Lambda handler for an app built from `deps` (tests pass the embedded store). Each
 * invocation's log lines carry its Lambda context (`function_request_id`, cold start), as the
 * middy functions' do through `injectLambdaContext`.
 */
export function createHandler(deps: AppDeps) {
  const handler = handle(createApp(deps))
  return (event: LambdaEvent, context: LambdaContext) => {
    // Lambda passes a full `Context`; Hono's type omits the deprecated callbacks, which go unread.
    deps.logger.addContext(context as Context)
    return handler(event, context)
  }
}

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

const originSecretArn = env.ORIGIN_SECRET_ARN

export const handler = createHandler({
  ...core,
  version: env.APP_VERSION,
  vault: createVault({ masterKey: secrets.masterKey }),
  sms: awsSmsSender(env, traced),
  auth: {
    verifier: createVerifier({
      issuer: env.AUTH_ISSUER,
      keys: new URL(`${env.AUTH_ISSUER}/.well-known/jwks.json`),
      clientIds: env.AUTH_CLIENT_IDS,
      now: core.now,
    }),
    localIssuer: null,
  },
  webhooks: { smsToken: secrets.smsToken, wechat: secrets.wechat },
  // Behind CloudFront the source IP is an edge's: the viewer's comes in a header, trusted only
  // when the origin guard is on (then nothing but CloudFront reaches the app).
  clientAddress: (c) => {
    const event = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)
      ?.event
    const sourceIp = event?.requestContext?.http?.sourceIp ?? 'unknown'
    return originSecretArn ? viewerAddress(c, sourceIp) : sourceIp
  },
  originSecrets: originSecretArn
    ? originSecretsFrom(traced(new SecretsManagerClient({ region: env.AWS_REGION })), originSecretArn)
    : undefined,
})
