/**
 * An amount in Chinese capital numerals (大写金额), as a bill or a 确认单 writes it beside the
 * figures so that neither can be altered alone: `壹万陆仟玖佰元整`. Pure and zod-free.
 *
 * Written as the payment rules (《支付结算办法》) ask: 壹贰叁… with 拾佰仟万亿; a zero between
 * digits is written once (零); a whole amount ends in 整; an amount with 角 but no 分 ends in 整 too;
 * 分 after a zero 角 is preceded by 零.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const
const PLACES = ['', '拾', '佰', '仟'] as const
const GROUPS = ['', '万', '亿', '万亿'] as const

/** 1–9999 in capitals: `1010` → 壹仟零壹拾 (a zero before a digit written once, trailing zeros not). */
function groupInCapitals(n: number): string {
  let out = ''
  let zero = false
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10
    if (digit === 0) {
      zero = out !== ''
      continue
    }
    if (zero) out += '零'
    zero = false
    out += `${DIGITS[digit]}${PLACES[place]}`
  }
  return out
}

/** Whole yuan (as decimal digits) in capitals, `''` for none: `100000001` → 壹亿零壹. */
function yuanDigitsInCapitals(digits: string): string {
  const groups: number[] = []
  for (let end = digits.length; end > 0; end -= 4)
    groups.unshift(Number(digits.slice(Math.max(0, end - 4), end)))
  let out = ''
  let gap = false
  groups.forEach((n, i) => {
    if (n === 0) {
      gap = out !== ''
      return
    }
    // A zero group, or a group under a thousand, after a higher one reads with 零: 壹万零壹拾.
    if (out !== '' && (gap || n < 1000)) out += '零'
    gap = false
    out += `${groupInCapitals(n)}${GROUPS[groups.length - 1 - i]}`
  })
  return out
}

/**
 * Integer fen in Chinese capital numerals.
 *
 * @example
 * yuanInCapitals(1_690_000)   // '壹万陆仟玖佰元整'
 * yuanInCapitals(140_902)     // '壹仟肆佰零玖元零贰分'
 * yuanInCapitals(0)           // '零元整'
 */
export function yuanInCapitals(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`)
  if (fen < 0) return `负${yuanInCapitals(-fen)}`
  if (fen === 0) return '零元整'
  const digits = String(fen).padStart(3, '0')
  const yuan = yuanDigitsInCapitals(digits.slice(0, -2).replace(/^0+/, ''))
  const jiao = Number(digits.at(-2))
  const cents = Number(digits.at(-1))
  const whole = yuan ? `${yuan}元` : ''
  if (jiao === 0 && cents === 0) return `${whole}整`
  if (jiao === 0) return `${whole}${whole ? '零' : ''}${DIGITS[cents]}分`
  return `${whole}${DIGITS[jiao]}角${cents === 0 ? '整' : `${DIGITS[cents]}分`}`
}
