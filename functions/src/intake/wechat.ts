/**
 * WeChat message push (公众号 and 小程序 消息推送, one protocol): URL verification, signatures,
 * WXBizMsgCrypt safe mode (AES), one canonical shape for an inbound push in XML or JSON, and the
 * passive text reply in the same format and mode.
 *
 * Pure: no I/O, no environment, no clock. Callers pass `now`, the reply nonce and the 16 random
 * bytes (`crypto.randomBytes(16)`), so every output is reproducible in tests.
 *
 * Protocol: https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md and
 * https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { sameSecret } from '../auth/same-secret'

/** One account's push settings (微信开发者平台 → 消息推送): Token, EncodingAESKey and the AppID. */
export type WeChatConfig = { token: string; encodingAesKey: string; appId: string }

/** The request did not come from WeChat: bad or missing signature, or a stale timestamp. */
export class WeChatSignatureError extends Error {
  override readonly name = 'WeChatSignatureError'
}

/** The push is authentic-looking but unusable; `field` names what is wrong (`FromUserName`, `body`, …). */
export class WeChatPayloadError extends Error {
  override readonly name = 'WeChatPayloadError'
  readonly field: string

  constructor(field: string, message = `invalid WeChat push: ${field}`) {
    super(message)
    this.field = field
  }
}

/** Our own settings are wrong (an EncodingAESKey that is not 43 base64 characters): a 500, not a 4xx. */
export class WeChatConfigError extends Error {
  override readonly name = 'WeChatConfigError'
}

/** The reply to a push that needs none; WeChat then neither retries nor shows an error to the user. */
export const WECHAT_SUCCESS = 'success'

/** Largest body we accept, in UTF-8 bytes. */
export const WECHAT_MAX_BODY_BYTES = 64 * 1024

/** How far `timestamp` may be from `now`, either way, before we call the push a replay. */
export const WECHAT_REPLAY_WINDOW_SECONDS = 300

/** WeChat pads to 32-byte blocks (PKCS#7 with K = 32), not to AES's 16. */
const PAD_BLOCK = 32

// --- signatures -------------------------------------------------------------------------------

function sha1OfSorted(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex')
}

/**
 * Checks the `signature` query parameter: sha1 of the sorted, concatenated [token, timestamp, nonce].
 *
 * @example verifySignature('AAAAA', '1714037059', '486452656', '899cf89e464efb63f54ddac96b0a0a235f53aa78') // true
 */
export function verifySignature(token: string, timestamp: string, nonce: string, signature: string): boolean {
  return sameSecret(signature, sha1OfSorted([token, timestamp, nonce]))
}

/** The query of WeChat's GET that verifies the push URL. */
export type WeChatUrlQuery = { signature?: string; timestamp?: string; nonce?: string; echostr?: string }

/**
 * Answers WeChat's GET URL verification: returns `echostr` (the whole response body) when the
 * signature matches; throws `WeChatSignatureError` when it does not or a parameter is missing.
 */
export function verifyUrl(config: WeChatConfig, query: WeChatUrlQuery): string {
  const { signature, timestamp, nonce, echostr } = query
  if (!signature || !timestamp || !nonce || !echostr) {
    throw new WeChatSignatureError('URL verification needs signature, timestamp, nonce and echostr')
  }
  if (!verifySignature(config.token, timestamp, nonce, signature)) {
    throw new WeChatSignatureError('URL verification signature does not match')
  }
  return echostr
}

/** The safe-mode message signature (`msg_signature`, `MsgSignature`): sha1 of sorted [token, timestamp, nonce, encrypt]. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1OfSorted([token, timestamp, nonce, encrypt])
}

// --- AES safe mode (WXBizMsgCrypt) -----------------------------------------------------------

function aesKey(config: WeChatConfig): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(config.encodingAesKey)) {
    throw new WeChatConfigError('EncodingAESKey must be 43 base64 characters')
  }
  const key = Buffer.from(`${config.encodingAesKey}=`, 'base64')
  if (key.length !== 32) throw new WeChatConfigError('EncodingAESKey must decode to 32 bytes')
  return key
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Encrypts `message` for WeChat: AES-256-CBC (key = base64(EncodingAESKey + '='), IV = its first
 * 16 bytes) over random16 ‖ length (4 bytes, big-endian) ‖ message ‖ appId, PKCS#7-padded to 32.
 * Returns the base64 `Encrypt` value. Pass `crypto.randomBytes(16)` as `random16`.
 */
