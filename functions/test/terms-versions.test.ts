/**
 * Settings › terms (issue 12): an agency reviewer saves a new version of the contract terms, in force
 * from the first day of a coming month; bad documents and bad months are refused naming the field,
 * a retry changes nothing, two saves at once cannot both land, and every version stays readable.
 */
import { jiyuan2026 } from '@hotline/domain'
import { appendTermsVersion, ConflictError, listTermsVersions } from '@hotline/store'
import { describe, expect, it } from 'vitest'
import { renewal2027 } from './support/events'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-12-06T02:00:00.000Z')

const renewal = renewal2027
const save = (body: unknown, role: 'agency_reviewer' | 'contractor' | 'agency_viewer' = 'agency_reviewer') =>
  http.send('POST', '/api/v1/terms/versions', role, body)

describe('POST /api/v1/terms/versions', () => {
  it('saves a version from next month: the history lists it as upcoming, today still runs on the built-in one', async () => {
    const res = await save({ from: '2027-01', terms: renewal() })
    expect(res.status).toBe(201)
    expect(await json(res)).toEqual({ version: 'jiyuan-2026@2027.1', from: '2027-01', saved: true })

    const terms = await json(await http.send('GET', '/api/v1/terms', 'contractor'))
    expect(terms.version).toBe('jiyuan-2026@2026.1')
    expect(terms.history).toEqual([
      { version: 'jiyuan-2026@2026.1', from: '2026-01-01', status: 'in_force' },
      {
        version: 'jiyuan-2026@2027.1',
        from: '2027-01-01',
        savedBy: 'reviewer',
        savedAt: '2026-12-06T02:00:00.000Z',
        status: 'upcoming',
      },
    ])
    // From 1 January it is the one in force, and the built-in one is superseded.
    http.clock.set('2027-01-01T00:00:00.000Z')
    const january = await json(await http.send('GET', '/api/v1/terms', 'agency_viewer'))
    expect(january.version).toBe('jiyuan-2026@2027.1')
    expect(january.terms.kpis.serviceError.transfer.amountFen).toBe(30_000)
    expect(january.history.map((h: { status: string }) => h.status)).toEqual(['superseded', 'in_force'])
  })

  it('answers each version’s document, the built-in one included', async () => {
    expect((await save({ from: '2027-01', terms: renewal() })).status).toBe(201)
    const saved = await json(
      await http.send('GET', '/api/v1/terms/versions/jiyuan-2026@2027.1', 'agency_viewer'),
    )
    expect(saved).toMatchObject({ version: 'jiyuan-2026@2027.1', from: '2027-01' })
    expect(saved.terms.contract.end).toBe('2027-12-31')
    const builtIn = await json(await http.send('GET', '/api/v1/terms/versions/2026.1', 'contractor'))
    expect(builtIn.terms).toEqual(jiyuan2026)
    expect((await http.send('GET', '/api/v1/terms/versions/1999.1', 'contractor')).status).toBe(404)
  })

  it('a retry of the same save changes nothing; the same name with other content is refused', async () => {
    expect((await save({ from: '2027-01', terms: renewal() })).status).toBe(201)
    const retry = await save({ from: '2027-01', terms: renewal() })
    expect(retry.status).toBe(200)
    expect(await json(retry)).toMatchObject({ saved: false })
    const other = await save({ from: '2027-02', terms: { ...renewal(), agency: '另一个中心' } })
    expect(other.status).toBe(400)
    expect((await json(other)).error).toMatchObject({
      code: 'terms_version_exists',
      fields: [{ path: 'terms.version' }],
    })
    expect(await listTermsVersions(http.local.store)).toHaveLength(1)
  })

  it('refuses a bad document naming the field, and writes nothing', async () => {
    const bad = renewal()
    const res = await save({
      from: '2027-01',
      terms: { ...bad, kpis: { ...bad.kpis, answer15s: { ...bad.kpis.answer15s, targetBp: 20_000 } } },
    })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.fields).toEqual([expect.objectContaining({ path: 'terms.kpis.answer15s.targetBp' })])
    expect((await save({ from: '2027-13', terms: renewal() })).status).toBe(400)
    expect((await save({ terms: renewal() })).status).toBe(400)
    expect(await listTermsVersions(http.local.store)).toEqual([])
  })

  it('refuses this month, an earlier one, a month not after the latest and one after the contract, in Chinese too', async () => {
    const thisMonth = await json(await save({ from: '2026-12', terms: renewal() }))
    expect(thisMonth.error).toMatchObject({ code: 'terms_from_too_early', fields: [{ path: 'from' }] })
    expect(thisMonth.error.messageZh).toContain('2027年1月')
    expect(
      (await json(await save({ from: '2027-03', terms: { ...renewal(), contract: jiyuan2026.contract } })))
        .error.code,
    ).toBe('terms_from_after_contract')
    expect((await save({ from: '2027-03', terms: renewal() })).status).toBe(201)
    expect((await json(await save({ from: '2027-02', terms: renewal('2027.2') }))).error.code).toBe(
      'terms_from_not_after_latest',
    )
    expect(
      (await json(await save({ from: '2027-04', terms: { ...renewal('2027.2'), id: 'other-2027' } }))).error
        .code,
    ).toBe('terms_other_contract')
  })

  it('two saves checked against the same list: exactly one lands, the other is told to reload', async () => {
    // What two reviewers saving at once amount to: each appends to the list it read and checked.
    const version = (v: string, from: string) => ({
      from,
      terms: renewal(v),
      savedAt: '2026-12-06T02:00:00.000Z',
      savedBy: 'reviewer',
    })
    const outcomes = await Promise.allSettled([
      appendTermsVersion(http.local.store, [], version('2027.1', '2027-01')),
      appendTermsVersion(http.local.store, [], version('2027.2', '2027-02')),
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).toBeInstanceOf(ConflictError)
    expect(lost.reason).toMatchObject({ code: 'terms_changed' })
    expect(await listTermsVersions(http.local.store)).toHaveLength(1)
  })

  it('only an agency reviewer may save', async () => {
    expect((await save({ from: '2027-01', terms: renewal() }, 'contractor')).status).toBe(403)
    expect((await save({ from: '2027-01', terms: renewal() }, 'agency_viewer')).status).toBe(403)
    expect(await listTermsVersions(http.local.store)).toEqual([])
  })
})
