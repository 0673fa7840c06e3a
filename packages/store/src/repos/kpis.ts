/**
 * KPI results the jobs write (SPEC §5): one item per (kpi, period, subject), filed under the
 * billing month of its period, so a month's results — the monthly roll-up's input, the dashboard's
 * — are one Query. Writing the same result again changes nothing.
 */

import {
  datesOfIsoWeek,
  FigureSchema,
  inScope,
  type JobScope,
  type KpiResult,
  KpiResultRecord,
  monthOf,
} from '@hotline/domain'
import { z } from 'zod'
import { batchDelete, batchPut } from '../batch'
import type { Store } from '../client'
import { mapLimited } from '../concurrency'
import { type Key, keys, partitions } from '../keys'
import { queryItems, queryParsed, queryPartition } from '../query'

/** The month a period is billed in: a day's or week's month (the week's Thursday), a year's December. */
export function billingMonth(period: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return monthOf(period)
  if (/^\d{4}-\d{2}$/.test(period)) return period
  if (/^\d{4}-W\d{2}$/.test(period)) return monthOf(datesOfIsoWeek(period)[3] ?? period)
  if (/^\d{4}$/.test(period)) return `${period}-12`
  throw new RangeError(`not a period: ${period}`)
}

/** A result's id within its month: kpi, period and subject (subjects may hold `/`, never `#`). */
export const kpiResultId = (r: Pick<KpiResult, 'kpi' | 'period' | 'subject'>): string =>
  r.subject === null ? `${r.kpi}|${r.period}` : `${r.kpi}|${r.period}|${r.subject.replaceAll('#', '/')}`

export type StoredKpiResult = KpiResult & { computedAt: string; jobRunId: string }

/** Writes results (overwriting earlier computations of the same id: a job's output is its latest run's). */
export async function putKpiResults(
  store: Store,
  results: readonly KpiResult[],
  meta: { computedAt: string; jobRunId: string },
): Promise<void> {
  await batchPut(
    store,
    results.map((result) => ({
      ...keys.kpiResult(billingMonth(result.period), kpiResultId(result)),
      ...result,
      ...meta,
    })),
    WRITES_IN_FLIGHT,
  )
}

/** BatchWriteItem requests a job sends at once (results are put, stale ones deleted). */
const WRITES_IN_FLIGHT = 4

/** A billing month's KPI results, optionally of one KPI, in id order. */
export async function kpiResultsOfMonth(
  store: Store,
  month: string,
  kpi?: string,
): Promise<StoredKpiResult[]> {
  const results = await queryPartition(store, partitions.kpisOf(month), KpiResultRecord, {
    prefix: kpi ? `${kpi}|` : undefined,
  })
  return results as unknown as StoredKpiResult[]
}

/**
 * Removes the stored results of the evaluated scopes (`inScope`: a month's scope covers its days,
 * a scope naming its subjects only theirs) that a re-run no longer produced (an agent with no calls
 * after a correction, an episode whose deadline moved, an incident no longer verified): a job's
 * output for a scope is exactly its latest run's.
 */
export async function pruneKpiResults(
  store: Store,
  keep: readonly KpiResult[],
  scopes: readonly JobScope[],
): Promise<number> {
  const kept = new Set(keep.map(kpiResultId))
  const stale = await mapLimited(scopes, async (scope) => {
    const pk = partitions.kpisOf(billingMonth(scope.period))
    const keys: Key[] = []
    for await (const item of queryItems(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': `${scope.kpi}|${scope.period}` },
      ProjectionExpression: 'pk, sk, kpi, period, subject',
    })) {
      const result = {
        kpi: String(item.kpi),
        period: String(item.period),
        subject: (item.subject ?? null) as string | null,
      }
      if (inScope(scope, result) && !kept.has(String(item.sk))) keys.push({ pk, sk: String(item.sk) })
    }
    return keys
  })
  // Scopes may overlap (a month's and one of its days'): each stale result is deleted once.
  const unique = [...new Map(stale.flat().map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()]
  await batchDelete(store, unique, WRITES_IN_FLIGHT)
  return unique.length
}

/**
 * A projected result: every field but the evidence, of which only an incident's type. What
 * the dashboard's summary reads; a month's evidence (most of its megabytes) is neither sent nor parsed.
 */
const KpiFigureItem = KpiResultRecord.pick({
  kpi: true,
  period: true,
  subject: true,
  value: true,
  target: true,
  met: true,
  termsVersion: true,
}).extend({
  evidence: z.object({ figures: z.object({ type: FigureSchema.optional() }).optional() }).optional(),
})
export type KpiFigureItem = z.infer<typeof KpiFigureItem>

/**
 * A billing month's KPI results without their evidence (but an incident's type), in id order:
 * one Query with a ProjectionExpression, so the engine sends and the SDK unmarshals only those
 * attributes.
 */
export function kpiFiguresOfMonth(store: Store, month: string): Promise<KpiFigureItem[]> {
  return queryParsed(
    store,
    {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.kpisOf(month) },
      ProjectionExpression:
        '#kpi, #period, #subject, #value, #target, #met, #terms, #evidence.#figures.#type',
      ExpressionAttributeNames: {
        '#kpi': 'kpi',
        '#period': 'period',
        '#subject': 'subject',
        '#value': 'value',
        '#target': 'target',
        '#met': 'met',
        '#terms': 'termsVersion',
        '#evidence': 'evidence',
        '#figures': 'figures',
        '#type': 'type',
      },
    },
    KpiFigureItem,
  )
}
