/**
 * The reference replay of the equivalence test: the month imported line by line into a fresh
 * embedded engine through the API's ingest path, every daily job and the monthly job run on it as
 * recorded runs, and the month's stored results and drafts read back — what `hotline replay` did
 * before it computed in memory, kept here so the two paths are held equal
 * (`replay-equivalence.test.ts`).
 */
import {
  createCalendar,
  datesOfMonth,
  fixedTerms,
  jiyuan2026,
  MonthSchema,
  termsVersionOf,
} from '@hotline/domain'
import { deductionsOfMonth, keys, kpiResultsOfMonth, queryItems, type Store } from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
import { type ReplayOptions, type ReplayResult, replayAsOf, replayResult } from '../../src/cli/replay'
import { localSmsSender } from '../../src/intake/local-sender'
import type { IntakeDeps } from '../../src/intake/usecases'
import { createVault } from '../../src/intake/vault'
import { type JobDeps, type JobSummary, runDaily, runMonthly } from '../../src/jobs/jobs'
import { createLogger } from '../../src/logger'
import { noMetrics } from '../../src/metrics'
import { emptyReport, type ImportReport, importLines } from '../../src/operations/ingest'

/** The month's lines imported into a fresh embedded engine (in memory) as replay did, then `use` on it. */
export async function withImported<T>(
  options: Omit<ReplayOptions, 'onProgress'>,
  use: (imported: { store: Store; report: ImportReport; deps: JobDeps }) => Promise<T>,
): Promise<T> {
  const terms = fixedTerms(options.terms ?? jiyuan2026)
  const calendar = options.calendar ?? createCalendar()
  const asOf = replayAsOf(MonthSchema.parse(options.month))
  const now = () => new Date(asOf)
  const local = await startLocalStore()
  try {
    const intake: IntakeDeps = {
      store: local.store,
      calendar,
      terms,
      now,
      vault: createVault({ masterKey: 'hotline-replay-in-memory-store-only' }),
      sms: localSmsSender,
      logger: createLogger({ silent: true }),
      metrics: noMetrics,
      trackingCode: () => 'REPLAY',
    }
    const principal = { sub: 'replay', username: 'replay', roles: ['agency_reviewer' as const] }
    // One line at a time, in file order: the store's first write wins, the same on every run.
    const report = await importLines(
      intake,
      options.lines,
      { source: 'replay', principal, concurrency: 1 },
      emptyReport(),
    )
    return await use({ store: local.store, report, deps: { store: local.store, terms, calendar, now } })
  } finally {
    await local.close()
  }
}

/** Replays `options.lines` through import + jobs on the embedded engine (in memory, nothing on disk). */
export async function replayThroughStore(options: Omit<ReplayOptions, 'onProgress'>): Promise<ReplayResult> {
  const month = MonthSchema.parse(options.month)
  const asOf = replayAsOf(month)
  return withImported(options, async ({ store, report, deps }) => {
    const jobs: JobSummary[] = []
    for (const date of datesOfMonth(month)) jobs.push(await runDaily(deps, date, 'replay'))
    jobs.push(await runMonthly(deps, month, asOf, 'replay'))
    const drafts = (await deductionsOfMonth(store, month)).filter((d) => d.status === 'draft')
    return replayResult({
      month,
      termsVersion: termsVersionOf(deps.terms.at(`${month}-01`)),
      asOf,
      report,
      jobs,
      results: await kpiResultsOfMonth(store, month),
      deductions: drafts.map((d) => {
        const formula = d.draft.formula as { zh?: unknown; en?: unknown } | null | undefined
        return {
          id: d.deductionId,
          kpi: d.kpi,
          period: d.period,
          subject: d.subject,
          amountFen: d.amountFen,
          clause: typeof d.draft.clause === 'string' ? d.draft.clause : '',
          formula: {
            zh: typeof formula?.zh === 'string' ? formula.zh : '',
            en: typeof formula?.en === 'string' ? formula.en : '',
          },
        }
      }),
    })
  })
}

/** The episode index the import filed for `days`: partition → sort key → (ticket, kind). */
export async function storedEpisodeIndex(
  store: Store,
  days: readonly string[],
): Promise<Map<string, Map<string, { ticketId: string; kind: string }>>> {
  const index = new Map<string, Map<string, { ticketId: string; kind: string }>>()
  for (const day of days) {
    const pk = keys.episode(day, 'x').pk
    for await (const item of queryItems(store, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    })) {
      const entries = index.get(pk) ?? new Map<string, { ticketId: string; kind: string }>()
      entries.set(String(item.sk), { ticketId: String(item.ticketId), kind: String(item.kind) })
      index.set(pk, entries)
    }
  }
  return index
}
