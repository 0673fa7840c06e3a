/** Deductions of October 2026 as the API serves them, and the routes that serve them, for the review's tests. */
import { type Deduction, deductionPath } from '../src/api/deductions'
import type { MonthSummary } from '../src/api/months'
import { json, type stubApi, stubPage, TERMS } from './helpers'

export const AT = '2026-10-10T16:30:00.000Z'
const DAILY = 'job:daily:2026-10-09:2026-10-10T16:30:00.000Z'

export const deduction = (overrides: Partial<Deduction> = {}): Deduction => ({
  deductionId: 'answer_15s:2026-10-09',
  billingMonth: '2026-10',
  kpi: 'answer_15s',
  period: '2026-10-09',
  subject: null,
  status: 'draft',
  draft: {
    amountFen: 20_000,
    clause: '§4.5',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: { num: 17, den: 20 }, target: { kind: 'min', bp: 9000 }, rate: { flatFen: 20_000 } },
    evidence: {
      ids: ['C17', 'C18', 'C19'],
      figures: {
        offered: 20,
        answeredWithin: 17,
        answeredLate: 3,
        abandoned: 0,
        shortAbandons: 0,
        ivrOnly: 0,
      },
    },
    formula: {
      zh: '2026-10-09 15秒应答及时率 85.00% < 90%，扣除200元',
      en: '2026-10-09 answer-within-15s rate 85.00% < 90%: deduct ¥200.00',
    },
  },
  amountFen: 20_000,
  finalAmountFen: null,
  decision: null,
  previousDecisions: [],
  objection: null,
  withdrawal: false,
  supersedes: null,
  supersededBy: null,
  revisions: [],
  frozenBy: null,
  version: 1,
  draftedAt: AT,
  updatedAt: AT,
  audit: [{ at: AT, by: DAILY, action: 'draft', detail: { amountFen: 20_000 } }],
  ...overrides,
})

/** 2026-10-09: one inaccurate publication of three → 33 whole points below 100% → ¥6,600. */
export const publication = deduction({
  deductionId: 'publish_accuracy:2026-10-09',
  kpi: 'publish_accuracy',
  amountFen: 660_000,
  version: 3,
  draft: {
    amountFen: 660_000,
    clause: '§4.7',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: {
      value: { num: 2, den: 3 },
      target: { kind: 'min', bp: 10_000 },
      points: { exact: { num: 100, den: 3 }, charged: { num: 33, den: 1 } },
      rate: { perPointFen: 20_000, partialPoints: 'floor' },
    },
    evidence: { ids: ['P2'], figures: { published: 3, accurate: 2, inaccurate: 1 } },
    formula: {
      zh: '2026-10-09 信息发布准确率 66.67% < 100%，低于33.33个百分点，按整点计33个，每个百分点200元，扣除6600元',
      en: '2026-10-09 publication accuracy rate 66.67% < 100%: 33.33 points below, 33 whole points charged at ¥200.00 each: deduct ¥6,600.00',
    },
  },
  revisions: [
    {
      at: '2026-10-11T16:30:00.000Z',
      jobRunId: 'daily:2026-10-09:2026-10-11T16:30:00.000Z',
      previousAmountFen: 400_000,
      previousFormula: { zh: '旧的计算说明', en: 'the earlier computation' },
      previousStatus: 'draft',
      reason: 'recomputed with new data',
    },
  ],
  objection: {
    by: 'contractor',
    at: '2026-10-12T02:00:00.000Z',
    text: '第三条为转载上级通报，不应计为不准确。',
    answer: null,
    answeredAt: null,
  },
  audit: [
    { at: AT, by: DAILY, action: 'draft', detail: { amountFen: 400_000 } },
    {
      at: '2026-10-11T16:30:00.000Z',
      by: 'job:daily:2026-10-09:2026-10-11T16:30:00.000Z',
      action: 'revise',
      detail: { reason: 'recomputed with new data' },
    },
    {
      at: '2026-10-12T02:00:00.000Z',
      by: 'contractor',
      action: 'object',
      detail: { text: '第三条为转载上级通报，不应计为不准确。' },
    },
  ],
})

/** A ticket never transferred by its deadline: the job assessed it at the end of the deadline's day. */
export const transfer = deduction({
  deductionId: 'service_error.transfer:2026-10-08:CC-20260930-0001',
  kpi: 'service_error.transfer',
  period: '2026-10-08',
  subject: 'CC-20260930-0001',
  draft: {
    amountFen: 20_000,
    clause: '§4.3',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: null, target: null, rate: { flatFen: 20_000 } },
    evidence: {
      ids: ['CC-20260930-0001'],
      figures: {
        startedAt: '2026-09-30T08:00:00.000Z',
        due: '2026-10-08T16:00:00.000Z',
        doneAt: null,
        doneBy: null,
        lateMinutes: 0,
      },
    },
    formula: {
      zh: '2026-10-08 转办超时（工单 CC-20260930-0001），扣除200元',
      en: '2026-10-08 transfer overdue (ticket CC-20260930-0001): deduct ¥200.00',
    },
  },
})

/** A return handled 90 minutes late. */
export const lateReturn = deduction({
  deductionId: 'service_error.return:2026-10-09:CC-20260930-0002/return/1',
  kpi: 'service_error.return',
  period: '2026-10-09',
  subject: 'CC-20260930-0002/return/1',
  draft: {
    ...transfer.draft,
    evidence: {
      ids: ['CC-20260930-0002'],
      figures: {
        startedAt: '2026-10-05T02:00:00.000Z',
        due: '2026-10-09T09:00:00.000Z',
        doneAt: '2026-10-09T10:30:00.000Z',
        doneBy: 'transferred',
        lateMinutes: 90,
      },
    },
    formula: {
      zh: '2026-10-09 回退处理超时，扣除200元',
      en: '2026-10-09 returned ticket overdue: deduct ¥200.00',
    },
  },
})

