/**
 * The replay fixtures shared by `cli-replay.test.ts` (the exact figures) and
 * `replay-equivalence.test.ts` (the same figures by import + jobs on the embedded engine).
 */

/** The ticket transferred late across National Day, and the one transferred on time. */
export const LATE = 'JY20260930-000001'
export const ON_TIME = 'JY20261009-000001'

/** `n` calls on `date` from 09:00 Beijing time, one a minute, answered by A1 after `wait` seconds (null: abandoned). */
const calls = (date: string, prefix: string, n: number, wait: number | null, from = 0) =>
  Array.from({ length: n }, (_, i) => {
    const enqueued = Date.parse(`${date}T09:00:00+08:00`) + (from + i) * 60_000
    return {
      kind: 'call',
      callId: `${prefix}${from + i}`,
      enqueuedAt: new Date(enqueued).toISOString(),
      answeredAt: wait === null ? null : new Date(enqueued + wait * 1000).toISOString(),
      endedAt: new Date(enqueued + 180_000).toISOString(),
      agentId: wait === null ? null : 'A1',
    }
  })

const publication = (id: string, at: string, accurate: boolean) => ({
  kind: 'publication',
  publicationId: id,
  at,
  channel: 'website',
  accurate,
  title: '停水通知',
})

/**
 * October 2026 by hand: 10-08 all answered at once; 10-09 35 of 40 within 15 s (87.5 %); 10-10
 * (调休 Saturday) 36 of 40 exactly at the 90 % line, one abandoned; an inaccurate publication of three
 * on 10-12; 118 of 125 ratings satisfied (94.4 %); a ticket received 09-30 16:00 transferred 10-09
 * (due 10-08 24:00 across National Day) and one transferred on time on the adjusted Saturday; an
 * agent with their onboarding and in-service training; every week's facility checks.
 */
export function october(): object[] {
  const levels = (i: number) => (i < 100 ? 'satisfied' : i < 118 ? 'basically_satisfied' : 'dissatisfied')
  return [
    { kind: 'staff_event', staffId: 'A1', type: 'joined', at: '2025-12-01T09:00:00+08:00', role: 'agent' },
    { kind: 'training', staffId: 'A1', type: 'onboarding', at: '2025-12-31T18:00:00+08:00', days: 30 },
    { kind: 'training', staffId: 'A1', type: 'exam', at: '2026-01-02T10:00:00+08:00', passed: true },
    { kind: 'training', staffId: 'A1', type: 'practice', at: '2026-01-20T18:00:00+08:00', days: 15 },
    {
      kind: 'ticket_event',
      ticketId: LATE,
      type: 'received',
      at: '2026-09-30T16:00:00+08:00',
      channel: 'phone',
      needsTransfer: true,
    },
    ...['2026-10-01', '2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29'].flatMap((thursday) => [
      { kind: 'facility_check', type: 'safety', at: `${thursday}T10:00:00+08:00`, by: 'ops1' },
      { kind: 'facility_check', type: 'cleaning', at: `${thursday}T17:00:00+08:00`, by: 'ops2' },
    ]),
    ...calls('2026-10-08', 'CA', 40, 5),
    ...calls('2026-10-09', 'CB', 35, 10),
    ...calls('2026-10-09', 'CB', 5, 40, 35),
    {
      kind: 'ticket_event',
      ticketId: LATE,
      type: 'transferred',
      at: '2026-10-09T09:00:00+08:00',
      department: '住建局',
    },
    {
      kind: 'ticket_event',
      ticketId: ON_TIME,
      type: 'received',
      at: '2026-10-09T10:00:00+08:00',
      channel: 'web',
      needsTransfer: true,
    },
    publication('P1', '2026-10-09T11:00:00+08:00', true),
    publication('P2', '2026-10-09T15:00:00+08:00', true),
    ...calls('2026-10-10', 'CC', 36, 15),
    ...calls('2026-10-10', 'CC', 3, 20, 36),
    ...calls('2026-10-10', 'CC', 1, null, 39),
    {
      kind: 'ticket_event',
      ticketId: ON_TIME,
      type: 'transferred',
      at: '2026-10-10T17:00:00+08:00',
      department: '城管局',
    },
    publication('P3', '2026-10-12T09:00:00+08:00', true),
    publication('P4', '2026-10-12T10:00:00+08:00', false),
    publication('P5', '2026-10-12T11:00:00+08:00', true),
    ...Array.from({ length: 125 }, (_, i) => ({
      kind: 'rating',
      ticketId: `JY20261015-${String(i + 1).padStart(6, '0')}`,
      at: new Date(Date.parse('2026-10-15T10:00:00+08:00') + i * 60_000).toISOString(),
      level: levels(i),
    })),
    { kind: 'training', staffId: 'A1', type: 'in_service', at: '2026-10-20T14:00:00+08:00', hours: 16 },
  ]
}

