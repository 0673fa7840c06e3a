/**
 * The built-in terms: Jiyuan 12345 hotline outsourcing contract, 2026
 * (`shared/seeds/contract-12345-hotline-2026.zh.txt`). Each figure names its clause.
 * Where the contract is silent the choice is the SPEC's default, explained in docs/kpis.md.
 *
 * A typed constant, every default written out: it is checked against the schema by the tests
 * (`loadTerms(jiyuan2026)` changes nothing), not parsed at import, where it cost every Lambda's
 * cold start 13 ms (zod compiles its fast path on a schema's first parse).
 */
import type { ContractTerms } from './schema'

export const jiyuan2026: ContractTerms = {
  id: 'jiyuan-2026',
  version: '2026.1',
  title: {
    zh: '济源产城融合示范区政务大数据中心12345政务服务便民热线服务外包项目合同',
    en: 'Jiyuan 12345 government-service hotline outsourcing contract',
  },
  agency: '济源产城融合示范区政务大数据中心',
  contractor: '山东金非通信技术有限公司',
  timeZone: 'Asia/Shanghai',
  contract: {
    start: '2026-01-01',
    end: '2026-12-31',
    signed: '2026-02-27',
    effective: '2026-02-27',
    totalFen: 139_968_000,
  },
  payment: {
    clause: '§2',
    prepaymentBp: 3000,
    remainingParts: 3,
    lateFeeBpPerDay: 100,
    warnDaysBefore: 10,
    terminateAfterDaysLate: 30,
  },
  counting: 'civil-code',
  serviceLevel: { answerThresholdSeconds: 15, shortAbandonSeconds: 0, excludeIvrOnly: true },
  objectionWindow: { unit: 'workingDays', count: 5 },
  intake: {
    ticketPrefix: 'JY',
    smsSignature: '济源12345',
    surveyReplyWindowHours: 72,
    appendWindowHours: 24,
    acknowledgementSmsPerPhone: { perHour: 3, perDay: 10 },
  },
  review: { maxAdjustmentTimesDraft: 3 },
  kpis: {
    satisfaction: {
      clause: '§4.1',
      targetBp: 9500,
      satisfiedLevels: ['satisfied', 'basically_satisfied'],
      perPointFen: 20_000,
      partialPoints: 'floor',
    },
    complaint: { clause: '§4.2', amountFen: 50_000 },
    serviceError: {
      clause: '§4.3',
      transfer: { within: { unit: 'workingDays', count: 1 }, amountFen: 20_000 },
      return: { within: { unit: 'days', count: 2 }, amountFen: 20_000 },
      callback: { within: { unit: 'days', count: 2 }, amountFen: 20_000 },
    },
    connection: { clause: '§4.4', targetBp: 9500, amountPerDayFen: 20_000 },
    agentWorkload: { clause: '§4.4', minCallsPerAgentDay: 70, amountFen: null },
    answer15s: { clause: '§4.5', targetBp: 9000, amountPerDayFen: 20_000 },
    microPlatform: {
      clause: '§4.6',
      handleWithin: { unit: 'workingDays', count: 1 },
      targetBp: null,
      incidentAmountFen: 50_000,
    },
    publishAccuracy: { clause: '§4.7', targetBp: 10_000, perPointFen: 20_000, partialPoints: 'floor' },
    turnover: { clause: '§4.8', maxBp: 2000, perPointFen: 1_000_000, partialPoints: 'floor' },
    confidentiality: { clause: '§4.9', amountFen: 100_000 },
    inspection: { clause: '§4.10', amountFen: 100_000 },
    emergencyReport: { clause: '§4.11', reportWithinMinutes: 30, amountFen: 0 },
    safetyCheck: { clause: '§4.12', minPerWeek: 1, amountFen: 0 },
    cleaningCheck: { clause: '§4.13', minPerWeek: 1, amountFen: 0 },
    training: {
      clause: '§5',
      onboardingMinDays: 30,
      examRequired: true,
      practiceMinDays: 15,
      inServiceMinHoursPerMonth: 16,
      amountFen: 0,
    },
  },
}
