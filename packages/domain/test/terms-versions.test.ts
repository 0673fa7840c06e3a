/** The terms in force month by month (SPEC §2; issue 12): which version a day is measured under, and which may be saved. */
import { describe, expect, it } from 'vitest'
import {
  type ContractTerms,
  fixedTerms,
  jiyuan2026,
  newTermsVersionRefusal,
  type SavedTermsVersion,
  termsSchedule,
} from '../src'

const version = (v: string, from: string, change: Partial<ContractTerms> = {}): SavedTermsVersion => ({
  from,
  terms: { ...jiyuan2026, version: v, ...change },
  savedAt: '2026-12-06T02:00:00.000Z',
  savedBy: 'reviewer',
})

describe('termsSchedule', () => {
  it('answers the built-in document before any version, and the version of the month after', () => {
    const schedule = termsSchedule(jiyuan2026, [version('2027.1', '2027-01')])
    expect(schedule.at('2026-01-01').version).toBe('2026.1')
    expect(schedule.at('2026-12-31').version).toBe('2026.1')
    expect(schedule.at('2027-01-01').version).toBe('2027.1')
    expect(schedule.at('2027-06-30').version).toBe('2027.1')
  })

  it('orders saved versions by their month, whatever order they come in, the built-in one first', () => {
    const schedule = termsSchedule(jiyuan2026, [version('2027.2', '2027-04'), version('2027.1', '2027-01')])
    expect(schedule.versions.map((v) => [v.terms.version, v.from])).toEqual([
      ['2026.1', '2026-01'],
      ['2027.1', '2027-01'],
      ['2027.2', '2027-04'],
    ])
    expect(schedule.at('2027-03-31').version).toBe('2027.1')
    expect(schedule.at('2027-04-01').version).toBe('2027.2')
  })

  it('a day before the contract is measured under the first document (nothing earlier exists)', () => {
    expect(termsSchedule(jiyuan2026, [version('2027.1', '2027-01')]).at('2025-12-31').version).toBe('2026.1')
  })

  it('fixedTerms is one document at every date (a replay under given terms)', () => {
    const schedule = fixedTerms(jiyuan2026)
    expect(schedule.at('2030-01-01')).toBe(jiyuan2026)
    expect(schedule.versions).toHaveLength(1)
  })
})

describe('newTermsVersionRefusal', () => {
  const today = '2026-12-06'
  const schedule = termsSchedule(jiyuan2026, [version('2027.1', '2027-02')])
  // A renewal: the same contract, its term extended through 2027 (the built-in one ends 2026-12-31).
  const candidate = {
    ...jiyuan2026,
    version: '2027.2',
    contract: { ...jiyuan2026.contract, end: '2027-12-31' },
  }

  it('accepts a new version of the same contract from a month after the latest', () => {
    expect(newTermsVersionRefusal(schedule, candidate, '2027-03', today)).toBeNull()
  })

  it('refuses another contract, naming terms.id, in both languages', () => {
    const refusal = newTermsVersionRefusal(
      schedule,
      { ...candidate, id: 'other-city-2027' },
      '2027-03',
      today,
    )
    expect(refusal).toMatchObject({ code: 'terms_other_contract', field: 'terms.id' })
    expect(refusal?.zh).toContain('other-city-2027')
  })

  it('refuses a version name already used, built-in or saved', () => {
    expect(
      newTermsVersionRefusal(schedule, { ...candidate, version: '2026.1' }, '2027-03', today),
    ).toMatchObject({
      code: 'terms_version_exists',
      field: 'terms.version',
    })
    expect(
      newTermsVersionRefusal(schedule, { ...candidate, version: '2027.1' }, '2027-03', today)?.code,
    ).toBe('terms_version_exists')
  })

  it('refuses the current month and any earlier one: a month begun is never recomputed under new terms', () => {
    const fresh = termsSchedule(jiyuan2026)
    expect(newTermsVersionRefusal(fresh, candidate, '2026-12', today)).toMatchObject({
      code: 'terms_from_too_early',
      field: 'from',
    })
    expect(newTermsVersionRefusal(fresh, candidate, '2026-11', today)?.code).toBe('terms_from_too_early')
    expect(newTermsVersionRefusal(fresh, candidate, '2027-01', today)).toBeNull()
    // On the last day of December, January is still the earliest.
    expect(newTermsVersionRefusal(fresh, candidate, '2027-01', '2026-12-31')).toBeNull()
  })

  it('refuses a month not after the latest version’s', () => {
    expect(newTermsVersionRefusal(schedule, candidate, '2027-02', today)).toMatchObject({
      code: 'terms_from_not_after_latest',
      field: 'from',
    })
    expect(newTermsVersionRefusal(schedule, candidate, '2027-01', today)?.code).toBe(
      'terms_from_not_after_latest',
    )
  })

  it('refuses a month after the contract ends: the version would never be in force', () => {
    expect(newTermsVersionRefusal(schedule, candidate, '2027-03', today)).toBeNull()
    const unextended = { ...candidate, contract: jiyuan2026.contract }
    expect(newTermsVersionRefusal(schedule, unextended, '2027-03', today)).toMatchObject({
      code: 'terms_from_after_contract',
      field: 'from',
    })
  })
})
