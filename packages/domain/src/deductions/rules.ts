/**
 * Deduction rules (contract §4, §5; SPEC §5–§6): turns KPI results into deduction drafts. One
 * draft per breached result (`met === false`), with a deterministic id per (kpi, period, subject),
 * the amount under the contract terms that measured it, the numbers it comes from and the formula
 * in words. A breach whose amount is ¥0 is still drafted: it is recorded, not charged.
 */
import { chargedPoints, type PartialPoints, perPointAmount, pointsBeyond } from '../fraction'
import type { KpiId, KpiResult } from '../kpi/types'
import { type ContractTerms, termsVersionOf } from '../terms/schema'
import type { DeductionDraft } from './types'
import { formulaInWords } from './words'

/** A result measured with other terms than those given: its draft would use the wrong figures. */
export class TermsVersionMismatchError extends Error {
  override readonly name = 'TermsVersionMismatchError'
  constructor(
    readonly resultId: string,
    readonly resultTermsVersion: string,
    readonly termsVersion: string,
  ) {
    super(
      `${resultId} was measured with terms ${resultTermsVersion} but deductions are drafted with ${termsVersion}`,
    )
  }
}

/** A result that cannot be drafted: a duplicate (kpi, period, subject), or a breach without its numbers. */
export class InvalidKpiResultError extends Error {
  override readonly name = 'InvalidKpiResultError'
  constructor(
    readonly resultId: string,
    reason: string,
  ) {
    super(`${resultId}: ${reason}`)
  }
}

/**
 * The deterministic id of a deduction: re-running a job yields the same id, never a duplicate.
 * Kpi ids and periods hold no `:`, so the id is unique per (kpi, period, subject) even when the
 * subject does.
 *
 * @example
 * deductionId('answer_15s', '2026-10-09', null) // 'answer_15s:2026-10-09'
 * deductionId('service_error.transfer', '2026-10-08', 'T123') // 'service_error.transfer:2026-10-08:T123'
 */
export function deductionId(kpi: KpiId, period: string, subject: string | null): string {
  return subject === null ? `${kpi}:${period}` : `${kpi}:${period}:${subject}`
}

/** How a KPI's breach is charged, or `null` when this result never drafts. */
type Rule =
  | {
      readonly kind: 'perPoint'
      readonly clause: string
      readonly direction: 'below' | 'above'
      readonly perPointFen: number
      readonly partialPoints: PartialPoints
    }
  | { readonly kind: 'flat'; readonly clause: string; readonly amountFen: number }

const YEAR = /^\d{4}$/
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The rule for one breached result under `terms`, or `null` when the contract does not charge it. */
function ruleFor(result: KpiResult, terms: ContractTerms): Rule | null {
  const k = terms.kpis
  const flat = (clause: string, amountFen: number): Rule => ({ kind: 'flat', clause, amountFen })
  const perPoint = (
    direction: 'below' | 'above',
    t: { clause: string; perPointFen: number; partialPoints: PartialPoints },
  ): Rule => ({
    kind: 'perPoint',
    direction,
    clause: t.clause,
    perPointFen: t.perPointFen,
    partialPoints: t.partialPoints,
  })
  switch (result.kpi) {
    case 'satisfaction':
      return perPoint('below', k.satisfaction)
    case 'publish_accuracy':
      return perPoint('below', k.publishAccuracy)
    case 'turnover':
      // §4.8 is assessed per year; the monthly rates are reported, never charged.
      return YEAR.test(result.period) ? perPoint('above', k.turnover) : null
    case 'answer_15s':
      // Charged per day (§4.5); a monthly roll-up is reported, never charged.
      return LOCAL_DATE.test(result.period) ? flat(k.answer15s.clause, k.answer15s.amountPerDayFen) : null
    case 'connection':
      return LOCAL_DATE.test(result.period) ? flat(k.connection.clause, k.connection.amountPerDayFen) : null
    case 'agent_workload':
      return k.agentWorkload.amountFen === null
        ? null
        : flat(k.agentWorkload.clause, k.agentWorkload.amountFen)
    case 'service_error.transfer':
      return flat(k.serviceError.clause, k.serviceError.transfer.amountFen)
    case 'service_error.return':
      return flat(k.serviceError.clause, k.serviceError.return.amountFen)
    case 'service_error.callback':
      return flat(k.serviceError.clause, k.serviceError.callback.amountFen)
    case 'complaint':
      return flat(k.complaint.clause, k.complaint.amountFen)
    case 'confidentiality':
      return flat(k.confidentiality.clause, k.confidentiality.amountFen)
    case 'inspection':
      return flat(k.inspection.clause, k.inspection.amountFen)
    case 'micro_platform':
      // §4.6 charges each verified incident of 较大影响; the monthly timeliness rate is reported.
      return result.subject === null ? null : flat(k.microPlatform.clause, k.microPlatform.incidentAmountFen)
    case 'emergency_report':
      return flat(k.emergencyReport.clause, k.emergencyReport.amountFen)
    case 'safety_check':
      return flat(k.safetyCheck.clause, k.safetyCheck.amountFen)
    case 'cleaning_check':
      return flat(k.cleaningCheck.clause, k.cleaningCheck.amountFen)
    case 'training.onboarding':
    case 'training.in_service':
      return flat(k.training.clause, k.training.amountFen)
  }
}

