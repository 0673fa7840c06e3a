/**
 * Asterisk `queue_log` (app_queue) → canonical `call` records (SPEC §8, §9), one per queue entry.
 *
 * Pure: no I/O, no clock. Lines are `epoch|callid|queuename|agent|event|data…`, the epoch in Unix
 * seconds (UTC). A call enters at ENTERQUEUE (the §4.5 clock starts there), is answered at CONNECT
 * and ends at COMPLETEAGENT / COMPLETECALLER / TRANSFER / BLINDTRANSFER / ATTENDEDTRANSFER, or leaves
 * unanswered at ABANDON / EXITWITHTIMEOUT / EXITEMPTY / EXITWITHKEY. When its earlier lines are not
 * in the input (a log rotated mid-call), the times are rebuilt from the durations the later line
 * carries: enqueued = CONNECT − holdtime, = end − waittime, or = end − calltime − holdtime. A call
 * that has not ended is returned in `open`, not emitted. Lines of other events (RINGNOANSWER,
 * AGENTDUMP, SYSCOMPAT…) and lines of no call (callid `NONE`: QUEUESTART, AGENTLOGIN, CONFIGRELOAD…)
 * say nothing about when a caller waited or was answered and are ignored.
 *
 * A malformed line is reported with its number; the call it belongs to is then not imported at all
 * (one more problem says so) rather than converted from the lines that remain.
 *
 * Events: https://docs.asterisk.org/Operation/Logging/Queue-Logs/
 */
import { createHash } from 'node:crypto'
import { CallRecord, Id, toInstant } from '@hotline/domain'

/** One thing that could not be imported: the line (1-based), the call's id, which field, why. */
export type QueueLogProblem = { line?: number; index?: number; id?: string; field: string; message: string }

export type QueueLogResult = {
  /** One call per queue entry that ended, ordered by queue entry then id. */
  calls: CallRecord[]
  problems: QueueLogProblem[]
  /** Calls still waiting or talking at the end of the input: the `callId` each will have. */
  open: string[]
}

/** The streaming form of `parseQueueLog`: push every line in order, then `end()` for the same result. */
export type QueueLogParser = {
  push(line: string, lineNumber: number): void
  end(): QueueLogResult
}

/** End events of an answered call, with the data positions of holdtime and calltime. */
const ANSWERED_END: Readonly<Record<string, { holdtime: number; calltime: number }>> = {
  COMPLETEAGENT: { holdtime: 0, calltime: 1 },
  COMPLETECALLER: { holdtime: 0, calltime: 1 },
  TRANSFER: { holdtime: 2, calltime: 3 },
  BLINDTRANSFER: { holdtime: 2, calltime: 3 },
  ATTENDEDTRANSFER: { holdtime: 2, calltime: 3 },
}

/** Events of a caller who left the queue unanswered, with the data position of waittime. */
const UNANSWERED_END: Readonly<Record<string, number>> = {
  ABANDON: 2,
  EXITWITHTIMEOUT: 2,
  EXITEMPTY: 2,
  EXITWITHKEY: 3,
}

const isCallEvent = (event: string): boolean =>
  event === 'ENTERQUEUE' || event === 'CONNECT' || event in ANSWERED_END || event in UNANSWERED_END

/** Callids that belong to no caller. */
const NO_CALL: ReadonlySet<string> = new Set(['', 'NONE', 'REALTIME'])

/** An id as the canonical record takes it: as is when valid; otherwise cleaned, with a digest so it stays unique. */
function sourceId(raw: string): string {
  if (Id.safeParse(raw).success) return raw
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 16)
  return `${raw.replace(/[\s#]+/g, '_').slice(0, 128 - 17)}~${digest}`
}

/**
 * The agent of a queue member as logged: the technology and the dial context stripped, so one
 * agent reads the same whichever way the member was added; a member name is kept.
 *
 * @example
 * queueMemberId('PJSIP/1001') // '1001'
 * queueMemberId('Local/1001@agents/n') // '1001'
 */
export function queueMemberId(member: string): string {
  const trimmed = member.trim()
  const slash = trimmed.indexOf('/')
  const resource =
    slash > 0 && /^[A-Za-z][\w-]*$/.test(trimmed.slice(0, slash)) ? trimmed.slice(slash + 1) : trimmed
  const at = resource.indexOf('@')
  return sourceId(at > 0 ? resource.slice(0, at) : resource)
}

