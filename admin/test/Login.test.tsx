/**
 * Signing in and out: the form posts the credentials to the local issuer, keeps the session in
 * sessionStorage and returns to the page that asked; failures say why; guarded pages send a
 * signed-out user (or one whose token the API refuses) to /login.
 */
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_KEY } from '../src/session'
import { callsTo, headerOf, json, renderAt, storeSession, stubApi } from './helpers'

const loginAnswer = {
  accessToken: 'eyJ.reviewer.token',
  tokenType: 'Bearer',
  expiresIn: 28_800,
  user: { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
}
const emptyOutbox = (url: URL) =>
  json(200, { day: url.searchParams.get('day'), sender: 'local', entries: [], cursor: null })

function fillAndSubmit(username: string, password: string) {
  fireEvent.input(screen.getByLabelText('用户名'), { target: { value: username } })
  fireEvent.input(screen.getByLabelText('密码'), { target: { value: password } })
  fireEvent.click(screen.getByRole('button', { name: '登录' }))
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
})

describe('sign-in', () => {
  it('posts the credentials, stores the session and returns to the page that asked', async () => {
    const fetch = stubApi({
      'POST /api/v1/auth/login': () => json(200, loginAnswer),
      'GET /api/v1/outbox': emptyOutbox,
    })
    const before = Date.now()
    renderAt('/outbox')

    // Signed out, the outbox sends us to the sign-in page, remembering where we were.
    await screen.findByRole('heading', { name: '登录', level: 2 })
    await waitFor(() =>
      expect(window.location.pathname + window.location.search).toBe('/login?next=%2Foutbox'),
    )
    expect(screen.getByText('正式部署后，改为通过统一身份认证登录。')).toBeTruthy()

    fillAndSubmit(' reviewer ', 'reviewer-2026')

    await screen.findByRole('heading', { name: '短信发件箱', level: 2 })
    await waitFor(() => expect(window.location.pathname).toBe('/outbox'))
    const [login] = callsTo(fetch, 'POST', '/api/v1/auth/login')
    expect(JSON.parse(String(login?.init?.body))).toEqual({ username: 'reviewer', password: 'reviewer-2026' })
    expect(headerOf(login?.init, 'content-type')).toBe('application/json')
    expect(headerOf(login?.init, 'authorization')).toBeUndefined()

    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null')
    expect(stored).toMatchObject({ accessToken: 'eyJ.reviewer.token', user: loginAnswer.user })
    expect(stored.expiresAt).toBeGreaterThanOrEqual(before + 28_800_000)
    expect(stored.expiresAt).toBeLessThanOrEqual(Date.now() + 28_800_000)
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()

    // The header shows who is signed in, with the role's label; the outbox call carries the token.
    expect(screen.getByTestId('user-name').textContent).toBe('甲方审核员（演示）')
    await waitFor(() => expect(screen.getByTestId('user-roles').textContent).toBe('甲方审核员'))
    await waitFor(() => expect(callsTo(fetch, 'GET', '/api/v1/outbox')).toHaveLength(1))
    const [outbox] = callsTo(fetch, 'GET', '/api/v1/outbox')
    expect(headerOf(outbox?.init, 'authorization')).toBe('Bearer eyJ.reviewer.token')
  })

  it('shows a refused sign-in as a wrong username or password, and stores nothing', async () => {
    const fetch = stubApi({
      'POST /api/v1/auth/login': () =>
        json(401, { error: { code: 'unauthorized', message: 'wrong username or password' } }),
    })
    renderAt('/login')
    await screen.findByRole('heading', { name: '登录', level: 2 })

    fillAndSubmit('reviewer', 'not-the-password')

    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码错误。')
    expect(callsTo(fetch, 'POST', '/api/v1/auth/login')).toHaveLength(1)
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect((screen.getByLabelText('密码') as HTMLInputElement).value).toBe('')
    expect(screen.getByLabelText('用户名').getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByTestId('user-name')).toBeNull()
  })

  it('shows another failure in Chinese, naming the field', async () => {
    stubApi({
      'POST /api/v1/auth/login': () =>
        json(400, {
          error: {
            code: 'validation_failed',
            message: 'invalid username: Too big',
            fields: [{ path: 'username', message: 'Too big' }],
          },
        }),
    })
    renderAt('/login')
    await screen.findByRole('heading', { name: '登录', level: 2 })
    fillAndSubmit('reviewer', 'x')
    expect((await screen.findByRole('alert')).textContent).toBe('登录失败：填写的内容有误，请检查：用户名。')
  })

  it('does not follow a ?next= that leaves the app', async () => {
    stubApi({
      'POST /api/v1/auth/login': () => json(200, loginAnswer),
      'GET /api/v1/kpis/summary': (url) =>
        json(200, { month: url.searchParams.get('month'), termsVersions: [], figures: [], subjects: [] }),
      'GET /api/v1/deductions': () => json(200, { deductions: [] }),
    })
    renderAt('/login?next=//evil.example/')
    await screen.findByRole('heading', { name: '登录', level: 2 })
    fillAndSubmit('reviewer', 'reviewer-2026')
    // The start page after signing in: `/`, which sends a signed-in user to the KPI dashboard.
    await screen.findByRole('heading', { name: 'KPI 看板', level: 2 })
    await waitFor(() => expect(window.location.pathname).toBe('/dashboard'))
  })

  it('signs out from the header: the session is gone and the signed-in pages leave the nav', async () => {
    storeSession()
    stubApi({ 'GET /api/v1/outbox': emptyOutbox })
    renderAt('/outbox')
    await screen.findByRole('heading', { name: '短信发件箱', level: 2 })
    expect(screen.getByTestId('user-name').textContent).toBe('甲方审核员（演示）')

    fireEvent.click(screen.getByRole('button', { name: '退出登录' }))

    await screen.findByRole('heading', { name: '登录', level: 2 })
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    expect(screen.queryByTestId('user-name')).toBeNull()
    // Signed out, the nav offers only what needs no session.
    expect(screen.queryByRole('link', { name: '短信发件箱' })).toBeNull()
    expect(screen.getByRole('link', { name: '系统状态' })).toBeTruthy()
  })

  it('ends the session when the API answers 401, and asks to sign in again', async () => {
    storeSession()
    const fetch = stubApi({
      'GET /api/v1/outbox': () =>
        json(401, {
          error: { code: 'unauthorized', message: 'invalid token: "exp" claim timestamp check failed' },
        }),
    })
    renderAt('/outbox?day=2026-10-09')

    await screen.findByRole('heading', { name: '登录', level: 2 })
    expect(callsTo(fetch, 'GET', '/api/v1/outbox')).toHaveLength(1)
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    await waitFor(() => expect(window.location.pathname).toBe('/login'))
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/outbox?day=2026-10-09')
  })

  it('forgets a stored session that has expired', async () => {
    storeSession({
      accessToken: 'old',
      expiresAt: Date.now() - 1,
      user: { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
    })
    const fetch = stubApi({})
    renderAt('/outbox')
    await screen.findByRole('heading', { name: '登录', level: 2 })
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull()
    // No API call with the old token: the only request is the sign-in page's runtime config.
    expect(fetch.mock.calls.map(([input]) => String(input))).toEqual(['/config.json'])
  })
})
