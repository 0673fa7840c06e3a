/**
 * The jobs' runs of a replay, in memory: each day's and the month's results computed by the jobs'
 * own `dailyResults` / `monthlyResults` from the in-memory records, then kept and drafted the way a
 * recorded run keeps them in a fresh store — results overwrite by (kpi, period, subject) and the
 * evaluated scopes drop what a run no longer produced (`putKpiResults`, `pruneKpiResults`); drafts
 * are synced by id, and an evaluated scope's draft no longer drafted is withdrawn (`syncDeductions`
 * on a store where nobody has decided anything yet).
 */
import {
  type DeductionDraft,
  type Instant,
  inScope,
  type JobScope,
  type KpiResult,
  type LocalDate,
  localMonthOf,
  type Month,
} from '@hotline/domain'
import { billingMonth, kpiResultId, type SyncOutcome } from '@hotline/store'
import {
  dailyResults,
  draftUnderOwnTerms,
  type JobRules,
  type JobSummary,
  jobSummary,
  monthlyResults,
  type PeriodResults,
} from '../jobs/jobs'
import { byteOrder, type MemoryRecords, memorySources } from './replay-records'

/** A deduction as a fresh replay's runs leave it: drafted, or withdrawn by a later run. */
export type MemoryDeduction = {
  id: string
  status: 'draft' | 'withdrawn'
  draft: DeductionDraft
}

export type MemoryRuns = {
  /** Billing month → `kpi|period` → result id → result: a scope's results together, for pruning. */
  results: Map<string, Map<string, Map<string, KpiResult>>>
  /** Billing month → deduction id → deduction. */
  deductions: Map<string, Map<string, MemoryDeduction>>
  /** Agent → first answered call seen. */
  firstDuties: Map<string, string>
}

export const emptyRuns = (): MemoryRuns => ({
  results: new Map(),
  deductions: new Map(),
  firstDuties: new Map(),
})

/** The map under `key`, made empty when there is none. */
const bucket = <T>(byKey: Map<string, Map<string, T>>, key: string): Map<string, T> => {
  const found = byKey.get(key) ?? new Map<string, T>()
  byKey.set(key, found)
  return found
}

/** The results billed in `month`, in id order (a Query of the month's partition). */
export function resultsOfMonth(runs: MemoryRuns, month: string): KpiResult[] {
  return [...(runs.results.get(month)?.values() ?? [])]
    .flatMap((scope) => [...scope])
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([, r]) => r)
}

const scopeKey = (scope: { kpi: string; period: string }) => `${scope.kpi}|${scope.period}`

/** The deductions billed in `month`, in id order. */
export function deductionsOfMonth(runs: MemoryRuns, month: string): MemoryDeduction[] {
  return [...(runs.deductions.get(month) ?? [])].sort(([a], [b]) => byteOrder(a, b)).map(([, d]) => d)
}

/** Runs the daily job of `date`, then keeps its results and drafts. */
export async function runDailyInMemory(
  rules: JobRules,
  memory: MemoryRecords,
  runs: MemoryRuns,
  date: LocalDate,
  asOf: Instant,
): Promise<JobSummary> {
  const computed = await dailyResults(rules, sourcesOf(memory, runs), date)
  for (const [agentId, at] of computed.firstAnswers) {
    const known = runs.firstDuties.get(agentId)
    if (known === undefined || known > at) runs.firstDuties.set(agentId, at)
  }
  return keep(rules, runs, { job: 'daily', period: date, termsDate: date, asOf }, computed)
}

/** Runs the monthly job of `month` as of `asOf`, then keeps its results and drafts. */
export async function runMonthlyInMemory(
  rules: JobRules,
  memory: MemoryRecords,
  runs: MemoryRuns,
  month: Month,
  asOf: Instant,
): Promise<JobSummary> {
  const computed = await monthlyResults(rules, sourcesOf(memory, runs), month, asOf)
  return keep(rules, runs, { job: 'monthly', period: month, termsDate: `${month}-01`, asOf }, computed)
}

const sourcesOf = (memory: MemoryRecords, runs: MemoryRuns) =>
  memorySources(memory, {
    kpiResultsOfMonth: async (month) => resultsOfMonth(runs, month),
    firstDutiesOfMonth: async (month) =>
      new Map([...runs.firstDuties].filter(([, at]) => localMonthOf(at) === month)),
  })

/** What a recorded run does with its results, on the in-memory results and deductions. */
function keep(
  rules: JobRules,
  runs: MemoryRuns,
  run: { job: 'daily' | 'monthly'; period: string; termsDate: LocalDate; asOf: Instant },
  computed: PeriodResults,
): JobSummary {
  const { results, scopes } = computed
  for (const result of results) {
    const month = bucket(runs.results, billingMonth(result.period))
    bucket(month, scopeKey(result)).set(kpiResultId(result), result)
  }
  prune(runs, results, scopes)
  const drafts = draftUnderOwnTerms(rules.terms, rules.terms.at(run.termsDate), results)
  const outcomes = sync(runs, drafts, scopes)
  return jobSummary({ jobRunId: `${run.job}:${run.period}:${run.asOf}`, ...run }, computed, outcomes)
}

/**
 * `pruneKpiResults`: a scope's stored results that this run did not produce go (`inScope`: the
 * buckets of its KPI whose period it covers, only its subjects when it names them).
 */
function prune(runs: MemoryRuns, keep: readonly KpiResult[], scopes: readonly JobScope[]): void {
  const kept = new Set(keep.map(kpiResultId))
  for (const scope of scopes) {
    for (const [key, stored] of runs.results.get(billingMonth(scope.period)) ?? []) {
      if (!key.startsWith(`${scope.kpi}|`)) continue
      for (const [id, result] of stored) if (!kept.has(id) && inScope(scope, result)) stored.delete(id)
    }
  }
}

/** What makes two computations of a draft the same (as `syncDeductions` compares them). */
const contentOf = (d: DeductionDraft) =>
  JSON.stringify([d.amountFen, d.formula, d.basis, d.evidence, d.termsVersion, d.clause])

/** `syncDeductions` where nothing is decided: drafts created, kept, revised or reinstated; the rest of a scope withdrawn. */
function sync(
  runs: MemoryRuns,
  drafts: readonly DeductionDraft[],
  scopes: readonly JobScope[],
): Map<string, SyncOutcome> {
  const outcomes = new Map<string, SyncOutcome>()
  for (const draft of drafts) {
    const month = bucket(runs.deductions, billingMonth(draft.period))
    const current = month.get(draft.id)
    const outcome: SyncOutcome = !current
      ? 'created'
      : current.status === 'withdrawn'
        ? 'reinstated'
        : contentOf(current.draft) === contentOf(draft)
          ? 'unchanged'
          : 'revised'
    month.set(draft.id, { id: draft.id, status: 'draft', draft })
    outcomes.set(draft.id, outcome)
  }
  const computed = new Set(drafts.map((d) => d.id))
  for (const scope of scopes) {
    const month = runs.deductions.get(billingMonth(scope.period))
    for (const [id, stored] of month ?? []) {
      if (!id.startsWith(`${scope.kpi}:${scope.period}`) || computed.has(id)) continue
      if (!inScope(scope, stored.draft)) continue
      outcomes.set(id, stored.status === 'withdrawn' ? 'unchanged' : 'withdrawn')
      stored.status = 'withdrawn'
    }
  }
  return outcomes
}
