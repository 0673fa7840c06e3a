import { describe, expect, it } from 'vitest'
import {
  lateFeePerDayFen,
  type Payment,
  PaymentInputError,
  paymentSchedule,
  paymentStatement,
  type Statement,
  type StatementDeduction,
} from '../src/payment/statement'
import { periodInWords, statementTable } from '../src/payment/table'
import { jiyuan2026 } from '../src/terms'
import { loadTerms } from '../src/terms/schema'

const Q1_FEN = 41_990_400
const PART_FEN = 32_659_200
const PER_DAY_FEN = 1_399_680

/** The billing month of a test period: its own month, a year's December. */
const monthOfPeriod = (period: string) => /^\d{4}-\d{2}/.exec(period)?.[0] ?? `${period.slice(0, 4)}-12`

/**
 * An approved deduction of `amountFen` decided at `decidedAt` (UTC instant; its local date
 * decides), drafted at the start of the year unless `extra` says otherwise.
 */
const approved = (
  id: string,
  amountFen: number,
  decidedAt: string | null,
  extra: Partial<StatementDeduction> = {},
): StatementDeduction => {
  const period = id.split(':')[1] ?? '2026-10-09'
  return {
    id,
    billingMonth: monthOfPeriod(period),
    kpi: 'answer_15s',
    period,
    subject: null,
    status: 'approved',
    draftedFen: amountFen,
    finalFen: amountFen,
    reason: null,
    draftedAt: '2026-01-01T00:00:00.000Z',
    decidedAt,
    ...extra,
  }
}

/** A payment of the instalment's gross unless an amount is given. */
const paid = (quarter: 1 | 2 | 3 | 4, paidOn: string, amountFen?: number): Payment => ({
  quarter,
  paidOn,
  amountFen: amountFen ?? (quarter === 1 ? Q1_FEN : PART_FEN),
})

const statement = (
  asOf: string,
  payments: Payment[] = [],
  deductions: StatementDeduction[] = [],
): Statement => paymentStatement({ terms: jiyuan2026, deductions, payments, asOf })

const line = (s: Statement, quarter: 1 | 2 | 3 | 4) => {
  const found = s.instalments.find((i) => i.quarter === quarter)
  if (found === undefined) throw new Error(`no Q${quarter}`)
  return found
}

describe('§2 合同价格及支付办法: the schedule', () => {
  it('Jiyuan 2026: 30 % prepayment as Q1, the rest in three equal parts due on the last day of Q2–Q4', () => {
    expect(paymentSchedule(jiyuan2026)).toEqual([
      { quarter: 1, kind: 'prepayment', grossFen: Q1_FEN, due: '2026-03-31' },
      { quarter: 2, kind: 'part', grossFen: PART_FEN, due: '2026-06-30' },
      { quarter: 3, kind: 'part', grossFen: PART_FEN, due: '2026-09-30' },
      { quarter: 4, kind: 'part', grossFen: PART_FEN, due: '2026-12-31' },
    ])
    expect(Q1_FEN + 3 * PART_FEN).toBe(jiyuan2026.contract.totalFen)
  })

  it('a total that does not divide: prepayment floored, the last part absorbs the remainder', () => {
    const terms = loadTerms({ ...jiyuan2026, contract: { ...jiyuan2026.contract, totalFen: 100_001 } })
    expect(paymentSchedule(terms).map((i) => i.grossFen)).toEqual([30_000, 23_333, 23_333, 23_335])
  })

  it('more parts than the quarters of a year is refused', () => {
    const terms = loadTerms({ ...jiyuan2026, payment: { ...jiyuan2026.payment, remainingParts: 4 } })
    expect(() => paymentSchedule(terms)).toThrow(PaymentInputError)
  })
})

