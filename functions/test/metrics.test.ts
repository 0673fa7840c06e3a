/**
 * Issue 12: the figures an operator watches are emitted where they happen — tickets per channel,
 * duplicates, SMS sent/failed/withheld, job runs and drafts, decisions — and reach CloudWatch as
 * embedded metric format on AWS.
 */

import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { composeCore } from '../src/compose'
import { jobsHandlerOf } from '../src/jobs/handler'
import { createLogger } from '../src/logger'
import { powertoolsMetrics } from '../src/metrics'
import { recordingSender, testApp, testClock } from './support/app'
import { json, requestAs } from './support/http'
import { recordingMetrics } from './support/metrics'

let local: LocalStore | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await local?.close()
  local = undefined
})

const form = {
  phone: '13812345678',
  content: '小区门口路灯不亮已经三天了',
  category: 'request',
}

describe('metrics', () => {
  it('counts tickets per channel, duplicates suppressed and SMS sent, withheld or failed', async () => {
    local = await startLocalStore()
    const metrics = recordingMetrics()
    const sms = recordingSender()
    const t = await testApp({
      store: local.store,
      metrics,
      sms,
      now: testClock('2026-10-09T02:00:00.000Z').now,
    })
    const send = requestAs(t)
    const key = { 'idempotency-key': 'metrics-form-0001' }
    expect((await send('POST', '/api/v1/submissions/web', null, form, key)).status).toBe(201)
    expect((await send('POST', '/api/v1/submissions/web', null, form, key)).status).toBe(200)
    for (let i = 0; i < 3; i++)
      await send('POST', '/api/v1/submissions/web', null, { ...form, content: `第 ${i} 件事情` })
    expect(metrics.recorded.filter((m) => m.name === 'TicketsCreated')).toEqual(
      Array(4).fill({ name: 'TicketsCreated', value: 1, dimension: { name: 'channel', value: 'web' } }),
    )
    expect(metrics.total('DuplicatesSuppressed')).toBe(1)
    expect(metrics.total('SmsSent')).toBe(3)
    expect(metrics.total('SmsWithheld')).toBe(1)

    const failing = recordingMetrics()
    const t2 = await testApp({
      store: local.store,
      metrics: failing,
      sms: { kind: 'aws', send: async () => Promise.reject(new Error('throttled')) },
      now: testClock('2026-10-09T03:00:00.000Z').now,
    })
    await requestAs(t2)('POST', '/api/v1/submissions/web', null, { ...form, phone: '13900001111' })
    expect(failing.total('SmsFailed')).toBe(1)
  })

  it('counts decisions, and the jobs’ runs, duration and drafts', async () => {
    local = await startLocalStore()
    const metrics = recordingMetrics()
    const clock = testClock('2026-10-10T02:00:00.000Z')
    const core = composeCore({
      store: local.store,
      service: 'hotline-jobs',
      now: clock.now,
      logger: createLogger({ silent: true }),
      metrics,
    })
    const t = await testApp({ store: local.store, metrics, now: clock.now })
    const send = requestAs(t)
    // A publication that was inaccurate on 10-09: §4.7 drafts a deduction for the day.
    const imported = await send(
      'POST',
      '/api/v1/import',
      'integration',
      JSON.stringify({
        kind: 'publication',
        publicationId: 'PUB-1',
        at: '2026-10-09T10:00:00+08:00',
        channel: 'website',
        accurate: false,
      }),
      { 'content-type': 'application/x-ndjson' },
    )
    expect(imported.status).toBe(200)
    await jobsHandlerOf(core)({ job: 'daily', date: '2026-10-09' }, {} as never)
    expect(metrics.total('JobRunsCompleted')).toBe(1)
    expect(metrics.recorded.find((m) => m.name === 'JobRunDurationMs')?.value).toBeGreaterThanOrEqual(0)
    expect(metrics.total('DeductionsDrafted')).toBeGreaterThanOrEqual(1)

    const { deductions } = await json(
      await send('GET', '/api/v1/deductions?month=2026-10&status=draft', 'agency_reviewer'),
    )
    const draft = deductions[0]
    const decided = await send(
      'POST',
      `/api/v1/deductions/2026-10/${encodeURIComponent(draft.deductionId)}/decision`,
      'agency_reviewer',
      {
        decision: 'rejected',
        reason: '核实无误',
        expectedVersion: draft.version,
      },
    )
    expect(decided.status).toBe(200)
    expect(metrics.total('Decisions')).toBe(1)
  })

  it('writes embedded metric format in the Hotline namespace on AWS, once per flush, nothing when empty', () => {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    const metrics = powertoolsMetrics('hotline-api')
    metrics.flush()
    expect(lines.filter((l) => l.includes('_aws'))).toEqual([])
    metrics.count('SmsSent')
    metrics.count('TicketsCreated', 1, { name: 'channel', value: 'sms' })
    metrics.flush()
    const emf = lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l))
    expect(emf).toHaveLength(2)
    expect(emf.map((e) => e._aws.CloudWatchMetrics[0].Namespace)).toEqual(['Hotline', 'Hotline'])
    expect(emf.find((e) => 'TicketsCreated' in e)).toMatchObject({ channel: 'sms', service: 'hotline-api' })
    expect(emf.find((e) => 'SmsSent' in e)).toMatchObject({ SmsSent: 1, service: 'hotline-api' })
  })
})
