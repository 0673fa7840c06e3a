/**
 * Local mode's demo: a fresh store gets a generated month of a mid-size city's hotline (the same
 * generator as `pnpm hotline demo`), imported through the app's own import path, then the daily
 * jobs of each day and the monthly job run, so the admin app opens on real-looking numbers.
 */
import { datesOfMonth, endOfLocalDay, lastDateOfMonth, type Month } from '@hotline/domain'
import type { AppDeps } from '../app'
import { generateDemoMonth } from '../cli/demo'
import { runDaily, runMonthly } from '../jobs/jobs'
import { importLines } from '../operations/ingest'

export type DemoOptions = { month: Month; seed: number; scale: number; log: (line: string) => void }

export async function loadDemo(deps: AppDeps, options: DemoOptions): Promise<void> {
  const started = performance.now()
  const records = [...generateDemoMonth({ month: options.month, seed: options.seed, scale: options.scale })]
  options.log(
    `demo: importing ${records.length} records of ${options.month} (seed ${options.seed}, scale ${options.scale})…`,
  )
  const intake = {
    store: deps.store,
    calendar: deps.calendar,
    terms: deps.terms,
    now: deps.now,
    vault: deps.vault,
    sms: deps.sms,
    logger: deps.logger,
  }
  const report = await importLines(
    intake,
    records.map((r) => JSON.stringify(r)),
    { source: 'demo', principal: { sub: 'demo', username: 'demo', roles: ['integration'] } },
  )
  options.log(
    `demo: imported (${report.created} created, ${report.applied} ticket events, ${report.failed} failed); running the jobs…`,
  )
  const jobDeps = { store: deps.store, terms: deps.terms, calendar: deps.calendar, now: deps.now }
  for (const date of datesOfMonth(options.month)) await runDaily(jobDeps, date, 'demo')
  const asOf = new Date(
    Date.parse(endOfLocalDay(lastDateOfMonth(options.month))) + 31 * 86_400_000,
  ).toISOString()
  await runMonthly(jobDeps, options.month, asOf, 'demo')
  options.log(
    `demo: ready in ${Math.round((performance.now() - started) / 1000)} s — KPIs and draft deductions for ${options.month}`,
  )
}
