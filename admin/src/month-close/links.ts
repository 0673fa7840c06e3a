/** Where the month close pages are: a month's close page and its 确认单 (its queue: `queueHref`). */
import { withMonth } from '../month'

/** A month's close page, with the month in the address too (so every nav link keeps it). */
export const closePageHref = (month: string): string =>
  withMonth(`/months/${encodeURIComponent(month)}`, month)

/** The printable 确认单 of a closed month. */
export const confirmationHref = (month: string): string =>
  withMonth(`/months/${encodeURIComponent(month)}/confirmation`, month)
