/**
 * The formula of a deduction in words, in Chinese and English (SPEC §6): what a reviewer reads
 * next to the amount. Built from the draft's own numbers (period, value, target, points, rate,
 * amount), so the sentence and the amount can never disagree. Display only: every figure here is
 * rounded for reading, never for deciding.
 */
import { type Fraction, formatBp, formatPercent, formatPoints } from '../fraction'
import type { KpiId, Target } from '../kpi/types'
import { formatYuan, formatYuanZh } from '../money'
import type { DeductionDraft } from './types'

/** The Chinese name of each KPI as the contract writes it, and an English one. */
export const KPI_NAMES: Readonly<Record<KpiId, { readonly zh: string; readonly en: string }>> = {
  satisfaction: { zh: '满意率', en: 'satisfaction rate' },
  complaint: { zh: '投诉', en: 'complaint' },
  'service_error.transfer': { zh: '转办超时', en: 'transfer overdue' },
  'service_error.return': { zh: '回退处理超时', en: 'returned ticket overdue' },
  'service_error.callback': { zh: '回访超时', en: 'callback overdue' },
  connection: { zh: '接通率', en: 'connection rate' },
  agent_workload: { zh: '话务员日工作量', en: 'calls per agent-day' },
  answer_15s: { zh: '15秒应答及时率', en: 'answer-within-15s rate' },
  micro_platform: { zh: '微平台处理及时率', en: 'micro-platform handling' },
  publish_accuracy: { zh: '信息发布准确率', en: 'publication accuracy rate' },
  turnover: { zh: '人员流失率', en: 'staff turnover rate' },
  confidentiality: { zh: '保密', en: 'confidentiality breach' },
  inspection: { zh: '上级检查或暗访通报', en: 'adverse inspection or undercover-test report' },
  emergency_report: { zh: '应急事件上报', en: 'emergency report' },
  safety_check: { zh: '安全检查', en: 'safety checks' },
  cleaning_check: { zh: '卫生保洁检查', en: 'cleaning checks' },
  'training.onboarding': { zh: '入职培训', en: 'onboarding training' },
  'training.in_service': { zh: '在职培训', en: 'in-service training' },
}

/**
 * What a result's subject is, per KPI: `（工单 T123）` / `(ticket T123)`. `emergency_report` has none:
 * its subject is a ticket (a late report) or a verified incident, so it is shown bare: `（T126）`.
 */
const SUBJECT_LABELS: Partial<Record<KpiId, { readonly zh: string; readonly en: string }>> = {
  complaint: { zh: '事件', en: 'incident' },
  'service_error.transfer': { zh: '工单', en: 'ticket' },
  'service_error.return': { zh: '工单', en: 'ticket' },
  'service_error.callback': { zh: '工单', en: 'ticket' },
  agent_workload: { zh: '话务员', en: 'agent' },
  micro_platform: { zh: '事件', en: 'incident' },
  confidentiality: { zh: '事件', en: 'incident' },
  inspection: { zh: '事件', en: 'incident' },
  'training.onboarding': { zh: '人员', en: 'staff' },
  'training.in_service': { zh: '人员', en: 'staff' },
}

/** Units of count KPIs (`minCount` targets): `0次 < 1次/周`, `0 checks < 1 per week`. */
type CountUnit = {
  readonly zh: string
  readonly zhPer: string
  readonly en: readonly [one: string, many: string]
  readonly enPer: string
}
const COUNT_UNITS: Partial<Record<KpiId, CountUnit>> = {
  safety_check: { zh: '次', zhPer: '/周', en: ['check', 'checks'], enPer: ' per week' },
  cleaning_check: { zh: '次', zhPer: '/周', en: ['check', 'checks'], enPer: ' per week' },
  agent_workload: { zh: '个', zhPer: '', en: ['call', 'calls'], enPer: '' },
  'training.in_service': { zh: '课时', zhPer: '', en: ['class hour', 'class hours'], enPer: '' },
  'training.onboarding': { zh: '天', zhPer: '', en: ['day', 'days'], enPer: '' },
}
const NO_UNIT: CountUnit = { zh: '', zhPer: '', en: ['', ''], enPer: '' }

/** What `formulaInWords` reads: a draft without its formula. */
export type FormulaInput = Pick<DeductionDraft, 'kpi' | 'period' | 'subject' | 'amountFen' | 'basis'>

/**
 * The formula of a deduction in words.
 *
 * @example
 * formulaInWords({ kpi: 'answer_15s', period: '2026-10-09', subject: null, amountFen: 20000,
 *   basis: { value: { num: 175, den: 200 }, target: { kind: 'min', bp: 9000 }, rate: { flatFen: 20000 } } })
 * // → { zh: '2026-10-09 15秒应答及时率 87.50% < 90%，扣除200元',
 * //     en: '2026-10-09 answer-within-15s rate 87.50% < 90%: deduct ¥200.00' }
 */
