/**
 * Tickets (工单). One item per ticket holds everything about it: the lifecycle history, the
 * citizen's follow-up messages, the survey and rating, and the audit of every phone reveal — so
 * each change is one conditional write (the store's rule). The full phone number is stored only
 * encrypted (`phoneEnc`, sealed by the caller) and indexed only by a keyed hash (`citizenKey`).
 */

import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  AuditEntry,
  type CitizenMessage,
  type RatingLevel,
  Ticket,
  type TicketEvent,
  type TicketHistory,
  type TicketStatus,
} from '@hotline/domain'
import { z } from 'zod'
import { batchGet, batchPut } from '../batch'
import type { Store } from '../client'
import { type ItemUpdate, updateItem } from '../conditional'
import { decodeCursor, encodeCursor } from '../cursor'
import { ConflictError, CorruptItemError, isConditionalCheckFailed } from '../errors'
import { indexKeys, keys, partitions } from '../keys'
import { parseItem, queryItems } from '../query'

export { AuditEntry }

const TicketItem = Ticket.extend({
  phoneEnc: z.string().nullable(),
  citizenKey: z.string().nullable(),
  audit: z.array(AuditEntry),
})
type TicketItem = z.infer<typeof TicketItem>

function parseTicket(item: Record<string, unknown>): TicketItem {
  const parsed = TicketItem.safeParse(item)
  if (!parsed.success)
    throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
  return parsed.data
}

/** The ticket as the API shows it: without the sealed phone, its hash or the audit log. */
function view(item: TicketItem): Ticket {
  const { phoneEnc: _phoneEnc, citizenKey: _citizenKey, audit: _audit, ...ticket } = item
  return ticket
}

export type NewTicket = { ticket: Ticket; phoneEnc: string | null; citizenKey: string | null }

/** Creates a ticket once: `exists` when an item with that id is already there (a resumed delivery). */
export async function createTicket(
  store: Store,
  { ticket, phoneEnc, citizenKey }: NewTicket,
): Promise<'created' | 'exists'> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...keys.ticket(ticket.ticketId),
          ...(citizenKey ? indexKeys.citizen(citizenKey, ticket.receivedAt, ticket.ticketId) : {}),
          ...(ticket.nextDue ? indexKeys.openClock(ticket.nextDue, ticket.ticketId) : {}),
          ...ticket,
          phoneEnc,
          citizenKey,
          audit: [],
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return 'created'
  } catch (err) {
    if (isConditionalCheckFailed(err)) return 'exists'
    throw err
  }
}

async function getItem(store: Store, ticketId: string): Promise<TicketItem | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.ticket(ticketId), ConsistentRead: true }),
  )
  return Item ? parseTicket(Item) : null
}

export async function getTicket(store: Store, ticketId: string): Promise<Ticket | null> {
  const item = await getItem(store, ticketId)
  return item ? view(item) : null
}

/** BatchGetItem requests of tickets sent at once. */
const READS_IN_FLIGHT = 4

/**
 * Tickets by id, read 100 to a BatchGetItem (consistent) rather than one GetItem each: the daily job
 * reads every ticket its day's episode index points at. Ids may repeat; a missing ticket is left
 * out; the order is not the ids'.
 */
export async function getTickets(store: Store, ticketIds: readonly string[]): Promise<Ticket[]> {
  return (await ticketItems(store, ticketIds)).map((item) => view(parseTicket(item)))
}

/** The items of the distinct `ticketIds` that exist, `projection` narrowing what each returns. */
function ticketItems(store: Store, ticketIds: readonly string[], projection?: { expression: string }) {
  const keysOf = [...new Set(ticketIds)].map((id) => keys.ticket(id))
  return batchGet(store, keysOf, projection, READS_IN_FLIGHT)
}

/**
 * The histories of tickets by id (`getTickets`' reads, projected): each ticket's id, receipt flags
 * and events, what the jobs turn into SPEC §9 ticket events (`ticketEventRecords`). The rest of a
 * ticket (the citizen's content, messages, clocks, audit) is neither sent nor parsed.
 */
