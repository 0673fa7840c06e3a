/**
 * The daily job (`runDaily`) over one day of calls and ticket events on the embedded engine, kept
 * in a temporary LevelDB folder, measured against its floor: the least work the job cannot do
 * without, sent straight through the store's DocumentClient — Query the day's call and
 * publication partitions to the end, Query the day's episode-index partition, BatchGetItem every
 * ticket it points to (100 keys a request, consistent, as the job does), and write the day's
 * results as BatchWriteItem of 25 — computing nothing.
 *
 * The data goes straight into the store, not through HTTP: calls as the items `putRecord` writes
 * (captured from it, sent 25 to a BatchWriteItem), tickets through the ticket write path
 * (`saveNewTicket`: clocks, episode index, ticket), each written once with its whole history —
 * checked to read back as `importLines` makes them. Every ticket is received the working day
 * before the day, needing transfer and callback, so its transfer deadline falls on the day; then
 * transferred (5 %: only the next day, a breach and a drafted deduction), replied and called back.
 *
 * The day is measured at 1×, 2× and 4× its data, growing the same partitions, to show how the cost
 * grows with the day's size. At each size the first run (it creates the day's results and
 * deductions) is timed apart; the measured rounds are re-runs interleaved with the baseline's
 * (B J B J …), medians reported. Full size: 1× = 25,000 calls and 5,000 ticket events, so 4× is
 * the 100,000-call, 20,000-event day (a 1× of that day would take ~25 min here on 2 cores);
 * `BENCH_DAILY_JOB_CALLS` sets the 1× calls (ticket events are a fifth of them).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  BatchWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import {
  type Channel,
  createCalendar,
  fixedTerms,
  jiyuan2026,
  type LocalDate,
  type Ticket,
} from '@hotline/domain'
import { createLogger } from '@hotline/functions/logger'
import {
  getTicket,
  keys,
  kpiResultsOfMonth,
  putRecord,
  queryItems,
  recordFields,
  recordPartition,
  type Store,
  type StoredRecord,
  TICKET_HISTORY_PROJECTION,
} from '@hotline/store'
import { startLocalStore } from '@hotline/store/local'
// The functions package exports no path to these; the benchmark reaches into its sources.
import { localSmsSender } from '../../functions/src/intake/local-sender'
import type { IntakeDeps } from '../../functions/src/intake/usecases'
import { createVault } from '../../functions/src/intake/vault'
import { type JobDeps, type JobSummary, runDaily } from '../../functions/src/jobs/jobs'
import { noMetrics } from '../../functions/src/metrics'
import { importLines } from '../../functions/src/operations/ingest'
import { saveNewTicket } from '../../functions/src/tickets/write'
import type { BenchCheck, Benchmark, BenchOptions } from './run'
import { fixed as f, median, type memoryMb, ratiosOf, rowOfRuns, runConcurrent, timedRun } from './run'

const NAME = 'daily-job'
const DESCRIPTION = "the daily job over a day's calls and ticket events vs reading the same items, direct"
const OPERATION = 'runDaily(deps, day): read, compute the KPIs, write results, sync deductions'
const BASELINE_OPERATION =
  'Query the call, publication and episode-index partitions, BatchGet the tickets, BatchWrite the results (store DocumentClient)'

/** A Thursday; the tickets are received on the Wednesday, so their 1-working-day transfer is due on it. */
const DAY: LocalDate = '2026-10-15'
const RECEIVED_DAY: LocalDate = '2026-10-14'
const MONTH = '2026-10'
/** Local midnight (Asia/Shanghai) of a date, in epoch ms. */
const midnight = (date: LocalDate) => Date.parse(`${date}T00:00:00+08:00`)
const HOUR = 3_600_000
const AGENTS = 40
const EVENTS_PER_TICKET = 4
const PUBLICATIONS_PER_SCALE = 20
const LOAD_CONCURRENCY = 32
/** Call batches (25 items each) in flight while loading. */
const BATCHES_IN_FLIGHT = 8
type KeysAndAttributes = NonNullable<BatchGetCommandInput['RequestItems']>[string]

