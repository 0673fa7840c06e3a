/**
 * `GET /api/v1/kpis/summary?month=` through the HTTP app on the embedded engine (issue 13): what
 * the dashboard draws — every result without a subject as its figure, per-subject results counted
 * per KPI and period, the terms versions — with no evidence; its numbers are those the domain's
 * `summarizeKpis` makes of the full results `GET /kpis` returns; a month with every KPI on every
 * day stays far under 100 KB whatever the number of subjects; staff may read it, others not.
 */
import {
  type Fraction,
  type KpiId,
  type KpiResult,
  KpiSummary,
  type Role,
  summarizeKpis,
  type Target,
} from '@hotline/domain'
import { putKpiResults } from '@hotline/store'
import { describe, expect, it } from 'vitest'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-12-01T02:00:00.000Z')
const { send } = http

const VERSION = 'jiyuan-2026@2026.1'
const META = { computedAt: '2026-11-01T16:00:00.000Z', jobRunId: 'test-run' }
const min = (bp: number): Target => ({ kind: 'min', bp })

const result = (
  r: Partial<KpiResult> & Pick<KpiResult, 'kpi' | 'period'>,
  ids: string[] = [],
  figures: KpiResult['evidence']['figures'] = {},
): KpiResult => ({
  subject: null,
  value: null,
  target: null,
  met: null,
  evidence: { ids, figures },
  termsVersion: VERSION,
  ...r,
})

const rate = (kpi: KpiId, period: string, value: Fraction, bp: number, met: boolean | null) =>
  result({ kpi, period, value, target: min(bp), met }, [`${kpi}-evidence-${period}`], { offered: value.den })

