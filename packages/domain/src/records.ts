/**
 * The records KPIs are computed from (SPEC §9): one zod schema per `kind`, the same for the
 * APIs, the NDJSON import and replay. Fields not listed are dropped, never an error (real
 * exports carry more); a listed field with a bad value fails with its path. Instants arrive in
 * any offset and leave as UTC.
 */
import { z } from 'zod'
import type { Role } from './auth/roles'
import { RatingLevel } from './terms/schema'
import { InstantSchema } from './time'

/** An identifier from a source system: 1–128 characters, no whitespace and no `#` (our key separator). */
export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'at most 128 characters')
  .regex(/^[^\s#]+$/, 'no spaces or #')

export const Channel = z.enum(['phone', 'sms', 'web', 'miniprogram', 'wechat'])
export type Channel = z.infer<typeof Channel>
/** Channels of the micro-platform (微平台): the WeChat official account and the mini-program. */
export const MICRO_PLATFORM_CHANNELS: readonly Channel[] = ['miniprogram', 'wechat']

export const CallRecord = z
  .object({
    kind: z.literal('call'),
    callId: Id,
    /** When the call entered the agent queue: the service-level clock starts here. */
    enqueuedAt: InstantSchema,
    endedAt: InstantSchema,
    /** `null`: abandoned (or never left the IVR). */
    answeredAt: InstantSchema.nullable(),
    agentId: Id.nullable().optional(),
    /** The caller never asked for an agent: not offered to the queue. */
    ivrOnly: z.boolean().optional(),
  })
  .superRefine((call, ctx) => {
    if (call.endedAt < call.enqueuedAt)
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'before enqueuedAt' })
    if (call.answeredAt !== null) {
      if (call.answeredAt < call.enqueuedAt)
        ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'before enqueuedAt' })
      if (call.answeredAt > call.endedAt)
        ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'after endedAt' })
    }
  })
export type CallRecord = z.infer<typeof CallRecord>

export const TicketEventType = z.enum([
  'received',
  'transferred',
  'returned',
  'replied',
  'callback_done',
  'closed',
])
export type TicketEventType = z.infer<typeof TicketEventType>

export const TicketEventRecord = z.object({
  kind: z.literal('ticket_event'),
  ticketId: Id,
  type: TicketEventType,
  at: InstantSchema,
  channel: Channel.optional(),
  /** Ticket flags, given on `received`; `needsCallback` may also come on `replied`. */
  needsTransfer: z.boolean().optional(),
  needsCallback: z.boolean().optional(),
  emergency: z.boolean().optional(),
  department: z.string().min(1).max(200).optional(),
  reason: z.string().max(2000).optional(),
  note: z.string().max(2000).optional(),
})
export type TicketEventRecord = z.infer<typeof TicketEventRecord>

export const RatingRecord = z.object({
  kind: z.literal('rating'),
  ticketId: Id,
  at: InstantSchema,
  level: RatingLevel,
  callId: Id.optional(),
})
export type RatingRecord = z.infer<typeof RatingRecord>

export const StaffRole = z.enum(['agent', 'ops'])
export type StaffRole = z.infer<typeof StaffRole>

export const StaffEventRecord = z.object({
  kind: z.literal('staff_event'),
  staffId: Id,
  type: z.enum(['joined', 'left']),
  at: InstantSchema,
  /** `agent`: front-line (前台受理员), the turnover KPI's population; `ops`: operations staff. */
  role: StaffRole,
  name: z.string().max(100).optional(),
})
export type StaffEventRecord = z.infer<typeof StaffEventRecord>

export const PublicationRecord = z.object({
  kind: z.literal('publication'),
  publicationId: Id,
  at: InstantSchema,
  channel: z.enum(['sms', 'weibo', 'wechat', 'website']),
  accurate: z.boolean(),
  title: z.string().max(500).optional(),
})
export type PublicationRecord = z.infer<typeof PublicationRecord>

export const IncidentType = z.enum([
  'complaint',
  'confidentiality',
  'inspection',
  'micro_platform',
  'emergency',
])
export type IncidentType = z.infer<typeof IncidentType>

export const IncidentRecord = z.object({
  kind: z.literal('incident'),
  incidentId: Id,
  type: IncidentType,
  at: InstantSchema,
  /** Only a verified incident (经查实) is charged. */
  verified: z.boolean(),
  description: z.string().max(4000).optional(),
})
export type IncidentRecord = z.infer<typeof IncidentRecord>

export const FacilityCheckRecord = z.object({
  kind: z.literal('facility_check'),
  type: z.enum(['safety', 'cleaning']),
  at: InstantSchema,
  checkId: Id.optional(),
  by: z.string().max(100).optional(),
  notes: z.string().max(2000).optional(),
})
export type FacilityCheckRecord = z.infer<typeof FacilityCheckRecord>

export const TrainingRecord = z
  .object({
    kind: z.literal('training'),
    staffId: Id,
    at: InstantSchema,
    type: z.enum(['onboarding', 'exam', 'practice', 'in_service']),
    hours: z
      .number()
      .positive()
      .max(24 * 31)
      .optional(),
    days: z.number().positive().max(366).optional(),
    passed: z.boolean().optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.type === 'onboarding' || t.type === 'practice') && t.days === undefined) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: `required for ${t.type}` })
    }
    if (t.type === 'in_service' && t.hours === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'required for in_service' })
    }
    if (t.type === 'exam' && t.passed === undefined) {
      ctx.addIssue({ code: 'custom', path: ['passed'], message: 'required for exam' })
    }
  })
export type TrainingRecord = z.infer<typeof TrainingRecord>

/** Any record, discriminated by `kind`. */
export const HotlineRecord = z.discriminatedUnion('kind', [
  CallRecord,
  TicketEventRecord,
  RatingRecord,
  StaffEventRecord,
  PublicationRecord,
  IncidentRecord,
  FacilityCheckRecord,
  TrainingRecord,
])
export type HotlineRecord = z.infer<typeof HotlineRecord>
export type RecordKind = HotlineRecord['kind']

/**
 * Who may write what: each kind of record the API takes (`POST /api/v1/<kind>`), the reviews of a
 * record (verifying an incident, correcting a publication's accuracy: with a reason, audited) and
 * loading a year's working-day calendar. The API's routes allow these roles and the admin app
 * offers its forms to them only: one table, so they cannot disagree.
 */
export const RECORD_WRITERS = {
  call: ['integration', 'contractor'],
  rating: ['integration', 'contractor'],
  staff_event: ['contractor', 'agency_reviewer'],
  publication: ['contractor'],
  incident: ['agency_reviewer', 'contractor'],
  facility_check: ['contractor'],
  training: ['contractor'],
  review: ['agency_reviewer'],
  calendar: ['agency_reviewer'],
} as const satisfies Record<Exclude<RecordKind, 'ticket_event'> | 'review' | 'calendar', readonly Role[]>
