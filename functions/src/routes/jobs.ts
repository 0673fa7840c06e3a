/**
 * Manual job runs for an agency reviewer (`POST /jobs/daily {date}`, `POST /jobs/monthly {month}`),
 * the record of runs, and the results the jobs wrote: KPI results and deductions of a month, and
 * the month's KPI summary the dashboard draws.
 */
import { LocalDateSchema, MonthSchema, summarizeKpis } from '@hotline/domain'
import {
  DEDUCTION_STATUSES,
  deductionsByStatus,
  deductionsOfMonth,
  kpiFiguresOfMonth,
  kpiResultsOfMonth,
  listJobRuns,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import { runDaily, runMonthly } from '../jobs/jobs'
import { currentCorrelationId } from '../logger'
import { jsonBody, STAFF } from './common'

export function jobRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()
  // A manual run is recorded under the request's correlation id (its X-Request-Id).
  const jobDeps = () => ({
    store: deps.store,
    terms: deps.terms,
    calendar: deps.calendar,
    now: deps.now,
    correlationId: currentCorrelationId(),
  })

  app.post('/jobs/daily', allow('agency_reviewer'), async (c) => {
    const { date } = z.object({ date: LocalDateSchema }).parse(await jsonBody(c))
    // A re-run uses what Settings holds now, not this instance's five-minute-old copy.
    await deps.settings.reload()
    return c.json(await runDaily(jobDeps(), date, 'manual'))
  })

  app.post('/jobs/monthly', allow('agency_reviewer'), async (c) => {
    const { month } = z.object({ month: MonthSchema }).parse(await jsonBody(c))
    await deps.settings.reload()
    return c.json(await runMonthly(jobDeps(), month, deps.now().toISOString(), 'manual'))
  })

  app.get('/jobs/runs', allow(...STAFF), async (c) => {
    const { job, limit } = z
      .object({
        job: z.enum(['daily', 'monthly']),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      })
      .parse(c.req.query())
    return c.json({ runs: await listJobRuns(deps.store, job, limit) })
  })

  // What the dashboard draws (`KpiSummary`: figures without evidence, per-subject results counted);
  // a KPI's results with their evidence are `GET /kpis?month=&kpi=` below.
  app.get('/kpis/summary', allow(...STAFF), async (c) => {
    const { month } = z.object({ month: MonthSchema }).parse(c.req.query())
    return c.json(summarizeKpis(month, await kpiFiguresOfMonth(deps.store, month)))
  })

  app.get('/kpis', allow(...STAFF), async (c) => {
    const { month, kpi } = z
      .object({ month: MonthSchema, kpi: z.string().max(40).optional() })
      .parse(c.req.query())
    return c.json({ month, results: await kpiResultsOfMonth(deps.store, month, kpi) })
  })

  app.get('/deductions', allow(...STAFF), async (c) => {
    const query = z
      .object({ month: MonthSchema.optional(), status: z.enum(DEDUCTION_STATUSES).optional() })
      .refine((q) => q.month || q.status, { message: 'give a month or a status', path: ['month'] })
      .parse(c.req.query())
    const list = query.month
      ? await deductionsOfMonth(deps.store, query.month)
      : await deductionsByStatus(deps.store, query.status ?? 'draft')
    return c.json({ deductions: query.status ? list.filter((d) => d.status === query.status) : list })
  })

  return app
}
