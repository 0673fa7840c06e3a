/**
 * Months and their close (月度考核确认, issue 10): the month list and the month the app opens on;
 * a month's close with its 确认单 snapshot and late revisions; closing and reopening by a reviewer;
 * the contractor's acknowledgement, or objection within the window. See docs/operations.md.
 */
import {
  type ConflictWords,
  currentMonth,
  DECIDED_STATUSES,
  type DeductionStatus,
  MonthSchema,
  monthClosed,
  monthCloseView,
  monthClosing,
  monthConflict,
  monthSummaries,
  objectionDueAfter,
  objectionWindowClosed,
  onTime,
  termsVersionOf,
} from '@hotline/domain'
import {
  answerClose,
  closeMonth,
  deductionsOfMonth,
  deductionTalliesByStatus,
  getMonth,
  listMonths,
  reopenMonth,
  type Store,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import { NotFoundError, TransitionError } from '../problems'
import { actorOf, jsonBody, ObjectionText, ReopenBody, STAFF, Version } from './common'

const MonthParam = z.object({ month: MonthSchema })

/** A 409 with its code and words in both languages. */
export const refuse = (why: ConflictWords) => new TransitionError({ zh: why.zh, en: why.en }, why.code)

/**
 * Refuses a change to a deduction of `month` while the month is closed (`month_closed`) or a close
 * is in progress (`frozen`). The deduction's own write is conditional on not being frozen as well.
 */
export async function assertMonthOpen(store: Store, month: string): Promise<void> {
  const record = await getMonth(store, month)
  if (record?.state === 'closed') throw refuse(monthClosed(record))
  if (record?.state === 'closing') throw refuse(monthClosing(record))
}

export function monthRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()

  /** The month's item, or a 404 (the store's writes answer a missing month with their own 404). */
  async function existing(month: string) {
    const record = await getMonth(deps.store, month)
    if (!record) throw new NotFoundError(`no results for ${month}: run its jobs first`)
    return record
  }

  app.get('/months', allow(...STAFF), async (c) => {
    const statuses: DeductionStatus[] = ['draft', ...DECIDED_STATUSES]
    const tallies = await Promise.all(statuses.map((s) => deductionTalliesByStatus(deps.store, s)))
    const months = monthSummaries(await listMonths(deps.store), tallies.flat())
    return c.json({ current: currentMonth(months), months })
  })

  app.get('/months/:month/close', allow(...STAFF), async (c) => {
    const { month } = MonthParam.parse(c.req.param())
    const record = await existing(month)
    return c.json(monthCloseView(record, await deductionsOfMonth(deps.store, month)))
  })

  app.post('/months/:month/close', allow('agency_reviewer'), async (c) => {
    const { month } = MonthParam.parse(c.req.param())
    const { expectedVersion } = z
      .object({ expectedVersion: Version.optional() })
      .parse((await jsonBody(c)) ?? {})
    const who = actorOf(deps, c)
    // The month is closed under its own terms: the version its deductions were drafted under.
    const terms = deps.terms.at(`${month}-01`)
    const { record, deductions } = await closeMonth(deps.store, month, {
      ...who,
      expectedVersion,
      termsVersion: termsVersionOf(terms),
      objectionDue: objectionDueAfter(who.at, terms, deps.calendar),
    })
    return c.json(monthCloseView(record, deductions))
  })

  app.post('/months/:month/reopen', allow('agency_reviewer'), async (c) => {
    const { month } = MonthParam.parse(c.req.param())
    const body = ReopenBody.parse(await jsonBody(c))
    const record = await reopenMonth(deps.store, month, { ...actorOf(deps, c), ...body })
    // Reopened: open, without a snapshot, so the view reads no deduction (nor late revisions).
    return c.json(monthCloseView(record, []))
  })

  app.post('/months/:month/close/acknowledge', allow('contractor'), async (c) => {
    const { month } = MonthParam.parse(c.req.param())
    const { expectedVersion } = z.object({ expectedVersion: Version }).parse(await jsonBody(c))
    const record = await answerClose(deps.store, month, {
      ...actorOf(deps, c),
      state: 'acknowledged',
      text: null,
      expectedVersion,
    })
    return c.json(monthCloseView(record, await deductionsOfMonth(deps.store, month)))
  })

  app.post('/months/:month/close/objection', allow('contractor'), async (c) => {
    const { month } = MonthParam.parse(c.req.param())
    const body = z.object({ text: ObjectionText, expectedVersion: Version }).parse(await jsonBody(c))
    const current = await existing(month)
    const who = actorOf(deps, c)
    const why = monthConflict(current, 'object', null)
    if (why) throw refuse(why)
    if (current.objectionDue && !onTime(who.at, current.objectionDue))
      throw refuse(objectionWindowClosed(current.objectionDue))
    const record = await answerClose(deps.store, month, {
      ...who,
      state: 'objected',
      text: body.text,
      expectedVersion: body.expectedVersion,
    })
    return c.json(monthCloseView(record, await deductionsOfMonth(deps.store, month)))
  })

  return app
}
