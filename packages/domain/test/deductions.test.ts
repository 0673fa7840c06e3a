import { describe, expect, it } from 'vitest'
import {
  deductionId,
  draftDeductions,
  InvalidKpiResultError,
  TermsVersionMismatchError,
} from '../src/deductions/rules'
import { formulaInWords, KPI_NAMES } from '../src/deductions/words'
import type { KpiId, KpiResult, Target } from '../src/kpi/types'
import { KPI_IDS } from '../src/kpi/types'
import { jiyuan2026 } from '../src/terms'
import { type ContractTerms, loadTerms, termsVersionOf } from '../src/terms/schema'

const VERSION = termsVersionOf(jiyuan2026)

/** A rate result of `num/den` held to `target`; `met` as a calculator would set it unless given. */
function rate(
  kpi: KpiId,
  period: string,
  num: number,
  den: number,
  target: Target,
  overrides: Partial<KpiResult> = {},
): KpiResult {
  const breached =
    target.kind === 'min'
      ? num * 10_000 < target.bp * den
      : target.kind === 'max'
        ? num * 10_000 > target.bp * den
        : num < target.count
  return {
    kpi,
    period,
    subject: null,
    value: { num, den },
    target,
    met: !breached,
    evidence: { ids: [`${kpi}-evidence`], figures: { num, den } },
    termsVersion: VERSION,
    ...overrides,
  }
}

/** A verified event (a late ticket, an incident): no value, no target, a breach. */
function event(
  kpi: KpiId,
  period: string,
  subject: string | null,
  overrides: Partial<KpiResult> = {},
): KpiResult {
  return {
    kpi,
    period,
    subject,
    value: null,
    target: null,
    met: false,
    evidence: { ids: subject === null ? [] : [subject], figures: {} },
    termsVersion: VERSION,
    ...overrides,
  }
}

/** A count result (`count/1`) held to a `minCount` target. */
const count = (kpi: KpiId, period: string, subject: string | null, n: number, min: number): KpiResult =>
  rate(kpi, period, n, 1, { kind: 'minCount', count: min }, { subject })

/** Jiyuan's terms with other per-point rounding (and a version of their own). */
function withPartialPoints(mode: 'floor' | 'ceil' | 'prorate'): ContractTerms {
  const k = jiyuan2026.kpis
  return loadTerms({
    ...jiyuan2026,
    version: `2026.1-${mode}`,
    kpis: {
      ...k,
      satisfaction: { ...k.satisfaction, partialPoints: mode },
      publishAccuracy: { ...k.publishAccuracy, partialPoints: mode },
      turnover: { ...k.turnover, partialPoints: mode },
    },
  })
}

const min = (bp: number): Target => ({ kind: 'min', bp })
const max = (bp: number): Target => ({ kind: 'max', bp })

const only = (results: KpiResult[], terms: ContractTerms = jiyuan2026) => {
  const drafts = draftDeductions(results, terms)
  expect(drafts).toHaveLength(1)
  const [draft] = drafts
  if (draft === undefined) throw new Error('no draft')
  return draft
}

describe('deductionId: deterministic per (kpi, period, subject)', () => {
  it.each([
    ['answer_15s', '2026-10-09', null, 'answer_15s:2026-10-09'],
    ['satisfaction', '2026-10', null, 'satisfaction:2026-10'],
    ['turnover', '2026', null, 'turnover:2026'],
    ['service_error.transfer', '2026-10-08', 'T123', 'service_error.transfer:2026-10-08:T123'],
    ['agent_workload', '2026-10-09', 'A7', 'agent_workload:2026-10-09:A7'],
    ['safety_check', '2026-W41', null, 'safety_check:2026-W41'],
  ] as const)('%s %s %s → %s', (kpi, period, subject, id) => {
    expect(deductionId(kpi, period, subject)).toBe(id)
  })

  it('gives different ids to different subjects, periods and kpis', () => {
    const ids = [
      deductionId('service_error.return', '2026-10-08', 'T1'),
      deductionId('service_error.return', '2026-10-08', 'T2'),
      deductionId('service_error.return', '2026-10-09', 'T1'),
      deductionId('service_error.callback', '2026-10-08', 'T1'),
      deductionId('service_error.return', '2026-10-08', null),
    ]
    expect(new Set(ids).size).toBe(5)
  })
})

