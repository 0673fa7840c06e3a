/**
 * The calls of the incidents, compliance, settings and record pages: the records the KPIs are
 * computed from (`functions/src/routes/records.ts`), one record by the id a KPI result cites and the
 * ticket search (`routes/lookup.ts`), the month's KPI results and the jobs' runs (`routes/jobs.ts`), the terms in force
 * (also as one cached query, `useTerms`), their versions, and the calendar years (`routes/settings.ts`). Records are
 * parsed with the domain's own schemas plus what the store adds (`source, ingestedBy, ingestedAt,
 * audit`), so a drift fails loudly. Who may write what is the domain's `RECORD_WRITERS`, the table
 * the routes use too.
 *
 * Only lazy pages import this module: zod and the schemas stay out of the entry chunk.
 */
import {
  AuditEntry,
  CalendarYear,
  CallRecord,
  Channel,
  ContractTerms,
  DEDUCTION_STATUSES,
  FacilityCheckRecord,
  IncidentRecord,
  JobRun,
  KpiResultRecord,
  PublicationRecord,
  StaffEventRecord,
  TicketEventType,
  TrainingRecord,
} from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { z } from 'zod'
import { useSession } from '../session'
import { type ApiAuth, request } from './client'

/** One entry of a record's own append-only audit log (`AuditEntry` of `@hotline/store`). */
export { AuditEntry }

/** What the store keeps with every record: where it came from, who sent it, when, and its audit log. */
const Meta = z.object({
  source: z.string(),
  ingestedBy: z.string(),
  ingestedAt: z.string(),
  audit: z.array(AuditEntry),
})

const stored = <S extends z.ZodType>(schema: S) => z.intersection(schema, Meta)

export const StoredIncident = stored(IncidentRecord)
export type StoredIncident = z.infer<typeof StoredIncident>
export const StoredFacilityCheck = stored(FacilityCheckRecord)
export type StoredFacilityCheck = z.infer<typeof StoredFacilityCheck>
export const StoredTraining = stored(TrainingRecord)
export type StoredTraining = z.infer<typeof StoredTraining>
export const StoredStaffEvent = stored(StaffEventRecord)
export type StoredStaffEvent = z.infer<typeof StoredStaffEvent>
export const StoredPublication = stored(PublicationRecord)
export type StoredPublication = z.infer<typeof StoredPublication>
export const StoredCall = stored(CallRecord)
export type StoredCall = z.infer<typeof StoredCall>

/** How a call stands against the service level (the domain's `classifyCall`, as the KPI counts it). */
export const CALL_OUTCOMES = [
  'answeredWithin',
  'answeredLate',
  'abandoned',
  'shortAbandon',
  'ivrOnly',
] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

/** `GET /api/v1/records/calls/:day/:callId`. */
export const CallLookup = z.object({
  record: StoredCall,
  derived: z.object({
    outcome: z.enum(CALL_OUTCOMES),
    waitSeconds: z.number().nullable(),
    talkSeconds: z.number().nullable(),
    thresholdSeconds: z.number(),
  }),
})
export type CallLookup = z.infer<typeof CallLookup>

/** A deduction drafted for an incident, as the incident's record lists it. */
export const CitingDeduction = z.object({
  billingMonth: z.string(),
  deductionId: z.string(),
  status: z.enum(DEDUCTION_STATUSES),
  amountFen: z.number().int(),
  finalAmountFen: z.number().int().nullable(),
})
export type CitingDeduction = z.infer<typeof CitingDeduction>

/** `GET /api/v1/records/incidents/:month/:incidentId`: the incident and the deductions citing it. */
export const IncidentLookup = z.object({ record: StoredIncident, deductions: z.array(CitingDeduction) })
export type IncidentLookup = z.infer<typeof IncidentLookup>

/** `GET /api/v1/records/checks/:week/:checkKey`: the check, and another of the other type under the same key. */
export const CheckLookup = z.object({
  record: StoredFacilityCheck,
  others: z.array(StoredFacilityCheck).default([]),
})
export type CheckLookup = z.infer<typeof CheckLookup>

/** `GET /api/v1/records/staff/:staffId`: a person's staff events and training. */
export const StaffLookup = z.object({
  staffId: z.string(),
  name: z.string().nullable(),
  events: z.array(StoredStaffEvent),
  training: z.array(StoredTraining),
})
export type StaffLookup = z.infer<typeof StaffLookup>

/** A ticket as a search lists it: the phone only masked. */
export const FoundTicket = z.object({
  ticketId: z.string(),
  status: TicketEventType,
  channel: Channel,
  receivedAt: z.string(),
  phoneMasked: z.string().nullable(),
})
export type FoundTicket = z.infer<typeof FoundTicket>
export const SearchResult = z.object({ tickets: z.array(FoundTicket) })
export type SearchResult = z.infer<typeof SearchResult>

