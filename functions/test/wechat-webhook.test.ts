/**
 * The WeChat micro-platform webhook through the HTTP app (SPEC §8): URL verification, plaintext
 * and AES safe mode, XML and JSON, replies in the same mode, signatures, and duplicates.
 */
import { createHash, randomBytes } from 'node:crypto'
import { scanAllItems } from '@hotline/store/testing'
import { describe, expect, it } from 'vitest'
import { decrypt, encrypt, msgSignature } from '../src/intake/wechat'
import { TEST_SECRETS } from './support/app'
import { useTestApp } from './support/http'

const config = TEST_SECRETS.wechat ?? { token: '', encodingAesKey: '', appId: '' }
const http = useTestApp('2026-10-09T02:00:00.000Z')

const tickets = async () => (await scanAllItems(http.local)).filter((i) => i.sk === 'TICKET')
const timestamp = () => String(Math.floor(http.clock.now().getTime() / 1000))
const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')

/** A user's text message as the mini-program customer-service push shows it (XML, CDATA). */
const textXml = (content: string, msgId = '23837185438938394', from = 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k') =>
  `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${timestamp()}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
  `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`

function plainRequest(body: string, contentType = 'text/xml') {
  const ts = timestamp()
  const nonce = '486452656'
  const query = new URLSearchParams({ signature: sha1([config.token, ts, nonce]), timestamp: ts, nonce })
  return http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
}

function aesRequest(inner: string, format: 'xml' | 'json' = 'xml', tamper = false) {
  const ts = timestamp()
  const nonce = '1320562132'
  const encrypted = encrypt(config, inner, randomBytes(16))
  const signature = msgSignature(config.token, ts, nonce, encrypted)
  const query = new URLSearchParams({
    signature: sha1([config.token, ts, nonce]),
    timestamp: ts,
    nonce,
    encrypt_type: 'aes',
    // Tampered: the last hex digit changed (never left as it was: the IV is random).
    msg_signature: tamper ? `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}` : signature,
  })
  const body =
    format === 'xml'
      ? `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`
      : JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: encrypted })
  return http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
    method: 'POST',
    headers: { 'content-type': format === 'xml' ? 'text/xml' : 'application/json' },
    body,
  })
}

describe('WeChat URL verification (GET)', () => {
  it('echoes echostr when the signature over the sorted token, timestamp and nonce matches', async () => {
    const ts = timestamp()
    const query = new URLSearchParams({
      signature: sha1([config.token, ts, '42']),
      timestamp: ts,
      nonce: '42',
      echostr: '4375120948345356249',
    })
    const res = await http.t.app.request(`/api/v1/webhooks/wechat?${query}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('4375120948345356249')
    query.set('signature', '0'.repeat(40))
    expect((await http.t.app.request(`/api/v1/webhooks/wechat?${query}`)).status).toBe(401)
  })
})

