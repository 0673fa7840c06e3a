/**
 * The records KPIs are computed from (SPEC §5, §9): create and list calls, ratings, staff events,
 * publications, incidents, facility checks and training. A batch is validated whole before
 * anything is written (a 400 names `records.3.enqueuedAt`); each record is written once.
 * Incidents are verified, and publications' accuracy reviewed, by an agency reviewer (audited).
 */
import {
  CallRecord,
  FacilityCheckRecord,
  type HotlineRecord,
  IncidentRecord,
  IsoWeekSchema,
  LocalDateSchema,
  MonthSchema,
  PublicationRecord,
  RatingRecord,
  RECORD_WRITERS,
  type Role,
  StaffEventRecord,
  TrainingRecord,
} from '@hotline/domain'
import { recordsPage, reviseRecord, type StoredKind } from '@hotline/store'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { parseQueueLog } from '../operations/importers/asterisk'
import { parseConnectRecords } from '../operations/importers/connect'
import { type IngestOutcome, ingestRecord } from '../operations/ingest'
import { BadRequestError } from '../problems'
import { jsonBody, STAFF } from './common'

const MAX_BATCH = 500

type Kind = {
  path: string
  kind: StoredKind
  schema: z.ZodType<HotlineRecord>
  /** Who may write it: the domain's `RECORD_WRITERS` of its kind. */
  writers: readonly Role[]
  /** The query parameter naming the partition to list, and its schema; none: one partition. */
  period: { param: string; schema: z.ZodType<string> } | null
}

const KINDS: Kind[] = [
  {
    path: 'calls',
    kind: 'call',
    schema: CallRecord,
    writers: RECORD_WRITERS.call,
    period: { param: 'day', schema: LocalDateSchema },
  },
  {
    path: 'ratings',
    kind: 'rating',
    schema: RatingRecord,
    writers: RECORD_WRITERS.rating,
    period: { param: 'month', schema: MonthSchema },
  },
  {
    path: 'staff-events',
    kind: 'staff_event',
    schema: StaffEventRecord,
    writers: RECORD_WRITERS.staff_event,
    period: null,
  },
  {
    path: 'publications',
    kind: 'publication',
    schema: PublicationRecord,
    writers: RECORD_WRITERS.publication,
    period: { param: 'day', schema: LocalDateSchema },
  },
  {
    path: 'incidents',
    kind: 'incident',
    schema: IncidentRecord,
    writers: RECORD_WRITERS.incident,
    period: { param: 'month', schema: MonthSchema },
  },
  {
    path: 'facility-checks',
    kind: 'facility_check',
    schema: FacilityCheckRecord,
    writers: RECORD_WRITERS.facility_check,
    period: { param: 'week', schema: IsoWeekSchema },
  },
  {
    path: 'training',
    kind: 'training',
    schema: TrainingRecord,
    writers: RECORD_WRITERS.training,
    period: { param: 'month', schema: MonthSchema },
  },
]

/** `{ records: [...] }` or one record; `kind` may be left out (the path says it). */
function batchSchema(kind: Kind) {
  const one = z.preprocess(
    (v) => (v && typeof v === 'object' && !Array.isArray(v) ? { kind: kind.kind, ...v } : v),
    kind.schema,
  )
  return z.union([
    z.object({
      records: z.array(one).min(1, 'send at least one record').max(MAX_BATCH, `at most ${MAX_BATCH} records`),
    }),
    one.transform((record) => ({ records: [record] })),
  ])
}

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2000).optional(),
})

