/**
 * A KPI result as the jobs stored it (SPEC §5): the calculator's `KpiResult` with when and by
 * which job run it was computed. One schema for the store that reads it back and the admin app
 * that reads it from the API.
 */
import { z } from 'zod'

export const KpiResultRecord = z.object({
  kpi: z.string(),
  period: z.string(),
  subject: z.string().nullable(),
  value: z.object({ num: z.number(), den: z.number() }).nullable(),
  target: z.record(z.string(), z.unknown()).nullable(),
  met: z.boolean().nullable(),
  evidence: z.object({
    ids: z.array(z.string()),
    figures: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    provisional: z.boolean().optional(),
  }),
  termsVersion: z.string(),
  computedAt: z.string(),
  jobRunId: z.string(),
})
export type KpiResultRecord = z.infer<typeof KpiResultRecord>
