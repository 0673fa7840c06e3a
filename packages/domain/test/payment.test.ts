import { describe, expect, it } from 'vitest'
import {
  type ApprovedDeduction,
  lateFeePerDayFen,
  type Payment,
  PaymentInputError,
  paymentSchedule,
  paymentStatement,
  type Statement,
} from '../src/payment/statement'
import { jiyuan2026 } from '../src/terms'
import { loadTerms } from '../src/terms/schema'

const Q1_FEN = 41_990_400
const PART_FEN = 32_659_200
const PER_DAY_FEN = 1_399_680

/** An approved deduction of `amountFen` decided at `decidedAt` (UTC instant; its local date decides). */
const approved = (id: string, amountFen: number, decidedAt: string): ApprovedDeduction => ({
  id,
  kpi: 'answer_15s',
  period: id.split(':')[1] ?? '2026-10-09',
  subject: null,
  amountFen,
  decidedAt,
})

/** A payment of the instalment's gross unless an amount is given. */
const paid = (quarter: 1 | 2 | 3 | 4, paidOn: string, amountFen?: number): Payment => ({
  quarter,
  paidOn,
  amountFen: amountFen ?? (quarter === 1 ? Q1_FEN : PART_FEN),
})

const statement = (asOf: string, payments: Payment[] = [], deductions: ApprovedDeduction[] = []): Statement =>
  paymentStatement({ terms: jiyuan2026, approved: deductions, payments, asOf })

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
        kpi: 'answer_15s',
        period: '2026-03-09',
        subject: null,
        decidedOn: '2026-04-10',
        amountFen: 20_000,
        fullAmountFen: 20_000,
        carried: false,
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
    expect(q2.deductions.map((d) => [d.id, d.amountFen, d.carried])).toEqual([
      ['turnover:2026', 30_000_000, false],
      ['publish_accuracy:2026-05-12', 2_659_200, false],
    ])
    const q3 = line(s, 3)
    expect(q3.deductions.map((d) => [d.id, d.amountFen, d.fullAmountFen, d.carried])).toEqual([
      ['publish_accuracy:2026-05-12', 340_800, 3_000_000, true],
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
        kpi: 'answer_15s',
        period: '2026-12-22',
        subject: null,
        decidedOn: '2026-12-28',
        amountFen: 20_000,
        fullAmountFen: 20_000,
        carried: false,
      },
    ])
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

  it('a ¥0 approved deduction is listed where it falls, withholding nothing', () => {
    const s = statement(
      '2026-04-30',
      [paid(1, '2026-03-05')],
      [approved('safety_check:2026-W12', 0, '2026-04-02T02:00:00.000Z')],
    )
    expect(line(s, 2).deductions.map((d) => [d.id, d.amountFen])).toEqual([['safety_check:2026-W12', 0]])
    expect(line(s, 2).withheldFen).toBe(0)
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