export async function ticketHistories(store: Store, ticketIds: readonly string[]): Promise<TicketHistory[]> {
  const items = await ticketItems(store, ticketIds, TICKET_HISTORY_PROJECTION)
  return items.map((item) => parseItem(TicketHistorySchema, item))
}

const TicketHistorySchema = Ticket.pick({
  ticketId: true,
  channel: true,
  needsTransfer: true,
  needsCallback: true,
  emergency: true,
  events: true,
})
/** The projection `ticketHistories` reads with (the daily-job benchmark's baseline too). */
export const TICKET_HISTORY_PROJECTION = {
  expression: 'pk, sk, ticketId, channel, needsTransfer, needsCallback, emergency, events',
}

/** The sealed phone number, for the system's own use (the survey); a person's reveal goes through `revealPhone`. */
export async function getTicketSealedPhone(store: Store, ticketId: string): Promise<string | null> {
  return (await getItem(store, ticketId))?.phoneEnc ?? null
}

/** The citizen key a ticket is indexed under (to match a lookup's phone), or null. */
export async function getTicketCitizenKey(store: Store, ticketId: string): Promise<string | null> {
  return (await getItem(store, ticketId))?.citizenKey ?? null
}

/** A citizen's tickets, newest first (gsi1; eventually consistent, like every GSI read). */
export async function citizenTickets(store: Store, citizenKey: string, limit = 20): Promise<Ticket[]> {
  const { gsi1pk } = indexKeys.citizen(citizenKey, 'x', 'x')
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  )
  return (out.Items ?? []).map((item) => view(parseTicket(item)))
}

/**
 * Applies `update` to the ticket and returns it as updated. When its condition fails: a
 * `ConflictError` with `message`, carrying the ticket as it now is (or null when it does not exist).
 */
async function updateTicket(
  store: Store,
  ticketId: string,
  update: ItemUpdate,
  message: string,
): Promise<TicketItem> {
  const updated = await updateItem(
    store,
    keys.ticket(ticketId),
    update,
    async () => new ConflictError(message, await getTicket(store, ticketId)),
  )
  return parseTicket(updated)
}

/** Appends a citizen message to an open ticket. */
export async function appendMessage(
  store: Store,
  ticketId: string,
  message: CitizenMessage,
): Promise<Ticket> {
  return view(
    await updateTicket(
      store,
      ticketId,
      {
        UpdateExpression:
          'SET messages = list_append(messages, :m), updatedAt = :at, version = version + :one',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :closed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':m': [message], ':at': message.at, ':one': 1, ':closed': 'closed' },
      },
      `ticket ${ticketId} is closed or missing`,
    ),
  )
}

/**
 * The end of an update's SET that keeps the "due soon" index (gsi2, sparse) in step with `nextDue`:
 * the ticket's soonest running clock files it there, none takes it out. Adds its values to `values`.
 */
function openClockIndex(ticketId: string, nextDue: string | null, values: Record<string, unknown>): string {
  if (!nextDue) return ' REMOVE gsi2pk, gsi2sk'
  const { gsi2pk, gsi2sk } = indexKeys.openClock(nextDue, ticketId)
  values[':g2pk'] = gsi2pk
  values[':g2sk'] = gsi2sk
  return ', gsi2pk = :g2pk, gsi2sk = :g2sk'
}

/** A ticket's change by lifecycle events: its state before and after, and its recomputed clocks. */
export type TicketChange = {
  from: TicketStatus
  to: TicketStatus
  /** The version read; the write is refused unless it is still the current one. */
  expectedVersion: number
  /** The clocks of the ticket as it will be, computed by the domain from its new history. */
  clocks: Ticket['clocks']
  nextDue: string | null
  set?: Partial<Pick<Ticket, 'needsTransfer' | 'needsCallback' | 'emergency' | 'channel' | 'receivedAt'>>
}

/**
 * Records a lifecycle event, moving the ticket from `from` to `to` (checked by the domain's
 * lifecycle first) with its recomputed clocks; the write is refused if the ticket changed since
 * it was read (`expectedVersion`), so two writers cannot both append from the same state.
 */
