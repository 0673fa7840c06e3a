/** Lambda entry for the scheduled KPI jobs: EventBridge Scheduler invokes this (see `jobs/handler.ts`). */

import { createCalendar, jiyuan2026 } from '@hotline/domain'
import { createStore } from '@hotline/store'
import { JobsEnv, parseEnv } from './env'
import { createJobsHandler } from './jobs/handler'
import { createLogger } from './logger'

const env = parseEnv(JobsEnv)

// The jobs read and write the table only: no secret, no SMS.
export const handler = createJobsHandler(
  {
    store: createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' }),
    terms: jiyuan2026,
    calendar: createCalendar(),
    now: () => new Date(),
  },
  createLogger(),
)
