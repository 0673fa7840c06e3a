/** Lambda entry for the scheduled KPI jobs: EventBridge Scheduler invokes this (see `jobs/handler.ts`). */

import { JobsEnv, parseEnv } from './env'
import { jobsHandlerOf } from './jobs/handler'
import { lambdaCore } from './lambda-core'

// The jobs read and write the table only: no secret, no SMS.
export const handler = jobsHandlerOf(lambdaCore(parseEnv(JobsEnv), 'hotline-jobs').core)
