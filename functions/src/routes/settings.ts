/**
 * Settings (SPEC §2, §4): the contract terms in force month by month, with every version saved,
 * and the calendar years. An agency reviewer saves a new terms version, to take effect from the
 * first day of a coming month, or loads a year's holiday notice; the sources are reloaded at once
 * (this instance) and within five minutes elsewhere (`config/reloading.ts`), and the jobs reload
 * both before each run.
 */

import { isDeepStrictEqual } from 'node:util'
import {
  CalendarYear,
  ContractTerms,
  localDateOf,
  MonthSchema,
  newTermsVersionRefusal,
  type TermsScheduleEntry,
  termsVersionOf,
} from '@hotline/domain'
import { appendTermsVersion, listCalendarYears, listTermsVersions, putCalendarYear } from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { BadRequestError, NotFoundError } from '../problems'
import { recountProvisionalClocks } from '../tickets/write'
import { jsonBody, STAFF } from './common'

/** `POST /terms/versions`: the document and the month it takes effect. */
const NewTermsVersion = z.object({ from: MonthSchema, terms: ContractTerms })

/** A version as the history lists it: its name, the day it takes effect, who saved it. */
const historyEntry = (entry: TermsScheduleEntry, index: number, inForce: TermsScheduleEntry) => ({
  version: termsVersionOf(entry.terms),
  // The built-in document is in force from the contract's first day, a saved one from its month's.
  from: index === 0 ? entry.terms.contract.start : `${entry.from}-01`,
  ...(entry.savedBy ? { savedBy: entry.savedBy, savedAt: entry.savedAt } : {}),
  status: entry === inForce ? 'in_force' : entry.from > inForce.from ? 'upcoming' : 'superseded',
})

export function settingsRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()
  const today = () => localDateOf(deps.now())
  const inForceToday = () => {
    const terms = deps.terms.at(today())
    return deps.terms.versions.find((v) => v.terms === terms) as TermsScheduleEntry
  }

  app.get('/terms', allow(...STAFF), (c) => {
    const inForce = inForceToday()
    return c.json({
      version: termsVersionOf(inForce.terms),
      terms: inForce.terms,
      history: deps.terms.versions.map((v, i) => historyEntry(v, i, inForce)),
    })
  })

  // One version's document, as saved: what an auditor replays a month under.
  app.get('/terms/versions/:version', allow(...STAFF), (c) => {
    const wanted = c.req.param('version')
    const entry = deps.terms.versions.find(
      (v) => termsVersionOf(v.terms) === wanted || v.terms.version === wanted,
    )
    if (!entry) throw new NotFoundError(`no terms version ${wanted}`)
    return c.json({ version: termsVersionOf(entry.terms), from: entry.from, terms: entry.terms })
  })

  app.post('/terms/versions', allow('agency_reviewer'), async (c) => {
    const body = NewTermsVersion.parse(await jsonBody(c))
    // Read from the table, not the cache: the rules hold for the list as stored.
    const saved = await listTermsVersions(deps.store)
    deps.termsSource.adopt(saved)
    const same = saved.find((v) => v.terms.version === body.terms.version)
    if (same && same.from === body.from && isDeepStrictEqual(same.terms, body.terms)) {
      // A retry of a save that went through: nothing changes.
      return c.json({ version: termsVersionOf(same.terms), from: same.from, saved: false }, 200)
    }
    const refusal = newTermsVersionRefusal(deps.terms, body.terms, body.from, today())
    if (refusal) throw new BadRequestError(refusal.field, refusal.en, { code: refusal.code, zh: refusal.zh })
    const version = {
      from: body.from,
      terms: body.terms,
      savedBy: principalOf(c).username,
      savedAt: deps.now().toISOString(),
    }
    await appendTermsVersion(deps.store, saved, version)
    deps.termsSource.adopt([...saved, version])
    return c.json({ version: termsVersionOf(body.terms), from: body.from, saved: true }, 201)
  })

  app.get('/calendar', allow(...STAFF), async (c) =>
    c.json({ builtIn: deps.calendar.years, loaded: await listCalendarYears(deps.store) }),
  )

  app.put('/calendar/:year', allow('agency_reviewer'), async (c) => {
    const year = Number(c.req.param('year'))
    const document = CalendarYear.parse(await jsonBody(c))
    if (document.year !== year)
      throw new BadRequestError('year', `the document is for ${document.year}, not ${year}`)
    await putCalendarYear(deps.store, document, principalOf(c).username, deps.now().toISOString())
    await deps.calendarSource.reload()
    // Deadlines counted on a provisional calendar (this year not loaded then) are counted again.
    const recounted = await recountProvisionalClocks(deps)
    return c.json({ year, loaded: true, years: deps.calendar.years, recounted })
  })

  return app
}
