/**
 * The month in context: `?month=YYYY-MM` in the address. Every nav link and every page keeps it, so
 * a reviewer who chose October stays in October from the numbers to the bill. A page opened without
 * one (a link from elsewhere) uses the month last seen in this tab. Free of zod: the shell uses it.
 */
import { useSearchParams } from '@solidjs/router'
import { type Accessor, createEffect } from 'solid-js'

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const STORAGE_KEY = 'hotline.month'

export const isMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value)

/** The month last seen in this tab's addresses, if any. */
export function rememberedMonth(): string | null {
  const saved = globalThis.sessionStorage?.getItem(STORAGE_KEY)
  return isMonth(saved) ? saved : null
}

export function rememberMonth(month: string): void {
  if (isMonth(month)) globalThis.sessionStorage?.setItem(STORAGE_KEY, month)
}

/** `href` with `?month=` set (or replaced); unchanged when there is no month. */
export function withMonth(href: string, month: string | null | undefined): string {
  if (!isMonth(month)) return href
  const hash = href.indexOf('#')
  const base = hash >= 0 ? href.slice(0, hash) : href
  const fragment = hash >= 0 ? href.slice(hash) : ''
  const query = base.indexOf('?')
  const path = query >= 0 ? base.slice(0, query) : base
  const params = new URLSearchParams(query >= 0 ? base.slice(query + 1) : '')
  params.set('month', month)
  return `${path}?${params}${fragment}`
}

const inContext = (params: { month?: string }) => (): string | null =>
  isMonth(params.month) ? params.month : rememberedMonth()

/** The month of the address, else the one remembered; the address's month is remembered. */
export function useMonthInContext(): Accessor<string | null> {
  const [params] = useSearchParams<{ month?: string }>()
  createEffect(() => {
    if (isMonth(params.month)) rememberMonth(params.month)
  })
  return inContext(params)
}

/**
 * The same month, read only: for what a table draws in every row (a link keeping the month), which
 * reads it without remembering it again (the page, the shell and the month picker do).
 */
export function useMonthForLinks(): Accessor<string | null> {
  const [params] = useSearchParams<{ month?: string }>()
  return inContext(params)
}