describe('every KPI mapped to its clause and amount (Jiyuan 2026 terms)', () => {
  const rows = [
    ['§4.1', 'satisfaction', rate('satisfaction', '2026-10', 900, 1000, min(9500)), 100_000],
    ['§4.2', 'complaint', event('complaint', '2026-10-08', 'I-1'), 50_000],
    ['§4.3', 'service_error.transfer', event('service_error.transfer', '2026-10-08', 'T123'), 20_000],
    ['§4.3', 'service_error.return', event('service_error.return', '2026-10-08', 'T124#1'), 20_000],
    ['§4.3', 'service_error.callback', event('service_error.callback', '2026-10-08', 'T125'), 20_000],
    ['§4.4', 'connection', rate('connection', '2026-10-09', 900, 1000, min(9500)), 20_000],
    ['§4.5', 'answer_15s', rate('answer_15s', '2026-10-09', 175, 200, min(9000)), 20_000],
    ['§4.6', 'micro_platform', event('micro_platform', '2026-10-08', 'I-2'), 50_000],
    ['§4.7', 'publish_accuracy', rate('publish_accuracy', '2026-10-09', 2, 3, min(10_000)), 660_000],
    ['§4.8', 'turnover', rate('turnover', '2026', 47, 200, max(2000)), 3_000_000],
    ['§4.9', 'confidentiality', event('confidentiality', '2026-10-08', 'I-3'), 100_000],
    ['§4.10', 'inspection', event('inspection', '2026-10-08', 'I-4'), 100_000],
    ['§4.11', 'emergency_report', event('emergency_report', '2026-10-08', 'T126'), 0],
    ['§4.12', 'safety_check', count('safety_check', '2026-W41', null, 0, 1), 0],
    ['§4.13', 'cleaning_check', count('cleaning_check', '2026-W41', null, 0, 1), 0],
    ['§5', 'training.onboarding', event('training.onboarding', '2026-10', 'S1'), 0],
    ['§5', 'training.in_service', count('training.in_service', '2026-10', 'S2', 10, 16), 0],
  ] as const
  it.each(rows.map(([clause, kpi, result, amountFen]) => ({ clause, kpi, result, amountFen })))(
    '$clause $kpi → $amountFen fen',
    ({ clause, result, amountFen }) => {
      const draft = only([result])
      expect(draft.clause).toBe(clause)
      expect(draft.amountFen).toBe(amountFen)
      expect(draft.id).toBe(deductionId(result.kpi, result.period, result.subject))
      expect(draft.termsVersion).toBe('jiyuan-2026@2026.1')
      expect(draft.basis.value).toEqual(result.value)
      expect(draft.basis.target).toEqual(result.target)
      expect(draft.evidence).toEqual(result.evidence)
    },
  )

  it('§4.4 agent_workload: reported, never drafted under the default terms', () => {
    expect(draftDeductions([count('agent_workload', '2026-10-09', 'A1', 52, 70)], jiyuan2026)).toEqual([])
  })

  it('§4.4 agent_workload: drafted when the terms set an amount (¥50)', () => {
    const terms = loadTerms({
      ...jiyuan2026,
      version: '2026.1-workload',
      kpis: { ...jiyuan2026.kpis, agentWorkload: { ...jiyuan2026.kpis.agentWorkload, amountFen: 5000 } },
    })
    const result = {
      ...count('agent_workload', '2026-10-09', 'A1', 52, 70),
      termsVersion: termsVersionOf(terms),
    }
    const draft = only([result], terms)
    expect(draft).toMatchObject({ id: 'agent_workload:2026-10-09:A1', amountFen: 5000, clause: '§4.4' })
    expect(draft.basis.rate).toEqual({ flatFen: 5000 })
    expect(draft.formula).toEqual({
      zh: '2026-10-09 话务员日工作量（话务员 A1）52个 < 70个，扣除50元',
      en: '2026-10-09 calls per agent-day (agent A1) 52 calls < 70: deduct ¥50.00',
    })
  })
})

