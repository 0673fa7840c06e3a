/**
 * A reviewer's decisions through the HTTP app (issue 10): ¥0 breaches recorded (acknowledged), not
 * approved; an adjustment above the draft confirmed; every 409 with its code and Chinese words;
 * reopening a decision with a reason; bulk decisions over a confirmed selection.
 */
import type { Store } from '@hotline/store'
import { decideDeduction } from '@hotline/store'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ANSWER,
  expectError,
  MONTH,
  PUBLISH,
  type ReviewedMonth,
  reviewedMonth,
  ZERO_IDS,
} from './support/review'

let m: ReviewedMonth
afterEach(async () => {
  await m.close()
})

const reopen = (id: string, body: object) =>
  m.send('POST', `/deductions/${MONTH}/${encodeURIComponent(id)}/reopen`, 'agency_reviewer', body)
const bulk = (body: object) => m.send('POST', `/deductions/${MONTH}/bulk-decision`, 'agency_reviewer', body)

describe('single decisions', () => {
  it('records a ¥0 breach, refuses to approve it, and refuses to record a charged one', async () => {
    m = await reviewedMonth()
    const [zero, otherZero] = ZERO_IDS as [string, string]
    const recorded = await m.decide(zero, { decision: 'acknowledged', expectedVersion: 1 })
    expect(recorded.status).toBe(200)
    expect(recorded.body).toMatchObject({
      status: 'acknowledged',
      finalAmountFen: 0,
      decision: { decision: 'acknowledged', by: 'reviewer', amountFen: 0, reason: null },
      version: 2,
    })

    const approveZero = await m.decide(otherZero, { decision: 'approved', expectedVersion: 1 })
    expectError(approveZero, 400, {
      code: 'zero_amount_acknowledge',
      messageZh: expect.stringContaining('只记录、不批准'),
      fields: [{ path: 'decision', message: expect.any(String) }],
    })
    const recordCharged = await m.decide(ANSWER, { decision: 'acknowledged', expectedVersion: 1 })
    expectError(recordCharged, 400, {
      code: 'not_zero_amount',
      messageZh: expect.stringContaining('200元'),
    })
    expect(await m.deduction(otherZero)).toMatchObject({ status: 'draft', version: 1 })
    expect(await m.deduction(ANSWER)).toMatchObject({ status: 'draft', version: 1 })
  })

  it('needs a confirmation to adjust above the draft, never above three times it', async () => {
    m = await reviewedMonth()
    const above = { decision: 'adjusted', amountFen: 30_000, reason: '当日多次超时', expectedVersion: 1 }
    const unconfirmed = await m.decide(ANSWER, above)
    expectError(unconfirmed, 400, {
      code: 'confirmation_required',
      fields: [{ path: 'confirmAboveDraft', message: expect.any(String) }],
      messageZh: '调整后的金额 300元 高于起草金额 200元，请确认后再提交',
    })
    // The probe: 20,000 fen adjusted to 20,000,000, confirmed. Refused: 3 × the draft at most.
    const tooMuch = await m.decide(ANSWER, { ...above, amountFen: 20_000_000, confirmAboveDraft: true })
    expectError(tooMuch, 400, {
      code: 'adjustment_above_limit',
      fields: [{ path: 'amountFen', message: expect.any(String) }],
      messageZh: '调整后的金额 200000元 超过上限 600元（不超过起草金额 200元 的 3 倍，且不超过最小一期付款）',
    })
    expect(await m.deduction(ANSWER)).toMatchObject({ status: 'draft', version: 1 })

    const confirmed = await m.decide(ANSWER, { ...above, confirmAboveDraft: true })
    expect(confirmed.body).toMatchObject({ status: 'adjusted', finalAmountFen: 30_000 })
    // The audit says the reviewer went above the draft.
    expect(confirmed.body.audit.at(-1)).toMatchObject({
      action: 'adjusted',
      detail: { before: 20_000, after: 30_000, aboveDraft: true },
    })
    // Below the draft needs no confirmation.
    const below = await m.decide(PUBLISH, { ...above, amountFen: 100, expectedVersion: 1 })
    expect(below.body).toMatchObject({ status: 'adjusted', finalAmountFen: 100 })
  })

  it('answers a repeated or stale decision with its code and Chinese words', async () => {
    m = await reviewedMonth()
    expect((await m.decide(ANSWER, { decision: 'approved', expectedVersion: 1 })).status).toBe(200)
    const again = await m.decide(ANSWER, { decision: 'rejected', reason: '重复提交', expectedVersion: 2 })
    expectError(again, 409, {
      code: 'already_decided',
      message: expect.stringContaining('already approved'),
      messageZh: '这条扣款已经审核过了（已批准）',
    })
    const stale = await m.decide(PUBLISH, { decision: 'approved', expectedVersion: 5 })
    expectError(stale, 409, {
      code: 'stale_version',
      messageZh: '这条扣款已被他人修改，请刷新后再审核',
    })
  })
})

