/**
 * The month close's pure rules (issue 10): the 确认单 number, its KPI rows and deductions, the
 * decisions a reviewer may make, the month the app opens on, and old stored items still parsing.
 */
import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import {
  adjustmentCeilingFen,
  bulkDecisionRefusal,
  decisionRefusal,
  deductionConflict,
} from '../src/deductions/decision'
import {
  type CloseKpiRow,
  closeKpiRows,
  closeNumber,
  closeSnapshot,
  currentMonth,
  MonthRecord,
  type MonthSummary,
  monthSummaries,
  objectionDueAfter,
  standingAsOf,
  standingDecided,
} from '../src/deductions/month-close'
import { draftObjectionWindowClosed, monthClosing, pendingDrafts } from '../src/deductions/month-conflicts'
import { Deduction } from '../src/deductions/record'
import type { KpiId, KpiResult } from '../src/kpi/types'
import { jiyuan2026 } from '../src/terms'

const MONTH = '2026-10'

function result(kpi: KpiId, period: string, met: boolean | null, extra: Partial<KpiResult> = {}): KpiResult {
  return {
    kpi,
    period,
    subject: null,
    value: null,
    target: null,
    met,
    evidence: { ids: [], figures: {} },
    termsVersion: 'jiyuan-2026@2026.1',
    ...extra,
  }
}

/** A KPI row of the month on the 确认单: without a value or target, not judged per day, unless given. */
const row = (kpi: KpiId, met: boolean | null, extra: Partial<CloseKpiRow> = {}): CloseKpiRow => ({
  kpi,
  period: MONTH,
  value: null,
  target: null,
  met,
  daysBelow: null,
  daysMeasured: null,
  figures: {},
  ...extra,
})

/** A deduction as an item written before `previousDecisions` and `frozenBy` existed. */
const oldItem = (id: string, status: string, amountFen: number, extra: object = {}) => ({
  deductionId: id,
  billingMonth: MONTH,
  kpi: id.split(':')[0],
  period: id.split(':')[1],
  subject: null,
  status,
  draft: {
    amountFen,
    clause: '§4.5',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: null, target: null },
    evidence: { ids: [], figures: {} },
    formula: { zh: `扣除${amountFen / 100}元`, en: `deduct ¥${amountFen / 100}` },
  },
  amountFen,
  finalAmountFen: status === 'draft' ? null : amountFen,
  decision:
    status === 'draft'
      ? null
      : { decision: status, by: 'reviewer', at: '2026-11-02T02:00:00.000Z', amountFen, reason: null },
  objection: null,
  withdrawal: false,
  supersedes: null,
  supersededBy: null,
  revisions: [],
  version: 2,
  draftedAt: '2026-11-01T01:00:00.000Z',
  updatedAt: '2026-11-02T02:00:00.000Z',
  audit: [],
  ...extra,
})

describe('stored items', () => {
  it('parses a deduction and a month item written before the close existed', () => {
    const deduction = Deduction.parse(oldItem('answer_15s:2026-10-09', 'approved', 20_000))
    expect(deduction).toMatchObject({ previousDecisions: [], frozenBy: null })
    expect(MonthRecord.parse({ month: MONTH, resultsAt: '2026-11-01T01:00:00.000Z' })).toEqual({
      month: MONTH,
      resultsAt: '2026-11-01T01:00:00.000Z',
      state: 'open',
      number: null,
      closeCount: 0,
      closedAt: null,
      closedBy: null,
      termsVersion: null,
      snapshot: null,
      objectionDue: null,
      contractor: { state: 'pending', by: null, at: null, text: null },
      closing: null,
      version: 1,
      audit: [],
    })
  })
})

