/**
 * The business figures an operator watches (docs/operations-runbook.md), as CloudWatch metrics in
 * the `Hotline` namespace: embedded metric format through Powertools Metrics on AWS, nothing in
 * local mode (tests record them: `test/support/metrics.ts`). Every metric carries the function's
 * `service` dimension.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

export const METRICS_NAMESPACE = 'Hotline'

/** The metrics the code emits (the dashboard in `infra/` graphs the same names). */
export type MetricName =
  | 'TicketsCreated'
  | 'DuplicatesSuppressed'
  | 'SmsSent'
  | 'SmsFailed'
  | 'SmsWithheld'
  | 'JobRunsCompleted'
  | 'JobRunDurationMs'
  | 'DeductionsDrafted'
  | 'Decisions'

export type AppMetrics = {
  /** Adds `value` (default 1) to a count; with `dimension`, a series of its own (tickets per channel). */
  count(name: MetricName, value?: number, dimension?: { name: string; value: string }): void
  /** Records a duration in milliseconds. */
  milliseconds(name: MetricName, ms: number): void
  /** Writes what was recorded (once per request or invocation). */
  flush(): void
}

/** Local mode: metrics go nowhere. */
export const noMetrics: AppMetrics = { count() {}, milliseconds() {}, flush() {} }

/** Powertools Metrics for one function: EMF lines on stdout, which Lambda sends to CloudWatch. */
export function powertoolsMetrics(service: string): AppMetrics {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service })
  // Flushed after every request: only when something was recorded (Powertools warns otherwise).
  let pending = false
  return {
    count(name, value = 1, dimension) {
      pending ||= !dimension
      if (!dimension) return metrics.addMetric(name, MetricUnit.Count, value)
      const single = metrics.singleMetric()
      single.addDimension(dimension.name, dimension.value)
      single.addMetric(name, MetricUnit.Count, value)
    },
    milliseconds(name, ms) {
      pending = true
      metrics.addMetric(name, MetricUnit.Milliseconds, ms)
    },
    flush() {
      if (!pending) return
      pending = false
      metrics.publishStoredMetrics()
    },
  }
}