/** Seconds as written by app_queue: a non-negative whole number. */
const seconds = (value: string | undefined): number | null =>
  value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : null

/** A Unix epoch in seconds (a fraction allowed), as epoch ms. */
const epochMsOf = (value: string): number | null =>
  /^\d{1,11}(\.\d{1,6})?$/.test(value.trim()) ? Math.round(Number(value.trim()) * 1000) : null

/** One queue entry being followed. Times are epoch ms. */
type Entry = {
  callId: string
  firstLine: number
  enqueuedMs: number | null
  answeredMs: number | null
  agentId: string | null
  /** The first malformed or contradictory line of this call: the call will not be imported. */
  brokenAt: number | null
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byQueueEntry = (a: CallRecord, b: CallRecord): number =>
  compare(a.enqueuedAt, b.enqueuedAt) || compare(a.callId, b.callId)

/**
 * A queue_log parser fed one line at a time, for files too large to hold: the lines of each
 * call must come in the file's order (lines of different calls may interleave freely).
 *
 * @example
 * const parser = createQueueLogParser()
 * let n = 0
 * for await (const line of readline.createInterface({ input })) parser.push(line, ++n)
 * const { calls, problems, open } = parser.end()
 */
export function createQueueLogParser(): QueueLogParser {
  const calls: CallRecord[] = []
  const problems: QueueLogProblem[] = []
  /** The entry each callid is in now. */
  const current = new Map<string, Entry>()
  /** How many entries each callid has had: the second is `<callid>-2`, and so on. */
  const entriesOf = new Map<string, number>()
  /** A malformed line of a callid with no entry yet: it spoils the next one. */
  const spoiled = new Map<string, number>()
  let ended = false

  /**
   * Marks the call a bad line belongs to: the entry the callid is in, or, when the line may have
   * been the one that started it (ENTERQUEUE, CONNECT, a line cut short), the entry its next lines open.
   */
  const spoil = (callid: string, line: number, mayStart: boolean) => {
    const entry = current.get(callid)
    if (entry) entry.brokenAt ??= line
    else if (mayStart && !spoiled.has(callid)) spoiled.set(callid, line)
  }

  const open = (callid: string, line: number, enqueuedMs: number | null): Entry => {
    const n = (entriesOf.get(callid) ?? 0) + 1
    entriesOf.set(callid, n)
    const base = sourceId(callid)
    const entry: Entry = {
      callId: n === 1 ? base : sourceId(`${callid}-${n}`),
      firstLine: line,
      enqueuedMs,
      answeredMs: null,
      agentId: null,
      brokenAt: spoiled.get(callid) ?? null,
    }
    spoiled.delete(callid)
    current.set(callid, entry)
    return entry
  }

  const close = (callid: string, entry: Entry, endedMs: number, line: number) => {
    current.delete(callid)
    if (entry.brokenAt !== null) {
      problems.push({
        line,
        id: entry.callId,
        field: '(call)',
        message: `not imported: line ${entry.brokenAt} of this call is malformed or contradictory`,
      })
      return
    }
    if (entry.enqueuedMs === null) return
    const record = CallRecord.safeParse({
      kind: 'call',
      callId: entry.callId,
      enqueuedAt: toInstant(new Date(entry.enqueuedMs)),
      endedAt: toInstant(new Date(endedMs)),
      answeredAt: entry.answeredMs === null ? null : toInstant(new Date(entry.answeredMs)),
      agentId: entry.agentId,
    })
    if (record.success) {
      calls.push(record.data)
      return
    }
    for (const issue of record.error.issues) {
      const key = String(issue.path[0] ?? '')
      const field = key === 'callId' ? 'callid' : key === 'agentId' ? 'agent' : 'epoch'
      problems.push({ line, id: entry.callId, field, message: `${key}: ${issue.message}` })
    }
  }

  function push(raw: string, line: number): void {
    if (ended) throw new Error('queue_log parser: push after end()')
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text.trim() === '') return
    const fields = text.split('|')
    const callid = (fields[1] ?? '').trim()
    const isCall = !NO_CALL.has(callid)
    if (fields.length < 5) {
      problems.push({
        line,
        ...(isCall ? { id: callid } : {}),
        field: '(line)',
        message: `expected epoch|callid|queuename|agent|event[|data…], got ${fields.length} field(s)`,
      })
      if (isCall && fields.length >= 2) spoil(callid, line, true)
      return
    }
    const event = (fields[4] ?? '').trim().toUpperCase()
    const data = fields.slice(5)
    const at = epochMsOf(fields[0] ?? '')
    const report = (field: string, message: string) => {
      problems.push({ line, ...(isCall ? { id: callid } : {}), field, message })
      if (isCall && isCallEvent(event)) spoil(callid, line, event === 'ENTERQUEUE' || event === 'CONNECT')
    }
    if (at === null) {
      report('epoch', 'must be Unix seconds')
      return
    }
    if (!isCall || !isCallEvent(event)) return

    const entry = current.get(callid)
    if (event === 'ENTERQUEUE') {
      if (entry) {
        problems.push({
          line: entry.firstLine,
          id: entry.callId,
          field: 'event',
          message: `no end to this queue entry before the caller entered a queue again on line ${line}`,
        })
        current.delete(callid)
      }
      open(callid, line, at)
      return
    }

    if (event === 'CONNECT') {
      const holdtime = seconds(data[0])
      if (!entry && holdtime === null) {
        report('holdtime', 'must be whole seconds (no ENTERQUEUE to start from)')
        return
      }
      const agent = (fields[3] ?? '').trim()
      if (agent === '' || agent === 'NONE') {
        report('agent', 'required on CONNECT')
        return
      }
      const call = entry ?? open(callid, line, at - (holdtime ?? 0) * 1000)
      if (call.answeredMs !== null) {
        call.brokenAt ??= line
        problems.push({
          line,
          id: call.callId,
          field: 'event',
          message: 'a second CONNECT for one queue entry',
        })
        return
      }
      call.answeredMs = at
      call.agentId = queueMemberId(agent)
      return
    }

    const answeredEnd = ANSWERED_END[event]
    if (answeredEnd) {
      const holdtime = seconds(data[answeredEnd.holdtime])
      const calltime = seconds(data[answeredEnd.calltime])
      let call = entry
      if (!call) {
        if (holdtime === null) {
          report('holdtime', 'must be whole seconds (no ENTERQUEUE or CONNECT)')
          return
        }
        if (calltime === null) {
          report('calltime', 'must be whole seconds (no ENTERQUEUE or CONNECT)')
          return
        }
        call = open(callid, line, at - (calltime + holdtime) * 1000)
      }
      if (call.answeredMs === null) {
        // No CONNECT line: answered holdtime after entering, by the agent on this line.
        const agent = (fields[3] ?? '').trim()
        if (agent === '' || agent === 'NONE') {
          report('agent', `required on ${event} without CONNECT`)
          return
        }
        if (call.enqueuedMs !== null && holdtime !== null) call.answeredMs = call.enqueuedMs + holdtime * 1000
        else if (calltime !== null) call.answeredMs = at - calltime * 1000
        else {
          report('calltime', 'must be whole seconds (no CONNECT)')
          return
        }
        call.agentId = queueMemberId(agent)
      }
      close(callid, call, at, line)
      return
    }

    const waitAt = UNANSWERED_END[event]
    if (waitAt !== undefined) {
      let call = entry
      if (!call) {
        const waittime = seconds(data[waitAt])
        if (waittime === null) {
          report('waittime', 'must be whole seconds (no ENTERQUEUE)')
          return
        }
        call = open(callid, line, at - waittime * 1000)
      }
      if (call.answeredMs !== null) {
        call.brokenAt ??= line
        problems.push({
          line,
          id: call.callId,
          field: 'event',
          message: `${event} after the call was answered`,
        })
      }
      close(callid, call, at, line)
    }
  }

  function end(): QueueLogResult {
    ended = true
    const stillOpen: string[] = []
    for (const entry of current.values()) {
      if (entry.brokenAt === null) stillOpen.push(entry.callId)
      else
        problems.push({
          line: entry.firstLine,
          id: entry.callId,
          field: '(call)',
          message: `not imported: line ${entry.brokenAt} of this call is malformed or contradictory`,
        })
    }
    current.clear()
    return {
      calls: [...calls].sort(byQueueEntry),
      problems: [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      open: stillOpen.sort(compare),
    }
  }

  return { push, end }
}

/**
 * Parses a whole queue_log text (lines numbered from 1) into calls.
 *
 * @example
 * parseQueueLog('1791511200|1791511200.17|hotline|NONE|ENTERQUEUE||13800000000|1\n…')
 */
export function parseQueueLog(text: string): QueueLogResult {
  const parser = createQueueLogParser()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) parser.push(lines[i] ?? '', i + 1)
  return parser.end()
}
