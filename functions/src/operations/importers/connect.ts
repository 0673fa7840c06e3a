/**
 * Amazon Connect contact records (CTRs) → canonical `call` records (SPEC §8, §9).
 *
 * Pure: no I/O, no clock. Reads the contact-record JSON as the Kinesis Data Streams / Firehose
 * export delivers it (one object, a JSON array, NDJSON, or objects concatenated `}{` as Firehose
 * writes them to S3), and the `DescribeContact` shape (`{ Contact: { Id, QueueInfo, AgentInfo… } }`).
 * Connect delivers a contact at least once and again on every update: within one input only the
 * copy with the greatest `LastUpdateTimestamp` of each `ContactId` counts, and `versions` carries
 * that version so a store can keep the newest across imports.
 *
 * Only inbound voice counts (`Channel` VOICE; `InitiationMethod` INBOUND, TRANSFER or
 * QUEUE_TRANSFER); outbound, callbacks, chats and tasks are counted in `skipped`. A contact that
 * never queued was handled in the IVR (`ivrOnly`, outside the §4.5 denominator). A bad record is
 * reported with its position and field and yields nothing: a call is converted whole or not at all.
 *
 * Data model: https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 * DescribeContact: https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContact.html
 */
import { createHash } from 'node:crypto'
import { CallRecord, Id, InstantSchema, toInstant } from '@hotline/domain'
import { z } from 'zod'

/** One record that could not be imported: where it is (`line` 1-based, `index` 0-based), which field, why. */
export type ConnectProblem = { line?: number; index?: number; id?: string; field: string; message: string }

export type ConnectImportResult = {
  /** One call per contact, ordered by queue entry then id. */
  calls: CallRecord[]
  problems: ConnectProblem[]
  /** Contacts that are not inbound voice calls (outbound, callback, API, chat, task…): left out, not a problem. */
  skipped: number
  /** Copies replaced by a copy of the same contact with a later (or equal, later in the input) `LastUpdateTimestamp`. */
  superseded: number
  /** Each imported call's version: epoch ms of its record's `LastUpdateTimestamp`, keyed by `callId`. */
  versions: ReadonlyMap<string, number>
}

/** Initiation methods of a call a citizen placed to the hotline (a transfer re-enters a queue). */
const COUNTED_METHODS: ReadonlySet<string> = new Set(['INBOUND', 'TRANSFER', 'QUEUE_TRANSFER'])

/** A contact record as read: the CTR names, whatever shape it came in. */
type Contact = Record<string, unknown>
/** CTR field path → the name in the source shape, for problems. */
type FieldNames = (ctrPath: string) => string

type Located = { line: number; index: number }
type Candidate = Located & { contact: Contact; names: FieldNames; contactId: string; version: number }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const stringOr = (message: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : message) })
const requiredString = stringOr('must be a string')
/** A CTR timestamp: ISO-8601 with an offset (`Z` in every CTR), as the stored UTC instant. */
const CtrInstant = stringOr('must be an ISO-8601 date-time with an offset (Z or +08:00)').pipe(InstantSchema)
const Envelope = z.object({
  ContactId: requiredString.min(1, 'must not be empty'),
  LastUpdateTimestamp: CtrInstant,
})

const ctrNames: FieldNames = (path) => path

const DESCRIBE_NAMES: Readonly<Record<string, string>> = {
  ContactId: 'Id',
  Queue: 'QueueInfo',
  'Queue.EnqueueTimestamp': 'QueueInfo.EnqueueTimestamp',
  Agent: 'AgentInfo',
  'Agent.ConnectedToAgentTimestamp': 'AgentInfo.ConnectedToAgentTimestamp',
  'Agent.Username': 'AgentInfo.Id',
}
const describeNames: FieldNames = (path) => DESCRIBE_NAMES[path] ?? path

/** `DescribeContact` timestamps are epoch seconds on the wire; the CLI and SDKs print ISO-8601. */
function describeTimestamp(value: unknown): unknown {
  if (typeof value !== 'number') return value
  const date = new Date(Math.round(value * 1000))
  return Number.isNaN(date.getTime()) ? value : toInstant(date)
}

/**
 * Reads a parsed JSON value as a contact in CTR names: a CTR as is; a `DescribeContact` response
 * (`{ Contact: {…} }`) or its `Contact` (`Id`, `QueueInfo`, `AgentInfo`) mapped onto them.
 */
function readContact(value: unknown): { contact: Contact; names: FieldNames } | null {
  if (!isObject(value)) return null
  if ('ContactId' in value) return { contact: value, names: ctrNames }
  const inner = !('Id' in value) && isObject(value.Contact) ? value.Contact : value
  if (!('Id' in inner)) return null
  const queue = inner.QueueInfo
  const agent = inner.AgentInfo
  return {
    names: describeNames,
    contact: {
      ContactId: inner.Id,
      Channel: inner.Channel,
      InitiationMethod: inner.InitiationMethod,
      InitiationTimestamp: describeTimestamp(inner.InitiationTimestamp),
      DisconnectTimestamp: describeTimestamp(inner.DisconnectTimestamp),
      LastUpdateTimestamp: describeTimestamp(inner.LastUpdateTimestamp),
      Queue: isObject(queue) ? { EnqueueTimestamp: describeTimestamp(queue.EnqueueTimestamp) } : queue,
      // AgentInfo.Id is the agent's user id: the last segment of the agent ARN a CTR carries.
      Agent: isObject(agent)
        ? {
            ConnectedToAgentTimestamp: describeTimestamp(agent.ConnectedToAgentTimestamp),
            Username: agent.Id,
          }
        : agent,
    },
  }
}

