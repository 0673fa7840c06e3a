import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { type Fraction, pointsBeyond } from '../src/fraction'
import {
  firstDutyFromCalls,
  rosterAt,
  trainingInService,
  trainingOnboarding,
  turnoverAnnual,
  turnoverMonthly,
} from '../src/kpi/staff'
import type { KpiContext, KpiResult } from '../src/kpi/types'
import type { CallRecord, StaffEventRecord, TrainingRecord } from '../src/records'
import { jiyuan2026 } from '../src/terms'
import { toInstant } from '../src/time'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }

const joined = (staffId: string, at: string, role: 'agent' | 'ops' = 'agent'): StaffEventRecord => ({
  kind: 'staff_event',
  staffId,
  type: 'joined',
  at: toInstant(at),
  role,
})
const left = (staffId: string, at: string, role: 'agent' | 'ops' = 'agent'): StaffEventRecord => ({
  kind: 'staff_event',
  staffId,
  type: 'left',
  at: toInstant(at),
  role,
})

/** `n` agents A-001… who joined before the year. */
const team = (n: number, prefix = 'A'): StaffEventRecord[] =>
  Array.from({ length: n }, (_, i) =>
    joined(`${prefix}-${String(i + 1).padStart(3, '0')}`, '2025-06-01T01:00:00Z'),
  )

/** A monthly turnover result with a given rate, as the store would hand it back. */
const month = (period: string, num: number, den: number, ids: string[] = []): KpiResult => ({
  kpi: 'turnover',
  period,
  subject: null,
  value: { num, den },
  target: { kind: 'max', bp: 2000 },
  met: num * 10_000 <= 2000 * den,
  evidence: { ids, figures: { leavers: num, headcountAtMonthEnd: den - num } },
  termsVersion: 'jiyuan-2026@2026.1',
})
const months2026 = (rates: readonly [number, number][]): KpiResult[] =>
  rates.map(([num, den], i) => month(`2026-${String(i + 1).padStart(2, '0')}`, num, den))

const call = (callId: string, agentId: string | null, answeredAt: string | null): CallRecord => ({
  kind: 'call',
  callId,
  enqueuedAt: toInstant('2026-10-01T00:00:00Z'),
  endedAt: toInstant('2026-10-31T00:00:00Z'),
  answeredAt: answeredAt === null ? null : toInstant(answeredAt),
  agentId,
})

const training = (
  staffId: string,
  at: string,
  type: TrainingRecord['type'],
  amount: { days?: number; hours?: number; passed?: boolean },
): TrainingRecord => ({ kind: 'training', staffId, at: toInstant(at), type, ...amount })

/** Onboarding history finished before an October 12 first duty: 30 days, exam, 15 practice days. */
const fullOnboarding = (staffId: string): TrainingRecord[] => [
  training(staffId, '2026-08-31T09:00:00Z', 'onboarding', { days: 30 }),
  training(staffId, '2026-09-01T02:00:00Z', 'exam', { passed: true }),
  training(staffId, '2026-09-20T09:00:00Z', 'practice', { days: 15 }),
]

