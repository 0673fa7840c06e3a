/**
 * Citizen intake end to end through the HTTP app on the embedded engine (SPEC §8): the web form,
 * the status lookup, the SMS providers' webhooks, survey replies, duplicates and bad input.
 */
import { ApiError, jiyuan2026, TRACKING_ALPHABET } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { scanAllItems } from '@hotline/store/testing'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../src/logger'
import { type RecordingSender, recordingSender, TEST_SECRETS, testApp, testClock } from './support/app'

const SMS_TOKEN = TEST_SECRETS.smsToken ?? ''
let local: LocalStore
let sms: RecordingSender
let clock: ReturnType<typeof testClock>
let t: Awaited<ReturnType<typeof testApp>>

beforeEach(async () => {
  local = await startLocalStore()
  sms = recordingSender()
  clock = testClock('2026-10-09T02:00:00.000Z')
  t = await testApp({ store: local.store, sms, now: clock.now })
})
afterEach(async () => {
  await local.close()
})

const allItems = () => scanAllItems(local)

/** A response body for assertions (shapes are checked by the assertions themselves). */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response bodies
const json = async (res: Response): Promise<any> => res.json()
const tickets = async () => (await allItems()).filter((i) => i.sk === 'TICKET')

const form = {
  name: '王女士',
  phone: '13812345678',
  content: '小区门口路灯不亮已经三天了，晚上出行不安全。',
  category: 'request',
  location: '济源市沁园街道',
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

const tencent = `/api/v1/webhooks/sms/tencent?token=${SMS_TOKEN}`
const aliyun = `/api/v1/webhooks/sms/aliyun?token=${SMS_TOKEN}`

// Tencent Cloud SMS reply callback, https://cloud.tencent.com/document/api/382/5809 — the
// documented example, with the placeholder `13xxxxxxxxx` replaced by a real-looking number.
const tencentReply = (text: string, time = 1791511200) => ({
  extend: '',
  mobile: '13812345678',
  nationcode: '86',
  sign: '济源12345',
  text,
  time,
})

describe('web form (SPEC §8)', () => {
  it('creates a ticket with a readable number and tracking code, and acknowledges by SMS', async () => {
    const res = await post('/api/v1/submissions/web', form)
    expect(res.status).toBe(201)
    const receipt = await json(res)
    expect(receipt).toEqual({
      ticketNumber: 'JY20261009-000001',
      trackingCode: expect.stringMatching(/^[2-9A-HJ-NP-TV-Z]{10}$/),
      receivedAt: '2026-10-09T02:00:00.000Z',
      status: 'received',
      acknowledgement: 'sent',
    })
    expect(sms.sent).toEqual([
      {
        to: '13812345678',
        purpose: 'acknowledgement',
        ticketId: 'JY20261009-000001',
        text: expect.stringContaining('工单号JY20261009-000001'),
      },
    ])
    const second = await json(await post('/api/v1/submissions/web', form))
    expect(second.ticketNumber).toBe('JY20261009-000002')
  })

  it('accepts application/x-www-form-urlencoded, empty optional fields absent', async () => {
    const res = await t.app.request('/api/v1/submissions/web', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, name: '', location: '' }).toString(),
    })
    expect(res.status).toBe(201)
    const [item] = await tickets()
    expect(item).toMatchObject({ channel: 'web', name: null, location: null, category: 'request' })
  })

  it('keeps the phone number out of the table in the clear: masked, sealed and hashed', async () => {
    await post('/api/v1/submissions/web', form)
    const raw = JSON.stringify(await allItems())
    expect(raw).not.toContain('13812345678')
    expect(raw).toContain('138****5678')
  })

  it.each([
    [{ ...form, phone: '12345' }, 'phone'],
    [{ ...form, content: '灯' }, 'content'],
    [{ ...form, category: 'gossip' }, 'category'],
    [{ ...form, name: 'x'.repeat(51) }, 'name'],
  ])('refuses bad input with a 400 naming the field, storing nothing (%#)', async (body, field) => {
    const res = await post('/api/v1/submissions/web', body)
    expect(res.status).toBe(400)
    const error = ApiError.parse(await json(res)).error
    expect(error.code).toBe('validation_failed')
    expect(error.fields?.map((f) => f.path)).toContain(field)
    expect(error.message).toContain(field)
    expect(await allItems()).toEqual([])
    expect(sms.sent).toEqual([])
  })

  it('answers any body with a 4xx, never a 5xx, and stores nothing for a rejected one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const res = await post('/api/v1/submissions/web', body)
        expect(res.status).toBeLessThan(500)
        if (res.status >= 400) expect(ApiError.safeParse(await json(res)).success).toBe(true)
      }),
      { numRuns: 60 },
    )
    const unparsable = await t.app.request('/api/v1/submissions/web', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone":',
    })
    expect(unparsable.status).toBe(400)
    expect((await tickets()).length).toBe(0)
  })

  it('makes one ticket of the same Idempotency-Key sent 50 times at once', async () => {
    const key = { 'idempotency-key': 'form-7f3c9e21-retry' }
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post('/api/v1/submissions/web', form, key)),
    )
    const ok = responses.filter((r) => r.status === 201 || r.status === 200)
    expect(ok.length).toBeGreaterThanOrEqual(1)
    // At once, none has seen the claim yet: beyond the per-client limit (30 an hour) they wait (429).
    expect(responses.every((r) => [200, 201, 409, 429].includes(r.status))).toBe(true)
    expect(responses.filter((r) => r.status === 429).length).toBeLessThanOrEqual(50 - 30)
    expect((await tickets()).length).toBe(1)
    const replay = await post('/api/v1/submissions/web', form, key)
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect((await json(replay)).ticketNumber).toBe('JY20261009-000001')
    expect(sms.sent.filter((m) => m.purpose === 'acknowledgement')).toHaveLength(1)
  })
})

