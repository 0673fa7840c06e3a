/**
 * Exact rates. A rate is a fraction of two non-negative integers; comparisons with a target
 * in basis points use integer arithmetic only (`num * 10000 >= targetBp * den`). Rounding
 * happens for display (0.01 %) and nowhere else.
 */

export type Fraction = { readonly num: number; readonly den: number }

/** Basis points: 1 % = 100 bp, 100 % = 10 000 bp. */
export type Bp = number

export const BP_PER_UNIT = 10_000
export const BP_PER_POINT = 100

export function fraction(num: number, den: number): Fraction {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 0 || den <= 0) {
    throw new RangeError(`a rate needs integers num >= 0 and den > 0, got ${num}/${den}`)
  }
  return { num, den }
}

/** A rate, or `null` ("no data") when the denominator is empty. */
export const rateOrNull = (num: number, den: number): Fraction | null =>
  den === 0 ? null : fraction(num, den)

const big = (f: Fraction) => ({ num: BigInt(f.num), den: BigInt(f.den) })

/** value ≥ target. */
export const atLeast = (f: Fraction, targetBp: Bp): boolean => {
  const { num, den } = big(f)
  return num * 10_000n >= BigInt(targetBp) * den
}

/** value ≤ target. */
export const atMost = (f: Fraction, targetBp: Bp): boolean => {
  const { num, den } = big(f)
  return num * 10_000n <= BigInt(targetBp) * den
}

/**
 * How many percentage points `f` lies below (`direction: 'below'`) or above a target, as an exact
 * fraction of points (0 when it does not). 87.5 % against 90 % is 2.5 points = 5/2.
 */
export function pointsBeyond(f: Fraction, targetBp: Bp, direction: 'below' | 'above'): Fraction {
  const { num, den } = big(f)
  const gapBpTimesDen =
    direction === 'below' ? BigInt(targetBp) * den - num * 10_000n : num * 10_000n - BigInt(targetBp) * den
  if (gapBpTimesDen <= 0n) return { num: 0, den: 1 }
  return reduceBig(gapBpTimesDen, den * 100n)
}

export type PartialPoints = 'floor' | 'ceil' | 'prorate'

/**
 * A per-point amount for `points`: `floor` counts whole points only (每低于1个百分点, the literal
 * reading), `ceil` counts any part of a point as a whole one, `prorate` charges the exact share,
 * rounded down to the fen (never more than the exact amount).
 */
export function perPointAmount(points: Fraction, perPointFen: number, mode: PartialPoints): number {
  const num = BigInt(points.num)
  const den = BigInt(points.den)
  const fen = BigInt(perPointFen)
  switch (mode) {
    case 'floor':
      return Number((num / den) * fen)
    case 'ceil':
      return Number(((num + den - 1n) / den) * fen)
    case 'prorate':
      return Number((num * fen) / den)
  }
}

/** Whole points charged under `mode` (for the formula in words); prorate charges the exact points. */
export function chargedPoints(points: Fraction, mode: PartialPoints): Fraction {
  if (mode === 'prorate') return points
  const whole = mode === 'floor' ? Math.floor(points.num / points.den) : Math.ceil(points.num / points.den)
  return { num: whole, den: 1 }
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y) [x, y] = [y, x % y]
  return x
}

/** Reduces a bigint fraction into a `Fraction`; throws if it cannot be held exactly. */
function reduceBig(num: bigint, den: bigint): Fraction {
  const g = gcd(num, den) || 1n
  const n = num / g
  const d = den / g
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || d > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('fraction too large to hold exactly')
  }
  return { num: Number(n), den: Number(d) }
}

export const reduce = (f: Fraction): Fraction => reduceBig(BigInt(f.num), BigInt(f.den))

/**
 * The exact mean of rates, for a yearly rate that is the mean of monthly ones. Returns the reduced
 * exact fraction with `exact: true`; when that cannot be held in safe integers (twelve unrelated
 * monthly denominators), the mean rounded down to 10^-12 with `exact: false`. Decisions on an
 * approximate mean can differ from exact ones only within 10^-10 percentage points of a boundary;
 * `docs/kpis.md` records this.
 */
export function mean(fs: readonly Fraction[]): { value: Fraction; exact: boolean } {
  if (fs.length === 0) throw new RangeError('mean of no rates')
  let num = 0n
  let den = 1n
  for (const f of fs) {
    const fn = BigInt(f.num)
    const fd = BigInt(f.den)
    num = num * fd + fn * den
    den = den * fd
    const g = gcd(num, den) || 1n
    num /= g
    den /= g
  }
  den *= BigInt(fs.length)
  const g = gcd(num, den) || 1n
  num /= g
  den /= g
  if (num <= BigInt(Number.MAX_SAFE_INTEGER) && den <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return { value: { num: Number(num), den: Number(den) }, exact: true }
  }
  const scale = 1_000_000_000_000n
  return { value: { num: Number((num * scale) / den), den: Number(scale) }, exact: false }
}

/** Display: `87.50%` (half-up at 0.01 %). */
export function formatPercent(f: Fraction, decimals = 2): string {
  const scale = 10n ** BigInt(decimals)
  const hundredths = (BigInt(f.num) * 100n * scale * 2n + BigInt(f.den)) / (BigInt(f.den) * 2n)
  const whole = hundredths / scale
  const part = (hundredths % scale).toString().padStart(decimals, '0')
  return decimals > 0 ? `${whole}.${part}%` : `${whole}%`
}

/** Display of a target in basis points: 9000 → `90%`, 9550 → `95.5%`. */
export function formatBp(bp: Bp): string {
  const whole = Math.floor(bp / 100)
  const rest = bp % 100
  if (rest === 0) return `${whole}%`
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`
}

/** Display of points, half-up to `decimals` places without trailing zeros: 5/2 → `2.5`, 33/1 → `33`, 1/3 → `0.33`. */
export function formatPoints(f: Fraction, decimals = 2): string {
  const scale = 10n ** BigInt(decimals)
  const scaled = (BigInt(f.num) * scale * 2n + BigInt(f.den)) / (BigInt(f.den) * 2n)
  const part = (scaled % scale).toString().padStart(decimals, '0').replace(/0+$/, '')
  return part ? `${scaled / scale}.${part}` : `${scaled / scale}`
}
