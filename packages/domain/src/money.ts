/** Money is integer fen (分). ¥200.00 = 20000. Never floating point. */
import { z } from 'zod'

export type Fen = number

export const FenSchema = z
  .number()
  .int('must be an integer number of fen')
  .nonnegative()
  .refine(Number.isSafeInteger, 'too large')

/** `¥13,996.80` */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}¥${yuan.toLocaleString('en-US')}.${cents}`
}

/** `200元`, `13996.80元` — how a Chinese bill writes an amount. */
export function formatYuanZh(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const cents = abs % 100
  return `${sign}${Math.floor(abs / 100)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}元`
}
