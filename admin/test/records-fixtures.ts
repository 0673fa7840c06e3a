/** Compliance records as the API serves them, with what the store adds, for the record pages' tests. */
import type { StoredPublication, StoredStaffEvent, StoredTraining } from '../src/api/records'

/** What the store adds to a record: how it came in, who sent it and when, its audit's first entry. */
export const stored = (by = 'contractor', at = '2026-10-14T01:00:00.000Z', source = 'api') => ({
  source,
  ingestedBy: by,
  ingestedAt: at,
  audit: [{ at, by, action: 'create', detail: { source } }],
})

/** A front-line agent's joining or leaving, sent by the contractor (`more` adds a name, another role…). */
export const staffEvent = (
  staffId: string,
  type: 'joined' | 'left',
  at: string,
  more: Partial<StoredStaffEvent> = {},
): StoredStaffEvent => ({ kind: 'staff_event', staffId, type, at, role: 'agent', ...stored(), ...more })

/** A training, sent by the contractor: in-service hours unless `more` says another type. */
export const trainingRecord = (
  staffId: string,
  at: string,
  more: Partial<StoredTraining> = {},
): StoredTraining => ({ kind: 'training', staffId, at, type: 'in_service', ...stored(), ...more })

/** A publication of 2026-10-09 at `at`, sent by the contractor: accurate unless `more` says not. */
export const publication = (
  publicationId: string,
  at: string,
  channel: StoredPublication['channel'],
  more: Partial<StoredPublication> = {},
): StoredPublication => ({
  kind: 'publication',
  publicationId,
  at,
  channel,
  accurate: true,
  ...stored(),
  ...more,
})