describe('the 确认单', () => {
  it('is numbered per month and per close', () => {
    expect(closeNumber('2026-10', 1)).toBe('KH-202610-01')
    expect(closeNumber('2026-12', 12)).toBe('KH-202612-12')
  })

  it('gives the contractor five working days after the close, to 24:00 Beijing time', () => {
    // Closed 2026-09-30: National Day does not count, the 调休 Saturday 10-10 does: 10-08, 09, 10, 12, 13.
    const due = objectionDueAfter('2026-09-30T02:00:00.000Z', jiyuan2026, createCalendar())
    expect(due).toBe('2026-10-13T16:00:00.000Z')
  })

  it('has one row per KPI: the month value, days below target and days measured for the rates judged daily', () => {
    const target = { kind: 'min', bp: 9000 } as const
    const rows = closeKpiRows(
      [
        result('answer_15s', '2026-10-09', false, { value: { num: 17, den: 20 }, target }),
        result('answer_15s', '2026-10-10', true, { value: { num: 30, den: 30 }, target }),
        result('answer_15s', '2026-10-11', null, { target }),
        // The monthly job's roll-up: the month's own value, reported (met null).
        result('answer_15s', MONTH, null, {
          value: { num: 47, den: 50 },
          target,
          evidence: { ids: ['2026-10-09'], figures: { daysBelowTarget: 1 } },
        }),
        result('connection', '2026-10-09', true, { value: { num: 9, den: 10 }, target }),
        result('connection', '2026-10-10', true, { value: { num: 1, den: 10 }, target }),
        result('safety_check', '2026-W41', false),
        result('safety_check', '2026-W42', true),
        result('service_error.transfer', '2026-10-09', false, { subject: 'T1' }),
        result('service_error.transfer', '2026-10-09', true, { subject: 'T2' }),
        result('turnover', MONTH, true, { value: { num: 1, den: 50 } }),
      ],
      MONTH,
    )
    expect(rows).toEqual([
      // Events are counted, not judged day by day: no days below target.
      row('service_error.transfer', false, { figures: { results: 2, breaches: 1 } }),
      row('connection', true, {
        value: { num: 10, den: 20 },
        target,
        daysBelow: 0,
        daysMeasured: 2,
        figures: { results: 2, breaches: 0 },
      }),
      row('answer_15s', false, {
        value: { num: 47, den: 50 },
        target,
        daysBelow: 1,
        daysMeasured: 2,
        figures: { daysBelowTarget: 1 },
      }),
      row('turnover', true, { value: { num: 1, den: 50 } }),
      row('safety_check', false, { figures: { results: 2, breaches: 1 } }),
    ])
  })

  it('lists the decided deductions that stand, with their total and the ¥0 records counted', () => {
    const deductions = [
      oldItem('answer_15s:2026-10-09', 'approved', 20_000),
      oldItem('connection:2026-10-09', 'adjusted', 20_000, {
        finalAmountFen: 5_000,
        decision: { decision: 'adjusted', by: 'r', at: 'x', amountFen: 5_000, reason: '系统故障' },
      }),
      oldItem('safety_check:2026-W41', 'acknowledged', 0),
      // Replaced by a decided successor: its successor stands instead.
      oldItem('publish_accuracy:2026-10-09', 'approved', 660_000, {
        supersededBy: 'publish_accuracy:2026-10-09~2',
      }),
      oldItem('publish_accuracy:2026-10-09~2', 'approved', 500_000, {
        supersedes: 'publish_accuracy:2026-10-09',
      }),
      // A withdrawal (the breach went away) is not on the bill.
      oldItem('answer_15s:2026-10-10~2', 'acknowledged', 0, { withdrawal: true }),
      oldItem('answer_15s:2026-10-11', 'draft', 20_000),
    ].map((item) => Deduction.parse(item))
    const snapshot = closeSnapshot(MONTH, [], deductions)
    expect(snapshot.deductions.map((d) => [d.deductionId, d.finalAmountFen, d.reason])).toEqual([
      ['answer_15s:2026-10-09', 20_000, null],
      ['connection:2026-10-09', 5_000, '系统故障'],
      ['safety_check:2026-W41', 0, null],
      ['publish_accuracy:2026-10-09~2', 500_000, null],
    ])
    expect(snapshot).toMatchObject({ totalFen: 525_000, count: 4, zeroCount: 1, kpis: [] })
    // An undecided successor (late data) leaves its predecessor standing.
    const late = deductions.map((d) =>
      d.deductionId.endsWith('~2') && !d.withdrawal ? { ...d, status: 'draft' as const } : d,
    )
    expect(standingDecided(late).map((d) => d.deductionId)).toContain('publish_accuracy:2026-10-09')
  })
})

