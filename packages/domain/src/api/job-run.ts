/**
 * A run of a job as it is recorded and as `GET /api/v1/jobs/runs` lists it: the store writes it
 * (`repos/job-runs.ts`), the admin app parses it (Settings › 最近的计算). One schema for both.
 */
import { z } from 'zod'

export const JobRun = z.object({
  jobRunId: z.string(),
  job: z.enum(['daily', 'monthly', 'annual']),
  period: z.string(),
  termsVersion: z.string(),
  /** `schedule` (the nightly run), `manual` (POST /jobs/…), `replay`, `demo` … */
  trigger: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: z.enum(['running', 'succeeded', 'failed']),
  /** What the run read and wrote; `provisional`: results whose deadline used a calendar year not loaded. */
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
  /** The scheduler execution id or HTTP request id the run was made under (null on older runs). */
  correlationId: z.string().nullable().default(null),
})
export type JobRun = z.infer<typeof JobRun>
