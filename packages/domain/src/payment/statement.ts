/**
 * The payment schedule and statement (contract §2, §6; SPEC §7): the quarterly instalments of the
 * contract price, the approved deductions withheld from each, what was paid and when, the due
 * dates with their warnings, and the agency's late-payment penalty. Integer fen throughout.
 */
import type { KpiId } from '../kpi/types'
import { type ContractTerms, termsVersionOf } from '../terms/schema'
import {
  addDays,
  daysBetween,
  epochMs,
  type Instant,
  type LocalDate,
  lastDateOfMonth,
  localDateOf,
} from '../time'

export type Quarter = 1 | 2 | 3 | 4

/** One instalment of the contract price: the Q1 prepayment, then equal parts. */
export type Instalment = {
  /** The contract quarter: 1 is the quarter holding `contract.start` (Q1 2026 for Jiyuan). */
  readonly quarter: Quarter
  readonly kind: 'prepayment' | 'part'
  readonly grossFen: number
  /** The last natural day of the quarter (§2: 每季度的最后一个自然日前). */
  readonly due: LocalDate
}

/** A deduction as decided by the agency: the final approved or adjusted amount. */
export type ApprovedDeduction = {
  readonly id: string
  readonly kpi: KpiId
  readonly period: string
  readonly subject: string | null
  readonly amountFen: number
  readonly decidedAt: Instant
}

/** A payment the agency made for an instalment, as reported. */
export type Payment = { readonly quarter: Quarter; readonly paidOn: LocalDate; readonly amountFen: number }

/** A deduction, or the part of one, withheld from an instalment. */
export type WithheldDeduction = {
  readonly id: string
  readonly kpi: KpiId
  readonly period: string
  readonly subject: string | null
  /** The local date of the decision, which chose the instalment. */
  readonly decidedOn: LocalDate
  /** Withheld here. */
  readonly amountFen: number
  /** The whole approved amount (more than `amountFen` when part of it is carried or unsettled). */
  readonly fullAmountFen: number
  /** True when the deduction first fell on an earlier instalment that could not hold it. */
  readonly carried: boolean
}

export type InstalmentStatus = 'paid' | 'overdue' | 'due_soon' | 'upcoming' | 'nothing_due'

export type StatementLine = Instalment & {
  readonly deductions: readonly WithheldDeduction[]
  readonly withheldFen: number
  /** gross − withheld: what the agency owes for this instalment. */
  readonly netFen: number
  readonly paidOn: LocalDate | null
  /** As reported; not reconciled with `netFen`. */
  readonly paidFen: number | null
  readonly status: InstalmentStatus
  /** due − asOf for an unpaid instalment (negative when overdue); `null` once paid. */
  readonly daysLeft: number | null
  /** Paid: max(0, paidOn − due); unpaid: max(0, asOf − due). */
  readonly daysLate: number
  /** daysLate × the late fee per day (§6: 1 % of the total per day). */
  readonly lateFeeFen: number
  /** Unpaid and due within `warnDaysBefore` days (0 = due today). */
  readonly warn: boolean
}

export type Statement = {
  readonly termsVersion: string
  readonly asOf: LocalDate
  /** §6: round(total × lateFeeBpPerDay / 10000), ¥13,996.80 for Jiyuan. */
  readonly lateFeePerDayFen: number
  readonly instalments: readonly StatementLine[]
  /** Deductions (or parts) with no unpaid instalment left: owed by the contractor outside the schedule. */
  readonly unsettled: readonly WithheldDeduction[]
  readonly totals: {
    readonly grossFen: number
    readonly withheldFen: number
    readonly netFen: number
    readonly paidFen: number
    readonly unsettledFen: number
    readonly lateFeeFen: number
  }
}

/** Input that cannot make a statement: a duplicate id or quarter, a bad amount, a quarter not scheduled. */
export class PaymentInputError extends Error {
  override readonly name = 'PaymentInputError'
}

/** The last day of the `offset`-th calendar quarter after the one holding `date`. */
function endOfQuarter(date: LocalDate, offset: number): LocalDate {
  const year = Number(date.slice(0, 4))
  const quarterIndex = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + offset
  const y = year + Math.floor(quarterIndex / 4)
  const lastMonth = (quarterIndex % 4) * 3 + 3
  return lastDateOfMonth(`${y}-${String(lastMonth).padStart(2, '0')}`)
}