describe('§6 违约责任: late payment, 1 % of the total per day', () => {
  it('¥13,996.80 per day', () => {
    expect(lateFeePerDayFen(jiyuan2026)).toBe(PER_DAY_FEN)
    expect(statement('2026-04-01').lateFeePerDayFen).toBe(PER_DAY_FEN)
  })

  it.each([
    ['2026-06-30', 'due_soon', 0, 0, 0],
    ['2026-07-01', 'overdue', -1, 1, PER_DAY_FEN],
    ['2026-07-03', 'overdue', -3, 3, 4_199_040],
  ] as const)(
    'Q2 unpaid on %s: %s, daysLeft %i, %i days late, late fee %i',
    (asOf, status, daysLeft, daysLate, fee) => {
      const q2 = line(statement(asOf, [paid(1, '2026-03-05')]), 2)
      expect(q2).toMatchObject({ status, daysLeft, daysLate, lateFeeFen: fee, paidOn: null, paidFen: null })
    },
  )

  it('a payment made late keeps its late days: Q3 paid 2026-10-02 → 2 days, ¥27,993.60', () => {
    const s = statement('2026-10-20', [paid(1, '2026-03-05'), paid(2, '2026-06-28'), paid(3, '2026-10-02')])
    expect(line(s, 3)).toMatchObject({ status: 'paid', daysLeft: null, daysLate: 2, lateFeeFen: 2_799_360 })
    expect(line(s, 2)).toMatchObject({ status: 'paid', daysLate: 0, lateFeeFen: 0 })
    expect(s.totals.lateFeeFen).toBe(2_799_360)
  })

  it('the Q1 prepayment was paid on 2026-03-05, before its due date: not late', () => {
    expect(line(statement('2026-04-01', [paid(1, '2026-03-05')]), 1)).toMatchObject({
      status: 'paid',
      paidOn: '2026-03-05',
      daysLate: 0,
      warn: false,
    })
  })
})

describe('SPEC §7: warn before a due date (warnDaysBefore = 10)', () => {
  it.each([
    ['2026-06-19', 11, 'upcoming', false],
    ['2026-06-20', 10, 'due_soon', true],
    ['2026-06-29', 1, 'due_soon', true],
    ['2026-06-30', 0, 'due_soon', true],
    ['2026-07-01', -1, 'overdue', false],
  ] as const)('Q2 unpaid on %s: %i days left → %s, warn %s', (asOf, daysLeft, status, warn) => {
    expect(line(statement(asOf, [paid(1, '2026-03-05')]), 2)).toMatchObject({ daysLeft, status, warn })
  })

  it('a paid instalment never warns', () => {
    const s = statement('2026-06-25', [paid(1, '2026-03-05'), paid(2, '2026-06-22')])
    expect(line(s, 2)).toMatchObject({ status: 'paid', warn: false, daysLeft: null })
  })
})

