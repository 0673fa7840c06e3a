/**
 * On AWS the API is reached through CloudFront only: CloudFront adds a secret origin header
 * (`X-Origin-Verify`, its value in Secrets Manager, `infra/src/web.ts`) and the API refuses a
 * request without it — a call to the HTTP API's default `execute-api` endpoint bypasses the WAF
 * and the viewer's address, so it gets 403. Local mode has no CloudFront and no guard.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import type { Context, MiddlewareHandler } from 'hono'
import { errorBody } from '../errors'
import { sameSecret } from './same-secret'

export const ORIGIN_HEADER = 'x-origin-verify'
/** Set by the CloudFront Function on `/api/*` from `event.viewer.ip`, overwriting what a client sent. */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address'

/**
 * Refuses (403) a request whose origin header is none of `secrets()` (read per request; cache it
 * there). More than one is accepted while a rotation reaches CloudFront: the current value and the
 * previous one.
 */
export function requireOrigin(secrets: () => Promise<readonly string[]>): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header(ORIGIN_HEADER)
    if (!(await secrets()).some((secret) => sameSecret(given, secret))) {
      return c.json(errorBody('forbidden', 'call the API through its CloudFront distribution'), 403)
    }
    return next()
  }
}

/**
 * The caller's address behind CloudFront: the viewer address CloudFront forwards. Trust it only
 * where `requireOrigin` guards the app (nothing else can set it then); `fallback` otherwise.
 */
export function viewerAddress(c: Context, fallback: string): string {
  const forwarded = c.req.header(VIEWER_ADDRESS_HEADER)?.trim()
  return forwarded && forwarded.length <= 64 ? forwarded : fallback
}

/**
 * The values to accept, read from Secrets Manager: `AWSCURRENT` and, while a rotation reaches
 * CloudFront, `AWSPREVIOUS` (absent before the first rotation), so a rotation needs no window of
 * 403s (docs/security.md). Read with the SDK, each stage by name (a cache keyed by the secret
 * alone would serve one stage for the other), the pair cached `maxAgeMs` (five minutes) so a
 * rotation reaches every instance soon; if a refresh fails, the last values keep serving.
 */
export function originSecretsFrom(
  client: Pick<SecretsManagerClient, 'send'>,
  secretId: string,
  options: { maxAgeMs?: number; now?: () => number } = {},
): () => Promise<readonly string[]> {
  const { maxAgeMs = 300_000, now = Date.now } = options
  let cached: { values: readonly string[]; at: number } | undefined
  let loading: Promise<readonly string[]> | undefined

  async function stage(name: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: name }))
      return out.SecretString
    } catch (err) {
      if (name === 'AWSPREVIOUS' && err instanceof ResourceNotFoundException) return undefined
      throw err
    }
  }
  async function load(): Promise<readonly string[]> {
    const [current, previous] = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')])
    if (!current) throw new Error('the origin secret is empty')
    return previous && previous !== current ? [current, previous] : [current]
  }
  return async () => {
    if (cached && now() - cached.at < maxAgeMs) return cached.values
    loading ??= load()
      .then(
        (values) => {
          cached = { values, at: now() }
          return values
        },
        (err: unknown) => {
          if (cached) return cached.values
          throw err
        },
      )
      .finally(() => {
        loading = undefined
      })
    return loading
  }
}