/**
 * The instalments of the contract year (§2): the prepayment (total × prepaymentBp / 10000, floored
 * to the fen) as Q1's fee, then `remainingParts` equal parts of the rest, one per following quarter,
 * the last part absorbing any remainder of the division. Each is due on the last day of its
 * quarter, counted from the quarter of `contract.start`.
 *
 * @example
 * paymentSchedule(jiyuan2026)
 * // → [{ quarter: 1, kind: 'prepayment', grossFen: 41990400, due: '2026-03-31' },
 * //    { quarter: 2, kind: 'part', grossFen: 32659200, due: '2026-06-30' }, … Q3 09-30, Q4 12-31]
 */
export function paymentSchedule(terms: ContractTerms): Instalment[] {
  const { totalFen, start } = terms.contract
  const { prepaymentBp, remainingParts } = terms.payment
  if (1 + remainingParts > 4) {
    throw new PaymentInputError(`a contract year has 4 quarters: cannot schedule 1 + ${remainingParts} parts`)
  }
  const prepaymentFen = Number((BigInt(totalFen) * BigInt(prepaymentBp)) / 10_000n)
  const rest = totalFen - prepaymentFen
  const partFen = Math.floor(rest / remainingParts)
  const schedule: Instalment[] = [
    { quarter: 1, kind: 'prepayment', grossFen: prepaymentFen, due: endOfQuarter(start, 0) },
  ]
  for (let i = 1; i <= remainingParts; i++) {
    const last = i === remainingParts
    schedule.push({
      quarter: (i + 1) as Quarter,
      kind: 'part',
      grossFen: last ? rest - partFen * (remainingParts - 1) : partFen,
      due: endOfQuarter(start, i),
    })
  }
  return schedule
}

/** §6: the late-payment penalty per day, round(total × lateFeeBpPerDay / 10000) half up, in fen. */
export function lateFeePerDayFen(terms: ContractTerms): number {
  const product = BigInt(terms.contract.totalFen) * BigInt(terms.payment.lateFeeBpPerDay)
  return Number((product * 2n + 10_000n) / 20_000n)
}

function assertDate(date: LocalDate, what: string): void {
  let valid: boolean
  try {
    valid = addDays(date, 0) === date
  } catch {
    valid = false
  }
  if (!valid) throw new PaymentInputError(`${what} is not a date YYYY-MM-DD: ${date}`)
}