describe('§4.1 满意率 satisfaction: per point below 95 % (SPEC §5 worked check 94.4 %)', () => {
  it.each([
    ['floor', 0, { num: 0, den: 1 }],
    ['ceil', 20_000, { num: 1, den: 1 }],
    ['prorate', 12_000, { num: 3, den: 5 }],
  ] as const)('944/1000 under %s → %i fen', (mode, amountFen, charged) => {
    const terms = withPartialPoints(mode)
    const result = rate('satisfaction', '2026-10', 944, 1000, min(9500), {
      termsVersion: termsVersionOf(terms),
    })
    const draft = only([result], terms)
    expect(draft.amountFen).toBe(amountFen)
    expect(draft.basis.points).toEqual({ exact: { num: 3, den: 5 }, charged })
    expect(draft.basis.rate).toEqual({ perPointFen: 20_000, partialPoints: mode })
  })

  it('floor: the ¥0 breach is drafted and its formula says it is recorded, not charged', () => {
    const draft = only([rate('satisfaction', '2026-10', 944, 1000, min(9500))])
    expect(draft.formula).toEqual({
      zh: '2026-10 满意率 94.40% < 95%，低于0.6个百分点，按整点计0个，每个百分点200元，记录不扣款',
      en: '2026-10 satisfaction rate 94.40% < 95%: 0.6 points below, 0 whole points charged at ¥200.00 each: recorded, no deduction',
    })
  })

  it('ceil and prorate say so in words', () => {
    const ceil = withPartialPoints('ceil')
    const prorate = withPartialPoints('prorate')
    const at = (terms: ContractTerms) =>
      only(
        [rate('satisfaction', '2026-10', 944, 1000, min(9500), { termsVersion: termsVersionOf(terms) })],
        terms,
      ).formula
    expect(at(ceil)).toEqual({
      zh: '2026-10 满意率 94.40% < 95%，低于0.6个百分点，不足1个百分点的部分按1个计，计1个，每个百分点200元，扣除200元',
      en: '2026-10 satisfaction rate 94.40% < 95%: 0.6 points below, rounded up to 1 whole point charged at ¥200.00 each: deduct ¥200.00',
    })
    expect(at(prorate)).toEqual({
      zh: '2026-10 满意率 94.40% < 95%，低于0.6个百分点，按比例计0.6个，每个百分点200元，扣除120元',
      en: '2026-10 satisfaction rate 94.40% < 95%: 0.6 points below, charged pro rata at ¥200.00 per point: deduct ¥120.00',
    })
  })

  it.each([
    [950, 1000],
    [1000, 1000],
  ])('%i/%i meets 95 %: no draft', (num, den) => {
    expect(draftDeductions([rate('satisfaction', '2026-10', num, den, min(9500))], jiyuan2026)).toEqual([])
  })
})

