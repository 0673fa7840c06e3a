/**
 * Signing in on AWS with Cognito's hosted UI (authorization code + PKCE), as `/config.json` asks:
 * the exact authorize URL with the S256 challenge of the stored verifier; the callback refuses a
 * wrong `state` before any token request, exchanges the code with the exact form body, learns the
 * user from `/auth/me` and goes on; errors are said with a way back; signing out ends the hosted
 * UI's session; without `/config.json` the local form stays.
 */
import { createHash } from 'node:crypto'
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { browser, PENDING_KEY } from '../src/auth/cognito'
import { SESSION_KEY } from '../src/session'
import { callsTo, headerOf, json, renderAt, storeSession, stubApi } from './helpers'

const DOMAIN = 'https://jiyuan-12345.auth.ap-east-1.amazoncognito.com'
const CLIENT_ID = '5c0gnit0c1ient1d0f12345abc'
const origin = () => window.location.origin
const runtimeConfig = () => ({
  auth: {
    kind: 'cognito',
    domain: DOMAIN,
    clientId: CLIENT_ID,
    redirectUri: `${origin()}/auth/callback`,
    logoutUri: `${origin()}/`,
  },
})
const configRoute = { 'GET /config.json': () => json(200, runtimeConfig()) }
const emptyOutbox = (url: URL) =>
  json(200, { day: url.searchParams.get('day'), sender: 'local', entries: [], cursor: null })
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const pending = (overrides: Record<string, string> = {}) =>
  sessionStorage.setItem(
    PENDING_KEY,
    JSON.stringify({ state: 'the-right-state', verifier: VERIFIER, next: '/outbox', ...overrides }),
  )

let assign: MockInstance<(url: string) => void>

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  assign = vi.spyOn(browser, 'assign').mockImplementation(() => {})
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  window.history.replaceState(null, '', '/')
})

