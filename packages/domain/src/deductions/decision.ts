/**
 * The rules of a reviewer's decision (issues 10, 11): a ¥0 breach is recorded (acknowledged), never
 * approved; an adjustment above the draft needs an explicit confirmation and never exceeds the
 * draft times the terms' factor, nor the smallest instalment; and the words of every refusal and
 * conflict, with its code, in English and Chinese.
 */
import { formatYuan, formatYuanZh } from '../money'
import { paymentSchedule } from '../payment/statement'
import type { ContractTerms } from '../terms/schema'
import type { DecisionKind, Deduction, DeductionStatus } from './record'

/** A request refused: its code, the field at fault, and why in both languages. */
export type Refusal = { code: string; field: string; en: string; zh: string }
/** A conditional write that lost: its code and why in both languages. */
export type ConflictWords = { code: string; en: string; zh: string }

/** The Chinese word of each status, as a reviewer reads it. */
const STATUS_ZH: Readonly<Record<DeductionStatus, string>> = {
  draft: '待审核',
  approved: '已批准',
  rejected: '不予扣款',
  adjusted: '已调整',
  acknowledged: '已记录',
  withdrawn: '已撤回',
}

/**
 * The most a deduction drafted at `draftAmountFen` may be adjusted to: the draft times
 * `terms.review.maxAdjustmentTimesDraft`, and never more than the smallest instalment (a
 * deduction is withheld from one payment).
 *
 * @example adjustmentCeilingFen(20_000, jiyuan2026) // 60_000 (three times the draft)
 */
export function adjustmentCeilingFen(draftAmountFen: number, terms: ContractTerms): number {
  return Math.min(draftAmountFen * terms.review.maxAdjustmentTimesDraft, smallestInstalmentFen(terms))
}

/** The smallest instalment of the contract year (`paymentSchedule`: the prepayment, then equal parts). */
export function smallestInstalmentFen(terms: ContractTerms): number {
  return Math.min(...paymentSchedule(terms).map((instalment) => instalment.grossFen))
}

/** Why a decision on a draft of `draftAmountFen` is refused, or `null` when it may be written. */
export function decisionRefusal(
  input: { decision: DecisionKind; amountFen?: number | undefined; confirmAboveDraft?: boolean | undefined },
  draftAmountFen: number,
  terms: ContractTerms,
): Refusal | null {
  if (input.decision === 'acknowledged' && draftAmountFen !== 0) {
    return {
      code: 'not_zero_amount',
      field: 'decision',
      en: `only a ¥0 breach is acknowledged; this one drafts ${formatYuan(draftAmountFen)}: approve, adjust or reject it`,
      zh: `只有金额为 0 的违约才能记录，这条扣款为 ${formatYuanZh(draftAmountFen)}，请批准、调整或不予扣款`,
    }
  }
  if (input.decision === 'approved' && draftAmountFen === 0) {
    return {
      code: 'zero_amount_acknowledge',
      field: 'decision',
      en: 'a ¥0 breach is recorded (acknowledged), not approved',
      zh: '金额为 0 的违约只记录、不批准，请选择“记录”',
    }
  }
  if (input.decision !== 'adjusted' || input.amountFen === undefined) return null
  const ceiling = adjustmentCeilingFen(draftAmountFen, terms)
  if (input.amountFen > 0 && draftAmountFen === 0) {
    // The contract charges nothing for this breach: a reviewer may not make it charge.
    return {
      code: 'adjustment_above_limit',
      field: 'amountFen',
      en: 'a ¥0 breach cannot be adjusted upwards: the contract charges nothing for it; record (acknowledge) it',
      zh: '金额为 0 的违约不能调高：合同对这一项不扣款，请选择“记录”',
    }
  }
  if (input.amountFen > ceiling) {
    const times = terms.review.maxAdjustmentTimesDraft
    return {
      code: 'adjustment_above_limit',
      field: 'amountFen',
      en:
        `${formatYuan(input.amountFen)} is more than ${formatYuan(ceiling)}, the most this deduction may be ` +
        `adjusted to (${times} × the drafted ${formatYuan(draftAmountFen)}, and no more than the smallest instalment)`,
      zh:
        `调整后的金额 ${formatYuanZh(input.amountFen)} 超过上限 ${formatYuanZh(ceiling)}` +
        `（不超过起草金额 ${formatYuanZh(draftAmountFen)} 的 ${times} 倍，且不超过最小一期付款）`,
    }
  }
  if (input.amountFen > draftAmountFen && input.confirmAboveDraft !== true) {
    return {
      code: 'confirmation_required',
      field: 'confirmAboveDraft',
      en: `${formatYuan(input.amountFen)} is more than the drafted ${formatYuan(draftAmountFen)}: confirm it (confirmAboveDraft: true)`,
      zh: `调整后的金额 ${formatYuanZh(input.amountFen)} 高于起草金额 ${formatYuanZh(draftAmountFen)}，请确认后再提交`,
    }
  }
  return null
}