/** `GET /api/v1/<kind>?<period>=`: one page of a partition; `cursor` is `null` on the last. */
const page = <S extends z.ZodType>(schema: S) =>
  z.object({ records: z.array(schema), cursor: z.string().nullable() })

/** `POST /api/v1/<kind>`: what the batch came to. */
export const WriteReport = z.object({
  received: z.number().int(),
  created: z.number().int(),
  duplicates: z.number().int(),
  updated: z.number().int(),
})
export type WriteReport = z.infer<typeof WriteReport>

/** A KPI result as the jobs stored it (`StoredKpiResult` of `@hotline/store`). */
export const KpiResult = KpiResultRecord
export type KpiResult = KpiResultRecord
const KpiResults = z.object({ month: z.string(), results: z.array(KpiResult) })

/** Where a version stands today: in force, saved to take effect from a coming month, or replaced. */
export const TERMS_STATUSES = ['in_force', 'upcoming', 'superseded'] as const
export type TermsStatus = (typeof TERMS_STATUSES)[number]

/** A version as the history lists it: its first day in force, who saved it and when (not the built-in one). */
export const TermsHistoryEntry = z.object({
  version: z.string(),
  from: z.string(),
  savedBy: z.string().optional(),
  savedAt: z.string().optional(),
  status: z.enum(TERMS_STATUSES),
})
export type TermsHistoryEntry = z.infer<typeof TermsHistoryEntry>

/** `GET /api/v1/terms`: the terms in force today and every version, oldest first. */
export const TermsResponse = z.object({
  version: z.string(),
  terms: ContractTerms,
  history: z.array(TermsHistoryEntry),
})
export type TermsResponse = z.infer<typeof TermsResponse>

/** `GET /api/v1/terms/versions/:version`: one version's document, as saved, and its first month. */
export const TermsVersionDocument = z.object({ version: z.string(), from: z.string(), terms: ContractTerms })
export type TermsVersionDocument = z.infer<typeof TermsVersionDocument>

/** `POST /api/v1/terms/versions`: saved (201), or `saved: false` for a retry of a save that went through. */
export const TermsVersionSaved = z.object({ version: z.string(), from: z.string(), saved: z.boolean() })
export type TermsVersionSaved = z.infer<typeof TermsVersionSaved>

/** A run of the daily or monthly job, as `GET /api/v1/jobs/runs` lists it: the domain's `JobRun`. */
export { JobRun }

const JobRuns = z.object({ runs: z.array(JobRun) })

/** A year loaded by an administrator (`StoredCalendarYear` of `@hotline/store`). */
export const LoadedCalendarYear = z.intersection(
  CalendarYear,
  z.object({ loadedBy: z.string(), loadedAt: z.string() }),
)
export type LoadedCalendarYear = z.infer<typeof LoadedCalendarYear>

/**
 * `GET /api/v1/calendar`. `builtIn` is the server's calendar in force — the built-in years and
 * those loaded since it last read them — not only the built-in ones.
 */
export const CalendarResponse = z.object({
  builtIn: z.array(z.number().int()),
  loaded: z.array(LoadedCalendarYear),
})
export type CalendarResponse = z.infer<typeof CalendarResponse>

export const CalendarLoaded = z.object({
  year: z.number().int(),
  loaded: z.literal(true),
  years: z.array(z.number().int()),
  /** Open tickets whose deadlines had been counted on a provisional calendar, counted again now. */
  recounted: z.number().int().default(0),
})

/** Bodies of the writes (the record without `kind`: the path says it). */
export type IncidentInput = Omit<IncidentRecord, 'kind'>
export type FacilityCheckInput = Omit<FacilityCheckRecord, 'kind'>
export type TrainingInput = Omit<TrainingRecord, 'kind'>
export type StaffEventInput = Omit<StaffEventRecord, 'kind'>

/** Each page of a partition, in order (the partitions these pages read hold a few hundred at most). */
async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ records: T[]; cursor: string | null }>,
): Promise<T[]> {
  const out: T[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const next = await fetchPage(cursor)
    out.push(...next.records)
    if (!next.cursor) break
    cursor = next.cursor
  }
  return out
}

const LIST_LIMIT = 1000
const V1 = '/api/v1'
const seg = encodeURIComponent

