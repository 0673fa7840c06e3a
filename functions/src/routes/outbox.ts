/** `GET /api/v1/outbox`: the SMS the platform sent (in local mode: would have sent), by local day. */
import { LocalDateSchema, localDateOf } from '@hotline/domain'
import { listOutbox } from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'

const Query = z.object({
  day: LocalDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
})

export function outboxRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get(
    '/outbox',
    allow('agency_reviewer', 'agency_viewer', 'contractor'),
    async (c) => {
      const query = Query.parse(c.req.query())
      const day = query.day ?? localDateOf(deps.now())
      const page = await listOutbox(deps.store, day, { limit: query.limit, cursor: query.cursor })
      return c.json({ day, sender: deps.intake.sms.kind, ...page })
    },
  )
}
