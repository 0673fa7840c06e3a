/** The one constant-time comparison of a secret a caller sent with the one we hold. */
import { timingSafeEqual } from 'node:crypto'

/**
 * Whether `given` is `expected`, compared in constant time for equal lengths (different lengths
 * are simply unequal). Nothing given, or nothing configured, is never a match.
 */
export function sameSecret(given: string | undefined, expected: string | null): boolean {
  if (!given || !expected) return false
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
