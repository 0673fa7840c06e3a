/**
 * Authentication and per-route authorization. Every route declares who may call it with
 * `allow(...)` (or `allow('public')`); the declaration is data a test walks (`accessOf`).
 */
import type { Principal, Role } from '@hotline/domain'
import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ApiKeyVerifier } from './api-keys'
import { InvalidTokenError, type Verifier } from './verifier'

export type AuthVariables = { principal: Principal | null }
export type AuthEnv = { Variables: AuthVariables }

/**
 * Reads `Authorization: Bearer …` (people) or `X-Api-Key` (machine clients); an invalid token or
 * key is a 401, neither is an anonymous caller.
 */
export function authenticate(
  verifier: Verifier | null,
  apiKeys?: ApiKeyVerifier,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const apiKey = c.req.header('x-api-key')
    if (apiKey !== undefined) {
      const principal = apiKeys ? await apiKeys(apiKey) : null
      if (!principal) throw new HTTPException(401, { message: 'invalid API key' })
      c.set('principal', principal)
      return next()
    }
    const header = c.req.header('authorization')
    if (!header) {
      c.set('principal', null)
      return next()
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match?.[1] || !verifier) throw new HTTPException(401, { message: 'invalid authorization header' })
    try {
      c.set('principal', await verifier(match[1]))
    } catch (err) {
      if (err instanceof InvalidTokenError)
        throw new HTTPException(401, { message: `invalid token: ${err.message}` })
      throw err
    }
    return next()
  }
}

/**
 * Who may call a route: anyone (`public`), a provider proving itself with its own secret or
 * signature checked by the route (`webhook`: no roles involved), or principals with one of the roles.
 */
export type Access = 'public' | 'webhook' | readonly Role[]

const ACCESS = Symbol('access')
type Guard = MiddlewareHandler<AuthEnv> & { [ACCESS]: Access }

/**
 * The route's access rule: `allow('public')`, `allow('webhook')`, or the roles that may call it.
 * No principal → 401; a principal without any of the roles → 403 naming them.
 */
export function allow(...roles: ['public'] | ['webhook'] | Role[]): Guard {
  const access: Access = roles[0] === 'public' || roles[0] === 'webhook' ? roles[0] : (roles as Role[])
  const guard: MiddlewareHandler<AuthEnv> = async (c, next) => {
    if (access === 'public' || access === 'webhook') return next()
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'sign in required' })
    if (!principal.roles.some((role) => access.includes(role))) {
      throw new HTTPException(403, { message: `requires one of the roles: ${access.join(', ')}` })
    }
    return next()
  }
  return Object.assign(guard, { [ACCESS]: access })
}

/** The access rule of a route handler registered with `allow`, if it is one. */
export function accessOf(handler: unknown): Access | undefined {
  return typeof handler === 'function' && ACCESS in handler ? (handler as Guard)[ACCESS] : undefined
}

/** The principal of a route that `allow`ed roles: never null there. */
export function principalOf(c: { get(key: 'principal'): Principal | null }): Principal {
  const principal = c.get('principal')
  if (!principal) throw new HTTPException(401, { message: 'sign in required' })
  return principal
}