export function encrypt(config: WeChatConfig, message: string, random16: Buffer): string {
  if (random16.length !== 16) throw new RangeError('random16 must be 16 bytes')
  const key = aesKey(config)
  const msg = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(msg.length, 0)
  const plain = Buffer.concat([random16, length, msg, Buffer.from(config.appId, 'utf8')])
  const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])),
    cipher.final(),
  ]).toString('base64')
}

/**
 * Decrypts an `Encrypt` value and returns the message. Throws `WeChatPayloadError('Encrypt')` when
 * the ciphertext, padding, length or UTF-8 is wrong, and `WeChatPayloadError('AppId')` when the
 * trailing AppID is not `config.appId`. Check `msg_signature` first: this alone authenticates nothing.
 */
export function decrypt(config: WeChatConfig, encrypted: string): string {
  const key = aesKey(config)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted))
    throw new WeChatPayloadError('Encrypt', 'Encrypt is not base64')
  const data = Buffer.from(encrypted, 'base64')
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new WeChatPayloadError('Encrypt', 'Encrypt is not a whole number of AES blocks')
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(data), decipher.final()])

  const padLength = padded[padded.length - 1] ?? 0
  if (padLength < 1 || padLength > PAD_BLOCK || padded.subarray(-padLength).some((b) => b !== padLength)) {
    throw new WeChatPayloadError('Encrypt', 'Encrypt has bad padding')
  }
  const plain = padded.subarray(0, padded.length - padLength)
  if (plain.length < 20) throw new WeChatPayloadError('Encrypt', 'Encrypt is too short')
  const msgLength = plain.readUInt32BE(16)
  if (msgLength > plain.length - 20)
    throw new WeChatPayloadError('Encrypt', 'Encrypt has a bad message length')

  const appId = plain.subarray(20 + msgLength)
  if (!appId.equals(Buffer.from(config.appId, 'utf8'))) {
    throw new WeChatPayloadError('AppId', 'Encrypt is for another AppID')
  }
  try {
    return utf8.decode(plain.subarray(20, 20 + msgLength))
  } catch {
    throw new WeChatPayloadError('Encrypt', 'Encrypt is not UTF-8')
  }
}

// --- inbound ---------------------------------------------------------------------------------

/** One inbound push in canonical form, whatever its format and mode. */
export type WeChatInbound = {
  format: 'xml' | 'json'
  mode: 'plain' | 'aes'
  /** The account's original id (`gh_…`). */
  toUserName: string
  /** The user's openid. */
  fromUserName: string
  /** Unix seconds. */
  createTime: number
  /** `text`, `image`, `event`, … */
  msgType: string
  /** Text messages. */
  content?: string
  /** Always a string, exact even where JSON carried a 64-bit number. */
  msgId?: string
  event?: string
  /** `msgId` when present, else `${fromUserName}:${createTime}:${event ?? msgType}` (WeChat's rule for events). */
  dedupeKey: string
}

/** The query WeChat puts on a push's POST. */
export type WeChatPushQuery = {
  signature?: string
  timestamp?: string
  nonce?: string
  encrypt_type?: string
  msg_signature?: string
}

export type WeChatPushInput = { body: string; contentType?: string; query: WeChatPushQuery }

/** The fields of a message every format shares; the first bad one names the `WeChatPayloadError`. */
const MessageFields = z.object({
  // An account id is `gh_` and 12 characters, an openid 28: anything near 128 is not WeChat's.
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().min(1).max(128),
  CreateTime: z.union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ]),
  MsgType: z.string().min(1),
  Content: z.string().optional(),
  // A 64-bit integer: at most 20 digits.
  MsgId: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).optional(),
  Event: z.string().optional(),
})

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Ids stay strings: `<MsgId>` is 64-bit and `<CreateTime>` is read by the schema.
  parseTagValue: false,
  // The five XML entities in text outside CDATA; WeChat sends text in CDATA, which is kept verbatim.
  processEntities: true,
  htmlEntities: false,
})

