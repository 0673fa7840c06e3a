/**
 * Bearer-token verification: JWTs from the configured issuer, checked against its JWKS (Amazon
 * Cognito on AWS, the built-in local issuer in local mode). Roles come from the token's groups.
 */
import { type Principal, Role } from '@hotline/domain'
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose'

export type Verifier = (token: string) => Promise<Principal>

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError'
}

/**
 * How far ahead of our clock a token's `iat` or `nbf` may be: clocks drift by seconds, not minutes.
 * A token issued further in the future was minted with a wrong clock or forged ahead of time.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60

export type VerifierOptions = {
  issuer: string
  /** Where the issuer's keys are: a URL (Cognito's `…/.well-known/jwks.json`) or a key getter. */
  keys: URL | JWTVerifyGetKey
  /** Accepted app clients (Cognito access tokens carry `client_id`, not `aud`). */
  clientIds: readonly string[]
  /** The clock tokens are checked against. */
  now: () => Date
}

/** Groups claim → roles; unknown groups are ignored (a user may be in other groups). */
function rolesOf(payload: JWTPayload): Role[] {
  const groups = payload['cognito:groups']
  if (!Array.isArray(groups)) return []
  return groups.flatMap((g) => {
    const role = Role.safeParse(g)
    return role.success ? [role.data] : []
  })
}

export function createVerifier(options: VerifierOptions): Verifier {
  const keys = options.keys instanceof URL ? createRemoteJWKSet(options.keys) : options.keys
  return async (token) => {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        algorithms: ['RS256', 'ES256'],
        currentDate: options.now(),
        clockTolerance: MAX_CLOCK_SKEW_SECONDS,
      }))
    } catch (err) {
      throw new InvalidTokenError(err instanceof Error ? err.message : 'invalid token')
    }
    // jose checks `nbf` (within the tolerance) but not an `iat` in the future.
    const nowSeconds = Math.floor(options.now().getTime() / 1000)
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + MAX_CLOCK_SKEW_SECONDS) {
      throw new InvalidTokenError('token issued in the future (iat)')
    }
    if (payload.token_use !== 'access') throw new InvalidTokenError('not an access token')
    if (typeof payload.client_id !== 'string' || !options.clientIds.includes(payload.client_id)) {
      throw new InvalidTokenError('token issued to another client')
    }
    const username = payload.username ?? payload['cognito:username'] ?? payload.sub
    if (typeof payload.sub !== 'string' || typeof username !== 'string')
      throw new InvalidTokenError('token has no subject')
    return { sub: payload.sub, username, roles: rolesOf(payload) }
  }
}
