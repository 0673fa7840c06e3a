/**
 * `repos/deductions.ts` on the embedded engine: a month's deductions (of a scope), one deduction,
 * the deductions in a status across months and their tallies (README rows 15, 16, 22, 27); a job's
 * sync of its drafts; and each reviewer's write conditional on the version they saw, racing another.
 */
import { describe, expect, it } from 'vitest'
import {
  ConflictError,
  decideDeduction,
  deductionsByStatus,
  deductionsOfMonth,
  deductionTalliesByStatus,
  fileObjection,
  freezeDeduction,
  getDeduction,
  indexKeys,
  keys,
  MissingItemError,
  reopenDeduction,
  type Store,
  syncDeductions,
  unfreezeDeduction,
} from '../../src'
import {
  countingStore,
  draftFixture,
  expectOnlyKnownKeys,
  settle,
  storedItem,
  useLocalStore,
} from './support'

const local = useLocalStore()
const store = () => local().store
const job = (n: number) => ({ jobRunId: `run-${n}`, at: `2026-11-0${n}T00:00:00.000Z` })
const scope = (period: string) => ({ kpi: 'connection', period })
const decide = (month: string, id: string, expectedVersion: number, by = 'reviewer-1') =>
  decideDeduction(store(), month, id, {
    decision: 'approved',
    by,
    at: '2026-11-05T00:00:00.000Z',
    expectedVersion,
  })

describe("a job's sync", () => {
  it('creates, leaves alone, revises, withdraws and reinstates its drafts', async () => {
    const a = draftFixture('2026-10-01', 20_000)
    const b = draftFixture('2026-10-02', 10_000)
    const first = await syncDeductions(
      store(),
      { drafts: [a, b], scopes: [scope('2026-10-01'), scope('2026-10-02')] },
      job(1),
    )
    expect([...first.values()]).toEqual(['created', 'created'])
    const again = await syncDeductions(store(), { drafts: [a, b], scopes: [scope('2026-10-01')] }, job(2))
    expect([...again.values()]).toEqual(['unchanged', 'unchanged'])

    const revised = await syncDeductions(
      store(),
      { drafts: [{ ...a, amountFen: 30_000 }], scopes: [scope('2026-10-01'), scope('2026-10-02')] },
      job(3),
    )
    expect(Object.fromEntries(revised)).toEqual({ [a.id]: 'revised', [b.id]: 'withdrawn' })
    const stored = await getDeduction(store(), '2026-10', a.id)
    expect(stored).toMatchObject({ amountFen: 30_000, version: 2, status: 'draft' })
    expect(stored?.revisions.map((r) => r.previousAmountFen)).toEqual([20_000])

    const back = await syncDeductions(store(), { drafts: [b], scopes: [scope('2026-10-02')] }, job(4))
    expect(back.get(b.id)).toBe('reinstated')
  })

  it('supersedes a decided deduction instead of changing it, and links the two', async () => {
    const c = draftFixture('2026-10-03', 5_000)
    await syncDeductions(store(), { drafts: [c], scopes: [] }, job(1))
    await decide('2026-10', c.id, 1)
    const out = await syncDeductions(store(), { drafts: [{ ...c, amountFen: 7_000 }], scopes: [] }, job(2))
    expect(out.get(c.id)).toBe('superseded')
    const decided = await getDeduction(store(), '2026-10', c.id)
    expect(decided).toMatchObject({ status: 'approved', amountFen: 5_000, supersededBy: `${c.id}~2` })
    expect(await getDeduction(store(), '2026-10', `${c.id}~2`)).toMatchObject({
      status: 'draft',
      amountFen: 7_000,
      supersedes: c.id,
    })
  })
})

