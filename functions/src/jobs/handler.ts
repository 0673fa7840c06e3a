/**
 * The middy handler for the scheduled KPI jobs: EventBridge Scheduler invokes the jobs Lambda with
 * `{ "job": "due" }` every night and `{ "job": "due", "reason": "monthly" }` on the 1st; an operator
 * may invoke it with `{ "job": "daily", "date": "YYYY-MM-DD" }` or `{ "job": "monthly", "month":
 * "YYYY-MM" }`. The real entry (`jobs-main.ts`) builds the deps and the logger; this module reads no
 * environment.
 *
 * Each invocation has one correlation id, on its log lines and its run records: the scheduler's
 * execution id for a scheduled run (the schedules put `<aws.scheduler.execution-id>` in their
 * input, see `infra/src/jobs.ts`), the Lambda request id for an operator's invocation.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import { LocalDateSchema, localDateOf, MonthSchema } from '@hotline/domain'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { z } from 'zod'
import type { Core } from '../compose'
import { withCorrelationId } from '../logger'
import type { AppMetrics } from '../metrics'
import { type JobDeps, type JobSummary, runDaily, runDue, runMonthly } from './jobs'

/** What the schedules send and what an operator may send; any other key is refused. */
export const JobsEvent = z.discriminatedUnion('job', [
  /** Catch up: every missed day up to yesterday, every finished month not yet run. */
  z.strictObject({
    job: z.literal('due'),
    reason: z.enum(['daily', 'monthly']).optional(),
    /** EventBridge Scheduler's id of this invocation attempt: the run's correlation id. */
    executionId: z.string().min(1).max(128).optional(),
  }),
  z.strictObject({ job: z.literal('daily'), date: LocalDateSchema }),
  z.strictObject({ job: z.literal('monthly'), month: MonthSchema }),
])
export type JobsEvent = z.infer<typeof JobsEvent>

/** An event that is not a `JobsEvent`; `field` is the first bad field's path (`(event)` for the whole). */
export class JobsEventError extends Error {
  override readonly name = 'JobsEventError'
  constructor(
    readonly field: string,
    readonly issue: string,
  ) {
    super(`invalid jobs event: ${field}: ${issue}`)
  }
}

/**
 * The two log levels the handler uses. Any `{ error(msg, extra); info(msg, extra) }` fits, and so
 * does the Powertools `Logger`.
 */
export type JobsHandlerLogger = {
  error(msg: string, extra: Record<string, unknown>): void
  info(msg: string, extra: Record<string, unknown>): void
}

/** Parses `event` as a `JobsEvent`, or throws a `JobsEventError` naming the first bad field. */
export function parseJobsEvent(event: unknown): JobsEvent {
  const result = JobsEvent.safeParse(event)
  if (result.success) return result.data
  const [issue] = result.error.issues
  // An unknown key is reported by its name, not as the object that holds it.
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : []
  const field = [...(issue?.path ?? []), ...keys.slice(0, 1)].join('.') || '(event)'
  throw new JobsEventError(field, issue?.message ?? 'invalid')
}

/**
 * Refuses a period that has not ended yet (local time): its records are still arriving, and a run
 * would move the job's high-water mark past days the schedule has not computed.
 */
function assertFinished(event: JobsEvent, now: Date): void {
  const today = localDateOf(now)
  if (event.job === 'daily' && event.date >= today) {
    throw new JobsEventError('date', `must be a day before today (${today})`)
  }
  if (event.job === 'monthly' && event.month >= today.slice(0, 7)) {
    throw new JobsEventError('month', `must be a month before this one (${today.slice(0, 7)})`)
  }
}

/** What the jobs handler runs on: the jobs' ports and the hooks of the composition root. */
export type JobsHandlerDeps = JobDeps & {
  /** Runs before each invocation's jobs (the composition root re-reads the loaded calendar years). */
  beforeRun?: () => Promise<void>
  /** Runs completed, their duration and the deductions they drafted (CloudWatch on AWS). */
  metrics?: AppMetrics
}

/**
 * A handler that runs the job(s) `event` asks for and returns their summaries, logging one line of
 * figures per job run. A malformed event is logged (the field, never the event) and thrown, as is any
 * error of a run: Lambda's asynchronous retries then the dead-letter queue hold the invocation, and
 * a re-run is safe (a run changes nothing that an earlier run of the same period already wrote).
 *
 * @example
 * export const handler = createJobsHandler({ store, terms, calendar, now }, createLogger())
 */
export function createJobsHandler(deps: JobsHandlerDeps, logger: JobsHandlerLogger) {
  return middy<unknown, JobSummary[]>().handler(async (raw, context: Context) => {
    let event: JobsEvent
    try {
      event = parseJobsEvent(raw)
      assertFinished(event, deps.now())
    } catch (error) {
      if (error instanceof JobsEventError) {
        logger.error('jobs event rejected', { field: error.field, issue: error.issue })
      }
      throw error
    }
    const correlationId = correlationIdOf(event, context)
    return withCorrelationId(correlationId, () => runJobs({ ...deps, correlationId }, event, logger))
  })
}

/** The scheduler's execution id of a scheduled run, else the Lambda request id. */
function correlationIdOf(event: JobsEvent, context: Context): string {
  return (event.job === 'due' ? event.executionId : undefined) ?? context.awsRequestId
}

/** Runs the job(s) `event` asks for, logs a line of figures per run, and records the metrics. */
async function runJobs(
  deps: JobsHandlerDeps,
  event: JobsEvent,
  logger: JobsHandlerLogger,
): Promise<JobSummary[]> {
  await deps.beforeRun?.()
  const started = performance.now()
  const summaries =
    event.job === 'due'
      ? await runDue(deps, 'schedule')
      : event.job === 'daily'
        ? [await runDaily(deps, event.date, 'manual')]
        : [await runMonthly(deps, event.month, deps.now().toISOString(), 'manual')]
  for (const summary of summaries) {
    logger.info('job run', {
      jobRunId: summary.jobRunId,
      job: summary.job,
      period: summary.period,
      results: summary.results,
      breaches: summary.breaches,
      deductions: summary.deductions,
      records: summary.records,
    })
  }
  if (summaries.length === 0) logger.info('no job due', { job: event.job })
  const metrics = deps.metrics
  if (metrics) {
    metrics.count('JobRunsCompleted', summaries.length)
    metrics.milliseconds('JobRunDurationMs', Math.round(performance.now() - started))
    // New drafts and drafts whose amount changed: what a reviewer has to look at.
    const drafted = summaries.reduce(
      (sum, s) => sum + (s.deductions.created ?? 0) + (s.deductions.revised ?? 0),
      0,
    )
    metrics.count('DeductionsDrafted', drafted)
    metrics.flush()
  }
  return summaries
}

/**
 * The jobs Lambda's handler on the composition root's `core` (`compose.ts`): each invocation first
 * re-reads the calendar years and the terms versions saved in Settings, so a night's run uses the
 * year an administrator loaded that afternoon and, for a day in its month, a new terms version. Its log lines carry the Lambda context (`function_request_id`, cold start).
 */
export function jobsHandlerOf(core: Core) {
  return createJobsHandler(
    {
      store: core.store,
      terms: core.terms,
      calendar: core.calendar,
      now: core.now,
      beforeRun: () => core.settings.reload(),
      metrics: core.metrics,
    },
    core.logger,
  ).use(injectLambdaContext(core.logger, { resetKeys: true }))
}
