/** Lambda entry for the scheduled KPI jobs: EventBridge Scheduler invokes this (see `jobs/handler.ts`). */

import { awsStore, composeCore } from './compose'
import { JobsEnv, parseEnv } from './env'
import { jobsHandlerOf } from './jobs/handler'
import { powertoolsMetrics } from './metrics'
import { awsTracing } from './tracing'

const env = parseEnv(JobsEnv)

// The jobs read and write the table only: no secret, no SMS.
export const handler = jobsHandlerOf(
  composeCore({
    store: awsStore(env, awsTracing('hotline-jobs')),
    service: 'hotline-jobs',
    metrics: powertoolsMetrics('hotline-jobs'),
  }),
)
