/**
 * Sign-in. `GET /api/v1/auth/me` answers who the token belongs to. In local mode the built-in
 * issuer also signs users in (`POST /api/v1/auth/login`); on AWS the admin app signs in with Cognito.
 * Both remember the person (`GET /people`): their display name and roles.
 */
import type { Principal } from '@hotline/domain'
import { upsertPerson } from '@hotline/store'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { jsonBody } from './common'

const Login = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>()
  const issuer = deps.auth.localIssuer

  /**
   * Upserts a person who signed in; machine clients are not people. The display name is the local
   * issuer's; a Cognito access token carries none, so the name stored before (or the user name) stays.
   */
  const remember = (principal: Pick<Principal, 'username' | 'roles'>) => {
    if (principal.roles.every((role) => role === 'integration')) return Promise.resolve()
    const name = issuer?.users.find((u) => u.username === principal.username)?.name ?? null
    return upsertPerson(deps.store, {
      username: principal.username,
      name,
      roles: principal.roles,
      at: deps.now().toISOString(),
    })
  }

  app.get('/auth/me', allow('agency_reviewer', 'agency_viewer', 'contractor', 'integration'), async (c) => {
    const principal = principalOf(c)
    await remember(principal)
    return c.json(principal)
  })

  if (issuer) {
    app.post('/auth/login', allow('public'), async (c) => {
      const { username, password } = Login.parse(await jsonBody(c))
      const result = await issuer.login(username, password, deps.now())
      if (!result) throw new HTTPException(401, { message: 'wrong username or password' })
      await remember(result.user)
      return c.json({
        accessToken: result.token,
        tokenType: 'Bearer',
        expiresIn: result.expiresIn,
        user: { username: result.user.username, name: result.user.name, roles: result.user.roles },
      })
    })
  }

  return app
}