describe('§4.7 信息发布准确率 publish_accuracy: per point below 100 %', () => {
  it('1 inaccurate of 3 → 66.67 % → 33 whole points → ¥6,600 (SPEC §5)', () => {
    const draft = only([rate('publish_accuracy', '2026-10-09', 2, 3, min(10_000))])
    expect(draft.amountFen).toBe(660_000)
    expect(draft.basis.points).toEqual({ exact: { num: 100, den: 3 }, charged: { num: 33, den: 1 } })
    expect(draft.formula).toEqual({
      zh: '2026-10-09 信息发布准确率 66.67% < 100%，低于33.33个百分点，按整点计33个，每个百分点200元，扣除6600元',
      en: '2026-10-09 publication accuracy rate 66.67% < 100%: 33.33 points below, 33 whole points charged at ¥200.00 each: deduct ¥6,600.00',
    })
  })

  it('ceil: 34 points → ¥6,800; prorate: ¥6,666.66 (rounded down to the fen)', () => {
    const ceil = withPartialPoints('ceil')
    const prorate = withPartialPoints('prorate')
    const at = (terms: ContractTerms) =>
      only(
        [rate('publish_accuracy', '2026-10-09', 2, 3, min(10_000), { termsVersion: termsVersionOf(terms) })],
        terms,
      ).amountFen
    expect(at(ceil)).toBe(680_000)
    expect(at(prorate)).toBe(666_666)
  })
})

describe('§4.8 人员流失率 turnover: annual, per point above 20 %', () => {
  it('23.5 % (47/200) → 3 whole points above → ¥30,000 (SPEC §5)', () => {
    const draft = only([rate('turnover', '2026', 47, 200, max(2000))])
    expect(draft).toMatchObject({ id: 'turnover:2026', amountFen: 3_000_000, clause: '§4.8' })
    expect(draft.basis.points).toEqual({ exact: { num: 7, den: 2 }, charged: { num: 3, den: 1 } })
    expect(draft.basis.rate).toEqual({ perPointFen: 1_000_000, partialPoints: 'floor' })
    expect(draft.formula).toEqual({
      zh: '2026 人员流失率 23.50% > 20%，高于3.5个百分点，按整点计3个，每个百分点10000元，扣除30000元',
      en: '2026 staff turnover rate 23.50% > 20%: 3.5 points above, 3 whole points charged at ¥10,000.00 each: deduct ¥30,000.00',
    })
  })

  it('a monthly turnover rate above 20 % never drafts', () => {
    const monthly = rate('turnover', '2026-10', 1, 3, max(2000))
    expect(monthly.met).toBe(false)
    expect(draftDeductions([monthly], jiyuan2026)).toEqual([])
  })

  it('20 % exactly meets the target', () => {
    expect(draftDeductions([rate('turnover', '2026', 40, 200, max(2000))], jiyuan2026)).toEqual([])
  })
})

describe('§4.4 接通率 connection and §4.5 应答及时率 answer_15s: a flat ¥200 per day below', () => {
  it('87.50 % answered within 15 s (175/200) → ¥200', () => {
    const draft = only([rate('answer_15s', '2026-10-09', 175, 200, min(9000))])
    expect(draft).toMatchObject({ id: 'answer_15s:2026-10-09', amountFen: 20_000, clause: '§4.5' })
    expect(draft.basis.rate).toEqual({ flatFen: 20_000 })
    expect(draft.basis.points).toBeUndefined()
    expect(draft.formula).toEqual({
      zh: '2026-10-09 15秒应答及时率 87.50% < 90%，扣除200元',
      en: '2026-10-09 answer-within-15s rate 87.50% < 90%: deduct ¥200.00',
    })
  })

  it('a day far below is still ¥200 (per day, not per point)', () => {
    expect(only([rate('connection', '2026-10-09', 1, 100, min(9500))]).amountFen).toBe(20_000)
  })

  it('a monthly roll-up never drafts, even marked as a breach', () => {
    const month = rate('answer_15s', '2026-10', 175, 200, min(9000))
    expect(month.met).toBe(false)
    expect(draftDeductions([month], jiyuan2026)).toEqual([])
  })

  it('a breach that rounds to the target still reads as one (94.995 % shown with more decimals)', () => {
    const draft = only([rate('connection', '2026-10-09', 18_999, 20_000, min(9500))])
    expect(draft.formula.zh).toBe('2026-10-09 接通率 94.995% < 95%，扣除200元')
  })
})

