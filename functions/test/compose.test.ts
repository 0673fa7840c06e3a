/**
 * Issue 12: every entry is built by one composition root, and the jobs Lambda uses the calendar and
 * the terms in force — a year loaded and a terms version saved through the API included — not the
 * built-in ones alone.
 */
import { createCalendar, fixedTerms, jiyuan2026 } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { scanAllItems } from '@hotline/store/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeCore } from '../src/compose'
import { createJobsHandler, jobsHandlerOf } from '../src/jobs/handler'
import { createLogger } from '../src/logger'
import { smsHandlerOf } from '../src/sns-handler'
import { recordingSender, testApp, testClock } from './support/app'
import { inboundSmsEvent, renewal2027 } from './support/events'
import { json, requestAs } from './support/http'

let local: LocalStore
let clock: ReturnType<typeof testClock>
let t: Awaited<ReturnType<typeof testApp>>

beforeEach(async () => {
  local = await startLocalStore()
  clock = testClock('2027-01-08T02:00:00.000Z')
  t = await testApp({ store: local.store, now: clock.now })
})
afterEach(async () => {
  await local.close()
})

/** A 2027 as an administrator would load it in Settings: 4–6 January off (a made-up notice). */
const YEAR_2027 = {
  year: 2027,
  source: '测试用通知（虚构）',
  holidays: [{ name: '测试假期', dates: ['2027-01-04', '2027-01-05', '2027-01-06'] }],
  adjustedWorkdays: [],
}

/** The jobs Lambda as deployed, built fresh (a cold start): its handler on the composition root, on this store. */
const jobsLambda = () =>
  jobsHandlerOf(
    composeCore({
      store: local.store,
      service: 'hotline-jobs',
      now: clock.now,
      logger: createLogger({ silent: true }),
    }),
  )

const run = async (handler: ReturnType<typeof createJobsHandler>, event: unknown) =>
  (await handler(event, {} as never)) as unknown as { job: string; breaches: number; period: string }[]

describe('the composition root', () => {
  it('gives the jobs Lambda the calendar year loaded through the API', async () => {
    const send = requestAs(t)
    const loaded = await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027)
    expect(loaded.status).toBe(200)
    // Received Monday 4 January 2027 (a day off as loaded), transferred Wednesday the 6th at noon:
    // one working day counted from the 7th, on time; on the built-in calendar (weekends only) late.
    const received = await send('POST', '/api/v1/tickets/CC20270104-0001/events', 'integration', {
      type: 'received',
      at: '2027-01-04T10:00:00+08:00',
      channel: 'phone',
      needsTransfer: true,
      content: '路灯不亮',
    })
    expect(received.status).toBe(201)
    const transferred = await send('POST', '/api/v1/tickets/CC20270104-0001/events', 'integration', {
      type: 'transferred',
      at: '2027-01-06T12:00:00+08:00',
      department: '城管局',
    })
    expect(transferred.status).toBe(200)

    const logger = createLogger({ silent: true })
    const transferResult = async () => {
      const { results } = await json(await send('GET', '/api/v1/kpis?month=2027-01', 'agency_reviewer'))
      return (results as { kpi: string; subject: string | null }[]).find(
        (r) => r.kpi === 'service_error.transfer' && r.subject === 'CC20270104-0001',
      )
    }

    // The jobs Lambda as deployed: its handler on the composition root, on this store.
    const entry = jobsHandlerOf(
      composeCore({ store: local.store, service: 'hotline-jobs', now: clock.now, logger }),
    )
    await run(entry, { job: 'daily', date: '2027-01-07' })
    expect(await transferResult()).toMatchObject({
      period: '2027-01-07',
      met: true,
      evidence: { figures: { due: '2027-01-07T16:00:00.000Z', doneBy: 'transferred' } },
    })
    expect(await transferResult()).not.toHaveProperty('provisional')

    // The wiring before the composition root (built-in years only) decided the same day without
    // the transfer: its deadline fell on a "weekday" already past, and nothing ever judged it.
    const builtIn = createJobsHandler(
      { store: local.store, terms: fixedTerms(jiyuan2026), calendar: createCalendar(), now: clock.now },
      logger,
    )
    await run(builtIn, { job: 'daily', date: '2027-01-07' })
    expect(await transferResult()).toBeUndefined()
  })

  it('gives the SMS Lambda the calendar year loaded through the API: a ticket by SMS gets its real deadline', async () => {
    const send = requestAs(t)
    expect((await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027)).status).toBe(200)
    clock.set('2027-01-04T02:00:00.000Z')
    const logger = createLogger({ silent: true })
    const core = composeCore({ store: local.store, service: 'hotline-sms', now: clock.now, logger })
    const entry = smsHandlerOf(core, { vault: t.deps.vault, sms: recordingSender() })
    const event = inboundSmsEvent('sns-1', '2027-01-04T02:00:00.000Z')
    await entry(event as never, {} as never)
    const [ticket] = (await scanAllItems(local)).filter((i) => i.sk === 'TICKET')
    // Received on the 4th, a day off as loaded: one working day counted from the 7th, not the 5th.
    expect(ticket).toMatchObject({ channel: 'sms', nextDue: '2027-01-07T16:00:00.000Z' })
    expect(ticket?.clocks).toEqual([expect.objectContaining({ kind: 'transfer', provisional: false })])
  })
})

