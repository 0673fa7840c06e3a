/**
 * Shared by the component tests: the app at a path, sessions, a fetch stub that answers by route
 * (with the shell's months and people), each page test's reset, and a page's chunk loaded first.
 */
import { jiyuan2026 } from '@hotline/domain'
import { cleanup, render } from '@solidjs/testing-library'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { afterEach, beforeAll, beforeEach, vi } from 'vitest'
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

const SESSIONS = { reviewer: reviewerSession, contractor: contractorSession, viewer: viewerSession }

/** Signed in as the demo's agency reviewer, contractor or agency viewer. */
export const signInAs = (who: keyof typeof SESSIONS) => storeSession(SESSIONS[who]())

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

/** The months with results as the server lists them: October 2026 open with drafts, September closed. */
export const MONTHS = {
  current: '2026-10',
  months: [
    {
      month: '2026-10',
      hasResults: true,
      state: 'open',
      number: null,
      pending: { count: 2, amountFen: 70_000 },
      decided: { count: 1, amountFen: 20_000 },
    },
    {
      month: '2026-09',
      hasResults: true,
      state: 'closed',
      number: 'KH-202609-01',
      pending: { count: 0, amountFen: 0 },
      decided: { count: 3, amountFen: 60_000 },
    },
  ],
}

/** The demo's people, whose names stand for their user names. */
export const PEOPLE = {
  people: [
    { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
    { username: 'viewer', name: '甲方查看员（演示）', roles: ['agency_viewer'] },
    { username: 'contractor', name: '乙方坐席班长（演示）', roles: ['contractor'] },
  ],
}

/**
 * `GET /api/v1/months` and `GET /api/v1/people`, which every page with a month or a name asks for,
 * for `stubApi`: the months `months()` gives at each request (by default `MONTHS`), the demo's people.
 */
const shellRoutes = (months: () => unknown = () => MONTHS) => ({
  'GET /api/v1/months': () => json(200, months()),
  'GET /api/v1/people': () => json(200, PEOPLE),
})

/** `GET /api/v1/terms` as the server answers it: the contract's terms, in force since 2026. */
export const TERMS = {
  version: 'jiyuan-2026@2026.1',
  terms: jiyuan2026,
  history: [{ version: 'jiyuan-2026@2026.1', from: '2026-01-01', status: 'in_force' }],
}

/**
 * `stubApi` for a page in the app's frame: the shell's months (`months()`, by default `MONTHS`)
 * and people answered too.
 */
export const stubPage = (routes: Record<string, Handler>, months?: () => unknown) =>
  stubApi({ ...shellRoutes(months), ...routes })

/** The calls to one route, with their URL and init, for assertions. */
export function callsTo(mock: ReturnType<typeof stubApi>, method: string, path: string) {
  return mock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), window.location.origin), init }))
    .filter(({ url, init }) => url.pathname === path && (init?.method ?? 'GET') === method)
}

export const headerOf = (init: RequestInit | undefined, name: string): string | undefined =>
  (init?.headers as Record<string, string> | undefined)?.[name]

/**
 * The reset each page test wants. Before the file's tests: the `pages`' lazy chunks loaded, so the
 * first test does not pay for a cold import (seconds on a loaded two-core machine) inside its own
 * time limit. Before each test: storage emptied, then a reviewer signed in (unless `signedIn:
 * false`) and the clock frozen at `now` (when given), then `before`. After each: the app
 * unmounted, `after`, stubs and timers undone, the address back at `/`.
 */
export function setUpPageTests(
  options: {
    pages?: (() => Promise<unknown>)[]
    signedIn?: boolean
    now?: string
    before?: () => void
    after?: () => void
  } = {},
) {
  if (options.pages) {
    const pages = options.pages
    beforeAll(() => Promise.all(pages.map((load) => load())), 60_000)
  }
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