describe('§4.6 微平台处理及时率 micro_platform', () => {
  it('a verified incident drafts ¥500', () => {
    const draft = only([event('micro_platform', '2026-10-08', 'I-9')])
    expect(draft).toMatchObject({ id: 'micro_platform:2026-10-08:I-9', amountFen: 50_000, clause: '§4.6' })
    expect(draft.formula).toEqual({
      zh: '2026-10-08 微平台处理及时率（事件 I-9），扣除500元',
      en: '2026-10-08 micro-platform handling (incident I-9): deduct ¥500.00',
    })
  })

  it('the monthly rate never drafts, even below a target', () => {
    const monthly = rate('micro_platform', '2026-10', 80, 100, min(9000))
    expect(monthly.met).toBe(false)
    expect(draftDeductions([monthly], jiyuan2026)).toEqual([])
  })
})

describe('events and counts in words', () => {
  it.each([
    [
      event('service_error.transfer', '2026-10-08', 'T123'),
      '2026-10-08 转办超时（工单 T123），扣除200元',
      '2026-10-08 transfer overdue (ticket T123): deduct ¥200.00',
    ],
    [
      event('complaint', '2026-10-08', 'I-1'),
      '2026-10-08 投诉（事件 I-1），扣除500元',
      '2026-10-08 complaint (incident I-1): deduct ¥500.00',
    ],
    [
      event('confidentiality', '2026-10-08', 'I-3'),
      '2026-10-08 保密（事件 I-3），扣除1000元',
      '2026-10-08 confidentiality breach (incident I-3): deduct ¥1,000.00',
    ],
    [
      event('emergency_report', '2026-10-08', 'T126'),
      '2026-10-08 应急事件上报（T126），记录不扣款',
      '2026-10-08 emergency report (T126): recorded, no deduction',
    ],
    [
      count('safety_check', '2026-W41', null, 0, 1),
      '2026 年第 41 周 安全检查 0次 < 1次/周，记录不扣款',
      'week 41 of 2026 safety checks 0 checks < 1 per week: recorded, no deduction',
    ],
    [
      event('service_error.callback', '2026-10-28', 'JY20261022-000001/callback/1'),
      '2026-10-28 回访超时（工单 JY20261022-000001，第 1 次回访），扣除200元',
      '2026-10-28 callback overdue (ticket JY20261022-000001, callback 1): deduct ¥200.00',
    ],
    [
      event('service_error.return', '2026-10-28', 'T9/return/2'),
      '2026-10-28 回退处理超时（工单 T9，第 2 次回退），扣除200元',
      '2026-10-28 returned ticket overdue (ticket T9, return 2): deduct ¥200.00',
    ],
    [
      count('training.in_service', '2026-10', 'S2', 10, 16),
      '2026-10 在职培训（人员 S2）10课时 < 16课时，记录不扣款',
      '2026-10 in-service training (staff S2) 10 class hours < 16: recorded, no deduction',
    ],
  ])('%#: %s', (result, zh, en) => {
    expect(only([result]).formula).toEqual({ zh, en })
  })

  it('formulaInWords reads a draft-like input directly', () => {
    expect(
      formulaInWords({
        kpi: 'inspection',
        period: '2026-10-08',
        subject: null,
        amountFen: 100_000,
        basis: { value: null, target: null, rate: { flatFen: 100_000 } },
      }),
    ).toEqual({
      zh: '2026-10-08 上级检查或暗访通报，扣除1000元',
      en: '2026-10-08 adverse inspection or undercover-test report: deduct ¥1,000.00',
    })
  })

  it('every KPI has a Chinese and an English name', () => {
    expect(Object.keys(KPI_NAMES).sort()).toEqual([...KPI_IDS].sort())
    expect(KPI_NAMES.answer_15s).toEqual({ zh: '15秒应答及时率', en: 'answer-within-15s rate' })
    expect(KPI_NAMES['service_error.return'].zh).toBe('回退处理超时')
    expect(KPI_NAMES.inspection.zh).toBe('上级检查或暗访通报')
  })
})

