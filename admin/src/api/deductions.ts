/**
 * The calls of the deduction review (SPEC §6): a billing month's deductions (`routes/jobs.ts`),
 * one deduction, a reviewer's decision at the version seen (one, or a selection in bulk at the
 * count and sum confirmed), reopening a decision with a reason, and the contractor's objection
 * (`routes/review.ts`). The record is the store's `Deduction` (`packages/store/src/repos/deductions.ts`)
 * with its `draft` typed as the domain's `DeductionDraft`, so a drift fails the parse, loudly.
 *
 * Only lazy pages import this module: zod and the schemas stay out of the entry chunk.
 */
import { Deduction, type Role } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { z } from 'zod'
import { isMonth } from '../month'
import { useSession } from '../session'
import { type ApiAuth, request } from './client'

/** Who may do what with deductions: the routes' `allow(...)`, so the app offers only what the server accepts. */
export const DEDUCTION_ROLES = {
  decide: ['agency_reviewer'],
  object: ['contractor'],
} as const satisfies Record<string, readonly Role[]>

export {
  DECIDED_STATUSES,
  DEDUCTION_STATUSES,
  Deduction,
  DeductionAuditEntry,
  DeductionStatus,
  DraftContent,
  KpiIdSchema,
  Revision,
} from '@hotline/domain'

/** `GET /api/v1/deductions?month=YYYY-MM`: every deduction of a billing month, in id order. */
export const DeductionsResponse = z.object({ deductions: z.array(Deduction) })
export type DeductionsResponse = z.infer<typeof DeductionsResponse>

export type DecisionBody =
  | { decision: 'approved' | 'acknowledged'; expectedVersion: number }
  | { decision: 'rejected'; reason: string; expectedVersion: number }
  | {
      decision: 'adjusted'
      amountFen: number
      reason: string
      expectedVersion: number
      /** Needed when `amountFen` is above the drafted amount. */
      confirmAboveDraft?: true
    }

export type BulkDecisionBody = {
  decision: 'approved' | 'acknowledged'
  items: { deductionId: string; expectedVersion: number }[]
  /** What the reviewer confirmed: a change since makes it a 409 `totals_changed`, nothing written. */
  expectedCount: number
  expectedTotalFen: number
}

/** `POST …/bulk-decision`: what was decided, and each item refused on the way with its reason. */
export const BulkDecisionResponse = z.object({
  decided: z.array(Deduction),
  conflicts: z.array(
    z.object({
      deductionId: z.string(),
      code: z.string(),
      message: z.string(),
      messageZh: z.string().optional(),
    }),
  ),
  count: z.number().int(),
  totalFen: z.number().int(),
})
export type BulkDecisionResponse = z.infer<typeof BulkDecisionResponse>

/** `/api/v1/deductions/2026-10/answer_15s%3A2026-10-09`: the id may hold `:`, `.` and `~`. */
export const deductionPath = (month: string, id: string): string =>
  `/api/v1/deductions/${encodeURIComponent(month)}/${encodeURIComponent(id)}`

/** Query keys: a month's list and one deduction; a decision updates both in place. */
export const deductionsKey = (month: string) => ['deductions', month] as const
export const deductionKey = (month: string, id: string) => ['deduction', month, id] as const

export function createDeductionsApi(auth: ApiAuth) {
  return {
    ofMonth: (month: string) =>
      request(`/api/v1/deductions?${new URLSearchParams({ month })}`, DeductionsResponse, { auth }),
    one: (month: string, id: string) => request(deductionPath(month, id), Deduction, { auth }),
    /** A 409 when the version is stale or the deduction already decided. */
    decide: (month: string, id: string, body: DecisionBody) =>
      request(`${deductionPath(month, id)}/decision`, Deduction, { method: 'POST', body, auth }),
    /** Approves (or records, at ¥0) a selection at once; 409 `totals_changed` when it changed meanwhile. */
    decideMany: (month: string, body: BulkDecisionBody) =>
      request(`/api/v1/deductions/${encodeURIComponent(month)}/bulk-decision`, BulkDecisionResponse, {
        method: 'POST',
        body,
        auth,
      }),
    /** Back to a draft, with a reason (audited); a 409 `month_closed` once the month is closed. */
    reopen: (month: string, id: string, body: { reason: string; expectedVersion: number }) =>
      request(`${deductionPath(month, id)}/reopen`, Deduction, { method: 'POST', body, auth }),
    /** A 409 (`messageZh`: 申诉期已过…) after the window, or when one was already filed. */
    object: (month: string, id: string, text: string) =>
      request(`${deductionPath(month, id)}/objection`, Deduction, { method: 'POST', body: { text }, auth }),
  }
}

export type DeductionsApi = ReturnType<typeof createDeductionsApi>

/** The client bound to the signed-in session of the surrounding `<SessionProvider>`. */
export function useDeductionsApi(): DeductionsApi {
  const session = useSession()
  return createDeductionsApi({ token: session.token, onUnauthorized: session.signOut })
}

/**
 * A billing month's deductions, the one query every page shares (`deductionsKey`): a decision
 * updates it in place, so the queue, the detail, the dashboard and the incidents agree. Not asked
 * for until `month()` is a month.
 */
export function useMonthDeductions(month: () => string) {
  const api = useDeductionsApi()
  return useQuery(() => ({
    queryKey: deductionsKey(month()),
    queryFn: () => api.ofMonth(month()),
    enabled: isMonth(month()),
    retry: false,
  }))
}