const isFen = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const byDecision = (a: ApprovedDeduction, b: ApprovedDeduction): number =>
  epochMs(a.decidedAt) - epochMs(b.decidedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The payment statement as of local date `asOf` (SPEC §7). Each approved deduction is withheld
 * from the first instalment, in schedule order, not yet paid on the local date of its decision
 * (unpaid, or paid after that date) — the quarter the deduction is about does not matter. An
 * instalment never goes below zero: the excess carries to the next instalment not yet paid on the
 * decision date; what finds none is `unsettled`. Deductions are applied in decision order (then id).
 * The statement shows what was known on `asOf`: payments made and deductions decided after it are
 * left out. A payment's amount is reported as given, not reconciled with the net.
 *
 * @example
 * // A deduction for a March day, approved on 2026-04-10; the Q1 prepayment was paid on 2026-03-05:
 * paymentStatement({ terms: jiyuan2026, asOf: '2026-04-30',
 *   payments: [{ quarter: 1, paidOn: '2026-03-05', amountFen: 41990400 }],
 *   approved: [{ id: 'answer_15s:2026-03-09', kpi: 'answer_15s', period: '2026-03-09', subject: null,
 *     amountFen: 20000, decidedAt: '2026-04-10T02:00:00.000Z' }] })
 * // → Q2: withheldFen 20000, netFen 32639200 (the deduction falls on Q2, the next payment not yet made)
 */
export function paymentStatement(input: {
  readonly terms: ContractTerms
  readonly approved: readonly ApprovedDeduction[]
  readonly payments: readonly Payment[]
  readonly asOf: LocalDate
}): Statement {
  const { terms, asOf } = input
  assertDate(asOf, 'asOf')
  const schedule = paymentSchedule(terms)

  const paymentOf = new Map<Quarter, Payment>()
  for (const p of input.payments) {
    if (!schedule.some((i) => i.quarter === p.quarter)) {
      throw new PaymentInputError(`payment for quarter ${p.quarter}, which has no instalment`)
    }
    if (!isFen(p.amountFen))
      throw new PaymentInputError(`payment for Q${p.quarter}: bad amount ${p.amountFen}`)
    assertDate(p.paidOn, `payment for Q${p.quarter}: paidOn`)
    if (paymentOf.has(p.quarter)) throw new PaymentInputError(`two payments for quarter ${p.quarter}`)
    paymentOf.set(p.quarter, p)
  }
  const known = (p: Payment | undefined): Payment | undefined =>
    p !== undefined && p.paidOn <= asOf ? p : undefined

  const ids = new Set<string>()
  for (const d of input.approved) {
    if (ids.has(d.id)) throw new PaymentInputError(`deduction ${d.id} approved twice`)
    if (!isFen(d.amountFen)) throw new PaymentInputError(`deduction ${d.id}: bad amount ${d.amountFen}`)
    if (Number.isNaN(epochMs(d.decidedAt))) {
      throw new PaymentInputError(`deduction ${d.id}: decidedAt is not an instant: ${d.decidedAt}`)
    }
    ids.add(d.id)
  }

  const withheld = schedule.map((): WithheldDeduction[] => [])
  const room = schedule.map((i) => i.grossFen)
  const unsettled: WithheldDeduction[] = []
  const decided = input.approved
    .map((d) => ({ d, decidedOn: localDateOf(d.decidedAt) }))
    .filter(({ decidedOn }) => decidedOn <= asOf)
    .sort((a, b) => byDecision(a.d, b.d))
  for (const { d, decidedOn } of decided) {
    const entry = (amountFen: number, carried: boolean): WithheldDeduction => ({
      id: d.id,
      kpi: d.kpi,
      period: d.period,
      subject: d.subject,
      decidedOn,
      amountFen,
      fullAmountFen: d.amountFen,
      carried,
    })
    let remaining = d.amountFen
    let first = true
    for (const [index, instalment] of schedule.entries()) {
      const paid = known(paymentOf.get(instalment.quarter))
      if (paid !== undefined && paid.paidOn <= decidedOn) continue
      const take = Math.min(remaining, room[index] ?? 0)
      // A ¥0 deduction is still listed, on the instalment it falls on.
      if (take > 0 || (first && d.amountFen === 0)) withheld[index]?.push(entry(take, !first))
      room[index] = (room[index] ?? 0) - take
      remaining -= take
      first = false
      if (remaining === 0) break
    }
    if (first || remaining > 0) unsettled.push(entry(remaining, !first))
  }

  const perDay = lateFeePerDayFen(terms)
  const { warnDaysBefore } = terms.payment
  const instalments = schedule.map((instalment, index): StatementLine => {
    const deductions = withheld[index] ?? []
    const withheldFen = deductions.reduce((sum, d) => sum + d.amountFen, 0)
    const netFen = instalment.grossFen - withheldFen
    const paid = known(paymentOf.get(instalment.quarter))
    if (paid !== undefined) {
      const daysLate = Math.max(0, daysBetween(instalment.due, paid.paidOn))
      return {
        ...instalment,
        deductions,
        withheldFen,
        netFen,
        paidOn: paid.paidOn,
        paidFen: paid.amountFen,
        status: 'paid',
        daysLeft: null,
        daysLate,
        lateFeeFen: daysLate * perDay,
        warn: false,
      }
    }
    const daysLeft = daysBetween(asOf, instalment.due)
    // Nothing owed (all withheld): no payment to make, so nothing can be late.
    const nothingDue = netFen === 0
    const daysLate = nothingDue ? 0 : Math.max(0, -daysLeft)
    const warn = !nothingDue && daysLeft >= 0 && daysLeft <= warnDaysBefore
    const status: InstalmentStatus = nothingDue
      ? 'nothing_due'
      : daysLeft < 0
        ? 'overdue'
        : warn
          ? 'due_soon'
          : 'upcoming'
    return {
      ...instalment,
      deductions,
      withheldFen,
      netFen,
      paidOn: null,
      paidFen: null,
      status,
      daysLeft,
      daysLate,
      lateFeeFen: daysLate * perDay,
      warn,
    }
  })

  const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
  return {
    termsVersion: termsVersionOf(terms),
    asOf,
    lateFeePerDayFen: perDay,
    instalments,
    unsettled,
    totals: {
      grossFen: sum(instalments.map((i) => i.grossFen)),
      withheldFen: sum(instalments.map((i) => i.withheldFen)),
      netFen: sum(instalments.map((i) => i.netFen)),
      paidFen: sum(instalments.map((i) => i.paidFen ?? 0)),
      unsettledFen: sum(unsettled.map((d) => d.amountFen)),
      lateFeeFen: sum(instalments.map((i) => i.lateFeeFen)),
    },
  }
}
