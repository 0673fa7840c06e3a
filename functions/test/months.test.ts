/**
 * Months and their close through the HTTP app (issue 10): the month the app opens on; closing a
 * month into a numbered 确认单 that freezes its decisions; reopening it with a reason; the
 * contractor's acknowledgement or objection within the window; late data after the close; a
 * half-done close completed by a retry and a change during a close undoing it.
 */
import { closeNumber, closePlan, jiyuan2026, termsVersionOf } from '@hotline/domain'
import {
  beginClose,
  decideDeduction,
  deductionsOfMonth,
  freezeDeduction,
  getMonth,
  reopenDeduction,
} from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
import { afterEach, describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import {
  ANSWER,
  decideAll,
  expectError,
  MONTH,
  PUBLISH,
  type ReviewedMonth,
  reviewedMonth,
} from './support/review'

let m: ReviewedMonth
afterEach(async () => {
  await m.close()
})

const closeOf = () => m.expectStatus(200, 'GET', `/months/${MONTH}/close`, 'contractor')
const close = (body: object = {}) => m.send('POST', `/months/${MONTH}/close`, 'agency_reviewer', body)
const reopenMonth = (body: object) => m.send('POST', `/months/${MONTH}/reopen`, 'agency_reviewer', body)
const months = () => m.expectStatus(200, 'GET', '/months', 'agency_viewer')

/** A month of `GET /months` with results, open, nothing decided: `pending` drafts of `pendingFen` in all. */
const openMonth = (month: string, pending: number, pendingFen: number) => ({
  month,
  hasResults: true,
  state: 'open',
  number: null,
  pending: { count: pending, amountFen: pendingFen },
  decided: { count: 0, amountFen: 0 },
})

/** Closes the month (everything decided), expecting success. */
async function closed() {
  const res = await close()
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

describe('GET /months', () => {
  it('opens on the oldest month with pending drafts, else the latest with results', async () => {
    m = await reviewedMonth()
    // November has results (a day's job) but nothing to review.
    await m.expectStatus(200, 'POST', '/jobs/daily', 'agency_reviewer', { date: '2026-11-01' })
    const before = await months()
    expect(before).toEqual({
      current: '2026-10',
      months: [openMonth('2026-11', 0, 0), openMonth('2026-10', 13, 680_000)],
    })
    await decideAll(m)
    const after = await months()
    expect(after.current).toBe('2026-11')
    expect(after.months[1]).toMatchObject({
      pending: { count: 0 },
      decided: { count: 13, amountFen: 220_000 },
    })
  })

  it('has no current month before any job ran', async () => {
    const empty = await startLocalStore()
    m = { close: () => empty.close() } as ReviewedMonth
    const t = await testApp({ store: empty.store })
    const res = await t.app.request('/api/v1/months', {
      headers: { authorization: await t.bearer('contractor') },
    })
    expect(await res.json()).toEqual({ current: null, months: [] })
  })
})

describe('closing a month', () => {
  it('is refused while drafts are pending, naming how many', async () => {
    m = await reviewedMonth()
    const refused = await close({ expectedVersion: 1 })
    expectError(refused, 409, {
      code: 'pending_drafts',
      message: expect.stringContaining('13 deductions'),
      messageZh: '本月还有 13 条扣款待审核，请全部审核后再确认',
    })
    expect(await closeOf()).toMatchObject({ state: 'open', number: null, snapshot: null, version: 1 })
  })

  it('is a 404 in both languages for a month no job wrote results for, and so is a deduction not there', async () => {
    m = await reviewedMonth()
    const missing = { code: 'not_found', message: 'no results for 2026-09', messageZh: '本月没有考核结果' }
    expectError(await m.send('POST', '/months/2026-09/close', 'agency_reviewer', {}), 404, missing)
    const reopen = { reason: '复核后重新确认', expectedVersion: 1 }
    expectError(await m.send('POST', '/months/2026-09/reopen', 'agency_reviewer', reopen), 404, missing)
    const answer = { expectedVersion: 1 }
    expectError(await m.send('POST', '/months/2026-09/close/acknowledge', 'contractor', answer), 404, missing)
    const decision = {
      decision: 'approved',
      by: 'reviewer',
      at: '2026-11-02T02:00:00.000Z',
      expectedVersion: 1,
    } as const
    await expect(
      decideDeduction(m.local.store, MONTH, 'answer_15s:2026-10-31', decision),
    ).rejects.toMatchObject({
      name: 'MissingItemError',
      code: 'not_found',
      message: 'no deduction answer_15s:2026-10-31 in 2026-10',
      messageZh: '没有这条扣款',
    })
  })

  it('closes into a numbered 确认单 that freezes the decisions; reopening with a reason unfreezes them', async () => {
    m = await reviewedMonth()
    await decideAll(m)
    expect((await close({ expectedVersion: 7 })).body.error).toMatchObject({ code: 'stale_version' })

    const sheet = await closed()
    expect(sheet).toMatchObject({
      month: MONTH,
      state: 'closed',
      number: 'KH-202610-01',
      closedAt: '2026-11-02T02:00:00.000Z',
      closedBy: 'reviewer',
      termsVersion: termsVersionOf(jiyuan2026),
      // Five working days after Monday 11-02: 11-09 24:00 Beijing time.
      objectionDue: '2026-11-09T16:00:00.000Z',
      contractor: { state: 'pending', by: null, at: null, text: null },
      lateRevisions: [],
    })
    expect(sheet.snapshot).toMatchObject({ totalFen: 220_000, count: 13, zeroCount: 11 })
    const rows = new Map(sheet.snapshot.deductions.map((d: { deductionId: string }) => [d.deductionId, d]))
    expect(rows.get(PUBLISH)).toMatchObject({
      kpi: 'publish_accuracy',
      status: 'adjusted',
      amountFen: 660_000,
      finalAmountFen: 200_000,
      reason: '一条为转载',
      decidedBy: 'reviewer',
      formula: { zh: expect.stringContaining('扣除6600元'), en: expect.any(String) },
    })
    const kpis = new Map(sheet.snapshot.kpis.map((k: { kpi: string }) => [k.kpi, k]))
    expect(kpis.get('answer_15s')).toMatchObject({
      period: MONTH,
      value: { num: 17, den: 20 },
      met: false,
      daysBelow: 1,
      daysMeasured: 1,
    })
    expect(kpis.get('safety_check')).toMatchObject({ met: false, daysBelow: null, daysMeasured: null })

    // Frozen: no decision, reopen or objection on the month's deductions.
    expect(await m.deduction(ANSWER)).toMatchObject({ frozenBy: 'KH-202610-01', status: 'approved' })
    const reopenDeduction = await m.send('POST', `/deductions/${MONTH}/${ANSWER}/reopen`, 'agency_reviewer', {
      reason: '需要重新审核',
      expectedVersion: 2,
    })
    expectError(reopenDeduction, 409, {
      code: 'month_closed',
      messageZh: '本月考核已确认，不能再修改；如需修改，请先撤销月度确认',
    })
    const decision = await m.decide(ANSWER, { decision: 'rejected', reason: '重新判断', expectedVersion: 2 })
    expect(decision.body.error).toMatchObject({ code: 'month_closed' })
    const objection = await m.send('POST', `/deductions/${MONTH}/${ANSWER}/objection`, 'contractor', {
      text: '对该扣款有异议',
    })
    expect(objection.body.error).toMatchObject({ code: 'month_closed' })
    expect((await close()).body.error).toMatchObject({ code: 'month_closed' })
    expect((await months()).months[0]).toMatchObject({
      state: 'closed',
      number: 'KH-202610-01',
      pending: { count: 0 },
      decided: { count: 13, amountFen: 220_000 },
    })

    // Reopening the month: a reason, the version seen; unfrozen, the 确认单 withdrawn.
    expect((await reopenMonth({ reason: '', expectedVersion: sheet.version })).status).toBe(400)
    expect((await reopenMonth({ reason: '补充材料', expectedVersion: 1 })).body.error).toMatchObject({
      code: 'stale_version',
    })
    const reopened = await reopenMonth({ reason: '乙方补充材料，需重新审核', expectedVersion: sheet.version })
    expect(reopened.status).toBe(200)
    expect(reopened.body).toMatchObject({ state: 'open', number: null, snapshot: null })
    expect(reopened.body.audit.at(-1)).toMatchObject({
      by: 'reviewer',
      action: 'reopened',
      detail: { reason: '乙方补充材料，需重新审核', number: 'KH-202610-01' },
    })
    expect((await deductionsOfMonth(m.local.store, MONTH)).filter((d) => d.frozenBy)).toEqual([])
    expect(
      (await reopenMonth({ reason: '再次撤销', expectedVersion: reopened.body.version })).body.error,
    ).toMatchObject({ code: 'not_closed' })

    // A decision changed, then closed again: the second 确认单 of the month.
    const undone = await m.send('POST', `/deductions/${MONTH}/${ANSWER}/reopen`, 'agency_reviewer', {
      reason: '复核后不予扣款',
      expectedVersion: 2,
    })
    expect(undone.body).toMatchObject({ status: 'draft' })
    expect((await close()).body.error).toMatchObject({
      code: 'pending_drafts',
      messageZh: expect.stringContaining('1 条'),
    })
    await m.decide(ANSWER, { decision: 'rejected', reason: '复核后不予扣款', expectedVersion: 3 })
    const second = await closed()
    expect(second).toMatchObject({ number: 'KH-202610-02', snapshot: { totalFen: 200_000, count: 13 } })
  })
})

describe("the contractor's answer", () => {
  it('acknowledges the 确认单 once; an objection comes within the window, once', async () => {
    m = await reviewedMonth()
    await decideAll(m)
    const ack = (body: object) => m.send('POST', `/months/${MONTH}/close/acknowledge`, 'contractor', body)
    const object = (body: object) => m.send('POST', `/months/${MONTH}/close/objection`, 'contractor', body)
    expect((await ack({ expectedVersion: 1 })).body.error).toMatchObject({ code: 'not_closed' })
    const first = await closed()
    expect((await m.send('POST', `/months/${MONTH}/close/acknowledge`, 'agency_reviewer', {})).status).toBe(
      403,
    )
    expect((await ack({ expectedVersion: first.version - 1 })).body.error).toMatchObject({
      code: 'stale_version',
    })
    const acknowledged = await ack({ expectedVersion: first.version })
    expect(acknowledged.body).toMatchObject({
      contractor: { state: 'acknowledged', by: 'contractor', at: '2026-11-02T02:00:00.000Z', text: null },
    })
    expect(acknowledged.body.audit.at(-1)).toMatchObject({ by: 'contractor', action: 'acknowledged' })
    const late = await object({ text: '对扣款有异议', expectedVersion: acknowledged.body.version })
    expect(late.body.error).toMatchObject({
      code: 'already_answered',
      messageZh: expect.stringContaining('已确认'),
    })

    // Reopened and closed again: the answer is pending again; an objection within the window.
    await reopenMonth({ reason: '更正一条扣款', expectedVersion: acknowledged.body.version })
    const second = await closed()
    expect(second.contractor).toMatchObject({ state: 'pending' })
    m.clock.set('2026-11-09T15:59:00.000Z')
    const objected = await object({ text: '11月9日系统故障已报备', expectedVersion: second.version })
    expect(objected.body.contractor).toMatchObject({ state: 'objected', text: '11月9日系统故障已报备' })
    const twice = await object({ text: '再次提出异议', expectedVersion: objected.body.version })
    expect(twice.body.error).toMatchObject({ code: 'already_objected' })

    // Past the window of a third close: refused.
    await reopenMonth({ reason: '根据异议复核', expectedVersion: objected.body.version })
    m.clock.set('2026-11-10T02:00:00.000Z')
    const third = await closed()
    expect(third).toMatchObject({ number: 'KH-202610-03', objectionDue: '2026-11-17T16:00:00.000Z' })
    // 00:00 of the 18th is 24:00 of the 17th, the due instant itself: already late (SPEC §4).
    m.clock.set('2026-11-17T16:00:00.000Z')
    const tooLate = await object({ text: '逾期提出的异议', expectedVersion: third.version })
    expectError(tooLate, 409, {
      code: 'objection_window_closed',
      messageZh: '异议期已过（截至 2026-11-17 24:00）',
    })
  })
})

describe('late data after the close', () => {
  it('drafts a revision shown beside the 确认单, never applied to it; deciding it needs the month reopened', async () => {
    m = await reviewedMonth()
    await decideAll(m)
    const sheet = await closed()
    const frozen = await m.deduction(PUBLISH)

    // Four publications, three accurate: ¥5,000 instead of ¥6,600 — a superseding draft.
    m.clock.set('2026-11-03T02:00:00.000Z')
    expect((await m.latePublication('P9', true)).deductions).toEqual({ superseded: 1, unchanged: 1 })
    const after = await closeOf()
    expect(after.snapshot).toEqual(sheet.snapshot)
    expect(after.lateRevisions).toEqual([
      {
        deductionId: `${PUBLISH}~2`,
        kpi: 'publish_accuracy',
        period: '2026-10-09',
        subject: null,
        amountFen: 500_000,
        draftedAt: '2026-11-03T02:00:00.000Z',
      },
    ])
    const list = await months()
    expect(list.current).toBe(MONTH)
    expect(list.months[0]).toMatchObject({
      state: 'closed',
      pending: { count: 1, amountFen: 500_000 },
      decided: { count: 13, amountFen: 220_000 },
    })
    // The frozen record keeps its decision: only the link to its successor is added.
    const linked = await m.deduction(PUBLISH)
    expect(linked).toEqual({ ...frozen, supersededBy: `${PUBLISH}~2`, audit: expect.any(Array) })
    expect(linked.audit.slice(0, frozen.audit.length)).toEqual(frozen.audit)
    expect(linked.audit.at(-1)).toMatchObject({ action: 'superseded' })

    const decide = await m.decide(`${PUBLISH}~2`, { decision: 'approved', expectedVersion: 1 })
    expect(decide.body.error).toMatchObject({ code: 'month_closed' })
    await reopenMonth({ reason: '处理补报数据', expectedVersion: sheet.version })
    expect((await m.decide(`${PUBLISH}~2`, { decision: 'approved', expectedVersion: 1 })).status).toBe(200)
    const again = await closed()
    // The approved revision replaces the adjusted original: ¥200 + ¥5,000.
    expect(again).toMatchObject({ number: 'KH-202610-02', snapshot: { totalFen: 520_000, count: 13 } })
  })
})

describe('a close that stops halfway', () => {
  const actor = { by: 'reviewer', at: '2026-11-02T01:00:00.000Z' }

  /** Step one and part of step two of a close, as a try that stopped would leave them. */
  async function halfClose(frozenCount: number) {
    const plan = closePlan(await deductionsOfMonth(m.local.store, MONTH))
    const number = closeNumber(MONTH, 1)
    await beginClose(m.local.store, MONTH, { ...actor, number, plan, expectedVersion: 1 })
    for (const item of plan.slice(0, frozenCount))
      expect(await freezeDeduction(m.local.store, MONTH, item, { ...actor, number })).toBe(true)
    return plan
  }

  it('is completed by a retry', async () => {
    m = await reviewedMonth()
    await decideAll(m)
    await halfClose(5)
    expect(await closeOf()).toMatchObject({ state: 'closing', number: 'KH-202610-01' })
    // While closing, decisions wait.
    const meanwhile = await m.send('POST', `/deductions/${MONTH}/${ANSWER}/reopen`, 'agency_reviewer', {
      reason: '需要重新审核',
      expectedVersion: 2,
    })
    expect(meanwhile.body.error).toMatchObject({ code: 'frozen' })
    const sheet = await closed()
    expect(sheet).toMatchObject({ state: 'closed', number: 'KH-202610-01', snapshot: { count: 13 } })
    const all = await deductionsOfMonth(m.local.store, MONTH)
    expect(all.map((d) => d.frozenBy)).toEqual(Array(13).fill('KH-202610-01'))
    // One `frozen` entry each, however many tries.
    expect(all.map((d) => d.audit.filter((e) => e.action === 'frozen').length)).toEqual(Array(13).fill(1))
  })

  it('is undone by a deduction that changed meanwhile', async () => {
    m = await reviewedMonth()
    await decideAll(m)
    const plan = await halfClose(3)
    // A decision not yet frozen, undone by a write that raced past the month's check.
    expect(plan.findIndex((p) => p.deductionId === PUBLISH)).toBeGreaterThan(3)
    await reopenDeduction(m.local.store, MONTH, PUBLISH, { ...actor, reason: '并发修改', expectedVersion: 2 })
    const res = await close()
    expectError(res, 409, {
      code: 'changed_during_close',
      messageZh: '确认过程中有 1 条扣款发生了变化，本次确认未生效，请刷新后重新确认',
    })
    expect(await getMonth(m.local.store, MONTH)).toMatchObject({ state: 'open', number: null, closing: null })
    expect((await deductionsOfMonth(m.local.store, MONTH)).filter((d) => d.frozenBy)).toEqual([])
    expect((await close()).body.error).toMatchObject({ code: 'pending_drafts' })
  })
})