/** Tickets per BatchGetItem, as the job reads them (`getTickets`). */
const BATCH_GET_KEYS = 100
/** Reported as the rows' concurrency: the job's reads are sequential batches. */
const GET_CONCURRENCY = 1
const SCALES = [1, 2, 4] as const
const PRINCIPAL = { sub: 'bench', username: 'bench', roles: ['agency_reviewer' as const] }

/** A small seeded generator per record: the data is the same in every run. */
function random(seed: number): () => number {
  let a = Math.imul(seed, 0x9e3779b1) >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
const exponential = (r: () => number, mean: number) => -Math.log(1 - r()) * mean
const iso = (ms: number) => new Date(Math.round(ms)).toISOString()

/** What the loaded calls should give the call KPIs (accumulated as they are generated). */
type Expected = { calls: number; offered: number; answeredWithin: number; agents: Set<string> }

/**
 * Call `i` of the day: 8 % IVR-only, ~3 % abandoned after 5–90 s, the rest answered after an
 * exponential queue wait (mean 7 s, so ~88 % within 15 s) by one of 40 agents, for 1–10 minutes;
 * 92 % of them enter the queue between 08:00 and 22:00.
 */
function callRecord(i: number, expected: Expected) {
  const r = random(i + 1)
  const startOfDay = midnight(DAY)
  const daytime = r() < 0.92
  const enqueued = Math.floor(
    startOfDay + (daytime ? 8 * HOUR + r() * 14 * HOUR : ((r() * 10 + 22) % 24) * HOUR),
  )
  const base = { kind: 'call' as const, callId: `C${DAY.replaceAll('-', '')}${String(i).padStart(7, '0')}` }
  expected.calls++
  if (r() < 0.08) {
    return {
      ...base,
      enqueuedAt: iso(enqueued),
      answeredAt: null,
      endedAt: iso(enqueued + 20_000 + r() * 100_000),
      agentId: null,
      ivrOnly: true,
    }
  }
  expected.offered++
  if (r() < 0.03) {
    return {
      ...base,
      enqueuedAt: iso(enqueued),
      answeredAt: null,
      endedAt: iso(enqueued + 5_000 + r() * 85_000),
      agentId: null,
    }
  }
  const waitMs = Math.min(Math.round(exponential(r, 7_000)), 600_000)
  const answered = enqueued + waitMs
  if (waitMs <= jiyuan2026.serviceLevel.answerThresholdSeconds * 1000) expected.answeredWithin++
  const agentId = `A${String(1 + Math.floor(r() * AGENTS)).padStart(3, '0')}`
  expected.agents.add(agentId)
  return {
    ...base,
    enqueuedAt: iso(enqueued),
    answeredAt: iso(answered),
    endedAt: iso(answered + 60_000 + r() * 540_000),
    agentId,
  }
}

const PUBLICATION_CHANNELS = ['website', 'wechat', 'sms'] as const

function publicationRecord(i: number) {
  return {
    kind: 'publication' as const,
    publicationId: `P${DAY.replaceAll('-', '')}${String(i).padStart(5, '0')}`,
    at: iso(midnight(DAY) + 9 * HOUR + (i % 10) * HOUR),
    channel: PUBLICATION_CHANNELS[i % PUBLICATION_CHANNELS.length] ?? 'website',
    title: `政务信息公开第 ${i + 1} 条`,
    accurate: i % 25 !== 7,
  }
}

const CHANNELS: readonly Channel[] = ['phone', 'phone', 'phone', 'web', 'sms']
const DEPARTMENTS = ['住建局', '城管局', '交通运输局', '市场监管局', '人社局', '生态环境局']

type GeneratedTicket = { ticketId: string; late: boolean; lines: string[]; ticket: Ticket }

/**
 * Ticket `j`'s four events: received on the working day before `DAY` needing transfer and
 * callback; transferred within 18 h (5 %: the next day, late); replied 2–8 h later; called back
 * 1–20 h after that. Events after the day's end are left out by the KPI (as of 24:00) but still
 * read. Given as import lines and as the ticket an import of them makes (its history, flags and
 * status; `version` and `updatedAt` aside).
 */
function generateTicket(j: number, ticketId = `BJ${DAY.replaceAll('-', '')}${String(j).padStart(6, '0')}`) {
  const r = random(1_000_000_007 + j)
  const received = midnight(RECEIVED_DAY) + 8.5 * HOUR + r() * 9 * HOUR
  const late = r() < 0.05
  const transferred = late
    ? midnight(DAY) + 24 * HOUR + 9 * HOUR + r() * 6 * HOUR
    : received + 0.5 * HOUR + r() * 18 * HOUR
  const replied = transferred + 2 * HOUR + r() * 6 * HOUR
  const calledBack = replied + HOUR + r() * 19 * HOUR
  const department = DEPARTMENTS[j % DEPARTMENTS.length] as string
  const channel = CHANNELS[j % CHANNELS.length] as Channel
  const events = [
    { type: 'received', at: iso(received) },
    { type: 'transferred', at: iso(transferred), department },
    { type: 'replied', at: iso(replied), department, note: '已联系市民并说明处理结果' },
    { type: 'callback_done', at: iso(calledBack), note: '市民表示认可' },
  ] as const
  const lines = events.map((e) =>
    JSON.stringify({
      kind: 'ticket_event',
      ticketId,
      ...e,
      ...(e.type === 'received' ? { channel, needsTransfer: true, needsCallback: true } : {}),
    }),
  )
  const ticket: Ticket = {
    ticketId,
    trackingCode: null,
    channel,
    category: null,
    content: null,
    name: null,
    location: null,
    phoneMasked: null,
    openid: null,
    status: 'callback_done',
    receivedAt: iso(received),
    needsTransfer: true,
    needsCallback: true,
    emergency: false,
    events: events.map((e) => ({ ...e, by: PRINCIPAL.username })),
    messages: [],
    survey: null,
    rating: null,
    clocks: [],
    nextDue: null,
    version: 1,
    updatedAt: iso(calledBack),
  }
  return { ticketId, late, lines, ticket } satisfies GeneratedTicket
}

/** The item `putRecord` writes for a record (captured from its request instead of sent). */
async function recordItem(record: StoredRecord, at: string): Promise<Record<string, unknown>> {
  let item: Record<string, unknown> | undefined
  const capture = {
    tableName: 'capture',
    doc: {
      send: async (command: { input: { Item?: Record<string, unknown> } }) => {
        item = command.input.Item
        return {}
      },
    },
  } as unknown as Store
  await putRecord(capture, record, { source: 'bench', by: PRINCIPAL.username, at })
  if (!item) throw new Error('putRecord sent no item')
  return item
}

/** Writes items 25 to a BatchWriteItem, retrying what the engine leaves unprocessed. */
async function batchPut(store: Store, items: readonly Record<string, unknown>[]): Promise<void> {
  let requests: Record<string, unknown>[] = items.map((Item) => ({ PutRequest: { Item } }))
  while (requests.length > 0) {
    const out = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }))
    requests = (out.UnprocessedItems?.[store.tableName] as Record<string, unknown>[] | undefined) ?? []
  }
}