export function formulaInWords(input: FormulaInput): { zh: string; en: string } {
  const { kpi, period, subject, amountFen, basis } = input
  const name = KPI_NAMES[kpi]
  const label = SUBJECT_LABELS[kpi]
  const subjectWords = subject === null ? null : subjectInWords(subject)
  const zhSubject = subjectWords === null ? '' : `（${label ? `${label.zh} ` : ''}${subjectWords.zh}）`
  const enSubject = subjectWords === null ? '' : ` (${label ? `${label.en} ` : ''}${subjectWords.en})`
  const measured = measuredInWords(kpi, basis.value, basis.target)
  const when = formulaPeriod(period)
  // No space after a full-width bracket: `话务员日工作量（话务员 A1）52个 < 70个`.
  let zh = `${when.zh} ${name.zh}${zhSubject}${measured ? `${zhSubject ? '' : ' '}${measured.zh}` : ''}`
  let en = `${when.en} ${name.en}${enSubject}${measured ? ` ${measured.en}` : ''}`

  const perPointFen = basis.rate?.perPointFen
  if (basis.points !== undefined && perPointFen !== undefined) {
    const direction = basis.target?.kind === 'max' ? { zh: '高于', en: 'above' } : { zh: '低于', en: 'below' }
    const exact = pointsText(basis.points.exact)
    const charged = pointsText(basis.points.charged)
    const mode = basis.rate?.partialPoints ?? 'floor'
    const plural = charged === '1' ? 'point' : 'points'
    zh += `，${direction.zh}${exact}个百分点`
    en += `: ${exact} ${exact === '1' ? 'point' : 'points'} ${direction.en}`
    if (mode === 'prorate') {
      zh += `，按比例计${charged}个，每个百分点${formatYuanZh(perPointFen)}`
      en += `, charged pro rata at ${formatYuan(perPointFen)} per point`
    } else if (mode === 'ceil') {
      zh += `，不足1个百分点的部分按1个计，计${charged}个，每个百分点${formatYuanZh(perPointFen)}`
      en += `, rounded up to ${charged} whole ${plural} charged at ${formatYuan(perPointFen)} each`
    } else {
      zh += `，按整点计${charged}个，每个百分点${formatYuanZh(perPointFen)}`
      en += `, ${charged} whole ${plural} charged at ${formatYuan(perPointFen)} each`
    }
  }

  if (amountFen === 0) {
    zh += '，记录不扣款'
    en += ': recorded, no deduction'
  } else {
    zh += `，扣除${formatYuanZh(amountFen)}`
    en += `: deduct ${formatYuan(amountFen)}`
  }
  return { zh, en }
}

const EPISODE = /^(.+)\/(return|callback)\/(\d+)$/
const ISO_WEEK = /^(\d{4})-W(\d{2})$/

/**
 * A ticket's n-th return or callback named by a subject (`T1/callback/2`, the episode id of
 * `ticket-timeline.ts`): its ticket, kind and number; `null` for any other subject.
 */
export function episodeOf(
  subject: string,
): { ticket: string; kind: 'return' | 'callback'; n: string } | null {
  const episode = EPISODE.exec(subject)
  if (!episode) return null
  const [, ticket, kind, n] = episode as unknown as [string, string, 'return' | 'callback', string]
  return { ticket, kind, n }
}

/**
 * A subject as a reader names it: a ticket's n-th return or callback (`T1/callback/2`) reads
 * `T1，第 2 次回访`; anything else (a ticket, an incident, a staff member) is its own id.
 */
export function subjectInWords(subject: string): { zh: string; en: string } {
  const episode = episodeOf(subject)
  if (!episode) return { zh: subject, en: subject }
  const { ticket, kind, n } = episode
  return kind === 'return'
    ? { zh: `${ticket}，第 ${n} 次回退`, en: `${ticket}, return ${n}` }
    : { zh: `${ticket}，第 ${n} 次回访`, en: `${ticket}, callback ${n}` }
}

/** An ISO week in words: `2026-W41` reads `2026 年第 41 周`, `week 41 of 2026`; `null` for any other period. */
export function weekInWords(period: string): { zh: string; en: string } | null {
  const week = ISO_WEEK.exec(period)
  if (!week) return null
  return { zh: `${week[1]} 年第 ${Number(week[2])} 周`, en: `week ${Number(week[2])} of ${week[1]}` }
}

/** A period as a reader names it: an ISO week in words (`weekInWords`); days, months and years as they are. */
const formulaPeriod = (period: string): { zh: string; en: string } =>
  weekInWords(period) ?? { zh: period, en: period }

/** `87.50% < 90%`, `23.50% > 20%`, `0次 < 1次/周`; `null` for an event (no value or no target). */
function measuredInWords(
  kpi: KpiId,
  value: Fraction | null,
  target: Target | null,
): { zh: string; en: string } | null {
  if (value === null || target === null) return null
  if (target.kind === 'minCount') {
    const unit = COUNT_UNITS[kpi] ?? NO_UNIT
    const count = formatPoints(value)
    const enUnit = unit.en[count === '1' ? 0 : 1]
    return {
      zh: `${count}${unit.zh} < ${target.count}${unit.zh}${unit.zhPer}`,
      en: `${count}${enUnit ? ` ${enUnit}` : ''} < ${target.count}${unit.enPer}`,
    }
  }
  const text = `${percentBeyond(value, target)} ${target.kind === 'min' ? '<' : '>'} ${formatBp(target.bp)}`
  return { zh: text, en: text }
}

/**
 * A breached rate shown so that it reads as a breach: 0.01 % first, more decimals (up to 0.0001 %)
 * when rounding would make 94.995 % look like `95.00% < 95%`.
 */
function percentBeyond(value: Fraction, target: { kind: 'min' | 'max'; bp: number }): string {
  let text = formatPercent(value)
  for (let decimals = 2; decimals <= 4; decimals++) {
    text = formatPercent(value, decimals)
    const shown = BigInt(text.replace(/[.%]/g, ''))
    const targetShown = BigInt(target.bp) * 10n ** BigInt(decimals - 2)
    if (target.kind === 'min' ? shown < targetShown : shown > targetShown) return text
  }
  return text
}

/** Points for reading; a non-zero share too small for 0.01 shows as `<0.01`, never as `0`. */
function pointsText(points: Fraction): string {
  const text = formatPoints(points)
  return points.num > 0 && /^0(\.0*)?$/.test(text) ? '<0.01' : text
}