describe('SPEC §7: approved deductions are withheld from the next payment not yet made', () => {
  it('a deduction for a March day approved on 2026-04-10 falls on Q2 (Q1 paid at signing)', () => {
    const s = statement(
      '2026-04-30',
      [paid(1, '2026-03-05')],
      [approved('answer_15s:2026-03-09', 20_000, '2026-04-10T02:00:00.000Z')],
    )
    expect(line(s, 1)).toMatchObject({ withheldFen: 0, netFen: Q1_FEN, deductions: [] })
    expect(line(s, 2)).toMatchObject({ withheldFen: 20_000, netFen: PART_FEN - 20_000 })
    expect(line(s, 2).deductions).toEqual([
      {
        id: 'answer_15s:2026-03-09',
        billingMonth: '2026-03',
        kpi: 'answer_15s',
        period: '2026-03-09',
        subject: null,
        status: 'approved',
        draftedFen: 20_000,
        finalFen: 20_000,
        reason: null,
        decidedOn: '2026-04-10',
        amountFen: 20_000,
        carried: false,
        continues: false,
      },
    ])
  })

  it('a deduction decided before Q1 is paid falls on Q1 itself', () => {
    const s = statement(
      '2026-03-31',
      [paid(1, '2026-03-05', Q1_FEN - 20_000)],
      [approved('answer_15s:2026-02-10', 20_000, '2026-03-02T02:00:00.000Z')],
    )
    expect(line(s, 1)).toMatchObject({ withheldFen: 20_000, netFen: Q1_FEN - 20_000 })
  })

  it.each([
    // Q2 paid on 2026-06-25: decided before → Q2; the same local day or after → Q3.
    ['2026-06-24T09:00:00.000Z', '2026-06-24', 2],
    ['2026-06-24T17:00:00.000Z', '2026-06-25', 3],
    ['2026-06-26T02:00:00.000Z', '2026-06-26', 3],
  ] as const)('decided at %s (local %s) → withheld from Q%i', (decidedAt, decidedOn, quarter) => {
    const s = statement(
      '2026-07-15',
      [paid(1, '2026-03-05'), paid(2, '2026-06-25')],
      [approved('satisfaction:2026-05', 100_000, decidedAt)],
    )
    const there = line(s, quarter)
    expect(there.withheldFen).toBe(100_000)
    expect(there.deductions.map((d) => [d.id, d.decidedOn])).toEqual([['satisfaction:2026-05', decidedOn]])
    expect(s.totals.withheldFen).toBe(100_000)
  })

  it('deductions beyond an instalment carry over to the next unpaid one', () => {
    const s = statement(
      '2026-07-10',
      [paid(1, '2026-03-05'), paid(2, '2026-06-29', PART_FEN)],
      [
        approved('turnover:2026', 30_000_000, '2026-05-10T02:00:00.000Z'),
        approved('publish_accuracy:2026-05-12', 3_000_000, '2026-05-20T02:00:00.000Z'),
      ],
    )
    const q2 = line(s, 2)
    expect(q2.withheldFen).toBe(PART_FEN)
    expect(q2.netFen).toBe(0)
    expect(q2.paidFen).toBe(PART_FEN) // reported as paid, not reconciled with the net
    // Per billing month, oldest first: May's part, then 2026's (December's) turnover.
    expect(q2.deductions.map((d) => [d.id, d.amountFen, d.carried, d.continues])).toEqual([
      ['publish_accuracy:2026-05-12', 2_659_200, false, true],
      ['turnover:2026', 30_000_000, false, false],
    ])
    const q3 = line(s, 3)
    expect(q3.deductions.map((d) => [d.id, d.amountFen, d.finalFen, d.carried, d.continues])).toEqual([
      ['publish_accuracy:2026-05-12', 340_800, 3_000_000, true, false],
    ])
    expect(q3.netFen).toBe(PART_FEN - 340_800)
    expect(s.unsettled).toEqual([])
  })

  it('an unpaid instalment fully withheld has nothing due: no late days, no warning', () => {
    const s = statement(
      '2026-07-05',
      [paid(1, '2026-03-05')],
      [approved('turnover:2026', PART_FEN + 5_000, '2026-05-10T02:00:00.000Z')],
    )
    expect(line(s, 2)).toMatchObject({
      netFen: 0,
      status: 'nothing_due',
      daysLeft: -5,
      daysLate: 0,
      lateFeeFen: 0,
      warn: false,
    })
    expect(line(s, 3)).toMatchObject({ withheldFen: 5_000, status: 'upcoming' })
  })

  it('a Q4 deduction decided after the Q4 payment is unsettled (owed outside the schedule)', () => {
    const payments = [
      paid(1, '2026-03-05'),
      paid(2, '2026-06-28'),
      paid(3, '2026-09-28'),
      paid(4, '2026-12-20'),
    ]
    const s = statement('2026-12-31', payments, [
      approved('answer_15s:2026-12-15', 20_000, '2026-12-18T02:00:00.000Z'),
      approved('answer_15s:2026-12-22', 20_000, '2026-12-28T02:00:00.000Z'),
    ])
    expect(line(s, 4).deductions.map((d) => d.id)).toEqual(['answer_15s:2026-12-15'])
    expect(s.unsettled).toEqual([
      {
        id: 'answer_15s:2026-12-22',
        billingMonth: '2026-12',
        kpi: 'answer_15s',
        period: '2026-12-22',
        subject: null,
        status: 'approved',
        draftedFen: 20_000,
        finalFen: 20_000,
        reason: null,
        decidedOn: '2026-12-28',
        amountFen: 20_000,
        carried: false,
        continues: false,
      },
    ])
    expect(s.unsettledMonths.map((g) => [g.billingMonth, g.withheldFen])).toEqual([['2026-12', 20_000]])
    expect(s.totals.unsettledFen).toBe(20_000)
    expect(s.totals.withheldFen).toBe(20_000)
  })

  it('what no instalment can hold any more is unsettled, marked as carried', () => {
    const payments = [paid(1, '2026-03-05'), paid(2, '2026-06-28'), paid(3, '2026-09-28')]
    const s = statement('2026-11-01', payments, [
      approved('turnover:2026', PART_FEN + 1_000, '2026-10-20T02:00:00.000Z'),
    ])
    expect(line(s, 4)).toMatchObject({ withheldFen: PART_FEN, netFen: 0 })
    expect(s.unsettled.map((d) => [d.id, d.amountFen, d.carried])).toEqual([['turnover:2026', 1_000, true]])
  })

  it('a ¥0 record (acknowledged, or approved before that status) is no money row: counted in its month', () => {
    const s = statement(
      '2026-04-30',
      [paid(1, '2026-03-05')],
      [
        approved('safety_check:2026-W12', 0, '2026-04-02T02:00:00.000Z', { billingMonth: '2026-03' }),
        approved('cleaning_check:2026-W13', 0, '2026-04-03T02:00:00.000Z', {
          billingMonth: '2026-03',
          status: 'acknowledged',
        }),
      ],
    )
    expect(line(s, 2).deductions).toEqual([])
    expect(line(s, 2).months).toEqual([
      {
        billingMonth: '2026-03',
        deductions: [],
        withheldFen: 0,
        pending: { count: 0, amountFen: 0 },
        acknowledged: 2,
        rejected: 0,
      },
    ])
    expect(line(s, 2).withheldFen).toBe(0)
  })

  it('a deduction adjusted to ¥0 from a drafted amount is still a money row, with both amounts', () => {
    const s = statement(
      '2026-04-30',
      [paid(1, '2026-03-05')],
      [
        approved('publish_accuracy:2026-04-09', 0, '2026-04-12T02:00:00.000Z', {
          status: 'adjusted',
          draftedFen: 660_000,
          reason: '三条均为转载',
        }),
      ],
    )
    expect(
      line(s, 2).deductions.map((d) => [d.status, d.draftedFen, d.finalFen, d.amountFen, d.reason]),
    ).toEqual([['adjusted', 660_000, 0, 0, '三条均为转载']])
  })
})