const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}`

/**
 * October 2026 with every kind of result the jobs write: the three daily rates on every day (one
 * breach day each), their roll-ups, satisfaction and turnover, a weekly check, `subjects` late and
 * `subjects` on-time transfers a day (the first day's late ones breaches), agents' workloads, a
 * verified complaint and a late emergency ticket (a breach, but no incident).
 */
function october(subjects: number): KpiResult[] {
  const out: KpiResult[] = []
  for (let d = 1; d <= 31; d++) {
    const date = day(d)
    out.push(
      rate('answer_15s', date, { num: d === 9 ? 80 : 95, den: 100 }, 9000, d !== 9),
      rate('connection', date, { num: d === 10 ? 90 : 99, den: 100 }, 9500, d !== 10),
      rate('publish_accuracy', date, { num: d === 12 ? 2 : 3, den: 3 }, 10_000, d !== 12),
    )
    for (let s = 0; s < subjects; s++) {
      const ticket = `JY${date.replaceAll('-', '')}-${String(s).padStart(6, '0')}`
      out.push(
        result({ kpi: 'service_error.transfer', period: date, subject: ticket, met: d !== 3 }, [ticket], {
          due: `${date}T08:00:00.000Z`,
          lateMinutes: d === 3 ? 30 : 0,
        }),
        result(
          { kpi: 'agent_workload', period: date, subject: `A${s}`, value: { num: 20, den: 1 }, met: false },
          [`A${s}`],
          { calls: 20 },
        ),
      )
    }
  }
  out.push(
    rate('answer_15s', '2026-10', { num: 2935, den: 3100 }, 9000, null),
    rate('connection', '2026-10', { num: 3060, den: 3100 }, 9500, null),
    rate('satisfaction', '2026-10', { num: 18_999, den: 20_000 }, 9500, false),
    result({
      kpi: 'turnover',
      period: '2026-10',
      value: { num: 1, den: 10 },
      target: { kind: 'max', bp: 2000 },
      met: true,
    }),
    result({
      kpi: 'safety_check',
      period: '2026-W43',
      value: { num: 0, den: 1 },
      target: { kind: 'minCount', count: 1 },
      met: false,
    }),
    result({ kpi: 'complaint', period: day(15), subject: 'INC202610-01', met: false }, ['INC202610-01'], {
      type: 'complaint',
      at: '2026-10-15T02:00:00.000Z',
    }),
    result({ kpi: 'emergency_report', period: day(20), subject: 'JY20261020-000001', met: false }, [], {
      due: '2026-10-20T02:30:00.000Z',
      lateMinutes: 12,
    }),
  )
  return out
}

const summaryOf = async (month: string, role: Role = 'agency_viewer') => {
  const res = await send('GET', `/api/v1/kpis/summary?month=${month}`, role)
  expect(res.status).toBe(200)
  const text = await res.text()
  return { text, bytes: Buffer.byteLength(text), summary: KpiSummary.parse(JSON.parse(text)) }
}

describe('GET /kpis/summary', () => {
  it("gives the figures and per-subject counts the domain makes of the month's full results, without evidence", async () => {
    await putKpiResults(http.local.store, october(3), META)
    const { text, summary } = await summaryOf('2026-10')
    const full = await json(await send('GET', '/api/v1/kpis?month=2026-10', 'agency_viewer'))

    // The same numbers as the summary of every stored result with its evidence.
    expect(summary).toEqual(summarizeKpis('2026-10', full.results))
    expect(summary.termsVersions).toEqual([VERSION])
    // No evidence ids or figures: nothing the dashboard does not draw.
    expect(text).not.toContain('evidence')
    expect(text).not.toContain('-evidence-')
    expect(text).not.toContain('lateMinutes')

    const figure = (kpi: string, period: string) =>
      summary.figures.find((f) => f.kpi === kpi && f.period === period)
    expect(figure('answer_15s', '2026-10-09')).toEqual({
      kpi: 'answer_15s',
      period: '2026-10-09',
      value: { num: 80, den: 100 },
      target: min(9000),
      met: false,
    })
    expect(figure('satisfaction', '2026-10')?.value).toEqual({ num: 18_999, den: 20_000 })
    expect(figure('safety_check', '2026-W43')?.met).toBe(false)
    // 3 dailies × 31 days, 2 roll-ups, satisfaction, turnover, the weekly check.
    expect(summary.figures).toHaveLength(3 * 31 + 5)

    const countOf = (kpi: string, period: string) =>
      summary.subjects.find((c) => c.kpi === kpi && c.period === period)
    expect(countOf('service_error.transfer', day(3))).toEqual({
      kpi: 'service_error.transfer',
      period: day(3),
      results: 3,
      breaches: 3,
      incidents: 0,
    })
    expect(countOf('service_error.transfer', day(4))).toMatchObject({ results: 3, breaches: 0 })
    expect(countOf('complaint', day(15))).toMatchObject({ results: 1, breaches: 1, incidents: 1 })
    // A late emergency ticket is a breach, not a verified incident.
    expect(countOf('emergency_report', day(20))).toMatchObject({ results: 1, breaches: 1, incidents: 0 })
    // One count per (kpi, period): transfers and workloads on 31 days, the complaint, the emergency.
    expect(summary.subjects).toHaveLength(2 * 31 + 2)
  })

  it('stays far under 100 KB for a month with every KPI every day, however many subjects it has', async () => {
    await putKpiResults(http.local.store, october(20), META)
    const { bytes, summary } = await summaryOf('2026-10')
    const full = await send('GET', '/api/v1/kpis?month=2026-10', 'agency_viewer')
    const fullBytes = Buffer.byteLength(await full.text())

    expect(bytes).toBeLessThanOrEqual(100 * 1024)
    expect(count(summary, 'service_error.transfer')).toBe(20 * 31)
    // Twenty subjects a day: the full results grow with them, the summary does not.
    expect(fullBytes).toBeGreaterThan(10 * bytes)
    expect(summary.subjects).toHaveLength(2 * 31 + 2)
  })

  it('is an empty summary for a month without results, and refuses a month that is not one', async () => {
    const { summary } = await summaryOf('2026-09')
    expect(summary).toEqual({ month: '2026-09', termsVersions: [], figures: [], subjects: [] })
    const res = await send('GET', '/api/v1/kpis/summary?month=2026-13', 'agency_viewer')
    expect(res.status).toBe(400)
    expect((await json(res)).error.code).toBe('validation_failed')
  })

  it('is for staff: reviewers, viewers and the contractor, not the integration client nor anonymous callers', async () => {
    const statuses: Partial<Record<Role | 'anonymous', number>> = {}
    for (const role of ['agency_reviewer', 'agency_viewer', 'contractor', 'integration'] as const)
      statuses[role] = (await send('GET', '/api/v1/kpis/summary?month=2026-10', role)).status
    statuses.anonymous = (await send('GET', '/api/v1/kpis/summary?month=2026-10', null)).status
    expect(statuses).toEqual({
      agency_reviewer: 200,
      agency_viewer: 200,
      contractor: 200,
      integration: 403,
      anonymous: 401,
    })
  })
})

/** The results of `kpi` the summary counted over the month. */
const count = (summary: KpiSummary, kpi: string) =>
  summary.subjects.filter((c) => c.kpi === kpi).reduce((sum, c) => sum + c.results, 0)
