/**
 * The month close (月度考核确认, `functions/src/routes/months.ts`): a month's state, its numbered
 * 确认单 snapshot, the contractor's answer and late revisions (`GET /months/:month/close`), and
 * the writes: a reviewer closes or reopens the month, the contractor acknowledges or objects.
 * Parsed with the domain's own `MonthClose`, so a drift from the server fails loudly.
 *
 * Only lazy pages import this module: zod and the schemas stay out of the entry chunk.
 */
import { MonthClose, type Role } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { useSession } from '../session'
import { type ApiAuth, request } from './client'

export type { AuditEntry, CloseDeductionRow, CloseKpiRow, LateRevision, MonthClose } from '@hotline/domain'

/** Who may do what: the routes' `allow(...)`, so the app offers only what the server accepts. */
export const MONTH_CLOSE_ROLES = {
  close: ['agency_reviewer'],
  answer: ['contractor'],
} as const satisfies Record<string, readonly Role[]>

export const monthCloseKey = (month: string) => ['month-close', month] as const

const closePath = (month: string): string => `/api/v1/months/${encodeURIComponent(month)}`

export function createMonthCloseApi(auth: ApiAuth) {
  const post = (path: string, body: unknown) => request(path, MonthClose, { method: 'POST', body, auth })
  return {
    /** 404 `not_found` while the month has no results. */
    get: (month: string) => request(`${closePath(month)}/close`, MonthClose, { auth }),
    /** 409 `pending_drafts` while any deduction of the month is a draft. */
    close: (month: string, expectedVersion: number) => post(`${closePath(month)}/close`, { expectedVersion }),
    reopen: (month: string, reason: string, expectedVersion: number) =>
      post(`${closePath(month)}/reopen`, { reason, expectedVersion }),
    acknowledge: (month: string, expectedVersion: number) =>
      post(`${closePath(month)}/close/acknowledge`, { expectedVersion }),
    /** 409 `objection_window_closed` after `objectionDue`. */
    object: (month: string, text: string, expectedVersion: number) =>
      post(`${closePath(month)}/close/objection`, { text, expectedVersion }),
  }
}

export type MonthCloseApi = ReturnType<typeof createMonthCloseApi>

/** The client bound to the signed-in session of the surrounding `<SessionProvider>`. */
export function useMonthCloseApi(): MonthCloseApi {
  const session = useSession()
  return createMonthCloseApi({ token: session.token, onUnauthorized: session.signOut })
}

/** A month's close record, cached per month (the close page and its 确认单 share it). */
export function useMonthClose(month: () => string | null) {
  const api = useMonthCloseApi()
  return useQuery(() => ({
    queryKey: monthCloseKey(month() ?? ''),
    queryFn: () => api.get(month() ?? ''),
    enabled: month() !== null,
    retry: false,
  }))
}
