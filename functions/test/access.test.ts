/**
 * Every route declares who may call it, and the server refuses everyone else: this test walks
 * every registered route with no credentials and with each role, and checks that no route was
 * registered without a declaration.
 */
import { ROLES, type Role } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Access, accessOf } from '../src/auth/middleware'
import { testApp } from './support/app'

let local: LocalStore
let t: Awaited<ReturnType<typeof testApp>>

beforeAll(async () => {
  local = await startLocalStore()
  t = await testApp({ store: local.store })
})
afterAll(async () => {
  await local.close()
})

type RouteAccess = { method: string; path: string; access: Access }

/** The app's routes with their declared access, read from the router itself. */
function declaredRoutes(): { declared: RouteAccess[]; undeclared: string[] } {
  const byRoute = new Map<string, { method: string; path: string; access?: Access }>()
  for (const { method, path, handler } of t.app.routes) {
    if (method === 'ALL') continue // middleware
    const id = `${method} ${path}`
    const entry = byRoute.get(id) ?? { method, path }
    entry.access ??= accessOf(handler)
    byRoute.set(id, entry)
  }
  const declared: RouteAccess[] = []
  const undeclared: string[] = []
  for (const [id, { method, path, access }] of byRoute) {
    if (access) declared.push({ method, path, access })
    else undeclared.push(id)
  }
  return { declared, undeclared }
}

/** A concrete URL for a route pattern: params filled with plausible values. */
const PARAM_VALUES: Record<string, string> = {
  month: '2026-10',
  day: '2026-10-09',
  trackingCode: 'ABCDEFGHJK',
  id: 'T-ACCESS-1',
  keyId: 'abcdefabcdef',
  incidentId: 'I-1',
  publicationId: 'P-1',
}
const urlOf = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => PARAM_VALUES[name] ?? 'x')

async function call(route: RouteAccess, role: Role | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (role) headers.authorization = await t.bearer(role)
  const init: RequestInit = { method: route.method, headers }
  if (!['GET', 'HEAD'].includes(route.method)) init.body = '{}'
  return t.app.request(urlOf(route.path), init)
}

describe('route access', () => {
  it('declares who may call every route', () => {
    const { declared, undeclared } = declaredRoutes()
    expect(undeclared).toEqual([])
    expect(declared.length).toBeGreaterThan(30)
  })

  it('answers 401 without credentials and 403 to a role not allowed, on every protected route', async () => {
    const failures: string[] = []
    for (const route of declaredRoutes().declared) {
      const anonymous = (await call(route, null)).status
      if (route.access === 'public') {
        if (anonymous === 401 || anonymous === 403)
          failures.push(`${route.method} ${route.path}: public but ${anonymous}`)
        continue
      }
      if (route.access === 'webhook') {
        // Authenticated by the provider's secret or signature, which an unsigned call lacks.
        if (anonymous !== 401)
          failures.push(`${route.method} ${route.path}: unsigned webhook got ${anonymous}`)
        continue
      }
      if (anonymous !== 401) failures.push(`${route.method} ${route.path}: anonymous got ${anonymous}`)
      for (const role of ROLES) {
        const status = (await call(route, role)).status
        const allowed = route.access.includes(role)
        if (allowed && (status === 401 || status === 403))
          failures.push(`${route.method} ${route.path}: ${role} refused (${status})`)
        if (!allowed && status !== 403)
          failures.push(`${route.method} ${route.path}: ${role} got ${status}, expected 403`)
      }
    }
    expect(failures).toEqual([])
  })

  it('refuses a forged or expired token and an unknown API key with 401', async () => {
    const forged = await t.app.request('/api/v1/auth/me', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    })
    expect(forged.status).toBe(401)
    const key = await t.app.request('/api/v1/auth/me', {
      headers: { 'x-api-key': 'hk_abcdefabcdef.not-a-real-secret-0123456789abcdef' },
    })
    expect(key.status).toBe(401)
  })
})