describe('which results draft', () => {
  it.each([
    ['met', { met: true }],
    ['no data', { value: null, met: null }],
  ] as const)('a %s result drafts nothing', (_, overrides) => {
    const results = [
      rate('satisfaction', '2026-10', 999, 1000, min(9500), overrides),
      rate('answer_15s', '2026-10-09', 10, 200, min(9000), overrides),
      event('complaint', '2026-10-08', 'I-1', overrides),
      { ...count('safety_check', '2026-W41', null, 0, 1), ...overrides },
      { ...rate('turnover', '2026', 47, 200, max(2000)), ...overrides },
    ]
    expect(draftDeductions(results, jiyuan2026)).toEqual([])
  })

  it('drafts are sorted by id, one per breached result', () => {
    const drafts = draftDeductions(
      [
        event('service_error.transfer', '2026-10-08', 'T2'),
        rate('answer_15s', '2026-10-09', 175, 200, min(9000)),
        event('service_error.transfer', '2026-10-08', 'T1'),
        rate('answer_15s', '2026-10-10', 190, 200, min(9000)),
        event('complaint', '2026-10-08', 'I-1'),
      ],
      jiyuan2026,
    )
    expect(drafts.map((d) => [d.id, d.amountFen])).toEqual([
      ['answer_15s:2026-10-09', 20_000],
      ['complaint:2026-10-08:I-1', 50_000],
      ['service_error.transfer:2026-10-08:T1', 20_000],
      ['service_error.transfer:2026-10-08:T2', 20_000],
    ])
  })

  it('the same input drafts the same records', () => {
    const results = [event('inspection', '2026-10-08', 'I-4'), rate('turnover', '2026', 47, 200, max(2000))]
    expect(draftDeductions(results, jiyuan2026)).toEqual(draftDeductions([...results].reverse(), jiyuan2026))
  })
})

describe('validation', () => {
  it('a result measured with other terms throws TermsVersionMismatchError', () => {
    const result = rate('answer_15s', '2026-10-09', 175, 200, min(9000), {
      termsVersion: 'jiyuan-2026@2025.9',
    })
    expect(() => draftDeductions([result], jiyuan2026)).toThrow(TermsVersionMismatchError)
    expect(() => draftDeductions([result], jiyuan2026)).toThrow(
      'answer_15s:2026-10-09 was measured with terms jiyuan-2026@2025.9 but deductions are drafted with jiyuan-2026@2026.1',
    )
  })

  it('a met result with other terms throws too (the batch mixes terms)', () => {
    const result = rate('answer_15s', '2026-10-09', 199, 200, min(9000), { termsVersion: 'other@1' })
    expect(() => draftDeductions([result], jiyuan2026)).toThrow(TermsVersionMismatchError)
  })

  it('two results for the same (kpi, period, subject) throw InvalidKpiResultError', () => {
    const twice = [event('complaint', '2026-10-08', 'I-1'), event('complaint', '2026-10-08', 'I-1')]
    expect(() => draftDeductions(twice, jiyuan2026)).toThrow(InvalidKpiResultError)
  })

  it('a per-point breach without a value or with the wrong target kind throws InvalidKpiResultError', () => {
    const noValue = rate('satisfaction', '2026-10', 1, 2, min(9500), { value: null, met: false })
    const wrongTarget = rate('turnover', '2026', 47, 200, max(2000), { target: min(2000) })
    expect(() => draftDeductions([noValue], jiyuan2026)).toThrow(InvalidKpiResultError)
    expect(() => draftDeductions([wrongTarget], jiyuan2026)).toThrow(InvalidKpiResultError)
  })
})
