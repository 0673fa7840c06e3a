/**
 * The daily and monthly jobs on the embedded engine (SPEC §5, §6): results per (kpi, period,
 * subject), drafts, re-runs that change nothing, late data that revises or withdraws a draft, a
 * decided deduction superseded rather than changed, recorded runs, and catching up missed days.
 */
import { createCalendar, fixedTerms, jiyuan2026 } from '@hotline/domain'
import {
  decideDeduction,
  deductionsOfMonth,
  getDeduction,
  kpiResultsOfMonth,
  lastCompletedPeriod,
  listJobRuns,
  markCompleted,
  reviseRecord,
} from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { localSmsSender } from '../src/intake/local-sender'
import { createVault } from '../src/intake/vault'
import { type JobDeps, runDaily, runDue, runMonthly } from '../src/jobs/jobs'
import { createLogger } from '../src/logger'
import { noMetrics } from '../src/metrics'
import { importLines } from '../src/operations/ingest'
import { testClock } from './support/app'

let local: LocalStore
let clock: ReturnType<typeof testClock>
let deps: JobDeps

beforeEach(async () => {
  local = await startLocalStore()
  clock = testClock('2026-10-10T16:30:00.000Z')
  deps = { store: local.store, terms: fixedTerms(jiyuan2026), calendar: createCalendar(), now: clock.now }
})
afterEach(async () => {
  await local.close()
})

const principal = { sub: 'test', username: 'importer', roles: ['agency_reviewer' as const] }

/** A reviewer finds incident `id` (of October) not to be one. */
const unverify = (id: string) =>
  reviseRecord(
    local.store,
    { kind: 'incident', period: '2026-10', id },
    {
      field: 'verified',
      from: true,
      to: false,
      by: 'reviewer',
      at: clock.now().toISOString(),
      reason: '复核不属实',
    },
  )

async function load(records: object[]) {
  const intake = {
    store: local.store,
    calendar: deps.calendar,
    terms: fixedTerms(jiyuan2026),
    now: clock.now,
    vault: createVault({ masterKey: 'jobs-test-master-key-0123456789abcdef' }),
    sms: localSmsSender,
    logger: createLogger({ silent: true }),
    metrics: noMetrics,
  }
  const report = await importLines(
    intake,
    records.map((r) => JSON.stringify(r)),
    { source: 'test', principal },
  )
  expect(report.failed).toBe(0)
}

/** `n` calls on 2026-10-09 answered after `waitSeconds` (null: abandoned). */
const calls = (prefix: string, n: number, waitSeconds: number | null) =>
  Array.from({ length: n }, (_, i) => {
    const enqueued = Date.parse('2026-10-09T01:00:00Z') + i * 60_000
    return {
      kind: 'call',
      callId: `${prefix}${i}`,
      enqueuedAt: new Date(enqueued).toISOString(),
      answeredAt: waitSeconds === null ? null : new Date(enqueued + waitSeconds * 1000).toISOString(),
      endedAt: new Date(enqueued + 200_000).toISOString(),
      agentId: waitSeconds === null ? null : 'A1',
    }
  })

const publications = (flags: boolean[]) =>
  flags.map((accurate, i) => ({
    kind: 'publication',
    publicationId: `P${i}`,
    at: '2026-10-09T12:00:00+08:00',
    channel: 'website',
    accurate,
  }))

