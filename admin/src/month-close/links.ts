/** Where the month close pages link: a month's close page, its 确认单, and its queue of drafts. */
import { withMonth } from '../month'

/** A month's close page, with the month in the address too (so every nav link keeps it). */
export const closePageHref = (month: string): string => withMonth(`/months/${month}`, month)

/** The printable 确认单 of a closed month. */
export const confirmationHref = (month: string): string => withMonth(`/months/${month}/confirmation`, month)

/** The queue of a month's drafts. */
export const draftsHref = (month: string): string => `/deductions?month=${month}&status=draft`
