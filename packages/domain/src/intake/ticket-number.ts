/**
 * Ticket numbers a person can read over the phone: `JY20261009-000123` — the city's prefix, the
 * local date of receipt, and a per-day sequence that only ever goes up (never reused).
 */

export function formatTicketNumber(prefix: string, localDate: string, sequence: number): string {
  if (!/^[A-Z]{1,4}$/.test(prefix))
    throw new RangeError(`ticket prefix must be 1–4 capital letters: ${prefix}`)
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be ≥ 1: ${sequence}`)
  return `${prefix}${localDate.replaceAll('-', '')}-${String(sequence).padStart(6, '0')}`
}

export const TICKET_NUMBER = /^[A-Z]{1,4}\d{8}-\d{6,}$/

/** Tracking codes avoid letters people confuse when reading aloud (no I, L, O, U; no 0/1). */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
export const TRACKING_CODE = new RegExp(`^[${TRACKING_ALPHABET}]{10}$`)

/** Normalizes what a citizen types (`k7q2 m9xd-3p`) to the stored form, or `null`. */
export function normalizeTrackingCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '')
  return TRACKING_CODE.test(code) ? code : null
}

/** `K7Q2M9XD3P` → `K7Q2-M9XD-3P`, for reading. */
export const displayTrackingCode = (code: string): string => code.replace(/(.{4})(?=.)/g, '$1-')
