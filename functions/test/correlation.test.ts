/**
 * Correlation ids and the Lambda context on log lines: one id per HTTP request (API Gateway's, a
 * well-formed caller's `X-Request-Id`, or a fresh one) on every log line and every response; the
 * scheduler's execution id on a scheduled job run's lines and run records; the SNS message id on an
 * SMS's lines; `function_request_id` on the lines of a Lambda invocation.
 */
import { listJobRuns } from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import type { Context } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeCore } from '../src/compose'
import { requestIdOf } from '../src/correlation'
import { jobsHandlerOf } from '../src/jobs/handler'
import { createLogger } from '../src/logger'
import { smsHandlerOf } from '../src/sns-handler'
import { recordingSender, testApp, testClock } from './support/app'
import { inboundSmsEvent } from './support/events'
import { capturedLogs } from './support/logs'

let local: LocalStore
let logs: ReturnType<typeof capturedLogs>
const clock = testClock('2026-10-10T16:30:00.000Z') // 00:30 on 2026-10-11 in Beijing

beforeEach(async () => {
  local = await startLocalStore()
  logs = capturedLogs()
})
afterEach(async () => {
  logs.restore()
  await local.close()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A Lambda context as the runtime passes it; `awsRequestId` is what `function_request_id` shows. */
const lambdaContext = (functionName: string, awsRequestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws-cn:lambda:cn-northwest-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2026/10/11/[$LATEST]abc',
  getRemainingTimeInMillis: () => 900_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
})

const linesWith = (message: string) => logs.lines.filter((line) => line.message === message)

describe('an HTTP request’s id', () => {
  const app = async () => (await testApp({ store: local.store, now: clock.now, logger: createLogger() })).app

  it('is fresh when the caller sends none: on the response and on the request’s log line', async () => {
    const res = await (await app()).request('/api/v1/health')
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(UUID)
    expect(linesWith('request')).toEqual([
      expect.objectContaining({ route: '/api/v1/health', status: 200, correlation_id: id }),
    ])
  })

  it('is the caller’s X-Request-Id when well-formed, and a fresh one instead of a malformed one', async () => {
    const served = await app()
    const kept = await served.request('/api/v1/health', { headers: { 'X-Request-Id': 'support-case_42:7' } })
    expect(kept.headers.get('x-request-id')).toBe('support-case_42:7')
    for (const bad of ['a'.repeat(129), 'id with spaces', '<script>', 'ünïcode', '']) {
      const res = await served.request('/api/v1/health', { headers: { 'X-Request-Id': bad } })
      expect(res.headers.get('x-request-id'), bad).toMatch(UUID)
    }
  })

  it('is API Gateway’s request id on AWS, over any id the caller sends', async () => {
    const env = { event: { requestContext: { requestId: 'Jd5dFhYkMCAEJaA=' } } }
    const res = await (await app()).request(
      '/api/v1/health',
      { headers: { 'X-Request-Id': 'caller-chosen' } },
      env,
    )
    expect(res.headers.get('x-request-id')).toBe('Jd5dFhYkMCAEJaA=')
    expect(linesWith('request')[0]).toMatchObject({ correlation_id: 'Jd5dFhYkMCAEJaA=' })
  })

  it('is on problem responses too: 401, 404 and 400, each on its own request’s log line', async () => {
    const served = await app()
    const refused = [
      await served.request('/api/v1/tickets'),
      await served.request('/api/v1/no-such-route'),
      await served.request('/api/v1/submissions/web', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    ]
    expect(refused.map((r) => r.status)).toEqual([401, 404, 400])
    const ids = refused.map((r) => r.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(UUID)
    expect(new Set(ids).size).toBe(3)
    expect(linesWith('request').map((line) => [line.status, line.correlation_id])).toEqual([
      [401, ids[0]],
      [404, ids[1]],
      [400, ids[2]],
    ])
  })

  it('stays with its own request when requests overlap (the local server serves them concurrently)', async () => {
    const served = await app()
    const ids = Array.from({ length: 8 }, (_, i) => `overlap-${i}`)
    await Promise.all(ids.map((id) => served.request('/api/v1/health', { headers: { 'X-Request-Id': id } })))
    expect(
      linesWith('request')
        .map((line) => line.correlation_id)
        .sort(),
    ).toEqual(ids.sort())
  })

  it('is recorded on the run record of a manual job run (POST /api/v1/jobs/daily)', async () => {
    const t = await testApp({ store: local.store, now: clock.now, logger: createLogger() })
    const res = await t.app.request('/api/v1/jobs/daily', {
      method: 'POST',
      headers: {
        authorization: await t.bearer('agency_reviewer'),
        'content-type': 'application/json',
        'x-request-id': 'rerun-2026-10-09',
      },
      body: JSON.stringify({ date: '2026-10-09' }),
    })
    expect(res.status).toBe(200)
    expect(await listJobRuns(local.store, 'daily')).toEqual([
      expect.objectContaining({ period: '2026-10-09', trigger: 'manual', correlationId: 'rerun-2026-10-09' }),
    ])
  })
})

describe('requestIdOf', () => {
  it('prefers API Gateway’s id, then a well-formed header, then a fresh UUID', () => {
    expect(requestIdOf('gw', 'caller')).toBe('gw')
    expect(requestIdOf(undefined, 'caller')).toBe('caller')
    expect(requestIdOf(undefined, 'caller id')).toMatch(UUID)
    expect(requestIdOf(undefined, undefined)).toMatch(UUID)
  })
})

describe('a job run’s id (jobs Lambda)', () => {
  const entry = () =>
    jobsHandlerOf(
      composeCore({
        store: local.store,
        service: 'hotline-jobs',
        now: clock.now,
        logger: createLogger({ service: 'hotline-jobs' }),
      }),
    )

  it('is the scheduler’s execution id: on every line of the invocation and on each run record', async () => {
    // The scheduler's input as infra/src/jobs.ts builds it, the attribute replaced by an id.
    const summaries = await entry()(
      { job: 'due', executionId: 'd32c5kddcf5bb8c3' },
      lambdaContext('hotline-jobs', 'lambda-req-1'),
    )
    expect(summaries.length).toBeGreaterThan(0)
    const lines = linesWith('job run')
    expect(lines).toHaveLength(summaries.length)
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'hotline-jobs',
        correlation_id: 'd32c5kddcf5bb8c3',
        function_request_id: 'lambda-req-1',
        function_name: 'hotline-jobs',
      })
    }
    const runs = await listJobRuns(local.store, 'daily')
    expect(runs.length).toBe(summaries.filter((s) => s.job === 'daily').length)
    expect(new Set(runs.map((r) => r.correlationId))).toEqual(new Set(['d32c5kddcf5bb8c3']))
  })

  it('is the Lambda request id when an operator invokes the function', async () => {
    await entry()({ job: 'daily', date: '2026-10-09' }, lambdaContext('hotline-jobs', 'operator-req-2'))
    expect(linesWith('job run')).toEqual([
      expect.objectContaining({ correlation_id: 'operator-req-2', function_request_id: 'operator-req-2' }),
    ])
    expect((await listJobRuns(local.store, 'daily')).map((r) => r.correlationId)).toEqual(['operator-req-2'])
  })

  it('does not outlive its invocation: the next one’s lines carry only their own ids', async () => {
    const handler = entry()
    await handler({ job: 'daily', date: '2026-10-08' }, lambdaContext('hotline-jobs', 'first'))
    await handler({ job: 'daily', date: '2026-10-09' }, lambdaContext('hotline-jobs', 'second'))
    expect(linesWith('job run').map((l) => [l.period, l.correlation_id, l.function_request_id])).toEqual([
      ['2026-10-08', 'first', 'first'],
      ['2026-10-09', 'second', 'second'],
    ])
  })
})

describe('an SMS’s id (two-way SMS Lambda)', () => {
  it('is the SNS message id, with the Lambda context, on the line of the SMS received', async () => {
    const t = await testApp({ store: local.store, now: clock.now })
    const core = composeCore({
      store: local.store,
      service: 'hotline-sms',
      now: clock.now,
      logger: createLogger({ service: 'hotline-sms' }),
    })
    const entry = smsHandlerOf(core, { vault: t.deps.vault, sms: recordingSender() })
    const event = inboundSmsEvent('sns-95df01b4', clock.now().toISOString())
    await entry(event, lambdaContext('hotline-sms', 'sms-req-3'))
    expect(linesWith('inbound SMS received')).toEqual([
      expect.objectContaining({
        service: 'hotline-sms',
        correlation_id: 'sns-95df01b4',
        function_request_id: 'sms-req-3',
      }),
    ])
  })
})
