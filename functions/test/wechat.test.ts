/**
 * The WeChat push protocol checked against WeChat's own documented examples (each test cites its
 * page), then round trips and properties where the docs give no vector.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import {
  buildTextReply,
  decrypt,
  encrypt,
  msgSignature,
  parseInbound,
  verifySignature,
  verifyUrl,
  WECHAT_SUCCESS,
  type WeChatConfig,
  WeChatConfigError,
  type WeChatInbound,
  WeChatPayloadError,
  type WeChatPushQuery,
  WeChatSignatureError,
} from '../src/intake/wechat'

/**
 * The configuration of the documented examples (安全模式):
 * https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
 */
const DOC_CONFIG: WeChatConfig = {
  token: 'AAAAA',
  encodingAesKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  appId: 'wxba5fad812f8e6fb9',
}
/**
 * The `Encrypt` of the documented safe-mode push (安全模式 推送的包体):
 * https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
 */
const DOC_ENCRYPT =
  '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04='
/**
 * What DOC_ENCRYPT decrypts to (解密消息体 msg=…):
 * https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
 */
const DOC_MESSAGE =
  '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}'
/**
 * The documented encrypted reply (回包 Encrypt=…):
 * https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
 */
const DOC_REPLY_ENCRYPT =
  'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ=='

/** Our own account for everything the docs give no vector for. */
const CONFIG: WeChatConfig = {
  token: 'hotline12345',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx1234567890abcdef',
}
const RANDOM16 = Buffer.from('0123456789abcdef')

/** An independent oracle for `signature`: sha1 of the sorted, concatenated parts. */
function sha1Sorted(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex')
}

function at(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000)
}

function plainQuery(config: WeChatConfig, timestamp: string, nonce: string): WeChatPushQuery {
  return { signature: sha1Sorted(config.token, timestamp, nonce), timestamp, nonce }
}

/** A safe-mode push as WeChat sends it: the inner message encrypted, `ToUserName` beside it. */
function aesPush(
  config: WeChatConfig,
  format: 'xml' | 'json',
  inner: string,
  timestamp: string,
  nonce: string,
) {
  const enc = encrypt(config, inner, RANDOM16)
  const body =
    format === 'json'
      ? JSON.stringify({ ToUserName: 'gh_hotline12345', Encrypt: enc })
      : `<xml><ToUserName><![CDATA[gh_hotline12345]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`
  const query: WeChatPushQuery = {
    signature: sha1Sorted(config.token, timestamp, nonce),
    timestamp,
    nonce,
    encrypt_type: 'aes',
    msg_signature: msgSignature(config.token, timestamp, nonce, enc),
  }
  return { body, query }
}

function payloadError(run: () => unknown): WeChatPayloadError {
  try {
    run()
  } catch (error) {
    if (error instanceof WeChatPayloadError) return error
    throw error
  }
  throw new Error('expected a WeChatPayloadError')
}

const xmlParser = new XMLParser({ parseTagValue: false })

// The text message of 客服消息 文本消息, XML and JSON, as documented in
// https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/customer-message/receive.html
const DOC_TEXT_XML = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1482048670</CreateTime>
   <MsgType><![CDATA[text]]></MsgType>
   <Content><![CDATA[this is a test]]></Content>
   <MsgId>1234567890123456</MsgId>
