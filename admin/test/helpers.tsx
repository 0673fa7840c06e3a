/** Shared by the component tests: the app at a path, and a fetch stub that answers by route. */
import { cleanup, render } from '@solidjs/testing-library'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { afterEach, beforeEach, vi } from 'vitest'
import { App } from '../src/App'
import { I18nProvider, type Locale } from '../src/i18n'
import { SESSION_KEY, type Session } from '../src/session'

/** The app as `index.tsx` mounts it, opened at `path` (the router reads `window.location`). */
export function renderAt(path: string, locale: Locale = 'zh-CN') {
  window.history.replaceState(null, '', path)
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(() => (
    <QueryClientProvider client={client}>
      <I18nProvider locale={locale}>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  ))
}

export const reviewerSession = (overrides: Partial<Session> = {}): Session => ({
  accessToken: 'token-of-reviewer',
  expiresAt: Date.now() + 3_600_000,
  user: { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
  ...overrides,
})

export const contractorSession = (): Session =>
  reviewerSession({
    accessToken: 'token-of-contractor',
    user: { username: 'contractor', name: '乙方坐席班长（演示）', roles: ['contractor'] },
  })

export const viewerSession = (): Session =>
  reviewerSession({
    accessToken: 'token-of-viewer',
    user: { username: 'viewer', name: '甲方查看员（演示）', roles: ['agency_viewer'] },
  })

export const storeSession = (session: Session = reviewerSession()) =>
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session))

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>

/**
 * Stubs `fetch`: `routes` maps `METHOD /path` to a handler; anything else fails the test loudly.
 * Returns the mock to assert calls on.
 */
export function stubApi(routes: Record<string, Handler>) {
  const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), window.location.origin)
    const key = `${init?.method ?? 'GET'} ${url.pathname}`
    const handler = routes[key]
    if (!handler) throw new Error(`unexpected request ${key}`)
    return handler(url, init)
  })
  vi.stubGlobal('fetch', mock)
  return mock
}

/** The calls to one route, with their URL and init, for assertions. */
export function callsTo(mock: ReturnType<typeof stubApi>, method: string, path: string) {
  return mock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), window.location.origin), init }))
    .filter(({ url, init }) => url.pathname === path && (init?.method ?? 'GET') === method)
}

export const headerOf = (init: RequestInit | undefined, name: string): string | undefined =>
  (init?.headers as Record<string, string> | undefined)?.[name]

/**
 * The reset each page test wants. Before each test: storage emptied, then a reviewer signed in
 * (unless `signedIn: false`) and the clock frozen at `now` (when given), then `before`. After
 * each: the app unmounted, `after`, stubs and timers undone, the address back at `/`.
 */
export function setUpPageTests(
  options: { signedIn?: boolean; now?: string; before?: () => void; after?: () => void } = {},
) {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    if (options.signedIn ?? true) storeSession()
    if (options.now) {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date(options.now))
    }
    options.before?.()
  })
  afterEach(() => {
    cleanup()
    options.after?.()
    vi.unstubAllGlobals()
    vi.useRealTimers()
    window.history.replaceState(null, '', '/')
  })
}
