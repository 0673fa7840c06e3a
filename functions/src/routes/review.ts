/**
 * The agency's review of deductions (SPEC §6, §7; issue 10): decisions at the version seen (a
 * stale one is a 409; ¥0 breaches acknowledged, adjustments above the draft confirmed), reopening
 * a decision with a reason, bulk decisions over a confirmed selection, nothing while the month is
 * closed; the contractor's objection within its window, payments (the quarterly statement and
 * its CSV/XLSX exports: `statement-export.ts`; the terms and calendar behind them: `settings.ts`).
 */
import {
  bulkDecisionRefusal,
  DECISIONS,
  type Deduction,
  deadline,
  decisionRefusal,
  draftObjectionWindowClosed,
  localDateOf,
  MonthSchema,
  onTime,
  type Refusal,
  totalsChanged,
} from '@hotline/domain'
import {
  type ConflictError,
  decideDeduction,
  deductionsOfMonth,
  eachLimited,
  fileObjection,
  getDeduction,
  type MissingItemError,
  reopenDeduction,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { BadRequestError, NotFoundError } from '../problems'
import { PaymentInput, recordQuarterPayment } from '../review/payments'
import { actorOf, jsonBody, ObjectionText, Reason, ReopenBody, STAFF, Version } from './common'
import { assertMonthOpen, refuse } from './months'

const Params = z.object({ month: MonthSchema, id: z.string().min(1).max(200) })

const DecisionBody = z
  .object({
    decision: z.enum(DECISIONS),
    amountFen: z.number().int().nonnegative().optional(),
    reason: Reason.optional(),
    expectedVersion: Version,
    confirmAboveDraft: z.boolean().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'adjusted' && d.amountFen === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['amountFen'],
        message: 'an adjustment needs the new amount (fen)',
      })
    }
    if ((d.decision === 'rejected' || d.decision === 'adjusted') && !d.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `a deduction ${d.decision} needs a reason` })
    }
  })

const BulkBody = z.object({
  decision: z.enum(['approved', 'acknowledged']),
  items: z
    .array(z.object({ deductionId: z.string().min(1).max(200), expectedVersion: Version }))
    .min(1)
    .max(500)
    .refine((items) => new Set(items.map((i) => i.deductionId)).size === items.length, {
      message: 'each deduction may be selected once',
    }),
  expectedCount: z.number().int().min(1),
  expectedTotalFen: z.number().int().nonnegative(),
})

/** A rule's refusal as a 400 naming its field, with its code and Chinese words. */
/** A deduction is decided and objected to under the terms of the month it is billed in. */
const termsOfMonth = (deps: RouteDeps, month: string) => deps.terms.at(`${month}-01`)

const refused = (r: Refusal) => new BadRequestError(r.field, r.en, { code: r.code, zh: r.zh })

type BulkConflict = { deductionId: string; code: string; message: string; messageZh: string }
/** The store's errors of a decision that lost (the deduction changed meanwhile, or is gone): that item's conflict. */
const LOST = ['ConflictError', 'MissingItemError']