function list<S extends z.ZodType>(
  auth: ApiAuth,
  path: string,
  schema: S,
  period?: Record<string, string>,
): Promise<z.infer<S>[]> {
  return allPages((cursor) => {
    const params = new URLSearchParams({ ...period, limit: String(LIST_LIMIT) })
    if (cursor) params.set('cursor', cursor)
    return request(`${V1}/${path}?${params}`, page(schema), { auth })
  })
}

export function createRecordsApi(auth: ApiAuth) {
  const post = <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    request(`${V1}/${path}`, schema, { method: 'POST', body, auth })
  const get = <S extends z.ZodType>(path: string, schema: S) => request(`${V1}/${path}`, schema, { auth })
  return {
    incidents: (month: string) => list(auth, 'incidents', StoredIncident, { month }),
    recordIncident: (body: IncidentInput) => post('incidents', WriteReport, body),
    /** The incident as stored after the change, with its audit log. */
    verifyIncident: (month: string, incidentId: string, body: { verified: boolean; reason: string }) =>
      post(`incidents/${seg(month)}/${seg(incidentId)}/verify`, StoredIncident, body),

    facilityChecks: (week: string) => list(auth, 'facility-checks', StoredFacilityCheck, { week }),
    logFacilityCheck: (body: FacilityCheckInput) => post('facility-checks', WriteReport, body),

    training: (month: string) => list(auth, 'training', StoredTraining, { month }),
    recordTraining: (body: TrainingInput) => post('training', WriteReport, body),

    /** The whole staff history: one partition. */
    staffEvents: () => list(auth, 'staff-events', StoredStaffEvent),
    recordStaffEvent: (body: StaffEventInput) => post('staff-events', WriteReport, body),

    publications: (day: string) => list(auth, 'publications', StoredPublication, { day }),
    reviewPublication: (day: string, id: string, body: { accurate: boolean; reason: string }) =>
      post(`publications/${seg(day)}/${seg(id)}/review`, StoredPublication, body),

    /** A billing month's KPI results, optionally of one KPI. */
    kpis: (month: string, kpi?: string) => {
      const params = new URLSearchParams({ month })
      if (kpi) params.set('kpi', kpi)
      return request(`${V1}/kpis?${params}`, KpiResults, { auth }).then((r) => r.results)
    },

    /** One record by the id a KPI result cites (404 `not_found` when there is none). */
    call: (day: string, callId: string) => get(`records/calls/${seg(day)}/${seg(callId)}`, CallLookup),
    publication: (day: string, id: string) =>
      get(`records/publications/${seg(day)}/${seg(id)}`, z.object({ record: StoredPublication })),
    incident: (month: string, id: string) =>
      get(`records/incidents/${seg(month)}/${seg(id)}`, IncidentLookup),
    check: (week: string, key: string, type?: string) =>
      get(
        `records/checks/${seg(week)}/${seg(key)}${type ? `?${new URLSearchParams({ type })}` : ''}`,
        CheckLookup,
      ),
    staff: (staffId: string) => get(`records/staff/${seg(staffId)}`, StaffLookup),

    /** Tickets by number (exact; case and spaces do not matter). */
    searchTickets: (q: string) => get(`search?${new URLSearchParams({ q })}`, SearchResult),
    /** Tickets by the citizen's phone: the search is recorded (who, why, the number masked). */
    searchPhone: (phone: string, reason: string) => post('search/phone', SearchResult, { phone, reason }),

    terms: () => request(`${V1}/terms`, TermsResponse, { auth }),
    termsVersion: (version: string) => get(`terms/versions/${seg(version)}`, TermsVersionDocument),
    /** A new version of the terms, in force from the first day of `from` (a coming month). */
    saveTermsVersion: (from: string, terms: ContractTerms) =>
      post('terms/versions', TermsVersionSaved, { from, terms }),
    /** The latest runs of a job, newest first. */
    jobRuns: (job: 'daily' | 'monthly', limit: number) =>
      get(`jobs/runs?${new URLSearchParams({ job, limit: String(limit) })}`, JobRuns).then((r) => r.runs),
    calendar: () => request(`${V1}/calendar`, CalendarResponse, { auth }),
    loadCalendarYear: (document: CalendarYear) =>
      request(`${V1}/calendar/${document.year}`, CalendarLoaded, { method: 'PUT', body: document, auth }),
  }
}

export type RecordsApi = ReturnType<typeof createRecordsApi>

/** The records client bound to the signed-in session (a 401 ends it, as every signed-in call does). */
export function useRecordsApi(): RecordsApi {
  const session = useSession()
  return createRecordsApi({ token: session.token, onUnauthorized: session.signOut })
}

/** The terms in force and their history (`GET /api/v1/terms`), read once: they change only with a new version. */
export function useTerms() {
  const api = useRecordsApi()
  return useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))
}