/** Why a bulk decision over drafts of these amounts is refused, or `null`. */
export function bulkDecisionRefusal(
  decision: 'approved' | 'acknowledged',
  draftAmountsFen: readonly number[],
): Refusal | null {
  const zero = draftAmountsFen.filter((fen) => fen === 0).length
  const nonZero = draftAmountsFen.length - zero
  if (decision === 'acknowledged' && nonZero > 0) {
    return {
      code: 'not_zero_amount',
      field: 'decision',
      en: `${nonZero} of the selected deductions are not ¥0: only ¥0 breaches are acknowledged`,
      zh: `所选扣款中有 ${nonZero} 条金额不为 0，只有金额为 0 的违约才能记录`,
    }
  }
  if (decision === 'approved' && zero > 0) {
    return {
      code: 'zero_amount_acknowledge',
      field: 'decision',
      en: `${zero} of the selected deductions are ¥0: record (acknowledge) them instead of approving`,
      zh: `所选扣款中有 ${zero} 条金额为 0，金额为 0 的违约只记录、不批准`,
    }
  }
  return null
}

/** What a reviewer or the contractor tried to write on a deduction. */
export type DeductionWrite = 'decide' | 'reopen' | 'object'

/**
 * Why a conditional write on a deduction lost, from the deduction as it now is: frozen by a month
 * close, superseded, not (or already) decided, an objection already filed, or a newer version.
 */
export function deductionConflict(
  now: Deduction,
  write: DeductionWrite,
  expectedVersion: number | null,
): ConflictWords {
  const id = now.deductionId
  if (now.frozenBy) return FROZEN(id)
  const decided = now.status !== 'draft' && now.status !== 'withdrawn'
  if (write === 'reopen' && now.supersededBy) {
    return {
      code: 'superseded',
      en: `deduction ${id} was superseded by ${now.supersededBy}: reopen the newer record`,
      zh: '这条扣款已有更新的记录，请在新记录上操作',
    }
  }
  if (write === 'reopen' && !decided) {
    return {
      code: 'not_decided',
      en: `deduction ${id} is ${now.status}, not decided: nothing to reopen`,
      zh: `这条扣款尚未审核（${STATUS_ZH[now.status]}），无需重新打开`,
    }
  }
  if (write !== 'reopen' && now.status === 'withdrawn') {
    return {
      code: 'already_decided',
      en: `deduction ${id} was withdrawn: the breach is no longer there`,
      zh: '这条扣款已撤回（违约已不存在），无需审核',
    }
  }
  if (write !== 'reopen' && now.status !== 'draft') {
    return {
      code: 'already_decided',
      en: `deduction ${id} is already ${now.status}`,
      zh: `这条扣款已经审核过了（${STATUS_ZH[now.status]}）`,
    }
  }
  if (write === 'object' && now.objection) {
    return {
      code: 'already_objected',
      en: `an objection to ${id} was already filed`,
      zh: '这条扣款已经提出过申诉',
    }
  }
  return {
    code: 'stale_version',
    en: `deduction ${id} is at version ${now.version}, not ${expectedVersion ?? '?'}: reload it`,
    zh: '这条扣款已被他人修改，请刷新后再审核',
  }
}

/** A deduction frozen by a close in progress (the month's own state decides `month_closed`). */
const FROZEN = (id: string): ConflictWords => ({
  code: 'frozen',
  en: `deduction ${id} is frozen by a month close: reopen the month first`,
  zh: '这条扣款已随月度确认锁定，请先撤销月度确认',
})

/**
 * A bulk decision refused because the selection is not what the reviewer confirmed: `differ` of
 * the `selected` deductions changed (gone, decided or at another version), or the count or total
 * now differs.
 */
export function totalsChanged(
  selected: number,
  differ: number,
  now: { count: number; totalFen: number },
): ConflictWords {
  return {
    code: 'totals_changed',
    en:
      `${differ} of the ${selected} selected deductions changed since you looked; the selection is now ` +
      `${now.count} drafts, ${formatYuan(now.totalFen)}: nothing was decided, review it again`,
    zh:
      differ > 0
        ? `所选 ${selected} 条扣款中有 ${differ} 条已发生变化，本次未做任何审核，请刷新后重新确认`
        : `所选扣款的条数或金额与确认时不一致（现为 ${now.count} 条，共 ${formatYuanZh(now.totalFen)}），本次未做任何审核，请重新确认`,
  }
}
