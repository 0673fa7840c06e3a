/**
 * Sign-in. `GET /api/v1/auth/me` answers who the token belongs to. In local mode the built-in
 * issuer also signs users in (`POST /api/v1/auth/login`); on AWS the admin app signs in with Cognito.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'

const Login = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>()

  app.get('/auth/me', allow('agency_reviewer', 'agency_viewer', 'contractor', 'integration'), (c) =>
    c.json(principalOf(c)),
  )

  const issuer = deps.auth.localIssuer
  if (issuer) {
    app.post('/auth/login', allow('public'), async (c) => {
      const { username, password } = Login.parse(await c.req.json().catch(() => undefined))
      const result = await issuer.login(username, password, deps.now())
      if (!result) throw new HTTPException(401, { message: 'wrong username or password' })
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
