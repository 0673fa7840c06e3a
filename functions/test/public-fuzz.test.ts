/**
 * Issue 11: every public and webhook route, fed generated garbage — wrong types, multipart without
 * a boundary, nesting thousands deep, huge and odd ids, invalid UTF-8, NUL, emoji — answers 4xx,
 * never 5xx, and writes nothing; the API is healthy afterwards.
 */
import { createHash, randomBytes } from 'node:crypto'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { scanAllItems } from '@hotline/store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encrypt, msgSignature } from '../src/intake/wechat'
import { TEST_SECRETS, testApp } from './support/app'

const RUNS = 1000
const NOW = new Date('2026-10-09T02:00:00.000Z')
const SECONDS = String(Math.floor(NOW.getTime() / 1000))
const wechat = TEST_SECRETS.wechat ?? { token: '', encodingAesKey: '', appId: '' }
const SMS_TOKEN = TEST_SECRETS.smsToken ?? ''

let local: LocalStore
let t: Awaited<ReturnType<typeof testApp>>
const statuses = new Map<string, number[]>()

beforeAll(async () => {
  local = await startLocalStore()
  t = await testApp({ store: local.store, now: () => NOW })
})
afterAll(async () => {
  await local.close()
})

// --- generators --------------------------------------------------------------------------------

const odd = fc.constantFrom(
  '\u0000',
  '😀',
  '#',
  '/',
  ' ',
  '<',
  '>',
  '&',
  '"',
  "'",
  '\\',
  ']]>',
  'a',
  '9',
  '\uD800',
  '中',
)
const oddText = fc.string({ unit: odd, maxLength: 200 })
/** Text a URL can carry (lone surrogates cannot be percent-encoded). */
const urlText = oddText.map((text) => text.replace(/[\uD800-\uDFFF]/g, ''))
const hugeId = fc.integer({ min: 1000, max: 6000 }).map((n) => '9'.repeat(n))
const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([d, arrays]) =>
    arrays ? `${'['.repeat(d)}${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`,
  )
const deepXml = fc
  .tuple(fc.integer({ min: 10, max: 9000 }), fc.constantFrom('<a>', '<a b="/>">', "<a b='>'>", '<a/><a>'))
  .map(([d, open]) => `<xml>${open.repeat(d)}x${'</a>'.repeat(d)}</xml>`)
const wrongTypes = fc.record(
  {
    phone: fc.oneof(fc.jsonValue(), hugeId, oddText),
    content: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string()), fc.constant('')),
    category: fc.oneof(fc.jsonValue(), oddText),
    name: fc.jsonValue(),
  },
  { requiredKeys: ['content'] },
)
/** A body as text; never a valid submission (content is never a usable string). */
const textBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  wrongTypes.map((v) => JSON.stringify(v)),
  deepJson,
  deepXml,
  oddText,
  hugeId,
  fc.string({ unit: 'binary', maxLength: 300 }),
)
/** Raw bytes: invalid UTF-8 included. */
const bytesBody = fc.uint8Array({ maxLength: 2000 })
const body = fc.oneof({ arbitrary: textBody, weight: 4 }, { arbitrary: bytesBody, weight: 1 })
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'text/xml',
  'text/plain',
  'application/octet-stream',
)

// --- requests ----------------------------------------------------------------------------------

async function send(route: string, path: string, init: RequestInit): Promise<number> {
  const res = await t.app.request(path, init)
  await res.arrayBuffer()
  const seen = statuses.get(route) ?? []
  seen.push(res.status)
  statuses.set(route, seen)
  return res.status
}

const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')
const asText = (b: string | Uint8Array) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8'))

const noServerError = (status: number) => {
  expect(status).toBeGreaterThanOrEqual(400)
  expect(status).toBeLessThan(500)
}