describe('per billing month: subtotals, pending drafts, rejected and ¥0 records (issue 10)', () => {
  const payments = [paid(1, '2026-03-27'), paid(2, '2026-06-26'), paid(3, '2026-09-28')]
  const october = (id: string, fen: number, extra: Partial<StatementDeduction>) =>
    approved(id, fen, '2026-11-05T02:00:00.000Z', {
      billingMonth: '2026-10',
      draftedAt: '2026-10-10T18:00:00.000Z',
      ...extra,
    })
  const deductions = [
    october('answer_15s:2026-10-09', 20_000, {}),
    october('publish_accuracy:2026-10-09', 200_000, {
      status: 'adjusted',
      draftedFen: 660_000,
      reason: '一条为转载',
    }),
    october('connection:2026-10-09', 20_000, { status: 'rejected', finalFen: 0, reason: '平台故障' }),
    october('safety_check:2026-W41', 0, { status: 'acknowledged' }),
    october('connection:2026-10-12', 20_000, { status: 'draft', finalFen: null, decidedAt: null }),
    october('satisfaction:2026-10', 80_000, { status: 'draft', finalFen: null, decidedAt: null }),
    approved('answer_15s:2026-11-03', 20_000, '2026-11-20T02:00:00.000Z', {
      draftedAt: '2026-11-04T18:00:00.000Z',
    }),
    approved('answer_15s:2026-11-10', 20_000, null, {
      status: 'draft',
      finalFen: null,
      draftedAt: '2026-11-11T18:00:00.000Z',
    }),
  ]

  it('groups Q4 by billing month: rows by period, a subtotal each, drafts pending and never counted', () => {
    const q4 = line(statement('2026-12-06', payments, deductions), 4)
    expect(
      q4.months.map((g) => ({
        month: g.billingMonth,
        rows: g.deductions.map((d) => [d.id, d.status, d.draftedFen, d.finalFen, d.amountFen]),
        subtotal: g.withheldFen,
        pending: g.pending,
        acknowledged: g.acknowledged,
        rejected: g.rejected,
      })),
    ).toEqual([
      {
        month: '2026-10',
        rows: [
          ['answer_15s:2026-10-09', 'approved', 20_000, 20_000, 20_000],
          ['publish_accuracy:2026-10-09', 'adjusted', 660_000, 200_000, 200_000],
        ],
        subtotal: 220_000,
        pending: { count: 2, amountFen: 100_000 },
        acknowledged: 1,
        rejected: 1,
      },
      {
        month: '2026-11',
        rows: [['answer_15s:2026-11-03', 'approved', 20_000, 20_000, 20_000]],
        subtotal: 20_000,
        pending: { count: 1, amountFen: 20_000 },
        acknowledged: 0,
        rejected: 0,
      },
    ])
    // The rejected ¥200 and the pending ¥1,200 are in no total.
    expect(q4).toMatchObject({ withheldFen: 240_000, netFen: PART_FEN - 240_000 })
  })

  it('as of an earlier date: a deduction decided later was still pending, one drafted later unknown', () => {
    const q4 = line(statement('2026-11-10', payments, deductions), 4)
    expect(q4.withheldFen).toBe(220_000)
    const [october10, november] = q4.months
    expect(october10?.pending).toEqual({ count: 2, amountFen: 100_000 })
    // answer_15s:2026-11-03 was drafted on 11-05 (local) and decided on 11-20: pending on 11-10.
    expect(november).toMatchObject({
      billingMonth: '2026-11',
      deductions: [],
      pending: { count: 1, amountFen: 20_000 },
    })
  })

  it('pending drafts with no unpaid instalment left are listed outside the schedule', () => {
    const all = [...payments, paid(4, '2026-12-20')]
    const s = statement('2026-12-31', all, [
      approved('answer_15s:2026-12-15', 20_000, null, {
        status: 'draft',
        finalFen: null,
        draftedAt: '2026-12-16T18:00:00.000Z',
      }),
    ])
    expect(s.unsettledMonths).toEqual([
      {
        billingMonth: '2026-12',
        deductions: [],
        withheldFen: 0,
        pending: { count: 1, amountFen: 20_000 },
        acknowledged: 0,
        rejected: 0,
      },
    ])
    expect(s.totals.unsettledFen).toBe(0)
  })
})