export async function applyTicketEvent(
  store: Store,
  ticketId: string,
  change: TicketChange & { event: TicketEvent },
): Promise<Ticket> {
  const { event, ...rest } = change
  return applyTicketEvents(store, ticketId, { ...rest, events: [event] })
}

/**
 * Records several lifecycle events in one conditional write, as if each had been applied with
 * `applyTicketEvent` in turn: the version counts one per event, `updatedAt` is the last one's
 * instant, `from` is the status before the first and `to` after the last, and `set` holds the flags
 * the events set, the later winning. Refused as a whole if the ticket changed since it was read.
 */
export async function applyTicketEvents(
  store: Store,
  ticketId: string,
  change: TicketChange & { events: readonly TicketEvent[] },
): Promise<Ticket> {
  const last = change.events.at(-1)
  if (!last) throw new Error(`ticket ${ticketId}: no events to apply`)
  const names: Record<string, string> = { '#status': 'status' }
  const values: Record<string, unknown> = {
    ':e': change.events,
    ':to': change.to,
    ':from': change.from,
    ':at': last.at,
    ':n': change.events.length,
    ':v': change.expectedVersion,
    ':clocks': change.clocks,
    ':nextDue': change.nextDue,
  }
  const sets = [
    '#status = :to',
    'events = list_append(events, :e)',
    'updatedAt = :at',
    'version = version + :n',
    'clocks = :clocks',
    'nextDue = :nextDue',
  ]
  Object.entries(change.set ?? {}).forEach(([field, value], i) => {
    names[`#f${i}`] = field
    values[`:f${i}`] = value
    sets.push(`#f${i} = :f${i}`)
  })
  const update = `SET ${sets.join(', ')}${openClockIndex(ticketId, change.nextDue, values)}`
  return view(
    await updateTicket(
      store,
      ticketId,
      {
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk) AND #status = :from AND version = :v',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      `ticket ${ticketId} changed meanwhile (expected version ${change.expectedVersion})`,
    ),
  )
}

/**
 * Replaces a ticket's running clocks, its history unchanged: deadlines recomputed after the
 * calendar they were counted on changed (a year loaded in Settings). Refused, like an event, if the
 * ticket changed since it was read; the caller reads it again and recomputes.
 */
export async function resetTicketClocks(
  store: Store,
  ticketId: string,
  change: { expectedVersion: number; clocks: Ticket['clocks']; nextDue: string | null },
): Promise<Ticket> {
  const values: Record<string, unknown> = {
    ':one': 1,
    ':v': change.expectedVersion,
    ':clocks': change.clocks,
    ':nextDue': change.nextDue,
  }
  const update = `SET version = version + :one, clocks = :clocks, nextDue = :nextDue${openClockIndex(ticketId, change.nextDue, values)}`
  return view(
    await updateTicket(
      store,
      ticketId,
      {
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk) AND version = :v',
        ExpressionAttributeValues: values,
      },
      `ticket ${ticketId} changed meanwhile (expected version ${change.expectedVersion})`,
    ),
  )
}

/** Opens the satisfaction survey on a closed ticket, once. `false` when it was already open. */
export async function openSurvey(
  store: Store,
  ticketId: string,
  survey: { sentAt: string; expiresAt: string },
): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.ticket(ticketId),
        UpdateExpression: 'SET survey = :s',
        ConditionExpression: '#status = :closed AND attribute_type(survey, :null)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': survey, ':closed': 'closed', ':null': 'NULL' },
      }),
    )
    return true
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false
    throw err
  }
}

/**
 * Records the citizen's rating while the survey is open (its expiry checked here, in code: the
 * local engine has no TTL), once: a second answer is refused with `ConflictError`.
 */