describe('§4.8 人员流失率 turnover — monthly: 当月离职人员数量/（当月离职人数+月末实际存留人员数量）', () => {
  it.each<[string, StaffEventRecord[], Fraction | null, number, number, string[], boolean | null]>([
    [
      '2 leavers, 48 remaining → 2/50',
      [...team(50), left('A-007', '2026-10-10T02:00:00Z'), left('A-003', '2026-10-20T02:00:00Z')],
      { num: 2, den: 50 },
      2,
      48,
      ['A-003', 'A-007'],
      true,
    ],
    [
      'ops staff are not front-line agents and are ignored',
      [
        ...team(9),
        joined('OPS-1', '2025-01-01T00:00:00Z', 'ops'),
        left('OPS-1', '2026-10-05T02:00:00Z', 'ops'),
        left('A-001', '2026-10-05T02:00:00Z'),
      ],
      { num: 1, den: 9 },
      1,
      8,
      ['A-001'],
      true,
    ],
    [
      'joined then left within the month: a leaver, not in the headcount',
      [...team(3), joined('N-1', '2026-10-02T01:00:00Z'), left('N-1', '2026-10-25T01:00:00Z')],
      { num: 1, den: 4 },
      1,
      3,
      ['N-1'],
      false,
    ],
    [
      'only a `left` event in the month (joined before the export): a leaver',
      [...team(4), left('X-9', '2026-10-15T01:00:00Z')],
      { num: 1, den: 5 },
      1,
      4,
      ['X-9'],
      true,
    ],
    [
      'events out of order give the same result',
      [left('B-2', '2026-10-15T01:00:00Z'), ...team(3).reverse(), joined('B-2', '2026-03-01T01:00:00Z')],
      { num: 1, den: 4 },
      1,
      3,
      ['B-2'],
      false,
    ],
    [
      'left and re-joined within the month: a leaver and in the headcount',
      [...team(3), left('A-001', '2026-10-05T01:00:00Z'), joined('A-001', '2026-10-20T01:00:00Z')],
      { num: 1, den: 4 },
      1,
      3,
      ['A-001'],
      false,
    ],
    [
      'left at 2026-10-31T16:00:00Z is local Nov 1: not an October leaver, still in October headcount',
      [...team(3), left('A-002', '2026-10-31T16:00:00Z')],
      { num: 0, den: 3 },
      0,
      3,
      [],
      true,
    ],
    [
      'left at 2026-10-31T15:59:59Z is local Oct 31: an October leaver',
      [...team(3), left('A-002', '2026-10-31T15:59:59Z')],
      { num: 1, den: 3 },
      1,
      2,
      ['A-002'],
      false,
    ],
    [
      'joined at local Nov 1 00:00 is not in the October headcount',
      [...team(2), joined('N-2', '2026-10-31T16:00:00Z')],
      { num: 0, den: 2 },
      0,
      2,
      [],
      true,
    ],
    ['no agent at all → no data', [joined('OPS-1', '2025-01-01T00:00:00Z', 'ops')], null, 0, 0, [], null],
  ])('%s', (_name, events, value, leavers, headcount, ids, met) => {
    const r = turnoverMonthly(events, '2026-10', ctx)
    expect(r).toMatchObject({
      kpi: 'turnover',
      period: '2026-10',
      subject: null,
      value,
      target: { kind: 'max', bp: 2000 },
      met,
      termsVersion: 'jiyuan-2026@2026.1',
    })
    expect(r.evidence.ids).toEqual(ids)
    expect(r.evidence.figures).toEqual({ leavers, headcountAtMonthEnd: headcount })
  })

  it('counts a person who left twice in the month once', () => {
    const events = [
      ...team(3),
      left('A-001', '2026-10-05T01:00:00Z'),
      joined('A-001', '2026-10-06T01:00:00Z'),
      left('A-001', '2026-10-07T01:00:00Z'),
    ]
    expect(turnoverMonthly(events, '2026-10', ctx).value).toEqual({ num: 1, den: 3 })
  })

  it('caps evidence ids at MAX_EVIDENCE_IDS, sorted by staff id', () => {
    const events = [...team(80), ...team(80).map((e) => left(e.staffId, '2026-10-10T01:00:00Z'))]
    const r = turnoverMonthly(events, '2026-10', ctx)
    expect(r.value).toEqual({ num: 80, den: 80 })
    expect(r.evidence.ids).toHaveLength(50)
    expect(r.evidence.ids[0]).toBe('A-001')
    expect(r.evidence.ids[49]).toBe('A-050')
  })

  it('rejects a malformed month', () => {
    expect(() => turnoverMonthly([], '2026-13', ctx)).toThrow(RangeError)
  })
})

