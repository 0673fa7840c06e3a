/**
 * Why a write on a month's close is refused (issue 10), with its code, in English and Chinese:
 * drafts still pending, a change during the close, a closed, closing or not closed month, the
 * contractor's answer already given or too late (and a draft deduction's objection too late), a
 * newer version, no results for the month.
 */
import { formatYuan } from '../money'
import { localDateOf } from '../time'
import type { ConflictWords } from './decision'
import type { MonthRecord } from './month-close'

/** What a person tried on the month's item. */
export type MonthWrite = 'close' | 'reopen' | 'acknowledge' | 'object'

/** Why `write` at `expectedVersion` cannot apply to the month as it now is; `null` when it can. */
export function monthConflict(
  now: MonthRecord,
  write: MonthWrite,
  expectedVersion: number | null,
): ConflictWords | null {
  if (write === 'close' && now.state === 'closed') return monthClosed(now)
  if (write !== 'close' && now.state !== 'closed') {
    return {
      code: 'not_closed',
      en: `month ${now.month} is not closed`,
      zh: '本月尚未完成月度确认',
    }
  }
  if (write === 'object' && now.contractor.state === 'objected') {
    return {
      code: 'already_objected',
      en: `an objection to ${now.number} was already filed`,
      zh: '乙方已经对本月确认单提出过异议',
    }
  }
  if ((write === 'acknowledge' || write === 'object') && now.contractor.state !== 'pending') {
    const zh = now.contractor.state === 'acknowledged' ? '已确认' : '已提出异议'
    return {
      code: 'already_answered',
      en: `the contractor already answered ${now.number} (${now.contractor.state})`,
      zh: `乙方已经答复过本月确认单（${zh}）`,
    }
  }
  if (expectedVersion !== null && now.version !== expectedVersion) {
    return {
      code: 'stale_version',
      en: `month ${now.month} is at version ${now.version}, not ${expectedVersion}: reload it`,
      zh: CHANGED_ZH,
    }
  }
  return null
}

const CHANGED_ZH = '本月的确认状态已被他人修改，请刷新后再操作'

/** A write on the month's item lost for no reason `monthConflict` names: it changed meanwhile. */
export const monthChanged = (month: string): ConflictWords => ({
  code: 'conflict',
  en: `month ${month} changed meanwhile: reload it`,
  zh: CHANGED_ZH,
})

/** No job has written results for the month: it has no item to close, reopen or answer. */
export const noMonthResults = (month: string): ConflictWords => ({
  code: 'not_found',
  en: `no results for ${month}`,
  zh: '本月没有考核结果',
})

/** A change refused because the month is closed (its decisions are frozen). */
export const monthClosed = (now: Pick<MonthRecord, 'month' | 'number'>): ConflictWords => ({
  code: 'month_closed',
  en: `month ${now.month} is closed (${now.number ?? 'closed'}): reopen the month first`,
  zh: '本月考核已确认，不能再修改；如需修改，请先撤销月度确认',
})

/** A change refused because a close of the month is in progress (its decisions are being frozen). */
export const monthClosing = (now: Pick<MonthRecord, 'month' | 'number'>): ConflictWords => ({
  code: 'frozen',
  en: `month ${now.month} is being closed (${now.number}): try again when it is done`,
  zh: '本月正在进行月度确认，请稍后再试',
})

/** `1 deduction`, `3 deductions`. */
const deductionsEn = (count: number) => `${count} deduction${count === 1 ? '' : 's'}`

/** The close refused: `count` drafts of the month, `amountFen` in all, are still pending. */
export const pendingDrafts = (month: string, count: number, amountFen: number): ConflictWords => ({
  code: 'pending_drafts',
  en: `${deductionsEn(count)} of ${month} still pending review (${formatYuan(amountFen)}): decide them before closing`,
  zh: `本月还有 ${count} 条扣款待审核，请全部审核后再确认`,
})

/** The close undone: `count` deductions changed (or appeared) while it ran. */
export const changedDuringClose = (month: string, count: number): ConflictWords => ({
  code: 'changed_during_close',
  en: `${deductionsEn(count)} of ${month} changed while the month was being closed: nothing was closed; review and close again`,
  zh: `确认过程中有 ${count} 条扣款发生了变化，本次确认未生效，请刷新后重新确认`,
})

/** The contractor's objection after the window that began at the close. */
export const objectionWindowClosed = (due: string): ConflictWords => {
  const lastDay = localDateOf(new Date(Date.parse(due) - 1))
  return {
    code: 'objection_window_closed',
    en: `the objection window closed at ${due}`,
    zh: `异议期已过（截至 ${lastDay} 24:00）`,
  }
}

/**
 * The contractor's objection (申诉) to a draft deduction after its window: `window` is the
 * deadline `workingDays` working days after the draft (`deadline` of `periods.ts`).
 */
export const draftObjectionWindowClosed = (
  window: { due: string; lastDay: string },
  workingDays: number,
): ConflictWords => ({
  code: 'objection_window_closed',
  en: `the objection window closed at ${window.due} (${workingDays} working days after drafting)`,
  zh: `申诉期已过（截至${window.lastDay} 24:00）`,
})