describe('status lookup', () => {
  it('answers the public status only when the phone matches; otherwise the same 404 as a missing code', async () => {
    const { trackingCode } = await json(await post('/api/v1/submissions/web', form))
    const ok = await t.app.request(`/api/v1/submissions/${trackingCode}?phone=+86 138 1234 5678`)
    expect(ok.status).toBe(200)
    expect(await json(ok)).toMatchObject({
      ticketNumber: 'JY20261009-000001',
      status: 'received',
      statusLabel: { zh: '已受理' },
      category: { id: 'request', zh: '求助' },
      history: [{ type: 'received', at: '2026-10-09T02:00:00.000Z' }],
      rating: null,
    })
    const wrongPhone = await t.app.request(`/api/v1/submissions/${trackingCode}?phone=13900000000`)
    const missing = await t.app.request('/api/v1/submissions/ABCDEFGHJK?phone=13812345678')
    expect(wrongPhone.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await json(wrongPhone)).toEqual(await json(missing))
  })

  it('is rate-limited per caller, and per tracking code against guessing phones', async () => {
    const code = (i: number) => `ABCDEFGH${TRACKING_ALPHABET[Math.floor(i / 30)]}${TRACKING_ALPHABET[i % 30]}`
    const statuses: number[] = []
    for (let i = 0; i < 32; i++)
      statuses.push((await t.app.request(`/api/v1/submissions/${code(i)}?phone=13812345678`)).status)
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404))
    expect(statuses.slice(30)).toEqual([429, 429])
    clock.advance(60_000)
    const perCode: number[] = []
    for (let i = 0; i < 11; i++)
      perCode.push(
        (await t.app.request(`/api/v1/submissions/ABCDEFGHJK?phone=1390000${String(i).padStart(4, '0')}`))
          .status,
      )
    expect(perCode).toEqual([...Array(10).fill(404), 429])
    expect(
      (await t.app.request('/api/v1/submissions/ABCDEFGHJK?phone=13812345678')).headers.get('retry-after'),
    ).toBe('600')
  })
})

