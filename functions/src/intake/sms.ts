/**
 * Inbound SMS adapters: each provider's exact payload parsed with zod into one `InboundSms`,
 * and each provider's exact acknowledgement. No I/O: the HTTP routes and the SNS handler call these.
 *
 * Fields a provider sends that we do not use (AWS `destinationNumber`, `messageKeyword`,
 * `previousPublishedMessageId`; Tencent `extend`, `sign`; Aliyun `dest_code`, `sign_name`) are not
 * validated: a change in them must not make us refuse, and so lose, a citizen's message.
 * A rejected payload throws `InboundPayloadError`, whose message names the field and the problem,
 * never the value (it may be a phone number or the text).
 */

import { createHash } from 'node:crypto'
import { normalizeMainlandMobile } from '@hotline/domain'
import { z } from 'zod'
import type { InboundSms } from './ports'

/** A mainland China mobile number, 11 digits. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/

/** Longest accepted message text, in characters (code points), after trimming. */
export const MAX_TEXT_CHARS = 2000

/** Most items accepted in one Aliyun batch push. */
export const MAX_ALIYUN_BATCH = 1000

/** A payload we refuse; `field` is the path of the bad field (`mobile`, `0.sequence_id`, `(body)`). */
export class InboundPayloadError extends Error {
  override readonly name = 'InboundPayloadError'
  readonly field: string
  readonly problem: string

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.field = field
    this.problem = problem
  }
}

export { maskPhone, normalizeMainlandMobile } from '@hotline/domain'

// ---------------------------------------------------------------------------------------------
// Shared field schemas

const SmsText = z
  .string()
  .trim()
  .min(1, 'empty')
  .refine((text) => Array.from(text).length <= MAX_TEXT_CHARS, `longer than ${MAX_TEXT_CHARS} characters`)

const PhoneField = z.string().trim().min(1, 'empty').max(32, 'longer than 32 characters')

const IdField = z.string().trim().min(1, 'empty').max(128, 'longer than 128 characters')

// ---------------------------------------------------------------------------------------------
// AWS End User Messaging two-way SMS, delivered as the `Message` of an SNS notification.
// https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html

/** The two-way SMS payload (the fields we use). */
export const AwsTwoWayPayload = z.object({
  /** The customer's number, E.164 (`+8613812345678`). */
  originationNumber: PhoneField,
  messageBody: SmsText,
  /** The unique identifier for the incoming message. */
  inboundMessageId: IdField,
})
export type AwsTwoWayPayload = z.infer<typeof AwsTwoWayPayload>

const SnsTimestamp = z.iso.datetime({ offset: true, error: 'expected an ISO-8601 date-time' })

/**
 * One AWS two-way SMS: `message` is the SNS record's `Sns.Message` (a JSON string), `snsTimestamp`
 * its `Sns.Timestamp`, which becomes `receivedAt` (the payload itself carries no time).
 */
export function parseAwsInbound(message: string, snsTimestamp: string): InboundSms {
  let json: unknown
  try {
    json = JSON.parse(message)
  } catch {
    throw new InboundPayloadError('(body)', 'not JSON')
  }
  const payload = parseWith(AwsTwoWayPayload, json)
  const timestamp = parseWith(SnsTimestamp, snsTimestamp, ['Timestamp'])
  return {
    provider: 'aws',
    messageId: payload.inboundMessageId,
    from: normalizeMainlandMobile(payload.originationNumber),
    rawFrom: payload.originationNumber,
    text: payload.messageBody,
    receivedAt: toIso(Date.parse(timestamp), 'Timestamp'),
  }
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud SMS reply callback (短信回复回调): POST JSON, one reply per request.
// https://cloud.tencent.com/document/api/382/5809

/** The latest instant whose ISO form has a 4-digit year: 9999-12-31T23:59:59Z, in seconds. */
const MAX_UNIX_SECONDS = 253_402_300_799

/** The reply callback body (the fields we use). */
export const TencentReplyBody = z.object({
  /** 手机号码. Digits, maybe with `+`, spaces or dashes; never `|`, which the digest joins on. */
  mobile: PhoneField.regex(/^[0-9+\- ]+$/, 'expected digits'),
  /** 国家（或地区）码, `86` for the mainland. */
  nationcode: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'expected 1 to 4 digits'),
  /** 用户回复的内容. */
  text: SmsText,
  /** UNIX 时间戳（单位：秒）. */
  time: z.int('expected whole seconds').min(0, 'negative').max(MAX_UNIX_SECONDS, 'too far in the future'),
})
export type TencentReplyBody = z.infer<typeof TencentReplyBody>

/** The acknowledgement Tencent expects for an accepted reply (HTTP 200). */
export const TENCENT_ACK = Object.freeze({ result: 0, errmsg: 'OK' } as const)

/** The body for a refused reply, sent with HTTP 400: `tencentError(error.message)`. */
export function tencentError(message: string): { result: 1; errmsg: string } {
  return { result: 1, errmsg: message }
}

/**
 * One Tencent reply. Tencent sends no message id, so the id is a digest of the four fields a
 * repeated delivery repeats: `tencent:` + hex sha256 of `nationcode|mobile|time|text` (trimmed).
 */
