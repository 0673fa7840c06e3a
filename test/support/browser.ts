/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser.
 * `.ci/run` installs it with apt; locally: `apt-get install -y chromium fonts-noto-cjk`.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's: apt-get install -y chromium fonts-noto-cjk ` +
        '(or set CHROMIUM_PATH). Browser tests never download a browser.',
    )
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The machine's network is closed: without these Chromium keeps dialling Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
