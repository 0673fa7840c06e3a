/**
 * The calls of the deduction review (SPEC §6): a billing month's deductions (`routes/jobs.ts`),
 * one deduction, a reviewer's decision at the version seen, and the contractor's objection
 * (`routes/review.ts`). The record is the store's `Deduction` (`packages/store/src/repos/deductions.ts`)
 * with its `draft` typed as the domain's `DeductionDraft`, so a drift fails the parse, loudly.
 *
 * Only lazy pages import this module: zod and the schemas stay out of the entry chunk.
 */
import { KPI_IDS, type Role } from '@hotline/domain'
import { z } from 'zod'
import { useSession } from '../session'
import { type ApiAuth, request } from './client'

/** Who may do what with deductions: the routes' `allow(...)`, so the app offers only what the server accepts. */
export const DEDUCTION_ROLES = {
  read: ['agency_reviewer', 'agency_viewer', 'contractor'],
  decide: ['agency_reviewer'],
  object: ['contractor'],
} as const satisfies Record<string, readonly Role[]>

export const DEDUCTION_STATUSES = ['draft', 'approved', 'rejected', 'adjusted', 'withdrawn'] as const
export const DeductionStatus = z.enum(DEDUCTION_STATUSES)
export type DeductionStatus = z.infer<typeof DeductionStatus>
export const DECIDED_STATUSES: readonly DeductionStatus[] = ['approved', 'rejected', 'adjusted']

export const KpiIdSchema = z.enum(KPI_IDS)

const Fraction = z.object({ num: z.number().int().nonnegative(), den: z.number().int().positive() })
const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('min'), bp: z.number().int() }),
  z.object({ kind: z.literal('max'), bp: z.number().int() }),
  z.object({ kind: z.literal('minCount'), count: z.number() }),
])
const Figure = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** What the job computed (`DeductionDraft` of the domain, as stored). */
export const DraftContent = z.object({
  amountFen: z.number().int(),
  clause: z.string(),
  termsVersion: z.string(),
  basis: z.object({
    value: Fraction.nullable(),
    target: Target.nullable(),
    points: z.object({ exact: Fraction, charged: Fraction }).optional(),
    rate: z
      .object({
        perPointFen: z.number().int().optional(),
        flatFen: z.number().int().optional(),
        partialPoints: z.string().optional(),
      })
      .optional(),
  }),
  evidence: z.object({
    ids: z.array(z.string()),
    figures: z.record(z.string(), Figure),
    provisional: z.boolean().optional(),
  }),
  formula: z.object({ zh: z.string(), en: z.string() }),
})
export type DraftContent = z.infer<typeof DraftContent>

const Words = z.object({ zh: z.string(), en: z.string() })

export const DeductionAuditEntry = z.object({
  at: z.string(),
  by: z.string(),
  /** `draft`, `revise`, `withdraw`, `superseded`, `object`, `approved`, `rejected`, `adjusted`. */
  action: z.string(),
  detail: z.record(z.string(), Figure).optional(),
})
export type DeductionAuditEntry = z.infer<typeof DeductionAuditEntry>

export const Revision = z.object({
  at: z.string(),
  jobRunId: z.string(),
  previousAmountFen: z.number(),
  previousFormula: Words,
  previousStatus: DeductionStatus,
  reason: z.string(),
})
export type Revision = z.infer<typeof Revision>

export const Deduction = z.object({
  deductionId: z.string(),
  billingMonth: z.string(),
  kpi: KpiIdSchema,
  period: z.string(),
  subject: z.string().nullable(),
  status: DeductionStatus,
  draft: DraftContent,
  /** The drafted amount (integer fen). */
  amountFen: z.number().int(),
  /** What is withheld once decided: the draft amount when approved, the new amount when adjusted, 0 when rejected. */
  finalAmountFen: z.number().int().nullable(),
  decision: z
    .object({
      decision: z.enum(['approved', 'rejected', 'adjusted']),
      by: z.string(),
      at: z.string(),
      amountFen: z.number().int(),
      reason: z.string().nullable(),
    })
    .nullable(),
  objection: z
    .object({
      by: z.string(),
      at: z.string(),
      text: z.string(),
      answer: z.string().nullable(),
      answeredAt: z.string().nullable(),
    })
    .nullable(),
  /** A breach no longer present after late data, superseding a decided deduction. */
  withdrawal: z.boolean(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  revisions: z.array(Revision),
  version: z.number().int(),
  draftedAt: z.string(),
  updatedAt: z.string(),
  audit: z.array(DeductionAuditEntry),
})
export type Deduction = z.infer<typeof Deduction>

/** `GET /api/v1/deductions?month=YYYY-MM`: every deduction of a billing month, in id order. */
export const DeductionsResponse = z.object({ deductions: z.array(Deduction) })
export type DeductionsResponse = z.infer<typeof DeductionsResponse>

export type DecisionBody =
  | { decision: 'approved'; expectedVersion: number }
  | { decision: 'rejected'; reason: string; expectedVersion: number }
  | { decision: 'adjusted'; amountFen: number; reason: string; expectedVersion: number }

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