describe('WeChat messages (POST)', () => {
  it('plaintext XML: a text message becomes a micro-platform ticket and the reply names it', async () => {
    const res = await plainRequest(textXml('小区门口路灯不亮已经三天了'))
    expect(res.status).toBe(200)
    const reply = await res.text()
    expect(reply).toContain('<FromUserName><![CDATA[gh_97417a04a28d]]></FromUserName>')
    expect(reply).toContain('<ToUserName><![CDATA[oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k]]></ToUserName>')
    expect(reply).toContain('工单号JY20261009-000001')
    expect(await tickets()).toEqual([
      expect.objectContaining({
        channel: 'miniprogram',
        content: '小区门口路灯不亮已经三天了',
        phoneMasked: null,
      }),
    ])
  })

  it('plaintext JSON (mini-program style) is answered in JSON', async () => {
    const body = JSON.stringify({
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k',
      CreateTime: Number(timestamp()),
      MsgType: 'text',
      Content: '垃圾没人清运',
      MsgId: 'MSGID',
    }).replace('"MSGID"', '23837185438938395') // a 64-bit id as WeChat sends it: a bare JSON number
    const res = await plainRequest(body, 'application/json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/json/)
    expect(await res.json()).toMatchObject({ ToUserName: 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k', MsgType: 'text' })
  })

  it('AES safe mode: decrypts, and replies encrypted with a valid msg_signature', async () => {
    const res = await aesRequest(textXml('井盖缺失，很危险'))
    expect(res.status).toBe(200)
    const replyXml = await res.text()
    const ts = /<TimeStamp>(\d+)<\/TimeStamp>/.exec(replyXml)?.[1] ?? ''
    const nonce = /<Nonce><!\[CDATA\[(.*?)\]\]><\/Nonce>/.exec(replyXml)?.[1] ?? ''
    const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(replyXml)?.[1] ?? ''
    const signature = /<MsgSignature><!\[CDATA\[(.*?)\]\]><\/MsgSignature>/.exec(replyXml)?.[1] ?? ''
    expect(signature).toBe(msgSignature(config.token, ts, nonce, encrypted))
    expect(decrypt(config, encrypted)).toContain('工单号JY20261009-000001')
    expect((await tickets())[0]).toMatchObject({ content: '井盖缺失，很危险' })
  })

  it('AES safe mode with a JSON envelope', async () => {
    const inner = JSON.stringify({
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k',
      CreateTime: Number(timestamp()),
      MsgType: 'text',
      Content: '噪音扰民',
      MsgId: '23837185438938396',
    })
    const res = await aesRequest(inner, 'json')
    expect(res.status).toBe(200)
    const reply = (await res.json()) as {
      Encrypt: string
      MsgSignature: string
      TimeStamp: number
      Nonce: string
    }
    expect(reply.MsgSignature).toBe(
      msgSignature(config.token, String(reply.TimeStamp), reply.Nonce, reply.Encrypt),
    )
    const decrypted = JSON.parse(decrypt(config, reply.Encrypt))
    expect(decrypted).toMatchObject({ MsgType: 'text', ToUserName: 'oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k' })
    expect(decrypted.Content).toContain('工单号')
  })

  it.each([
    ['a wrong msg_signature', () => aesRequest(textXml('伪造'), 'xml', true)],
    [
      'a wrong plaintext signature',
      () =>
        http.t.app.request('/api/v1/webhooks/wechat?signature=abc&timestamp=1&nonce=2', {
          method: 'POST',
          body: textXml('伪造'),
        }),
    ],
  ])('refuses %s with a 401, storing nothing', async (_name, send) => {
    const res = await send()
    expect(res.status).toBe(401)
    expect(await scanAllItems(http.local)).toEqual([])
  })

  it('refuses a replayed push older than five minutes', async () => {
    const ts = String(Math.floor(http.clock.now().getTime() / 1000) - 301)
    const query = new URLSearchParams({ signature: sha1([config.token, ts, '7']), timestamp: ts, nonce: '7' })
    const res = await http.t.app.request(`/api/v1/webhooks/wechat?${query}`, {
      method: 'POST',
      body: textXml('旧消息'),
    })
    expect(res.status).toBe(401)
    expect(await scanAllItems(http.local)).toEqual([])
  })

  it('makes one ticket of the same MsgId pushed 50 times at once, answering each', async () => {
    const body = textXml('路面塌陷', '23837185438938999')
    const responses = await Promise.all(Array.from({ length: 50 }, () => plainRequest(body)))
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect(await tickets()).toHaveLength(1)
  })

  it('joins a follow-up to the open ticket; a non-text message asks for text; subscribe is welcomed', async () => {
    await plainRequest(textXml('路面塌陷', '1001'))
    http.clock.advance(60_000)
    const follow = await plainRequest(textXml('就在学校门口', '1002'))
    expect(await follow.text()).toContain('已并入工单JY20261009-000001')
    const items = await tickets()
    expect(items).toHaveLength(1)
    expect(items[0]?.messages).toEqual([
      { at: '2026-10-09T02:01:00.000Z', channel: 'miniprogram', text: '就在学校门口' },
    ])
    const image = `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k]]></FromUserName><CreateTime>${timestamp()}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MsgId>1003</MsgId></xml>`
    expect(await (await plainRequest(image)).text()).toContain('请用文字描述')
    const subscribe = `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[oZx6Y5Ep_VqHD8Wm_Ecbro_YSO2k]]></FromUserName><CreateTime>${timestamp()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`
    expect(await (await plainRequest(subscribe)).text()).toContain('欢迎关注')
    expect(await tickets()).toHaveLength(1)
  })
})
