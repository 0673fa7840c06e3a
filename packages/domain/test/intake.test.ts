import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  acknowledgementText,
  checkTransition,
  displayTrackingCode,
  formatTicketNumber,
  jiyuan2026,
  MainlandMobile,
  maskPhone,
  normalizeMainlandMobile,
  normalizeTrackingCode,
  parseSurveyReply,
  surveyText,
  WebSubmission,
} from '../src'

describe('SPEC §8 phone numbers (confidential, §4.9)', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['(138) 1234 5678', '13812345678'],
    ['12812345678', null],
    ['1381234567', null],
    ['+1 425 555 0182', null],
  ])('%s → %s', (raw, phone) => {
    expect(normalizeMainlandMobile(raw)).toBe(phone)
  })

  it('masks the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(MainlandMobile.safeParse('12345').error?.issues[0]?.message).toMatch(/mainland China mobile/)
  })
})

describe('SPEC §8 web form', () => {
  const valid = { phone: '13812345678', content: '路灯不亮已经三天了', category: 'request' }

  it('normalizes what a citizen types', () => {
    expect(
      WebSubmission.parse({ ...valid, content: '  路灯不亮已经三天了\u0007 ', name: ' 王女士 ' }),
    ).toEqual({
      ...valid,
      name: '王女士',
    })
  })

  it.each([
    [{ phone: '123' }, 'phone'],
    [{ content: '太短' }, 'content'],
    [{ content: 'x'.repeat(2001) }, 'content'],
    [{ category: 'other' }, 'category'],
    [{ location: '' }, 'location'],
  ])('rejects %o naming the field', (patch, field) => {
    const result = WebSubmission.safeParse({ ...valid, ...patch })
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([field])
  })
})

describe('ticket numbers and tracking codes', () => {
  it('formats a readable, per-day sequential number', () => {
    expect(formatTicketNumber('JY', '2026-10-09', 123)).toBe('JY20261009-000123')
    expect(formatTicketNumber('JY', '2026-10-09', 1_234_567)).toBe('JY20261009-1234567')
    expect(() => formatTicketNumber('jy', '2026-10-09', 1)).toThrow(RangeError)
  })

  it('reads back a tracking code however it was typed', () => {
    expect(normalizeTrackingCode('k7q2 m9xd-3p')).toBe('K7Q2M9XD3P')
    expect(normalizeTrackingCode('K7Q2M9XD3O')).toBeNull()
    expect(displayTrackingCode('K7Q2M9XD3P')).toBe('K7Q2-M9XD-3P')
  })

  it('writes the acknowledgement and survey texts with the city signature', () => {
    const sig = jiyuan2026.intake.smsSignature
    expect(acknowledgementText(sig, 'JY20261009-000123', 'K7Q2M9XD3P')).toBe(
      '【济源12345】您的诉求已受理，工单号JY20261009-000123，查询码K7Q2-M9XD-3P。可凭查询码和手机号查询办理进度。',
    )
    expect(surveyText(sig, 'JY20261009-000123')).toContain('回复1满意 2基本满意 3不满意')
  })
})

describe('SPEC §8 survey replies', () => {
  it.each([
    ['1', 'satisfied'],
    [' １ ', 'satisfied'],
    ['2。', 'basically_satisfied'],
    ['3', 'dissatisfied'],
    ['不满意', 'dissatisfied'],
    ['基本满意！', 'basically_satisfied'],
    ['12', null],
    ['路灯还是不亮', null],
  ])('%j → %s', (text, level) => {
    expect(parseSurveyReply(text)).toBe(level)
  })

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) =>
        [null, 'satisfied', 'basically_satisfied', 'dissatisfied'].includes(parseSurveyReply(text)),
      ),
    )
  })
})

describe('ticket lifecycle', () => {
  it.each([
    [null, 'received', true],
    [null, 'transferred', false],
    ['received', 'transferred', true],
    ['received', 'replied', false],
    ['transferred', 'returned', true],
    ['returned', 'transferred', true],
    ['transferred', 'replied', true],
    ['replied', 'callback_done', true],
    ['callback_done', 'closed', true],
    ['received', 'closed', true],
    ['closed', 'transferred', false],
    ['received', 'received', false],
  ] as const)('%s → %s allowed: %s', (status, event, ok) => {
    expect(checkTransition(status, event).ok).toBe(ok)
  })

  it('says why a transition is refused, in both languages', () => {
    const check = checkTransition('received', 'replied')
    expect(check).toEqual({
      ok: false,
      reason: {
        zh: '工单当前状态为“已受理”，不能答复',
        en: 'a ticket that is received cannot be replied; allowed next: transferred, closed',
      },
    })
    expect(checkTransition('closed', 'closed')).toMatchObject({
      ok: false,
      reason: { en: 'the ticket is closed' },
    })
  })

  it('accepts any first event for an import that starts mid-story', () => {
    expect(checkTransition(null, 'replied', { lenient: true })).toEqual({ ok: true, status: 'replied' })
  })
})
