/**
 * A Lambda-like sandbox for the built bundles (`infra/src/bundle/lambda-bundles.ts`): a stand-in
 * Secrets Manager on 127.0.0.1 for the secret the entries read at init, a stand-in Cognito issuer
 * (its JWKS and access tokens), and the environment the stack gives them. Used by `pnpm bench --only lambda-init` and the bundle smoke test.
 */
import { generateKeyPairSync, sign } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateSecrets } from '@hotline/functions/secrets'

/** A stand-in Secrets Manager answering every GetSecretValue with fresh app secrets. */
export async function fakeSecretsManager(): Promise<{ url: string; server: Server }> {
  const secret = JSON.stringify(generateSecrets())
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'application/x-amz-json-1.1')
      res.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'app', SecretString: secret, VersionId: 'v1' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const SECRET_ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:app'
const SANDBOX_CLIENT_ID = 'sandbox-client'

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

/**
 * A stand-in Cognito user pool on 127.0.0.1: serves its JWKS (`<url>/.well-known/jwks.json`) and
 * signs access tokens as Cognito's look (ES256, `token_use`, `client_id`, `cognito:groups`), so a
 * built API bundle verifies a staff caller as on AWS.
 */
export async function fakeIssuer(): Promise<{
  url: string
  server: Server
  tokenFor(groups: readonly string[]): string
}> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'sandbox-1', alg: 'ES256', use: 'sig' }],
  })
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(jwks)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    server,
    tokenFor(groups) {
      const now = Math.floor(Date.now() / 1000)
      const header = base64url(JSON.stringify({ alg: 'ES256', kid: 'sandbox-1', typ: 'JWT' }))
      const payload = base64url(
        JSON.stringify({
          iss: url,
          sub: 'sandbox-user',
          username: 'sandbox',
          token_use: 'access',
          client_id: SANDBOX_CLIENT_ID,
          'cognito:groups': groups,
          iat: now,
          exp: now + 600,
        }),
      )
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      })
      return `${header}.${payload}.${base64url(signature)}`
    },
  }
}

/**
 * Every variable an entry reads (`functions/src/env.ts`), fake credentials, and the endpoints the
 * SDK is sent to instead of AWS (`AWS_ENDPOINT_URL_<SERVICE>`).
 */
export function lambdaEnvironment(endpoints: {
  secretsManager: string
  dynamodb?: string
  /** A `fakeIssuer()`'s URL; default a Cognito pool the sandbox never reaches. */
  authIssuer?: string
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    ...(endpoints.dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb } : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'hotline-sandbox',
    SECRET_ARN,
    AUTH_ISSUER: endpoints.authIssuer ?? 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_sandbox',
    AUTH_CLIENT_IDS: SANDBOX_CLIENT_ID,
    POWERTOOLS_METRICS_DISABLED: 'true',
  }
}