export function parseTencentInbound(body: unknown): InboundSms {
  const reply = parseWith(TencentReplyBody, body)
  const digest = createHash('sha256')
    .update(`${reply.nationcode}|${reply.mobile}|${reply.time}|${reply.text}`, 'utf8')
    .digest('hex')
  return {
    provider: 'tencent',
    messageId: `tencent:${digest}`,
    from: reply.nationcode === '86' ? normalizeMainlandMobile(reply.mobile) : null,
    // The country code travels apart from the number: join them so a foreign sender keeps it.
    rawFrom: `+${reply.nationcode}${reply.mobile}`,
    text: reply.text,
    receivedAt: toIso(reply.time * 1000, 'time'),
  }
}

// ---------------------------------------------------------------------------------------------
// Alibaba Cloud SmsUp, HTTP batch push (HTTP批量推送): POST JSON array of replies.
// https://help.aliyun.com/zh/sms/developer-reference/smsup-http
// (older page, `sequence_id` a Number and `sign_name` present: https://help.aliyun.com/knowledge_detail/60127.html)

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000

/** `YYYY-MM-DD HH:mm:ss` in Beijing time (UTC+8), as a UTC ISO string. */
const BeijingDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DD HH:mm:ss')
  .transform((value, ctx) => {
    const [y, mo, d, h, mi, s] = (value.match(/\d+/g) ?? []).map(Number)
    const wall = Date.UTC(y ?? 0, (mo ?? 0) - 1, d, h, mi, s)
    const check = new Date(wall)
    const valid =
      check.getUTCFullYear() === y &&
      check.getUTCMonth() + 1 === mo &&
      check.getUTCDate() === d &&
      check.getUTCHours() === h &&
      check.getUTCMinutes() === mi &&
      check.getUTCSeconds() === s
    if (!valid) {
      ctx.issues.push({ code: 'custom', message: 'not a calendar date and time', input: value })
      return z.NEVER
    }
    return new Date(wall - BEIJING_OFFSET_MS).toISOString()
  })

/** One pushed reply (the fields we use). `sequence_id` is a Number in one version of the doc, a String in the other. */
export const AliyunSmsUpItem = z.object({
  /** 手机号码. */
  phone_number: PhoneField,
  /** 发送内容. */
  content: SmsText,
  /** 运营商推送上行时间, Beijing time; parsed to UTC ISO. */
  send_time: BeijingDateTime,
  /**
   * 序列号; kept as a string either way. Any text is a safe dedupe id (keys hold its digest), so
   * only an empty or absurdly long one is refused: a stricter rule would only lose messages.
   */
  sequence_id: z.union(
    [
      z.int().min(0).transform(String),
      z.string().trim().min(1, 'empty').max(4096, 'longer than 4096 characters'),
    ],
    { error: 'expected a number or a string' },
  ),
})
export type AliyunSmsUpItem = z.infer<typeof AliyunSmsUpItem>

const AliyunBatch = z
  .array(z.unknown(), { error: 'expected a JSON array' })
  .max(MAX_ALIYUN_BATCH, `more than ${MAX_ALIYUN_BATCH} items`)

/** The acknowledgement Aliyun expects for an accepted batch (HTTP 200). */
export const ALIYUN_ACK = Object.freeze({ code: 0, msg: '接收成功' } as const)

/**
 * The body for a refused batch, sent with HTTP 400 (Aliyun retries any non-200):
 * `aliyunError(error.message)`, the message naming the field.
 */
export function aliyunError(message: string): { code: 1; msg: string } {
  return { code: 1, msg: message }
}

/** One batch: the replies it carries, and the items refused (each naming `<index>.<field>`). */
export type AliyunBatchResult = { messages: InboundSms[]; rejected: InboundPayloadError[] }

/**
 * Every reply in one Aliyun batch push; an empty batch is valid. A body that is not a batch is
 * refused whole (`InboundPayloadError`); a bad item is refused alone, so the good ones beside it
 * are stored whatever Aliyun does with the answer.
 */
export function parseAliyunInbound(body: unknown): AliyunBatchResult {
  const batch = parseWith(AliyunBatch, body)
  const result: AliyunBatchResult = { messages: [], rejected: [] }
  for (const [index, raw] of batch.entries()) {
    try {
      const item = parseWith(AliyunSmsUpItem, raw, [String(index)])
      result.messages.push({
        provider: 'aliyun',
        messageId: `aliyun:${item.sequence_id}`,
        from: normalizeMainlandMobile(item.phone_number),
        rawFrom: item.phone_number,
        text: item.content,
        receivedAt: item.send_time,
      })
    } catch (err) {
      if (!(err instanceof InboundPayloadError)) throw err
      result.rejected.push(err)
    }
  }
  return result
}

// ---------------------------------------------------------------------------------------------

/** `schema.parse(value)`, its first issue thrown as an `InboundPayloadError` (path under `prefix`). */
function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = [...prefix, ...(issue?.path ?? []).map(String)].join('.') || '(body)'
  throw new InboundPayloadError(field, issue?.message ?? 'invalid')
}

function toIso(epochMs: number, field: string): string {
  const date = new Date(epochMs)
  if (Number.isNaN(date.getTime())) throw new InboundPayloadError(field, 'not a valid instant')
  return date.toISOString()
}
