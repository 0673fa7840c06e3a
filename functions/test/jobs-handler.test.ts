/**
 * The scheduled jobs' Lambda handler on the embedded engine: the schedules' `due` events catch up
 * missed days and finished months, an operator's `daily`/`monthly` events run that period, and a
 * malformed event is refused by field before anything runs.
 */
import { createCalendar, fixedTerms, jiyuan2026 } from '@hotline/domain'
import { listJobRuns, markCompleted } from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import type { Context } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createJobsHandler, JobsEventError } from '../src/jobs/handler'
import type { JobDeps } from '../src/jobs/jobs'
import { createLogger } from '../src/logger'
import { testClock } from './support/app'

let local: LocalStore
let clock: ReturnType<typeof testClock>
let deps: JobDeps

beforeEach(async () => {
  local = await startLocalStore()
  clock = testClock('2026-10-10T16:30:00.000Z') // 00:30 on 2026-10-11 in Beijing: the nightly schedule
  deps = { store: local.store, terms: fixedTerms(jiyuan2026), calendar: createCalendar(), now: clock.now }
})
afterEach(async () => {
  await local.close()
})

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'hotline-jobs',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:hotline-jobs',
  memoryLimitInMB: '1024',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/hotline-jobs',
  logStreamName: '2026/10/11/[$LATEST]abc',
  getRemainingTimeInMillis: () => 900_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
}

const fakeLogger = () => ({ error: vi.fn(), info: vi.fn() })

const allRuns = async () => [
  ...(await listJobRuns(local.store, 'daily')),
  ...(await listJobRuns(local.store, 'monthly')),
]

describe('the schedules’ due event', () => {
  it('runs the daily jobs missed since the last completed day and returns their summaries', async () => {
    // arrange
    await markCompleted(local.store, 'daily', '2026-10-07')
    await markCompleted(local.store, 'monthly', '2026-09')
    const logger = fakeLogger()
    // act
    const summaries = await createJobsHandler(deps, logger)({ job: 'due' }, context)
    // assert
    expect(summaries.map((s) => [s.job, s.period])).toEqual([
      ['daily', '2026-10-08'],
      ['daily', '2026-10-09'],
      ['daily', '2026-10-10'],
    ])
    const runs = await listJobRuns(local.store, 'daily')
    expect(runs.map((r) => [r.period, r.status, r.trigger]).sort()).toEqual([
      ['2026-10-08', 'succeeded', 'schedule'],
      ['2026-10-09', 'succeeded', 'schedule'],
      ['2026-10-10', 'succeeded', 'schedule'],
    ])
    // one line of figures per run
    expect(logger.info.mock.calls).toEqual(
      summaries.map((s) => [
        'job run',
        {
          jobRunId: s.jobRunId,
          job: 'daily',
          period: s.period,
          results: s.results,
          breaches: s.breaches,
          deductions: s.deductions,
          records: s.records,
        },
      ]),
    )
    expect(logger.error).not.toHaveBeenCalled()
  })

  it('runs the finished month on the monthly schedule’s event, after the last day of it', async () => {
    await markCompleted(local.store, 'daily', '2026-10-30')
    await markCompleted(local.store, 'monthly', '2026-09')
    clock.set('2026-10-31T17:00:00.000Z') // 01:00 on 2026-11-01 in Beijing

    const summaries = await createJobsHandler(deps, fakeLogger())({ job: 'due', reason: 'monthly' }, context)

    expect(summaries.map((s) => [s.job, s.period])).toEqual([
      ['daily', '2026-10-31'],
      ['monthly', '2026-10'],
    ])
  })

  it('runs nothing when nothing is due, and says so', async () => {
    await markCompleted(local.store, 'daily', '2026-10-10')
    await markCompleted(local.store, 'monthly', '2026-09')
    const logger = fakeLogger()

    expect(await createJobsHandler(deps, logger)({ job: 'due' }, context)).toEqual([])
    expect(logger.info.mock.calls).toEqual([['no job due', { job: 'due' }]])
  })
})

describe('an operator’s event', () => {
  it('runs the daily job of the given date, and only it', async () => {
    const summaries = await createJobsHandler(deps, fakeLogger())(
      { job: 'daily', date: '2026-10-05' },
      context,
    )

    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toMatchObject({ job: 'daily', period: '2026-10-05' })
    expect((await allRuns()).map((r) => [r.job, r.period, r.trigger])).toEqual([
      ['daily', '2026-10-05', 'manual'],
    ])
  })

  it('runs the monthly job of the given month', async () => {
    const summaries = await createJobsHandler(deps, fakeLogger())(
      { job: 'monthly', month: '2026-09' },
      context,
    )

    expect(summaries.map((s) => [s.job, s.period])).toEqual([['monthly', '2026-09']])
  })
})

describe('a malformed event', () => {
  it.each([
    ['a date that is no date', { job: 'daily', date: '2026-13-40' }, 'date'],
    ['a daily event without its date', { job: 'daily' }, 'date'],
    ['a month that is no month', { job: 'monthly', month: '2026-9' }, 'month'],
    ['an unknown job', { job: 'weekly' }, 'job'],
    ['a key the job does not take', { job: 'due', date: '2026-10-05' }, 'date'],
    ['a day not over yet', { job: 'daily', date: '2026-10-11' }, 'date'],
    ['a month not over yet', { job: 'monthly', month: '2026-10' }, 'month'],
    ['no object at all', 'due', '(event)'],
  ])('is refused with the field named, and runs nothing: %s', async (_, event, field) => {
    // arrange
    const logger = fakeLogger()
    const handler = createJobsHandler(deps, logger)
    // act
    const failure = await handler(event, context).then(
      () => null,
      (error: unknown) => error,
    )
    // assert
    expect(failure).toBeInstanceOf(JobsEventError)
    expect(failure).toMatchObject({ field, message: expect.stringContaining(field) })
    expect(logger.error).toHaveBeenCalledWith('jobs event rejected', { field, issue: expect.any(String) })
    expect(logger.info).not.toHaveBeenCalled()
    expect(await allRuns()).toEqual([])
  })
})

describe('logger', () => {
  it('takes the Powertools logger the real entry passes', async () => {
    await markCompleted(local.store, 'daily', '2026-10-10')
    await markCompleted(local.store, 'monthly', '2026-09')

    await expect(
      createJobsHandler(deps, createLogger({ silent: true }))({ job: 'due' }, context),
    ).resolves.toEqual([])
  })
})