describe('access patterns', () => {
  it("reads a month's deductions in id order, by prefix, and no other month's", async () => {
    await syncDeductions(
      store(),
      { drafts: [draftFixture('2026-12-01', 100), draftFixture('2026-12-02', 100, 'agent-7')], scopes: [] },
      job(1),
    )
    const october = (await deductionsOfMonth(store(), '2026-10')).map((d) => d.deductionId)
    expect(october).toEqual([...october].sort())
    expect(october).toContain('connection:2026-10-01')
    expect(october.some((id) => id.includes('2026-12'))).toBe(false)
    expect(
      (await deductionsOfMonth(store(), '2026-10', 'connection:2026-10-03')).map((d) => d.deductionId),
    ).toEqual(['connection:2026-10-03', 'connection:2026-10-03~2'])
    expect((await deductionsOfMonth(store(), '2026-12')).map((d) => d.deductionId)).toEqual([
      'connection:2026-12-01',
      'connection:2026-12-02:agent-7',
    ])
    expect(await getDeduction(store(), '2026-12', 'connection:2026-10-01')).toBeNull()
  })

  it('reads the deductions in one status across months, in month order, and their tallies', async () => {
    const drafts = (await deductionsByStatus(store(), 'draft')).map(
      (d) => `${d.billingMonth}|${d.deductionId}`,
    )
    expect(drafts).toEqual([...drafts].sort())
    expect(drafts).toEqual(
      expect.arrayContaining(['2026-10|connection:2026-10-01', '2026-12|connection:2026-12-01']),
    )
    expect((await deductionsByStatus(store(), 'approved')).map((d) => d.deductionId)).toEqual([
      'connection:2026-10-03',
    ])
    const tallies = await deductionTalliesByStatus(store(), 'approved')
    expect(tallies).toEqual([
      {
        deductionId: 'connection:2026-10-03',
        billingMonth: '2026-10',
        status: 'approved',
        amountFen: 5_000,
        finalAmountFen: 5_000,
        supersededBy: 'connection:2026-10-03~2',
        withdrawal: false,
      },
    ])
    expect(await storedItem(local(), keys.deduction('2026-10', 'connection:2026-10-03'))).toMatchObject(
      indexKeys.deductionStatus('approved', '2026-10', 'connection:2026-10-03'),
    )
  })
})

describe("a reviewer's conditional writes", () => {
  it('decides at the version seen: of two racing reviewers one wins; the loser gets the item as it is', async () => {
    const race = await settle([
      decide('2026-12', 'connection:2026-12-01', 1, 'r1'),
      decide('2026-12', 'connection:2026-12-01', 1, 'r2'),
    ])
    expect(race.won).toBe(1)
    const lost = race.errors[0] as ConflictError
    expect(lost).toBeInstanceOf(ConflictError)
    expect(lost.code).toBe('already_decided')
    expect(lost.current).toMatchObject({ status: 'approved', version: 2 })
    const stored = await getDeduction(store(), '2026-12', 'connection:2026-12-01')
    expect(stored?.audit.filter((a) => a.action === 'approved')).toHaveLength(1)
    await expect(decide('2026-12', 'connection:2026-12-02:agent-7', 7)).rejects.toMatchObject({
      code: 'stale_version',
    })
    await expect(decide('2026-12', 'nope', 1)).rejects.toBeInstanceOf(MissingItemError)
  })

  it('takes one objection per draft, and none on a decided deduction', async () => {
    const object = (text: string) =>
      fileObjection(store(), '2026-12', 'connection:2026-12-02:agent-7', {
        by: 'contractor-1',
        at: '2026-11-06T00:00:00.000Z',
        text,
      })
    const race = await settle([object('异议一'), object('异议二')])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toMatchObject({ code: 'already_objected' })
    await expect(
      fileObjection(store(), '2026-12', 'connection:2026-12-01', {
        by: 'c',
        at: '2026-11-06T00:00:00.000Z',
        text: 'x',
      }),
    ).rejects.toBeInstanceOf(ConflictError)
  })

  it('reopens a decided deduction once, never a superseded one', async () => {
    const reopen = (id: string, expectedVersion: number) =>
      reopenDeduction(store(), '2026-12', id, {
        reason: '复核',
        by: 'r1',
        at: '2026-11-07T00:00:00.000Z',
        expectedVersion,
      })
    const race = await settle([reopen('connection:2026-12-01', 2), reopen('connection:2026-12-01', 2)])
    expect(race.won).toBe(1)
    expect(await getDeduction(store(), '2026-12', 'connection:2026-12-01')).toMatchObject({
      status: 'draft',
      version: 3,
      previousDecisions: [expect.objectContaining({ decision: 'approved' })],
    })
    await expect(
      reopenDeduction(store(), '2026-10', 'connection:2026-10-03', {
        reason: 'x',
        by: 'r1',
        at: '2026-11-07T00:00:00.000Z',
        expectedVersion: 2,
      }),
    ).rejects.toMatchObject({ code: 'superseded' })
  })

  it('freezes at the planned version only; a frozen deduction refuses decisions until unfrozen', async () => {
    const id = 'connection:2026-12-01'
    const d = (await getDeduction(store(), '2026-12', id)) as NonNullable<
      Awaited<ReturnType<typeof getDeduction>>
    >
    await decide('2026-12', id, d.version)
    const close = { number: 'KH-202612-01', by: 'r1', at: '2026-11-08T00:00:00.000Z' }
    expect(
      await freezeDeduction(
        store(),
        '2026-12',
        { deductionId: id, version: d.version, status: 'approved' },
        close,
      ),
    ).toBe(false)
    const planned = { deductionId: id, version: d.version + 1, status: 'approved' as const }
    expect(await freezeDeduction(store(), '2026-12', planned, close)).toBe(true)
    // A retry of the same close is answered as frozen; another close's is not.
    expect(await freezeDeduction(store(), '2026-12', planned, close)).toBe(true)
    expect(await freezeDeduction(store(), '2026-12', planned, { ...close, number: 'KH-202612-02' })).toBe(
      false,
    )
    await expect(
      reopenDeduction(store(), '2026-12', id, {
        reason: 'x',
        by: 'r1',
        at: close.at,
        expectedVersion: planned.version,
      }),
    ).rejects.toMatchObject({ code: 'frozen' })
    await unfreezeDeduction(store(), '2026-12', id, { ...close, number: 'KH-202612-02' })
    expect((await getDeduction(store(), '2026-12', id))?.frozenBy).toBe('KH-202612-01')
    await unfreezeDeduction(store(), '2026-12', id, close)
    expect((await getDeduction(store(), '2026-12', id))?.frozenBy).toBeNull()
  })

  it('writes only keys that keys.ts spells', async () => {
    await expectOnlyKnownKeys(local())
  })
})

