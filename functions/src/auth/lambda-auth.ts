/**
 * How a Lambda behind API Gateway and CloudFront authenticates its callers: Cognito access tokens
 * (the user pool's JWKS), CloudFront's origin secret when ORIGIN_SECRET_ARN is set, and the
 * viewer's address from CloudFront's header only then. One wiring for every HTTP function (the
 * API, the statement export) so they cannot drift apart.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { Instrument } from '@hotline/store'
import type { AppDeps } from '../app'
import type { LambdaEnv } from '../env'
import { originSecretsFrom, viewerAddress } from './origin'
import { createVerifier } from './verifier'

export type LambdaAuthEnv = Pick<
  LambdaEnv,
  'AWS_REGION' | 'AUTH_ISSUER' | 'AUTH_CLIENT_IDS' | 'ORIGIN_SECRET_ARN'
>

export function lambdaAuth(
  env: LambdaAuthEnv,
  now: () => Date,
  /** Wraps the Secrets Manager client that reads the origin secret (X-Ray: `tracing.ts`). */
  instrument: Instrument = (client) => client,
): Pick<AppDeps, 'auth' | 'clientAddress' | 'originSecrets'> {
  const originSecretArn = env.ORIGIN_SECRET_ARN
  return {
    auth: {
      verifier: createVerifier({
        issuer: env.AUTH_ISSUER,
        keys: new URL(`${env.AUTH_ISSUER}/.well-known/jwks.json`),
        clientIds: env.AUTH_CLIENT_IDS,
        now,
      }),
      localIssuer: null,
    },
    // Behind CloudFront the source IP is an edge's: the viewer's comes in a header, trusted only
    // when the origin guard is on (then nothing but CloudFront reaches the app).
    clientAddress: (c) => {
      const event = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)
        ?.event
      const sourceIp = event?.requestContext?.http?.sourceIp ?? 'unknown'
      return originSecretArn ? viewerAddress(c, sourceIp) : sourceIp
    },
    originSecrets: originSecretArn
      ? originSecretsFrom(instrument(new SecretsManagerClient({ region: env.AWS_REGION })), originSecretArn)
      : undefined,
  }
}
