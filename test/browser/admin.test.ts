/**
 * The built admin app in Debian Chromium against the local server: it loads, calls the
 * health endpoint through the real stack, shows it in Chinese, and switches to English.
 */
import { describe, expect, it } from 'vitest'
import { useBrowserApp } from './support'

const app = useBrowserApp({ shotPrefix: 'admin-' })

describe('admin app in Chromium', () => {
  it('shows the system status in Chinese, then in English', async () => {
    const page = await app.browser.newPage({ locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))

    await page.goto(`${app.url}/`)
    await expect.poll(() => page.getByTestId('health-status').textContent()).toBe('正常')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('12345 热线运营平台')
    expect(await page.getByTestId('health-engine').textContent()).toBe('内嵌引擎（dynalite，本地模式）')
    expect(await page.getByTestId('health-table').textContent()).toBe('hotline')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    await app.shot(page, 'health-zh')

    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('health-status').textContent()).toBe('OK')
    await app.shot(page, 'health-en')

    // The choice survives a reload.
    await page.reload()
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('12345 Hotline Operations')
    expect(errors).toEqual([])
    await page.close()
  })
})
