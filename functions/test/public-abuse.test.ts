/**
 * Issue 11: what an outsider could do with the public endpoints, one test per defect found —
 * malformed forms, provider ids of any content, batches with a bad item, SMS bombing, form floods,
 * lookup lockout, Idempotency-Key reuse, and error messages that repeat themselves.
 */
import { createHash } from 'node:crypto'
import { keys, listOutbox } from '@hotline/store'
import { scanAllItems } from '@hotline/store/testing'
import { describe, expect, it } from 'vitest'
import { callerKey } from '../src/intake/limits'
import { encrypt, msgSignature } from '../src/intake/wechat'
import { TEST_SECRETS } from './support/app'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-10-09T02:00:00.000Z')
const SMS_TOKEN = TEST_SECRETS.smsToken ?? ''
const wechat = TEST_SECRETS.wechat ?? { token: '', encodingAesKey: '', appId: '' }
const aliyun = `/api/v1/webhooks/sms/aliyun?token=${SMS_TOKEN}`
const tencent = `/api/v1/webhooks/sms/tencent?token=${SMS_TOKEN}`

const allItems = () => scanAllItems(http.local)
const tickets = async () => (await allItems()).filter((i) => i.sk === 'TICKET')
/** Items other than rate-limit counters. */
const records = async () => (await allItems()).filter((i) => !String(i.pk).startsWith('RATE#'))

const form = {
  name: '王女士',
  phone: '13812345678',
  content: '小区门口路灯不亮已经三天了，晚上出行不安全。',
  category: 'request',
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  http.t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

const seconds = () => String(Math.floor(http.clock.now().getTime() / 1000))
const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')

/** A plain-mode push, signed unless `signed` is false. */
function wechatPlain(body: string, signed = true) {
  const ts = seconds()
  const query = new URLSearchParams({
    signature: signed ? sha1([wechat.token, ts, '7']) : '0'.repeat(40),
    timestamp: ts,
    nonce: '7',
  })
  return http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  })
}