/**
 * The version of a contact record: epoch milliseconds of its `LastUpdateTimestamp` (a later copy
 * of the same `ContactId` supersedes an earlier one), or `null` when it has none.
 *
 * @example
 * connectVersion({ ContactId: 'c1', LastUpdateTimestamp: '2026-10-09T02:05:00Z' }) // 1791511500000
 */
export function connectVersion(record: unknown): number | null {
  const read = readContact(record)
  const parsed = read && InstantSchema.safeParse(read.contact.LastUpdateTimestamp)
  return parsed?.success ? Date.parse(parsed.data) : null
}

/** An id as the canonical record takes it: as is when valid; otherwise cleaned, with a digest so it stays unique. */
function sourceId(raw: string): string {
  if (Id.safeParse(raw).success) return raw
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 16)
  return `${raw.replace(/[\s#]+/g, '_').slice(0, 128 - 17)}~${digest}`
}

/** What kind of contact it is: read before anything else, so a chat is skipped whatever else it holds. */
const ContactKind = z.object({ Channel: requiredString, InitiationMethod: requiredString })

const Timestamp = CtrInstant.nullish()
const CallFields = z.object({
  InitiationTimestamp: Timestamp,
  DisconnectTimestamp: Timestamp,
  Queue: z.object({ EnqueueTimestamp: Timestamp, DequeueTimestamp: Timestamp }).nullish(),
  Agent: z
    .object({
      ConnectedToAgentTimestamp: Timestamp,
      Username: z.string().nullish(),
      ARN: z.string().nullish(),
    })
    .nullish(),
})

type Conversion =
  | { kind: 'call'; call: CallRecord }
  | { kind: 'skipped' }
  | { kind: 'invalid'; issues: { field: string; message: string }[] }

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.')

/** Converts the newest copy of one contact: a call, a skip, or the fields that are wrong. */
function convert(contact: Contact, contactId: string): Conversion {
  const invalid = (error: z.ZodError): Conversion => ({
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ field: pathOf(issue.path), message: issue.message })),
  })
  const kind = ContactKind.safeParse(contact)
  if (!kind.success) return invalid(kind.error)
  const { Channel, InitiationMethod } = kind.data
  if (Channel.toUpperCase() !== 'VOICE' || !COUNTED_METHODS.has(InitiationMethod.toUpperCase())) {
    return { kind: 'skipped' }
  }
  const parsed = CallFields.safeParse(contact)
  if (!parsed.success) return invalid(parsed.error)
  const ctr = parsed.data
  const issues: { field: string; message: string }[] = []
  const connectedAt = ctr.Agent?.ConnectedToAgentTimestamp ?? null
  const queued = ctr.Queue !== null && ctr.Queue !== undefined

  let enqueued: { at: string; field: string } | null = null
  if (queued) {
    if (ctr.Queue?.EnqueueTimestamp)
      enqueued = { at: ctr.Queue.EnqueueTimestamp, field: 'Queue.EnqueueTimestamp' }
    else issues.push({ field: 'Queue.EnqueueTimestamp', message: 'required when the contact was queued' })
  } else if (connectedAt !== null) {
    issues.push({ field: 'Queue', message: 'required when the contact was connected to an agent' })
  } else if (ctr.InitiationTimestamp) {
    enqueued = { at: ctr.InitiationTimestamp, field: 'InitiationTimestamp' }
  } else {
    issues.push({ field: 'InitiationTimestamp', message: 'required when the contact never queued' })
  }

  let ended: { at: string; field: string } | null = null
  if (ctr.DisconnectTimestamp) ended = { at: ctr.DisconnectTimestamp, field: 'DisconnectTimestamp' }
  else if (connectedAt === null && ctr.Queue?.DequeueTimestamp)
    ended = { at: ctr.Queue.DequeueTimestamp, field: 'Queue.DequeueTimestamp' }
  else issues.push({ field: 'DisconnectTimestamp', message: 'required' })

  let agentId: string | null = null
  let agentField = 'Agent.Username'
  if (connectedAt !== null) {
    const fromArn = ctr.Agent?.ARN?.split('/').pop()
    if (ctr.Agent?.Username) agentId = ctr.Agent.Username
    else if (fromArn) {
      agentId = fromArn
      agentField = 'Agent.ARN'
    } else
      issues.push({ field: 'Agent.Username', message: 'required when connected to an agent (or Agent.ARN)' })
  }
  if (issues.length > 0 || enqueued === null || ended === null) return { kind: 'invalid', issues }

  const record = CallRecord.safeParse({
    kind: 'call',
    callId: sourceId(contactId),
    enqueuedAt: enqueued.at,
    endedAt: ended.at,
    answeredAt: connectedAt,
    agentId: agentId === null ? null : sourceId(agentId),
    ...(queued ? {} : { ivrOnly: true }),
  })
  if (record.success) return { kind: 'call', call: record.data }
  const sourceField: Record<string, string> = {
    callId: 'ContactId',
    enqueuedAt: enqueued.field,
    endedAt: ended.field,
    answeredAt: 'Agent.ConnectedToAgentTimestamp',
    agentId: agentField,
  }
  return {
    kind: 'invalid',
    issues: record.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '')
      return { field: sourceField[key] ?? pathOf(issue.path), message: issue.message }
    }),
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
/** Queue entry, then id: the order the KPI calculators read calls in. */
const byQueueEntry = (a: CallRecord, b: CallRecord): number =>
  compare(a.enqueuedAt, b.enqueuedAt) || compare(a.callId, b.callId)

