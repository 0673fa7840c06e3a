/**
 * The months the platform has results for (`GET /api/v1/months`): each month's pending and decided
 * deductions and whether it is closed (月度考核确认), and the month the app opens on (`current`: the
 * oldest month with drafts still to review, else the latest with results).
 */
import { MonthsResponse } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { useSession } from '../session'
import { request } from './client'

export { MonthSummary, MonthsResponse } from '@hotline/domain'

export const monthsKey = ['months'] as const

/** The months list, shared by every page that shows a month (one request, cached). */
export function useMonths() {
  const session = useSession()
  return useQuery(() => ({
    queryKey: monthsKey,
    queryFn: () =>
      request('/api/v1/months', MonthsResponse, {
        auth: { token: session.token, onUnauthorized: session.signOut },
      }),
    enabled: session.current() !== null,
    retry: false,
  }))
}