const textXml = (msgId: string, from: string, content = '路灯不亮') =>
  `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
  `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`

const nested = (depth: number) => `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`

const aliyunItem = (sequenceId: string | number, content = '路灯不亮') => ({
  phone_number: '13811111234',
  content,
  send_time: '2026-10-09 10:00:00',
  dest_code: '1234',
  sequence_id: sequenceId,
})

describe('no 5xx from a malformed body', () => {
  it.each(['/api/v1/submissions/web', '/api/v1/submissions/miniprogram'])(
    'answers a multipart body that is not form data with 400 on %s, writing nothing',
    async (path) => {
      const res = await http.t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data' },
        body: 'phone=13812345678&content=x',
      })
      expect(res.status).toBe(400)
      expect((await json(res)).error).toMatchObject({ fields: [{ path: '(body)' }] })
      expect(await allItems()).toEqual([])
    },
  )

  it('refuses an unsigned safe-mode push before parsing it, however deep it nests (401)', async () => {
    const ts = seconds()
    const query = new URLSearchParams({ timestamp: ts, nonce: '7', encrypt_type: 'aes', msg_signature: 'x' })
    const res = await http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: nested(9000),
    })
    expect(res.status).toBe(401)
  })

  it('answers a signed push nested 9,000 deep with 400, not a stack overflow', async () => {
    const body = nested(9000)
    expect(Buffer.byteLength(body)).toBeLessThan(64 * 1024)
    const res = await wechatPlain(body)
    expect(res.status).toBe(400)
    expect(await res.text()).toBe('invalid message: body')
    expect(await allItems()).toEqual([])
  })

  it.each([
    ['nesting hidden in attribute values', `<xml>${'<a b="/>">'.repeat(4670)}</xml>`],
    ['65,000 unclosed <', '<'.repeat(65_000)],
    ['16,000 unclosed comments', '<!--'.repeat(16_000)],
    ['16,000 unclosed quotes', '<a "'.repeat(16_000)],
  ])('answers a signed push with %s with 400, without parsing it', async (_case, body) => {
    const res = await wechatPlain(body)
    expect(res.status).toBe(400)
    expect(await res.text()).toBe('invalid message: body')
  })

  it('answers a signed safe-mode push whose decrypted message nests deep with 400', async () => {
    const ts = seconds()
    const encrypted = encrypt(wechat, nested(5000), Buffer.alloc(16, 1))
    const query = new URLSearchParams({
      timestamp: ts,
      nonce: '7',
      encrypt_type: 'aes',
      msg_signature: msgSignature(wechat.token, ts, '7', encrypted),
    })
    const res = await http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    })
    expect(res.status).toBe(400)
  })

  it('does not repeat a field name in a provider error (time: expected whole seconds)', async () => {
    const res = await postJson(tencent, {
      mobile: '13812345678',
      nationcode: '86',
      text: '你好',
      time: 1.5,
    })
    expect(res.status).toBe(400)
    expect(await json(res)).toEqual({ result: 1, errmsg: 'time: expected whole seconds' })
  })
})

describe('provider ids of any content', () => {
  it('stores a WeChat message whose openid holds #, / and a space, once', async () => {
    // Without MsgId the delivery is known by openid, time and type: the openid is in the dedupe key.
    const body = textXml('12345', 'oZx6#Y5Ep/VqHD 8Wm').replace('<MsgId>12345</MsgId>', '')
    const first = await wechatPlain(body)
    expect(first.status).toBe(200)
    expect(await wechatPlain(body)).toHaveProperty('status', 200)
    expect(await tickets()).toHaveLength(1)
  })

  it('refuses a 3,000-digit MsgId and a 3,000-character openid with 400, not a DynamoDB error', async () => {
    const longId = await wechatPlain(textXml('9'.repeat(3000), 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k'))
    expect(longId.status).toBe(400)
    expect(await longId.text()).toBe('invalid message: MsgId')
    const longOpenid = await wechatPlain(textXml('12345', 'o'.repeat(3000)))
    expect(longOpenid.status).toBe(400)
    expect(await longOpenid.text()).toBe('invalid message: FromUserName')
    expect(await allItems()).toEqual([])
  })

  it('stores every good item of an Aliyun batch with a bad one, delivered twice, each once', async () => {
    // The batch: an id with # (stored), an item without content (refused), one more after it.
    const batch = [
      aliyunItem(1, '第一条'),
      aliyunItem('ab#2', '第二条'),
      aliyunItem('ab#3', ' '),
      aliyunItem('a b/4', '第四条'),
    ]
    for (const _delivery of [1, 2]) {
      const res = await postJson(aliyun, batch)
      expect(res.status).toBe(200)
      expect(await json(res)).toEqual({ code: 0, msg: '接收成功；无效 1 条：2.content: empty' })
    }
    // The first becomes a ticket; the others, from the same phone within the window, join it, once each.
    const [ticket, ...others] = await tickets()
    expect(others).toEqual([])
    expect(ticket).toMatchObject({ content: '第一条' })
    expect(((ticket?.messages ?? []) as { text: string }[]).map((m) => m.text)).toEqual(['第二条', '第四条'])
  })

  it('keys a delivery by a digest of its id: no openid, phone or # in any key', async () => {
    for (const id of [
      'oZx6Y5Ep_VqHD8Wm:1791511200:subscribe',
      'a#b',
      'a/b c',
      'x'.repeat(5000),
      '13812345678',
    ]) {
      const { pk } = keys.inbound('wechat', id)
      expect(pk).toMatch(/^INBOUND#wechat#[A-Za-z0-9_-]{43}$/)
      expect(pk).not.toContain(id.slice(0, 10))
    }
    expect(keys.inbound('wechat', 'a#b').pk).not.toBe(keys.inbound('wechat', 'a/b').pk)
    expect(keys.rate('lookup-ip', '2001:db8::1#x', '0').pk).toMatch(/^RATE#lookup-ip#[A-Za-z0-9_-]{43}#0$/)
  })
})

describe('abuse limits', () => {
  it('takes every form naming one phone, but sends that phone at most 3 acknowledgements an hour', async () => {
    const sms = http.t.deps.sms as unknown as { sent: { purpose: string }[] }
    const acknowledgements: string[] = []
    for (let i = 0; i < 12; i++) {
      const res = await postJson('/api/v1/submissions/web', { ...form, content: `第 ${i} 次` })
      expect(res.status).toBe(201)
      acknowledgements.push((await json(res)).acknowledgement)
    }
    // The receipt says so: the page then asks the citizen to note the numbers.
    expect(acknowledgements).toEqual([...Array(3).fill('sent'), ...Array(9).fill('withheld')])
    expect(await tickets()).toHaveLength(12)
    expect(sms.sent.filter((m) => m.purpose === 'acknowledgement')).toHaveLength(3)
    const { entries } = await listOutbox(http.local.store, '2026-10-09', { limit: 50 })
    expect(entries.filter((e) => e.status === 'withheld')).toHaveLength(9)
    expect(entries.find((e) => e.status === 'withheld')).toMatchObject({ error: 'phone_hour_limit' })
    // A retry whose first answer was lost says the same.
    const key = { 'idempotency-key': 'form-replay-0001' }
    const first = await json(await postJson('/api/v1/submissions/web', { ...form, content: '第 13 次' }, key))
    const replay = await json(
      await postJson('/api/v1/submissions/web', { ...form, content: '第 13 次' }, key),
    )
    expect(first.acknowledgement).toBe('withheld')
    expect(replay).toEqual(first)
  })

  it('caps one phone at 10 acknowledgements a Beijing day, the hourly cap renewing', async () => {
    const sms = http.t.deps.sms as unknown as { sent: { purpose: string }[] }
    // 10:00 to 14:00 Beijing time, four posts an hour from four addresses.
    for (let hour = 0; hour < 5; hour++) {
      for (let i = 0; i < 4; i++) {
        const address = { 'x-test-client-address': `203.0.113.${i}` }
        const res = await postJson(
          '/api/v1/submissions/web',
          { ...form, content: `第 ${hour} 小时第 ${i} 件` },
          address,
        )
        expect(res.status).toBe(201)
      }
      http.clock.advance(3_600_000)
    }
    expect(sms.sent.filter((m) => m.purpose === 'acknowledgement')).toHaveLength(10)
    const { entries } = await listOutbox(http.local.store, '2026-10-09', { limit: 50 })
    expect(entries.filter((e) => e.error === 'phone_day_limit').length).toBeGreaterThan(0)
    // The next Beijing day (00:00 UTC+8 = 16:00 UTC) the cap starts again.
    http.clock.set('2026-10-09T16:30:00.000Z')
    expect((await postJson('/api/v1/submissions/web', { ...form, content: '次日又一件事' })).status).toBe(201)
    expect(sms.sent.filter((m) => m.purpose === 'acknowledgement')).toHaveLength(11)
  })

  it('answers the 31st form from one address in an hour with 429 and Retry-After, others unaffected', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await postJson('/api/v1/submissions/web', {
        ...form,
        phone: `1381234${String(i).padStart(4, '0')}`,
      })
      expect(res.status).toBe(201)
    }
    const refused = await postJson('/api/v1/submissions/web', form)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('3600')
    const other = await postJson('/api/v1/submissions/web', form, { 'x-test-client-address': '192.0.2.9' })
    expect(other.status).toBe(201)
  })

  it('locks a guesser out of a tracking code, never its owner asking from elsewhere', async () => {
    const { trackingCode } = await json(await postJson('/api/v1/submissions/web', form))
    const stranger = { 'x-test-client-address': '203.0.113.66' }
    const guess = (phone: string, headers: Record<string, string>) =>
      http.t.app.request(`/api/v1/submissions/${trackingCode}?phone=${phone}`, { headers })
    for (let i = 0; i < 10; i++) expect((await guess(`1390000000${i}`, stranger)).status).toBe(404)
    expect((await guess('13812345678', stranger)).status).toBe(429)
    const owner = await guess('13812345678', { 'x-test-client-address': '198.51.100.200' })
    expect(owner.status).toBe(200)
  })

  it('counts an IPv6 caller by its /64: a fresh address in the same block is the same caller', async () => {
    const { trackingCode } = await json(await postJson('/api/v1/submissions/web', form))
    const from = (n: number) => ({ 'x-test-client-address': `2001:db8:0:7:${n.toString(16)}::1` })
    for (let i = 0; i < 10; i++) {
      const res = await http.t.app.request(`/api/v1/submissions/${trackingCode}?phone=1390000000${i}`, {
        headers: from(i),
      })
      expect(res.status).toBe(404)
    }
    const rotated = await http.t.app.request(`/api/v1/submissions/${trackingCode}?phone=13900000099`, {
      headers: from(99),
    })
    expect(rotated.status).toBe(429)
    expect(callerKey('2001:db8:0:7:ffff::1')).toBe('2001:db8:0:7::/64')
    expect(callerKey('2001:DB8::1%eth0')).toBe('2001:db8:0:0::/64')
    expect(callerKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(callerKey('203.0.113.9')).toBe('203.0.113.9')
  })

  it('writes nothing for a malformed lookup', async () => {
    const res = await http.t.app.request('/api/v1/submissions/not-a-code?phone=abc')
    expect(res.status).toBe(404)
    expect(await allItems()).toEqual([])
  })
})

describe('Idempotency-Key', () => {
  it('answers a malformed key with 400 naming the header', async () => {
    const res = await postJson('/api/v1/submissions/web', form, { 'idempotency-key': 'short' })
    expect(res.status).toBe(400)
    expect((await json(res)).error).toMatchObject({
      message: 'invalid idempotency-key: must be 8–128 letters, digits or _ . : -',
      fields: [{ path: 'idempotency-key' }],
    })
    expect(await allItems()).toEqual([])
  })

  it('answers the same key with another body 422, never the first citizen’s ticket', async () => {
    const key = { 'idempotency-key': 'form-7f3c9e21-0001' }
    const first = await json(await postJson('/api/v1/submissions/web', form, key))
    const other = await postJson(
      '/api/v1/submissions/web',
      { ...form, phone: '13900001111', content: '另一位市民的另一件事' },
      key,
    )
    expect(other.status).toBe(422)
    const body = await json(other)
    expect(body.error).toMatchObject({
      code: 'idempotency_key_reused',
      fields: [{ path: 'idempotency-key' }],
    })
    expect(JSON.stringify(body)).not.toContain(first.trackingCode)
    expect(JSON.stringify(body)).not.toContain(first.ticketNumber)
    expect(await tickets()).toHaveLength(1)
    // The same body again is the same receipt, the fields in any order.
    const { category, content, phone, name } = form
    const again = await postJson('/api/v1/submissions/web', { phone, content, name, category }, key)
    expect(again.status).toBe(200)
    expect(await json(again)).toMatchObject({ trackingCode: first.trackingCode })
  })
})

describe('what the outbox records', () => {
  it('keeps no phone number in a record other than the ticket’s sealed one', async () => {
    await postJson('/api/v1/submissions/web', form)
    const plain = (await records()).filter((item) => JSON.stringify(item).includes('13812345678'))
    expect(plain).toEqual([])
  })
})