/** JSON with object keys sorted at every level. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )

/**
 * The bulk load writes each ticket once, with its whole history, through `saveNewTicket` (the
 * write path every ticket write takes: clocks, episode index, then the ticket) — 2 requests instead
 * of an import's 12. Checked here on an in-memory engine: tickets imported line by line with
 * `importLines` and the same tickets bulk-written (under other ids) must read back the same, with
 * the same episode-index entries. Returns the differences found.
 */
async function bulkMatchesImport(
  intake: Omit<IntakeDeps, 'store'>,
  sample: readonly number[],
): Promise<string[]> {
  const local = await startLocalStore()
  try {
    const deps: IntakeDeps = { ...intake, store: local.store }
    const differences: string[] = []
    const days = Array.from({ length: 10 }, (_, d) =>
      iso(midnight(RECEIVED_DAY) + d * 24 * HOUR + HOUR).slice(0, 10),
    )
    await runConcurrent(sample.length, 8, async (k) => {
      const j = sample[k] as number
      const imported = generateTicket(j, `IMPORTED${j}`)
      const report = await importLines(deps, imported.lines, { source: 'bench', principal: PRINCIPAL })
      if (report.failed > 0) differences.push(`ticket ${j}: import failed ${JSON.stringify(report.errors)}`)
      await saveNewTicket(deps, generateTicket(j, `BULK${j}`).ticket, { phoneEnc: null, citizenKey: null })
    })
    // Every index entry of the days around, by ticket: "day kind subject-suffix due".
    const episodes = new Map<string, string[]>()
    for (const day of days) {
      await queryAll(local.store, keys.episode(day, 'x').pk, (item) => {
        const ticketId = String(item.ticketId)
        const list = episodes.get(ticketId) ?? []
        list.push(`${day} ${item.kind} ${String(item.subject).replace(ticketId, '')} ${item.due}`)
        episodes.set(ticketId, list)
      })
    }
    const comparable = (t: Ticket | null) =>
      t ? canonical({ ...t, ticketId: 'T', version: 0, updatedAt: '' }) : 'missing'
    for (const j of sample) {
      const a = comparable(await getTicket(local.store, `IMPORTED${j}`))
      const b = comparable(await getTicket(local.store, `BULK${j}`))
      if (a !== b) differences.push(`ticket ${j}: imported ${a} vs bulk ${b}`)
      const ea = (episodes.get(`IMPORTED${j}`) ?? []).sort().join('; ')
      const eb = (episodes.get(`BULK${j}`) ?? []).sort().join('; ')
      if (ea !== eb || ea === '') differences.push(`ticket ${j} episodes: imported ${ea} vs bulk ${eb}`)
    }
    return differences
  } finally {
    await local.close()
  }
}