describe('daily job (SPEC §5)', () => {
  it('computes the day, stores one result per (kpi, period, subject) and drafts the deductions', async () => {
    await load([...calls('C', 35, 10), ...calls('L', 5, 40), ...publications([true, true, false])])
    const summary = await runDaily(deps, '2026-10-09')
    expect(summary).toMatchObject({ job: 'daily', period: '2026-10-09', deductions: { created: 2 } })

    const results = await kpiResultsOfMonth(local.store, '2026-10')
    const byKpi = Object.fromEntries(results.map((r) => [`${r.kpi}|${r.subject ?? ''}`, r]))
    expect(byKpi['answer_15s|']).toMatchObject({ value: { num: 35, den: 40 }, met: false })
    expect(byKpi['connection|']).toMatchObject({ value: { num: 40, den: 40 }, met: true })
    expect(byKpi['agent_workload|A1']).toMatchObject({ value: { num: 40, den: 1 }, met: false })
    expect(byKpi['publish_accuracy|']).toMatchObject({ value: { num: 2, den: 3 }, met: false })

    const deductions = await deductionsOfMonth(local.store, '2026-10')
    expect(deductions.map((d) => [d.deductionId, d.status, d.amountFen])).toEqual([
      ['answer_15s:2026-10-09', 'draft', 20_000],
      ['publish_accuracy:2026-10-09', 'draft', 660_000],
    ])
  })

  it('changes nothing when run again on the same data', async () => {
    await load([...calls('C', 35, 10), ...calls('L', 5, 40)])
    await runDaily(deps, '2026-10-09')
    const before = await deductionsOfMonth(local.store, '2026-10')
    const resultsBefore = await kpiResultsOfMonth(local.store, '2026-10')
    clock.advance(3_600_000)
    const again = await runDaily(deps, '2026-10-09')
    expect(again.deductions).toEqual({ unchanged: 1 })
    expect(await deductionsOfMonth(local.store, '2026-10')).toEqual(before)
    const strip = (rs: typeof resultsBefore) => rs.map(({ computedAt: _c, jobRunId: _j, ...r }) => r)
    expect(strip(await kpiResultsOfMonth(local.store, '2026-10'))).toEqual(strip(resultsBefore))
  })

  it('revises a draft in place when late data changes it, and withdraws it when the breach goes away', async () => {
    await load([...calls('C', 35, 10), ...calls('L', 5, 40)])
    await runDaily(deps, '2026-10-09')
    await load(calls('M', 1, null)) // a late abandon: 35/41, still a breach, same amount, new figures
    expect((await runDaily(deps, '2026-10-09')).deductions).toEqual({ revised: 1 })
    let draft = await getDeduction(local.store, '2026-10', 'answer_15s:2026-10-09')
    expect(draft).toMatchObject({
      status: 'draft',
      version: 2,
      revisions: [expect.objectContaining({ reason: 'recomputed with new data' })],
    })

    await load(calls('X', 60, 5)) // late calls answered at once: 95/101 ≥ 90 %
    expect((await runDaily(deps, '2026-10-09')).deductions).toEqual({ withdrawn: 1 })
    draft = await getDeduction(local.store, '2026-10', 'answer_15s:2026-10-09')
    expect(draft).toMatchObject({ status: 'withdrawn', version: 3 })
    expect(draft?.revisions.map((r) => r.previousStatus)).toEqual(['draft', 'draft'])
  })

  it("withdraws an incident's draft when the incident is no longer verified (a day's deduction, judged monthly)", async () => {
    await load([
      {
        kind: 'incident',
        incidentId: 'I1',
        type: 'complaint',
        at: '2026-10-09T10:00:00+08:00',
        verified: true,
      },
    ])
    await runMonthly(deps, '2026-10', '2026-11-01T00:00:00+08:00')
    expect(await getDeduction(local.store, '2026-10', 'complaint:2026-10-09:I1')).toMatchObject({
      status: 'draft',
      amountFen: 50_000,
    })
    await unverify('I1')
    // The month's ¥0 check and training records stay as they were; the complaint's draft is withdrawn.
    expect((await runMonthly(deps, '2026-10', '2026-11-01T00:00:00+08:00')).deductions).toMatchObject({
      withdrawn: 1,
    })
    expect(await getDeduction(local.store, '2026-10', 'complaint:2026-10-09:I1')).toMatchObject({
      status: 'withdrawn',
    })
  })

  it('keeps the daily job’s emergency tickets and the monthly job’s emergency incidents apart (§4.11): neither run withdraws the other’s', async () => {
    await load([
      // An emergency ticket reported 45 minutes after receipt: late (30), judged by the daily job.
      {
        kind: 'ticket_event',
        ticketId: 'T9',
        type: 'received',
        at: '2026-10-09T10:00:00+08:00',
        needsTransfer: true,
        emergency: true,
      },
      {
        kind: 'ticket_event',
        ticketId: 'T9',
        type: 'transferred',
        at: '2026-10-09T10:45:00+08:00',
        department: '应急局',
      },
      // A verified emergency incident the same day: judged by the monthly job.
      {
        kind: 'incident',
        incidentId: 'I9',
        type: 'emergency',
        at: '2026-10-09T15:00:00+08:00',
        verified: true,
      },
    ])
    const standing = async () =>
      (await deductionsOfMonth(local.store, '2026-10'))
        .filter((d) => d.kpi === 'emergency_report')
        .map((d) => [d.deductionId, d.status])
    const results = async () =>
      (await kpiResultsOfMonth(local.store, '2026-10', 'emergency_report')).map((r) => [r.subject, r.met])
    const both = [
      ['emergency_report:2026-10-09:I9', 'draft'],
      ['emergency_report:2026-10-09:T9', 'draft'],
    ]

    await runDaily(deps, '2026-10-09')
    expect(await standing()).toEqual([['emergency_report:2026-10-09:T9', 'draft']])
    await runMonthly(deps, '2026-10', '2026-11-01T00:00:00+08:00')
    expect(await standing()).toEqual(both)
    // The daily job run again leaves the incident's alone, and the monthly the ticket's.
    await runDaily(deps, '2026-10-09')
    await runMonthly(deps, '2026-10', '2026-11-01T00:00:00+08:00')
    expect(await standing()).toEqual(both)
    expect(await results()).toEqual([
      ['I9', false],
      ['T9', false],
    ])

    // An incident found not to be one: its draft is withdrawn and its result goes; the ticket's stay.
    await unverify('I9')
    await runMonthly(deps, '2026-10', '2026-11-01T00:00:00+08:00')
    expect(await standing()).toEqual([
      ['emergency_report:2026-10-09:I9', 'withdrawn'],
      ['emergency_report:2026-10-09:T9', 'draft'],
    ])
    expect(await results()).toEqual([['T9', false]])
  })

  it('never changes a decided deduction: late data creates a superseding draft linked to it', async () => {
    await load(publications([true, true, false]))
    await runDaily(deps, '2026-10-09')
    const approved = await decideDeduction(local.store, '2026-10', 'publish_accuracy:2026-10-09', {
      decision: 'approved',
      by: 'reviewer',
      at: clock.now().toISOString(),
      expectedVersion: 1,
    })
    expect(approved).toMatchObject({ status: 'approved', finalAmountFen: 660_000 })

    await load([
      {
        kind: 'publication',
        publicationId: 'P9',
        at: '2026-10-09T18:00:00+08:00',
        channel: 'sms',
        accurate: true,
      },
    ])
    expect((await runDaily(deps, '2026-10-09')).deductions).toEqual({ superseded: 1 })
    const original = await getDeduction(local.store, '2026-10', 'publish_accuracy:2026-10-09')
    const successor = await getDeduction(local.store, '2026-10', 'publish_accuracy:2026-10-09~2')
    expect(original).toMatchObject({
      status: 'approved',
      amountFen: 660_000,
      finalAmountFen: 660_000,
      supersededBy: 'publish_accuracy:2026-10-09~2',
    })
    // 3 of 4 accurate: 25 points below → ¥5,000.
    expect(successor).toMatchObject({
      status: 'draft',
      amountFen: 500_000,
      supersedes: 'publish_accuracy:2026-10-09',
    })

    expect((await runDaily(deps, '2026-10-09')).deductions).toEqual({ unchanged: 1 })
  })

  it('finds the §4.3 deadlines that expired on the day, across National Day', async () => {
    await load([
      {
        kind: 'ticket_event',
        ticketId: 'T1',
        type: 'received',
        at: '2026-09-30T16:00:00+08:00',
        needsTransfer: true,
      },
      {
        kind: 'ticket_event',
        ticketId: 'T1',
        type: 'transferred',
        at: '2026-10-09T09:00:00+08:00',
        department: '住建局',
      },
      {
        kind: 'ticket_event',
        ticketId: 'T2',
        type: 'received',
        at: '2026-09-30T10:00:00+08:00',
        needsTransfer: true,
      },
      {
        kind: 'ticket_event',
        ticketId: 'T2',
        type: 'transferred',
        at: '2026-10-08T20:00:00+08:00',
        department: '城管局',
      },
    ])
    await runDaily(deps, '2026-10-08')
    const results = await kpiResultsOfMonth(local.store, '2026-10', 'service_error.transfer')
    expect(results.map((r) => [r.subject, r.met])).toEqual([
      ['T1', false],
      ['T2', true],
    ])
    expect(
      (await deductionsOfMonth(local.store, '2026-10')).map((d) => [d.deductionId, d.amountFen]),
    ).toEqual([['service_error.transfer:2026-10-08:T1', 20_000]])
  })
})

