import { describe, expect, it } from 'vitest'
import {
  atLeast,
  atMost,
  chargedPoints,
  formatBp,
  formatPercent,
  formatPoints,
  fraction,
  mean,
  perPointAmount,
  pointsBeyond,
  rateOrNull,
} from '../src/fraction'
import { formatYuan, formatYuanPlain, formatYuanZh } from '../src/money'

describe('SPEC §3 rates are exact fractions', () => {
  it('compares with integer arithmetic at the boundary', () => {
    expect(atLeast(fraction(9, 10), 9000)).toBe(true)
    expect(atLeast(fraction(899_999, 1_000_000), 9000)).toBe(false)
    expect(atMost(fraction(1, 5), 2000)).toBe(true)
    expect(atMost(fraction(200_001, 1_000_000), 2000)).toBe(false)
  })

  it('gives "no data" for an empty denominator and refuses non-integers', () => {
    expect(rateOrNull(0, 0)).toBeNull()
    expect(() => fraction(1.5, 2)).toThrow(RangeError)
    expect(() => fraction(1, 0)).toThrow(RangeError)
  })

  it.each([
    // value, target bp, direction, exact points
    [fraction(944, 1000), 9500, 'below', { num: 3, den: 5 }],
    [fraction(2, 3), 10_000, 'below', { num: 100, den: 3 }],
    [fraction(175, 200), 9000, 'below', { num: 5, den: 2 }],
    [fraction(47, 200), 2000, 'above', { num: 7, den: 2 }],
    [fraction(19, 20), 9500, 'below', { num: 0, den: 1 }],
  ] as const)('%o against %i bp is %o points %s', (value, bp, direction, points) => {
    expect(pointsBeyond(value, bp, direction)).toEqual(points)
  })

  it.each([
    // SPEC §5 worked checks
    ['94.4% satisfaction, floor', { num: 3, den: 5 }, 20_000, 'floor', 0],
    ['94.4% satisfaction, ceil', { num: 3, den: 5 }, 20_000, 'ceil', 20_000],
    ['94.4% satisfaction, prorate', { num: 3, den: 5 }, 20_000, 'prorate', 12_000],
    ['1 of 3 publications inaccurate', { num: 100, den: 3 }, 20_000, 'floor', 660_000],
    ['annual turnover 23.5%', { num: 7, den: 2 }, 1_000_000, 'floor', 3_000_000],
    ['prorate rounds down to the fen', { num: 1, den: 3 }, 20_000, 'prorate', 6_666],
  ] as const)('%s', (_name, points, perPoint, mode, fen) => {
    expect(perPointAmount(points, perPoint, mode)).toBe(fen)
  })

  it('charges whole points for floor/ceil and exact points for prorate', () => {
    expect(chargedPoints({ num: 100, den: 3 }, 'floor')).toEqual({ num: 33, den: 1 })
    expect(chargedPoints({ num: 100, den: 3 }, 'ceil')).toEqual({ num: 34, den: 1 })
    expect(chargedPoints({ num: 100, den: 3 }, 'prorate')).toEqual({ num: 100, den: 3 })
  })

  it('takes an exact mean, and says when it had to approximate', () => {
    expect(mean([fraction(1, 10), fraction(3, 10)])).toEqual({ value: { num: 1, den: 5 }, exact: true })
    const primes = [53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103]
    const big = mean(primes.map((p) => fraction(1, p)))
    expect(big.exact).toBe(false)
    expect(big.value.den).toBe(1_000_000_000_000)
  })

  it('formats for display only', () => {
    expect(formatPercent(fraction(175, 200))).toBe('87.50%')
    expect(formatPercent(fraction(2, 3))).toBe('66.67%')
    expect(formatPercent(fraction(1, 200_000))).toBe('0.00%')
    expect(formatBp(9000)).toBe('90%')
    expect(formatBp(9550)).toBe('95.5%')
    expect(formatYuan(1_399_680)).toBe('¥13,996.80')
    expect(formatYuanZh(20_000)).toBe('200元')
    expect(formatYuanZh(1_399_680)).toBe('13996.80元')
  })

  it('writes plain yuan for a CSV cell: two decimals, no grouping, no currency sign', () => {
    expect(formatYuanPlain(32_659_200)).toBe('326592.00')
    expect(formatYuanPlain(5)).toBe('0.05')
    expect(formatYuanPlain(-1_399_680)).toBe('-13996.80')
    expect(formatYuan(-5)).toBe('-¥0.05')
    expect(formatYuanZh(-20_005)).toBe('-200.05元')
  })
})

describe('formatPoints (display)', () => {
  it.each([
    [{ num: 5, den: 2 }, '2.5'],
    [{ num: 33, den: 1 }, '33'],
    [{ num: 100, den: 3 }, '33.33'],
    [{ num: 1, den: 1000 }, '0'],
    [{ num: 99_999, den: 1000 }, '100'],
    [{ num: 1, den: 200 }, '0.01'],
  ])('%o → %s', (points, text) => {
    expect(formatPoints(points)).toBe(text)
  })
})
