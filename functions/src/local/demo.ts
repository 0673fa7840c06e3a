/**
 * Local mode's demo: a fresh store gets a generated month of a mid-size city's hotline (the same
 * generator as `pnpm hotline demo`), imported through the app's own import path, then the daily
 * jobs of each day and the monthly job run, so the admin app opens on real-looking numbers. The
 * instalments due before that month are recorded as paid on time by the demo reviewer, so the
 * statement is what a real one looks like: the month's deductions fall on the next unpaid quarter.
 */
import {
  addDays,
  atLocalClock,
  type Calendar,
  datesOfMonth,
  endOfLocalDay,
  type LocalDate,
  lastDateOfMonth,
  type Month,
  paymentSchedule,
} from '@hotline/domain'
import { ConflictError, recordPayment, upsertPerson } from '@hotline/store'
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
    metrics: deps.metrics,
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
  const paid = await recordDemoPayments(deps, options.month)
  if (paid.length > 0) options.log(`demo: instalments paid on time: ${paid.join(', ')}`)
  options.log(
    `demo: ready in ${Math.round((performance.now() - started) / 1000)} s — KPIs and draft deductions for ${options.month}`,
  )
}

/** The last working day on or before `date` (a due date on a weekend or holiday is paid before it). */
function lastWorkingDayBy(calendar: Calendar, date: LocalDate): LocalDate {
  let day = date
  for (let i = 0; i < 14 && !calendar.isWorkingDay(day); i++) day = addDays(day, -1)
  return day
}

/**
 * Records each instalment due before `month` as paid on time: on the last working day by its due
 * date, at 10:00 Beijing time, for its gross amount — what the agency owed then, as no deduction of
 * the demo is decided before the payments — recorded by the demo's agency reviewer (made known by
 * name, so the statement shows who). Returns the quarters paid (`Q1 2026-03-31`); a quarter
 * already recorded is left as it is.
 */
export async function recordDemoPayments(deps: AppDeps, month: Month): Promise<string[]> {
  const reviewer = deps.auth.localIssuer?.users.find((u) => u.roles.includes('agency_reviewer'))
  const by = reviewer?.username ?? 'reviewer'
  const due = paymentSchedule(deps.terms.at(`${month}-01`)).filter((i) => i.due < `${month}-01`)
  if (reviewer && due.length > 0) {
    const at = deps.now().toISOString()
    await upsertPerson(deps.store, { username: by, name: reviewer.name, roles: reviewer.roles, at })
  }
  const done: string[] = []
  for (const instalment of due) {
    const paidOn = lastWorkingDayBy(deps.calendar, instalment.due)
    const recordedAt = atLocalClock(paidOn, 10 * 3_600_000)
    try {
      await recordPayment(deps.store, {
        quarter: instalment.quarter,
        paidOn,
        amountFen: instalment.grossFen,
        recordedBy: by,
        recordedAt,
      })
      done.push(`Q${instalment.quarter} ${paidOn}`)
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err
    }
  }
  return done
}