describe('payments recorded with who and when; late fees over late quarters only; §6 termination', () => {
  it('a line carries who recorded its payment and when', () => {
    const s = statement('2026-04-01', [
      { ...paid(1, '2026-03-27'), recordedBy: 'reviewer', recordedAt: '2026-03-27T02:00:00.000Z' },
    ])
    expect(line(s, 1)).toMatchObject({
      paidOn: '2026-03-27',
      recordedBy: 'reviewer',
      recordedAt: '2026-03-27T02:00:00.000Z',
    })
    expect(line(s, 2)).toMatchObject({ paidOn: null, recordedBy: null, recordedAt: null })
  })

  it('Q1–Q3 paid on or before their due dates, Q4 not yet due: no late fee at all', () => {
    const s = statement('2026-12-06', [paid(1, '2026-03-27'), paid(2, '2026-06-30'), paid(3, '2026-09-28')])
    expect(s.instalments.map((i) => [i.status, i.daysLate, i.lateFeeFen])).toEqual([
      ['paid', 0, 0],
      ['paid', 0, 0],
      ['paid', 0, 0],
      ['upcoming', 0, 0],
    ])
    expect(s.totals).toMatchObject({ lateFeeFen: 0, lateQuarters: 0 })
  })

  it('nothing recorded on 2026-12-06: Q1–Q3 overdue, the total is theirs alone (476 days)', () => {
    const s = statement('2026-12-06')
    expect(s.instalments.map((i) => [i.status, i.daysLate])).toEqual([
      ['overdue', 250],
      ['overdue', 159],
      ['overdue', 67],
      ['upcoming', 0],
    ])
    expect(s.totals).toMatchObject({ lateFeeFen: 476 * PER_DAY_FEN, lateQuarters: 3 })
  })

  it('one late quarter among paid ones: the total late fee is that quarter’s', () => {
    const s = statement('2026-10-20', [paid(1, '2026-03-27'), paid(2, '2026-06-30')])
    expect(s.totals).toMatchObject({ lateFeeFen: 20 * PER_DAY_FEN, lateQuarters: 1 })
    expect(line(s, 3).lateFeeFen).toBe(s.totals.lateFeeFen)
  })

  it.each([
    // Q3 due 2026-09-30; more than 30 days late from 2026-10-31.
    ['2026-09-30', 'none', null, null],
    ['2026-10-01', 'approaching', '2026-10-31', 30],
    ['2026-10-21', 'approaching', '2026-10-31', 10],
    ['2026-10-30', 'approaching', '2026-10-31', 1],
    ['2026-10-31', 'applies', '2026-10-31', null],
    ['2026-12-06', 'applies', '2026-10-31', null],
  ] as const)(
    'Q3 unpaid on %s: termination right %s (from %s, %s days left)',
    (asOf, state, from, daysLeft) => {
      const s = statement(asOf, [paid(1, '2026-03-27'), paid(2, '2026-06-30')])
      expect(line(s, 3).termination).toEqual({ state, from, daysLeft })
    },
  )

  it('paid more than 30 days late: the right arose; paid 30 days late: it never did', () => {
    const late = statement('2026-12-06', [
      paid(1, '2026-03-27'),
      paid(2, '2026-06-30'),
      paid(3, '2026-10-31'),
    ])
    expect(line(late, 3)).toMatchObject({ daysLate: 31, termination: { state: 'arose', from: '2026-10-31' } })
    const edge = statement('2026-12-06', [
      paid(1, '2026-03-27'),
      paid(2, '2026-06-30'),
      paid(3, '2026-10-30'),
    ])
    expect(line(edge, 3)).toMatchObject({ daysLate: 30, termination: { state: 'none', from: null } })
  })

  it('an instalment fully withheld is never late, so the right never arises', () => {
    const s = statement(
      '2026-12-06',
      [paid(1, '2026-03-27'), paid(2, '2026-06-30')],
      [approved('turnover:2026', PART_FEN, '2026-07-10T02:00:00.000Z')],
    )
    expect(line(s, 3)).toMatchObject({ status: 'nothing_due', termination: { state: 'none' } })
  })
})