describe("a job's sync reads its scopes once", () => {
  const counted = () => countingStore(store())

  it('syncs the drafts its scopes cover from one Query each, reading no deduction on its own', async () => {
    const drafts = ['A', 'B', 'C'].map((agent) => draftFixture('2026-07-06', 1_000, agent))
    const period = [scope('2026-07-06')]
    await syncDeductions(store(), { drafts, scopes: period }, job(1))
    await decide('2026-07', drafts[0]?.id ?? '', 1)
    const { sent, store: counting } = counted()
    const changed = drafts.map((d) => ({ ...d, amountFen: 2_000 }))
    const out = await syncDeductions(counting, { drafts: changed, scopes: period }, job(2))
    expect(Object.fromEntries(out)).toEqual({
      [drafts[0]?.id ?? '']: 'superseded',
      [drafts[1]?.id ?? '']: 'revised',
      [drafts[2]?.id ?? '']: 'revised',
    })
    expect(sent.filter((name) => name === 'GetCommand')).toEqual([])
    expect(sent.filter((name) => name === 'QueryCommand')).toHaveLength(1)
    // The chain as read: the decided one's successor is revised next time, not superseded again.
    const again = await syncDeductions(
      store(),
      { drafts: changed.map((d) => ({ ...d, amountFen: 3_000 })), scopes: period },
      job(3),
    )
    expect([...again.values()]).toEqual(['revised', 'revised', 'revised'])
    expect(await getDeduction(store(), '2026-07', `${drafts[0]?.id}~2`)).toMatchObject({
      amountFen: 3_000,
      status: 'draft',
    })
  })

  it('goes on from the deduction as it is when a reviewer decided it after the scopes were read', async () => {
    const d = draftFixture('2026-07-07', 1_000)
    await syncDeductions(store(), { drafts: [d], scopes: [scope('2026-07-07')] }, job(1))
    let raced = false
    const send = async (command: { constructor: { name: string }; input?: { Key?: { sk?: string } } }) => {
      if (!raced && command.constructor.name === 'UpdateCommand' && command.input?.Key?.sk === d.id) {
        raced = true
        await decide('2026-07', d.id, 1, 'reviewer-2')
      }
      return store().doc.send(command as Parameters<Store['doc']['send']>[0])
    }
    const racing = { ...store(), doc: { send } as unknown as Store['doc'] }
    const out = await syncDeductions(
      racing,
      { drafts: [{ ...d, amountFen: 4_000 }], scopes: [scope('2026-07-07')] },
      job(2),
    )
    expect(raced).toBe(true)
    expect(out.get(d.id)).toBe('superseded')
    expect(await getDeduction(store(), '2026-07', d.id)).toMatchObject({
      status: 'approved',
      amountFen: 1_000,
    })
    expect(await getDeduction(store(), '2026-07', `${d.id}~2`)).toMatchObject({ amountFen: 4_000 })
  })

  it('withdraws a deduction two overlapping scopes hold once', async () => {
    const d = draftFixture('2026-06-08', 1_000)
    await syncDeductions(store(), { drafts: [d], scopes: [] }, job(1))
    const out = await syncDeductions(
      store(),
      { drafts: [], scopes: [{ kpi: 'connection', period: '2026-06' }, scope('2026-06-08')] },
      job(2),
    )
    expect(Object.fromEntries(out)).toEqual({ [d.id]: 'withdrawn' })
    expect(await getDeduction(store(), '2026-06', d.id)).toMatchObject({ status: 'withdrawn', version: 2 })
  })
})
