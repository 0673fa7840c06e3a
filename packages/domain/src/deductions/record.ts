/**
 * A deduction as stored and served (SPEC §6): the current draft (the domain's `DeductionDraft`
 * as stored), its status, decision, objection, revision history, supersession links and audit.
 * One schema for the store that writes it, the API that returns it and the admin app that reads it.
 */
import { z } from 'zod'
import { KPI_IDS } from '../kpi/types'

/** `acknowledged` (记录): a breach whose amount is ¥0, recorded rather than approved. */
export const DEDUCTION_STATUSES = [
  'draft',
  'approved',
  'rejected',
  'adjusted',
  'acknowledged',
  'withdrawn',
] as const
export const DeductionStatus = z.enum(DEDUCTION_STATUSES)
export type DeductionStatus = z.infer<typeof DeductionStatus>
/** What a reviewer may decide; each is also the status it leaves. */
export const DECISIONS = ['approved', 'rejected', 'adjusted', 'acknowledged'] as const
export type DecisionKind = (typeof DECISIONS)[number]
export const DECIDED_STATUSES: readonly DeductionStatus[] = DECISIONS

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
  /**
   * A deduction's: `draft`, `revise`, `withdraw`, `superseded`, `object`, `approved`, `rejected`,
   * `adjusted`, `acknowledged`, `reopened`, `frozen`, `unfrozen`; a month's: `closed`, `reopened`,
   * `acknowledged`, `objected`.
   */
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

/** A reviewer's decision: what is withheld (`amountFen`) and why. */
export const Decision = z.object({
  decision: z.enum(DECISIONS),
  by: z.string(),
  at: z.string(),
  amountFen: z.number().int(),
  reason: z.string().nullable(),
})
export type Decision = z.infer<typeof Decision>

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
  decision: Decision.nullable(),
  /** Decisions undone by a reopen, newest last. */
  previousDecisions: z.array(Decision).default([]),
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
  /** The number of the month close (确认单) that froze this decision, e.g. `KH-202610-01`. */
  frozenBy: z.string().nullable().default(null),
  version: z.number().int(),
  draftedAt: z.string(),
  updatedAt: z.string(),
  audit: z.array(DeductionAuditEntry),
})
export type Deduction = z.infer<typeof Deduction>