describe('the statement as of a date, and its totals', () => {
  const payments = [paid(1, '2026-03-05'), paid(2, '2026-06-25', 32_000_000), paid(3, '2026-09-29')]
  const deductions = [
    approved('answer_15s:2026-04-09', 20_000, '2026-04-15T02:00:00.000Z'),
    approved('satisfaction:2026-06', 100_000, '2026-07-10T02:00:00.000Z'),
    approved('complaint:2026-09-01', 50_000, '2026-09-30T02:00:00.000Z'),
  ]

  it('net = gross − withheld, per instalment and in total', () => {
    const s = statement('2026-10-05', payments, deductions)
    for (const i of s.instalments) expect(i.netFen).toBe(i.grossFen - i.withheldFen)
    expect(s.instalments.map((i) => i.withheldFen)).toEqual([0, 20_000, 100_000, 50_000])
    expect(s.totals).toEqual({
      grossFen: 139_968_000,
      withheldFen: 170_000,
      netFen: 139_968_000 - 170_000,
      paidFen: Q1_FEN + 32_000_000 + PART_FEN,
      unsettledFen: 0,
      lateFeeFen: 0,
      lateQuarters: 0,
    })
    expect(s.termsVersion).toBe('jiyuan-2026@2026.1')
    expect(line(s, 2).paidFen).toBe(32_000_000)
  })

  it('payments and decisions after asOf are not known yet', () => {
    const s = statement('2026-06-20', payments, deductions)
    expect(line(s, 2)).toMatchObject({ status: 'due_soon', paidOn: null, withheldFen: 20_000 })
    expect(line(s, 3)).toMatchObject({ status: 'upcoming', withheldFen: 0 })
    expect(s.totals.withheldFen).toBe(20_000)
  })

  it.each([
    ['two payments for one quarter', [paid(2, '2026-06-01'), paid(2, '2026-06-02')], []],
    ['a payment with a bad date', [paid(2, '2026-06-31')], []],
    [
      'a deduction approved twice',
      [],
      [approved('a:1', 1, '2026-04-01T00:00:00Z'), approved('a:1', 1, '2026-04-02T00:00:00Z')],
    ],
    ['a negative deduction', [], [approved('a:1', -1, '2026-04-01T00:00:00Z')]],
  ] as const)('%s is refused', (_, badPayments, badDeductions) => {
    expect(() => statement('2026-07-01', [...badPayments], [...badDeductions])).toThrow(PaymentInputError)
  })
})

