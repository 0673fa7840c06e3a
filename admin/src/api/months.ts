/**
 * The months the platform has results for (`GET /api/v1/months`): each month's pending and decided
 * deductions and whether it is closed (月度考核确认), and the month the app opens on (`current`: the
 * oldest month with drafts still to review, else the latest with results).
 */
import { useQuery } from '@tanstack/solid-query'
import { z } from 'zod'
import { useSession } from '../session'
import { request } from './client'

const Sum = z.object({ count: z.number().int(), amountFen: z.number().int() })

export const MonthSummary = z.object({
  month: z.string(),
  hasResults: z.boolean(),
  state: z.enum(['open', 'closing', 'closed']),
  number: z.string().nullable(),
  pending: Sum,
  decided: Sum,
})
export type MonthSummary = z.infer<typeof MonthSummary>

export const MonthsResponse = z.object({ current: z.string().nullable(), months: z.array(MonthSummary) })
export type MonthsResponse = z.infer<typeof MonthsResponse>

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
