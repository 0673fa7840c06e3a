/**
 * The small one-partition repositories of the admin app on the embedded engine: departments, API
 * keys, payments and calendar years (README row 18), people (row 24). Each list reads its whole
 * partition, past a 1 MB page too (`queryPartition` in `query.ts`).
 */
import type { CalendarYear } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import {
  ConflictError,
  createApiKey,
  createDepartment,
  eachLimited,
  getApiKey,
  getDepartment,
  keys,
  listApiKeys,
  listCalendarYears,
  listDepartments,
  listPayments,
  listPeople,
  putCalendarYear,
  recordPayment,
  revokeApiKey,
  updateDepartment,
  upsertPerson,
} from '../../src'
import { expectOnlyKnownKeys, FOUR_KB, settle, storedItem, useLocalStore } from './support'

const local = useLocalStore()
const store = () => local().store
const AT = '2026-10-09T00:00:00.000Z'

describe('departments', () => {
  it('creates once, lists in id order, and updates only at the version seen', async () => {
    const race = await settle(
      ['a', 'b'].map((n) =>
        createDepartment(store(), { departmentId: 'dept-02', name: n, contact: null, active: true }, 'u', AT),
      ),
    )
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    await createDepartment(
      store(),
      { departmentId: 'dept-01', name: '城管局', contact: null, active: true },
      'u',
      AT,
    )
    expect((await listDepartments(store())).map((d) => d.departmentId)).toEqual(['dept-01', 'dept-02'])

    const edit = (name: string) => updateDepartment(store(), 'dept-01', { expectedVersion: 1, name }, 'u', AT)
    const edits = await settle([edit('城市管理局'), edit('住建局')])
    expect(edits.won).toBe(1)
    expect(edits.errors[0]).toBeInstanceOf(ConflictError)
    const stored = await getDepartment(store(), 'dept-01')
    expect(stored).toMatchObject({ version: 2, name: (edits.values[0] as { name: string }).name })
    expect(stored?.audit.map((a) => a.action)).toEqual(['create', 'update'])
    await expect(edit('x')).rejects.toBeInstanceOf(ConflictError)
    await expect(
      updateDepartment(store(), 'dept-99', { expectedVersion: 1 }, 'u', AT),
    ).rejects.toBeInstanceOf(ConflictError)
    expect(await storedItem(local(), keys.department('dept-01'))).toBeDefined()
  })

  it('lists every department past a 1 MB page', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `dept-big-${String(i).padStart(3, '0')}`)
    await eachLimited(ids, async (departmentId) => {
      await createDepartment(
        store(),
        { departmentId, name: departmentId, contact: FOUR_KB, active: true },
        'u',
        AT,
      )
    })
    const listed = (await listDepartments(store())).map((d) => d.departmentId)
    expect(listed.filter((id) => id.startsWith('dept-big-'))).toEqual(ids)
    expect(listed).toHaveLength(302)
  })
})

describe('API keys', () => {
  const key = (keyId: string) => ({
    keyId,
    name: 'call centre',
    secretHash: 'hash',
    roles: ['integration'],
    createdAt: AT,
    createdBy: 'u',
    revokedAt: null,
    audit: [],
  })

  it('creates once, lists, and revokes once with one audit entry', async () => {
    await createApiKey(store(), key('k2'))
    await createApiKey(store(), key('k1'))
    await expect(createApiKey(store(), key('k1'))).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    })
    expect((await listApiKeys(store())).map((k) => k.keyId)).toEqual(['k1', 'k2'])
    const race = await settle([revokeApiKey(store(), 'k1', 'u1', AT), revokeApiKey(store(), 'k1', 'u2', AT)])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    expect((await getApiKey(store(), 'k1'))?.audit).toHaveLength(1)
    await expect(revokeApiKey(store(), 'k-missing', 'u', AT)).rejects.toBeInstanceOf(ConflictError)
    expect(await getApiKey(store(), 'k-missing')).toBeNull()
  })
})

describe('payments and calendar years', () => {
  const payment = (quarter: number, amountFen: number) => ({
    quarter,
    paidOn: '2026-10-09',
    amountFen,
    recordedBy: 'u',
    recordedAt: AT,
  })

  it('records a quarter once: racing recorders, one wins and its amount stays', async () => {
    const race = await settle([
      recordPayment(store(), payment(3, 100)),
      recordPayment(store(), payment(3, 200)),
    ])
    expect(race.won).toBe(1)
    expect(race.errors[0]).toBeInstanceOf(ConflictError)
    await recordPayment(store(), payment(1, 50))
    const listed = await listPayments(store())
    expect(listed.map((p) => p.quarter)).toEqual([1, 3])
    expect([100, 200]).toContain(listed[1]?.amountFen)
  })

  it('stores a year, replaced by a corrected load, listed by year', async () => {
    const year = (y: number, source: string): CalendarYear => ({
      year: y,
      source,
      holidays: [{ name: '元旦', dates: [`${y}-01-01`] }],
      adjustedWorkdays: [],
    })
    await putCalendarYear(store(), year(2027, '国办发明电〔2026〕1号'), 'u', AT)
    await putCalendarYear(store(), year(2026, 'built in'), 'u', AT)
    await putCalendarYear(store(), year(2027, '国办发明电〔2026〕2号'), 'u2', AT)
    const years = await listCalendarYears(store())
    expect(years.map((y) => [y.year, y.source, y.loadedBy])).toEqual([
      [2026, 'built in', 'u'],
      [2027, '国办发明电〔2026〕2号', 'u2'],
    ])
    expect(await storedItem(local(), keys.calendarYear(2027))).toBeDefined()
  })
})

describe('people', () => {
  it('upserts on sign-in: the first sighting kept, a null name keeps the known one', async () => {
    await upsertPerson(store(), { username: 'li', name: '李四', roles: ['contractor'], at: AT })
    await upsertPerson(store(), {
      username: 'li',
      name: null,
      roles: ['agency_viewer'],
      at: '2026-10-10T00:00:00.000Z',
    })
    await upsertPerson(store(), { username: 'an', name: null, roles: [], at: AT })
    expect(await listPeople(store())).toEqual([
      { username: 'an', name: 'an', roles: [], firstSeenAt: AT, lastSeenAt: AT },
      {
        username: 'li',
        name: '李四',
        roles: ['agency_viewer'],
        firstSeenAt: AT,
        lastSeenAt: '2026-10-10T00:00:00.000Z',
      },
    ])
    await expectOnlyKnownKeys(local())
  })
})
