/**
 * Where each kind of record opens in the app (the paths of `routes.ts`), every id URL-encoded.
 * Zod-free: any page may link to a record at no cost.
 */
const seg = encodeURIComponent

export const ticketHref = (ticketId: string): string => `/tickets/${seg(ticketId)}`
export const callHref = (day: string, callId: string): string => `/records/calls/${seg(day)}/${seg(callId)}`
export const publicationHref = (day: string, publicationId: string): string =>
  `/records/publications/${seg(day)}/${seg(publicationId)}`
export const incidentHref = (month: string, incidentId: string): string =>
  `/records/incidents/${seg(month)}/${seg(incidentId)}`
/** A facility check by its week and key: its `checkId`, or the instant of one logged without an id. */
export const checkHref = (week: string, key: string, type?: 'safety' | 'cleaning'): string =>
  `/records/checks/${seg(week)}/${seg(key)}${type ? `?type=${type}` : ''}`
export const staffHref = (staffId: string): string => `/records/staff/${seg(staffId)}`
export const searchHref = (q: string): string => `/search?${new URLSearchParams({ q })}`
/** A deduction's page (its id may hold `:`, `.` and `~`). */
export const deductionHref = (billingMonth: string, deductionId: string): string =>
  `/deductions/${seg(billingMonth)}/${seg(deductionId)}`

/** A path segment as the link encoded it (the router hands it over as it is in the address). */
export function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '')
  } catch {
    return segment ?? ''
  }
}