/** The draft of one breached result under its rule. */
function draftOf(result: KpiResult, rule: Rule, id: string): DeductionDraft {
  const { kpi, period, subject, value, target } = result
  let amountFen: number
  let basis: DeductionDraft['basis']
  if (rule.kind === 'perPoint') {
    const wanted = rule.direction === 'below' ? 'min' : 'max'
    if (value === null || target === null || target.kind !== wanted) {
      throw new InvalidKpiResultError(id, `a breach charged per point needs a value and a ${wanted} target`)
    }
    const exact = pointsBeyond(value, target.bp, rule.direction)
    amountFen = perPointAmount(exact, rule.perPointFen, rule.partialPoints)
    basis = {
      value,
      target,
      points: { exact, charged: chargedPoints(exact, rule.partialPoints) },
      rate: { perPointFen: rule.perPointFen, partialPoints: rule.partialPoints },
    }
  } else {
    amountFen = rule.amountFen
    basis = { value, target, rate: { flatFen: rule.amountFen } }
  }
  return {
    id,
    kpi,
    period,
    subject,
    amountFen,
    clause: rule.clause,
    termsVersion: result.termsVersion,
    basis,
    evidence: {
      ...result.evidence,
      ids: [...result.evidence.ids],
      figures: { ...result.evidence.figures },
    },
    formula: formulaInWords({ kpi, period, subject, amountFen, basis }),
  }
}

/**
 * The deduction drafts of `results` under `terms`, sorted by id: one per breached result
 * (`met === false`) that the contract charges. Results that met their target or have no data
 * (`met` true or null) never draft; neither do monthly turnover rates, monthly roll-ups of daily
 * KPIs, the micro-platform rate, nor agent workload while its amount is `null`. A ¥0 breach is
 * drafted (recorded, not charged). Every result must carry `termsVersionOf(terms)`
 * (`TermsVersionMismatchError`), and each (kpi, period, subject) may appear once
 * (`InvalidKpiResultError`).
 *
 * @example
 * // 944 of 1000 ratings satisfied in 2026-10 (94.40 % < 95 %): 0.6 points below
 * draftDeductions([satisfactionResult], jiyuan2026)
 * // → [{ id: 'satisfaction:2026-10', amountFen: 0, clause: '§4.1', basis: { points: { exact: 3/5, charged: 0/1 } … } }]
 */
export function draftDeductions(results: readonly KpiResult[], terms: ContractTerms): DeductionDraft[] {
  const termsVersion = termsVersionOf(terms)
  const seen = new Set<string>()
  const drafts: DeductionDraft[] = []
  for (const result of results) {
    const id = deductionId(result.kpi, result.period, result.subject)
    if (result.termsVersion !== termsVersion) {
      throw new TermsVersionMismatchError(id, result.termsVersion, termsVersion)
    }
    if (seen.has(id)) {
      throw new InvalidKpiResultError(id, 'two results for the same (kpi, period, subject): pass one')
    }
    seen.add(id)
    if (result.met !== false) continue
    const rule = ruleFor(result, terms)
    if (rule !== null) drafts.push(draftOf(result, rule, id))
  }
  return drafts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
