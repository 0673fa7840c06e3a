/**
 * Amounts typed in yuan, as a Chinese keyboard types them too — full-width digits and punctuation
 * (`１２３．５０`, `１,２００`, `１２３。５`), a `¥`/`￥` before or `元` after, thousands separators in
 * their places — read as integer fen without floating point; and fen as an input's value. Zod-free,
 * for forms (the statement's payment, a deduction's adjusted amount).
 */

/**
 * The typed text in ASCII: NFKC folds the full-width forms (`１` → `1`, `．` → `.`, `，` → `,`,
 * `￥` → `¥`, the ideographic space → a space); the ideographic full stop `。`, which a Chinese
 * input method types for `.`, becomes a decimal point. Trimmed.
 *
 * @example
 * normaliseAmountText('　１，２００．５０元 ') // '1,200.50元'
 */
export function normaliseAmountText(text: string): string {
  return text.normalize('NFKC').replaceAll('。', '.').trim()
}

/** Digits with optional thousands separators in their places, and up to two decimals. */
const YUAN = /^(\d{1,3}(?:,\d{3})+|\d{1,10})(?:\.(\d{1,2}))?$/

/**
 * An amount typed in yuan as integer fen; `null` when it is not one (negative, more than two
 * decimals, separators out of place, not a number).
 *
 * @example
 * yuanToFen('326,592.00')  // 32659200
 * yuanToFen('１２３．５０') // 12350
 * yuanToFen('0.125')       // null
 */
export function yuanToFen(text: string): number | null {
  const cleaned = normaliseAmountText(text)
    .replace(/^¥\s*/, '')
    .replace(/\s*元$/, '')
  const match = YUAN.exec(cleaned)
  if (!match) return null
  const [, yuan = '0', cents = ''] = match
  const whole = Number(yuan.replaceAll(',', ''))
  if (!Number.isSafeInteger(whole * 100)) return null
  return whole * 100 + Number(cents.padEnd(2, '0'))
}

/** Fen as a plain yuan amount for an input's value: 32659200 → `326592.00`. */
export const fenToYuanInput = (fen: number): string =>
  `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