describe('§4.8 人员流失率 turnover — annual: 年人员流失率为每月人员流失率的平均值, ≤ 20%', () => {
  it.each<[string, KpiResult[], Fraction | null, boolean | null, number]>([
    [
      'six months at 1/10 and six at 3/10 → exactly 1/5 = 20% (met)',
      months2026([...Array(6).fill([1, 10]), ...Array(6).fill([3, 10])]),
      { num: 1, den: 5 },
      true,
      12,
    ],
    [
      'months averaging 47/200 = 23.5% (not met)',
      months2026([...Array(6).fill([1, 5]), ...Array(6).fill([27, 100])]),
      { num: 47, den: 200 },
      false,
      12,
    ],
    [
      'months without data are left out of the mean',
      [
        month('2026-01', 1, 10),
        { ...month('2026-02', 0, 1), value: null, met: null },
        month('2026-03', 1, 5),
      ],
      { num: 3, den: 20 },
      true,
      2,
    ],
    [
      'months of another year and other KPIs are ignored',
      [month('2026-05', 1, 4), month('2025-12', 9, 10), { ...month('2026-06', 9, 10), kpi: 'satisfaction' }],
      { num: 1, den: 4 },
      false,
      1,
    ],
    ['no month with data → no data', [], null, null, 0],
  ])('%s', (_name, monthly, value, met, monthsWithData) => {
    const r = turnoverAnnual(monthly, 2026, ctx)
    expect(r).toMatchObject({
      kpi: 'turnover',
      period: '2026',
      subject: null,
      value,
      target: { kind: 'max', bp: 2000 },
      met,
    })
    expect(r.evidence.figures.monthsWithData).toBe(monthsWithData)
    expect(r.evidence.figures.exact).toBe(true)
  })

  it('SPEC §5 worked check: 23.5% is 7/2 points above 20% (3 whole points), met false', () => {
    const r = turnoverAnnual(months2026([...Array(6).fill([1, 5]), ...Array(6).fill([27, 100])]), 2026, ctx)
    expect(r.met).toBe(false)
    expect(r.value).not.toBeNull()
    if (r.value) expect(pointsBeyond(r.value, 2000, 'above')).toEqual({ num: 7, den: 2 })
  })

  it('gives each month its rate as a figure and gathers the leavers, each once', () => {
    const r = turnoverAnnual(
      [month('2026-02', 1, 20, ['A-2', 'A-1']), month('2026-01', 1, 3, ['A-1'])],
      2026,
      ctx,
    )
    expect(r.evidence.figures).toEqual({
      monthsWithData: 2,
      exact: true,
      '2026-01': '33.33%',
      '2026-02': '5.00%',
    })
    expect(r.evidence.ids).toEqual(['A-1', 'A-2'])
    expect(r.value).toEqual({ num: 23, den: 120 })
  })

  it('ignores months outside the contract period', () => {
    const terms = {
      ...jiyuan2026,
      contract: { ...jiyuan2026.contract, start: '2026-03-15', end: '2026-10-31' },
    }
    const r = turnoverAnnual(
      [month('2026-01', 9, 10), month('2026-03', 1, 10), month('2026-10', 3, 10), month('2026-11', 9, 10)],
      2026,
      { ...ctx, terms },
    )
    expect(r.value).toEqual({ num: 1, den: 5 })
    expect(r.evidence.figures.monthsWithData).toBe(2)
    expect(r.evidence.figures['2026-01']).toBeUndefined()
  })

  it('a repeated identical month counts once; two different results for one month are refused', () => {
    expect(turnoverAnnual([month('2026-01', 1, 10), month('2026-01', 1, 10)], 2026, ctx).value).toEqual({
      num: 1,
      den: 10,
    })
    expect(() => turnoverAnnual([month('2026-01', 1, 10), month('2026-01', 2, 10)], 2026, ctx)).toThrow(
      RangeError,
    )
  })

  it('decides met exactly even when the mean is too large to hold exactly', () => {
    // Twelve coprime-ish denominators make the exact mean's denominator exceed 2^53.
    const dens = [9973, 9967, 9949, 9941, 9931, 9929, 9923, 9901, 9887, 9883, 9871, 9859]
    const rates = dens.map((d) => [Math.floor(d / 5), d] as [number, number])
    const r = turnoverAnnual(months2026(rates), 2026, ctx)
    expect(r.evidence.figures.exact).toBe(false)
    expect(r.met).toBe(true)
    expect(r.value?.den).toBe(1_000_000_000_000)
  })

  it('rejects a non-integer year', () => {
    expect(() => turnoverAnnual([], 2026.5, ctx)).toThrow(RangeError)
  })
})