describe('the deductions that stand on a date (the payment statement)', () => {
  /** A decided `item` as decided at `at`. */
  const decidedAt = (item: ReturnType<typeof oldItem>, at: string) => ({
    ...item,
    decision: { ...item.decision, at },
    updatedAt: at,
  })
  const ids = (deductions: readonly Deduction[]) => deductions.map((d) => d.deductionId)

  it('counts a decided withdrawal as nothing: neither it nor the decision it withdrew stands', () => {
    const deductions = [
      oldItem('answer_15s:2026-10-09', 'approved', 20_000, { supersededBy: 'answer_15s:2026-10-09~2' }),
      decidedAt(
        oldItem('answer_15s:2026-10-09~2', 'acknowledged', 0, {
          withdrawal: true,
          supersedes: 'answer_15s:2026-10-09',
          draftedAt: '2026-11-20T02:00:00.000Z',
        }),
        '2026-11-25T02:00:00.000Z',
      ),
      // Awaiting review: the withdrawal drafted, its predecessor's decision still in force.
      oldItem('connection:2026-10-09', 'approved', 20_000, { supersededBy: 'connection:2026-10-09~2' }),
      oldItem('connection:2026-10-09~2', 'draft', 0, {
        withdrawal: true,
        supersedes: 'connection:2026-10-09',
      }),
      oldItem('safety_check:2026-W41', 'acknowledged', 0),
      oldItem('answer_15s:2026-10-11', 'draft', 20_000),
      // A draft the job withdrew (the breach went away before any decision).
      oldItem('answer_15s:2026-10-12', 'withdrawn', 20_000, { decision: null, finalAmountFen: null }),
    ].map((item) => Deduction.parse(item))
    expect(ids(standingAsOf(deductions, '2026-12-06'))).toEqual([
      'connection:2026-10-09',
      'connection:2026-10-09~2',
      'safety_check:2026-W41',
      'answer_15s:2026-10-11',
    ])
  })

  it('judges a successor by what was decided on the date: one decided later leaves its predecessor standing', () => {
    const deductions = [
      oldItem('publish_accuracy:2026-10-09', 'approved', 660_000, {
        supersededBy: 'publish_accuracy:2026-10-09~2',
      }),
      decidedAt(
        oldItem('publish_accuracy:2026-10-09~2', 'approved', 500_000, {
          supersedes: 'publish_accuracy:2026-10-09',
          draftedAt: '2026-11-20T02:00:00.000Z',
        }),
        '2026-11-25T02:00:00.000Z',
      ),
      decidedAt(
        oldItem('answer_15s:2026-10-09', 'approved', 20_000, { supersededBy: 'answer_15s:2026-10-09~2' }),
        '2026-11-02T02:00:00.000Z',
      ),
      decidedAt(
        oldItem('answer_15s:2026-10-09~2', 'acknowledged', 0, {
          withdrawal: true,
          supersedes: 'answer_15s:2026-10-09',
          draftedAt: '2026-11-20T02:00:00.000Z',
        }),
        '2026-11-25T02:00:00.000Z',
      ),
    ].map((item) => Deduction.parse(item))
    // On 11-22 both successors were drafts awaiting review: the decisions they replace still stood.
    expect(ids(standingAsOf(deductions, '2026-11-22'))).toEqual([
      'publish_accuracy:2026-10-09',
      'publish_accuracy:2026-10-09~2',
      'answer_15s:2026-10-09',
      'answer_15s:2026-10-09~2',
    ])
    // The day they were decided (Beijing time), the successors replaced them.
    expect(ids(standingAsOf(deductions, '2026-11-25'))).toEqual(['publish_accuracy:2026-10-09~2'])
    // Judged on today's decisions, the same rule is `standingDecided`'s.
    expect(ids(standingDecided(deductions))).toEqual(['publish_accuracy:2026-10-09~2'])
  })
})