export async function recordRating(
  store: Store,
  ticketId: string,
  rating: { level: RatingLevel; at: string; via: 'sms' | 'web' | 'import' },
): Promise<Ticket> {
  return view(
    await updateTicket(
      store,
      ticketId,
      {
        UpdateExpression: 'SET rating = :r, updatedAt = :at, version = version + :one',
        ConditionExpression: 'attribute_type(rating, :null) AND survey.expiresAt > :at',
        ExpressionAttributeValues: { ':r': rating, ':at': rating.at, ':one': 1, ':null': 'NULL' },
      },
      `ticket ${ticketId} has no open survey`,
    ),
  )
}

/** Appends `entry` to the ticket's audit log; a `ConflictError` when there is no such ticket. */
async function appendAudit(store: Store, ticketId: string, entry: AuditEntry): Promise<TicketItem> {
  return updateTicket(
    store,
    ticketId,
    {
      UpdateExpression: 'SET audit = list_append(audit, :a)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':a': [entry] },
    },
    `ticket ${ticketId} does not exist`,
  )
}

/**
 * Returns the sealed phone number for a reveal and appends the audit entry in the same write:
 * there is no reveal without its audit record.
 */
export async function revealPhone(store: Store, ticketId: string, entry: AuditEntry): Promise<string | null> {
  return (await appendAudit(store, ticketId, entry)).phoneEnc
}

/** Records a sensitive read of the ticket (a phone search that found it) in its audit log. */
export async function appendTicketAudit(store: Store, ticketId: string, entry: AuditEntry): Promise<Ticket> {
  return view(await appendAudit(store, ticketId, entry))
}

/** The ticket's audit log (phone reveals and other sensitive reads), oldest first. */
export async function ticketAudit(store: Store, ticketId: string): Promise<AuditEntry[] | null> {
  return (await getItem(store, ticketId))?.audit ?? null
}

export type { TicketItem }

/** Tickets with a running clock due at or before `dueBefore`, soonest first (gsi2, a sparse index). */
export async function ticketsDueBefore(
  store: Store,
  query: { dueBefore: string; status?: TicketStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ tickets: Ticket[]; cursor: string | null }> {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :before',
      ...(query.status
        ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
        : {}),
      ExpressionAttributeValues: {
        ':pk': partitions.openClocks,
        ':before': `${query.dueBefore}#\uffff`,
        ...(query.status ? { ':status': query.status } : {}),
      },
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, { name: 'gsi2pk', value: partitions.openClocks }),
    }),
  )
  return {
    tickets: (out.Items ?? []).map((item) => view(parseTicket(item))),
    cursor: encodeCursor(out.LastEvaluatedKey),
  }
}

export type EpisodeIndexEntry = {
  lastDay: string
  subject: string
  ticketId: string
  kind: string
  due: string
}

/**
 * Files each episode under the day its deadline falls on, before the ticket write that creates it
 * (an entry for an episode that never came to be is harmless: the job recomputes from the ticket).
 */
export async function indexEpisodes(store: Store, entries: readonly EpisodeIndexEntry[]): Promise<void> {
  await batchPut(
    store,
    entries.map((e) => ({ ...keys.episode(e.lastDay, e.subject), ...e })),
  )
}

/**
 * The ids of tickets filed under `day`: with an episode whose deadline falls on it (the daily job's
 * service-error input), or received on it as an emergency or micro-platform submission; `kinds`
 * narrows to those kinds.
 */
export async function ticketIdsWithEpisodesOn(
  store: Store,
  day: string,
  kinds?: readonly string[],
): Promise<string[]> {
  const ids = new Set<string>()
  const filter = kinds
    ? {
        FilterExpression: kinds.map((_, i) => `#kind = :k${i}`).join(' OR '),
        ExpressionAttributeNames: { '#kind': 'kind' },
      }
    : {}
  for await (const item of queryItems(store, {
    KeyConditionExpression: 'pk = :pk',
    ...filter,
    ExpressionAttributeValues: {
      ':pk': keys.episode(day, 'x').pk,
      ...Object.fromEntries((kinds ?? []).map((k, i) => [`:k${i}`, k])),
    },
    ProjectionExpression: 'ticketId',
  }))
    if (typeof item.ticketId === 'string') ids.add(item.ticketId)
  return [...ids].sort()
}
