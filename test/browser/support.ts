/**
 * What every browser test sets up: the built admin app served by the local server (embedded
 * engine), Debian Chromium through playwright-core, pages in Chinese on Beijing time that record
 * their errors, screenshots in test-results/, staff calls to the API and signing in through the
 * login page. `useBrowserApp` registers the `beforeAll`/`afterAll` that start and stop it all.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type LocalServer, startLocalServer } from '@hotline/functions/local'
import { createLogger } from '@hotline/functions/logger'
import { type AppSecrets, generateSecrets } from '@hotline/functions/secrets'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium } from '../support/browser'
import { adminDist, artifactsDir, repoRoot } from '../support/paths'

export type BrowserAppOptions = {
  /** The folder of admin/dist whose index.html the test needs ('' for the admin app itself). */
  app?: string
  /** The server's clock: fixed at `at`, or running on from `at` once the server starts. */
  clock?: { at: Date; running?: boolean }
  /** Prefixed to every screenshot name, e.g. 'review-'. */
  shotPrefix?: string
  /** Options for every `newPage()`, over Chinese and Beijing time. */
  page?: BrowserContextOptions
}

export type ApiInit = { method?: string; token?: string; body?: unknown }

export type BrowserApp = {
  /** The running server (after `beforeAll`). */
  readonly server: LocalServer
  /** The server's base URL (after `beforeAll`). */
  readonly url: string
  readonly browser: Browser
  readonly secrets: AppSecrets
  /** Errors thrown in any page made by `newPage()`. */
  readonly pageErrors: string[]
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** A full-page screenshot to test-results/<shotPrefix><name>.png. */
  shot(page: Page, name: string): Promise<Buffer>
  api(path: string, init?: ApiInit): Promise<ApiResponse>
  tokenOf(username: string): Promise<string>
  /** Opens `path`, is sent to the sign-in page, signs in as `username` and comes back. */
  signIn(page: Page, username: string, path: string): Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response bodies
export type ApiResponse = { status: number; body: any }

/** A demo user's password, from the local users file. */
export async function demoPassword(username: string): Promise<string> {
  const file = JSON.parse(await readFile(join(repoRoot, 'functions/src/local/users.json'), 'utf8')) as {
    users: { username: string; demoPassword?: string }[]
  }
  const password = file.users.find((u) => u.username === username)?.demoPassword
  if (!password) throw new Error(`no demo password for ${username} in users.json`)
  return password
}

/** The trimmed text of a table row's cells (`selector` picks them). */
export const cellsOf = async (row: Locator, selector = 'th, td') =>
  (await row.locator(selector).allTextContents()).map((text) => text.trim())

/** Starts the server and Chromium before the file's tests and stops them (and its pages) after. */
export function useBrowserApp(options: BrowserAppOptions = {}): BrowserApp {
  let server: LocalServer | undefined
  let browser: Browser | undefined
  let secrets: AppSecrets | undefined
  const pages: Page[] = []
  const pageErrors: string[] = []
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test or hook`)
    return value
  }

  beforeAll(async () => {
    const dir = options.app ?? ''
    if (!existsSync(join(adminDist, dir, 'index.html'))) {
      const missing = dir ? `admin/dist/${dir}` : 'admin/dist'
      throw new Error(`${missing} is missing: run \`pnpm build\` first (\`pnpm test\` does).`)
    }
    await mkdir(artifactsDir, { recursive: true })
    secrets = generateSecrets()
    const clock = options.clock
    const startedAt = Date.now()
    server = await startLocalServer({
      port: 0,
      adminDist,
      version: 'e2e',
      logger: createLogger({ silent: true }),
      secrets,
      ...(clock
        ? {
            now: clock.running
              ? () => new Date(clock.at.getTime() + (Date.now() - startedAt))
              : () => clock.at,
          }
        : {}),
    })
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const page of pages) await page.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
  })

  const app: BrowserApp = {
    get server() {
      return started(server, 'the server')
    },
    get url() {
      return started(server, 'the server').url
    },
    get browser() {
      return started(browser, 'Chromium')
    },
    get secrets() {
      return started(secrets, 'the server')
    },
    pageErrors,

    async newPage(pageOptions = {}) {
      const page = await app.browser.newPage({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...options.page,
        ...pageOptions,
      })
      page.on('pageerror', (err) => pageErrors.push(err.message))
      pages.push(page)
      return page
    },

    shot: (page, name) =>
      page.screenshot({ path: join(artifactsDir, `${options.shotPrefix ?? ''}${name}.png`), fullPage: true }),

    /** A staff call to the API, as the integration tests make them. */
    async api(path, init = {}) {
      const res = await fetch(`${app.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      })
      return { status: res.status, body: await res.json() }
    },

    async tokenOf(username) {
      const login = await app.api('/api/v1/auth/login', {
        method: 'POST',
        body: { username, password: await demoPassword(username) },
      })
      expect(login.status).toBe(200)
      return String(login.body.accessToken)
    },

    async signIn(page, username, path) {
      await page.goto(`${app.url}${path}`)
      await expect.poll(() => page.url()).toBe(`${app.url}/login?next=${encodeURIComponent(path)}`)
      await page.getByLabel('用户名').fill(username)
      await page.getByLabel('密码').fill(await demoPassword(username))
      await page.getByLabel('密码').press('Enter')
      await expect.poll(() => page.url()).toBe(`${app.url}${path}`)
    },
  }
  return app
}
