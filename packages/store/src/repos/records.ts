/**
 * The records the KPIs are computed from (SPEC §9): calls, ratings, staff events, publications,
 * incidents, facility checks, training. Each kind lives in the partition its job reads — a day's
 * calls, a month's ratings — so every job input is one Query. A record is written once
 * (`attribute_not_exists`): a repeated delivery changes nothing. Where the source versions its
 * records (Amazon Connect's LastUpdateTimestamp) a newer version replaces an older one.
 */

import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  CallRecord,
  FacilityCheckRecord,
  type HotlineRecord,
  IncidentRecord,
  isoWeekOf,
  localDateOf,
  localMonthOf,
  PublicationRecord,
  RatingRecord,
  StaffEventRecord,
  TrainingRecord,
} from '@hotline/domain'
import { z } from 'zod'
import { batchGet, batchPut } from '../batch'
import type { Store } from '../client'
import { mapLimited } from '../concurrency'
import { decodeCursor, encodeCursor } from '../cursor'
import { ConflictError, isConditionalCheckFailed } from '../errors'
import { indexKeys, type Key, keys, partitions, recordPrefixes } from '../keys'
import { parseItem, queryPages, queryParsed } from '../query'
import { type AuditEntry, AuditEntry as AuditEntrySchema } from './tickets'

/** Records stored here (ticket events go to the ticket itself). */
export type StoredRecord = Exclude<HotlineRecord, { kind: 'ticket_event' }>
export type StoredKind = StoredRecord['kind']

const SCHEMAS = {
  call: CallRecord,
  rating: RatingRecord,
  staff_event: StaffEventRecord,
  publication: PublicationRecord,
  incident: IncidentRecord,
  facility_check: FacilityCheckRecord,
  training: TrainingRecord,
} as const satisfies Record<StoredKind, z.ZodType>

/** Where a record lives: its partition (what a job reads at once) and its identity in it. */
export function recordKey(record: StoredRecord): Key {
  switch (record.kind) {
    case 'call':
      return keys.record(recordPrefixes.call, localDateOf(record.enqueuedAt), record.callId)
    case 'rating':
      return keys.record(recordPrefixes.rating, localMonthOf(record.at), record.ticketId, record.at)
    case 'staff_event':
      return keys.staffEvent(record.staffId, record.at, record.type)
    case 'publication':
      return keys.record(recordPrefixes.publication, localDateOf(record.at), record.publicationId)
    case 'incident':
      return keys.record(recordPrefixes.incident, localMonthOf(record.at), record.incidentId)
    case 'facility_check':
      return facilityCheckKey(isoWeekOf(localDateOf(record.at)), record.type, record.checkId ?? record.at)
    case 'training':
      return keys.record(
        recordPrefixes.training,
        localMonthOf(record.at),
        record.staffId,
        record.at,
        record.type,
      )
  }
}

/** A facility check: in its ISO week, by type then its id (or time). */
const facilityCheckKey = (week: string, type: string, checkKey: string): Key =>
  keys.record(recordPrefixes.facility_check, week, type, checkKey)

/** The partition of a kind for a period: a day, a month, an ISO week, or the one staff partition. */
export function recordPartition(kind: StoredKind, period: string): string {
  return kind === 'staff_event' ? partitions.staff : partitions.recordsOf(recordPrefixes[kind], period)
}

export type Provenance = {
  /** `api`, `import`, `intake`, `connect`, `asterisk`… */
  source: string
  /** Who sent it: a user name or an integration client. */
  by: string
  at: string
  /** A source's own version of the record; a newer one replaces an older one. */
  version?: number | undefined
}

const Meta = z.object({
  source: z.string(),
  /** Who sent it (a record may have its own `by`, e.g. who did a facility check). */
  ingestedBy: z.string(),
  ingestedAt: z.string(),
  version: z.number().optional(),
  audit: z.array(AuditEntrySchema),
})

export type PutOutcome = 'created' | 'duplicate' | 'updated'

/** The item a record is stored as: its keys, the record, its provenance and its first audit entry. */
function recordItem(record: StoredRecord, provenance: Provenance): Record<string, unknown> {
  const audit: AuditEntry[] = [
    { at: provenance.at, by: provenance.by, action: 'create', detail: { source: provenance.source } },
  ]
  return {
    ...recordKey(record),
    ...(record.kind === 'training' ? indexKeys.staffTraining(record.staffId, record.at) : {}),
    ...record,
    source: provenance.source,
    ingestedBy: provenance.by,
    ingestedAt: provenance.at,
    ...(provenance.version !== undefined ? { version: provenance.version } : {}),
    audit,
  }
}