/** Every item of one partition, as plain Query pages (the DocumentClient unmarshals them). */
async function queryAll(
  store: Store,
  pk: string,
  each: (item: Record<string, unknown>) => void,
  projection?: { ProjectionExpression: string; ExpressionAttributeNames?: Record<string, string> },
): Promise<void> {
  for await (const item of queryItems(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ...projection,
  }))
    each(item)
}

/**
 * The baseline: the items the job reads, read and counted, and `results` (the day's results as the
 * job stores them) written back in batches: nothing computed, nothing conditional.
 */
async function baselineRead(
  store: Store,
  results: readonly Record<string, unknown>[],
): Promise<{ calls: number; publications: number; events: number }> {
  let calls = 0
  let publications = 0
  await queryAll(store, recordPartition('call', DAY), () => calls++, recordFields('call'))
  await queryAll(
    store,
    recordPartition('publication', DAY),
    () => publications++,
    recordFields('publication'),
  )
  const ids = new Set<string>()
  await queryAll(
    store,
    keys.episode(DAY, 'x').pk,
    (item) => {
      if (typeof item.ticketId === 'string') ids.add(item.ticketId)
    },
    { ProjectionExpression: 'ticketId' },
  )
  const list = [...ids]
  let events = 0
  for (let i = 0; i < list.length; i += BATCH_GET_KEYS) {
    let request: KeysAndAttributes | undefined = {
      Keys: list.slice(i, i + BATCH_GET_KEYS).map((id) => keys.ticket(id)),
      ConsistentRead: true,
      ProjectionExpression: TICKET_HISTORY_PROJECTION.expression,
    }
    while (request) {
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.tableName]: request } }),
      )
      for (const item of out.Responses?.[store.tableName] ?? [])
        events += Array.isArray(item.events) ? item.events.length : 0
      request = out.UnprocessedKeys?.[store.tableName]
    }
  }
  for (let i = 0; i < results.length; i += 25) {
    const writes = results.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    let unprocessed: typeof writes | undefined = writes
    while (unprocessed && unprocessed.length > 0) {
      const out = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: unprocessed } }),
      )
      unprocessed = out.UnprocessedItems?.[store.tableName] as typeof writes | undefined
    }
  }
  return { calls, publications, events }
}

