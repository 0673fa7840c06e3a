/**
 * A deduction as stored and served (SPEC §6): the current draft (the domain's `DeductionDraft`
 * as stored), its status, decision, objection, revision history, supersession links and audit.
 * One schema for the store that writes it, the API that returns it and the admin app that reads it.
 */
import { z } from 'zod'
import { KPI_IDS } from '../kpi/types'

export const DEDUCTION_STATUSES = ['draft', 'approved', 'rejected', 'adjusted', 'withdrawn'] as const
export const DeductionStatus = z.enum(DEDUCTION_STATUSES)
export type DeductionStatus = z.infer<typeof DeductionStatus>
export const DECIDED_STATUSES: readonly DeductionStatus[] = ['approved', 'rejected', 'adjusted']

export const KpiIdSchema = z.enum(KPI_IDS)

/** An exact rate as stored (`Fraction` of the domain). */
export const FractionSchema = z.object({
  num: z.number().int().nonnegative(),
  den: z.number().int().positive(),
})
/** A KPI's target as stored (`Target` of the domain). */
export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('min'), bp: z.number().int() }),
  z.object({ kind: z.literal('max'), bp: z.number().int() }),
  z.object({ kind: z.literal('minCount'), count: z.number() }),
])
/** One evidence figure. */
export const FigureSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** What the job computed (`DeductionDraft` of the domain, as stored). */
export const DraftContent = z.object({
  amountFen: z.number().int(),
  clause: z.string(),
  termsVersion: z.string(),
  basis: z.object({
    value: FractionSchema.nullable(),
    target: TargetSchema.nullable(),
    points: z.object({ exact: FractionSchema, charged: FractionSchema }).optional(),
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
    figures: z.record(z.string(), FigureSchema),
    provisional: z.boolean().optional(),
  }),
  formula: z.object({ zh: z.string(), en: z.string() }),
})
export type DraftContent = z.infer<typeof DraftContent>

const Words = z.object({ zh: z.string(), en: z.string() })

/** One line of a stored item's audit log: tickets, records, departments, API keys, deductions. */
export const AuditEntry = z.object({
  at: z.string(),
  by: z.string(),
  /** A deduction's: `draft`, `revise`, `withdraw`, `superseded`, `object`, `approved`, `rejected`, `adjusted`. */
  action: z.string(),
  detail: z.record(z.string(), FigureSchema).optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>
export const DeductionAuditEntry = AuditEntry
export type DeductionAuditEntry = AuditEntry

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