/**
 * Writes a record once. Without a version, an existing record wins (`duplicate`); with one, a
 * strictly newer version replaces it (`updated`), an equal or older one is a `duplicate`.
 */
export async function putRecord(
  store: Store,
  record: StoredRecord,
  provenance: Provenance,
): Promise<PutOutcome> {
  try {
    const out = await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: recordItem(record, provenance),
        ConditionExpression:
          provenance.version === undefined
            ? 'attribute_not_exists(pk)'
            : 'attribute_not_exists(pk) OR version < :v',
        ...(provenance.version === undefined
          ? {}
          : { ExpressionAttributeValues: { ':v': provenance.version } }),
        ReturnValues: 'ALL_OLD',
      }),
    )
    return out.Attributes ? 'updated' : 'created'
  } catch (err) {
    if (isConditionalCheckFailed(err)) return 'duplicate'
    throw err
  }
}

/** Records looked up and written a round at a time: one BatchGetItem's worth of keys. */
const RECORDS_A_ROUND = 100

const keyOf = (key: Key): string => `${key.pk}\u0000${key.sk}`

/**
 * The stored version (or `null`: stored without one) of each of the distinct keys that exist. The
 * keys of one partition are first asked for as a range: one consistent Query (`Limit 1`) over the
 * sort keys from the least to the greatest of them finds nothing when none is stored (a new day's
 * calls), which costs one seek instead of a read per key; a range that holds anything is read key
 * by key, 100 to a BatchGetItem.
 */
async function storedVersions(store: Store, wanted: readonly Key[]): Promise<Map<string, number | null>> {
  const found = new Map<string, number | null>()
  const byPartition = new Map<string, Key[]>()
  for (const key of wanted) {
    const keys = byPartition.get(key.pk)
    if (keys) keys.push(key)
    else byPartition.set(key.pk, [key])
  }
  const partitions = [...byPartition]
  const mayHold = await mapLimited(partitions, ([pk, keys]) =>
    keys.length < RANGE_CHECK_FROM ? Promise.resolve(true) : rangeHoldsAny(store, pk, keys),
  )
  const toRead = partitions.flatMap(([, keys], i) => (mayHold[i] ? keys : []))
  const items = await batchGet(store, toRead, { expression: 'pk, sk, #v', names: { '#v': 'version' } })
  for (const item of items)
    found.set(keyOf(item as Key), typeof item.version === 'number' ? item.version : null)
  return found
}

/** Keys of one partition from which a range Query is tried before reading them one by one. */
const RANGE_CHECK_FROM = 8

const SURROGATE = /[\uD800-\uDFFF]/

/** Whether any item is (or may be) stored in `pk` with a sort key between the least and the greatest of `keys`. */
async function rangeHoldsAny(store: Store, pk: string, keys: readonly Key[]): Promise<boolean> {
  // Past U+FFFF JavaScript's order of strings is not DynamoDB's (UTF-8 bytes), nor always the
  // engine's: keys holding such a character are read one by one.
  if (keys.some(({ sk }) => SURROGATE.test(sk))) return true
  let lo = keys[0]?.sk ?? ''
  let hi = lo
  for (const { sk } of keys) {
    if (sk < lo) lo = sk
    if (sk > hi) hi = sk
  }
  const { Items } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi },
      ProjectionExpression: 'pk',
      ConsistentRead: true,
      Limit: 1,
    }),
  )
  return (Items?.length ?? 0) > 0
}

/**
 * Writes many records with `putRecord`'s rules and outcomes (one per record, in order) at the cost
 * of batches: `storedVersions` learns which of 100 keys exist and at what version (a Query per
 * partition's range, a BatchGetItem for the keys a range may hold), then only the
 * new records are written, 25 to a BatchWriteItem (a new record needs no condition: nothing is
 * there to keep). A record whose newer `version` replaces a stored one goes through `putRecord`,
 * as the version check decides. A record repeated in `records` counts as if written one after
 * another: the first is `created`, the rest `duplicate`. Not conditional between the read and
 * the write: two writers creating the same new record at the same instant may both count it
 * `created` (packages/store/README.md).
 */