describe('the statement in words: the rows the page shows and the exports write', () => {
  const payments: Payment[] = [
    { ...paid(1, '2026-03-27'), recordedBy: 'reviewer', recordedAt: '2026-03-27T02:00:00.000Z' },
    { ...paid(2, '2026-06-26'), recordedBy: 'reviewer', recordedAt: '2026-06-26T02:00:00.000Z' },
    { ...paid(3, '2026-10-02'), recordedBy: 'reviewer', recordedAt: '2026-10-02T02:30:00.000Z' },
  ]
  const deductions = [
    approved('answer_15s:2026-10-09', 20_000, '2026-11-05T02:00:00.000Z', { billingMonth: '2026-10' }),
    approved('publish_accuracy:2026-10-09', 200_000, '2026-11-05T03:00:00.000Z', {
      billingMonth: '2026-10',
      kpi: 'publish_accuracy',
      status: 'adjusted',
      draftedFen: 660_000,
      reason: '一条为转载',
    }),
    approved('safety_check:2026-W41', 0, '2026-11-05T04:00:00.000Z', {
      billingMonth: '2026-10',
      kpi: 'safety_check',
      status: 'acknowledged',
    }),
    approved('satisfaction:2026-10', 80_000, null, {
      billingMonth: '2026-10',
      kpi: 'satisfaction',
      status: 'draft',
      finalFen: null,
    }),
  ]
  const s = statement('2026-12-06', payments, deductions)
  const zh = statementTable(s, {
    lang: 'zh-CN',
    contract: { title: jiyuan2026.title.zh, version: jiyuan2026.version },
    nameOf: (u) => (u === 'reviewer' ? '甲方审核员' : u),
  })
  const en = statementTable(s, {
    lang: 'en',
    contract: { title: jiyuan2026.title.en, version: jiyuan2026.version },
  })
  const brief = (rows: typeof zh.rows, section: number | string) =>
    rows
      .filter((r) => r.section === section)
      .map((r) => [
        r.kind,
        r.month,
        r.item,
        r.period,
        r.draftedFen,
        r.finalFen,
        r.amountFen,
        r.status,
        r.note,
      ])

  it('Q4 in Chinese: amount due, October’s deductions and subtotal, the pending line, net, payment, late fee', () => {
    expect(brief(zh.rows, 4)).toEqual([
      ['quarter', '', '第四季度 · 分期款', '', null, null, null, '未到期', '到期日 2026年12月31日'],
      ['gross', '', '应付金额', '', null, null, PART_FEN, '', ''],
      ['deduction', '2026年10月', '15秒应答及时率', '2026年10月9日', 20_000, 20_000, 20_000, '已批准', ''],
      [
        'deduction',
        '2026年10月',
        '信息发布准确率',
        '2026年10月9日',
        660_000,
        200_000,
        200_000,
        '已调整',
        '一条为转载',
      ],
      ['subtotal', '2026年10月', '2026年10月扣款小计', '', null, null, 220_000, '', ''],
      [
        'pending',
        '2026年10月',
        '待审核 ¥800.00（未计入）',
        '',
        80_000,
        null,
        null,
        '',
        '1 条扣款待审核，审核前不计入任何金额',
      ],
      ['counted', '2026年10月', '记录不扣款 1 条', '', null, null, null, '', '不涉及金额'],
      ['withheld', '', '本季度扣款合计', '', null, null, 220_000, '', ''],
      ['net', '', '实付金额（应付金额 − 扣款合计）', '', null, null, PART_FEN - 220_000, '', ''],
      ['status', '', '付款状态', '', null, null, null, '未到期', '还有 25 天到期'],
      ['payment', '', '付款记录', '', null, null, null, '', '未付款'],
      ['lateFee', '', '逾期违约金', '', null, null, 0, '', '无；逾期每天 ¥13,996.80'],
    ])
    const q4 = zh.rows.find((r) => r.kind === 'deduction')
    expect(q4).toMatchObject({
      billingMonth: '2026-10',
      deductionId: 'answer_15s:2026-10-09',
      quarter: '第四季度',
    })
  })

  it('Q3 paid two days late: who recorded it and when, the late fee and its days', () => {
    expect(brief(zh.rows, 3).slice(-3)).toEqual([
      ['status', '', '付款状态', '', null, null, null, '已付款', '逾期 2 天付款'],
      [
        'payment',
        '',
        '付款记录',
        '',
        null,
        null,
        PART_FEN,
        '',
        '2026年10月2日付款，由甲方审核员于2026年10月2日 10:30记录',
      ],
      ['lateFee', '', '逾期违约金', '', null, null, 2 * PER_DAY_FEN, '', '逾期 2 天 × ¥13,996.80/天'],
    ])
    expect(brief(zh.rows, 1).at(-3)?.at(-1)).toBe('按期付款')
    expect(brief(zh.rows, 'totals')).toEqual([
      ['total', '', '应付合计', '', null, null, 139_968_000, '', ''],
      ['total', '', '扣款合计', '', null, null, 220_000, '', ''],
      ['total', '', '实付合计', '', null, null, 139_968_000 - 220_000, '', ''],
      ['total', '', '已付合计', '', null, null, Q1_FEN + 2 * PART_FEN, '', ''],
      ['total', '', '逾期违约金合计', '', null, null, 2 * PER_DAY_FEN, '', '1 个季度逾期'],
    ])
  })

  it('says the withholding rule, the late fee and the termination right in both languages', () => {
    expect(zh.rule).toContain('从决定当日尚未支付的下一期付款中扣除')
    expect(zh.rule).toContain('在该季度款项支付之后才决定，则从下一期未付款中扣除')
    expect(zh.rule).toContain('合同总金额的1%（¥13,996.80）')
    expect(zh.rule).toContain('逾期超过30日，乙方有权单方解除本合同')
    expect(en.rule).toContain('withheld from the next payment not yet made')
    expect(en.rule).toContain("decided after its quarter's payment falls on the next unpaid one")
    expect(en.rule).toContain('more than 30 days late, the contractor may terminate')
    expect(zh.title).toBe('季度付款结算单（截至2026年12月6日）')
    expect(zh.contract).toBe(`合同：${jiyuan2026.title.zh}；条款版本 2026.1`)
  })

  it('has no English word in Chinese, and never a negative amount', () => {
    const words = (t: typeof zh) => [
      t.title,
      t.contract,
      t.rule,
      ...Object.values(t.columns),
      ...t.rows.flatMap((r) => [r.quarter, r.month, r.item, r.period, r.status, r.note]),
    ]
    expect(words(zh).filter((w) => /[A-Za-z]{2,}/.test(w))).toEqual([])
    const amounts = [...zh.rows, ...en.rows].flatMap((r) => [r.draftedFen, r.finalFen, r.amountFen])
    expect(amounts.filter((a) => a !== null && a < 0)).toEqual([])
    // The same rows in both languages, word for word apart.
    expect(en.rows.map((r) => [r.kind, r.section, r.amountFen])).toEqual(
      zh.rows.map((r) => [r.kind, r.section, r.amountFen]),
    )
    expect(brief(en.rows, 4)[2]).toEqual([
      'deduction',
      'October 2026',
      'answer-within-15s rate',
      'Oct 9, 2026',
      20_000,
      20_000,
      20_000,
      'approved',
      '',
    ])
  })

  it.each([
    ['2026-W41', '2026 年第 41 周', 'week 41 of 2026'],
    ['2026-10-09', '2026年10月9日', 'Oct 9, 2026'],
    ['2026-10', '2026年10月', 'October 2026'],
    ['2026', '2026年', '2026'],
  ])('period %s reads %s / %s', (period, zhText, enText) => {
    expect(periodInWords(period, 'zh-CN')).toBe(zhText)
    expect(periodInWords(period, 'en')).toBe(enText)
  })

  it('an unpaid quarter more than 30 days late: the termination row, and its warning before', () => {
    const table = (asOf: string) =>
      statementTable(statement(asOf, payments.slice(0, 2)), {
        lang: 'zh-CN',
        contract: { title: '合同', version: '2026.1' },
      }).rows.filter((r) => r.kind === 'termination')
    expect(table('2026-12-06').map((r) => [r.section, r.tone, r.status, r.note])).toEqual([
      [3, 'bad', '乙方有权解除', '逾期已超过30日：自2026年10月31日起乙方有权单方解除本合同'],
    ])
    expect(table('2026-10-25').map((r) => [r.section, r.tone, r.status, r.note])).toEqual([
      [3, 'warn', '即将可解除', '再逾期 6 天（2026年10月31日起）即逾期超过30日，乙方有权单方解除本合同'],
    ])
    expect(table('2026-09-30')).toEqual([])
  })
})
