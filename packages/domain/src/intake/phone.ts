/**
 * Citizen phone numbers: mainland mobile numbers only, normalized to 11 digits, and masked
 * everywhere they are shown (`138****5678`, contract §4.9, §10; SPEC §8).
 */
import { z } from 'zod'

const MOBILE = /^1[3-9]\d{9}$/

/**
 * `13812345678` from the ways people and providers write it (`+86 138-1234-5678`,
 * `008613812345678`, `8613812345678`), or `null` when it is not a mainland mobile number.
 */
export function normalizeMainlandMobile(raw: string): string | null {
  let digits = raw.trim().replace(/[\s\-()（）]/g, '')
  if (digits.startsWith('+86')) digits = digits.slice(3)
  else if (digits.startsWith('0086')) digits = digits.slice(4)
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2)
  return MOBILE.test(digits) ? digits : null
}

/** `138****5678`: the only form of a phone number any view or export shows (shorter than 8: all stars). */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}

/** A mainland mobile number in any common spelling, normalized; the error names the expectation. */
export const MainlandMobile = z.string().transform((raw, ctx) => {
  const phone = normalizeMainlandMobile(raw)
  if (phone === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a mainland China mobile number, e.g. 13812345678' })
    return z.NEVER
  }
  return phone
})
