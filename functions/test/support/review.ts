/**
 * A reviewed month for the decision and month-close tests: the test app on a fresh embedded store
 * with October 2026's jobs run over a few records — on 2026-10-09 answer_15s (¥200) and
 * publish_accuracy (¥6,600), and the monthly job's eleven ¥0 breaches — and a JSON caller; and
 * that day's records, which the review and statement tests draft from as well.
 */
import type { Role } from '@hotline/domain'
import type { Store } from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
import { expect } from 'vitest'
import { testApp, testClock } from './app'
import { requestAs, type Send } from './http'

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
    const res = await requestAs(t)(method, `/api/v1${path}`, role, body)
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

  /** A bulk decision over `ids`, each at `version`, confirming their count and `expectedTotalFen`. */
  const bulk = (decision: string, ids: readonly string[], expectedTotalFen: number, version = 1) =>
    send('POST', `/deductions/${MONTH}/bulk-decision`, 'agency_reviewer', {
      decision,
      items: ids.map((deductionId) => ({ deductionId, expectedVersion: version })),
      expectedCount: ids.length,
      expectedTotalFen,
    })

  /** Adds a publication of 2026-10-09 and runs that day's job again (late data). */
  async function latePublication(publicationId: string, accurate: boolean) {
    const publication = { publicationId, at: '2026-10-09T18:00:00+08:00', channel: 'sms', accurate }
    await expectStatus(200, 'POST', '/publications', 'contractor', publication)
    return expectStatus(200, 'POST', '/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })
  }

  await recordOctober9(requestAs(t))
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
    bulk,
    latePublication,
    close: () => local.close(),
  }
}

/** Expects `res` refused with `status` and an error like `error` (its code, its Chinese words…). */
export function expectError(res: { status: number; body: Body }, status: number, error: object) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body.error).toMatchObject(error)
}

/**
 * Records 2026-10-09 through `send`, each batch accepted: twenty calls from 09:00, one a minute,
 * answered after 10 s but the last three after 40 s (the first `unanswered` never answered, so
 * without an agent), and three website publications at noon, the third inaccurate.
 */
export async function recordOctober9(send: Send, unanswered = 0) {
  const calls = Array.from({ length: 20 }, (_, i) => {
    const minute = `2026-10-09T09:${String(i).padStart(2, '0')}`
    const answered = i >= unanswered
    return {
      callId: `C${i}`,
      enqueuedAt: `${minute}:00+08:00`,
      answeredAt: answered ? `${minute}:${i < 17 ? '10' : '40'}+08:00` : null,
      endedAt: `${minute}:50+08:00`,
      agentId: answered ? 'A1' : null,
    }
  })
  expect((await send('POST', '/api/v1/calls', 'integration', { records: calls })).status).toBe(200)
  for (const [i, accurate] of [true, true, false].entries()) {
    const publication = {
      publicationId: `P${i}`,
      at: '2026-10-09T12:00:00+08:00',
      channel: 'website',
      accurate,
    }
    expect((await send('POST', '/api/v1/publications', 'contractor', publication)).status).toBe(200)
  }
}

/** Decides every draft of the month: the ¥0 ones acknowledged in bulk, answer_15s approved, publish_accuracy adjusted to ¥2,000. */
export async function decideAll(m: ReviewedMonth) {
  const recorded = await m.bulk('acknowledged', ZERO_IDS, 0)
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200)
  expect((await m.decide(ANSWER, { decision: 'approved', expectedVersion: 1 })).status).toBe(200)
  const adjusted = await m.decide(PUBLISH, {
    decision: 'adjusted',
    amountFen: 200_000,
    reason: '一条为转载',
    expectedVersion: 1,
  })
  expect(adjusted.status).toBe(200)
}
