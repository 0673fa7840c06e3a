/**
 * Amounts typed in yuan, read as integer fen without floating point: `326592`, `326,592.00`,
 * `¥13,996.8` → 32659200, 1399680. Zod-free, for forms.
 */

/**
 * The fen of an amount in yuan (at most two decimals, thousands separators allowed), or `null`
 * when it is not one.
 *
 * @example
 * yuanToFen('326,592.00') // 32659200
 * yuanToFen('0.1')        // 10
 * yuanToFen('1.234')      // null
 */
export function yuanToFen(text: string): number | null {
  const plain = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replaceAll(',', '')
    .replaceAll('，', '')
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plain)
  if (!match) return null
  const [, whole = '0', cents = ''] = match
  const fen = Number(whole) * 100 + Number(cents.padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** Fen as a plain yuan amount for an input's value: 32659200 → `326592.00`. */
export const fenToYuanInput = (fen: number): string =>
  `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