/**
 * Parses, authenticates and canonicalizes one POSTed push.
 *
 * Plain mode checks `signature`; `encrypt_type=aes` checks `msg_signature` over the body's `Encrypt`,
 * decrypts it and parses the inner message (same format as the outer one). Either way `timestamp`
 * must be within 300 s of `now`. Throws `WeChatSignatureError` (not from WeChat, or a replay) or
 * `WeChatPayloadError` naming the bad field (`body` for a body over 64 KiB or not XML/JSON).
 *
 * @example
 * const inbound = parseInbound(config, { body, contentType, query: c.req.query() }, new Date())
 */
export function parseInbound(config: WeChatConfig, input: WeChatPushInput, now: Date): WeChatInbound {
  const { body, query } = input
  if (Buffer.byteLength(body, 'utf8') > WECHAT_MAX_BODY_BYTES) {
    throw new WeChatPayloadError('body', `body is over ${WECHAT_MAX_BODY_BYTES} bytes`)
  }
  const { timestamp, nonce } = query
  if (!timestamp || !nonce) throw new WeChatSignatureError('push needs timestamp and nonce')
  assertFresh(timestamp, now)

  const format = detectFormat(body, input.contentType)
  const mode = modeOf(query.encrypt_type)
  if (mode === 'plain') {
    if (!query.signature || !verifySignature(config.token, timestamp, nonce, query.signature)) {
      throw new WeChatSignatureError('signature does not match')
    }
    return toInbound(format, mode, parseFields(format, body))
  }

  // The signature covers `Encrypt`, so it is found before anything is parsed: by one bounded
  // pattern on the text. Nothing an unsigned sender writes reaches a parser.
  const Encrypt = findEncrypt(format, body)
  if (
    !Encrypt ||
    !query.msg_signature ||
    !sameSecret(query.msg_signature, msgSignature(config.token, timestamp, nonce, Encrypt))
  ) {
    throw new WeChatSignatureError('msg_signature does not match')
  }
  const envelope = z.object({ Encrypt: z.literal(Encrypt) }).safeParse(parseFields(format, body))
  if (!envelope.success) throw new WeChatPayloadError('Encrypt', 'safe-mode push has no single Encrypt')
  return toInbound(format, mode, parseFields(format, decrypt(config, Encrypt)))
}

/**
 * The `Encrypt` value of a safe-mode envelope, read without parsing: `<Encrypt><![CDATA[…]]></Encrypt>`
 * (or without CDATA) in XML, `"Encrypt": "…"` in JSON; base64 only. The envelope is parsed after
 * the signature matched, and must then hold this very value.
 */
function findEncrypt(format: 'xml' | 'json', body: string): string | null {
  if (format === 'json') {
    // JSON may escape `/` as `\/`; what is signed is the string's value.
    const match = /"Encrypt"\s*:\s*"((?:[A-Za-z0-9+=]|\\?\/){1,65536})"/.exec(body)
    return match?.[1]?.replaceAll('\\/', '/') ?? null
  }
  const match =
    /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]{1,65536})\]\]>|([A-Za-z0-9+/=]{1,65536}))\s*<\/Encrypt>/.exec(
      body,
    )
  return match?.[1] ?? match?.[2] ?? null
}

function assertFresh(timestamp: string, now: Date): void {
  const nowSeconds = Math.floor(now.getTime() / 1000)
  if (!Number.isFinite(nowSeconds)) throw new RangeError('now is not a valid date')
  if (!/^\d{1,12}$/.test(timestamp)) throw new WeChatSignatureError('timestamp is not unix seconds')
  // Written so that NaN fails too.
  if (!(Math.abs(nowSeconds - Number(timestamp)) <= WECHAT_REPLAY_WINDOW_SECONDS)) {
    throw new WeChatSignatureError(`timestamp is more than ${WECHAT_REPLAY_WINDOW_SECONDS} s from now`)
  }
}

