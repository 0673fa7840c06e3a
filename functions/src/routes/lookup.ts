/**
 * Looking things up for the admin app: a record by the id a KPI result cites, a ticket by its
 * number or (audited) by the caller's phone, and the people who signed in.
 *
 * Which route opens a KPI's `evidence.ids` (`packages/domain/src/kpi/*`), and with which period:
 *
 * | KPI (result period) | evidence ids | route |
 * |---|---|---|
 * | `answer_15s`, `connection`, `agent_workload` (a day) | call ids | `/records/calls/<period>/<id>` |
 * | `publish_accuracy` (a day) | publication ids | `/records/publications/<period>/<id>` |
 * | `complaint`, `confidentiality`, `inspection`; `micro_platform`, `emergency_report` with `figures.type` (a day) | incident ids | `/records/incidents/<first 7 of period>/<id>` |
 * | `safety_check`, `cleaning_check` (an ISO week) | check ids | `/records/checks/<period>/<id>?type=safety\|cleaning` |
 * | `turnover` (a month or year), `training.onboarding`, `training.in_service` | staff ids | `/records/staff/<id>` |
 * | `service_error.*`, `satisfaction`, `micro_platform` (monthly), `emergency_report` (tickets) | ticket ids | `/tickets/<id>` |
 * | monthly roll-ups of daily KPIs (period `YYYY-MM`) | dates below target | (the day's results) |
 *
 * A facility check logged without a `checkId` is filed under its instant, which the check route
 * also accepts as its key. Every id in a path is URL-encoded by the caller.
 */