type Scanned = Located & { value: unknown }

/**
 * Splits contact-record text into its top-level JSON objects, each with the line it starts on and
 * its position: a JSON array, one object, NDJSON and Firehose's `}{` concatenation read alike.
 * Brackets and commas between objects are separators; anything else there is a problem. An object
 * that never closes (a line cut short) is reported and reading resumes on the next line, so one
 * broken line does not swallow the records after it.
 */
function scanObjects(input: string, problems: ConnectProblem[]): Scanned[] {
  const found: Scanned[] = []
  let index = 0
  let from = 0
  let line = 1
  for (;;) {
    let depth = 0
    let inString = false
    let escaped = false
    let start = 0
    let startLine = line
    for (let i = from; i < input.length; i++) {
      const c = input[i]
      if (c === '\n') line++
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false
          else if (c === '\\') escaped = true
          else if (c === '"') inString = false
        } else if (c === '"') inString = true
        else if (c === '{') depth++
        else if (c === '}' && --depth === 0) {
          const at = { line: startLine, index: index++ }
          try {
            found.push({ ...at, value: JSON.parse(input.slice(start, i + 1)) })
          } catch {
            problems.push({ ...at, field: '(record)', message: 'not valid JSON' })
          }
        }
        continue
      }
      if (c === '{') {
        depth = 1
        start = i
        startLine = line
      } else if (c !== undefined && !/[\s,[\]\uFEFF]/.test(c)) {
        // A stray value between objects (`null`, `42`, text): one problem per run of it.
        problems.push({ line, index: index++, field: '(record)', message: 'not a JSON object' })
        while (i + 1 < input.length && !/[\s,[\]{]/.test(input[i + 1] ?? '')) i++
      }
    }
    if (depth === 0) return found
    problems.push({ line: startLine, index: index++, field: '(record)', message: 'unterminated JSON object' })
    const nextLine = input.indexOf('\n', start)
    if (nextLine < 0) return found
    from = nextLine + 1
    line = startLine + 1
  }
}

/**
 * Parses Amazon Connect contact records into calls, keeping the newest copy of each contact.
 *
 * @example
 * const { calls, problems, skipped, versions } = parseConnectRecords(firehoseObjectText)
 */
export function parseConnectRecords(input: string): ConnectImportResult {
  const problems: ConnectProblem[] = []
  const newest = new Map<string, Candidate>()
  let superseded = 0

  for (const { value, line, index } of scanObjects(input, problems)) {
    const read = readContact(value)
    if (read === null) {
      problems.push({ line, index, field: 'ContactId', message: 'required: not a contact record' })
      continue
    }
    const envelope = Envelope.safeParse(read.contact)
    if (!envelope.success) {
      const { ContactId } = read.contact
      const id = typeof ContactId === 'string' && ContactId !== '' ? { id: ContactId } : {}
      for (const issue of envelope.error.issues) {
        problems.push({ line, index, ...id, field: read.names(pathOf(issue.path)), message: issue.message })
      }
      continue
    }
    const { ContactId: contactId, LastUpdateTimestamp } = envelope.data
    const candidate: Candidate = { ...read, line, index, contactId, version: Date.parse(LastUpdateTimestamp) }
    const kept = newest.get(contactId)
    if (kept !== undefined) superseded++
    if (kept === undefined || candidate.version >= kept.version) newest.set(contactId, candidate)
  }

  const calls: CallRecord[] = []
  const versions = new Map<string, number>()
  let skipped = 0
  for (const { contact, names, contactId, version, line, index } of newest.values()) {
    const outcome = convert(contact, contactId)
    if (outcome.kind === 'skipped') skipped++
    else if (outcome.kind === 'call') {
      calls.push(outcome.call)
      versions.set(outcome.call.callId, version)
    } else {
      for (const issue of outcome.issues) {
        problems.push({ line, index, id: contactId, field: names(issue.field), message: issue.message })
      }
    }
  }

  calls.sort(byQueueEntry)
  problems.sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
  return { calls, problems, skipped, superseded, versions }
}