export async function putRecords(
  store: Store,
  records: readonly StoredRecord[],
  provenance: Provenance,
): Promise<PutOutcome[]> {
  const outcomes: PutOutcome[] = []
  /** What is stored (or about to be) under each key seen so far: its version, `null` without one. */
  const known = new Map<string, number | null>()
  for (let i = 0; i < records.length; i += RECORDS_A_ROUND) {
    const group = records.slice(i, i + RECORDS_A_ROUND)
    const keys = group.map(recordKey)
    const unknown = new Map<string, Key>()
    for (const key of keys) if (!known.has(keyOf(key))) unknown.set(keyOf(key), key)
    if (unknown.size > 0) {
      for (const [k, version] of await storedVersions(store, [...unknown.values()])) known.set(k, version)
    }
    const creates: Record<string, unknown>[] = []
    const replacements: { index: number; record: StoredRecord }[] = []
    for (const [j, record] of group.entries()) {
      const k = keyOf(keys[j] as Key)
      const stored = known.get(k)
      const version = provenance.version ?? null
      if (stored === undefined) {
        creates.push(recordItem(record, provenance))
        outcomes.push('created')
      } else if (version !== null && stored !== null && stored < version) {
        replacements.push({ index: outcomes.length, record })
        outcomes.push('updated')
      } else {
        outcomes.push('duplicate')
        continue
      }
      known.set(k, version)
    }
    await Promise.all([
      batchPut(store, creates),
      ...replacements.map(async ({ index, record }) => {
        outcomes[index] = await putRecord(store, record, provenance)
      }),
    ])
  }
  return outcomes
}

/** A staff member's training records of any month, oldest first (gsi1): onboarding before first duty. */
export async function trainingsOfStaff(store: Store, staffId: string): Promise<StoredOf<'training'>[]> {
  return queryStored(store, 'training', {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.staffTraining(staffId, '').gsi1pk },
  })
}

export type StoredOf<K extends StoredKind> = z.infer<(typeof SCHEMAS)[K]> & z.infer<typeof Meta>

/** The schema of a stored record of `kind`: the record and its provenance. */
const storedSchema = (kind: StoredKind): z.ZodType<unknown> => SCHEMAS[kind].and(Meta)

function parseStored<K extends StoredKind>(kind: K, item: Record<string, unknown>): StoredOf<K> {
  return parseItem(storedSchema(kind), item) as StoredOf<K>
}

/** The stored records of `kind` that `input` matches, every page, in sort-key order. */
async function queryStored<K extends StoredKind>(
  store: Store,
  kind: K,
  input: Parameters<typeof queryParsed>[1],
): Promise<StoredOf<K>[]> {
  return (await queryParsed(store, input, storedSchema(kind))) as StoredOf<K>[]
}

/** The kinds stored under their own id in their partition: a day's calls and publications, a month's incidents. */
export type KindById = 'call' | 'publication' | 'incident'

async function getStored<K extends StoredKind>(store: Store, kind: K, key: Key): Promise<StoredOf<K> | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
  )
  return Item ? parseStored(kind, Item) : null
}

/** One record by its id (`callId`, `publicationId`, `incidentId`) in its period's partition, or null. */
export async function getRecord<K extends KindById>(
  store: Store,
  kind: K,
  period: string,
  id: string,
): Promise<StoredOf<K> | null> {
  return getStored(store, kind, { pk: recordPartition(kind, period), sk: id })
}

/**
 * The facility checks of ISO week `week` filed under `checkKey` — the check's `checkId`, or the
 * instant of a check logged without one: none, one, or a safety and a cleaning check sharing it.
 */
export async function facilityChecksByKey(
  store: Store,
  week: string,
  checkKey: string,
): Promise<StoredOf<'facility_check'>[]> {
  const found = await Promise.all(
    (['safety', 'cleaning'] as const).map((type) =>
      getStored(store, 'facility_check', facilityCheckKey(week, type, checkKey)),
    ),
  )
  return found.filter((check) => check !== null)
}

/** A staff member's joined/left events, oldest first (the staff partition, by `<staff id>#`). */
export async function staffEventsOf(store: Store, staffId: string): Promise<StoredOf<'staff_event'>[]> {
  return queryStored(store, 'staff_event', {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': partitions.staff,
      ':prefix': keys.staffEventsPrefix(staffId),
    },
  })
}

/**
 * Every record of `kind` in one partition (a day's calls, a month's ratings, a week's checks, the
 * staff history), in sort-key order, paging through DynamoDB's 1 MB pages.
 */