describe('reopening a decision', () => {
  it('puts a decided deduction back to draft with a reason, audited, keeping the objection text', async () => {
    m = await reviewedMonth()
    const objection = { text: '转载信息来源为官方发布' }
    const path = `/deductions/${MONTH}/${encodeURIComponent(PUBLISH)}/objection`
    await m.expectStatus(200, 'POST', path, 'contractor', objection)
    const rejected = await m.decide(PUBLISH, { decision: 'rejected', reason: '核实属实', expectedVersion: 2 })
    expect(rejected.body).toMatchObject({ status: 'rejected', objection: { answer: '核实属实' } })

    expect((await reopen(PUBLISH, { reason: '', expectedVersion: 3 })).body.error.code).toBe(
      'validation_failed',
    )
    const stale = await reopen(PUBLISH, { reason: '误判，需重新审核', expectedVersion: 2 })
    expect(stale.body.error).toMatchObject({ code: 'stale_version' })
    const reopened = await reopen(PUBLISH, { reason: '误判，需重新审核', expectedVersion: 3 })
    expect(reopened.status).toBe(200)
    expect(reopened.body).toMatchObject({
      status: 'draft',
      decision: null,
      finalAmountFen: null,
      version: 4,
      previousDecisions: [{ decision: 'rejected', by: 'reviewer', amountFen: 0, reason: '核实属实' }],
      objection: { text: objection.text, answer: null, answeredAt: null },
    })
    expect(reopened.body.audit.at(-1)).toMatchObject({
      by: 'reviewer',
      action: 'reopened',
      detail: { reason: '误判，需重新审核', before: 'rejected', amountFen: 0 },
    })
    // Back in the queue, and decided anew.
    const queue = await m.expectStatus(200, 'GET', '/deductions?status=draft', 'agency_viewer')
    expect(queue.deductions.map((d: { deductionId: string }) => d.deductionId)).toContain(PUBLISH)
    const notDecided = await reopen(PUBLISH, { reason: '再次打开', expectedVersion: 4 })
    expect(notDecided.body.error).toMatchObject({ code: 'not_decided' })
    const approved = await m.decide(PUBLISH, { decision: 'approved', expectedVersion: 4 })
    expect(approved.body).toMatchObject({ status: 'approved', previousDecisions: [{ decision: 'rejected' }] })
  })

  it('refuses to reopen a superseded decision: the newer record is the one to decide', async () => {
    m = await reviewedMonth()
    await m.decide(PUBLISH, { decision: 'approved', expectedVersion: 1 })
    const run = await m.latePublication('P9', true)
    expect(run.deductions).toMatchObject({ superseded: 1 })
    const refused = await reopen(PUBLISH, { reason: '数据有更新', expectedVersion: 2 })
    expectError(refused, 409, {
      code: 'superseded',
      messageZh: '这条扣款已有更新的记录，请在新记录上操作',
    })
  })
})

