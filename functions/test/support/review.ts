/**
 * A reviewed month for the decision and month-close tests: the test app on a fresh embedded store
 * with October 2026's jobs run over a few records — on 2026-10-09 answer_15s (¥200) and
 * publish_accuracy (¥6,600), and the monthly job's eleven ¥0 breaches — and a JSON caller.
 */
import type { Role } from '@hotline/domain'
import type { Store } from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
import { expect } from 'vitest'
import { testApp, testClock } from './app'

export const MONTH = '2026-10'
export const ANSWER = 'answer_15s:2026-10-09'
export const PUBLISH = 'publish_accuracy:2026-10-09'
/** The eleven ¥0 drafts of the monthly job: no safety or cleaning check in any week, agent A1 untrained. */
export const ZERO_IDS = [
  ...['cleaning_check', 'safety_check'].flatMap((kpi) =>
    ['W40', 'W41', 'W42', 'W43', 'W44'].map((week) => `${kpi}:2026-${week}`),
  ),
  'training.onboarding:2026-10:A1',
]

// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response bodies
export type Body = any

export type ReviewedMonth = Awaited<ReturnType<typeof reviewedMonth>>

/** The app, with October's drafts in place; the clock at Monday 2026-11-02 10:00 Beijing time. */
export async function reviewedMonth(options: { wrap?: (store: Store) => Store } = {}) {
  const local = await startLocalStore()
  const clock = testClock('2026-11-02T02:00:00.000Z')
  const t = await testApp({ store: options.wrap?.(local.store) ?? local.store, now: clock.now })

  async function send(method: string, path: string, role: Role, body?: unknown) {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: await t.bearer(role) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as Body }
  }

  /** Sends and expects `status`, returning the body. */
  async function expectStatus(status: number, method: string, path: string, role: Role, body?: unknown) {
    const res = await send(method, path, role, body)
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    return res.body
  }

  const deduction = async (id: string) =>
    expectStatus(200, 'GET', `/deductions/${MONTH}/${encodeURIComponent(id)}`, 'agency_viewer')

  const decide = (id: string, body: object) =>
    send('POST', `/deductions/${MONTH}/${encodeURIComponent(id)}/decision`, 'agency_reviewer', body)

  /** Adds a publication of 2026-10-09 and runs that day's job again (late data). */
  async function latePublication(publicationId: string, accurate: boolean) {
    const publication = { publicationId, at: '2026-10-09T18:00:00+08:00', channel: 'sms', accurate }
    await expectStatus(200, 'POST', '/publications', 'contractor', publication)
    return expectStatus(200, 'POST', '/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })
  }

  const calls = Array.from({ length: 20 }, (_, i) => {
    const minute = `2026-10-09T09:${String(i).padStart(2, '0')}`
    return {
      callId: `C${i}`,
      enqueuedAt: `${minute}:00+08:00`,
      answeredAt: `${minute}:${i < 17 ? '10' : '40'}+08:00`,
      endedAt: `${minute}:50+08:00`,
      agentId: 'A1',
    }
  })
  await expectStatus(200, 'POST', '/calls', 'integration', { records: calls })
  for (const [i, accurate] of [true, true, false].entries()) {
    const publication = {
      publicationId: `P${i}`,
      at: '2026-10-09T12:00:00+08:00',
      channel: 'website',
      accurate,
    }
    await expectStatus(200, 'POST', '/publications', 'contractor', publication)
  }
  await expectStatus(200, 'POST', '/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })
  await expectStatus(200, 'POST', '/jobs/monthly', 'agency_reviewer', { month: MONTH })

  return {
    local,
    clock,
    t,
    send,
    expectStatus,
    deduction,
    decide,
    latePublication,
    close: () => local.close(),
  }
}

/** Decides every draft of the month: the ¥0 ones acknowledged in bulk, answer_15s approved, publish_accuracy adjusted to ¥2,000. */
export async function decideAll(m: ReviewedMonth) {
  const items = ZERO_IDS.map((deductionId) => ({ deductionId, expectedVersion: 1 }))
  await m.expectStatus(200, 'POST', `/deductions/${MONTH}/bulk-decision`, 'agency_reviewer', {
    decision: 'acknowledged',
    items,
    expectedCount: items.length,
    expectedTotalFen: 0,
  })
  expect((await m.decide(ANSWER, { decision: 'approved', expectedVersion: 1 })).status).toBe(200)
  const adjusted = await m.decide(PUBLISH, {
    decision: 'adjusted',
    amountFen: 200_000,
    reason: '一条为转载',
    expectedVersion: 1,
  })
  expect(adjusted.status).toBe(200)
}
