/**
 * What the jobs read, as a port: the records, tickets and results a day's or a month's KPIs are
 * computed from. The jobs take their inputs from it, so the same computation runs on the store
 * (`storeSources`, the live jobs) and on a file's records held in memory (replay,
 * `cli/replay-records.ts`) — one set of rules, two ways of reading.
 */
import type {
  CallRecord,
  FacilityCheckRecord,
  IncidentRecord,
  KpiResult,
  LocalDate,
  Month,
  PublicationRecord,
  RatingRecord,
  StaffEventRecord,
  TicketEventRecord,
  TrainingRecord,
} from '@hotline/domain'
import { ticketEventRecords } from '@hotline/domain'
import {
  asRecord,
  firstDutiesOfMonth,
  kpiResultsOfMonth,
  recordValuePages,
  recordValuesIn,
  type Store,
  type StoredKind,
  ticketHistories,
  ticketIdsWithEpisodesOn,
  trainingsOfStaff,
} from '@hotline/store'

export type JobSources = {
  /**
   * The calls enqueued on local day `date`, a page at a time (the store's 1 MB pages; one page in
   * memory): the daily job tallies them as they come and never holds the day's calls.
   */
  callPages(date: LocalDate): AsyncIterable<readonly CallRecord[]>
  /** The publications of local day `date`. */
  publications(date: LocalDate): Promise<PublicationRecord[]>
  /**
   * The ids of the tickets filed under `date` in the episode index (a deadline falling on it, or
   * received on it as an emergency or micro-platform submission), sorted; `kinds` narrows to those kinds.
   */
  ticketsFiledOn(date: LocalDate, kinds?: readonly string[]): Promise<string[]>
  /** The histories of these tickets as SPEC §9 ticket events (ids may repeat: each ticket once). */
  ticketEvents(ticketIds: readonly string[]): Promise<TicketEventRecord[]>
  ratings(month: Month): Promise<RatingRecord[]>
  trainings(month: Month): Promise<TrainingRecord[]>
  incidents(month: Month): Promise<IncidentRecord[]>
  /** The facility checks of ISO week `week` (`2026-W41`). */
  facilityChecks(week: string): Promise<FacilityCheckRecord[]>
  /** Every staff event, of any time. */
  staffEvents(): Promise<StaffEventRecord[]>
  /** One staff member's training records of any month, oldest first. */
  trainingsOf(staffId: string): Promise<TrainingRecord[]>
  /** The agents whose first duty (first answered call known) fell in `month`, with its instant. */
  firstDutiesOfMonth(month: Month): Promise<Map<string, string>>
  /** The KPI results billed in `month` so far (the daily results the monthly roll-up reads). */
  kpiResultsOfMonth(month: Month): Promise<KpiResult[]>
}

async function records<K extends StoredKind>(store: Store, kind: K, period: string) {
  return recordValuesIn(store, kind, period)
}

/** The jobs' inputs read from the store: one paged Query per partition, tickets 100 to a BatchGetItem. */
export function storeSources(store: Store): JobSources {
  return {
    callPages: (date) => recordValuePages(store, 'call', date),
    publications: (date) => records(store, 'publication', date),
    ticketsFiledOn: (date, kinds) => ticketIdsWithEpisodesOn(store, date, kinds),
    ticketEvents: async (ids) => (await ticketHistories(store, ids)).flatMap(ticketEventRecords),
    ratings: (month) => records(store, 'rating', month),
    trainings: (month) => records(store, 'training', month),
    incidents: (month) => records(store, 'incident', month),
    facilityChecks: (week) => records(store, 'facility_check', week),
    staffEvents: () => records(store, 'staff_event', ''),
    trainingsOf: async (staffId) =>
      (await trainingsOfStaff(store, staffId)).map((t) => asRecord('training', t)),
    firstDutiesOfMonth: (month) => firstDutiesOfMonth(store, month),
    kpiResultsOfMonth: (month) => kpiResultsOfMonth(store, month),
  }
}