describe('§5(三)2–3 first duty: 上岗', () => {
  it('is each agent’s earliest answered call; abandoned and agentless calls are skipped', () => {
    const first = firstDutyFromCalls([
      call('c3', 'A-1', '2026-10-14T01:00:00Z'),
      call('c1', 'A-1', '2026-10-12T01:03:00Z'),
      call('c2', 'A-2', '2026-10-13T05:00:00Z'),
      call('c4', 'A-3', null),
      call('c5', null, null),
    ])
    expect([...first].sort()).toEqual([
      ['A-1', '2026-10-12T01:03:00.000Z'],
      ['A-2', '2026-10-13T05:00:00.000Z'],
    ])
  })
})

describe('§5(三)2–3 training.onboarding: 入职培训不少于30天, 通过培训考试, 上岗前现场实习半个月以上', () => {
  const duty = '2026-10-12T01:00:00.000Z'
  it.each<[string, TrainingRecord[], boolean, number, boolean, number, string]>([
    ['30 days + passed exam + 15 practice days → met', fullOnboarding('N-1'), true, 30, true, 15, ''],
    [
      '29 onboarding days → not met',
      [
        training('N-1', '2026-08-31T09:00:00Z', 'onboarding', { days: 29 }),
        ...fullOnboarding('N-1').slice(1),
      ],
      false,
      29,
      true,
      15,
      'onboarding',
    ],
    [
      'onboarding in two parts adding to 30 days → met',
      [
        training('N-1', '2026-08-10T09:00:00Z', 'onboarding', { days: 12.5 }),
        training('N-1', '2026-08-31T09:00:00Z', 'onboarding', { days: 17.5 }),
        ...fullOnboarding('N-1').slice(1),
      ],
      true,
      30,
      true,
      15,
      '',
    ],
    [
      'exam failed → not met',
      [
        training('N-1', '2026-08-31T09:00:00Z', 'onboarding', { days: 30 }),
        training('N-1', '2026-09-01T02:00:00Z', 'exam', { passed: false }),
        training('N-1', '2026-09-20T09:00:00Z', 'practice', { days: 15 }),
      ],
      false,
      30,
      false,
      15,
      'exam',
    ],
    [
      'failed then passed a re-sit → met',
      [
        training('N-1', '2026-08-31T09:00:00Z', 'onboarding', { days: 30 }),
        training('N-1', '2026-09-01T02:00:00Z', 'exam', { passed: false }),
        training('N-1', '2026-09-05T02:00:00Z', 'exam', { passed: true }),
        training('N-1', '2026-09-20T09:00:00Z', 'practice', { days: 15 }),
      ],
      true,
      30,
      true,
      15,
      '',
    ],
    [
      '14 practice days → not met',
      [
        ...fullOnboarding('N-1').slice(0, 2),
        training('N-1', '2026-09-20T09:00:00Z', 'practice', { days: 14 }),
      ],
      false,
      30,
      true,
      14,
      'practice',
    ],
    [
      'training after (or at) the first duty is not counted',
      [
        training('N-1', '2026-10-12T01:00:00Z', 'onboarding', { days: 30 }),
        training('N-1', '2026-10-13T02:00:00Z', 'exam', { passed: true }),
        training('N-1', '2026-09-20T09:00:00Z', 'practice', { days: 15 }),
      ],
      false,
      0,
      false,
      15,
      'onboarding,exam',
    ],
    [
      'another person’s training does not count',
      fullOnboarding('N-2'),
      false,
      0,
      false,
      0,
      'onboarding,exam,practice',
    ],
  ])('%s', (_name, trainings, met, onboardingDays, examPassed, practiceDays, missing) => {
    const results = trainingOnboarding(
      { firstDutyAt: new Map([['N-1', duty]]), trainings, staffEvents: [] },
      '2026-10',
      ctx,
    )
    expect(results).toEqual([
      {
        kpi: 'training.onboarding',
        period: '2026-10',
        subject: 'N-1',
        value: null,
        target: null,
        met,
        evidence: {
          ids: ['N-1'],
          figures: { firstDutyAt: duty, onboardingDays, examPassed, practiceDays, missing },
        },
        termsVersion: 'jiyuan-2026@2026.1',
      },
    ])
  })

  it('evaluates only first duties in the month (local), skips ops staff, keeps unknown roles', () => {
    const firstDutyAt = new Map([
      ['N-3', '2026-10-20T01:00:00.000Z'],
      ['N-1', '2026-10-12T01:00:00.000Z'],
      ['OPS-1', '2026-10-12T01:00:00.000Z'],
      ['N-2', '2026-09-30T16:00:00.000Z'], // local 2026-10-01 00:00
      ['OLD', '2026-09-30T15:59:59.000Z'], // local 2026-09-30
    ])
    const staffEvents = [
      joined('OPS-1', '2026-09-01T01:00:00Z', 'ops'),
      joined('N-1', '2026-08-01T01:00:00Z', 'agent'),
    ]
    const results = trainingOnboarding(
      { firstDutyAt, trainings: [...fullOnboarding('N-1'), ...fullOnboarding('N-3')], staffEvents },
      '2026-10',
      ctx,
    )
    expect(results.map((r) => [r.subject, r.met])).toEqual([
      ['N-2', false],
      ['N-1', true],
      ['N-3', true],
    ])
  })

  it('does not ask for an exam when the terms do not require one', () => {
    const terms = {
      ...jiyuan2026,
      kpis: { ...jiyuan2026.kpis, training: { ...jiyuan2026.kpis.training, examRequired: false } },
    }
    const trainings = [fullOnboarding('N-1')[0], fullOnboarding('N-1')[2]].filter(
      (t): t is TrainingRecord => t !== undefined,
    )
    const [r] = trainingOnboarding(
      { firstDutyAt: new Map([['N-1', duty]]), trainings, staffEvents: [] },
      '2026-10',
      { ...ctx, terms },
    )
    expect(r?.met).toBe(true)
    expect(r?.evidence.figures.examPassed).toBe(false)
    expect(r?.evidence.figures.missing).toBe('')
  })
})

