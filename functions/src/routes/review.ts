/**
 * The agency's review of deductions (SPEC §6, §7): decisions at the version seen (a stale one is a
 * 409), the contractor's objection within its window, payments, the quarterly statement and its
 * CSV/XLSX exports, and the settings behind them: the terms in force and the calendar years.
 */
import {
  CalendarYear,
  deadline,
  LocalDateSchema,
  localDateOf,
  MonthSchema,
  termsVersionOf,
} from '@hotline/domain'
import {
  decideDeduction,
  fileObjection,
  getDeduction,
  listCalendarYears,
  putCalendarYear,
  recordPayment,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { BadRequestError, NotFoundError, TransitionError } from '../problems'
import { buildStatement, statementCsv, statementXlsx } from '../review/statement'

const STAFF = ['agency_reviewer', 'agency_viewer', 'contractor'] as const
const Params = z.object({ month: MonthSchema, id: z.string().min(1).max(200) })

const Decision = z
  .object({
    decision: z.enum(['approved', 'rejected', 'adjusted']),
    amountFen: z.number().int().nonnegative().optional(),
    reason: z.string().trim().min(2).max(2000).optional(),
    expectedVersion: z.number().int().min(1),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'adjusted' && d.amountFen === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['amountFen'],
        message: 'an adjustment needs the new amount (fen)',
      })
    }
    if (d.decision !== 'approved' && !d.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `a deduction ${d.decision} needs a reason` })
    }
  })

export function reviewRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()
  const json = async (c: { req: { json(): Promise<unknown> } }) => c.req.json().catch(() => undefined)

  app.get('/deductions/:month/:id', allow(...STAFF), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const deduction = await getDeduction(deps.store, month, id)
    if (!deduction) throw new NotFoundError(`no deduction ${id} in ${month}`)
    return c.json(deduction)
  })

  app.post('/deductions/:month/:id/decision', allow('agency_reviewer'), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const body = Decision.parse(await json(c))
    const decided = await decideDeduction(deps.store, month, id, {
      ...body,
      by: principalOf(c).username,
      at: deps.now().toISOString(),
    })
    return c.json(decided)
  })

  app.post('/deductions/:month/:id/objection', allow('contractor'), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const { text } = z.object({ text: z.string().trim().min(5).max(4000) }).parse(await json(c))
    const current = await getDeduction(deps.store, month, id)
    if (!current) throw new NotFoundError(`no deduction ${id} in ${month}`)
    const window = deadline(current.draftedAt, deps.terms.objectionWindow, deps.calendar, deps.terms.counting)
    const now = deps.now().toISOString()
    if (now > window.due) {
      throw new TransitionError({
        zh: `申诉期已过（截至${window.lastDay} 24:00）`,
        en: `the objection window closed at ${window.due} (${deps.terms.objectionWindow.count} working days after drafting)`,
      })
    }
    return c.json(await fileObjection(deps.store, month, id, { by: principalOf(c).username, at: now, text }))
  })

  app.post('/payments', allow('agency_reviewer'), async (c) => {
    const payment = z
      .object({
        quarter: z.number().int().min(1).max(4),
        paidOn: LocalDateSchema,
        amountFen: z.number().int().nonnegative(),
      })
      .parse(await json(c))
    await recordPayment(deps.store, {
      ...payment,
      recordedBy: principalOf(c).username,
      recordedAt: deps.now().toISOString(),
    })
    return c.json(payment, 201)
  })

  const StatementQuery = z.object({ asOf: LocalDateSchema.optional() })
  app.get('/statement', allow(...STAFF), async (c) => {
    const asOf = StatementQuery.parse(c.req.query()).asOf ?? localDateOf(deps.now())
    const { statement } = await buildStatement(deps.store, deps.terms, asOf)
    return c.json(statement)
  })

  app.get('/statement/export', allow(...STAFF), async (c) => {
    const query = StatementQuery.extend({ format: z.enum(['csv', 'xlsx']) }).parse(c.req.query())
    const asOf = query.asOf ?? localDateOf(deps.now())
    const { statement, deductions } = await buildStatement(deps.store, deps.terms, asOf)
    const name = `statement-${termsVersionOf(deps.terms).replace(/[^\w.-]/g, '_')}-${asOf}`
    c.header('Content-Disposition', `attachment; filename="${name}.${query.format}"`)
    if (query.format === 'csv')
      return c.body(statementCsv(statement, deductions), 200, { 'content-type': 'text/csv; charset=utf-8' })
    const xlsx = await statementXlsx(statement, deductions)
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    })
  })

  app.get('/terms', allow(...STAFF), (c) =>
    c.json({
      version: termsVersionOf(deps.terms),
      terms: deps.terms,
      history: [{ version: termsVersionOf(deps.terms), from: deps.terms.contract.start }],
    }),
  )

  app.get('/calendar', allow(...STAFF), async (c) =>
    c.json({ builtIn: deps.calendar.years, loaded: await listCalendarYears(deps.store) }),
  )

  app.put('/calendar/:year', allow('agency_reviewer'), async (c) => {
    const year = Number(c.req.param('year'))
    const document = CalendarYear.parse(await json(c))
    if (document.year !== year)
      throw new BadRequestError('year', `the document is for ${document.year}, not ${year}`)
    await putCalendarYear(deps.store, document, principalOf(c).username, deps.now().toISOString())
    await deps.calendarSource.reload()
    return c.json({ year, loaded: true, years: deps.calendar.years })
  })

  return app
}