/** One timed run with memory after a full GC around it and the peak sampled while it ran. */
type Round = {
  seconds: number
  /**
   * CPU time of this process over the run (user + system, every thread: the engine's LevelDB work
   * included). Other processes on the machine stretch `seconds`, much less this.
   */
  cpuSeconds: number
  items: number
  before: ReturnType<typeof memoryMb>
  after: ReturnType<typeof memoryMb>
  peak: ReturnType<typeof memoryMb>
}

/** `timedRun`, its count as the items it did. */
async function timed(options: BenchOptions, body: () => Promise<number>): Promise<Round> {
  const { count, ...run } = await timedRun(options, body)
  return { ...run, items: count }
}

/**
 * Waits until this process is idle (under 5 % of a core over 250 ms), at most `maxSeconds`:
 * LevelDB compacts what the load wrote on background threads of this process, which would
 * otherwise run during the first measured rounds. Returns the seconds waited.
 */
async function settle(maxSeconds = 30): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < maxSeconds * 1000) {
    const cpu = process.cpuUsage()
    const from = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 250))
    const { user, system } = process.cpuUsage(cpu)
    if ((user + system) / 1000 < 0.05 * (performance.now() - from)) break
  }
  return (performance.now() - started) / 1000
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

type SizeResult = {
  scale: number
  calls: number
  tickets: number
  events: number
  loadSeconds: { calls: number; tickets: number }
  first: Round
  /** The 1-minute load average when its rounds ended. */
  load: number
  job: Round[]
  baseline: Round[]
}

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const callsPerScale = Number(process.env.BENCH_DAILY_JOB_CALLS ?? (options.quick ? 2_500 : 25_000))
    if (!Number.isInteger(callsPerScale) || callsPerScale < 100) {
      throw new Error(`BENCH_DAILY_JOB_CALLS must be a whole number ≥ 100, not ${callsPerScale}`)
    }
    /** Ticket events are a fifth of the calls: 100,000 calls come with 20,000 events of 5,000 tickets. */
    const ticketsPerScale = Math.round(callsPerScale / 5 / EVENTS_PER_TICKET)
    const rounds = options.quick ? 2 : 3
    const dir = await mkdtemp(join(tmpdir(), 'hotline-bench-daily-'))
    const local = await startLocalStore({ path: dir })
    try {
      const { store } = local
      const calendar = createCalendar()
      // The job runs after the day (a catch-up run: the late transfers are in by then); its wall
      // clock moves on, so every run gets its own run record.
      const clockBase = midnight(DAY) + 3 * 24 * HOUR + 0.5 * HOUR
      const clockStart = performance.now()
      const now = () => new Date(clockBase + (performance.now() - clockStart))
      const jobDeps: JobDeps = { store, terms: fixedTerms(jiyuan2026), calendar, now }
      const intake: IntakeDeps = {
        store,
        calendar,
        terms: fixedTerms(jiyuan2026),
        now,
        vault: createVault({ masterKey: 'bench-daily-job-master-key-0123456789abcdef' }),
        sms: localSmsSender,
        logger: createLogger({ silent: true }),
        metrics: noMetrics,
      }
      const loadedAt = iso(clockBase)
      const expected: Expected = { calls: 0, offered: 0, answeredWithin: 0, agents: new Set() }
      let loadedCalls = 0
      let loadedTickets = 0
      let lateTickets = 0
      let publications = 0
      const sizes: SizeResult[] = []
      const sample = Array.from({ length: 40 }, (_, j) => j)
      const checkStarted = performance.now()
      const differences = await bulkMatchesImport(intake, sample)
      options.log(
        `  ${sample.length} tickets imported and bulk-written on an in-memory engine, compared in ` +
          `${f((performance.now() - checkStarted) / 1000, 1)} s`,
      )
      const checks: BenchCheck[] = [
        {
          name: 'bulk-loaded tickets = imported tickets',
          ok: differences.length === 0,
          detail:
            differences.length === 0
              ? `${sample.length} tickets written whole by saveNewTicket read back as importLines makes them, with the same episode index`
              : differences.slice(0, 3).join(' | '),
        },
      ]

      for (const scale of SCALES) {
        const calls = callsPerScale * scale
        const tickets = ticketsPerScale * scale

        // --- load what this size adds to the day (not measured) ------------------------------
        options.log(`  ${scale}×: loading ${calls - loadedCalls} calls, ${tickets - loadedTickets} tickets…`)
        const callsFrom = loadedCalls
        const batches = Math.ceil((calls - callsFrom) / 25)
        const callLoad = await runConcurrent(batches, BATCHES_IN_FLIGHT, async (b) => {
          const from = callsFrom + b * 25
          const to = Math.min(calls, from + 25)
          const items: Record<string, unknown>[] = []
          for (let i = from; i < to; i++) items.push(await recordItem(callRecord(i, expected), loadedAt))
          await batchPut(store, items)
        })
        loadedCalls = calls
        const pubItems: Record<string, unknown>[] = []
        for (; publications < PUBLICATIONS_PER_SCALE * scale; publications++) {
          pubItems.push(await recordItem(publicationRecord(publications), loadedAt))
        }
        for (let i = 0; i < pubItems.length; i += 25) await batchPut(store, pubItems.slice(i, i + 25))
        const ticketsFrom = loadedTickets
        const ticketLoad = await runConcurrent(tickets - ticketsFrom, LOAD_CONCURRENCY, async (k) => {
          const { ticket, late } = generateTicket(ticketsFrom + k)
          if (late) lateTickets++
          const { result } = await saveNewTicket(intake, ticket, { phoneEnc: null, citizenKey: null })
          if (result !== 'created') throw new Error(`ticket ${ticket.ticketId}: ${result}`)
        })
        loadedTickets = tickets
        const events = tickets * EVENTS_PER_TICKET
        const settled = await settle()
        options.log(
          `  ${scale}×: loaded ${calls - callsFrom} calls in ${f(callLoad.seconds, 1)} s ` +
            `(${f((calls - callsFrom) / callLoad.seconds, 0)}/s), ${tickets - ticketsFrom} tickets ` +
            `(${(tickets - ticketsFrom) * EVENTS_PER_TICKET} events) in ${f(ticketLoad.seconds, 1)} s ` +
            `(${f((tickets - ticketsFrom) / ticketLoad.seconds, 0)} tickets/s); idle after ${f(settled, 1)} s`,
        )

        // --- first run: creates the day's results and deductions (timed apart) --------------
        let summary: JobSummary | undefined
        const runJob = async () => {
          summary = await runDaily(jobDeps, DAY, 'bench')
          return (summary.records.calls ?? 0) + (summary.records.ticketEvents ?? 0)
        }
        let baselineCounts = { calls: 0, publications: 0, events: 0 }
        let dayResults: Record<string, unknown>[] = []
        const runBaseline = async () => {
          baselineCounts = await baselineRead(store, dayResults)
          return baselineCounts.calls + baselineCounts.events
        }
        const first = await timed(options, runJob)
        // The results the job stored for the day, as items: what the baseline writes back each round.
        dayResults = []
        await queryAll(store, keys.kpiResult(MONTH, '').pk, (item) => {
          if (String(item.period) === DAY) dayResults.push(item)
        })
        options.log(
          `  ${scale}× first job run: ${f(first.seconds)} s (${f(first.cpuSeconds)} s CPU), deductions ` +
            JSON.stringify(summary?.deductions ?? {}),
        )
        if (scale === 1) await runBaseline() // warm-up

        // --- measured: re-runs interleaved with the baseline --------------------------------
        const size: SizeResult = {
          scale,
          calls,
          tickets,
          events,
          loadSeconds: { calls: callLoad.seconds, tickets: ticketLoad.seconds },
          first,
          load: Number.NaN,
          job: [],
          baseline: [],
        }
        for (let r = 0; r < rounds; r++) {
          const b = await timed(options, runBaseline)
          size.baseline.push(b)
          const j = await timed(options, runJob)
          size.job.push(j)
          options.log(
            `  ${scale}× round ${r + 1}: baseline ${f(b.seconds)} s (${f(b.cpuSeconds)} s CPU, ` +
              `${f(b.items / b.seconds, 0)} items/s), job ${f(j.seconds)} s (${f(j.cpuSeconds)} s CPU, ` +
              `${f(j.items / j.seconds, 0)} items/s)`,
          )
        }
        size.load = loadavg()[0] ?? Number.NaN
        sizes.push(size)

        // --- correctness at this size --------------------------------------------------------
        const records = summary?.records ?? {}
        checks.push({
          name: `${scale}× calls read`,
          ok: records.calls === calls && baselineCounts.calls === calls,
          detail: `job read ${records.calls}, baseline ${baselineCounts.calls}, expected ${calls}`,
        })
        checks.push({
          name: `${scale}× ticket events read`,
          ok: records.ticketEvents === events && baselineCounts.events === events,
          detail: `job read ${records.ticketEvents}, baseline ${baselineCounts.events}, expected ${events}`,
        })
        const results = (await kpiResultsOfMonth(store, MONTH)).filter((x) => x.period === DAY)
        const one = (kpi: string) => results.find((x) => x.kpi === kpi)
        const answer = one('answer_15s')
        const workload = results.filter((x) => x.kpi === 'agent_workload').length
        const callKpisOk =
          answer?.value?.num === expected.answeredWithin &&
          answer.value.den === expected.offered &&
          one('connection') !== undefined &&
          one('publish_accuracy')?.value?.den === publications &&
          workload === expected.agents.size
        checks.push({
          name: `${scale}× call and publication KPIs`,
          ok: callKpisOk,
          detail:
            `answer_15s ${answer?.value?.num}/${answer?.value?.den} (expected ${expected.answeredWithin}/${expected.offered}), ` +
            `connection ${one('connection') ? 'present' : 'missing'}, publish_accuracy over ` +
            `${one('publish_accuracy')?.value?.den} (expected ${publications}), ` +
            `agent_workload ×${workload} (expected ${expected.agents.size})`,
        })
        const serviceErrors = results.filter((x) => x.kpi.startsWith('service_error.'))
        const breaches = serviceErrors.filter((x) => x.met === false).length
        checks.push({
          name: `${scale}× service-error results`,
          ok: serviceErrors.length === tickets && breaches === lateTickets,
          detail: `${serviceErrors.length} results (expected ${tickets}, one transfer deadline per ticket), ${breaches} breaches (expected ${lateTickets})`,
        })
      }

      // --- the report ------------------------------------------------------------------------
      const at = (scale: number) => sizes.find((s) => s.scale === scale) as SizeResult
      const largest = at(SCALES[SCALES.length - 1] ?? 1)
      const jobRow = rowOfRuns('job', OPERATION, largest.job, (r) => r.items, GET_CONCURRENCY)
      const baselineRow = rowOfRuns(
        'baseline',
        BASELINE_OPERATION,
        largest.baseline,
        (r) => r.items,
        GET_CONCURRENCY,
      )
      type Which = 'job' | 'baseline'
      const t = (s: SizeResult, which: Which) => median(s[which].map((r) => r.seconds))
      const cpu = (s: SizeResult, which: Which) => median(s[which].map((r) => r.cpuSeconds))
      const growth = (time: typeof t, which: Which, from: number, to: number) =>
        time(at(to), which) / time(at(from), which)
      const items = (s: SizeResult) => s.job[0]?.items ?? Number.NaN
      const ips = (s: SizeResult, which: Which) => items(s) / t(s, which)
      const peak = (s: SizeResult, which: 'job' | 'baseline', key: 'heap' | 'arrayBuffers') =>
        Math.max(...s[which].map((r) => r.peak[key]))
      const afterGc = (s: SizeResult, key: 'heap' | 'arrayBuffers') =>
        mean([...s.job, ...s.baseline].map((r) => r.after[key]))
      const previous = (s: SizeResult) => sizes[sizes.indexOf(s) - 1]

      return {
        name: NAME,
        description: DESCRIPTION,
        params: {
          'calls@1×': callsPerScale,
          'ticketEvents@1×': ticketsPerScale * EVENTS_PER_TICKET,
          'tickets@1×': ticketsPerScale,
          scales: SCALES.join('/'),
          roundsPerScale: rounds,
          engine: 'dynalite on LevelDB (temporary folder), in process',
          'job t2×/t1×': Number(f(growth(t, 'job', 1, 2))),
          'job t4×/t2×': Number(f(growth(t, 'job', 2, 4))),
          'baseline t2×/t1×': Number(f(growth(t, 'baseline', 1, 2))),
          'baseline t4×/t2×': Number(f(growth(t, 'baseline', 2, 4))),
          'job cpu 2×/1×': Number(f(growth(cpu, 'job', 1, 2))),
          'job cpu 4×/2×': Number(f(growth(cpu, 'job', 2, 4))),
          'baseline cpu 2×/1×': Number(f(growth(cpu, 'baseline', 1, 2))),
          'baseline cpu 4×/2×': Number(f(growth(cpu, 'baseline', 2, 4))),
        },
        rows: [jobRow, baselineRow],
        ratios: ratiosOf(jobRow, baselineRow),
        checks,
        notes: [
          `rows: the ${largest.scale}× day (${largest.calls} calls, ${largest.events} ticket events); ` +
            'ops = items read (calls + ticket events); latency columns = one whole run',
          ...sizes.map(
            (s) =>
              `${s.scale}× (${s.calls} calls, ${s.events} events of ${s.tickets} tickets): ` +
              `job ${f(t(s, 'job'))} s (${f(cpu(s, 'job'))} s CPU) = ${f(ips(s, 'job'), 0)} items/s, ` +
              `baseline ${f(t(s, 'baseline'))} s (${f(cpu(s, 'baseline'))} s CPU) = ${f(ips(s, 'baseline'), 0)} items/s; ` +
              `job/baseline throughput ×${f(ips(s, 'job') / ips(s, 'baseline'))}, ` +
              `by CPU time ×${f(cpu(s, 'baseline') / cpu(s, 'job'))} ` +
              `(medians of ${rounds} re-runs; first run ${f(s.first.seconds)} s, ${f(s.first.cpuSeconds)} s CPU; ` +
              `load ${f(s.load)})`,
          ),
          `growth of time, 2×/1× and 4×/2× (2.00 = linear): job ${f(growth(t, 'job', 1, 2))} and ` +
            `${f(growth(t, 'job', 2, 4))}, baseline ${f(growth(t, 'baseline', 1, 2))} and ${f(growth(t, 'baseline', 2, 4))}; ` +
            `of CPU time: job ${f(growth(cpu, 'job', 1, 2))} and ${f(growth(cpu, 'job', 2, 4))}, ` +
            `baseline ${f(growth(cpu, 'baseline', 1, 2))} and ${f(growth(cpu, 'baseline', 2, 4))}`,
          ...sizes.map(
            (s) =>
              `${s.scale}× memory: after GC ${f(afterGc(s, 'heap'), 1)} MB heap, ` +
              `${f(afterGc(s, 'arrayBuffers'), 1)} MB buffers; peak while running (sampled every 20 ms, ` +
              `garbage included): job ${f(peak(s, 'job', 'heap'), 0)} MB heap, ${f(peak(s, 'job', 'arrayBuffers'), 0)} MB buffers; ` +
              `baseline ${f(peak(s, 'baseline', 'heap'), 0)} MB, ${f(peak(s, 'baseline', 'arrayBuffers'), 0)} MB`,
          ),
          ...sizes.map(
            (s) =>
              `${s.scale}× load (not measured): +${s.calls - (previous(s)?.calls ?? 0)} calls in ` +
              `${f(s.loadSeconds.calls, 1)} s (putRecord's items, BatchWriteItem, ${BATCHES_IN_FLIGHT}×25 in flight), ` +
              `+${s.tickets - (previous(s)?.tickets ?? 0)} tickets in ${f(s.loadSeconds.tickets, 1)} s ` +
              `(saveNewTicket, ${LOAD_CONCURRENCY} in flight)`,
          ),
          'one process and one thread: the engine (dynalite over LevelDB), the job and the baseline share the CPU',
        ],
      }
    } finally {
      await local.close()
      await rm(dir, { recursive: true, force: true })
    }
  },
}