describe('signing in with Cognito', () => {
  it('goes to the hosted UI with the exact authorize URL and the S256 challenge of the stored verifier', async () => {
    stubApi(configRoute)
    renderAt('/login?next=%2Ftickets')

    const button = await screen.findByRole('button', { name: '使用统一身份认证登录' })
    // No local form on AWS.
    expect(screen.queryByLabelText('密码')).toBeNull()
    fireEvent.click(button)
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1))

    const target = String(assign.mock.calls[0]?.[0])
    const stored = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null')
    expect(stored.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/) // 32 bytes, base64url, no padding
    expect(stored.state).toMatch(/^[A-Za-z0-9_-]{22,}$/)
    expect(stored.next).toBe('/tickets')
    const challenge = createHash('sha256').update(stored.verifier).digest('base64url')
    expect(target).toBe(
      `${DOMAIN}/oauth2/authorize?response_type=code&client_id=${CLIENT_ID}` +
        `&redirect_uri=${encodeURIComponent(`${origin()}/auth/callback`)}` +
        `&scope=openid+profile&code_challenge=${challenge}&code_challenge_method=S256&state=${stored.state}`,
    )
    const url = new URL(target)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${origin()}/auth/callback`,
      scope: 'openid profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: stored.state,
    })
    expect(screen.getByRole('button', { name: '正在跳转到统一身份认证…' })).toHaveProperty('disabled', true)
  })

  it('remembers only a page of this app to return to', async () => {
    stubApi(configRoute)
    renderAt('/login?next=%2F%2Fevil.example%2F')
    fireEvent.click(await screen.findByRole('button', { name: '使用统一身份认证登录' }))
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1))
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null').next).toBe('/')
  })

  it('offers the button in English too', async () => {
    stubApi(configRoute)
    renderAt('/login', 'en')
    expect(await screen.findByRole('button', { name: 'Sign in with Cognito' })).toBeTruthy()
  })

  it('refuses a callback whose state is not the one stored, without asking for a token', async () => {
    pending({ next: '/tickets' })
    const fetch = stubApi({
      ...configRoute,
      'POST /oauth2/token': () => json(200, { access_token: 'x', expires_in: 3600 }),
      'GET /api/v1/auth/me': () => json(200, { sub: 's', username: 'u', roles: ['contractor'] }),
    })
    renderAt('/auth/callback?code=the-code&state=a-forged-state')

    expect((await screen.findByRole('alert')).textContent).toBe(
      '这次登录不是从本页面发起的，或已经用过，已拒绝。请重新登录。',
    )
    expect(screen.getByRole('heading', { name: '登录未完成', level: 2 })).toBeTruthy()
    expect(callsTo(fetch, 'POST', '/oauth2/token')).toHaveLength(0)
    expect(callsTo(fetch, 'GET', '/api/v1/auth/me')).toHaveLength(0)
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    // Used once: the sign-in under way is forgotten.
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull()
    expect(screen.getByRole('link', { name: '返回登录' }).getAttribute('href')).toBe('/login?next=%2Ftickets')
  })

  it('refuses a callback when no sign-in was started here', async () => {
    const fetch = stubApi(configRoute)
    renderAt('/auth/callback?code=the-code&state=the-right-state')
    expect((await screen.findByRole('alert')).textContent).toContain('不是从本页面发起的')
    expect(callsTo(fetch, 'POST', '/oauth2/token')).toHaveLength(0)
  })

  it('exchanges the code with the verifier, learns the user from /auth/me, keeps the session and goes on', async () => {
    pending()
    const fetch = stubApi({
      ...configRoute,
      'POST /oauth2/token': () =>
        json(200, {
          access_token: 'eyJ.cognito.access',
          id_token: 'eyJ.cognito.id',
          refresh_token: 'eyJ.cognito.refresh',
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      'GET /api/v1/auth/me': () =>
        json(200, { sub: '6b1f-user', username: 'zhang.san', roles: ['agency_reviewer'] }),
      'GET /api/v1/outbox': emptyOutbox,
    })
    const before = Date.now()
    renderAt('/auth/callback?code=the-code&state=the-right-state')

    await screen.findByRole('heading', { name: '短信发件箱', level: 2 })
    await waitFor(() => expect(window.location.pathname).toBe('/outbox'))

    const [token] = callsTo(fetch, 'POST', '/oauth2/token')
    expect(token?.url.origin).toBe(DOMAIN)
    expect(headerOf(token?.init, 'content-type')).toBe('application/x-www-form-urlencoded')
    expect(token?.init?.body).toBe(
      `grant_type=authorization_code&client_id=${CLIENT_ID}&code=the-code` +
        `&redirect_uri=${encodeURIComponent(`${origin()}/auth/callback`)}&code_verifier=${VERIFIER}`,
    )
    const [me] = callsTo(fetch, 'GET', '/api/v1/auth/me')
    expect(me?.url.origin).toBe(origin())
    expect(headerOf(me?.init, 'authorization')).toBe('Bearer eyJ.cognito.access')

    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null')
    expect(stored).toMatchObject({
      accessToken: 'eyJ.cognito.access',
      user: { username: 'zhang.san', name: 'zhang.san', roles: ['agency_reviewer'] },
    })
    expect(stored.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000)
    expect(stored.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000)
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull()
    expect(screen.getByTestId('user-name').textContent).toBe('zhang.san')
    await waitFor(() => expect(callsTo(fetch, 'GET', '/api/v1/outbox')).toHaveLength(1))
    expect(headerOf(callsTo(fetch, 'GET', '/api/v1/outbox')[0]?.init, 'authorization')).toBe(
      'Bearer eyJ.cognito.access',
    )
  })

  it("shows the token endpoint's error, stores nothing and offers to sign in again", async () => {
    pending()
    const fetch = stubApi({
      ...configRoute,
      'POST /oauth2/token': () => json(400, { error: 'invalid_grant' }),
      'GET /api/v1/auth/me': () => json(200, { sub: 's', username: 'u', roles: ['contractor'] }),
    })
    renderAt('/auth/callback?code=an-old-code&state=the-right-state')

    expect((await screen.findByRole('alert')).textContent).toBe(
      '统一身份认证拒绝了这次登录（授权码无效或已过期），请重新登录。',
    )
    expect(callsTo(fetch, 'POST', '/oauth2/token')).toHaveLength(1)
    expect(callsTo(fetch, 'GET', '/api/v1/auth/me')).toHaveLength(0)
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    expect(screen.getByRole('link', { name: '返回登录' }).getAttribute('href')).toBe('/login?next=%2Foutbox')
  })

  it('shows an error the hosted UI sent back (error=…), without asking for a token', async () => {
    pending()
    const fetch = stubApi(configRoute)
    renderAt('/auth/callback?error=access_denied&error_description=User+is+disabled.&state=the-right-state')
    expect((await screen.findByRole('alert')).textContent).toBe('统一身份认证返回错误：User is disabled.')
    expect(callsTo(fetch, 'POST', '/oauth2/token')).toHaveLength(0)
  })

  it('says so when the API does not accept the token (no role group), and stores nothing', async () => {
    pending()
    stubApi({
      ...configRoute,
      'POST /oauth2/token': () => json(200, { access_token: 'eyJ.no.groups', expires_in: 3600 }),
      'GET /api/v1/auth/me': () =>
        json(403, { error: { code: 'forbidden', message: 'no role for this route' } }),
    })
    renderAt('/auth/callback?code=the-code&state=the-right-state')
    expect((await screen.findByRole('alert')).textContent).toBe(
      '无法确认您的身份和角色：您的角色不能进行这项操作。',
    )
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('signs out of the hosted UI too', async () => {
    storeSession()
    stubApi({ ...configRoute, 'GET /api/v1/outbox': emptyOutbox })
    renderAt('/outbox')
    await screen.findByRole('heading', { name: '短信发件箱', level: 2 })

    fireEvent.click(screen.getByRole('button', { name: '退出登录' }))

    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1))
    expect(assign).toHaveBeenCalledWith(
      `${DOMAIN}/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(`${origin()}/`)}`,
    )
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
  })
})

describe('without /config.json (local mode)', () => {
  it('shows the local form when the file is absent', async () => {
    stubApi({ 'GET /config.json': () => new Response('Not Found', { status: 404 }) })
    renderAt('/login')
    expect(await screen.findByLabelText('密码')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '使用统一身份认证登录' })).toBeNull()
  })

  it("shows the local form when the local server answers with the app's index.html", async () => {
    stubApi({
      'GET /config.json': () =>
        new Response('<!doctype html><div id="root"></div>', { headers: { 'content-type': 'text/html' } }),
    })
    renderAt('/login')
    expect(await screen.findByLabelText('用户名')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '使用统一身份认证登录' })).toBeNull()
  })

  it('signs out without leaving the app', async () => {
    storeSession()
    const fetch = stubApi({ 'GET /api/v1/outbox': emptyOutbox })
    renderAt('/outbox')
    await screen.findByRole('heading', { name: '短信发件箱', level: 2 })
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }))
    await screen.findByRole('heading', { name: '登录', level: 2 })
    await waitFor(() =>
      expect(fetch.mock.calls.filter(([input]) => String(input) === '/config.json').length).toBeGreaterThan(
        1,
      ),
    )
    expect(assign).not.toHaveBeenCalled()
  })
})
