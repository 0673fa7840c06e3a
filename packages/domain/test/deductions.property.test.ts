import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deductionId, draftDeductions } from '../src/deductions/rules'
import { atLeast, atMost, type PartialPoints } from '../src/fraction'
import { KPI_IDS, type KpiId, type KpiResult, type Target } from '../src/kpi/types'
import { jiyuan2026 } from '../src/terms'
import { type ContractTerms, loadTerms, termsVersionOf } from '../src/terms/schema'

const MODES: readonly PartialPoints[] = ['floor', 'ceil', 'prorate']

/** Jiyuan's terms with one rounding mode for every per-point KPI (built once per mode). */
const TERMS: Record<PartialPoints, ContractTerms> = Object.fromEntries(
  MODES.map((mode) => {
    const k = jiyuan2026.kpis
    const terms = loadTerms({
      ...jiyuan2026,
      version: `2026.1-${mode}`,
      kpis: {
        ...k,
        satisfaction: { ...k.satisfaction, partialPoints: mode },
        publishAccuracy: { ...k.publishAccuracy, partialPoints: mode },
        turnover: { ...k.turnover, partialPoints: mode },
      },
    })
    return [mode, terms]
  }),
) as Record<PartialPoints, ContractTerms>

/** A per-point rate result as its calculator would make it. */
function perPointResult(
  kpi: 'satisfaction' | 'publish_accuracy' | 'turnover',
  num: number,
  den: number,
  terms: ContractTerms,
): KpiResult {
  const value = { num, den }
  const target: Target =
    kpi === 'turnover'
      ? { kind: 'max', bp: terms.kpis.turnover.maxBp }
      : {
          kind: 'min',
          bp: kpi === 'satisfaction' ? terms.kpis.satisfaction.targetBp : terms.kpis.publishAccuracy.targetBp,
        }
  const met = target.kind === 'max' ? atMost(value, target.bp) : atLeast(value, target.bp)
  const period = kpi === 'turnover' ? '2026' : kpi === 'satisfaction' ? '2026-10' : '2026-10-09'
  return {
    kpi,
    period,
    subject: null,
    value,
    target,
    met,
    evidence: { ids: [], figures: {} },
    termsVersion: termsVersionOf(terms),
  }
}

/** The amount drafted for one result; 0 when it does not draft. */
const amountOf = (result: KpiResult, terms: ContractTerms): number =>
  draftDeductions([result], terms)[0]?.amountFen ?? 0

const perPointKpi = fc.constantFrom('satisfaction' as const, 'publish_accuracy' as const, 'turnover' as const)
const mode = fc.constantFrom(...MODES)
/** A rate num/den with den up to a million (a busy month's ratings). */
const rate = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((den) => fc.record({ num: fc.integer({ min: 0, max: den }), den: fc.constant(den) }))

/** Two numerators over one denominator. */
const twoRates = fc
  .integer({ min: 1, max: 100_000 })
  .chain((den) =>
    fc.tuple(fc.constant(den), fc.integer({ min: 0, max: den }), fc.integer({ min: 0, max: den })),
  )