import { randomUUID } from 'node:crypto'
import {
  type CallRecord,
  type ContractTerms,
  classifyCall,
  deductionId,
  epochMs,
  Id,
  INCIDENT_KPI,
  IsoWeekSchema,
  LocalDateSchema,
  localDateOf,
  localMonthOf,
  MainlandMobile,
  MonthSchema,
  maskPhone,
  PHONE_REVEAL_ROLES,
  type Ticket,
} from '@hotline/domain'
import {
  appendTicketAudit,
  billingMonth,
  citizenTickets,
  deductionsOfMonth,
  facilityChecksByKey,
  getRecord,
  getTicket,
  listPeople,
  logPhoneSearch,
  phoneSearchesOf,
  staffEventsOf,
  trainingsOfStaff,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { NotFoundError } from '../problems'
import { jsonBody, STAFF } from './common'

/** The most tickets one phone search answers (a citizen's newest first). */
const MAX_PHONE_RESULTS = 50

/** How a call stands against the service level, with the seconds that decided it. */
function callOutcome(call: CallRecord, serviceLevel: ContractTerms['serviceLevel']) {
  const outcome = classifyCall(call, serviceLevel)
  const seconds = (from: string, to: string) => (epochMs(to) - epochMs(from)) / 1000
  return {
    outcome,
    /** In the queue until answered or hung up; none for a call that never left the IVR. */
    waitSeconds: outcome === 'ivrOnly' ? null : seconds(call.enqueuedAt, call.answeredAt ?? call.endedAt),
    talkSeconds: call.answeredAt === null ? null : seconds(call.answeredAt, call.endedAt),
    thresholdSeconds: serviceLevel.answerThresholdSeconds,
  }
}

/** A ticket as a search lists it: the phone only masked. */
const summary = (t: Ticket) => ({
  ticketId: t.ticketId,
  status: t.status,
  channel: t.channel,
  receivedAt: t.receivedAt,
  phoneMasked: t.phoneMasked,
})

/**
 * The tickets whose number is `typed` (case-insensitive, whitespace and full-width forms
 * ignored): numbers are stored as issued, so the upper-case, as-typed and lower-case spellings
 * are each one GetItem.
 */
async function ticketsByNumber(deps: RouteDeps, typed: string): Promise<Ticket[]> {
  const number = typed.normalize('NFKC').replace(/\s+/g, '')
  if (!Id.safeParse(number).success) return []
  const spellings = [...new Set([number.toUpperCase(), number, number.toLowerCase()])]
  const found = await Promise.all(spellings.map((s) => getTicket(deps.store, s)))
  return found.filter((t) => t !== null)
}

const CallParams = z.object({ day: LocalDateSchema, callId: Id })
const PublicationParams = z.object({ day: LocalDateSchema, publicationId: Id })
const IncidentParams = z.object({ month: MonthSchema, incidentId: Id })
const CheckParams = z.object({ week: IsoWeekSchema, checkKey: Id })
const CheckQuery = z.object({ type: z.enum(['safety', 'cleaning']).optional() })
const StaffParams = z.object({ staffId: Id })
const SearchQuery = z.object({ q: z.string().trim().min(1, 'type a ticket number').max(100) })
const PhoneSearchBody = z.object({
  phone: MainlandMobile,
  reason: z.string().trim().min(2, 'say why the search is needed').max(500),
})
const LogQuery = z.object({ month: MonthSchema })

export function lookupRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()
  const staff = allow(...STAFF)

  app.get('/records/calls/:day/:callId', staff, async (c) => {
    const { day, callId } = CallParams.parse(c.req.param())
    const record = await getRecord(deps.store, 'call', day, callId)
    if (!record) throw new NotFoundError(`no call ${callId} on ${day}`)
    return c.json({ record, derived: callOutcome(record, deps.terms.at(day).serviceLevel) })
  })

  app.get('/records/publications/:day/:publicationId', staff, async (c) => {
    const { day, publicationId } = PublicationParams.parse(c.req.param())
    const record = await getRecord(deps.store, 'publication', day, publicationId)
    if (!record) throw new NotFoundError(`no publication ${publicationId} on ${day}`)
    return c.json({ record })
  })

  /** The incident and every deduction drafted for it: its id's record and any superseding ones (`~n`). */
  app.get('/records/incidents/:month/:incidentId', staff, async (c) => {
    const { month, incidentId } = IncidentParams.parse(c.req.param())
    const record = await getRecord(deps.store, 'incident', month, incidentId)
    if (!record) throw new NotFoundError(`no incident ${incidentId} in ${month}`)
    const period = localDateOf(record.at)
    const base = deductionId(INCIDENT_KPI[record.type], period, record.incidentId)
    const cited = (await deductionsOfMonth(deps.store, billingMonth(period), base)).filter(
      (d) => d.deductionId === base || d.deductionId.startsWith(`${base}~`),
    )
    return c.json({
      record,
      deductions: cited.map((d) => ({
        billingMonth: d.billingMonth,
        deductionId: d.deductionId,
        status: d.status,
        amountFen: d.amountFen,
        finalAmountFen: d.finalAmountFen,
      })),
    })
  })

  /** `?type=` picks the safety or the cleaning check when both carry the key; `others` lists the rest. */
  app.get('/records/checks/:week/:checkKey', staff, async (c) => {
    const { week, checkKey } = CheckParams.parse(c.req.param())
    const { type } = CheckQuery.parse(c.req.query())
    const [record, ...others] = (await facilityChecksByKey(deps.store, week, checkKey)).filter(
      (check) => type === undefined || check.type === type,
    )
    if (!record) throw new NotFoundError(`no facility check ${checkKey} in ${week}`)
    return c.json({ record, others })
  })

  app.get('/records/staff/:staffId', staff, async (c) => {
    const { staffId } = StaffParams.parse(c.req.param())
    const [events, training] = await Promise.all([
      staffEventsOf(deps.store, staffId),
      trainingsOfStaff(deps.store, staffId),
    ])
    if (events.length === 0 && training.length === 0) throw new NotFoundError(`no staff member ${staffId}`)
    const name = events.findLast((e) => e.name !== undefined)?.name ?? null
    return c.json({ staffId, name, events, training })
  })

  app.get('/search', staff, async (c) => {
    const { q } = SearchQuery.parse(c.req.query())
    return c.json({ tickets: (await ticketsByNumber(deps, q)).map(summary) })
  })

  /**
   * A citizen's tickets by their phone number, for a role that may reveal it: the search is logged
   * (who, why, the number masked) and each ticket found records it in its audit log before the
   * answer, which shows the number only masked.
   */
  app.post('/search/phone', allow(...PHONE_REVEAL_ROLES), async (c) => {
    const { phone, reason } = PhoneSearchBody.parse(await jsonBody(c))
    const principal = principalOf(c)
    const at = deps.now().toISOString()
    const found = await citizenTickets(deps.store, deps.vault.citizenKey('phone', phone), MAX_PHONE_RESULTS)
    const searchId = randomUUID()
    await logPhoneSearch(deps.store, localMonthOf(at), {
      searchId,
      at,
      by: principal.username,
      roles: principal.roles,
      reason,
      phoneMasked: maskPhone(phone),
      count: found.length,
      ticketIds: found.map((t) => t.ticketId),
    })
    const entry = {
      at,
      by: principal.username,
      action: 'phone_search',
      detail: { reason, roles: principal.roles.join(','), searchId },
    }
    const tickets = await Promise.all(found.map((t) => appendTicketAudit(deps.store, t.ticketId, entry)))
    c.header('Cache-Control', 'no-store')
    return c.json({ tickets: tickets.map(summary) })
  })

  /** The month's phone searches, for the agency's reviewers. */
  app.get('/search/phone/log', allow('agency_reviewer'), async (c) => {
    const { month } = LogQuery.parse(c.req.query())
    return c.json({ month, searches: await phoneSearchesOf(deps.store, month) })
  })

  app.get('/people', staff, async (c) => {
    const people = await listPeople(deps.store)
    return c.json({ people: people.map(({ username, name, roles }) => ({ username, name, roles })) })
  })

  return app
}