export async function recordsIn<K extends StoredKind>(
  store: Store,
  kind: K,
  period: string,
): Promise<StoredOf<K>[]> {
  return queryStored(store, kind, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': recordPartition(kind, period) },
  })
}

/**
 * The records of `kind` in one period's partition as SPEC §9 defines them, every page: the Query
 * projected to the record's own fields (the storage attributes — keys, provenance, audit — are
 * neither sent nor unmarshalled), each item parsed once by the record's schema. What the jobs read.
 */
export async function recordValuesIn<K extends StoredKind>(
  store: Store,
  kind: K,
  period: string,
): Promise<z.infer<(typeof SCHEMAS)[K]>[]> {
  const values: z.infer<(typeof SCHEMAS)[K]>[] = []
  for await (const page of recordValuePages(store, kind, period)) values.push(...page)
  return values
}

/**
 * `recordValuesIn` a page (≤ 1 MB) at a time, each parsed as it arrives: what a job that only
 * tallies a partition reads (the daily job's calls), holding one page, not the partition.
 */
export async function* recordValuePages<K extends StoredKind>(
  store: Store,
  kind: K,
  period: string,
): AsyncGenerator<z.infer<(typeof SCHEMAS)[K]>[]> {
  const schema = SCHEMAS[kind] as z.ZodType<unknown>
  for await (const page of queryPages(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': recordPartition(kind, period) },
    ...recordFields(kind),
  }))
    yield page.map((item) => parseItem(schema, item) as z.infer<(typeof SCHEMAS)[K]>)
}

/**
 * The projection to a record's own fields, as `recordValuesIn` reads a partition (names through
 * placeholders: some are reserved words). The daily-job benchmark's baseline reads with it too.
 */
export const recordFields = (kind: StoredKind) => RECORD_FIELDS[kind]

const RECORD_FIELDS = Object.fromEntries(
  Object.entries(SCHEMAS).map(([kind, schema]) => {
    const fields = Object.keys(schema.shape)
    return [
      kind,
      {
        ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(fields.map((field, i) => [`#f${i}`, field])),
      },
    ]
  }),
) as Record<StoredKind, { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }>

/** The record as SPEC §9 defines it: the schema drops the storage attributes (keys, provenance, audit). */
export function asRecord<K extends StoredKind>(kind: K, stored: StoredOf<K>): z.infer<(typeof SCHEMAS)[K]> {
  return SCHEMAS[kind].parse(stored) as z.infer<(typeof SCHEMAS)[K]>
}

/**
 * Changes one field of a stored record by a person (an incident's verification, a publication's
 * accuracy review), appending who/when/before/after to the record's own audit log in the same
 * write; refused (`ConflictError`) if the field no longer has the value the person saw.
 */
export async function reviseRecord(
  store: Store,
  record: { kind: 'incident' | 'publication'; period: string; id: string },
  change: {
    field: 'verified' | 'accurate'
    from: boolean
    to: boolean
    by: string
    at: string
    reason?: string | undefined
  },
): Promise<Record<string, unknown>> {
  const entry: AuditEntry = {
    at: change.at,
    by: change.by,
    action: `set ${change.field}`,
    detail: { before: change.from, after: change.to, ...(change.reason ? { reason: change.reason } : {}) },
  }
  try {
    const out = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.record(recordPrefixes[record.kind], record.period, record.id),
        UpdateExpression: 'SET #f = :to, audit = list_append(audit, :entry)',
        ConditionExpression: 'attribute_exists(pk) AND #f = :from',
        ExpressionAttributeNames: { '#f': change.field },
        ExpressionAttributeValues: { ':to': change.to, ':from': change.from, ':entry': [entry] },
        ReturnValues: 'ALL_NEW',
      }),
    )
    return out.Attributes ?? {}
  } catch (err) {
    if (isConditionalCheckFailed(err)) {
      throw new ConflictError(
        `the record changed meanwhile or does not exist: ${change.field} is no longer ${change.from}`,
      )
    }
    throw err
  }
}

/** One page of a partition's records, for listing in the API (jobs read whole partitions with `recordsIn`). */
export async function recordsPage<K extends StoredKind>(
  store: Store,
  kind: K,
  period: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ records: StoredOf<K>[]; cursor: string | null }> {
  const pk = recordPartition(kind, period)
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { name: 'pk', value: pk }),
    }),
  )
  return {
    records: (out.Items ?? []).map((item) => parseStored(kind, item)),
    cursor: encodeCursor(out.LastEvaluatedKey),
  }
}