export function reviewRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()

  async function existing(month: string, id: string): Promise<Deduction> {
    const deduction = await getDeduction(deps.store, month, id)
    if (!deduction) throw new NotFoundError(`no deduction ${id} in ${month}`)
    return deduction
  }

  app.get('/deductions/:month/:id', allow(...STAFF), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    return c.json(await existing(month, id))
  })

  app.post('/deductions/:month/:id/decision', allow('agency_reviewer'), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const body = DecisionBody.parse(await jsonBody(c))
    const current = await existing(month, id)
    await assertMonthOpen(deps.store, month)
    // Judged on the version the reviewer saw (the write is conditional on it); another is a 409.
    const refusal = decisionRefusal(body, current.amountFen, termsOfMonth(deps, month))
    if (refusal && current.version === body.expectedVersion) throw refused(refusal)
    const decided = await decideDeduction(deps.store, month, id, { ...body, ...actorOf(deps, c) }, current)
    deps.metrics.count('Decisions')
    return c.json(decided)
  })

  app.post('/deductions/:month/:id/reopen', allow('agency_reviewer'), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const body = ReopenBody.parse(await jsonBody(c))
    const current = await existing(month, id)
    await assertMonthOpen(deps.store, month)
    return c.json(await reopenDeduction(deps.store, month, id, { ...body, ...actorOf(deps, c) }, current))
  })

  // All or nothing up front: the selection must be exactly what the reviewer confirmed.
  app.post('/deductions/:month/bulk-decision', allow('agency_reviewer'), async (c) => {
    const { month } = z.object({ month: MonthSchema }).parse(c.req.param())
    const body = BulkBody.parse(await jsonBody(c))
    await assertMonthOpen(deps.store, month)
    const byId = new Map((await deductionsOfMonth(deps.store, month)).map((d) => [d.deductionId, d]))
    const found = body.items.flatMap((item) => byId.get(item.deductionId) ?? [])
    const differ = body.items.filter((item) => {
      const now = byId.get(item.deductionId)
      return now?.status !== 'draft' || now.version !== item.expectedVersion
    }).length
    const totalFen = found.reduce((sum, d) => sum + d.amountFen, 0)
    if (differ > 0 || found.length !== body.expectedCount || totalFen !== body.expectedTotalFen)
      throw refuse(totalsChanged(body.items.length, differ, { count: found.length, totalFen }))
    const refusal = bulkDecisionRefusal(
      body.decision,
      found.map((d) => d.amountFen),
    )
    if (refusal) throw refused(refusal)
    const who = actorOf(deps, c)
    // A few decisions at a time; each outcome kept at its item's place, so both lists follow the request.
    const outcomes: ({ decided: Deduction } | { conflict: BulkConflict })[] = []
    await eachLimited(body.items, async (item, index) => {
      try {
        outcomes[index] = {
          decided: await decideDeduction(
            deps.store,
            month,
            item.deductionId,
            { decision: body.decision, expectedVersion: item.expectedVersion, ...who },
            byId.get(item.deductionId),
          ),
        }
      } catch (err) {
        if (!(err instanceof Error) || !LOST.includes(err.name)) throw err
        const { code, messageZh } = err as ConflictError | MissingItemError
        outcomes[index] = {
          conflict: {
            deductionId: item.deductionId,
            code: code ?? 'conflict',
            message: err.message,
            messageZh: messageZh ?? '',
          },
        }
      }
    })
    const decided = outcomes.flatMap((o) => ('decided' in o ? [o.decided] : []))
    const conflicts = outcomes.flatMap((o) => ('conflict' in o ? [o.conflict] : []))
    const decidedFen = decided.reduce((sum, d) => sum + (d.finalAmountFen ?? 0), 0)
    deps.metrics.count('Decisions', decided.length)
    return c.json({ decided, conflicts, count: decided.length, totalFen: decidedFen })
  })

  app.post('/deductions/:month/:id/objection', allow('contractor'), async (c) => {
    const { month, id } = Params.parse(c.req.param())
    const { text } = z.object({ text: ObjectionText }).parse(await jsonBody(c))
    const current = await existing(month, id)
    if (current.frozenBy) await assertMonthOpen(deps.store, month)
    const terms = termsOfMonth(deps, month)
    const window = deadline(current.draftedAt, terms.objectionWindow, deps.calendar, terms.counting)
    const now = deps.now().toISOString()
    if (!onTime(now, window.due))
      throw refuse(draftObjectionWindowClosed(window, terms.objectionWindow.count))
    return c.json(await fileObjection(deps.store, month, id, { by: principalOf(c).username, at: now, text }))
  })

  app.post('/payments', allow('agency_reviewer'), async (c) => {
    const input = PaymentInput.parse(await jsonBody(c))
    const terms = deps.terms.at(localDateOf(deps.now()))
    return c.json(await recordQuarterPayment({ ...deps, terms }, input, principalOf(c).username), 201)
  })

  // The statement and its CSV and XLSX exports: `statement-export.ts`, a function of their own on AWS.

  return app
}