describe('§5(三)2 training.in_service: 培训时间每人每月不少于16课时', () => {
  const staff = [
    joined('A-1', '2025-06-01T01:00:00Z'),
    joined('A-2', '2025-06-01T01:00:00Z'),
    joined('A-3', '2026-10-10T01:00:00Z'), // joined mid-month
    joined('A-4', '2025-06-01T01:00:00Z'),
    left('A-4', '2026-10-20T01:00:00Z'), // left mid-month
    joined('A-5', '2026-09-30T16:00:00Z'), // local 2026-10-01 00:00: not before the month
    joined('OPS-1', '2025-06-01T01:00:00Z', 'ops'),
    joined('A-6', '2025-06-01T01:00:00Z'),
    left('A-6', '2026-09-15T01:00:00Z'), // gone before the month
    joined('A-7', '2025-06-01T01:00:00Z'),
    left('A-7', '2026-10-31T16:00:00Z'), // local Nov 1: employed all October
  ]
  const trainings = [
    training('A-1', '2026-10-08T01:00:00Z', 'in_service', { hours: 10 }),
    training('A-1', '2026-10-22T01:00:00Z', 'in_service', { hours: 6 }),
    training('A-2', '2026-10-08T01:00:00Z', 'in_service', { hours: 14 }),
    training('A-2', '2026-10-22T01:00:00Z', 'in_service', { hours: 1.5 }),
    training('A-2', '2026-09-30T15:00:00Z', 'in_service', { hours: 4 }), // local Sep 30
    training('A-7', '2026-10-31T15:00:00Z', 'in_service', { hours: 16 }), // local Oct 31 23:00
    training('A-3', '2026-10-12T01:00:00Z', 'in_service', { hours: 20 }),
    training('A-1', '2026-10-05T01:00:00Z', 'onboarding', { days: 3 }),
  ]

  it.each<[string, string, Fraction, boolean, number]>([
    ['16 h → met', 'A-1', { num: 960, den: 60 }, true, 16],
    ['15.5 h → not met (September hours do not count)', 'A-2', { num: 930, den: 60 }, false, 15.5],
    ['a leaver at local Nov 1 is evaluated for October', 'A-7', { num: 960, den: 60 }, true, 16],
  ])('%s', (_name, staffId, value, met, hours) => {
    const r = trainingInService({ trainings, staffEvents: staff }, '2026-10', ctx).find(
      (x) => x.subject === staffId,
    )
    expect(r).toEqual({
      kpi: 'training.in_service',
      period: '2026-10',
      subject: staffId,
      value,
      target: { kind: 'minCount', count: 16 },
      met,
      evidence: { ids: [staffId], figures: { hours } },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it('evaluates only agents employed the whole month (not joined or left mid-month, not ops)', () => {
    const results = trainingInService({ trainings, staffEvents: staff }, '2026-10', ctx)
    expect(results.map((r) => r.subject)).toEqual(['A-1', 'A-2', 'A-7'])
  })

  it('an employed agent with no training has 0 hours → not met', () => {
    const [r] = trainingInService(
      { trainings: [], staffEvents: [joined('A-1', '2025-06-01T01:00:00Z')] },
      '2026-10',
      ctx,
    )
    expect(r?.value).toEqual({ num: 0, den: 60 })
    expect(r?.met).toBe(false)
  })
})

describe('rosterAt: who is on the books at an instant', () => {
  const events: StaffEventRecord[] = [
    { ...joined('A-002', '2026-03-01T01:00:00Z'), name: '李强' },
    left('A-002', '2026-10-20T02:00:00Z'),
    { ...joined('A-001', '2026-01-05T01:00:00Z'), name: '王芳' },
    joined('O-001', '2026-02-01T01:00:00Z', 'ops'),
    // Joined and left at the same instant: gone.
    joined('A-009', '2026-05-01T01:00:00Z'),
    left('A-009', '2026-05-01T01:00:00Z'),
  ]

  it('lists those whose latest event before the instant is a joining, by id, with role, since and name', () => {
    expect(rosterAt(events, Date.parse('2026-10-15T00:00:00Z'))).toEqual([
      { staffId: 'A-001', role: 'agent', since: '2026-01-05T01:00:00.000Z', name: '王芳' },
      { staffId: 'A-002', role: 'agent', since: '2026-03-01T01:00:00.000Z', name: '李强' },
      { staffId: 'O-001', role: 'ops', since: '2026-02-01T01:00:00.000Z', name: undefined },
    ])
    expect(rosterAt(events, Date.parse('2026-11-01T00:00:00Z')).map((p) => p.staffId)).toEqual([
      'A-001',
      'O-001',
    ])
  })

  it('is the month-end headcount of the turnover KPI', () => {
    const agents = events.filter((e) => e.role === 'agent')
    const result = turnoverMonthly(events, '2026-10', ctx)
    expect(result.evidence.figures.headcountAtMonthEnd).toBe(
      rosterAt(agents, Date.parse('2026-10-31T16:00:00Z')).length,
    )
    expect(result.value).toEqual({ num: 1, den: 2 })
  })
})
