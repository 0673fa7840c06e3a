/**
 * The local server over real HTTP: production's security headers on every kind of response, the
 * URL built from the address it actually bound, and sign-ins from the users it was given.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLocalUsers } from '../src/auth/local-issuer'
import { generateSecrets } from '../src/config/secrets'
import { withFreshDemoPasswords } from '../src/local/exposure'
import { DEFAULT_USERS_FILE, type LocalServer, reachableUrl, startLocalServer } from '../src/local/server'
import { createLogger } from '../src/logger'

/** What CloudFront's `SecurityHeaders` policy sends (infra/src/web.ts), minus HSTS and Cognito hosts. */
const PRODUCTION_SET = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-xss-protection': '0',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
}

const headersOf = (res: Response) => Object.fromEntries(res.headers.entries())

let server: LocalServer
let dist: string

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'hotline-local-dist-'))
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>admin</title><div id="root"></div>')
  await mkdir(join(dist, 'citizen'))
  await writeFile(join(dist, 'citizen', 'index.html'), '<!doctype html><title>citizen</title>')
  server = await startLocalServer({
    port: 0,
    adminDist: dist,
    logger: createLogger({ silent: true }),
    secrets: generateSecrets(),
  })
})

afterAll(async () => {
  await server.close()
  await rm(dist, { recursive: true, force: true })
})

describe('security headers', () => {
  it.each([
    ['an API answer', '/api/v1/health', 200],
    ['an API error', '/api/v1/no-such-route', 404],
    ['the admin app', '/', 200],
    ['an admin app route', '/deductions?month=2026-10', 200],
    ['the citizen page', '/citizen/', 200],
  ])('are the production set on %s (%s)', async (_, path, status) => {
    const res = await fetch(`${server.url}${path}`)
    expect(res.status).toBe(status)
    expect(headersOf(res)).toMatchObject(PRODUCTION_SET)
  })

  it('leave out HSTS (plain http) and the headers CloudFront does not send', async () => {
    const res = await fetch(`${server.url}/`)
    for (const name of [
      'strict-transport-security',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
    ]) {
      expect(res.headers.has(name), name).toBe(false)
    }
  })
})

describe('the address', () => {
  it('gives the URL of the address it bound', () => {
    expect(server.address.address).toBe('127.0.0.1')
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`)
  })

  it.each([
    ['0.0.0.0', 'http://127.0.0.1:3000'],
    ['::', 'http://[::1]:3000'],
    ['::1', 'http://[::1]:3000'],
    ['192.168.1.20', 'http://192.168.1.20:3000'],
  ])('reaches %s at %s', (address, url) => {
    const family = address.includes(':') ? 'IPv6' : 'IPv4'
    expect(reachableUrl({ address, family, port: 3000 })).toBe(url)
  })
})

describe('users given to the server', () => {
  it('sign in with their fresh passwords, never the committed ones', async () => {
    const fresh = withFreshDemoPasswords(await readLocalUsers(DEFAULT_USERS_FILE))
    const publicServer = await startLocalServer({
      port: 0,
      logger: createLogger({ silent: true }),
      secrets: generateSecrets(),
      users: fresh,
    })
    try {
      const login = (password: string) =>
        fetch(`${publicServer.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'reviewer', password }),
        })
      const reviewer = fresh.find((u) => u.username === 'reviewer')
      expect((await login('reviewer-2026')).status).toBe(401)
      expect((await login(String(reviewer?.demoPassword))).status).toBe(200)
    } finally {
      await publicServer.close()
    }
  })
})
