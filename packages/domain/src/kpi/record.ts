/**
 * A KPI result as the jobs stored it (SPEC §5): the calculator's `KpiResult` with when and by
 * which job run it was computed. One schema for the store that reads it back and the admin app
 * that reads it from the API.
 */
import { z } from 'zod'
import { FigureSchema, FractionSchema, TargetSchema } from '../deductions/record'

export const KpiResultRecord = z.object({
  kpi: z.string(),
  /** `2026-10-09` (day), `2026-10` (month), `2026-W41` (ISO week) or `2026` (year). */
  period: z.string(),
  subject: z.string().nullable(),
  value: FractionSchema.nullable(),
  target: TargetSchema.nullable(),
  met: z.boolean().nullable(),
  evidence: z.object({
    ids: z.array(z.string()),
    figures: z.record(z.string(), FigureSchema),
    provisional: z.boolean().optional(),
  }),
  termsVersion: z.string(),
  computedAt: z.string(),
  jobRunId: z.string(),
})
export type KpiResultRecord = z.infer<typeof KpiResultRecord>
