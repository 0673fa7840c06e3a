/**
 * What the jobs write, on the embedded engine: job runs and high-water marks (README row 17), KPI
 * results of a billing month (row 14) and agents' first duties (row 13). Results and first duties
 * are read past a 1 MB page (`queryItems`/`queryPartition` in `query.ts`).
 */
import type { KpiResult } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import {
  billingMonth,
  eachLimited,
  finishJobRun,
  firstDutiesOfMonth,
  keys,
  kpiResultId,
  kpiResultsOfMonth,
  lastCompletedPeriod,
  listJobRuns,
  markCompleted,
  pruneKpiResults,
  putKpiResults,
  recordFirstDuty,
  startJobRun,
} from '../../src'
import { expectOnlyKnownKeys, FOUR_KB, storedItem, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const meta = { computedAt: '2026-11-01T00:00:00.000Z', jobRunId: 'run-1' }

const result = (
  kpi: KpiResult['kpi'],
  period: string,
  subject: string | null = null,
  note = 'x',
): KpiResult => ({
  kpi,
  period,
  subject,
  value: { num: 9, den: 10 },
  target: { kind: 'min', bp: 9000 },
  met: true,
  evidence: { ids: [], figures: { note } },
  termsVersion: 'jiyuan-2026',
})

describe('job runs', () => {
  it("lists a job's runs newest first, no other job's, and finishes one", async () => {
    const run = (period: string, startedAt: string) =>
      startJobRun(store(), {
        jobRunId: `daily-${period}`,
        job: 'daily',
        period,
        termsVersion: 't',
        trigger: 'schedule',
        startedAt,
      })
    const first = await run('2026-10-08', '2026-10-08T18:00:00.000Z')
    await run('2026-10-09', '2026-10-09T18:00:00.000Z')
    await startJobRun(store(), {
      jobRunId: 'm',
      job: 'monthly',
      period: '2026-10',
      termsVersion: 't',
      trigger: 'api',
      startedAt: '2026-11-01T00:00:00.000Z',
    })
    const finished = await finishJobRun(store(), first, {
      endedAt: '2026-10-08T18:01:00.000Z',
      status: 'succeeded',
      counts: { tickets: 3 },
    })
    expect(finished).toMatchObject({ status: 'succeeded', counts: { tickets: 3 }, error: null })
    expect((await listJobRuns(store(), 'daily')).map((r) => [r.period, r.status])).toEqual([
      ['2026-10-09', 'running'],
      ['2026-10-08', 'succeeded'],
    ])
    expect((await listJobRuns(store(), 'daily', 1)).map((r) => r.period)).toEqual(['2026-10-09'])
    expect(
      await storedItem(local(), keys.jobRun('daily', '2026-10-08', '2026-10-08T18:00:00.000Z')),
    ).toBeDefined()
  })

  it('moves the high-water mark forward only, even when racing', async () => {
    expect(await lastCompletedPeriod(store(), 'daily')).toBeNull()
    await Promise.all(
      ['2026-10-07', '2026-10-09', '2026-10-08'].map((p) => markCompleted(store(), 'daily', p)),
    )
    await markCompleted(store(), 'daily', '2026-10-01')
    expect(await lastCompletedPeriod(store(), 'daily')).toBe('2026-10-09')
    expect(await lastCompletedPeriod(store(), 'monthly')).toBeNull()
  })
})

describe('KPI results', () => {
  it('files each result under its billing month, read by KPI prefix, rewritten in place', async () => {
    expect(['2026-10-09', '2026-10', '2026-W40', '2026'].map(billingMonth)).toEqual([
      '2026-10',
      '2026-10',
      '2026-10',
      '2026-12',
    ])
    await putKpiResults(
      store(),
      [
        result('connection', '2026-10-09'),
        result('satisfaction', '2026-10'),
        result('connection', '2026-11-01'),
      ],
      meta,
    )
    await putKpiResults(store(), [result('connection', '2026-10-09', null, 'again')], {
      ...meta,
      jobRunId: 'run-2',
    })
    const october = await kpiResultsOfMonth(store(), '2026-10')
    expect(october.map(kpiResultId)).toEqual(['connection|2026-10-09', 'satisfaction|2026-10'])
    expect(october[0]).toMatchObject({ jobRunId: 'run-2', evidence: { figures: { note: 'again' } } })
    expect((await kpiResultsOfMonth(store(), '2026-10', 'satisfaction')).map((r) => r.period)).toEqual([
      '2026-10',
    ])
    expect(await storedItem(local(), keys.kpiResult('2026-10', 'connection|2026-10-09'))).toBeDefined()
  })

  it('reads and prunes a scope past a 1 MB page: only what the re-run no longer produced goes', async () => {
    // 300 per-agent results of ~4 KB for one day: more than one page of the month's partition.
    const agents = Array.from({ length: 300 }, (_, i) => `agent-${String(i).padStart(3, '0')}`)
    const results = agents.map((a) => result('agent_workload', '2026-12-01', a, FOUR_KB))
    await putKpiResults(store(), results, meta)
    expect((await kpiResultsOfMonth(store(), '2026-12', 'agent_workload')).map((r) => r.subject)).toEqual(
      agents,
    )
    const keep = results.filter((_, i) => i % 2 === 0)
    expect(await pruneKpiResults(store(), keep, [{ kpi: 'agent_workload', period: '2026-12-01' }])).toBe(150)
    expect((await kpiResultsOfMonth(store(), '2026-12', 'agent_workload')).map((r) => r.subject)).toEqual(
      keep.map((r) => r.subject),
    )
  })
})

describe("agents' first duties", () => {
  it('keeps the earliest duty even when racing, filed under its month', async () => {
    const wins = await Promise.all(
      ['2026-10-12T01:00:00.000Z', '2026-10-10T01:00:00.000Z', '2026-10-11T01:00:00.000Z'].map((at) =>
        recordFirstDuty(store(), 'a-1', at),
      ),
    )
    expect(wins).toContain(true)
    expect(await recordFirstDuty(store(), 'a-1', '2026-10-20T01:00:00.000Z')).toBe(false)
    // An earlier duty in the month before moves the agent there; the stale pointer is ignored.
    expect(await recordFirstDuty(store(), 'a-1', '2026-09-30T01:00:00.000Z')).toBe(true)
    await recordFirstDuty(store(), 'a-2', '2026-10-15T01:00:00.000Z')
    expect(Object.fromEntries(await firstDutiesOfMonth(store(), '2026-10'))).toEqual({
      'a-2': '2026-10-15T01:00:00.000Z',
    })
    expect(Object.fromEntries(await firstDutiesOfMonth(store(), '2026-09'))).toEqual({
      'a-1': '2026-09-30T01:00:00.000Z',
    })
    expect(await storedItem(local(), keys.agentFirstDuty('a-1'))).toMatchObject({
      firstDutyAt: '2026-09-30T01:00:00.000Z',
    })
  })

  it("lists a month's 250 new agents, more than one BatchGet of 100", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `new-${String(i).padStart(3, '0')}`)
    await eachLimited(ids, async (id) => {
      expect(await recordFirstDuty(store(), id, '2027-02-01T01:00:00.000Z')).toBe(true)
    })
    expect([...(await firstDutiesOfMonth(store(), '2027-02')).keys()].sort()).toEqual(ids)
    await expectOnlyKnownKeys(local())
  })
})
