import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { InboundSms } from '../src/intake/ports'
import {
  ALIYUN_ACK,
  aliyunError,
  InboundPayloadError,
  maskPhone,
  normalizeMainlandMobile,
  parseAliyunInbound,
  parseAwsInbound,
  parseTencentInbound,
  TENCENT_ACK,
  tencentError,
} from '../src/intake/sms'

/** The error `fn` throws, asserted to be an `InboundPayloadError`. */
function payloadError(fn: () => unknown): InboundPayloadError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InboundPayloadError)
    return error as InboundPayloadError
  }
  throw new Error('expected an InboundPayloadError, nothing was thrown')
}

/** `true` for an `InboundPayloadError` (a property may throw that); any other throw fails the property. */
function onlyPayloadErrors(fn: () => unknown): boolean {
  try {
    fn()
    return true
  } catch (error) {
    if (error instanceof InboundPayloadError) return true
    throw error
  }
}

describe('normalizeMainlandMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['  19912345678 ', '19912345678'],
    ['12812345678', null], // second digit 2: not a mobile prefix
    ['1381234567', null], // 10 digits
    ['138123456789', null], // 12 digits
    ['+14255550182', null], // a US number (the AWS doc example)
    ['+85291234567', null], // Hong Kong
    ['010-12345678', null], // a Beijing landline
    ['1381111****', null], // a masked number
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeMainlandMobile(raw)).toBe(expected)
  })

  it('reads every accepted spelling of any mainland number as that number', () => {
    const mobile = fc
      .tuple(
        fc.integer({ min: 3, max: 9 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
      )
      .map(([second, rest]) => `1${second}${rest}`)
    fc.assert(
      fc.property(mobile, (n) => {
        const spaced = `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`
        const dashed = `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`
        for (const raw of [n, `+86${n}`, `86${n}`, `+86 ${dashed}`, `0086 ${spaced}`]) {
          expect(normalizeMainlandMobile(raw)).toBe(n)
        }
      }),
    )
  })
})

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+14255550182', '+14****0182'],
    ['1234567', '*******'],
    ['', ''],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })
})

describe('AWS End User Messaging two-way SMS (SNS message)', () => {
  // The documented example, verbatim:
  // https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
  const documented = {
    originationNumber: '+14255550182',
    destinationNumber: '+12125550101',
    messageKeyword: 'JOIN',
    messageBody: 'EXAMPLE',
    inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
    previousPublishedMessageId: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  }
  // The SNS record's Timestamp in the Lambda docs' example SNS event:
  // https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
  const snsTimestamp = '2019-01-02T12:45:07.000Z'

  it('parses the documented payload to the canonical message (a US sender: from is null)', () => {
    expect(parseAwsInbound(JSON.stringify(documented), snsTimestamp)).toEqual<InboundSms>({
      provider: 'aws',
      messageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      from: null,
      rawFrom: '+14255550182',
      text: 'EXAMPLE',
      receivedAt: '2019-01-02T12:45:07.000Z',
    })
  })

  it('normalizes a mainland sender and a timestamp with an offset', () => {
    // The documented example with originationNumber changed to a mainland mobile in E.164 and a Chinese reply.
    const mainland = { ...documented, originationNumber: '+8613812345678', messageBody: ' 1 ' }
    expect(parseAwsInbound(JSON.stringify(mainland), '2019-01-02T20:45:07+08:00')).toEqual<InboundSms>({
      provider: 'aws',
      messageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      from: '13812345678',
      rawFrom: '+8613812345678',
      text: '1',
      receivedAt: '2019-01-02T12:45:07.000Z',
    })
  })

  it.each([
    ['not JSON', 'Hello from SNS!', snsTimestamp, '(body)'],
    ['a JSON array', '[]', snsTimestamp, '(body)'],
    [
      'no inboundMessageId',
      JSON.stringify({ ...documented, inboundMessageId: undefined }),
      snsTimestamp,
      'inboundMessageId',
    ],
    [
      'a numeric originationNumber',
      JSON.stringify({ ...documented, originationNumber: 14255550182 }),
      snsTimestamp,
      'originationNumber',
    ],
    [
      'a blank messageBody',
      JSON.stringify({ ...documented, messageBody: '  \n ' }),
      snsTimestamp,
      'messageBody',
    ],
    ['a timestamp that is not ISO', JSON.stringify(documented), '02/01/2019 12:45', 'Timestamp'],
  ])('refuses %s, naming %s', (_case, message, timestamp, field) => {
    expect(payloadError(() => parseAwsInbound(message, timestamp)).field).toBe(field)
  })

  it('throws nothing but InboundPayloadError for any message string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.string(), (message, timestamp) =>
        onlyPayloadErrors(() => parseAwsInbound(message, timestamp)),
      ),
    )
  })
})