function modeOf(encryptType: string | undefined): 'plain' | 'aes' {
  if (encryptType === undefined || encryptType === '' || encryptType === 'raw') return 'plain'
  if (encryptType === 'aes') return 'aes'
  throw new WeChatPayloadError('encrypt_type', `unknown encrypt_type ${JSON.stringify(encryptType)}`)
}

function detectFormat(body: string, contentType: string | undefined): 'xml' | 'json' {
  if (body.trim().startsWith('{')) return 'json'
  return contentType?.toLowerCase().includes('json') ? 'json' : 'xml'
}

/** The top-level fields of a message, before the schema; throws `WeChatPayloadError('body')` if unreadable. */
function parseFields(format: 'xml' | 'json', text: string): Record<string, unknown> {
  return format === 'json' ? parseJsonFields(text) : parseXmlFields(text)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJsonFields(text: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text.trim())
  } catch {
    throw new WeChatPayloadError('body', 'body is not JSON')
  }
  if (!isRecord(parsed)) throw new WeChatPayloadError('body', 'body is not a JSON object')
  const msgId = parsed.MsgId
  if (typeof msgId === 'number' && Number.isInteger(msgId) && !Number.isSafeInteger(msgId)) {
    return { ...parsed, MsgId: exactMsgId(text, msgId) }
  }
  return parsed
}

/**
 * `MsgId` is a 64-bit integer that JSON.parse rounds; read its digits from the text instead, taking
 * the one `"MsgId": digits` whose value is the number JSON.parse saw.
 */
function exactMsgId(text: string, parsed: number): string {
  const candidates = new Set<string>()
  for (const match of text.matchAll(/(?<!\\)"MsgId"\s*:\s*(\d+)\s*[,}]/g)) {
    const digits = match[1]
    if (digits !== undefined && Number(digits) === parsed) candidates.add(digits)
  }
  const [only, ...others] = candidates
  if (only === undefined || others.length > 0)
    throw new WeChatPayloadError('MsgId', 'MsgId cannot be read exactly')
  return only
}

/** The deepest element nesting a WeChat message has is 4 (`<xml><SendPicsInfo><PicList><item>`); a little room beyond. */
export const WECHAT_MAX_XML_DEPTH = 8

/**
 * What stops `text` before a parser sees it: elements nested deeper than `limit` (a document nested
 * thousands deep would overflow a recursive validator's or parser's stack), or markup never closed.
 * One forward pass over the tags in linear time — CDATA, comments, processing instructions and
 * declarations skipped whole, quoted attribute values skipped (`<a b="/>">` is a start tag) — so
 * no input makes it slow.
 */
function xmlNestingProblem(text: string, limit: number): string | null {
  const skipPast = (from: number, end: string) => {
    const at = text.indexOf(end, from)
    return at === -1 ? -1 : at + end.length
  }
  let depth = 0
  let i = text.indexOf('<')
  while (i !== -1) {
    let next: number
    if (text.startsWith('<![CDATA[', i)) next = skipPast(i + 9, ']]>')
    else if (text.startsWith('<!--', i)) next = skipPast(i + 4, '-->')
    else if (text.startsWith('<?', i)) next = skipPast(i + 2, '?>')
    else if (text.startsWith('<!', i) || text.startsWith('</', i)) {
      next = skipPast(i + 2, '>')
      if (next !== -1 && text[i + 1] === '/') depth--
    } else {
      let quote = ''
      let j = i + 1
      for (; j < text.length; j++) {
        const ch = text[j]
        if (quote) {
          if (ch === quote) quote = ''
        } else if (ch === '"' || ch === "'") quote = ch
        else if (ch === '>') break
      }
      next = j < text.length ? j + 1 : -1
      if (next !== -1 && text[j - 1] !== '/' && ++depth > limit)
        return `body nests elements more than ${limit} deep`
    }
    if (next === -1) return 'body has markup that is never closed'
    i = text.indexOf('<', next)
  }
  return null
}