</xml>`
const DOC_TEXT_JSON = `{
  "ToUserName": "toUser",
  "FromUserName": "fromUser",
  "CreateTime": 1482048670,
  "MsgType": "text",
  "Content": "this is a test",
  "MsgId": 1234567890123456
}`
const DOC_TEXT_TIME = 1482048670

describe('signature', () => {
  it('matches the documented plaintext-mode vector', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 消息解密方式为明文模式: Token "AAAAA", sorted "1714037059486452656AAAAA".
    expect(
      verifySignature('AAAAA', '1714037059', '486452656', '899cf89e464efb63f54ddac96b0a0a235f53aa78'),
    ).toBe(true)
  })

  it('rejects a signature for other values, a truncated one and an upper-case one', () => {
    const good = '899cf89e464efb63f54ddac96b0a0a235f53aa78'
    expect(verifySignature('BBBBB', '1714037059', '486452656', good)).toBe(false)
    expect(verifySignature('AAAAA', '1714037060', '486452656', good)).toBe(false)
    expect(verifySignature('AAAAA', '1714037059', '486452656', good.slice(0, 39))).toBe(false)
    expect(verifySignature('AAAAA', '1714037059', '486452656', good.toUpperCase())).toBe(false)
    expect(verifySignature('AAAAA', '1714037059', '486452656', '')).toBe(false)
  })

  it('matches the documented msg_signature of the safe-mode push and of the reply', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 安全模式: msg_signature of the push, then MsgSignature of the reply.
    expect(msgSignature('AAAAA', '1714112445', '415670741', DOC_ENCRYPT)).toBe(
      '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    )
    expect(msgSignature('AAAAA', '1713424427', '415670741', DOC_REPLY_ENCRYPT)).toBe(
      '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
    )
  })
})

describe('URL verification', () => {
  // https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
  // 发起验证: Token "AAAAA", the GET WeChat sends and the echostr to return.
  const query = {
    signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
    echostr: '4375120948345356249',
    timestamp: '1714036504',
    nonce: '1514711492',
  }

  it('echoes echostr for the documented GET', () => {
    expect(verifyUrl(DOC_CONFIG, query)).toBe('4375120948345356249')
  })

  it('refuses a wrong signature and a missing parameter', () => {
    expect(() =>
      verifyUrl(DOC_CONFIG, { ...query, signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78' }),
    ).toThrow(WeChatSignatureError)
    expect(() => verifyUrl({ ...DOC_CONFIG, token: 'BBBBB' }, query)).toThrow(WeChatSignatureError)
    expect(() => verifyUrl(DOC_CONFIG, { ...query, echostr: undefined })).toThrow(WeChatSignatureError)
    expect(() => verifyUrl(DOC_CONFIG, { echostr: '1' })).toThrow(/signature, timestamp, nonce and echostr/)
  })
})

describe('AES safe mode', () => {
  it('decrypts the documented push to the documented message', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 安全模式 解密消息体: TmpMsg 224 bytes, FullStr 205, msg_len 167.
    expect(decrypt(DOC_CONFIG, DOC_ENCRYPT)).toBe(DOC_MESSAGE)
  })

  it('encrypts the documented reply byte for byte with the documented random', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 回包 Encrypt 的生成方法: random(16B) = "707722b803182950", msg = {"demo_resp":"good luck"}.
    expect(encrypt(DOC_CONFIG, '{"demo_resp":"good luck"}', Buffer.from('707722b803182950'))).toBe(
      DOC_REPLY_ENCRYPT,
    )
    expect(decrypt(DOC_CONFIG, DOC_REPLY_ENCRYPT)).toBe('{"demo_resp":"good luck"}')
  })

  it('round-trips our own encryption, Chinese included, padded to 32-byte blocks', () => {
    const message = '<xml><Content><![CDATA[市民来电：小区路灯不亮，请尽快处理。]]></Content></xml>'
    const enc = encrypt(CONFIG, message, RANDOM16)
    expect(Buffer.from(enc, 'base64').length % 32).toBe(0)
    expect(decrypt(CONFIG, enc)).toBe(message)
    expect(decrypt(CONFIG, encrypt(CONFIG, '', RANDOM16))).toBe('')
  })

  it('refuses a message for another AppID, naming AppId', () => {
    expect(
      payloadError(() => decrypt({ ...DOC_CONFIG, appId: 'wx0000000000000000' }, DOC_ENCRYPT)).field,
    ).toBe('AppId')
    expect(
      payloadError(() => decrypt(CONFIG, encrypt({ ...CONFIG, appId: 'wxother' }, 'hi', RANDOM16))).field,
    ).toBe('AppId')
  })

  it('refuses tampered padding, a tampered length and a tampered tail', () => {
    const original = Buffer.from(DOC_ENCRYPT, 'base64')
    const tamper = (index: number, mask: number) => {
      const copy = Buffer.from(original)
      copy[index] = (copy[index] ?? 0) ^ mask
      return copy.toString('base64')
    }
    // CBC: flipping a bit of block n-1 flips the same bit of plaintext block n.
    // The last plaintext byte is the pad length 19; flipped to 18, the 19 pad bytes no longer agree.
    const badPadding = payloadError(() => decrypt(DOC_CONFIG, tamper(original.length - 17, 0x01)))
    expect([badPadding.field, badPadding.message]).toEqual(['Encrypt', 'Encrypt has bad padding'])
    // Byte 16 of the plaintext is the high byte of msg_len: 0x80 makes it longer than the data.
    const badLength = payloadError(() => decrypt(DOC_CONFIG, tamper(0, 0x80)))
    expect([badLength.field, badLength.message]).toEqual(['Encrypt', 'Encrypt has a bad message length'])
    // Block 11 garbled, block 12 (the AppID) flipped: the AppID check catches it.
    expect(payloadError(() => decrypt(DOC_CONFIG, tamper(176, 0x01))).field).toBe('AppId')
  })

  it('refuses what is not ciphertext', () => {
    expect(payloadError(() => decrypt(DOC_CONFIG, 'not base64!')).field).toBe('Encrypt')
    expect(payloadError(() => decrypt(DOC_CONFIG, DOC_ENCRYPT.slice(0, 40))).field).toBe('Encrypt')
    expect(payloadError(() => decrypt(DOC_CONFIG, '')).field).toBe('Encrypt')
  })

  it('refuses a bad EncodingAESKey and a random that is not 16 bytes', () => {
    expect(() => decrypt({ ...DOC_CONFIG, encodingAesKey: 'short' }, DOC_ENCRYPT)).toThrow(WeChatConfigError)
    expect(() => encrypt({ ...DOC_CONFIG, encodingAesKey: `${'A'.repeat(42)}!` }, 'x', RANDOM16)).toThrow(
      WeChatConfigError,
    )
    expect(() => encrypt(DOC_CONFIG, 'x', Buffer.alloc(15))).toThrow(RangeError)
  })

  it('decrypt(encrypt(m)) === m for any Unicode message, Chinese included', () => {
    const hanzi = fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp))
    const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
    const message = fc.string({ unit: fc.oneof(hanzi, anyCodePoint), maxLength: 400 })
    const random16 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes))
    fc.assert(
      fc.property(message, random16, (m, random) => {
        expect(decrypt(CONFIG, encrypt(CONFIG, m, random))).toBe(m)
      }),
    )
  })
})

describe('parseInbound', () => {
  const textCanonical = {
    mode: 'plain',
    toUserName: 'toUser',
    fromUserName: 'fromUser',
    createTime: DOC_TEXT_TIME,
    msgType: 'text',
    content: 'this is a test',
    msgId: '1234567890123456',
    dedupeKey: '1234567890123456',
  }

  it('parses the documented XML and JSON text messages to the same shape, MsgId a string', () => {
    // https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/customer-message/receive.html
    // 文本消息: the same message in both formats; JSON carries MsgId as a number.
    const query = plainQuery(CONFIG, String(DOC_TEXT_TIME), '42')
    const xml = parseInbound(
      CONFIG,
      { body: DOC_TEXT_XML, contentType: 'text/xml', query },
      at(DOC_TEXT_TIME),
    )
    const json = parseInbound(
      CONFIG,
      { body: DOC_TEXT_JSON, contentType: 'application/json', query },
      at(DOC_TEXT_TIME),
    )
    expect(xml).toEqual({ format: 'xml', ...textCanonical })
    expect(json).toEqual({ format: 'json', ...textCanonical })
    expect(typeof json.msgId).toBe('string')
  })

  it('keeps CDATA verbatim: Chinese, markup and entities inside it are text', () => {
    const body =
      '<xml><ToUserName><![CDATA[gh_hotline12345]]></ToUserName><FromUserName><![CDATA[oUser_1]]></FromUserName>' +
      '<CreateTime>1714037059</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
      '<Content><![CDATA[  路灯坏了 <b>&amp; 请修 ]]></Content><MsgId>24512345678901234</MsgId></xml>'
    const inbound = parseInbound(
      CONFIG,
      { body, query: plainQuery(CONFIG, '1714037059', '7') },
      at(1714037059),
    )
    expect(inbound.content).toBe('  路灯坏了 <b>&amp; 请修 ')
    expect(inbound.msgId).toBe('24512345678901234')
  })

  it('takes JSON by content type or by a leading brace', () => {
    const query = plainQuery(CONFIG, String(DOC_TEXT_TIME), '42')
    expect(parseInbound(CONFIG, { body: `\n  ${DOC_TEXT_JSON}`, query }, at(DOC_TEXT_TIME)).format).toBe(
      'json',
    )
    expect(
      payloadError(() =>
        parseInbound(
          CONFIG,
          { body: DOC_TEXT_XML, contentType: 'application/json', query },
          at(DOC_TEXT_TIME),
        ),
      ).field,
    ).toBe('body')
  })

  it('keeps a 64-bit MsgId exact where JSON.parse would round it', () => {
    const body =
      '{"ToUserName":"gh_hotline12345","FromUserName":"oUser_1","CreateTime":1714037059,' +
      '"MsgType":"text","Content":"行货","MsgId":6666666666666666667}'
    const inbound = parseInbound(
      CONFIG,
      { body, query: plainQuery(CONFIG, '1714037059', '7') },
      at(1714037059),
    )
    expect(inbound.msgId).toBe('6666666666666666667')
    expect(inbound.dedupeKey).toBe('6666666666666666667')
  })

  it('parses the documented plaintext-mode JSON event, deduped by user, time and event', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 明文模式: the debug_demo push and its signature.
    const body = `{
    "ToUserName": "gh_97417a04a28d",
    "FromUserName": "o9AgO5Kd5ggOC-bXrbNODIiE3bGY",
    "CreateTime": 1714037059,
    "MsgType": "event",
    "Event": "debug_demo",
    "debug_str": "hello world"
}`
    const query = {
      signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
      timestamp: '1714037059',
      nonce: '486452656',
    }
    expect(parseInbound(DOC_CONFIG, { body, query }, at(1714037059))).toEqual({
      format: 'json',
      mode: 'plain',
      toUserName: 'gh_97417a04a28d',
      fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      createTime: 1714037059,
      msgType: 'event',
      event: 'debug_demo',
      dedupeKey: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY:1714037059:debug_demo',
    })
  })

  it('dedupes an XML event push by FromUserName + CreateTime + Event', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/product/message/Passive_user_reply_message.html
    // "事件类型消息推荐使用FromUserName + CreateTime 排重"; the subscribe event's shape.
    const body =
      '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>' +
      '<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>'
    const inbound = parseInbound(CONFIG, { body, query: plainQuery(CONFIG, '123456789', '1') }, at(123456789))
    expect(inbound).toMatchObject({ msgType: 'event', event: 'subscribe' })
    expect(inbound.msgId).toBeUndefined()
    expect(inbound.dedupeKey).toBe('FromUser:123456789:subscribe')
  })

  it('parses the documented safe-mode JSON push', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 消息解密方式为安全模式: URL parameters and body as documented.
    const query = {
      signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
      timestamp: '1714112445',
      nonce: '415670741',
      openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      encrypt_type: 'aes',
      msg_signature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    }
    const body = JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: DOC_ENCRYPT })
    expect(
      parseInbound(DOC_CONFIG, { body, contentType: 'application/json', query }, at(1714112445)),
    ).toEqual({
      format: 'json',
      mode: 'aes',
      toUserName: 'gh_97417a04a28d',
      fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      createTime: 1714112445,
      msgType: 'event',
      event: 'debug_demo',
      dedupeKey: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY:1714112445:debug_demo',
    })
    // The doc's warning: in safe mode `signature` is not the message signature.
    expect(() =>
      parseInbound(DOC_CONFIG, { body, query: { ...query, msg_signature: query.signature } }, at(1714112445)),
    ).toThrow(WeChatSignatureError)
  })

  it('parses a safe-mode XML push; a changed Encrypt fails msg_signature', () => {
    const { body, query } = aesPush(CONFIG, 'xml', DOC_TEXT_XML, String(DOC_TEXT_TIME), '99')
    expect(parseInbound(CONFIG, { body, query }, at(DOC_TEXT_TIME))).toEqual({
      format: 'xml',
      ...textCanonical,
      mode: 'aes',
    })
    const other = encrypt(CONFIG, DOC_TEXT_XML, Buffer.from('fedcba9876543210'))
    const forged = body.replace(/<Encrypt><!\[CDATA\[[^\]]*\]\]>/, `<Encrypt><![CDATA[${other}]]>`)
    expect(forged).not.toBe(body)
    expect(() => parseInbound(CONFIG, { body: forged, query }, at(DOC_TEXT_TIME))).toThrow(
      /msg_signature does not match/,
    )
    expect(() =>
      parseInbound(CONFIG, { body, query: { ...query, msg_signature: undefined } }, at(DOC_TEXT_TIME)),
    ).toThrow(WeChatSignatureError)
  })

  it('reads a JSON envelope whose Encrypt escapes / as \\/, checking the signature on its value', () => {
    const ts = String(DOC_TEXT_TIME)
    const { body, query } = aesPush(CONFIG, 'json', DOC_TEXT_JSON, ts, '7')
    const escaped = body.replaceAll('/', '\\/')
    expect(escaped).toContain('\\/')
    const inbound = parseInbound(
      CONFIG,
      { body: escaped, contentType: 'application/json', query },
      at(DOC_TEXT_TIME),
    )
    expect(inbound).toMatchObject({ mode: 'aes', format: 'json', msgType: 'text' })
  })

  it('refuses a safe-mode push without Encrypt as unsigned: there is nothing its signature covers', () => {
    const query = {
      ...plainQuery(CONFIG, String(DOC_TEXT_TIME), '1'),
      encrypt_type: 'aes',
      msg_signature: 'x',
    }
    expect(() => parseInbound(CONFIG, { body: DOC_TEXT_XML, query }, at(DOC_TEXT_TIME))).toThrow(
      WeChatSignatureError,
    )
  })

  it('refuses a wrong plain signature and an unknown encrypt_type', () => {
    const query = plainQuery(CONFIG, String(DOC_TEXT_TIME), '42')
    expect(() =>
      parseInbound({ ...CONFIG, token: 'other' }, { body: DOC_TEXT_XML, query }, at(DOC_TEXT_TIME)),
    ).toThrow(WeChatSignatureError)
    expect(() =>
      parseInbound(
        CONFIG,
        { body: DOC_TEXT_XML, query: { ...query, signature: undefined } },
        at(DOC_TEXT_TIME),
      ),
    ).toThrow(WeChatSignatureError)
    expect(
      payloadError(() =>
        parseInbound(
          CONFIG,
          { body: DOC_TEXT_XML, query: { ...query, encrypt_type: 'rsa' } },
          at(DOC_TEXT_TIME),
        ),
      ).field,
    ).toBe('encrypt_type')
  })

  it('rejects a timestamp more than 300 s either side of now', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 明文模式 vector, received late and early.
    const body = JSON.stringify({
      ToUserName: 'gh_1',
      FromUserName: 'o_1',
      CreateTime: 1714037059,
      MsgType: 'text',
    })
    const query = {
      signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
      timestamp: '1714037059',
      nonce: '486452656',
    }
    const parseAt = (seconds: number) => parseInbound(DOC_CONFIG, { body, query }, at(seconds))
    expect(() => parseAt(1714037059 + 301)).toThrow(WeChatSignatureError)
    expect(() => parseAt(1714037059 - 301)).toThrow(/300 s/)
    expect(parseAt(1714037059 + 299).fromUserName).toBe('o_1')
    expect(parseAt(1714037059 + 300).fromUserName).toBe('o_1')
    expect(parseAt(1714037059 - 299).fromUserName).toBe('o_1')
    expect(() =>
      parseInbound(DOC_CONFIG, { body, query: { ...query, timestamp: '1714037059.5' } }, at(1714037059)),
    ).toThrow(WeChatSignatureError)
    expect(() =>
      parseInbound(DOC_CONFIG, { body, query: { ...query, timestamp: undefined } }, at(1714037059)),
    ).toThrow(WeChatSignatureError)
  })

  it.each(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'])('names a missing %s', (field) => {
    const fields: Record<string, string> = {
      ToUserName: '<![CDATA[gh_1]]>',
      FromUserName: '<![CDATA[o_1]]>',
      CreateTime: '1714037059',
      MsgType: '<![CDATA[text]]>',
      Content: '<![CDATA[hi]]>',
    }
    delete fields[field]
    const body = `<xml>${Object.entries(fields)
      .map(([k, v]) => `<${k}>${v}</${k}>`)
      .join('')}</xml>`
    const query = plainQuery(CONFIG, '1714037059', '5')
    const error = payloadError(() => parseInbound(CONFIG, { body, query }, at(1714037059)))
    expect(error.field).toBe(field)
    expect(error.message).toContain(field)
  })

  it('names FromUserName when JSON lacks it, and CreateTime when it is not unix seconds', () => {
    const query = plainQuery(CONFIG, '1714037059', '5')
    const parse = (fields: object) =>
      payloadError(() => parseInbound(CONFIG, { body: JSON.stringify(fields), query }, at(1714037059)))
    expect(parse({ ToUserName: 'gh_1', CreateTime: 1714037059, MsgType: 'text' }).field).toBe('FromUserName')
    expect(
      parse({ ToUserName: 'gh_1', FromUserName: 'o_1', CreateTime: 'yesterday', MsgType: 'text' }).field,
    ).toBe('CreateTime')
  })

  it('refuses a body over 64 KiB, counted in UTF-8 bytes', () => {
    const body = `<xml><Content><![CDATA[${'中'.repeat(22_000)}]]></Content></xml>` // 66,000+ bytes
    expect(body.length).toBeLessThan(64 * 1024)
    const error = payloadError(() =>
      parseInbound(CONFIG, { body, query: plainQuery(CONFIG, '1714037059', '5') }, at(1714037059)),
    )
    expect(error.field).toBe('body')
  })

  it('refuses bodies that are not a WeChat message', () => {
    const query = plainQuery(CONFIG, '1714037059', '5')
    const field = (body: string) =>
      payloadError(() => parseInbound(CONFIG, { body, query }, at(1714037059))).field
    expect(field('<xml><ToUserName>gh_1</FromUserName></xml>')).toBe('body')
    expect(field('<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Content>&a;</Content></xml>')).toBe('body')
    expect(field('<note><ToUserName>gh_1</ToUserName></note>')).toBe('body')
    expect(field('{"ToUserName": ')).toBe('body')
    expect(field('[]')).toBe('body')
    expect(field('<xml/>')).toBe('ToUserName')
  })
})

describe('buildTextReply', () => {
  const now = at(DOC_TEXT_TIME + 2)
  const opts = { now, nonce: '1320562132', random16: RANDOM16 }
  const text = '您的诉求已受理，工单号 JY2026-000123。'
  const xmlInbound = () =>
    parseInbound(
      CONFIG,
      { body: DOC_TEXT_XML, query: plainQuery(CONFIG, String(DOC_TEXT_TIME), '1') },
      at(DOC_TEXT_TIME),
    )

  /** Parses a reply as if it were a push to us: it has the same fields, To and From swapped. */
  function parseReply(reply: { body: string }, inbound: WeChatInbound): WeChatInbound {
    const timestamp = String(DOC_TEXT_TIME + 2)
    if (inbound.mode === 'plain') {
      return parseInbound(CONFIG, { body: reply.body, query: plainQuery(CONFIG, timestamp, '1') }, now)
    }
    const envelope: Record<string, unknown> =
      inbound.format === 'json' ? JSON.parse(reply.body) : xmlParser.parse(reply.body).xml
    const query = {
      timestamp: String(envelope.TimeStamp),
      nonce: String(envelope.Nonce),
      msg_signature: String(envelope.MsgSignature),
      encrypt_type: 'aes',
    }
    return parseInbound(CONFIG, { body: reply.body, query }, now)
  }

  it('builds the documented text reply XML, To and From swapped, and it parses back', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/product/message/Passive_user_reply_message.html
    // 回复文本消息: <xml> ToUserName FromUserName CreateTime MsgType Content </xml>.
    const inbound = xmlInbound()
    const reply = buildTextReply(CONFIG, inbound, text, opts)
    expect(reply).toEqual({
      contentType: 'application/xml; charset=utf-8',
      body:
        '<xml><ToUserName><![CDATA[fromUser]]></ToUserName><FromUserName><![CDATA[toUser]]></FromUserName>' +
        `<CreateTime>${DOC_TEXT_TIME + 2}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
        `<Content><![CDATA[${text}]]></Content></xml>`,
    })
    expect(parseReply(reply, inbound)).toMatchObject({
      toUserName: 'fromUser',
      fromUserName: 'toUser',
      createTime: DOC_TEXT_TIME + 2,
      msgType: 'text',
      content: text,
    })
  })

  it('builds a JSON reply with the same field names', () => {
    const inbound = parseInbound(
      CONFIG,
      { body: DOC_TEXT_JSON, query: plainQuery(CONFIG, String(DOC_TEXT_TIME), '1') },
      at(DOC_TEXT_TIME),
    )
    const reply = buildTextReply(CONFIG, inbound, text, opts)
    expect(reply.contentType).toBe('application/json; charset=utf-8')
    expect(JSON.parse(reply.body)).toEqual({
      ToUserName: 'fromUser',
      FromUserName: 'toUser',
      CreateTime: DOC_TEXT_TIME + 2,
      MsgType: 'text',
      Content: text,
    })
    expect(parseReply(reply, inbound)).toMatchObject({ format: 'json', content: text })
  })

  it('wraps a safe-mode XML reply whose MsgSignature verifies and whose Encrypt decrypts', () => {
    const push = aesPush(CONFIG, 'xml', DOC_TEXT_XML, String(DOC_TEXT_TIME), '99')
    const inbound = parseInbound(CONFIG, push, at(DOC_TEXT_TIME))
    const reply = buildTextReply(CONFIG, inbound, text, opts)
    expect(reply.contentType).toBe('application/xml; charset=utf-8')
    expect(reply.body).toMatch(
      /^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature><TimeStamp>\d+<\/TimeStamp><Nonce><!\[CDATA\[1320562132\]\]><\/Nonce><\/xml>$/,
    )
    const envelope = xmlParser.parse(reply.body).xml
    expect(envelope.TimeStamp).toBe(String(DOC_TEXT_TIME + 2))
    expect(msgSignature(CONFIG.token, envelope.TimeStamp, envelope.Nonce, envelope.Encrypt)).toBe(
      envelope.MsgSignature,
    )
    expect(decrypt(CONFIG, envelope.Encrypt)).toBe(
      buildTextReply(CONFIG, { ...inbound, mode: 'plain' }, text, opts).body,
    )
    expect(parseReply(reply, inbound)).toMatchObject({
      format: 'xml',
      mode: 'aes',
      toUserName: 'fromUser',
      content: text,
    })
  })

  it('wraps a safe-mode JSON reply as the documented Encrypt, MsgSignature, TimeStamp, Nonce', () => {
    // https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md
    // 最终回包: TimeStamp a number, Nonce a string.
    const push = aesPush(CONFIG, 'json', DOC_TEXT_JSON, String(DOC_TEXT_TIME), '99')
    const inbound = parseInbound(CONFIG, push, at(DOC_TEXT_TIME))
    const reply = buildTextReply(CONFIG, inbound, text, opts)
    expect(reply.contentType).toBe('application/json; charset=utf-8')
    const envelope = JSON.parse(reply.body)
    expect(Object.keys(envelope)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'])
    expect(envelope.TimeStamp).toBe(DOC_TEXT_TIME + 2)
    expect(envelope.Nonce).toBe('1320562132')
    expect(msgSignature(CONFIG.token, String(envelope.TimeStamp), envelope.Nonce, envelope.Encrypt)).toBe(
      envelope.MsgSignature,
    )
    expect(JSON.parse(decrypt(CONFIG, envelope.Encrypt))).toEqual({
      ToUserName: 'fromUser',
      FromUserName: 'toUser',
      CreateTime: DOC_TEXT_TIME + 2,
      MsgType: 'text',
      Content: text,
    })
    expect(parseReply(reply, inbound)).toMatchObject({ format: 'json', mode: 'aes', content: text })
  })

  it('splits ]]> across CDATA sections and drops characters XML cannot hold', () => {
    const reply = buildTextReply(CONFIG, xmlInbound(), 'a]]>b\u0000c\uD800', opts)
    expect(reply.body).toContain('<Content><![CDATA[a]]]]><![CDATA[>bc]]></Content>')
    expect(parseReply(reply, xmlInbound()).content).toBe('a]]>bc')
  })

  it('any text of markup characters survives the XML reply', () => {
    const tricky = fc.string({
      unit: fc.constantFrom(']', ']]>', '>', '<', '&', '[', '<![CDATA[', '中', ' ', '\n', 'a'),
    })
    fc.assert(
      fc.property(tricky, (t) => {
        expect(parseReply(buildTextReply(CONFIG, xmlInbound(), t, opts), xmlInbound()).content).toBe(t)
      }),
    )
  })

  it('answers "success" to pushes that need no reply', () => {
    expect(WECHAT_SUCCESS).toBe('success')
  })
})