export function recordRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()

  for (const kind of KINDS) {
    const schema = batchSchema(kind)
    app.post(`/${kind.path}`, allow(...kind.writers), async (c) => {
      const principal = principalOf(c)
      const body = await c.req.json().catch(() => {
        throw new BadRequestError('(body)', 'not valid JSON')
      })
      const { records } = schema.parse(body)
      if (
        kind.kind === 'incident' &&
        !principal.roles.includes('agency_reviewer') &&
        records.some((r) => r.kind === 'incident' && r.verified)
      ) {
        throw new BadRequestError(
          'verified',
          'only an agency reviewer may verify an incident: send verified false',
        )
      }
      const counts: Record<IngestOutcome, number> = { created: 0, updated: 0, duplicate: 0, applied: 0 }
      for (const record of records) {
        counts[await ingestRecord(deps.intake, record, { source: 'api', principal })]++
      }
      return c.json(
        {
          received: records.length,
          created: counts.created,
          duplicates: counts.duplicate,
          updated: counts.updated,
        },
        200,
      )
    })

    app.get(`/${kind.path}`, allow(...STAFF), async (c) => {
      const page = ListQuery.parse(c.req.query())
      let period = ''
      if (kind.period) {
        const parsed = z.object({ [kind.period.param]: kind.period.schema }).parse(c.req.query())
        period = String(parsed[kind.period.param])
      }
      const result = await recordsPage(deps.store, kind.kind, period, page)
      return c.json(result)
    })
  }

  /** Native call records: Amazon Connect contact records (JSON, NDJSON, Firehose) and Asterisk queue_log. */
  const importCalls = async (
    c: Context<AuthEnv>,
    parsed: {
      calls: HotlineRecord[]
      problems: { field: string; message: string; line?: number; index?: number; id?: string }[]
    },
    source: string,
    versions?: ReadonlyMap<string, number>,
  ) => {
    const principal = principalOf(c)
    const counts: Record<IngestOutcome, number> = { created: 0, updated: 0, duplicate: 0, applied: 0 }
    for (const call of parsed.calls) {
      const version = call.kind === 'call' ? versions?.get(call.callId) : undefined
      counts[await ingestRecord(deps.intake, call, { source, principal, version })]++
    }
    return c.json({
      calls: parsed.calls.length,
      created: counts.created,
      updated: counts.updated,
      duplicates: counts.duplicate,
      problems: parsed.problems,
    })
  }

  app.post('/calls/import/connect', allow('integration', 'agency_reviewer'), async (c) => {
    const result = parseConnectRecords(await c.req.text())
    return importCalls(c, result, 'connect', result.versions)
  })

  app.post('/calls/import/asterisk', allow('integration', 'agency_reviewer'), async (c) => {
    const result = parseQueueLog(await c.req.text())
    return importCalls(c, result, 'asterisk')
  })

  /**
   * An agency reviewer's audited yes or no on one record: `POST /<path>/:<period>/:<id>/<action>`
   * with `{ <field>: boolean, reason }` sets the field (a 409 unless it held the opposite).
   */
  const reviewRoute = (route: {
    path: string
    kind: 'incident' | 'publication'
    period: { param: string; schema: z.ZodType<string> }
    id: string
    action: string
    field: 'verified' | 'accurate'
  }) => {
    const Params = z.object({ [route.period.param]: route.period.schema, [route.id]: z.string().min(1) })
    const Body = z.object({ [route.field]: z.boolean(), reason: z.string().trim().min(2).max(1000) })
    app.post(
      `/${route.path}/:${route.period.param}/:${route.id}/${route.action}`,
      allow(...RECORD_WRITERS.review),
      async (c) => {
        const params = Params.parse(c.req.param()) as Record<string, string>
        const body = Body.parse(await jsonBody(c))
        const to = body[route.field] as boolean
        const item = await reviseRecord(
          deps.store,
          { kind: route.kind, period: params[route.period.param] as string, id: params[route.id] as string },
          {
            field: route.field,
            from: !to,
            to,
            by: principalOf(c).username,
            at: deps.now().toISOString(),
            reason: body.reason as string,
          },
        )
        return c.json(item)
      },
    )
  }

  reviewRoute({
    path: 'incidents',
    kind: 'incident',
    period: { param: 'month', schema: MonthSchema },
    id: 'incidentId',
    action: 'verify',
    field: 'verified',
  })
  reviewRoute({
    path: 'publications',
    kind: 'publication',
    period: { param: 'day', schema: LocalDateSchema },
    id: 'publicationId',
    action: 'review',
    field: 'accurate',
  })

  return app
}
