import { describe, expect, it } from 'vitest'
import { InvalidTermsError, jiyuan2026, loadTerms, termsVersionOf } from '../src/terms'

describe('SPEC §2 contract terms are data', () => {
  it.each([
    ['§2 total', jiyuan2026.contract.totalFen, 139_968_000],
    ['§2 prepayment 30%', jiyuan2026.payment.prepaymentBp, 3000],
    ['§6 late fee 1%/day', jiyuan2026.payment.lateFeeBpPerDay, 100],
    ['§4.1 satisfaction ≥ 95%', jiyuan2026.kpis.satisfaction.targetBp, 9500],
    ['§4.1 ¥200 per point', jiyuan2026.kpis.satisfaction.perPointFen, 20_000],
    ['§4.2 complaint ¥500', jiyuan2026.kpis.complaint.amountFen, 50_000],
    ['§4.3 transfer ¥200', jiyuan2026.kpis.serviceError.transfer.amountFen, 20_000],
    ['§4.4 connection ¥200/day', jiyuan2026.kpis.connection.amountPerDayFen, 20_000],
    ['§4.4 70 calls per agent-day', jiyuan2026.kpis.agentWorkload.minCallsPerAgentDay, 70],
    ['§4.5 answer within 15 s', jiyuan2026.serviceLevel.answerThresholdSeconds, 15],
    ['§4.5 ≥ 90%', jiyuan2026.kpis.answer15s.targetBp, 9000],
    ['§4.6 micro-platform incident ¥500', jiyuan2026.kpis.microPlatform.incidentAmountFen, 50_000],
    ['§4.7 publication accuracy 100%', jiyuan2026.kpis.publishAccuracy.targetBp, 10_000],
    ['§4.8 turnover ≤ 20%', jiyuan2026.kpis.turnover.maxBp, 2000],
    ['§4.8 ¥10,000 per point', jiyuan2026.kpis.turnover.perPointFen, 1_000_000],
    ['§4.9 confidentiality ¥1,000', jiyuan2026.kpis.confidentiality.amountFen, 100_000],
    ['§4.10 inspection ¥1,000', jiyuan2026.kpis.inspection.amountFen, 100_000],
    ['§5 onboarding ≥ 30 days', jiyuan2026.kpis.training.onboardingMinDays, 30],
    ['§5 in-service ≥ 16 hours', jiyuan2026.kpis.training.inServiceMinHoursPerMonth, 16],
  ])('%s', (_clause, actual, expected) => {
    expect(actual).toBe(expected)
  })

  it('the built-in document is valid as written: the schema changes nothing in it', () => {
    // It is a typed constant, not parsed on every cold start (13 ms of each function's init):
    // this is where it is checked, defaults and cross-field rules included.
    expect(loadTerms(jiyuan2026)).toEqual(jiyuan2026)
    expect(loadTerms(JSON.parse(JSON.stringify(jiyuan2026)))).toEqual(jiyuan2026)
  })

  it('names its version', () => {
    expect(termsVersionOf(jiyuan2026)).toBe('jiyuan-2026@2026.1')
  })

  it('loads another city as another document', () => {
    const other = loadTerms({
      ...jiyuan2026,
      id: 'othercity-2027',
      version: '1',
      kpis: { ...jiyuan2026.kpis, answer15s: { ...jiyuan2026.kpis.answer15s, targetBp: 8500 } },
    })
    expect(other.kpis.answer15s.targetBp).toBe(8500)
    expect(termsVersionOf(other)).toBe('othercity-2027@1')
  })

  it.each([
    [
      { kpis: { ...jiyuan2026.kpis, answer15s: { ...jiyuan2026.kpis.answer15s, targetBp: 12_000 } } },
      'kpis.answer15s.targetBp',
    ],
    [{ contract: { ...jiyuan2026.contract, totalFen: 1399680.5 } }, 'contract.totalFen'],
    [{ counting: 'lunar' }, 'counting'],
    [{ objectionWindow: { unit: 'weeks', count: 1 } }, 'objectionWindow.unit'],
    [{ contract: { ...jiyuan2026.contract, end: '2025-12-31' } }, 'contract.end'],
  ])('rejects invalid terms naming the field (%#)', (patch, path) => {
    let error: unknown
    try {
      loadTerms({ ...jiyuan2026, ...patch })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(InvalidTermsError)
    expect((error as InvalidTermsError).issues.map((i) => i.path)).toContain(path)
    expect((error as InvalidTermsError).message).toContain(path)
  })
})