describe('SMS webhooks', () => {
  it('Tencent: the documented reply becomes a ticket and gets the documented acknowledgement', async () => {
    const res = await post(tencent, tencentReply('小区门口路灯不亮已经三天了'))
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ result: 0, errmsg: 'OK' })
    expect(await tickets()).toEqual([
      expect.objectContaining({
        channel: 'sms',
        content: '小区门口路灯不亮已经三天了',
        phoneMasked: '138****5678',
      }),
    ])
  })

  it('Alibaba: the documented batch push (sequence_id as number and as string) becomes tickets', async () => {
    // https://help.aliyun.com/zh/sms/developer-reference/smsup-http (string sequence_id) and
    // https://help.aliyun.com/knowledge_detail/60127.html (number sequence_id, sign_name).
    const body = [
      {
        phone_number: '13811111234',
        content: '内容',
        send_time: '2026-10-09 10:00:00',
        dest_code: '1234',
        sequence_id: 1234567890,
      },
      {
        phone_number: '13922221234',
        content: '垃圾没人清运',
        send_time: '2026-10-09 10:01:00',
        dest_code: '1234',
        sequence_id: '1234567891',
        sign_name: '签名',
      },
    ]
    const res = await post(aliyun, body)
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ code: 0, msg: '接收成功' })
    expect((await tickets()).map((i) => i.content).sort()).toEqual(['内容', '垃圾没人清运'])
    // The same batch again, with the first id spelled as a string: nothing new.
    await post(aliyun, [{ ...body[0], sequence_id: '1234567890' }, body[1]])
    expect((await tickets()).length).toBe(2)
  })

  it.each([
    [tencent.replace(SMS_TOKEN, 'wrong'), tencentReply('你好'), { result: 1, errmsg: 'invalid token' }],
    ['/api/v1/webhooks/sms/tencent', tencentReply('你好'), { result: 1, errmsg: 'invalid token' }],
    [aliyun.replace(SMS_TOKEN, 'wrong'), [], { code: 1, msg: 'invalid token' }],
  ])('refuses a callback without the right token: 401, nothing stored (%s)', async (path, body, ack) => {
    const res = await post(path, body)
    expect(res.status).toBe(401)
    expect(await json(res)).toEqual(ack)
    expect(await allItems()).toEqual([])
  })

  it('answers a malformed payload with the provider-shaped 400 naming the field', async () => {
    const res = await post(tencent, { ...tencentReply('x'), mobile: undefined })
    expect(res.status).toBe(400)
    expect((await json(res)).errmsg).toMatch(/^mobile/)
    const batch = await post(aliyun, [
      {
        phone_number: '13811111234',
        content: '',
        send_time: '2026-10-09 10:00:00',
        dest_code: '1',
        sequence_id: 1,
      },
    ])
    // A bad item is refused alone and named; the batch is answered as received (a retry could not mend it).
    expect(batch.status).toBe(200)
    expect(await json(batch)).toMatchObject({ code: 0, msg: expect.stringContaining('0.content: empty') })
    expect(await allItems()).toEqual([])
  })

  it('makes one ticket of the same delivery arriving 50 times at once', async () => {
    const reply = tencentReply('楼上装修噪音从早到晚', 1791511300)
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(tencent, reply)))
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect((await tickets()).length).toBe(1)
    expect(sms.sent.filter((m) => m.purpose === 'acknowledgement')).toHaveLength(1)
  })

  it('appends a follow-up within the window to the open ticket, and opens a new one after it', async () => {
    await post(tencent, tencentReply('楼上装修噪音从早到晚', 1791511300))
    clock.advance(2 * 3_600_000)
    await post(tencent, tencentReply('今天还在施工', 1791518500))
    let items = await tickets()
    expect(items).toHaveLength(1)
    expect(items[0]?.messages).toEqual([
      { at: '2026-10-09T04:00:00.000Z', channel: 'sms', text: '今天还在施工' },
    ])
    clock.advance((jiyuan2026.intake.appendWindowHours + 1) * 3_600_000)
    await post(tencent, tencentReply('另一件事：井盖缺失', 1791608000))
    items = await tickets()
    expect(items).toHaveLength(2)
  })
})

describe('satisfaction survey by SMS (SPEC §8, §9 rating)', () => {
  async function closedTicket(): Promise<string> {
    const { ticketNumber } = await json(await post('/api/v1/submissions/web', form))
    const auth = { authorization: await t.bearer('contractor') }
    for (const event of [
      { type: 'transferred', department: '城管局' },
      { type: 'replied' },
      { type: 'closed' },
    ]) {
      const res = await post(`/api/v1/tickets/${ticketNumber}/events`, event, auth)
      expect(res.status).toBe(200)
    }
    return ticketNumber
  }

  it('sends the survey on closing, and a reply "1" becomes a satisfied rating of that ticket, not a ticket', async () => {
    const ticketNumber = await closedTicket()
    const survey = sms.sent.find((m) => m.purpose === 'survey')
    expect(survey).toMatchObject({ to: '13812345678', ticketId: ticketNumber })
    expect(survey?.text).toContain('回复1满意 2基本满意 3不满意')

    clock.advance(3_600_000)
    const res = await post(tencent, tencentReply('1', 1791515000))
    expect(res.status).toBe(200)
    const items = await tickets()
    expect(items).toHaveLength(1)
    expect(items[0]?.rating).toEqual({ level: 'satisfied', at: '2026-10-09T03:00:00.000Z', via: 'sms' })
    expect(sms.sent.at(-1)).toMatchObject({ purpose: 'rating_thanks', ticketId: ticketNumber })
  })

  it('takes only the first answer; a reply after the window is a new message', async () => {
    await closedTicket()
    await post(tencent, tencentReply('3', 1791515000))
    await post(tencent, tencentReply('1', 1791515100))
    let items = await tickets()
    expect(items.find((i) => i.rating)?.rating).toMatchObject({ level: 'dissatisfied' })
    expect(items).toHaveLength(2)

    clock.advance((jiyuan2026.intake.surveyReplyWindowHours + 1) * 3_600_000)
    await post(tencent, tencentReply('2', 1791800000))
    items = await tickets()
    expect(items).toHaveLength(3)
  })
})