describe('decisions', () => {
  const terms = jiyuan2026

  it('records ¥0 breaches, approves charged ones, and confirms an adjustment above the draft', () => {
    expect(decisionRefusal({ decision: 'acknowledged' }, 0, terms)).toBeNull()
    expect(decisionRefusal({ decision: 'acknowledged' }, 20_000, terms)?.code).toBe('not_zero_amount')
    expect(decisionRefusal({ decision: 'approved' }, 0, terms)?.code).toBe('zero_amount_acknowledge')
    expect(decisionRefusal({ decision: 'rejected' }, 0, terms)).toBeNull()
    expect(decisionRefusal({ decision: 'adjusted', amountFen: 20_001 }, 20_000, terms)).toMatchObject({
      code: 'confirmation_required',
      field: 'confirmAboveDraft',
    })
    expect(
      decisionRefusal({ decision: 'adjusted', amountFen: 20_001, confirmAboveDraft: true }, 20_000, terms),
    ).toBeNull()
    // At most three times the draft (the terms' factor), never above the smallest instalment.
    expect(
      decisionRefusal({ decision: 'adjusted', amountFen: 60_000, confirmAboveDraft: true }, 20_000, terms),
    ).toBeNull()
    expect(
      decisionRefusal({ decision: 'adjusted', amountFen: 60_001, confirmAboveDraft: true }, 20_000, terms),
    ).toMatchObject({ code: 'adjustment_above_limit', field: 'amountFen' })
    // The probe: 20,000 fen adjusted to 20,000,000.
    expect(
      decisionRefusal({ decision: 'adjusted', amountFen: 20_000_000, confirmAboveDraft: true }, 20_000, terms)
        ?.zh,
    ).toContain('3 倍')
    expect(adjustmentCeilingFen(20_000, jiyuan2026)).toBe(60_000)
    expect(adjustmentCeilingFen(100_000_000, jiyuan2026)).toBe(32_659_200)
    // A ¥0 breach is recorded; the contract charges nothing for it, so no adjustment makes it charge.
    expect(
      decisionRefusal({ decision: 'adjusted', amountFen: 1, confirmAboveDraft: true }, 0, terms),
    ).toMatchObject({ code: 'adjustment_above_limit', zh: expect.stringContaining('请选择“记录”') })
    expect(bulkDecisionRefusal('acknowledged', [0, 0, 100])?.zh).toContain('1 条')
    expect(bulkDecisionRefusal('approved', [0, 100])?.code).toBe('zero_amount_acknowledge')
    expect(bulkDecisionRefusal('approved', [100, 200])).toBeNull()
  })

  it('names why a write on a deduction lost, without ids in Chinese', () => {
    const approved = Deduction.parse(oldItem('answer_15s:2026-10-09', 'approved', 20_000))
    expect(deductionConflict(approved, 'decide', 2)).toMatchObject({
      code: 'already_decided',
      zh: '这条扣款已经审核过了（已批准）',
    })
    expect(deductionConflict({ ...approved, frozenBy: 'KH-202610-01' }, 'reopen', 2).code).toBe('frozen')
    expect(deductionConflict(approved, 'reopen', 1)).toMatchObject({
      code: 'stale_version',
      zh: '这条扣款已被他人修改，请刷新后再审核',
    })
    const draft = Deduction.parse(oldItem('answer_15s:2026-10-09', 'draft', 20_000))
    expect(deductionConflict(draft, 'reopen', 2).code).toBe('not_decided')
  })
})

describe('refusals in both languages', () => {
  it('names a month being closed, a late objection to a draft, and the drafts pending in yuan', () => {
    expect(monthClosing({ month: MONTH, number: 'KH-202610-01' })).toEqual({
      code: 'frozen',
      en: 'month 2026-10 is being closed (KH-202610-01): try again when it is done',
      zh: '本月正在进行月度确认，请稍后再试',
    })
    const window = { due: '2026-10-16T16:00:00.000Z', lastDay: '2026-10-16' }
    expect(draftObjectionWindowClosed(window, 5)).toEqual({
      code: 'objection_window_closed',
      en: 'the objection window closed at 2026-10-16T16:00:00.000Z (5 working days after drafting)',
      zh: '申诉期已过（截至2026-10-16 24:00）',
    })
    expect(pendingDrafts(MONTH, 2, 680_000)).toMatchObject({
      code: 'pending_drafts',
      en: '2 deductions of 2026-10 still pending review (¥6,800.00): decide them before closing',
    })
  })
})

describe('the month the app opens on', () => {
  const tally = (count: number, amountFen = count * 100) => ({ count, amountFen })
  /** An open month without a 确认单, with `pending` drafts and `decided` deductions. */
  const month = (m: string, hasResults: boolean, pending = tally(0), decided = tally(0)): MonthSummary => ({
    month: m,
    hasResults,
    state: 'open',
    number: null,
    pending,
    decided,
  })

  it('is the oldest with pending drafts, else the latest with results, else none', () => {
    expect(
      currentMonth([
        month('2026-11', true),
        month('2026-10', true, tally(2)),
        month('2026-09', false, tally(1)),
      ]),
    ).toBe('2026-09')
    expect(currentMonth([month('2026-09', true), month('2026-11', true), month('2026-12', false)])).toBe(
      '2026-11',
    )
    expect(currentMonth([])).toBeNull()
  })

  it('lists every month with an item or a deduction, newest first', () => {
    const deductions = [
      Deduction.parse(oldItem('answer_15s:2026-09-30', 'draft', 20_000, { billingMonth: '2026-09' })),
      Deduction.parse(oldItem('answer_15s:2026-10-09', 'approved', 20_000)),
    ]
    const months = monthSummaries([MonthRecord.parse({ month: '2026-10', resultsAt: 'x' })], deductions)
    expect(months).toEqual([
      month('2026-10', true, tally(0), tally(1, 20_000)),
      month('2026-09', false, tally(1, 20_000)),
    ])
  })
})
