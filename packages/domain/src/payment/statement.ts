/**
 * The payment schedule and statement (contract §2, §6; SPEC §7): the quarterly instalments of the
 * contract price, the approved deductions withheld from each (per billing month, with the drafts
 * still pending beside them, never counted), what was paid, when and recorded by whom, the due
 * dates with their warnings, the agency's late-payment penalty and the contractor's right to
 * terminate after 30 days late. Integer fen throughout.
 */
import { DECISIONS, type DecisionKind } from '../deductions/record'
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
  type Month,
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

/** A deduction's status as the statement reads it (a withdrawn record never reaches it). */
export type StatementDeductionStatus = 'draft' | DecisionKind

/**
 * A deduction as the statement reads it: the record that stands for its breach (the latest decided
 * one of its chain, or a draft awaiting review). Approved and adjusted ones withhold money; rejected
 * and ¥0 (`acknowledged`) ones withhold nothing and are only counted; drafts are pending.
 */
export type StatementDeduction = {
  readonly id: string
  /** The month whose bill it belongs to (`billingMonth` of the stored record). */
  readonly billingMonth: Month
  readonly kpi: KpiId
  readonly period: string
  readonly subject: string | null
  readonly status: StatementDeductionStatus
  /** The drafted amount. */
  readonly draftedFen: number
  /** The decided amount (the draft's when approved, the reviewer's when adjusted, 0 when rejected or a ¥0 record); `null` for a draft. */
  readonly finalFen: number | null
  /** The reviewer's reason (an adjustment's, a rejection's). */
  readonly reason: string | null
  readonly draftedAt: Instant
  /** `null` for a draft. */
  readonly decidedAt: Instant | null
}

/** A payment the agency made for an instalment, as reported, and who recorded it when. */
export type Payment = {
  readonly quarter: Quarter
  readonly paidOn: LocalDate
  readonly amountFen: number
  /** The user name of who recorded it (the admin app shows their display name). */
  readonly recordedBy?: string | null
  readonly recordedAt?: Instant | null
}

/** An approved or adjusted deduction, or the part of one, withheld from an instalment. */
export type WithheldDeduction = {
  readonly id: string
  readonly billingMonth: Month
  readonly kpi: KpiId
  readonly period: string
  readonly subject: string | null
  readonly status: 'approved' | 'adjusted'
  readonly draftedFen: number
  /** The whole decided amount (more than `amountFen` when part of it falls elsewhere). */
  readonly finalFen: number
  readonly reason: string | null
  /** The local date of the decision, which chose the instalment. */
  readonly decidedOn: LocalDate
  /** Withheld here. */
  readonly amountFen: number
  /** True when the deduction first fell on an earlier instalment that could not hold it all. */
  readonly carried: boolean
  /** True when the rest of it falls on a later instalment (or is unsettled). */
  readonly continues: boolean
}

/** One billing month's part of an instalment: what it withholds, and what is not money. */
export type MonthGroup = {
  readonly billingMonth: Month
  /** Approved and adjusted deductions withheld here, by period. */
  readonly deductions: readonly WithheldDeduction[]
  /** The month's subtotal withheld here. */
  readonly withheldFen: number
  /** Drafts awaiting review (on the instalment they would fall on if decided as of the statement's date): never counted. */
  readonly pending: { readonly count: number; readonly amountFen: number }
  /** ¥0 breaches recorded, not charged. */
  readonly acknowledged: number
  /** Deductions the agency decided not to charge. */
  readonly rejected: number
}

/**
 * §6: more than `terminateAfterDaysLate` days late, the contractor may terminate the contract.
 * `approaching`: unpaid and overdue, the right arises on `from` (`daysLeft` days on); `applies`:
 * unpaid and late beyond the limit since `from`; `arose`: paid, but only after the right had arisen.
 */