describe('per-point deductions (§4.1, §4.7, §4.8) for any rate and rounding mode', () => {
  it('amounts are non-negative safe integers of fen', () => {
    fc.assert(
      fc.property(perPointKpi, rate, mode, (kpi, { num, den }, m) => {
        const amount = amountOf(perPointResult(kpi, num, den, TERMS[m]), TERMS[m])
        expect(Number.isSafeInteger(amount)).toBe(true)
        expect(amount).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('more shortfall never lowers a deduction (min targets: smaller num; max targets: larger num)', () => {
    fc.assert(
      fc.property(perPointKpi, twoRates, mode, (kpi, [den, a, b], m) => {
        const terms = TERMS[m]
        const atSmaller = amountOf(perPointResult(kpi, Math.min(a, b), den, terms), terms)
        const atLarger = amountOf(perPointResult(kpi, Math.max(a, b), den, terms), terms)
        if (kpi === 'turnover') expect(atLarger).toBeGreaterThanOrEqual(atSmaller)
        else expect(atSmaller).toBeGreaterThanOrEqual(atLarger)
      }),
    )
  })

  it('floor ≤ prorate ≤ ceil', () => {
    fc.assert(
      fc.property(perPointKpi, rate, (kpi, { num, den }) => {
        const [floor, prorate, ceil] = (['floor', 'prorate', 'ceil'] as const).map((m) =>
          amountOf(perPointResult(kpi, num, den, TERMS[m]), TERMS[m]),
        )
        expect(floor).toBeLessThanOrEqual(prorate as number)
        expect(prorate).toBeLessThanOrEqual(ceil as number)
      }),
    )
  })

  it('a met target never drafts; a breach always drafts (¥0 included)', () => {
    fc.assert(
      fc.property(perPointKpi, rate, mode, (kpi, { num, den }, m) => {
        const result = perPointResult(kpi, num, den, TERMS[m])
        expect(draftDeductions([result], TERMS[m])).toHaveLength(result.met ? 0 : 1)
      }),
    )
  })
})

/** Any KPI result that is consistent enough to draft: per-point KPIs carry a value and their target. */
const anyResult: fc.Arbitrary<KpiResult> = fc
  .record({
    kpi: fc.constantFrom<KpiId>(...KPI_IDS),
    period: fc.constantFrom('2026', '2026-10', '2026-10-09', '2026-10-10', '2026-W41'),
    subject: fc.option(fc.constantFrom('T1', 'T2', 'A1', 'I-1', 'S1'), { nil: null }),
    value: rate,
    met: fc.constantFrom(true, false, null),
  })
  .map(({ kpi, period, subject, value, met }): KpiResult => {
    const k = jiyuan2026.kpis
    const target: Target | null =
      kpi === 'turnover'
        ? { kind: 'max', bp: k.turnover.maxBp }
        : kpi === 'satisfaction'
          ? { kind: 'min', bp: k.satisfaction.targetBp }
          : kpi === 'publish_accuracy'
            ? { kind: 'min', bp: k.publishAccuracy.targetBp }
            : kpi === 'answer_15s' || kpi === 'connection'
              ? { kind: 'min', bp: 9000 }
              : null
    return {
      kpi,
      period,
      subject,
      value: target === null && met === false ? null : value,
      target,
      met,
      evidence: { ids: subject === null ? [] : [subject], figures: { n: value.num } },
      termsVersion: termsVersionOf(jiyuan2026),
    }
  })

describe('drafting is deterministic (SPEC §6: re-running a job never duplicates a record)', () => {
  it('the same results, re-run or shuffled, give identical ids and amounts, sorted and unique', () => {
    const batch = fc
      .uniqueArray(anyResult, { selector: (r) => deductionId(r.kpi, r.period, r.subject), maxLength: 40 })
      .chain((results) =>
        fc.tuple(
          fc.constant(results),
          fc.shuffledSubarray(results, { minLength: results.length, maxLength: results.length }),
        ),
      )
    fc.assert(
      fc.property(batch, ([results, shuffled]) => {
        const first = draftDeductions(results, jiyuan2026)
        const again = draftDeductions(results, jiyuan2026)
        const fromShuffled = draftDeductions(shuffled, jiyuan2026)
        const key = (drafts: typeof first) => drafts.map((d) => [d.id, d.amountFen, d.formula.zh])
        expect(key(again)).toEqual(key(first))
        expect(key(fromShuffled)).toEqual(key(first))
        const ids = first.map((d) => d.id)
        expect(new Set(ids).size).toBe(ids.length)
        expect([...ids].sort()).toEqual(ids)
        for (const d of first) expect(d.id).toBe(deductionId(d.kpi, d.period, d.subject))
      }),
    )
  })
})