const RENEWAL_2027 = renewal2027()

describe('the terms and calendar in force, from Settings, on the jobs Lambda', () => {
  const ticketOf = async (send: ReturnType<typeof requestAs>, id: string) =>
    (await json(await send('GET', `/api/v1/tickets/${id}`, 'agency_reviewer'))) as {
      nextDue: string | null
      clocks: { kind: string; due: string; provisional: boolean }[]
    }
  const receive = (send: ReturnType<typeof requestAs>, id: string, at: string) =>
    send('POST', `/api/v1/tickets/${id}/events`, 'integration', {
      type: 'received',
      at,
      channel: 'phone',
      needsTransfer: true,
      content: '路灯不亮',
    })

  it('a deadline counted into a year not loaded is provisional, and recounted when the year is loaded', async () => {
    const send = requestAs(t)
    clock.set('2026-12-31T02:00:00.000Z')
    expect((await receive(send, 'CC20261231-0001', '2026-12-31T10:00:00+08:00')).status).toBe(201)
    // On the built-in years 1 January 2027 is a plain Friday, not known to be a working day.
    expect(await ticketOf(send, 'CC20261231-0001')).toMatchObject({
      nextDue: '2027-01-01T16:00:00.000Z',
      clocks: [{ kind: 'transfer', provisional: true }],
    })

    const loaded = await json(
      await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027_FROM_NEW_YEAR),
    )
    expect(loaded).toMatchObject({ year: 2027, recounted: 1 })
    // 1–6 January off as loaded: due at the end of Thursday the 7th, and the nightly job of that day finds it.
    expect(await ticketOf(send, 'CC20261231-0001')).toMatchObject({
      nextDue: '2027-01-07T16:00:00.000Z',
      clocks: [{ kind: 'transfer', due: '2027-01-07T16:00:00.000Z', provisional: false }],
    })
    // Loading it again finds nothing provisional left.
    expect(
      await json(await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027_FROM_NEW_YEAR)),
    ).toMatchObject({ recounted: 0 })
  })

  it('runs a 2027 night through the Lambda entry under the loaded year and the saved terms version', async () => {
    const send = requestAs(t)
    clock.set('2026-12-20T02:00:00.000Z')
    expect(
      (await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027_FROM_NEW_YEAR)).status,
    ).toBe(200)
    const saved = await send('POST', '/api/v1/terms/versions', 'agency_reviewer', {
      from: '2027-01',
      terms: RENEWAL_2027,
    })
    expect(saved.status).toBe(201)
    expect(await json(saved)).toMatchObject({ version: 'jiyuan-2026@2027.1', from: '2027-01', saved: true })

    // Received on Monday 4 January 2027 (a day off as loaded) and never transferred: due the 7th.
    clock.set('2027-01-04T02:00:00.000Z')
    expect((await receive(send, 'CC20270104-0001', '2027-01-04T10:00:00+08:00')).status).toBe(201)

    // The jobs Lambda as deployed, built fresh (a cold start after the save): it reads both from the table.
    clock.set('2027-01-08T02:00:00.000Z')
    const entry = jobsLambda()
    await run(entry, { job: 'daily', date: '2027-01-07' })

    const { results } = await json(await send('GET', '/api/v1/kpis?month=2027-01', 'agency_reviewer'))
    expect(
      (results as { kpi: string; subject: string | null }[]).find(
        (r) => r.kpi === 'service_error.transfer' && r.subject === 'CC20270104-0001',
      ),
    ).toMatchObject({
      period: '2027-01-07',
      met: false,
      termsVersion: 'jiyuan-2026@2027.1',
      evidence: { figures: { due: '2027-01-07T16:00:00.000Z' } },
    })
    const { deductions } = await json(
      await send('GET', '/api/v1/deductions?month=2027-01', 'agency_reviewer'),
    )
    expect(deductions).toEqual([
      expect.objectContaining({
        deductionId: 'service_error.transfer:2027-01-07:CC20270104-0001',
        amountFen: 30_000,
        draft: expect.objectContaining({ termsVersion: 'jiyuan-2026@2027.1' }),
      }),
    ])
    const { runs } = await json(await send('GET', '/api/v1/jobs/runs?job=daily', 'agency_reviewer'))
    expect(runs[0]).toMatchObject({
      period: '2027-01-07',
      termsVersion: 'jiyuan-2026@2027.1',
      status: 'succeeded',
    })
    expect(runs[0].counts).toMatchObject({ provisional: 0 })
  })

  it('keeps a ticket received under the old terms to its promised deadline, charged under those terms', async () => {
    const send = requestAs(t)
    clock.set('2026-12-20T02:00:00.000Z')
    expect(
      (await send('PUT', '/api/v1/calendar/2027', 'agency_reviewer', YEAR_2027_FROM_NEW_YEAR)).status,
    ).toBe(200)
    expect(
      (
        await send('POST', '/api/v1/terms/versions', 'agency_reviewer', {
          from: '2027-01',
          terms: RENEWAL_2027,
        })
      ).status,
    ).toBe(201)
    clock.set('2026-12-31T02:00:00.000Z')
    expect((await receive(send, 'CC20261231-0001', '2026-12-31T10:00:00+08:00')).status).toBe(201)

    clock.set('2027-01-08T02:00:00.000Z')
    const entry = jobsLambda()
    await run(entry, { job: 'daily', date: '2027-01-07' })
    const { deductions } = await json(
      await send('GET', '/api/v1/deductions?month=2027-01', 'agency_reviewer'),
    )
    // Judged on the 7th under the 2027 run, but received in 2026: the 2026 terms, ¥200.
    expect(deductions).toEqual([
      expect.objectContaining({
        deductionId: 'service_error.transfer:2027-01-07:CC20261231-0001',
        amountFen: 20_000,
        draft: expect.objectContaining({ termsVersion: 'jiyuan-2026@2026.1' }),
      }),
    ])
  })
})

/** 2027 with New Year's Day through the 6th off (made up for the test: the notice's dates are its own). */
const YEAR_2027_FROM_NEW_YEAR = {
  year: 2027,
  source: '测试用通知（虚构）',
  holidays: [
    {
      name: '测试假期',
      dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05', '2027-01-06'],
    },
  ],
  adjustedWorkdays: [],
}