export const approvedOld = deduction({
  deductionId: 'connection:2026-10-02',
  kpi: 'connection',
  period: '2026-10-02',
  status: 'approved',
  finalAmountFen: 20_000,
  decision: { decision: 'approved', by: 'reviewer', at: AT, amountFen: 20_000, reason: null },
  supersededBy: 'connection:2026-10-02~2',
})
export const approvedSuccessor = deduction({
  deductionId: 'connection:2026-10-02~2',
  kpi: 'connection',
  period: '2026-10-02',
  status: 'adjusted',
  amountFen: 20_000,
  finalAmountFen: 10_000,
  decision: { decision: 'adjusted', by: 'reviewer', at: AT, amountFen: 10_000, reason: '部分时段系统故障' },
  supersedes: 'connection:2026-10-02',
})
export const rejected = deduction({
  deductionId: 'answer_15s:2026-10-03',
  period: '2026-10-03',
  status: 'rejected',
  finalAmountFen: 0,
  decision: { decision: 'rejected', by: 'reviewer', at: AT, amountFen: 0, reason: '停电' },
})

/** ¥0 breaches: recorded, not charged. */
export const training = deduction({
  deductionId: 'training.in_service:2026-10:S-007',
  kpi: 'training.in_service',
  period: '2026-10',
  subject: 'S-007',
  amountFen: 0,
  draft: {
    amountFen: 0,
    clause: '§5(三)2',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: { num: 600, den: 60 }, target: { kind: 'minCount', count: 16 }, rate: { flatFen: 0 } },
    evidence: { ids: ['S-007'], figures: { hours: 10 } },
    formula: {
      zh: '2026-10 在职培训（人员 S-007）10课时 < 16课时，记录不扣款',
      en: 'in-service training: recorded',
    },
  },
})
export const safety = deduction({
  deductionId: 'safety_check:2026-W41',
  kpi: 'safety_check',
  period: '2026-W41',
  amountFen: 0,
  version: 2,
  draft: {
    amountFen: 0,
    clause: '§4.12',
    termsVersion: 'jiyuan-2026@2026.1',
    basis: { value: { num: 0, den: 1 }, target: { kind: 'minCount', count: 1 }, rate: { flatFen: 0 } },
    evidence: { ids: [], figures: { checks: 0, from: '2026-10-05', to: '2026-10-11' } },
    formula: { zh: '2026 年第 41 周 安全检查 0次 < 1次/周，记录不扣款', en: 'safety checks: recorded' },
  },
})

export const month = [publication, transfer, deduction(), approvedOld, approvedSuccessor, rejected]

export const monthSummary = (overrides: Partial<MonthSummary> = {}): MonthSummary => ({
  month: '2026-10',
  hasResults: true,
  state: 'open',
  number: null,
  pending: { count: 3, amountFen: 700_000 },
  decided: { count: 2, amountFen: 10_000 },
  ...overrides,
})

type Routes = Parameters<typeof stubApi>[0]

/**
 * The month's list, each deduction by its path, the terms (an adjustment's bound comes from them),
 * the months (October open unless `months` says otherwise) and the people; `extra` adds or
 * overrides routes.
 */
export function stubMonth(
  list: Deduction[] = month,
  extra: Routes = {},
  months: () => MonthSummary[] = () => [monthSummary()],
) {
  const routes: Routes = {
    'GET /api/v1/terms': () => json(200, TERMS),
    'GET /api/v1/deductions': (url) =>
      json(200, { deductions: list.filter((d) => d.billingMonth === url.searchParams.get('month')) }),
  }
  for (const d of list) routes[`GET ${deductionPath(d.billingMonth, d.deductionId)}`] = () => json(200, d)
  return stubPage({ ...routes, ...extra }, () => ({ current: '2026-10', months: months() }))
}

export const detailPath = (d: Deduction, search = '') =>
  `/deductions/${d.billingMonth}/${encodeURIComponent(d.deductionId)}${search || `?month=${d.billingMonth}`}`

export const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

/** A draft decided as the server answers it. */
export const decided = (
  d: Deduction,
  decision: 'approved' | 'rejected' | 'adjusted' | 'acknowledged',
  amountFen: number,
  reason: string | null,
): Deduction => ({
  ...d,
  status: decision,
  version: d.version + 1,
  finalAmountFen: amountFen,
  decision: { decision, by: 'reviewer', at: '2026-10-12T03:00:00.000Z', amountFen, reason },
  objection: d.objection
    ? { ...d.objection, answer: reason ?? decision, answeredAt: '2026-10-12T03:00:00.000Z' }
    : null,
})

/** A decided deduction reopened as the server answers it. */
export const reopened = (d: Deduction, reason: string): Deduction => ({
  ...d,
  status: 'draft',
  version: d.version + 1,
  finalAmountFen: null,
  decision: null,
  previousDecisions: d.decision ? [...d.previousDecisions, d.decision] : d.previousDecisions,
  audit: [
    ...d.audit,
    {
      at: '2026-10-12T03:01:00.000Z',
      by: 'reviewer',
      action: 'reopened',
      detail: { reason, before: d.status, amountFen: d.finalAmountFen ?? 0 },
    },
  ],
})