describe('bulk decisions', () => {
  it('records the ¥0 breaches in one confirmation; refuses the wrong kind of amount', async () => {
    m = await reviewedMonth()
    const mixed = await m.bulk('acknowledged', [...ZERO_IDS, ANSWER], 20_000)
    expectError(mixed, 400, {
      code: 'not_zero_amount',
      messageZh: expect.stringContaining('1 条'),
    })
    const approveZeros = await m.bulk('approved', [ANSWER, ...ZERO_IDS.slice(0, 2)], 20_000)
    expect(approveZeros.body.error).toMatchObject({ code: 'zero_amount_acknowledge' })
    const twice = await m.bulk('acknowledged', [ZERO_IDS[0] as string, ZERO_IDS[0] as string], 0)
    expect(twice.body.error).toMatchObject({ code: 'validation_failed' })

    const recorded = await m.bulk('acknowledged', ZERO_IDS, 0)
    expect(recorded.status).toBe(200)
    expect(recorded.body).toMatchObject({ count: 11, totalFen: 0, conflicts: [] })
    expect(recorded.body.decided.map((d: { status: string }) => d.status)).toEqual(
      Array(11).fill('acknowledged'),
    )
    // Decided a few at a time, listed in the request's order.
    expect(recorded.body.decided.map((d: { deductionId: string }) => d.deductionId)).toEqual(ZERO_IDS)
  })

  it('writes nothing when the selection is not what the reviewer confirmed', async () => {
    m = await reviewedMonth()
    const wrongTotal = await m.bulk('approved', [ANSWER, PUBLISH], 20_000)
    expectError(wrongTotal, 409, {
      code: 'totals_changed',
      messageZh: expect.stringContaining('6800元'),
    })
    const wrongVersion = await bulk({
      decision: 'approved',
      items: [
        { deductionId: ANSWER, expectedVersion: 1 },
        { deductionId: PUBLISH, expectedVersion: 2 },
      ],
      expectedCount: 2,
      expectedTotalFen: 680_000,
    })
    expect(wrongVersion.body.error).toMatchObject({
      code: 'totals_changed',
      message: expect.stringContaining('1 of the 2 selected'),
      messageZh: expect.stringContaining('有 1 条已发生变化'),
    })
    const missing = await m.bulk('approved', [ANSWER, 'connection:2026-10-09'], 20_000)
    expect(missing.body.error).toMatchObject({ code: 'totals_changed' })
    for (const id of [ANSWER, PUBLISH])
      expect(await m.deduction(id)).toMatchObject({ status: 'draft', version: 1 })

    const approved = await m.bulk('approved', [ANSWER, PUBLISH], 680_000)
    expect(approved.body).toMatchObject({ count: 2, totalFen: 680_000, conflicts: [] })
  })

  it('reports a deduction another reviewer decided meanwhile, and decides the rest', async () => {
    // A second reviewer rejects publish_accuracy between the bulk's read and its write to it.
    let raced = false
    const racing = (store: Store): Store => ({
      ...store,
      doc: new Proxy(store.doc, {
        get(target, property, receiver) {
          if (property !== 'send') return Reflect.get(target, property, receiver)
          return async (command: { constructor: { name: string }; input: { Key?: { sk?: string } } }) => {
            if (!raced && command.constructor.name === 'UpdateCommand' && command.input.Key?.sk === PUBLISH) {
              raced = true
              await decideDeduction(store, MONTH, PUBLISH, {
                decision: 'rejected',
                reason: '另一位审核员已处理',
                by: 'reviewer2',
                at: '2026-11-02T02:00:00.000Z',
                expectedVersion: 1,
              })
            }
            return target.send(command as never)
          }
        },
      }),
    })
    m = await reviewedMonth({ wrap: racing })
    const res = await m.bulk('approved', [ANSWER, PUBLISH], 680_000)
    expect(raced).toBe(true)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      count: 1,
      totalFen: 20_000,
      decided: [{ deductionId: ANSWER, status: 'approved' }],
      conflicts: [
        {
          deductionId: PUBLISH,
          code: 'already_decided',
          message: expect.stringContaining('already rejected'),
          messageZh: '这条扣款已经审核过了（不予扣款）',
        },
      ],
    })
    expect(await m.deduction(PUBLISH)).toMatchObject({ status: 'rejected', decision: { by: 'reviewer2' } })
  })
})