export type TerminationRight = {
  readonly state: 'none' | 'approaching' | 'applies' | 'arose'
  readonly from: LocalDate | null
  readonly daysLeft: number | null
}

export type InstalmentStatus = 'paid' | 'overdue' | 'due_soon' | 'upcoming' | 'nothing_due'

export type StatementLine = Instalment & {
  /** Per billing month, oldest first: the deductions withheld here, the pending drafts, the rest counted. */
  readonly months: readonly MonthGroup[]
  /** Every deduction withheld here, in the order of `months`. */
  readonly deductions: readonly WithheldDeduction[]
  readonly withheldFen: number
  /** gross − withheld: what the agency owes for this instalment. */
  readonly netFen: number
  readonly paidOn: LocalDate | null
  /** As reported; not reconciled with `netFen`. */
  readonly paidFen: number | null
  readonly recordedBy: string | null
  readonly recordedAt: Instant | null
  readonly status: InstalmentStatus
  /** due − asOf for an unpaid instalment (negative when overdue); `null` once paid. */
  readonly daysLeft: number | null
  /** Paid: max(0, paidOn − due); unpaid: max(0, asOf − due). */
  readonly daysLate: number
  /** daysLate × the late fee per day (§6: 1 % of the total per day). */
  readonly lateFeeFen: number
  /** Unpaid and due within `warnDaysBefore` days (0 = due today). */
  readonly warn: boolean
  readonly termination: TerminationRight
}