describe('public routes under generated garbage', () => {
  it.each(['/api/v1/submissions/web', '/api/v1/submissions/miniprogram', '/api/v1/auth/login'])(
    'answers %s with 4xx for any body and content type',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(body, contentType, fc.option(oddText), async (b, type, key) => {
          const headers: Record<string, string> = { 'content-type': type }
          if (key !== null) headers['idempotency-key'] = key.replace(/[^\x20-\x7e]/g, '') || '-'
          noServerError(await send(path, path, { method: 'POST', headers, body: b }))
        }),
        { numRuns: RUNS },
      )
    },
  )

  it('answers the status lookup with 4xx for any code and phone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(urlText, hugeId), fc.oneof(urlText, hugeId), async (code, phone) => {
        const path = `/api/v1/submissions/${encodeURIComponent(code) || 'x'}?phone=${encodeURIComponent(phone)}`
        noServerError(await send('lookup', path, { method: 'GET' }))
      }),
      { numRuns: RUNS },
    )
  })

  it.each(['tencent', 'aliyun'])(
    'answers the %s SMS webhook with 4xx or an acknowledgement, never 5xx',
    async (provider) => {
      const path = `/api/v1/webhooks/sms/${provider}?token=${SMS_TOKEN}`
      const junkItems = fc
        .array(fc.oneof(fc.jsonValue(), wrongTypes), { maxLength: 20 })
        .map((v) => JSON.stringify(v))
      await fc.assert(
        fc.asyncProperty(fc.oneof(body, junkItems), contentType, async (b, type) => {
          const status = await send(provider, path, {
            method: 'POST',
            headers: { 'content-type': type },
            body: b,
          })
          // Aliyun acknowledges a batch whose items were all refused (a retry could not mend them).
          if (status !== 200) noServerError(status)
        }),
        { numRuns: RUNS },
      )
    },
  )

  it('answers the WeChat push with 401 unsigned and 4xx signed, in plain and safe mode', async () => {
    const mode = fc.constantFrom('unsigned', 'plain', 'aes', 'aes-envelope')
    await fc.assert(
      fc.asyncProperty(body, contentType, mode, async (b, type, m) => {
        const nonce = '7'
        const query = new URLSearchParams({ timestamp: SECONDS, nonce })
        let payload: string | Uint8Array = b
        if (m === 'plain') query.set('signature', sha1([wechat.token, SECONDS, nonce]))
        if (m === 'unsigned') {
          query.set('encrypt_type', 'aes')
          query.set('msg_signature', '0'.repeat(40))
        }
        if (m === 'aes' || m === 'aes-envelope') {
          // A signed envelope around garbage, or around a signed Encrypt of garbage.
          const encrypted = m === 'aes' ? encrypt(wechat, asText(b), randomBytes(16)) : 'QUJD'
          query.set('encrypt_type', 'aes')
          query.set('msg_signature', msgSignature(wechat.token, SECONDS, nonce, encrypted))
          payload =
            m === 'aes'
              ? `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`
              : `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt>${asText(b)}</xml>`
        }
        const status = await send(`wechat-${m}`, `/api/v1/webhooks/wechat?${query}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: payload,
        })
        noServerError(status)
        // Unsigned is 401, unless the body is over WeChat's 64 KiB (400 before anything is read).
        if (m === 'unsigned' && Buffer.byteLength(payload) <= 64 * 1024) expect(status).toBe(401)
      }),
      { numRuns: RUNS },
    )
  })

  it('answers WeChat’s URL check with 4xx for any query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('signature', 'timestamp', 'nonce', 'echostr'), urlText),
        async (q) => {
          noServerError(
            await send('wechat-get', `/api/v1/webhooks/wechat?${new URLSearchParams(q)}`, { method: 'GET' }),
          )
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('wrote nothing, and the API is healthy', async () => {
    expect(await scanAllItems(local)).toEqual([])
    expect((await t.app.request('/api/v1/health')).status).toBe(200)
    for (const [route, seen] of statuses) {
      expect(seen.length, route).toBeGreaterThanOrEqual(route.startsWith('wechat-') ? 100 : RUNS)
      expect(
        seen.filter((s) => s >= 500),
        route,
      ).toEqual([])
    }
  })
})