describe('Tencent Cloud SMS reply callback', () => {
  // The documented request example: https://cloud.tencent.com/document/api/382/5809
  // (en: https://www.tencentcloud.com/document/product/382/43548). Adjusted: the placeholder
  // mobile "13xxxxxxxxx" is replaced with 13812345678.
  const documented = {
    extend: '扩展码',
    mobile: '13812345678',
    nationcode: '86',
    sign: '短信签名',
    text: '用户回复的内容',
    time: 1457336869,
  }

  it('parses the documented request to the canonical message', () => {
    expect(parseTencentInbound(documented)).toEqual<InboundSms>({
      provider: 'tencent',
      // sha256('86|13812345678|1457336869|用户回复的内容')
      messageId: 'tencent:ee48bc9be283759dcdb2da962cb46fcc0797d838df1234d147296db178e7e597',
      from: '13812345678',
      rawFrom: '+8613812345678',
      text: '用户回复的内容',
      receivedAt: '2016-03-07T07:47:49.000Z',
    })
  })

  it('derives the message id as documented: tencent: + hex sha256 of nationcode|mobile|time|text', () => {
    const expected = createHash('sha256').update('86|13812345678|1457336869|用户回复的内容').digest('hex')
    expect(parseTencentInbound(documented).messageId).toBe(`tencent:${expected}`)
  })

  it('gives a repeated delivery the same id, whatever the fields it does not digest', () => {
    const repeated = {
      time: 1457336869,
      text: '用户回复的内容',
      nationcode: '86',
      mobile: '13812345678',
      sign: '另一个签名',
    }
    expect(parseTencentInbound(repeated).messageId).toBe(parseTencentInbound(documented).messageId)
  })

  it('gives a different id when the time differs (the same text sent again later)', () => {
    const later = { ...documented, time: documented.time + 1 }
    expect(parseTencentInbound(later).messageId).not.toBe(parseTencentInbound(documented).messageId)
  })

  it('gives a different id when the text differs', () => {
    const other = { ...documented, text: '2' }
    expect(parseTencentInbound(other).messageId).not.toBe(parseTencentInbound(documented).messageId)
  })

  it('keeps from null for a non-86 nationcode, even when the digits look like a mainland number', () => {
    const hongKong = parseTencentInbound({ ...documented, nationcode: '852', mobile: '91234567' })
    expect(hongKong).toMatchObject({ from: null, rawFrom: '+85291234567' })
    const lookalike = parseTencentInbound({ ...documented, nationcode: '1' })
    expect(lookalike).toMatchObject({ from: null, rawFrom: '+113812345678' })
  })

  it('accepts the documented body without the optional extend, and ignores unknown fields', () => {
    const { extend: _extend, ...withoutExtend } = documented
    expect(parseTencentInbound({ ...withoutExtend, somethingNew: { nested: true } }).messageId).toBe(
      parseTencentInbound(documented).messageId,
    )
  })

  it('trims the text and accepts 2000 characters, counted as characters, not UTF-16 units', () => {
    expect(parseTencentInbound({ ...documented, text: '  1\n' }).text).toBe('1')
    expect(parseTencentInbound({ ...documented, text: '办'.repeat(2000) }).text).toHaveLength(2000)
    expect(parseTencentInbound({ ...documented, text: '😀'.repeat(2000) }).text).toHaveLength(4000)
  })

  it.each([
    ['a null body', null, '(body)'],
    ['an array body', [documented], '(body)'],
    ['no mobile', { ...documented, mobile: undefined }, 'mobile'],
    ['a numeric mobile', { ...documented, mobile: 13812345678 }, 'mobile'],
    ['a mobile with a pipe', { ...documented, mobile: '138|1234' }, 'mobile'],
    ['a numeric nationcode', { ...documented, nationcode: 86 }, 'nationcode'],
    ['a blank text', { ...documented, text: '   ' }, 'text'],
    ['a text of 2001 characters', { ...documented, text: '办'.repeat(2001) }, 'text'],
    ['a string time', { ...documented, time: '1457336869' }, 'time'],
    ['a time in milliseconds beyond year 9999', { ...documented, time: 1457336869000000 }, 'time'],
    ['a fractional time', { ...documented, time: 1457336869.5 }, 'time'],
    ['a negative time', { ...documented, time: -1 }, 'time'],
  ])('refuses %s, naming %s', (_case, body, field) => {
    const error = payloadError(() => parseTencentInbound(body))
    expect(error.field).toBe(field)
    expect(error.name).toBe('InboundPayloadError')
    expect(error.message.startsWith(`${field}: `)).toBe(true)
  })

  it('never puts the number or the text in the error message', () => {
    const error = payloadError(() => parseTencentInbound({ ...documented, time: 'yesterday' }))
    expect(error.message).not.toContain('13812345678')
    expect(error.message).not.toContain('用户回复的内容')
  })

  it('acknowledges as documented, and refuses with result 1 naming the field', () => {
    expect(TENCENT_ACK).toEqual({ result: 0, errmsg: 'OK' })
    const error = payloadError(() => parseTencentInbound({ ...documented, text: '' }))
    expect(tencentError(error.message)).toEqual({ result: 1, errmsg: 'text: empty' })
  })

  it('throws nothing but InboundPayloadError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => onlyPayloadErrors(() => parseTencentInbound(body))))
  })

  it('throws nothing but InboundPayloadError for any value in any documented field', () => {
    const body = fc.record(
      {
        extend: fc.jsonValue(),
        mobile: fc.oneof(fc.jsonValue(), fc.string()),
        nationcode: fc.oneof(fc.jsonValue(), fc.constantFrom('86', '852', '1')),
        sign: fc.jsonValue(),
        text: fc.oneof(fc.jsonValue(), fc.string({ maxLength: 2100 })),
        time: fc.oneof(fc.jsonValue(), fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    )
    fc.assert(fc.property(body, (b) => onlyPayloadErrors(() => parseTencentInbound(b))))
  })
})

describe('Alibaba Cloud SmsUp HTTP batch push', () => {
  // The documented request example: https://help.aliyun.com/zh/sms/developer-reference/smsup-http
  // (sequence_id a String, no sign_name). Adjusted: the masked placeholder phone_number
  // "1381111****" is replaced with 13811111234.
  const documented = [
    {
      phone_number: '13811111234',
      content: '内容',
      send_time: '2017-09-01 00:00:00',
      dest_code: '1234',
      sequence_id: '1234567890',
    },
  ]
  // The older page's example: https://help.aliyun.com/knowledge_detail/60127.html
  // (sequence_id a Number, sign_name present). Adjusted: the same placeholder phone_number.
  const documentedOlder = [
    {
      phone_number: '13811111234',
      send_time: '2017-09-01 00:00:00',
      content: '内容',
      sign_name: '签名',
      dest_code: '1234',
      sequence_id: 1234567890,
    },
  ]
  const expected: InboundSms = {
    provider: 'aliyun',
    messageId: 'aliyun:1234567890',
    from: '13811111234',
    rawFrom: '13811111234',
    text: '内容',
    receivedAt: '2017-08-31T16:00:00.000Z',
  }

  const messagesOf = (body: unknown) => parseAliyunInbound(body).messages
  /** The first item refused in a batch that is itself well-formed. */
  const rejectedOf = (body: unknown) => {
    const [first] = parseAliyunInbound(body).rejected
    if (!first) throw new Error('expected an item to be refused')
    return first
  }

  it('parses the documented request to the canonical messages', () => {
    expect(messagesOf(documented)).toEqual([expected])
  })

  it('parses the older documented request (sequence_id a number) to the same message', () => {
    expect(messagesOf(documentedOlder)).toEqual([expected])
  })

  it('keeps a masked number as the documented example literally has it, with from null', () => {
    // The current page's example verbatim, masked phone_number included.
    const verbatim = [{ ...documented[0], phone_number: '1381111****' }]
    expect(messagesOf(verbatim)).toEqual([{ ...expected, from: null, rawFrom: '1381111****' }])
  })

  it('gives a sequence_id sent as a number and as a string the same message id', () => {
    const item = documented[0]
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        const [asNumber] = messagesOf([{ ...item, sequence_id: n }])
        const [asString] = messagesOf([{ ...item, sequence_id: String(n) }])
        expect(asNumber?.messageId).toBe(`aliyun:${n}`)
        expect(asString?.messageId).toBe(asNumber?.messageId)
      }),
    )
  })

  it.each([
    ['2017-09-01 00:00:00', '2017-08-31T16:00:00.000Z'],
    ['2017-01-01 07:59:59', '2016-12-31T23:59:59.000Z'],
    ['2017-01-01 08:00:00', '2017-01-01T00:00:00.000Z'],
    ['2020-02-29 23:30:00', '2020-02-29T15:30:00.000Z'],
  ])('reads send_time %s as Beijing time: %s', (sendTime, iso) => {
    const [sms] = messagesOf([{ ...documented[0], send_time: sendTime }])
    expect(sms?.receivedAt).toBe(iso)
  })

  it('acknowledges an empty batch: nothing to do', () => {
    expect(parseAliyunInbound([])).toEqual({ messages: [], rejected: [] })
  })

  it('parses every item of a batch, in order', () => {
    const second = {
      ...documented[0],
      phone_number: '+86 139 0000 0001',
      content: '2',
      sequence_id: '1234567891',
    }
    expect(messagesOf([...documented, second])).toEqual([
      expected,
      {
        ...expected,
        messageId: 'aliyun:1234567891',
        from: '13900000001',
        rawFrom: '+86 139 0000 0001',
        text: '2',
      },
    ])
  })

  it('accepts 1000 items and refuses 1001 on the body', () => {
    const item = documented[0]
    const items = (count: number) => Array.from({ length: count }, (_, i) => ({ ...item, sequence_id: i }))
    expect(messagesOf(items(1000))).toHaveLength(1000)
    const error = payloadError(() => parseAliyunInbound(items(1001)))
    expect(error.field).toBe('(body)')
    expect(aliyunError(error.message)).toEqual({ code: 1, msg: '(body): more than 1000 items' })
  })

  const item = documented[0]
  it.each([
    ['an object body', item, '(body)'],
    ['a null body', null, '(body)'],
    ['no phone_number', [{ ...item, phone_number: undefined }], '0.phone_number'],
    ['a blank content', [{ ...item, content: ' ' }], '0.content'],
    ['a content of 2001 characters', [{ ...item, content: 'a'.repeat(2001) }], '0.content'],
    ['a compact send_time', [{ ...item, send_time: '20170901000000' }], '0.send_time'],
    ['an ISO send_time', [{ ...item, send_time: '2017-09-01T00:00:00+08:00' }], '0.send_time'],
    ['a send_time on 30 February', [{ ...item, send_time: '2017-02-30 00:00:00' }], '0.send_time'],
    ['a send_time at 24:00', [{ ...item, send_time: '2017-09-01 24:00:00' }], '0.send_time'],
    ['a null sequence_id', [{ ...item, sequence_id: null }], '0.sequence_id'],
    ['a fractional sequence_id', [{ ...item, sequence_id: 1.5 }], '0.sequence_id'],
    ['a negative sequence_id', [{ ...item, sequence_id: -1 }], '0.sequence_id'],
    ['an unsafe integer sequence_id', [{ ...item, sequence_id: 2 ** 60 }], '0.sequence_id'],
    ['an empty sequence_id', [{ ...item, sequence_id: '' }], '0.sequence_id'],
    ['a bad second item', [item, { ...item, sequence_id: { id: 1 } }], '1.sequence_id'],
  ])('refuses %s, naming %s', (_case, body, field) => {
    const error = field === '(body)' ? payloadError(() => parseAliyunInbound(body)) : rejectedOf(body)
    expect(error.field).toBe(field)
    expect(aliyunError(error.message)).toEqual({ code: 1, msg: `${field}: ${error.problem}` })
  })

  it('refuses a bad item alone: the good ones beside it are parsed', () => {
    const body = [item, { ...item, sequence_id: '' }, { ...item, sequence_id: 3 }]
    const { messages, rejected } = parseAliyunInbound(body)
    expect(messages.map((m) => m.messageId)).toEqual(['aliyun:1234567890', 'aliyun:3'])
    expect(rejected.map((e) => e.field)).toEqual(['1.sequence_id'])
  })

  it('acknowledges as documented', () => {
    expect(ALIYUN_ACK).toEqual({ code: 0, msg: '接收成功' })
  })

  it('throws nothing but InboundPayloadError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => onlyPayloadErrors(() => parseAliyunInbound(body))))
  })

  it('throws nothing but InboundPayloadError for any values in the documented fields', () => {
    const anyItem = fc.record(
      {
        phone_number: fc.oneof(fc.jsonValue(), fc.string()),
        content: fc.oneof(fc.jsonValue(), fc.string()),
        send_time: fc.oneof(
          fc.jsonValue(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
          fc.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        ),
        dest_code: fc.jsonValue(),
        sequence_id: fc.oneof(fc.jsonValue(), fc.integer(), fc.double(), fc.string()),
        sign_name: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.array(anyItem, { maxLength: 5 }), (body) =>
        onlyPayloadErrors(() => parseAliyunInbound(body)),
      ),
    )
  })
})
