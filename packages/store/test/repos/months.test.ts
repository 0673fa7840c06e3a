/**
 * `repos/months.ts` and `repos/month-close.ts` on the embedded engine: a month's item and every
 * month (README row 26), the close as a sequence of conditional steps (row 28), and each step's
 * loser getting the named conflict with nothing half-done left behind.
 */
import { describe, expect, it } from 'vitest'
import {
  answerClose,
  beginClose,
  ConflictError,
  closeMonth,
  decideDeduction,
  deductionsOfMonth,
  getDeduction,
  getMonth,
  keys,
  listMonths,
  MissingItemError,
  markMonthResults,
  reopenMonth,
  syncDeductions,
} from '../../src'
import { draftFixture, expectOnlyKnownKeys, settle, storedItem, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const meta = { jobRunId: 'run-1', at: '2026-11-01T00:00:00.000Z' }
const actor = { by: 'reviewer-1', at: '2026-11-10T00:00:00.000Z' }
const close = (month: string, expectedVersion?: number) =>
  closeMonth(store(), month, {
    ...actor,
    expectedVersion,
    termsVersion: 'jiyuan-2026',
    objectionDue: '2026-11-17T16:00:00.000Z',
  })

/** Drafts `n` deductions in `month` (days 1…n) and approves each. */
async function decidedDeductions(month: string, n: number): Promise<void> {
  const drafts = Array.from({ length: n }, (_, i) => draftFixture(`${month}-0${i + 1}`, 1_000 * (i + 1)))
  await syncDeductions(store(), { drafts, scopes: [] }, meta)
  for (const d of drafts)
    await decideDeduction(store(), month, d.id, { decision: 'approved', ...actor, expectedVersion: 1 })
}

describe("the month's item", () => {
  it('is created open by the first results and moved by later ones, never its version', async () => {
    expect(await getMonth(store(), '2026-09')).toBeNull()
    await markMonthResults(store(), ['2026-09', '2026-08', '2026-09'], '2026-10-01T00:00:00.000Z')
    await markMonthResults(store(), ['2026-09'], '2026-10-02T00:00:00.000Z')
    expect(await getMonth(store(), '2026-09')).toMatchObject({
      month: '2026-09',
      state: 'open',
      version: 1,
      resultsAt: '2026-10-02T00:00:00.000Z',
    })
    expect((await listMonths(store())).map((m) => m.month)).toEqual(['2026-08', '2026-09'])
    expect(await storedItem(local(), keys.month('2026-09'))).toBeDefined()
  })
})

describe('closing', () => {
  it('refuses a month without results, and one with a pending draft (nothing written)', async () => {
    await expect(close('2030-01')).rejects.toBeInstanceOf(MissingItemError)
    await syncDeductions(store(), { drafts: [draftFixture('2026-08-01', 500)], scopes: [] }, meta)
    await expect(close('2026-08')).rejects.toMatchObject({ code: 'pending_drafts' })
    expect(await getMonth(store(), '2026-08')).toMatchObject({ state: 'open', version: 1, closing: null })
  })

  it('closes once when two reviewers race: one closed item, every decided deduction frozen by it', async () => {
    await markMonthResults(store(), ['2026-10'], '2026-11-01T00:00:00.000Z')
    await decidedDeductions('2026-10', 3)
    const race = await settle([close('2026-10', 1), close('2026-10', 1)])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    const month = await getMonth(store(), '2026-10')
    expect(month).toMatchObject({ state: 'closed', number: 'KH-202610-01', closeCount: 1, closing: null })
    expect(month?.snapshot).toMatchObject({ count: 3, totalFen: 6_000 })
    expect((await deductionsOfMonth(store(), '2026-10')).map((d) => d.frozenBy)).toEqual([
      'KH-202610-01',
      'KH-202610-01',
      'KH-202610-01',
    ])
    await expect(close('2026-10')).rejects.toMatchObject({ code: 'month_closed' })
  })

  it('aborts a close that meets a changed deduction: unfrozen, back to open, its number given up', async () => {
    await markMonthResults(store(), ['2026-07'], '2026-11-01T00:00:00.000Z')
    await decidedDeductions('2026-07', 2)
    // A late draft lands between the plan and the freeze: the close's re-read sees it.
    const month = (await getMonth(store(), '2026-07')) as NonNullable<Awaited<ReturnType<typeof getMonth>>>
    const plan = (await deductionsOfMonth(store(), '2026-07')).map((d) => ({
      deductionId: d.deductionId,
      version: d.version,
      status: d.status,
    }))
    await beginClose(store(), '2026-07', {
      ...actor,
      number: 'KH-202607-01',
      plan,
      expectedVersion: month.version,
    })
    await syncDeductions(store(), { drafts: [draftFixture('2026-07-09', 900)], scopes: [] }, meta)
    await expect(close('2026-07')).rejects.toMatchObject({ code: 'changed_during_close' })
    expect(await getMonth(store(), '2026-07')).toMatchObject({ state: 'open', number: null, closing: null })
    expect((await deductionsOfMonth(store(), '2026-07')).every((d) => d.frozenBy === null)).toBe(true)
  })
})

describe('answering and reopening', () => {
  it('takes one contractor answer at the version seen: racing answers, one wins', async () => {
    const { version } = (await getMonth(store(), '2026-10')) as { version: number }
    const answer = (state: 'acknowledged' | 'objected') =>
      answerClose(store(), '2026-10', {
        ...actor,
        by: 'contractor-1',
        state,
        text: state === 'objected' ? '有异议' : null,
        expectedVersion: version,
      })
    const race = await settle([answer('acknowledged'), answer('objected')])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    const month = await getMonth(store(), '2026-10')
    expect(month?.version).toBe(version + 1)
    expect(month?.contractor.state).not.toBe('pending')
    await expect(
      answerClose(store(), '2026-09', { ...actor, state: 'acknowledged', text: null, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'not_closed' })
  })

  it('reopens at the version seen only; the deductions are unfrozen and decidable again', async () => {
    const { version } = (await getMonth(store(), '2026-10')) as { version: number }
    await expect(
      reopenMonth(store(), '2026-10', { ...actor, reason: '复核', expectedVersion: version - 1 }),
    ).rejects.toMatchObject({ code: 'stale_version' })
    expect((await getMonth(store(), '2026-10'))?.state).toBe('closed')
    const race = await settle([
      reopenMonth(store(), '2026-10', { ...actor, reason: '复核', expectedVersion: version }),
      reopenMonth(store(), '2026-10', { ...actor, reason: '复核', expectedVersion: version }),
    ])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toMatchObject({ code: 'not_closed' })
    const month = await getMonth(store(), '2026-10')
    expect(month).toMatchObject({ state: 'open', number: null, version: version + 1 })
    expect(month?.audit.filter((a) => a.action === 'reopened')).toHaveLength(1)
    expect((await getDeduction(store(), '2026-10', 'connection:2026-10-01'))?.frozenBy).toBeNull()
    await expectOnlyKnownKeys(local())
  })
})