describe('runs, catch-up and the monthly job', () => {
  it('records every run, and catches up the days missed since the last completed one', async () => {
    await markCompleted(local.store, 'daily', '2026-10-07')
    clock.set('2026-10-10T16:30:00.000Z') // 00:30 on 10-11 in Beijing
    const ran = await runDue(deps)
    expect(ran.filter((s) => s.job === 'daily').map((s) => s.period)).toEqual([
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ])
    expect(await lastCompletedPeriod(local.store, 'daily')).toBe('2026-10-10')
    const runs = await listJobRuns(local.store, 'daily')
    expect(runs[0]).toMatchObject({
      period: '2026-10-10',
      status: 'succeeded',
      termsVersion: 'jiyuan-2026@2026.1',
      trigger: 'schedule',
    })
    expect(await runDue(deps)).toEqual([])
  })

  it('rolls up the month from the daily results and computes the monthly KPIs', async () => {
    await load([
      ...calls('C', 35, 10),
      ...calls('L', 5, 40),
      ...Array.from({ length: 20 }, (_, i) => ({
        kind: 'rating',
        ticketId: `R${i}`,
        at: '2026-10-12T10:00:00+08:00',
        level: i < 18 ? 'satisfied' : 'dissatisfied',
      })),
    ])
    await runDaily(deps, '2026-10-09')
    clock.set('2026-10-31T17:00:00.000Z')
    const summary = await runMonthly(deps, '2026-10', clock.now().toISOString())
    expect(summary.job).toBe('monthly')
    const results = await kpiResultsOfMonth(local.store, '2026-10')
    expect(results.find((r) => r.kpi === 'answer_15s' && r.period === '2026-10')).toMatchObject({
      value: { num: 35, den: 40 },
      met: null,
      evidence: expect.objectContaining({ ids: ['2026-10-09'] }),
    })
    expect(results.find((r) => r.kpi === 'satisfaction')).toMatchObject({
      value: { num: 18, den: 20 },
      met: false,
    })
    const drafts = await deductionsOfMonth(local.store, '2026-10', 'satisfaction')
    // 90 % → 5 whole points below 95 % → ¥1,000.
    expect(drafts.map((d) => [d.deductionId, d.amountFen])).toEqual([['satisfaction:2026-10', 100_000]])
  })
})
