/**
 * The web-intake story end to end, in Debian Chromium against the local server, in Chinese:
 * a citizen submits the form at /citizen/ on a phone-sized screen (keyboard only) and gets a
 * ticket number and tracking code; a reviewer signs in to the admin app and finds the
 * acknowledgement in the outbox, number masked; the contractor closes the ticket through the API,
 * which sends the satisfaction survey; the citizen's reply `1` arrives through the Tencent webhook;
 * the citizen looks the ticket up and sees 已办结 and 满意. Screenshots of each step go to
 * test-results/.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoPassword, useBrowserApp } from './support'

const PHONE = { width: 390, height: 844 }
const CITIZEN_MOBILE = '13812345678'
const CONTENT = '小区门口的路灯坏了一个星期，晚上很黑，老人孩子出行不安全，请尽快修理。'

const app = useBrowserApp({
  app: 'citizen',
  shotPrefix: 'citizen-',
  page: { viewport: { width: 1280, height: 800 } },
})
const { shot, api, tokenOf, pageErrors } = app

let smsToken: string

beforeAll(() => {
  if (!app.secrets.smsToken) throw new Error('generateSecrets() gave no SMS callback token')
  smsToken = app.secrets.smsToken
})

function newPage(options: { phone?: boolean } = {}): Promise<Page> {
  return app.newPage(
    options.phone ? { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {},
  )
}

describe('citizen page in Chromium', () => {
  it('takes a request, shows it in the outbox, and shows it closed and rated after the survey', async () => {
    // --- A citizen opens the page on a phone. --------------------------------------------------
    const citizen = await newPage({ phone: true })
    await citizen.goto(`${app.url}/citizen/`)
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('网上诉求')
    expect(await citizen.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    expect(await citizen.locator('#content-count').textContent()).toBe('0 / 2000')
    // Nothing wider than the phone: no sideways scrolling.
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await shot(citizen, '01-form-phone')

    // A number that is not a mainland mobile: the API's 400 is shown next to the phone field.
    await citizen.getByLabel('手机号码').first().fill('12345678901')
    await citizen.getByLabel('投诉').check()
    await citizen.getByLabel('诉求内容').fill(CONTENT)
    await citizen.getByRole('button', { name: '提交诉求' }).click()
    const phoneError = citizen.locator('#phone-error')
    await expect.poll(() => phoneError.textContent()).toContain('请填写正确的手机号码')
    // In Chinese only Chinese: the API's English message is not appended.
    expect(await phoneError.textContent()).not.toMatch(/[A-Za-z]{2,}/)
    expect(await citizen.locator('#phone').getAttribute('aria-invalid')).toBe('true')
    expect(await citizen.evaluate(() => document.activeElement?.id)).toBe('phone')
    await shot(citizen, '02-invalid-phone-phone')

    // Fill it again with the keyboard alone: type, Tab, arrows for the category, Enter to send.
    // (A fresh load, not a reload: Chromium would restore the fields typed before.)
    await citizen.goto(`${app.url}/citizen/`)
    await expect.poll(() => citizen.locator('#content-count').textContent()).toBe('0 / 2000')
    await citizen.locator('#name').focus()
    await citizen.keyboard.type('张先生')
    await citizen.keyboard.press('Tab')
    await citizen.keyboard.type(CITIZEN_MOBILE)
    await citizen.keyboard.press('Tab') // the category radios: 咨询 first
    await citizen.keyboard.press('Space')
    await citizen.keyboard.press('ArrowRight') // 求助
    await citizen.keyboard.press('ArrowRight') // 投诉
    expect(await citizen.locator('input[name="category"]:checked').getAttribute('value')).toBe('complaint')
    await citizen.keyboard.press('Tab')
    await citizen.keyboard.type(CONTENT)
    expect(await citizen.locator('#content-count').textContent()).toBe(`${CONTENT.length} / 2000`)
    await citizen.keyboard.press('Tab')
    await citizen.keyboard.type('济源市沁园路与天坛路交叉口东北角')
    await citizen.keyboard.press('Enter')

    await expect.poll(() => citizen.getByTestId('ticket-number').textContent()).toMatch(/^JY\d{8}-\d{6}$/)
    const ticketNumber = (await citizen.getByTestId('ticket-number').textContent()) ?? ''
    const trackingCode = (await citizen.getByTestId('tracking-code').textContent()) ?? ''
    expect(trackingCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/)
    expect(await citizen.locator('#receipt-sms').textContent()).toBe(
      '受理短信已发送至 138****5678，短信里也有工单号和查询码。',
    )
    expect(await citizen.evaluate(() => document.activeElement?.id)).toBe('receipt-title')
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await shot(citizen, '03-receipt-phone')

    // --- A reviewer signs in to the admin app and opens the outbox. -----------------------------
    const reviewer = await newPage()
    await reviewer.goto(`${app.url}/outbox`)
    await expect.poll(() => reviewer.url()).toBe(`${app.url}/login?next=%2Foutbox`)
    await reviewer.getByLabel('用户名').fill('reviewer')
    await reviewer.getByLabel('密码').fill(await demoPassword('reviewer'))
    await shot(reviewer, '04-reviewer-login')
    await reviewer.getByLabel('密码').press('Enter')

    await expect.poll(() => reviewer.url()).toBe(`${app.url}/outbox`)
    await expect.poll(() => reviewer.getByTestId('user-name').textContent()).toBe('甲方审核员（演示）')
    await expect.poll(() => reviewer.getByTestId('user-roles').textContent()).toBe('甲方审核员')
    const acknowledgement = reviewer.getByTestId('outbox-entry').filter({ hasText: ticketNumber })
    await expect.poll(() => acknowledgement.count()).toBe(1)
    const ackCells = await acknowledgement.getByRole('cell').allTextContents()
    expect(ackCells.slice(1, 3)).toEqual(['138****5678', '受理回执'])
    expect(ackCells[3]).toBe(
      `【济源12345】您的诉求已受理，工单号${ticketNumber}，查询码${trackingCode}。可凭查询码和手机号查询办理进度。`,
    )
    expect(ackCells.slice(4)).toEqual(['本地（未发出）', '已发送'])
    expect(await reviewer.getByTestId('outbox').textContent()).not.toContain(CITIZEN_MOBILE)
    await shot(reviewer, '05-reviewer-outbox')

    // --- The contractor handles and closes the ticket through the API: the survey goes out. -----
    const token = await tokenOf('contractor')
    const events = `/api/v1/tickets/${encodeURIComponent(ticketNumber)}/events`
    for (const body of [
      { type: 'transferred', department: '市城市管理局' },
      { type: 'replied' },
      { type: 'closed' },
    ]) {
      const res = await api(events, { method: 'POST', token, body })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
    }

    await reviewer.getByRole('button', { name: '刷新' }).click()
    const survey = reviewer.getByTestId('outbox-entry').filter({ hasText: '满意度回访' })
    await expect.poll(() => survey.count()).toBe(1)
    expect(await survey.textContent()).toContain(`工单号${ticketNumber}`)
    await shot(reviewer, '06-reviewer-outbox-survey')

    // --- The citizen answers the survey with "1" by SMS (Tencent's reply callback). -------------
    const reply = await fetch(`${app.url}/api/v1/webhooks/sms/tencent?token=${smsToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        extend: '',
        mobile: CITIZEN_MOBILE,
        nationcode: '86',
        sign: '济源12345',
        text: '1',
        time: Math.floor(Date.now() / 1000),
      }),
    })
    expect(reply.status).toBe(200)
    expect(await reply.json()).toEqual({ result: 0, errmsg: 'OK' })

    // --- The citizen looks the ticket up from the receipt (keyboard: Tab, Enter). ---------------
    await citizen.keyboard.press('Tab')
    expect(await citizen.evaluate(() => document.activeElement?.textContent)).toBe('查询办理进度')
    await citizen.keyboard.press('Enter')
    await expect.poll(() => citizen.getByTestId('lookup-state').textContent()).toBe('已办结')
    expect(await citizen.getByTestId('lookup-rating').textContent()).toBe('满意')
    const status = citizen.getByTestId('lookup-status')
    expect(await status.getByRole('heading', { level: 3 }).textContent()).toBe(`工单 ${ticketNumber}`)
    expect(await status.locator('.timeline li span').allTextContents()).toEqual([
      '已受理',
      '已转办 · 市城市管理局',
      '部门已答复',
      '已办结',
    ])
    expect(await status.textContent()).toContain('投诉')
    expect(await citizen.locator('#lookup-result').getAttribute('aria-live')).toBe('polite')
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await shot(citizen, '07-lookup-closed-rated-phone')

    // The same answer in English, on request.
    await citizen.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => citizen.getByTestId('lookup-state').textContent()).toBe('Closed')
    expect(await citizen.getByTestId('lookup-rating').textContent()).toBe('Satisfied')
    expect(await citizen.getByRole('heading', { level: 1 }).textContent()).toBe('Online requests')
    expect(await citizen.evaluate(() => document.documentElement.lang)).toBe('en')
    await shot(citizen, '08-lookup-english-phone')

    expect(pageErrors).toEqual([])
  })

  it('says "not found" for a wrong number without saying which part was wrong', async () => {
    const citizen = await newPage({ phone: true })
    await citizen.goto(`${app.url}/citizen/#lookup`)
    await citizen.getByLabel('查询码').fill('k7q2 m9xd 3p')
    await citizen.locator('#lookup-phone').fill('13900000000')
    await citizen.getByRole('button', { name: '查询', exact: true }).click()
    await expect
      .poll(() => citizen.locator('#lookup-result').textContent())
      .toBe('未找到相关工单，请核对查询码和手机号码。')
    expect(pageErrors).toEqual([])
  })

  it('asks to try later when the look-ups of a code are rate-limited', async () => {
    const code = 'ABCD-EFGH-JK'
    // Use up the code's allowance (10 per 10 minutes) as someone guessing numbers would.
    let status = 0
    for (let attempt = 0; attempt < 12 && status !== 429; attempt++) {
      const res = await fetch(
        `${app.url}/api/v1/submissions/${code}?phone=1390000${String(attempt).padStart(4, '0')}`,
      )
      status = res.status
      await res.body?.cancel()
    }
    expect(status).toBe(429)

    const citizen = await newPage({ phone: true })
    await citizen.goto(`${app.url}/citizen/`)
    await citizen.getByLabel('查询码').fill(code)
    await citizen.locator('#lookup-phone').fill(CITIZEN_MOBILE)
    await citizen.locator('#lookup-phone').press('Enter')
    await expect
      .poll(() => citizen.locator('#lookup-result').textContent())
      .toBe('查询过于频繁，请 10 分钟后再试。')
    await shot(citizen, '09-rate-limited-phone')
    expect(pageErrors).toEqual([])
  })
})
