/**
 * Staff routes on tickets: read one, record a lifecycle event, reveal the citizen's phone number
 * (audited), read the audit log. The lifecycle grows with the operations API.
 */
import {
  Channel,
  CONTENT_MAX,
  Id,
  InstantSchema,
  MainlandMobile,
  PHONE_REVEAL_ROLES,
  TicketEventType,
} from '@hotline/domain'
import { getTicket, ticketAudit, ticketsDueBefore } from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { NotFoundError } from '../problems'
import { recordTicketEvent, revealPhone } from '../tickets/lifecycle'

const EventBody = z
  .object({
    type: TicketEventType,
    at: z.iso.datetime({ offset: true }).optional(),
    channel: Channel.optional(),
    needsTransfer: z.boolean().optional(),
    needsCallback: z.boolean().optional(),
    emergency: z.boolean().optional(),
    phone: MainlandMobile.optional(),
    content: z.string().trim().min(1).max(CONTENT_MAX).optional(),
    department: z.string().trim().min(1).max(200).optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.type === 'transferred' && !e.department) {
      ctx.addIssue({
        code: 'custom',
        path: ['department'],
        message: 'required to transfer: the handling unit (承办单位)',
      })
    }
    if (e.type === 'returned' && !e.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'required for a return: why the department returned it',
      })
    }
    const receivedOnly = ['channel', 'needsTransfer', 'emergency', 'phone', 'content'] as const
    for (const field of receivedOnly) {
      if (e.type !== 'received' && e[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'only allowed on a received event' })
      }
    }
  })

/** A ticket id in a path, named as the field it is. */
const TicketId = Id.describe('ticket id')

const RevealBody = z.object({ reason: z.string().trim().min(2, 'say why the number is needed').max(500) })

export function ticketRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>()
  const staff = allow('agency_reviewer', 'agency_viewer', 'contractor')

  const DueQuery = z.object({
    dueBefore: InstantSchema,
    status: TicketEventType.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  app.get('/tickets', staff, async (c) => {
    const query = DueQuery.parse(c.req.query())
    return c.json(await ticketsDueBefore(deps.store, query))
  })

  app.get('/tickets/:id', staff, async (c) => {
    const ticket = await getTicket(deps.store, c.req.param('id'))
    if (!ticket) throw new NotFoundError(`no ticket ${c.req.param('id')}`)
    return c.json(ticket)
  })

  app.post('/tickets/:id/events', allow('contractor', 'agency_reviewer', 'integration'), async (c) => {
    const body = EventBody.parse(await c.req.json().catch(() => undefined))
    const id = TicketId.parse(c.req.param('id'))
    const { ticket, created } = await recordTicketEvent(deps.intake, id, body, principalOf(c))
    return c.json(ticket, created ? 201 : 200)
  })

  app.post('/tickets/:id/reveal-phone', allow(...PHONE_REVEAL_ROLES), async (c) => {
    const { reason } = RevealBody.parse(await c.req.json().catch(() => undefined))
    c.header('Cache-Control', 'no-store')
    return c.json(await revealPhone(deps.intake, c.req.param('id'), principalOf(c), reason))
  })

  app.get('/tickets/:id/audit', allow('agency_reviewer'), async (c) => {
    const audit = await ticketAudit(deps.store, c.req.param('id'))
    if (!audit) throw new NotFoundError(`no ticket ${c.req.param('id')}`)
    return c.json({ ticketId: c.req.param('id'), audit })
  })

  return app
}