function parseXmlFields(text: string): Record<string, unknown> {
  // WeChat never sends a DTD; refusing one closes the door on entity expansion.
  if (/<!DOCTYPE/i.test(text)) throw new WeChatPayloadError('body', 'body has a DOCTYPE')
  const nesting = xmlNestingProblem(text, WECHAT_MAX_XML_DEPTH)
  if (nesting) throw new WeChatPayloadError('body', nesting)
  let doc: unknown
  try {
    if (XMLValidator.validate(text) !== true) throw new Error('not well-formed')
    doc = xmlParser.parse(text)
  } catch {
    // Whatever the library throws on a document it cannot read is the sender's fault: a 400.
    throw new WeChatPayloadError('body', 'body is not well-formed XML')
  }
  const root = isRecord(doc) ? doc.xml : undefined
  if (root === '') return {}
  if (!isRecord(root)) throw new WeChatPayloadError('body', 'body is not an <xml> message')
  return root
}

function toInbound(
  format: 'xml' | 'json',
  mode: 'plain' | 'aes',
  fields: Record<string, unknown>,
): WeChatInbound {
  const result = MessageFields.safeParse(fields)
  if (!result.success) {
    const field = String(result.error.issues[0]?.path[0] ?? 'body')
    throw new WeChatPayloadError(field, `missing or invalid ${field}`)
  }
  const m = result.data
  const msgId = m.MsgId === undefined ? undefined : String(m.MsgId)
  return {
    format,
    mode,
    toUserName: m.ToUserName,
    fromUserName: m.FromUserName,
    createTime: m.CreateTime,
    msgType: m.MsgType,
    ...(m.Content === undefined ? {} : { content: m.Content }),
    ...(msgId === undefined ? {} : { msgId }),
    ...(m.Event === undefined ? {} : { event: m.Event }),
    dedupeKey: msgId ?? `${m.FromUserName}:${m.CreateTime}:${m.Event ?? m.MsgType}`,
  }
}

// --- reply -----------------------------------------------------------------------------------

/** An HTTP response body for WeChat and its content type. */
export type WeChatReply = { contentType: string; body: string }

const XML_CONTENT_TYPE = 'application/xml; charset=utf-8'
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** A CDATA section holding `text`: `]]>` is split across two sections; characters XML 1.0 forbids are dropped. */
function cdata(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
  const legal = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu, '')
  return `<![CDATA[${legal.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

/**
 * The passive text reply (被动回复 文本消息) to `inbound`, in its format and mode: To/From swapped,
 * `CreateTime` = `now`. In safe mode the message is encrypted and wrapped with `Encrypt`,
 * `MsgSignature`, `TimeStamp` and `Nonce` (pass the push's own nonce or a fresh one).
 *
 * @example
 * const reply = buildTextReply(config, inbound, '已受理', { now: new Date(), nonce, random16: randomBytes(16) })
 * return c.body(reply.body, 200, { 'content-type': reply.contentType })
 */
export function buildTextReply(
  config: WeChatConfig,
  inbound: WeChatInbound,
  text: string,
  opts: { now: Date; nonce: string; random16: Buffer },
): WeChatReply {
  const createTime = Math.floor(opts.now.getTime() / 1000)
  if (!Number.isFinite(createTime)) throw new RangeError('now is not a valid date')
  const json = inbound.format === 'json'
  const message = json
    ? JSON.stringify({
        ToUserName: inbound.fromUserName,
        FromUserName: inbound.toUserName,
        CreateTime: createTime,
        MsgType: 'text',
        Content: text,
      })
    : `<xml><ToUserName>${cdata(inbound.fromUserName)}</ToUserName><FromUserName>${cdata(inbound.toUserName)}</FromUserName>` +
      `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content></xml>`
  const contentType = json ? JSON_CONTENT_TYPE : XML_CONTENT_TYPE
  if (inbound.mode === 'plain') return { contentType, body: message }

  const encrypted = encrypt(config, message, opts.random16)
  const signature = msgSignature(config.token, String(createTime), opts.nonce, encrypted)
  const body = json
    ? JSON.stringify({
        Encrypt: encrypted,
        MsgSignature: signature,
        TimeStamp: createTime,
        Nonce: opts.nonce,
      })
    : `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
      `<TimeStamp>${createTime}</TimeStamp><Nonce>${cdata(opts.nonce)}</Nonce></xml>`
  return { contentType, body }
}