describe('confidentiality (SPEC §8, contract §4.9)', () => {
  it('reveals the full number only to an allowed role, auditing each reveal', async () => {
    const { ticketNumber } = await json(await post('/api/v1/submissions/web', form))
    const reveal = async (role?: 'contractor' | 'agency_viewer') =>
      post(
        `/api/v1/tickets/${ticketNumber}/reveal-phone`,
        { reason: '回访核实' },
        role ? { authorization: await t.bearer(role) } : {},
      )
    expect((await reveal()).status).toBe(401)
    expect((await reveal('agency_viewer')).status).toBe(403)
    const ok = await reveal('contractor')
    expect(ok.status).toBe(200)
    expect(await json(ok)).toEqual({ phone: '13812345678' })

    const audit = await t.app.request(`/api/v1/tickets/${ticketNumber}/audit`, {
      headers: { authorization: await t.bearer('agency_reviewer') },
    })
    expect((await json(audit)).audit).toEqual([
      {
        at: '2026-10-09T02:00:00.000Z',
        by: 'contractor',
        action: 'reveal_phone',
        detail: { reason: '回访核实', roles: 'contractor' },
      },
    ])
    const view = await t.app.request(`/api/v1/tickets/${ticketNumber}`, {
      headers: { authorization: await t.bearer('agency_viewer') },
    })
    expect(JSON.stringify(await json(view))).not.toContain('13812345678')
  })

  it('shows the outbox to staff with masked numbers', async () => {
    await post('/api/v1/submissions/web', form)
    expect((await t.app.request('/api/v1/outbox')).status).toBe(401)
    const res = await t.app.request('/api/v1/outbox?day=2026-10-09', {
      headers: { authorization: await t.bearer('agency_viewer') },
    })
    const body = await json(res)
    expect(body).toMatchObject({ day: '2026-10-09', sender: 'local', cursor: null })
    expect(body.entries).toEqual([
      expect.objectContaining({ toMasked: '138****5678', purpose: 'acknowledgement', status: 'sent' }),
    ])
    expect(JSON.stringify(body)).not.toContain('13812345678')
  })
})

describe('bad input over every intake schema (property)', () => {
  const bodies = fc.oneof(
    fc.jsonValue(),
    fc.record({
      phone: fc.oneof(fc.string(), fc.constant('13812345678')),
      content: fc.string({ maxLength: 3000 }),
      category: fc.oneof(fc.string(), fc.constantFrom('request', 'complaint')),
      openid: fc.string(),
    }),
    fc.record({
      mobile: fc.string(),
      nationcode: fc.string(),
      text: fc.string(),
      time: fc.oneof(fc.integer(), fc.string()),
      sign: fc.string(),
    }),
    fc.array(
      fc.record({
        phone_number: fc.string(),
        content: fc.string(),
        send_time: fc.string(),
        dest_code: fc.string(),
        sequence_id: fc.oneof(fc.integer(), fc.string()),
      }),
      { maxLength: 3 },
    ),
  )

  it.each(['/api/v1/submissions/web', '/api/v1/submissions/miniprogram', tencent, aliyun])(
    '%s answers a 2xx or a 4xx, never a 5xx; a refused body stores nothing',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const before = (await allItems()).length
          const res = await post(path, body)
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) expect((await allItems()).length).toBe(before)
        }),
        { numRuns: 40 },
      )
    },
  )
})

describe('logs (SPEC §8: no phone number or message text)', () => {
  it('writes neither to the log across a submission, a webhook delivery, a lookup and a failure', async () => {
    const lines: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    try {
      const logged = await testApp({ store: local.store, sms, now: clock.now, logger: createLogger() })
      const send = (path: string, body: unknown) =>
        logged.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      const receipt = await json(await send('/api/v1/submissions/web', form))
      await send(tencent, tencentReply('楼上装修噪音从早到晚'))
      await logged.app.request(`/api/v1/submissions/${receipt.trackingCode}?phone=13812345678`)
      await send('/api/v1/submissions/web', { ...form, phone: '1381234567' })
    } finally {
      process.stdout.write = write
    }
    const log = lines.join('')
    expect(log).toContain('"route":"/api/v1/submissions/web"')
    for (const secret of ['13812345678', '1381234567', '138 1234', '路灯不亮', '装修噪音'])
      expect(log).not.toContain(secret)
  })
})
