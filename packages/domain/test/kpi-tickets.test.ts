import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { openClocks, ticketEpisodes, ticketTimelines } from '../src/kpi/ticket-timeline'
import { emergencyReports, microPlatform, serviceErrors, serviceErrorsForDay } from '../src/kpi/tickets'
import type { KpiContext, KpiResult } from '../src/kpi/types'
import { TicketEventRecord, type TicketEventType } from '../src/records'
import { type ContractTerms, jiyuan2026 } from '../src/terms'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }
const TERMS_VERSION = 'jiyuan-2026@2026.1'

type Extra = Partial<
  Pick<TicketEventRecord, 'channel' | 'needsTransfer' | 'needsCallback' | 'emergency' | 'department'>
>

/** A ticket event as an export would carry it (local +08:00 instants), parsed as the import would. */
function ev(ticketId: string, type: TicketEventType, at: string, extra: Extra = {}): TicketEventRecord {
  return TicketEventRecord.parse({ kind: 'ticket_event', ticketId, type, at, ...extra })
}

/** `2026-10-09 10:00` (seconds optional) local → an ISO instant with the +08:00 offset. */
const local = (dateTime: string): string => {
  const [date, time = '00:00'] = dateTime.split(' ')
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`
}
/** Same, as the stored UTC form. */
const utc = (dateTime: string): string => new Date(local(dateTime)).toISOString()

const find = (results: readonly KpiResult[], subject: string): KpiResult | undefined =>
  results.find((r) => r.subject === subject)

describe('§4.3 服务差错 转办超时 service_error.transfer', () => {
  it.each([
    {
      name: 'received 2026-09-30 (Wed) 16:00 → 1 working day spans the National Day holiday → Oct 8 24:00',
      receivedAt: '2026-09-30 16:00',
      doneAt: '2026-10-08 23:59',
      until: '2026-10-09 00:00',
      due: '2026-10-08T16:00:00.000Z',
      period: '2026-10-08',
      met: true,
      lateMinutes: null,
    },
    {
      name: 'received 2026-10-09 (Fri) → Oct 10 (Sat, adjusted working day 调休) 24:00',
      receivedAt: '2026-10-09 10:00',
      doneAt: '2026-10-10 09:00',
      until: '2026-10-11 00:00',
      due: '2026-10-10T16:00:00.000Z',
      period: '2026-10-10',
      met: true,
      lateMinutes: null,
    },
    {
      name: 'transferred a millisecond before the due instant is on time',
      receivedAt: '2026-10-09 10:00',
      doneAt: '2026-10-10 23:59:59.999',
      until: '2026-10-12 00:00',
      due: '2026-10-10T16:00:00.000Z',
      period: '2026-10-10',
      met: true,
      lateMinutes: null,
    },
    {
      name: 'transferred at 00:00 of the next day, the due instant itself, is late by its first minute',
      receivedAt: '2026-10-09 10:00',
      doneAt: '2026-10-11 00:00',
      until: '2026-10-12 00:00',
      due: '2026-10-10T16:00:00.000Z',
      period: '2026-10-10',
      met: false,
      lateMinutes: 1,
    },
    {
      name: 'transferred one millisecond after the due instant is a breach (late minutes round up)',
      receivedAt: '2026-10-09 10:00',
      doneAt: '2026-10-11 00:00:00.001',
      until: '2026-10-12 00:00',
      due: '2026-10-10T16:00:00.000Z',
      period: '2026-10-10',
      met: false,
      lateMinutes: 1,
    },
    {
      name: 'received Fri 2026-10-16 → Mon Oct 19 24:00; transferred Tue 10:30 → 630 min late',
      receivedAt: '2026-10-16 09:00',
      doneAt: '2026-10-20 10:30',
      until: '2026-10-21 00:00',
      due: '2026-10-19T16:00:00.000Z',
      period: '2026-10-19',
      met: false,
      lateMinutes: 630,
    },
  ])('$name', ({ receivedAt, doneAt, until, due, period, met, lateMinutes }) => {
    const events = [
      ev('T1', 'received', local(receivedAt), { needsTransfer: true, channel: 'phone' }),
      ev('T1', 'transferred', local(doneAt), { department: '城管局' }),
    ]
    expect(serviceErrors(events, ctx, utc(until))).toEqual([
      {
        kpi: 'service_error.transfer',
        period,
        subject: 'T1',
        value: null,
        target: null,
        met,
        evidence: {
          ids: ['T1'],
          figures: {
            startedAt: utc(receivedAt),
            due,
            doneAt: utc(doneAt),
            doneBy: 'transferred',
            lateMinutes,
          },
        },
        termsVersion: TERMS_VERSION,
      },
    ])
  })

  it.each([
    {
      name: 'closed before the due instant, never transferred → met',
      closedAt: '2026-10-10 18:00',
      met: true,
    },
    {
      name: 'closed after the due instant, never transferred → breach',
      closedAt: '2026-10-11 08:00',
      met: false,
    },
  ])('$name', ({ closedAt, met }) => {
    const events = [
      ev('T2', 'received', local('2026-10-09 10:00'), { needsTransfer: true }),
      ev('T2', 'closed', local(closedAt)),
    ]
    const [result] = serviceErrors(events, ctx, utc('2026-10-13 00:00'))
    expect(result?.met).toBe(met)
    expect(result?.evidence.figures).toMatchObject({ doneAt: utc(closedAt), doneBy: 'closed' })
    expect(result?.evidence.figures.lateMinutes).toBe(met ? null : 8 * 60)
  })

  it.each([
    { until: '2026-10-10 12:00', expected: [] },
    { until: '2026-10-10 23:59:59.999', expected: [] },
    { until: '2026-10-11 00:00', expected: [{ met: false, doneAt: null, lateMinutes: 1 }] },
    { until: '2026-10-11 06:00', expected: [{ met: false, doneAt: null, lateMinutes: 360 }] },
  ])(
    'not transferred: undecided (absent) until `until` reaches the due instant — until $until',
    ({ until, expected }) => {
      const events = [ev('T3', 'received', local('2026-10-09 10:00'), { needsTransfer: true })]
      const results = serviceErrors(events, ctx, utc(until))
      expect(
        results.map((r) => ({ met: r.met, ...pick(r.evidence.figures, ['doneAt', 'lateMinutes']) })),
      ).toEqual(expected)
    },
  )

  it('a transfer after `until` is not known yet: the episode is a breach as of `until`, decided at its due', () => {
    const events = [
      ev('T4', 'received', local('2026-10-09 10:00'), { needsTransfer: true }),
      ev('T4', 'transferred', local('2026-10-11 09:00')),
    ]
    expect(serviceErrors(events, ctx, utc('2026-10-11 00:00'))[0]).toMatchObject({
      met: false,
      period: '2026-10-10',
      evidence: { figures: { doneAt: null, lateMinutes: 1 } },
    })
    expect(serviceErrors(events, ctx, utc('2026-10-12 00:00'))[0]).toMatchObject({
      met: false,
      evidence: { figures: { doneAt: utc('2026-10-11 09:00'), lateMinutes: 540 } },
    })
  })

  it('a ticket not needing transfer, or one without a received event, has no transfer episode', () => {
    const events = [
      ev('T5', 'received', local('2026-10-09 10:00'), { needsTransfer: false }),
      ev('T6', 'transferred', local('2026-10-09 10:00')),
      ev('T7', 'received', local('2026-10-09 10:00')),
    ]
    expect(serviceErrors(events, ctx, utc('2026-11-01 00:00'))).toEqual([])
  })

  it('a deadline in 2027 (calendar year not loaded) is provisional', () => {
    const events = [ev('T8', 'received', local('2026-12-31 10:00'), { needsTransfer: true })]
    expect(serviceErrors(events, ctx, utc('2027-01-05 00:00'))).toEqual([
      {
        kpi: 'service_error.transfer',
        period: '2027-01-01',
        subject: 'T8',
        value: null,
        target: null,
        met: false,
        evidence: {
          ids: ['T8'],
          figures: {
            startedAt: utc('2026-12-31 10:00'),
            due: '2027-01-01T16:00:00.000Z',
            doneAt: null,
            doneBy: null,
            lateMinutes: 3 * 24 * 60,
          },
          provisional: true,
        },
        termsVersion: TERMS_VERSION,
      },
    ])
  })
})

describe('§4.3 服务差错 回退处理超时 service_error.return', () => {
  it.each([
    {
      name: 'returned Tue 2026-09-29 + 2 days = Oct 1 (holiday) → next working day Oct 8 24:00',
      returnedAt: '2026-09-29 10:00',
      doneAt: '2026-10-08 17:00',
      due: '2026-10-08T16:00:00.000Z',
      period: '2026-10-08',
      met: true,
    },
    {
      name: 'returned Mon 2026-10-12 + 2 days = Wed Oct 14 24:00, handled 23:59:59',
      returnedAt: '2026-10-12 10:00',
      doneAt: '2026-10-14 23:59:59',
      due: '2026-10-14T16:00:00.000Z',
      period: '2026-10-14',
      met: true,
    },
    {
      name: 'returned Mon 2026-10-12, handled 00:00 Thu Oct 15: the due instant, late',
      returnedAt: '2026-10-12 10:00',
      doneAt: '2026-10-15 00:00',
      due: '2026-10-14T16:00:00.000Z',
      period: '2026-10-14',
      met: false,
    },
    {
      name: 'returned Fri 2026-10-16 + 2 days = Sun Oct 18 → Mon Oct 19 24:00',
      returnedAt: '2026-10-16 18:00',
      doneAt: '2026-10-19 20:00',
      due: '2026-10-19T16:00:00.000Z',
      period: '2026-10-19',
      met: true,
    },
    {
      name: 'returned Mon 2026-10-12, re-transferred Thu → breach',
      returnedAt: '2026-10-12 10:00',
      doneAt: '2026-10-15 00:00:00.001',
      due: '2026-10-14T16:00:00.000Z',
      period: '2026-10-14',
      met: false,
    },
  ])('$name', ({ returnedAt, doneAt, due, period, met }) => {
    const events = [
      ev('R1', 'returned', local(returnedAt), { department: '住建局' }),
      ev('R1', 'transferred', local(doneAt)),
    ]
    const results = serviceErrors(events, ctx, utc('2026-11-01 00:00'))
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({
      kpi: 'service_error.return',
      subject: 'R1/return/1',
      period,
      met,
      evidence: { ids: ['R1'], figures: { startedAt: utc(returnedAt), due, doneAt: utc(doneAt) } },
    })
  })

  it('each return counts: two returns on one ticket are two episodes, /return/1 and /return/2', () => {
    const events = [
      ev('R2', 'received', local('2026-10-09 09:00'), { needsTransfer: true }),
      ev('R2', 'transferred', local('2026-10-09 11:00')),
      ev('R2', 'returned', local('2026-10-12 10:00')),
      ev('R2', 'transferred', local('2026-10-13 10:00')),
      ev('R2', 'returned', local('2026-10-14 09:00')),
      ev('R2', 'closed', local('2026-10-20 10:00')),
    ]
    const results = serviceErrors(events, ctx, utc('2026-11-01 00:00'))
    expect(results.map((r) => [r.kpi, r.subject, r.period, r.met, r.evidence.figures.lateMinutes])).toEqual([
      ['service_error.transfer', 'R2', '2026-10-10', true, null],
      ['service_error.return', 'R2/return/1', '2026-10-14', true, null],
      // due Fri Oct 16 24:00, closed Tue Oct 20 10:00: 3 days 10 hours late
      ['service_error.return', 'R2/return/2', '2026-10-16', false, 3 * 24 * 60 + 10 * 60],
    ])
    expect(find(results, 'R2/return/2')?.evidence.figures.doneBy).toBe('closed')
  })

  it('a transfer at the same instant as a return precedes it (lifecycle order) and does not handle it', () => {
    const events = [
      ev('R3', 'returned', local('2026-10-12 10:00')),
      ev('R3', 'transferred', local('2026-10-12 10:00')),
    ]
    expect(serviceErrors(events, ctx, utc('2026-10-15 00:00'))).toMatchObject([
      { subject: 'R3/return/1', met: false, evidence: { figures: { doneAt: null } } },
    ])
  })
})

describe('§4.3 服务差错 回访超时 service_error.callback', () => {
  const until = utc('2026-10-20 00:00')

  it.each([
    {
      name: 'callback needed from the received event, done within 2 days → met',
      events: [
        ev('C1', 'received', local('2026-10-09 09:00'), { needsCallback: true }),
        ev('C1', 'replied', local('2026-10-12 10:00')),
        ev('C1', 'callback_done', local('2026-10-14 20:00')),
      ],
      expected: [['C1/callback/1', '2026-10-14', true, utc('2026-10-14 20:00')]],
    },
    {
      name: 'callback needed only from the replied event → an episode',
      events: [
        ev('C2', 'received', local('2026-10-09 09:00')),
        ev('C2', 'replied', local('2026-10-12 10:00'), { needsCallback: true }),
        ev('C2', 'callback_done', local('2026-10-15 08:00')),
      ],
      expected: [['C2/callback/1', '2026-10-14', false, utc('2026-10-15 08:00')]],
    },
    {
      name: 'no callback needed anywhere → no episode',
      events: [
        ev('C3', 'received', local('2026-10-09 09:00')),
        ev('C3', 'replied', local('2026-10-12 10:00')),
      ],
      expected: [],
    },
    {
      name: 'closed does not satisfy a callback → breach with nothing done',
      events: [
        ev('C4', 'received', local('2026-10-09 09:00'), { needsCallback: true }),
        ev('C4', 'replied', local('2026-10-12 10:00')),
        ev('C4', 'closed', local('2026-10-13 10:00')),
      ],
      expected: [['C4/callback/1', '2026-10-14', false, null]],
    },
    {
      name: 'n counts only the callback-needing replies',
      events: [
        ev('C5', 'received', local('2026-10-09 09:00')),
        ev('C5', 'replied', local('2026-10-12 10:00')),
        ev('C5', 'replied', local('2026-10-13 10:00'), { needsCallback: true }),
        ev('C5', 'callback_done', local('2026-10-13 15:00')),
      ],
      expected: [['C5/callback/1', '2026-10-15', true, utc('2026-10-13 15:00')]],
    },
    {
      name: 'two replies on a flagged ticket: the second waits for a callback after it',
      events: [
        ev('C6', 'received', local('2026-10-09 09:00'), { needsCallback: true }),
        ev('C6', 'replied', local('2026-10-12 10:00')),
        ev('C6', 'callback_done', local('2026-10-12 16:00')),
        ev('C6', 'replied', local('2026-10-13 10:00')),
      ],
      expected: [
        ['C6/callback/1', '2026-10-14', true, utc('2026-10-12 16:00')],
        ['C6/callback/2', '2026-10-15', false, null],
      ],
    },
  ])('$name', ({ events, expected }) => {
    const results = serviceErrors(events, ctx, until)
    expect(results.every((r) => r.kpi === 'service_error.callback')).toBe(true)
    expect(results.map((r) => [r.subject, r.period, r.met, r.evidence.figures.doneAt])).toEqual(expected)
  })

  it('a callback still within its 2 days at `until` is absent, then decided once `until` passes the due', () => {
    const events = [
      ev('C7', 'received', local('2026-10-09 09:00'), { needsCallback: true }),
      ev('C7', 'replied', local('2026-10-12 10:00')),
    ]
    expect(serviceErrors(events, ctx, utc('2026-10-14 23:00'))).toEqual([])
    expect(serviceErrors(events, ctx, utc('2026-10-15 00:00'))).toMatchObject([
      { subject: 'C7/callback/1', met: false, evidence: { figures: { lateMinutes: 1 } } },
    ])
  })
})

describe('§4.3 服务差错 mid-story tickets, ordering and the daily job', () => {
  it('a ticket without a received event still yields return and callback episodes (callback only when the reply says so)', () => {
    const events = [
      ev('M1', 'returned', local('2026-10-12 10:00')),
      ev('M1', 'transferred', local('2026-10-13 10:00')),
      ev('M1', 'replied', local('2026-10-14 10:00')),
      ev('M1', 'replied', local('2026-10-15 10:00'), { needsCallback: true }),
      ev('M1', 'callback_done', local('2026-10-16 10:00')),
    ]
    const results = serviceErrors(events, ctx, utc('2026-11-01 00:00'))
    expect(results.map((r) => [r.kpi, r.subject, r.period, r.met])).toEqual([
      ['service_error.return', 'M1/return/1', '2026-10-14', true],
      ['service_error.callback', 'M1/callback/1', '2026-10-19', true],
    ])
  })

  const story = [
    ev('A', 'received', local('2026-09-30 16:00'), { needsTransfer: true, needsCallback: true }),
    ev('A', 'transferred', local('2026-10-08 09:00')),
    ev('A', 'returned', local('2026-10-08 15:00')),
    ev('A', 'transferred', local('2026-10-12 11:00')),
    ev('A', 'replied', local('2026-10-13 10:00')),
    ev('A', 'callback_done', local('2026-10-16 10:00')),
    ev('A', 'closed', local('2026-10-16 11:00')),
    ev('B', 'returned', local('2026-09-29 10:00')),
    ev('B', 'transferred', local('2026-10-08 10:00')),
    ev('B', 'returned', local('2026-10-09 10:00')),
    ev('B', 'closed', local('2026-10-10 10:00')),
    ev('C', 'received', local('2026-10-09 10:00'), { needsTransfer: true }),
    ev('C', 'received', local('2026-10-09 10:00'), { needsTransfer: true }),
    ev('C', 'transferred', local('2026-10-10 10:00')),
  ]

  it('events given out of order give the same results', () => {
    const until = utc('2026-11-01 00:00')
    const expected = serviceErrors(story, ctx, until)
    expect(expected.map((r) => [r.kpi, r.subject, r.period, r.met])).toEqual([
      ['service_error.transfer', 'A', '2026-10-08', true],
      ['service_error.return', 'B/return/1', '2026-10-08', true],
      ['service_error.transfer', 'C', '2026-10-10', true],
      // returned Thu Oct 8 + 2 = Sat Oct 10, an adjusted working day
      ['service_error.return', 'A/return/1', '2026-10-10', false],
      ['service_error.return', 'B/return/2', '2026-10-12', true],
      ['service_error.callback', 'A/callback/1', '2026-10-15', false],
    ])
    expect(serviceErrors([...story].reverse(), ctx, until)).toEqual(expected)
    fc.assert(
      fc.property(fc.shuffledSubarray(story, { minLength: story.length }), (shuffled) => {
        expect(serviceErrors(shuffled, ctx, until)).toEqual(expected)
      }),
      { numRuns: 50 },
    )
  })

  it.each([
    { date: '2026-10-08', subjects: ['A', 'B/return/1'] },
    { date: '2026-10-10', subjects: ['C', 'A/return/1'] },
    { date: '2026-10-09', subjects: [] },
  ])('serviceErrorsForDay($date) = the deadlines that expired that day', ({ date, subjects }) => {
    const results = serviceErrorsForDay(story, date, ctx)
    expect(results.map((r) => r.subject)).toEqual(subjects)
    expect(results.every((r) => r.period === date)).toBe(true)
  })

  it('rejects a malformed date', () => {
    expect(() => serviceErrorsForDay(story, '2026-10', ctx)).toThrow(RangeError)
  })
})

describe('§4.3 ticket timelines and open clocks', () => {
  it('groups by ticket, orders by time with lifecycle ties, merges repeated deliveries, reads flags from received', () => {
    const timelines = ticketTimelines([
      ev('X', 'closed', local('2026-10-09 10:00')),
      ev('X', 'received', local('2026-10-09 10:00'), { channel: 'wechat', emergency: true }),
      ev('X', 'received', local('2026-10-09 10:00'), { needsTransfer: true }),
      ev('X', 'transferred', local('2026-10-09 10:00')),
      ev('W', 'replied', local('2026-10-09 08:00'), { needsCallback: true }),
    ])
    expect([...timelines.keys()]).toEqual(['W', 'X'])
    const x = timelines.get('X')
    expect(x?.events.map((e) => e.type)).toEqual(['received', 'transferred', 'closed'])
    expect(x?.receivedAt).toBe(utc('2026-10-09 10:00'))
    expect(x?.flags).toEqual({
      needsTransfer: true,
      needsCallback: false,
      emergency: true,
      channel: 'wechat',
    })
    const w = timelines.get('W')
    expect(w?.receivedAt).toBeNull()
    expect(w?.flags).toEqual({ needsTransfer: false, needsCallback: false, emergency: false, channel: null })
  })

  it('open clocks: the episodes not yet stopped, with due instants, whatever the time', () => {
    const events = [
      ev('O1', 'received', local('2026-09-30 16:00'), { needsTransfer: true, needsCallback: true }),
      ev('O1', 'returned', local('2026-10-12 10:00')),
      ev('O1', 'replied', local('2026-10-13 10:00')),
      ev('O1', 'callback_done', local('2026-10-13 12:00')),
      ev('O1', 'replied', local('2026-12-30 10:00')),
    ]
    const timeline = ticketTimelines(events).get('O1')
    if (timeline === undefined) throw new Error('no timeline')
    expect(openClocks(timeline, ctx)).toEqual([
      {
        kind: 'transfer',
        subject: 'O1',
        startedAt: utc('2026-09-30 16:00'),
        due: '2026-10-08T16:00:00.000Z',
        provisional: false,
      },
      {
        kind: 'return',
        subject: 'O1/return/1',
        startedAt: utc('2026-10-12 10:00'),
        due: '2026-10-14T16:00:00.000Z',
        provisional: false,
      },
      // Dec 30 + 2 = Jan 1 2027: weekends-only (not loaded) → Fri Jan 1 is a working day
      {
        kind: 'callback',
        subject: 'O1/callback/2',
        startedAt: utc('2026-12-30 10:00'),
        due: '2027-01-01T16:00:00.000Z',
        provisional: true,
      },
    ])
    expect(ticketEpisodes(timeline, ctx).map((ep) => [ep.subject, ep.doneBy])).toEqual([
      ['O1', null],
      ['O1/return/1', null],
      ['O1/callback/1', 'callback_done'],
      ['O1/callback/2', null],
    ])
    const transferred = ticketTimelines([...events, ev('O1', 'transferred', local('2026-10-12 11:00'))]).get(
      'O1',
    )
    if (transferred === undefined) throw new Error('no timeline')
    expect(openClocks(transferred, ctx).map((c) => c.subject)).toEqual(['O1/callback/2'])
  })
})

describe('§4.6 微平台处理及时率 micro_platform', () => {
  const events = [
    // WeChat, transferred the same day: due Sat Oct 10 24:00 (adjusted working day) → in time
    ev('W1', 'received', local('2026-10-09 10:00'), { channel: 'wechat' }),
    ev('W1', 'transferred', local('2026-10-09 15:00')),
    // mini-program, closed two days later: due Tue Oct 13 24:00 → late
    ev('P1', 'received', local('2026-10-12 10:00'), { channel: 'miniprogram' }),
    ev('P1', 'closed', local('2026-10-14 09:00')),
    // mini-program, handled a second before the due instant (Tue Oct 13 24:00) → in time
    ev('P2', 'received', local('2026-10-12 11:00'), { channel: 'miniprogram' }),
    ev('P2', 'closed', local('2026-10-13 23:59:59')),
    // WeChat, never handled, due Mon Oct 26 24:00 → late once past due
    ev('W2', 'received', local('2026-10-23 10:00'), { channel: 'wechat' }),
    // WeChat, Fri Oct 30, due Mon Nov 2 24:00: undecided at Oct 31 noon
    ev('W3', 'received', local('2026-10-30 10:00'), { channel: 'wechat' }),
    // not counted: SMS, phone, another month, and a ticket with no received event
    ev('S1', 'received', local('2026-10-12 10:00'), { channel: 'sms' }),
    ev('S1', 'transferred', local('2026-10-20 10:00')),
    ev('F1', 'received', local('2026-10-12 10:00'), { channel: 'phone' }),
    ev('W0', 'received', local('2026-09-30 23:59'), { channel: 'wechat' }),
    ev('Z1', 'transferred', local('2026-10-12 10:00'), { channel: 'wechat' }),
  ]
  const noTarget = { kpi: 'micro_platform', period: '2026-10', subject: null, target: null, met: null }

  it.each([
    {
      name: 'month still open: the undecided submission stays out of the denominator',
      until: '2026-10-31 12:00',
      value: { num: 2, den: 4 },
      ids: ['P1', 'W2'],
      figures: { submissions: 5, decided: 4, handledInTime: 2, late: 2, undecided: 1 },
    },
    {
      name: 'after every due instant: all five decided',
      until: '2026-11-03 00:00',
      value: { num: 2, den: 5 },
      ids: ['P1', 'W2', 'W3'],
      figures: { submissions: 5, decided: 5, handledInTime: 2, late: 3, undecided: 0 },
    },
    {
      name: 'before anything is decided: no data',
      until: '2026-10-09 12:00',
      value: null,
      ids: [],
      figures: { submissions: 1, decided: 0, handledInTime: 0, late: 0, undecided: 1 },
    },
  ])('$name', ({ until, value, ids, figures }) => {
    expect(microPlatform(events, '2026-10', ctx, utc(until))).toEqual({
      ...noTarget,
      value,
      evidence: { ids, figures },
      termsVersion: TERMS_VERSION,
    })
  })

  it.each([
    { targetBp: 5000, met: true },
    { targetBp: 9000, met: false },
  ])('with a target of $targetBp bp the rate is held to it (met $met)', ({ targetBp, met }) => {
    const terms: ContractTerms = {
      ...jiyuan2026,
      kpis: { ...jiyuan2026.kpis, microPlatform: { ...jiyuan2026.kpis.microPlatform, targetBp } },
    }
    const result = microPlatform(events, '2026-10', { ...ctx, terms }, utc('2026-10-31 12:00'))
    expect(result.target).toEqual({ kind: 'min', bp: targetBp })
    expect(result.value).toEqual({ num: 2, den: 4 })
    expect(result.met).toBe(met)
  })

  it('a submission handled at 00:00 after its last day — the due instant — is late', () => {
    const atDue = [
      ev('P9', 'received', local('2026-10-12 11:00'), { channel: 'miniprogram' }),
      ev('P9', 'closed', local('2026-10-14 00:00')),
    ]
    expect(microPlatform(atDue, '2026-10', ctx, utc('2026-10-31 12:00')).evidence).toEqual({
      ids: ['P9'],
      figures: { submissions: 1, decided: 1, handledInTime: 0, late: 1, undecided: 0 },
    })
  })

  it('a month with no micro-platform submission is no data, and a bad month is rejected', () => {
    expect(microPlatform(events, '2026-08', ctx, utc('2026-11-01 00:00'))).toMatchObject({
      value: null,
      met: null,
      evidence: { figures: { submissions: 0, decided: 0 } },
    })
    expect(() => microPlatform(events, '2026-13', ctx, utc('2026-11-01 00:00'))).toThrow(RangeError)
  })

  it('a deadline in 2027 marks the month provisional', () => {
    const december = [ev('D1', 'received', local('2026-12-31 10:00'), { channel: 'wechat' })]
    expect(microPlatform(december, '2026-12', ctx, utc('2027-01-05 00:00')).evidence).toEqual({
      ids: ['D1'],
      figures: { submissions: 1, decided: 1, handledInTime: 0, late: 1, undecided: 0 },
      provisional: true,
    })
  })
})

describe('§4.11 应急事件处置 emergency_report', () => {
  const DAY = '2026-10-09'
  const received = (id: string, time: string) =>
    ev(id, 'received', local(`${DAY} ${time}`), { emergency: true })
  const reported = (id: string, time: string) => ev(id, 'transferred', local(`${DAY} ${time}`))

  it.each([
    { name: 'reported 29:59 after receipt → met', report: '10:29:59', met: true, lateMinutes: null },
    {
      name: 'reported exactly 30:00 after receipt, the due instant → late by its first minute',
      report: '10:30:00',
      met: false,
      lateMinutes: 1,
    },
    { name: 'reported 30:01 after receipt → late', report: '10:30:01', met: false, lateMinutes: 1 },
    { name: 'reported 2 h after receipt → late by 90 min', report: '12:00:00', met: false, lateMinutes: 90 },
  ])('$name', ({ report, met, lateMinutes }) => {
    const events = [received('E1', '10:00:00'), reported('E1', report)]
    expect(emergencyReports(events, DAY, ctx, utc('2026-10-10 00:00'))).toEqual([
      {
        kpi: 'emergency_report',
        period: DAY,
        subject: 'E1',
        value: null,
        target: null,
        met,
        evidence: {
          ids: ['E1'],
          figures: {
            receivedAt: utc(`${DAY} 10:00`),
            due: '2026-10-09T02:30:00.000Z',
            reportedAt: utc(`${DAY} ${report}`),
            lateMinutes,
          },
        },
        termsVersion: TERMS_VERSION,
      },
    ])
  })

  it('unreported past due → breach; unreported within the window at `until` → absent; others ignored', () => {
    const events = [
      received('E2', '09:00'),
      received('E3', '10:45'),
      ev('E4', 'received', local(`${DAY} 09:00`), { emergency: false }),
      ev('E5', 'received', local('2026-10-08 09:00'), { emergency: true }),
      reported('E3', '11:20'),
    ]
    expect(emergencyReports(events, DAY, ctx, utc(`${DAY} 11:00`))).toEqual([
      {
        kpi: 'emergency_report',
        period: DAY,
        subject: 'E2',
        value: null,
        target: null,
        met: false,
        evidence: {
          ids: ['E2'],
          figures: {
            receivedAt: utc(`${DAY} 09:00`),
            due: utc(`${DAY} 09:30`),
            reportedAt: null,
            lateMinutes: 90,
          },
        },
        termsVersion: TERMS_VERSION,
      },
    ])
    // later in the day E3 is decided too: reported 35 minutes after receipt
    expect(
      emergencyReports(events, DAY, ctx, utc('2026-10-10 00:00')).map((r) => [
        r.subject,
        r.met,
        r.evidence.figures.lateMinutes,
      ]),
    ).toEqual([
      ['E2', false, 870],
      ['E3', false, 5],
    ])
  })
})

function pick<T extends Record<string, unknown>>(o: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>
}