const event = (ticketId: string, type: string, at: string, extra: object = {}) => ({
  kind: 'ticket_event',
  ticketId,
  type,
  at,
  ...extra,
})

/**
 * The awkward corners of a real export, as lines (some blank, some bad): records repeated with
 * other content (the first line wins), tickets that start mid-story, events out of order and
 * repeated, a second `received`, returns and callbacks, emergencies reported on time and late,
 * micro-platform submissions handled late, verified and unverified incidents (an emergency one too),
 * a newcomer's first duty without onboarding, staff leaving, a week without checks, and events after
 * the month.
 */
export function edgeCaseLines(): string[] {
  const records: object[] = [
    { kind: 'staff_event', staffId: 'A1', type: 'joined', at: '2025-12-01T09:00:00+08:00', role: 'agent' },
    { kind: 'staff_event', staffId: 'A2', type: 'joined', at: '2026-10-02T09:00:00+08:00', role: 'agent' },
    { kind: 'staff_event', staffId: 'A3', type: 'joined', at: '2026-01-02T09:00:00+08:00', role: 'agent' },
    { kind: 'staff_event', staffId: 'A3', type: 'left', at: '2026-10-20T18:00:00+08:00', role: 'agent' },
    { kind: 'training', staffId: 'A2', type: 'in_service', at: '2026-10-21T14:00:00+08:00', hours: 4 },
    ...calls('2026-10-13', 'E', 30, 8),
    ...calls('2026-10-13', 'E', 10, 30, 30),
    // The same call again with other content: the first line wins.
    { ...calls('2026-10-13', 'E', 1, 60)[0], agentId: 'A2' },
    ...calls('2026-10-14', 'F', 20, 5).map((c) => ({ ...c, agentId: 'A2' })),
    publication('Q1', '2026-10-14T09:00:00+08:00', false),
    publication('Q1', '2026-10-14T09:00:00+08:00', true),
    // Mid-story: first seen being transferred, then replied and closed.
    event('T-MID', 'transferred', '2026-10-12T10:00:00+08:00', { department: '水务局' }),
    event('T-MID', 'replied', '2026-10-16T10:00:00+08:00', { needsCallback: true }),
    event('T-MID', 'closed', '2026-10-23T10:00:00+08:00'),
    // Out of order: the transfer before the receipt; the receipt repeated.
    event('T-OOO', 'transferred', '2026-10-15T11:00:00+08:00', { department: '交通局' }),
    event('T-OOO', 'received', '2026-10-13T09:30:00+08:00', {
      channel: 'phone',
      needsTransfer: true,
      needsCallback: true,
    }),
    event('T-OOO', 'received', '2026-10-13T09:30:00+08:00', { channel: 'phone', needsTransfer: true }),
    event('T-OOO', 'replied', '2026-10-20T09:00:00+08:00'),
    // Returned by the department, transferred again late, replied, called back, closed.
    event('T-RET', 'received', '2026-10-19T09:00:00+08:00', {
      channel: 'sms',
      needsTransfer: true,
      needsCallback: true,
    }),
    event('T-RET', 'transferred', '2026-10-19T15:00:00+08:00', { department: '住建局' }),
    event('T-RET', 'returned', '2026-10-20T10:00:00+08:00', { reason: '非本部门职责' }),
    event('T-RET', 'transferred', '2026-10-26T10:00:00+08:00', { department: '城管局' }),
    event('T-RET', 'replied', '2026-10-27T10:00:00+08:00'),
    event('T-RET', 'callback_done', '2026-10-28T10:00:00+08:00'),
    event('T-RET', 'closed', '2026-10-28T11:00:00+08:00'),
    // Emergencies: one reported in time, one late, one received late at night and never reported.
    event('T-EM1', 'received', '2026-10-21T10:00:00+08:00', {
      channel: 'phone',
      emergency: true,
      needsTransfer: true,
    }),
    event('T-EM1', 'transferred', '2026-10-21T10:10:00+08:00', { department: '应急局' }),
    event('T-EM2', 'received', '2026-10-22T10:00:00+08:00', {
      channel: 'phone',
      emergency: true,
      needsTransfer: true,
    }),
    event('T-EM2', 'transferred', '2026-10-22T11:30:00+08:00', { department: '应急局' }),
    event('T-EM3', 'received', '2026-10-31T23:50:00+08:00', {
      channel: 'phone',
      emergency: true,
      needsTransfer: true,
    }),
    // Micro-platform submissions: handled in time, late, and a second `received` moving the receipt.
    event('T-WX1', 'received', '2026-10-09T09:00:00+08:00', { channel: 'wechat', needsTransfer: true }),
    event('T-WX1', 'transferred', '2026-10-09T11:00:00+08:00', { department: '市场监管局' }),
    event('T-WX2', 'received', '2026-10-16T17:00:00+08:00', { channel: 'miniprogram', needsTransfer: true }),
    event('T-WX2', 'closed', '2026-10-21T09:00:00+08:00'),
    event('T-WX3', 'received', '2026-09-30T20:00:00+08:00', { channel: 'wechat' }),
    event('T-WX3', 'received', '2026-10-02T08:00:00+08:00', { channel: 'miniprogram', needsTransfer: true }),
    event('T-WX3', 'transferred', '2026-10-10T08:00:00+08:00', { department: '文旅局' }),
    // Two returns, the earlier one listed last: the returns are numbered again (the index keeps both numberings).
    event('T-RE2', 'received', '2026-10-12T09:00:00+08:00', { channel: 'phone', needsTransfer: true }),
    event('T-RE2', 'transferred', '2026-10-12T10:00:00+08:00', { department: '住建局' }),
    event('T-RE2', 'returned', '2026-10-19T10:00:00+08:00', { reason: '非本部门职责' }),
    event('T-RE2', 'returned', '2026-10-13T10:00:00+08:00', { reason: '材料不全' }),
    event('T-RE2', 'transferred', '2026-10-14T10:00:00+08:00', { department: '城管局' }),
    // A transfer due in the month but done after it.
    event('T-LATE', 'received', '2026-10-29T09:00:00+08:00', { channel: 'web', needsTransfer: true }),
    event('T-LATE', 'transferred', '2026-11-03T09:00:00+08:00', { department: '教育局' }),
    {
      kind: 'incident',
      incidentId: 'I1',
      type: 'complaint',
      at: '2026-10-11T10:00:00+08:00',
      verified: true,
    },
    {
      kind: 'incident',
      incidentId: 'I2',
      type: 'inspection',
      at: '2026-10-18T10:00:00+08:00',
      verified: false,
    },
    {
      kind: 'incident',
      incidentId: 'I3',
      type: 'emergency',
      at: '2026-10-22T12:00:00+08:00',
      verified: true,
    },
    {
      kind: 'incident',
      incidentId: 'I4',
      type: 'micro_platform',
      at: '2026-10-24T12:00:00+08:00',
      verified: true,
    },
    {
      kind: 'incident',
      incidentId: 'I1',
      type: 'complaint',
      at: '2026-10-11T10:00:00+08:00',
      verified: false,
    },
    ...['2026-10-01', '2026-10-15', '2026-10-29'].flatMap((day) => [
      { kind: 'facility_check', type: 'safety', at: `${day}T10:00:00+08:00` },
      { kind: 'facility_check', type: 'cleaning', at: `${day}T16:00:00+08:00`, checkId: `C-${day}` },
    ]),
    ...Array.from({ length: 40 }, (_, i) => ({
      kind: 'rating',
      ticketId: `R${i}`,
      at: new Date(Date.parse('2026-10-20T10:00:00+08:00') + i * 60_000).toISOString(),
      level: i < 37 ? 'satisfied' : 'dissatisfied',
    })),
  ]
  const lines = records.map((r) => JSON.stringify(r))
  return [
    '',
    ...lines.slice(0, 10),
    '{"kind":"call","callId":"BAD","enqueuedAt":"2026-10-13T09:00:00+08:00","endedAt":"2026-10-13T08:00:00+08:00","answeredAt":null}',
    '   ',
    'not json',
    ...lines.slice(10),
  ]
}
