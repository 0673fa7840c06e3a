/**
 * The built admin app in Debian Chromium against the local server: it loads, calls the
 * health endpoint through the real stack, shows it in Chinese, and switches to English.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type LocalServer, startLocalServer } from '@hotline/functions/local'
import { createLogger } from '@hotline/functions/logger'
import { generateSecrets } from '@hotline/functions/secrets'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { adminDist, artifactsDir } from '../support/paths'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  if (!existsSync(join(adminDist, 'index.html'))) {
    throw new Error('admin/dist is missing: run `pnpm build` first (`pnpm test` does).')
  }
  await mkdir(artifactsDir, { recursive: true })
  server = await startLocalServer({
    port: 0,
    adminDist,
    version: 'e2e',
    logger: createLogger({ silent: true }),
    secrets: generateSecrets(),
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('admin app in Chromium', () => {
  it('shows the system status in Chinese, then in English', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))

    await page.goto(`${server.url}/`)
    await expect.poll(() => page.getByTestId('health-status').textContent()).toBe('正常')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('12345 热线运营平台')
    expect(await page.getByTestId('health-engine').textContent()).toBe('内嵌引擎（dynalite，本地模式）')
    expect(await page.getByTestId('health-table').textContent()).toBe('hotline')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    await page.screenshot({ path: join(artifactsDir, 'admin-health-zh.png'), fullPage: true })

    await page.getByRole('button', { name: '切换语言' }).click()
    await expect.poll(() => page.getByTestId('health-status').textContent()).toBe('OK')
    await page.screenshot({ path: join(artifactsDir, 'admin-health-en.png'), fullPage: true })

    // The choice survives a reload.
    await page.reload()
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('12345 Hotline Operations')
    expect(errors).toEqual([])
    await page.close()
  })
})
