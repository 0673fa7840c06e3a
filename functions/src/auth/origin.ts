/**
 * On AWS the API is reached through CloudFront only: CloudFront adds a secret origin header
 * (`X-Origin-Verify`, its value in Secrets Manager, `infra/src/web.ts`) and the API refuses a
 * request without it — a call to the HTTP API's default `execute-api` endpoint bypasses the WAF
 * and the viewer's address, so it gets 403. Local mode has no CloudFront and no guard.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { errorBody } from '../errors'

export const ORIGIN_HEADER = 'x-origin-verify'
/** Set by the CloudFront Function on `/api/*` from `event.viewer.ip`, overwriting what a client sent. */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address'

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

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
 * The values to accept, from a reader of the secret's version stages: `AWSCURRENT` and, while a
 * rotation reaches CloudFront, `AWSPREVIOUS` (absent before the first rotation:
 * `ResourceNotFoundException`). A rotation then needs no window of 403s (docs/security.md).
 */
export function originSecretsFrom(
  read: (stage: 'AWSCURRENT' | 'AWSPREVIOUS') => Promise<unknown>,
): () => Promise<string[]> {
  return async () => {
    const [current, previous] = await Promise.all([
      read('AWSCURRENT'),
      read('AWSPREVIOUS').catch((err: unknown) => {
        if (err instanceof Error && err.name === 'ResourceNotFoundException') return undefined
        throw err
      }),
    ])
    if (typeof current !== 'string' || current.length === 0) throw new Error('the origin secret is empty')
    return typeof previous === 'string' && previous.length > 0 ? [current, previous] : [current]
  }
}
