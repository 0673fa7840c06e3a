/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { jiyuan2026 } from '@hotline/domain'
import { createStore } from '@hotline/store'
import { handle } from 'hono/aws-lambda'
import { type AppDeps, createApp } from './app'
import { originSecretsFrom, viewerAddress } from './auth/origin'
import { createVerifier } from './auth/verifier'
import { calendarSource } from './config/calendar'
import { AppSecrets } from './config/secrets'
import { LambdaEnv, parseEnv } from './env'
import { localSmsSender } from './intake/local-sender'
import { EndUserMessagingSender } from './intake/sms-sender'
import { createVault } from './intake/vault'
import { createLogger } from './logger'

/** The Lambda handler for an app built from `deps` (tests pass the embedded store). */
export const createHandler = (deps: AppDeps) => handle(createApp(deps))

const env = parseEnv(LambdaEnv)
const logger = createLogger()
const now = () => new Date()
const secrets = AppSecrets.parse(await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 300 }))
if (!env.SMS_ORIGINATION_IDENTITY)
  logger.warn('SMS_ORIGINATION_IDENTITY unset: SMS are recorded in the outbox, not sent')

const originSecretArn = env.ORIGIN_SECRET_ARN
const store = createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' })
const calendars = calendarSource(store)

export const handler = createHandler({
  store,
  logger,
  version: env.APP_VERSION,
  now,
  terms: jiyuan2026,
  calendar: calendars.calendar,
  calendarSource: calendars,
  vault: createVault({ masterKey: secrets.masterKey }),
  sms: env.SMS_ORIGINATION_IDENTITY
    ? new EndUserMessagingSender({
        client: new PinpointSMSVoiceV2Client({ region: env.AWS_REGION }),
        originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      })
    : localSmsSender,
  auth: {
    verifier: createVerifier({
      issuer: env.AUTH_ISSUER,
      keys: new URL(`${env.AUTH_ISSUER}/.well-known/jwks.json`),
      clientIds: env.AUTH_CLIENT_IDS,
      now,
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
    ? originSecretsFrom(new SecretsManagerClient({ region: env.AWS_REGION }), originSecretArn)
    : undefined,
})
