/**
 * What a job run evaluated: its scopes. A run's stored results and drafts within its scopes that it
 * did not produce again are removed or withdrawn (the run's output for a scope is exactly its
 * latest), and nothing outside them is touched.
 *
 * A scope is a KPI and a period: a day, a week, a month or a year. A month scope also covers the
 * days of that month (incidents are judged by the monthly job, each on its own day). Where two jobs
 * judge the same KPI on the same days — §4.11 emergencies: the daily job judges emergency tickets,
 * the monthly job verified emergency incidents — each scope names its subjects, so that neither
 * run withdraws the other's.
 */

export type JobScope = {
  kpi: string
  period: string
  /** When given, only items about these subjects (ticket ids, incident ids) are the scope's. */
  subjects?: ReadonlySet<string>
}

/** Whether an item (a stored result or deduction) of `kpi`, `period` and `subject` is within `scope`. */
export function inScope(
  scope: JobScope,
  item: { kpi: string; period: string; subject: string | null },
): boolean {
  if (item.kpi !== scope.kpi) return false
  if (scope.subjects && (item.subject === null || !scope.subjects.has(item.subject))) return false
  return (
    item.period === scope.period ||
    (/^\d{4}-\d{2}$/.test(scope.period) &&
      /^\d{4}-\d{2}-\d{2}$/.test(item.period) &&
      item.period.startsWith(`${scope.period}-`))
  )
}
