/** Money is integer fen (分). ¥200.00 = 20000. Never floating point. */
import { z } from 'zod'

export type Fen = number

export const FenSchema = z
  .number()
  .int('must be an integer number of fen')
  .nonnegative()
  .refine(Number.isSafeInteger, 'too large')

/** An amount's sign (`-` or none), whole yuan and two-digit cents. */
function yuanParts(fen: Fen): { sign: string; yuan: number; cents: string } {
  const abs = Math.abs(fen)
  return { sign: fen < 0 ? '-' : '', yuan: Math.floor(abs / 100), cents: String(abs % 100).padStart(2, '0') }
}

/** `¥13,996.80` */
export function formatYuan(fen: Fen): string {
  const { sign, yuan, cents } = yuanParts(fen)
  return `${sign}¥${yuan.toLocaleString('en-US')}.${cents}`
}

/** `326592.00`: yuan with two decimals, without grouping or currency sign (a CSV cell). */
export function formatYuanPlain(fen: Fen): string {
  const { sign, yuan, cents } = yuanParts(fen)
  return `${sign}${yuan}.${cents}`
}

/** `200元`, `13996.80元` — how a Chinese bill writes an amount. */
export function formatYuanZh(fen: Fen): string {
  const { sign, yuan, cents } = yuanParts(fen)
  return `${sign}${yuan}${cents === '00' ? '' : `.${cents}`}元`
}