export type Statement = {
  readonly termsVersion: string
  readonly asOf: LocalDate
  /** §6: round(total × lateFeeBpPerDay / 10000), ¥13,996.80 for Jiyuan. */
  readonly lateFeePerDayFen: number
  readonly lateFeeBpPerDay: number
  /** §6: late by more than this many days, the contractor may terminate. */
  readonly terminateAfterDaysLate: number
  readonly instalments: readonly StatementLine[]
  /** Deductions (or parts) with no unpaid instalment left: owed by the contractor outside the schedule. */
  readonly unsettled: readonly WithheldDeduction[]
  /** The same per billing month, with what else no instalment is left for (pending drafts, counts). */
  readonly unsettledMonths: readonly MonthGroup[]
  readonly totals: {
    readonly grossFen: number
    readonly withheldFen: number
    readonly netFen: number
    readonly paidFen: number
    readonly unsettledFen: number
    /** Over the instalments actually late only. */
    readonly lateFeeFen: number
    /** How many instalments are (or were paid) late. */
    readonly lateQuarters: number
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
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function checkPayments(schedule: readonly Instalment[], payments: readonly Payment[]): Map<Quarter, Payment> {
  const paymentOf = new Map<Quarter, Payment>()
  for (const p of payments) {
    if (!schedule.some((i) => i.quarter === p.quarter)) {
      throw new PaymentInputError(`payment for quarter ${p.quarter}, which has no instalment`)
    }
    if (!isFen(p.amountFen))
      throw new PaymentInputError(`payment for Q${p.quarter}: bad amount ${p.amountFen}`)
    assertDate(p.paidOn, `payment for Q${p.quarter}: paidOn`)
    if (paymentOf.has(p.quarter)) throw new PaymentInputError(`two payments for quarter ${p.quarter}`)
    paymentOf.set(p.quarter, p)
  }
  return paymentOf
}

const DECIDED = new Set<StatementDeductionStatus>(DECISIONS)

function checkDeductions(deductions: readonly StatementDeduction[]): void {
  const ids = new Set<string>()
  for (const d of deductions) {
    if (ids.has(d.id)) throw new PaymentInputError(`deduction ${d.id} listed twice`)
    ids.add(d.id)
    if (!isFen(d.draftedFen)) throw new PaymentInputError(`deduction ${d.id}: bad amount ${d.draftedFen}`)
    if (Number.isNaN(epochMs(d.draftedAt))) {
      throw new PaymentInputError(`deduction ${d.id}: draftedAt is not an instant: ${d.draftedAt}`)
    }
    if (!DECIDED.has(d.status)) continue
    if (d.finalFen === null || !isFen(d.finalFen)) {
      throw new PaymentInputError(`deduction ${d.id}: bad decided amount ${d.finalFen}`)
    }
    if (d.decidedAt === null || Number.isNaN(epochMs(d.decidedAt))) {
      throw new PaymentInputError(`deduction ${d.id}: decidedAt is not an instant: ${d.decidedAt}`)
    }
  }
}

/** A ¥0 breach recorded, not charged: `acknowledged`, or approved before that status existed. */
const isRecordOnly = (d: StatementDeduction): boolean =>
  d.status === 'acknowledged' || (d.status === 'approved' && d.draftedFen === 0 && d.finalFen === 0)

/** Where each deduction stands as of the statement's date. */
type Known =
  | { kind: 'withheld'; d: StatementDeduction; decidedOn: LocalDate }
  | { kind: 'counted'; d: StatementDeduction; decidedOn: LocalDate; as: 'acknowledged' | 'rejected' }
  | { kind: 'pending'; d: StatementDeduction }

/**
 * What was known on `asOf`: a deduction drafted after it is left out; one decided after it was
 * still a pending draft then.
 */
function knownOn(d: StatementDeduction, asOf: LocalDate): Known | null {
  if (localDateOf(d.draftedAt) > asOf) return null
  const decidedOn = d.decidedAt === null ? null : localDateOf(d.decidedAt)
  if (d.status === 'draft' || decidedOn === null || decidedOn > asOf) return { kind: 'pending', d }
  if (isRecordOnly(d)) return { kind: 'counted', d, decidedOn, as: 'acknowledged' }
  if (d.status === 'rejected') return { kind: 'counted', d, decidedOn, as: 'rejected' }
  return { kind: 'withheld', d, decidedOn }
}

type MutableGroup = {
  billingMonth: Month
  deductions: WithheldDeduction[]
  pending: { count: number; amountFen: number }
  acknowledged: number
  rejected: number
}

/** Month groups per slot: one slot per instalment, the last for what no instalment is left for. */
class Slots {
  private readonly slots: Map<Month, MutableGroup>[]
  constructor(count: number) {
    this.slots = Array.from({ length: count + 1 }, () => new Map())
  }
  get unsettledIndex(): number {
    return this.slots.length - 1
  }
  group(index: number, month: Month): MutableGroup {
    const slot = this.slots[index] ?? new Map()
    let group = slot.get(month)
    if (group === undefined) {
      group = {
        billingMonth: month,
        deductions: [],
        pending: { count: 0, amountFen: 0 },
        acknowledged: 0,
        rejected: 0,
      }
      slot.set(month, group)
    }
    return group
  }
  months(index: number, continuing: ReadonlySet<WithheldDeduction>): MonthGroup[] {
    return [...(this.slots[index]?.values() ?? [])]
      .sort((a, b) => compareText(a.billingMonth, b.billingMonth))
      .map((g) => {
        const deductions = g.deductions
          .map((d) => (continuing.has(d) ? { ...d, continues: true } : d))
          .sort((a, b) => compareText(a.period, b.period) || compareText(a.id, b.id))
        return { ...g, deductions, withheldFen: deductions.reduce((sum, d) => sum + d.amountFen, 0) }
      })
  }
}

/**
 * The payment statement as of local date `asOf` (SPEC §7). Each approved or adjusted deduction is
 * withheld from the first instalment, in schedule order, not yet paid on the local date of its
 * decision (unpaid, or paid after that date) — the quarter the deduction is about does not matter:
 * one decided after its quarter's payment falls on the next unpaid one. An instalment never goes
 * below zero: the excess carries to the next instalment not yet paid on the decision date; what
 * finds none is `unsettled`. Deductions are applied in decision order (then id).
 *
 * Rejected deductions and ¥0 records withhold nothing: they are counted in their month's group of
 * the instalment their decision fell on. Drafts are pending: counted (number and drafted sum) in
 * their month's group of the first instalment not paid on `asOf`, and never in any total.
 *
 * The statement shows what was known on `asOf`: payments made and deductions drafted after it are
 * left out, and a deduction decided after it is still a pending draft. A payment's amount is
 * reported as given, not reconciled with the net.
 *
 * @example
 * // A deduction for a March day, approved on 2026-04-10; the Q1 prepayment was paid on 2026-03-05:
 * paymentStatement({ terms: jiyuan2026, asOf: '2026-04-30',
 *   payments: [{ quarter: 1, paidOn: '2026-03-05', amountFen: 41990400 }],
 *   deductions: [{ id: 'answer_15s:2026-03-09', billingMonth: '2026-03', kpi: 'answer_15s',
 *     period: '2026-03-09', subject: null, status: 'approved', draftedFen: 20000, finalFen: 20000,
 *     reason: null, draftedAt: '2026-03-10T02:00:00.000Z', decidedAt: '2026-04-10T02:00:00.000Z' }] })
 * // → Q2: withheldFen 20000, netFen 32639200 (the deduction falls on Q2, the next payment not yet made)
 */
export function paymentStatement(input: {
  readonly terms: ContractTerms
  readonly deductions: readonly StatementDeduction[]
  readonly payments: readonly Payment[]
  readonly asOf: LocalDate
}): Statement {
  const { terms, asOf } = input
  assertDate(asOf, 'asOf')
  const schedule = paymentSchedule(terms)
  const paymentOf = checkPayments(schedule, input.payments)
  checkDeductions(input.deductions)

  /** The payment of an instalment as known on `asOf`. */
  const paidAsOf = (quarter: Quarter): Payment | undefined => {
    const p = paymentOf.get(quarter)
    return p !== undefined && p.paidOn <= asOf ? p : undefined
  }
  /** The first instalment not paid on `date` (the unsettled slot when there is none). */
  const slotOn = (date: LocalDate): number => {
    const index = schedule.findIndex((i) => {
      const paid = paidAsOf(i.quarter)
      return paid === undefined || paid.paidOn > date
    })
    return index < 0 ? schedule.length : index
  }

  const slots = new Slots(schedule.length)
  const room = schedule.map((i) => i.grossFen)
  const withheld: { d: StatementDeduction; decidedOn: LocalDate }[] = []
  for (const d of input.deductions) {
    const known = knownOn(d, asOf)
    if (known === null) continue
    if (known.kind === 'pending') {
      const group = slots.group(slotOn(asOf), d.billingMonth)
      group.pending.count += 1
      group.pending.amountFen += d.draftedFen
    } else if (known.kind === 'counted') {
      slots.group(slotOn(known.decidedOn), d.billingMonth)[known.as] += 1
    } else {
      withheld.push(known)
    }
  }
  withheld.sort(
    (a, b) => epochMs(a.d.decidedAt ?? '') - epochMs(b.d.decidedAt ?? '') || compareText(a.d.id, b.d.id),
  )

  const continuing = new Set<WithheldDeduction>()
  for (const { d, decidedOn } of withheld) {
    const finalFen = d.finalFen ?? 0
    const entry = (amountFen: number, carried: boolean): WithheldDeduction => ({
      id: d.id,
      billingMonth: d.billingMonth,
      kpi: d.kpi,
      period: d.period,
      subject: d.subject,
      status: d.status === 'adjusted' ? 'adjusted' : 'approved',
      draftedFen: d.draftedFen,
      finalFen,
      reason: d.reason,
      decidedOn,
      amountFen,
      carried,
      continues: false,
    })
    let remaining = finalFen
    let first = true
    let previous: WithheldDeduction | null = null
    const place = (index: number, amountFen: number) => {
      const part = entry(amountFen, !first)
      if (previous !== null) continuing.add(previous)
      slots.group(index, d.billingMonth).deductions.push(part)
      previous = part
    }
    for (const [index, instalment] of schedule.entries()) {
      const paid = paidAsOf(instalment.quarter)
      if (paid !== undefined && paid.paidOn <= decidedOn) continue
      const take = Math.min(remaining, room[index] ?? 0)
      // A deduction adjusted to ¥0 is still listed, on the instalment it falls on.
      if (take > 0 || (first && finalFen === 0)) place(index, take)
      room[index] = (room[index] ?? 0) - take
      remaining -= take
      first = false
      if (remaining === 0) break
    }
    if (first || remaining > 0) place(slots.unsettledIndex, remaining)
  }

  const perDay = lateFeePerDayFen(terms)
  const instalments = schedule.map((instalment, index) =>
    lineOf(terms, instalment, slots.months(index, continuing), paidAsOf(instalment.quarter), asOf, perDay),
  )
  const unsettledMonths = slots.months(slots.unsettledIndex, continuing)
  const unsettledFlat = unsettledMonths.flatMap((g) => g.deductions)

  const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
  return {
    termsVersion: termsVersionOf(terms),
    asOf,
    lateFeePerDayFen: perDay,
    lateFeeBpPerDay: terms.payment.lateFeeBpPerDay,
    terminateAfterDaysLate: terms.payment.terminateAfterDaysLate,
    instalments,
    unsettled: unsettledFlat,
    unsettledMonths,
    totals: {
      grossFen: sum(instalments.map((i) => i.grossFen)),
      withheldFen: sum(instalments.map((i) => i.withheldFen)),
      netFen: sum(instalments.map((i) => i.netFen)),
      paidFen: sum(instalments.map((i) => i.paidFen ?? 0)),
      unsettledFen: sum(unsettledFlat.map((d) => d.amountFen)),
      lateFeeFen: sum(instalments.map((i) => i.lateFeeFen)),
      lateQuarters: instalments.filter((i) => i.daysLate > 0).length,
    },
  }
}

/** An instalment's line: its months, net, payment, status, lateness and the termination right. */
function lineOf(
  terms: ContractTerms,
  instalment: Instalment,
  months: MonthGroup[],
  paid: Payment | undefined,
  asOf: LocalDate,
  perDay: number,
): StatementLine {
  const deductions = months.flatMap((g) => g.deductions)
  const withheldFen = deductions.reduce((sum, d) => sum + d.amountFen, 0)
  const netFen = instalment.grossFen - withheldFen
  const { warnDaysBefore, terminateAfterDaysLate: limit } = terms.payment
  const from = addDays(instalment.due, limit + 1)
  const common = { ...instalment, months, deductions, withheldFen, netFen }
  if (paid !== undefined) {
    const daysLate = Math.max(0, daysBetween(instalment.due, paid.paidOn))
    return {
      ...common,
      paidOn: paid.paidOn,
      paidFen: paid.amountFen,
      recordedBy: paid.recordedBy ?? null,
      recordedAt: paid.recordedAt ?? null,
      status: 'paid',
      daysLeft: null,
      daysLate,
      lateFeeFen: daysLate * perDay,
      warn: false,
      termination:
        daysLate > limit
          ? { state: 'arose', from, daysLeft: null }
          : { state: 'none', from: null, daysLeft: null },
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
  const termination: TerminationRight =
    daysLate > limit
      ? { state: 'applies', from, daysLeft: null }
      : daysLate > 0
        ? { state: 'approaching', from, daysLeft: limit + 1 - daysLate }
        : { state: 'none', from: null, daysLeft: null }
  return {
    ...common,
    paidOn: null,
    paidFen: null,
    recordedBy: null,
    recordedAt: null,
    status,
    daysLeft,
    daysLate,
    lateFeeFen: daysLate * perDay,
    warn,
    termination,
  }
}
