/**
 * Web-form intake: `POST /api/v1/submissions/web` through real HTTP against the local server (the
 * Hono API and the embedded engine in this process, in memory), measured against its floor: the
 * DynamoDB requests one submission makes, issued straight through the store's DocumentClient to
 * the same engine at the same concurrency.
 *
 * The baseline does not restate what a submission writes: it records the requests of one real
 * submission (at the time of writing: the day's counter `ADD`, the tracking-code pointer, the
 * deadline-episode index batch, the ticket, the acknowledgement's outbox entry) and replays them,
 * in order, with fresh ids (ticket number from its own counter, tracking code, citizen key), so
 * every item has the shape and size of the real one. Both series count the requests they send;
 * a check fails when the mixes differ.
 */
import { randomInt } from 'node:crypto'
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { type Category, formatTicketNumber, localDateOf, TRACKING_ALPHABET } from '@hotline/domain'
import { startLocalServer } from '@hotline/functions/local'
import { createLogger } from '@hotline/functions/logger'
import { generateSecrets } from '@hotline/functions/secrets'
import { getTicket, keys, listOutbox, type OutboxEntry, type Store } from '@hotline/store'
import type { BenchCheck, Benchmark } from './run'
import { ratiosOf, runConcurrent, series } from './run'

const CONCURRENCY = 16
const OPERATION = 'POST /api/v1/submissions/web'
const BASELINE_OPERATION =
  'the DynamoDB requests of one submission, replayed with new ids (store DocumentClient)'
const DESCRIPTION = 'web-form submissions over HTTP vs the same DynamoDB requests, direct'
const CATEGORIES: readonly Category[] = [
  'consultation',
  'request',
  'complaint',
  'report',
  'suggestion',
  'praise',
]
/** A typical citizen request: a couple of sentences. */
const CONTENT =
  '小区门口的路灯已经坏了一个多星期，晚上出行很不安全，老人孩子经常在这里摔倒，希望有关部门尽快安排维修。'

type Receipt = { ticketNumber: string; trackingCode: string; receivedAt: string; status: string }

const submissionBody = (i: number) =>
  JSON.stringify({
    // Distinct citizens: each ticket gets its own citizen index entry, as in real traffic.
    phone: `139${String(i).padStart(8, '0')}`,
    content: `${CONTENT}（${i}）`,
    category: CATEGORIES[i % CATEGORIES.length],
    location: '济源市沁园街道',
  })

/** Placeholders for the recorded submission's ids in its requests' JSON. */
const TICKET = '@@ticket@@'
const CODE = '@@code@@'
const CITIZEN = '@@citizen@@'
/** The digested subject of a rate-limit counter (the caller, the phone's citizen key). */
const RATE_SUBJECT = '@@rate@@'

const randomTrackingCode = () =>
  Array.from({ length: 10 }, () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]).join('')

/** Every outbox entry of the given local days (paged as the API pages them). */
async function outboxOf(store: Store, days: Iterable<string>): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = []
  for (const day of days) {
    let cursor: string | undefined
    do {
      const page = await listOutbox(store, day, { limit: 500, cursor })
      entries.push(...page.entries)
      cursor = page.cursor ?? undefined
    } while (cursor)
  }
  return entries
}

async function counterValue(store: Store, name: string): Promise<number> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.sequence(name), ConsistentRead: true }),
  )
  return typeof Item?.value === 'number' ? Item.value : 0
}

/** A request as the store's client received it: the SDK command's name and its input as JSON. */
type Recorded = { command: string; input: string }

/**
 * Counts the requests through `store.doc` by command (BatchWrite by item) into `tally.current`,
 * and records them into `tally.recording` while it is set.
 */
function instrument(store: Store) {
  const tally: { current: Map<string, number> | null; recording: Recorded[] | null } = {
    current: null,
    recording: null,
  }
  store.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: unknown }).commandName ?? 'unknown')
      if (tally.current) {
        const requests = (args.input as BatchWriteCommandInput).RequestItems
        const items = requests
          ? Object.values(requests).reduce((sum, list) => sum + (list?.length ?? 0), 0)
          : 1
        tally.current.set(command, (tally.current.get(command) ?? 0) + items)
      }
      tally.recording?.push({ command, input: JSON.stringify(args.input) })
      return next(args)
    },
    { step: 'initialize', name: 'benchTally' },
  )
  return tally
}

/** Sends a recorded request again through the DocumentClient (plain JS values, as the repos send them). */
async function replay(store: Store, command: string, input: Record<string, unknown>): Promise<unknown> {
  switch (command) {
    case 'UpdateItemCommand':
      return store.doc.send(new UpdateCommand(input as UpdateCommandInput))
    case 'PutItemCommand':
      return store.doc.send(new PutCommand(input as PutCommandInput))
    case 'BatchWriteItemCommand':
      return store.doc.send(new BatchWriteCommand(input as BatchWriteCommandInput))
    case 'GetItemCommand':
      return store.doc.send(new GetCommand(input as GetCommandInput))
    case 'QueryCommand':
      return store.doc.send(new QueryCommand(input as QueryCommandInput))
    case 'DeleteItemCommand':
      return store.doc.send(new DeleteCommand(input as DeleteCommandInput))
    default:
      throw new Error(`the baseline cannot replay ${command}`)
  }
}

const perOp = (counts: Map<string, number>, ops: number) =>
  [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([command, count]) => `${command.replace(/Command$/, '')} ${+(count / ops).toFixed(2)}`)
    .join(', ')

export const benchmark: Benchmark = {
  name: 'intake',
  description: DESCRIPTION,
  async run(options) {
    const n = options.quick ? 200 : 2000
    const warmup = options.quick ? 50 : 100
    const rounds = options.quick ? 4 : 10
    const perRound = Math.ceil(n / rounds)
    const roundSize = (r: number) => Math.min(perRound, n - r * perRound)
    const server = await startLocalServer({
      port: 0,
      secrets: generateSecrets(),
      logger: createLogger({ silent: true }),
      // Each submission is another citizen: the per-caller form limit (30 an hour) is not measured here.
      clientAddress: (c) => c.req.header('x-bench-citizen') ?? 'bench',
    })
    try {
      const { store } = server.local
      // The server listens on 127.0.0.1; `localhost` could resolve to ::1 first.
      const base = new URL(server.url)
      base.hostname = '127.0.0.1'
      const endpoint = new URL('/api/v1/submissions/web', base).href

      // --- measured: the API over HTTP (Node's fetch keeps connections alive) ----------------
      const receipts: Receipt[] = []
      const warmReceipts: Receipt[] = []
      const post = async (i: number, into: Receipt[]) => {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bench-citizen': `citizen-${i}` },
          body: submissionBody(i),
        })
        const text = await res.text()
        if (res.status !== 201) throw new Error(`submission ${i}: HTTP ${res.status} ${text}`)
        into.push(JSON.parse(text) as Receipt)
      }
      const tally = instrument(store)
      const counts = { api: new Map<string, number>(), baseline: new Map<string, number>() }
      const api = series(options, 'api', OPERATION, CONCURRENCY)
      const baseline = series(options, 'baseline', BASELINE_OPERATION, CONCURRENCY)
      const apiRound = async (r: number) => {
        tally.current = counts.api
        await api.round(roundSize(r), (i) => post(i, receipts))
        tally.current = null
      }

      // --- warm-up; its last submission alone, its requests recorded -------------------------
      options.log(`  warm-up: ${warmup} submissions`)
      await runConcurrent(warmup - 1, CONCURRENCY, (i) => post(n + i, warmReceipts))
      tally.recording = []
      await post(n + warmup - 1, warmReceipts)
      const recorded = tally.recording
      tally.recording = null
      const model = warmReceipts.at(-1)
      if (!model) throw new Error('the warm-up returned no receipt')

      await apiRound(0)

      // --- the recorded submission as a script with placeholders for its ids ---------------
      const { Item: ticketItem } = await store.doc.send(
        new GetCommand({
          TableName: store.tableName,
          Key: keys.ticket(model.ticketNumber),
          ConsistentRead: true,
        }),
      )
      if (!ticketItem) throw new Error(`ticket item ${model.ticketNumber} not found`)
      const citizenKey = typeof ticketItem.citizenKey === 'string' ? ticketItem.citizenKey : ''
      const day = localDateOf(model.receivedAt)
      const counterPk = keys.sequence(`ticket-${day}`).pk
      const script = recorded.map(({ command, input }) => {
        let text = input
          .replaceAll(counterPk, keys.sequence(`bench-${day}`).pk)
          .replaceAll(model.ticketNumber, TICKET)
          .replaceAll(model.trackingCode, CODE)
        if (citizenKey) text = text.replaceAll(citizenKey, CITIZEN)
        // Each citizen's counters are their own: replayed as one shared counter they would hit its limit.
        text = text.replace(/(RATE#[^#"]+#)[A-Za-z0-9_-]{43}#/g, `$1${RATE_SUBJECT}#`)
        return { command, input: text, counter: input.includes(`"${counterPk}"`), bytes: input.length }
      })
      const counterAt = script.findIndex((step) => step.counter)
      const firstUse = script.findIndex((step) => step.input.includes(TICKET))
      if (counterAt < 0 || firstUse < counterAt || script.filter((step) => step.counter).length !== 1) {
        throw new Error(
          `the recorded submission does not number its ticket with one counter ADD before using it: ${script
            .map((step) => step.command)
            .join(', ')}`,
        )
      }
      // A day no real ticket has: the same id length, no clash with the API's tickets.
      const prefix = /^[A-Z]+/.exec(model.ticketNumber)?.[0] ?? 'JY'
      const baselineSubmission = async (i: number) => {
        let ticketId = TICKET
        const trackingCode = randomTrackingCode()
        const citizen = `bench${String(i).padStart(8, '0')}`.padEnd(citizenKey.length, 'x')
        for (const step of script) {
          const input = JSON.parse(
            step.input
              .replaceAll(TICKET, ticketId)
              .replaceAll(CODE, trackingCode)
              .replaceAll(CITIZEN, citizen)
              .replaceAll(RATE_SUBJECT, `bench${String(i).padStart(8, '0')}`.padEnd(43, 'x')),
          ) as Record<string, unknown>
          const out = await replay(store, step.command, input)
          if (step.counter) {
            const value = (out as { Attributes?: { value?: unknown } }).Attributes?.value
            ticketId = formatTicketNumber(prefix, '2000-01-01', Number(value))
          }
        }
      }
      const baselineRound = async (r: number) => {
        tally.current = counts.baseline
        await baseline.round(roundSize(r), baselineSubmission)
        tally.current = null
      }

      // --- the ticket as the API reads it back: a schema mismatch is a failed check, not a crash
      const sample = receipts[0]
      if (!sample) throw new Error('the measured phase returned no receipt')
      const readBack = await getTicket(store, sample.ticketNumber).then(
        (t) => (t?.trackingCode === sample.trackingCode ? 'ok' : `read back ${JSON.stringify(t)}`),
        (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)),
      )

      // --- the rest, interleaved: baseline, api, baseline, … -------------------------------
      options.log(`  warm-up: ${warmup} baseline submissions`)
      await runConcurrent(warmup, CONCURRENCY, (i) => baselineSubmission(n + i))
      await baselineRound(0)
      for (let r = 1; r < rounds; r++) {
        await apiRound(r)
        await baselineRound(r)
      }
      const apiRow = api.row()
      const baselineRow = baseline.row()

      // --- correctness of the measured phase -----------------------------------------------
      const measuredIds = new Set(receipts.map((r) => r.ticketNumber))
      const days = new Set([...warmReceipts, ...receipts].map((r) => localDateOf(r.receivedAt)))
      const acknowledged = (await outboxOf(store, days)).filter(
        (e) => e.purpose === 'acknowledgement' && e.ticketId !== null && measuredIds.has(e.ticketId),
      ).length
      let counted = 0
      for (const day of days) counted += await counterValue(store, `ticket-${day}`)
      const checks: BenchCheck[] = [
        {
          name: 'ticket readable',
          ok: readBack === 'ok',
          detail: readBack === 'ok' ? `getTicket(${sample.ticketNumber}) matches its receipt` : readBack,
        },
        {
          name: 'same requests',
          ok: perOp(counts.api, n) === perOp(counts.baseline, n),
          detail: `per submission, api: ${perOp(counts.api, n)}; baseline: ${perOp(counts.baseline, n)}`,
        },
        {
          name: 'tickets created',
          ok: receipts.length === n && measuredIds.size === n,
          detail: `${measuredIds.size} distinct ticket numbers in ${receipts.length} receipts, expected ${n}`,
        },
        {
          name: 'acknowledgements in the outbox',
          ok: acknowledged === n,
          detail: `${acknowledged} of the day's outbox entries are the measured tickets' acknowledgements, expected ${n}`,
        },
        {
          name: 'ticket counter',
          ok: counted === n + warmup,
          detail: `day counter at ${counted}, expected ${n} + ${warmup} warm-up`,
        },
      ]

      return {
        name: 'intake',
        description: DESCRIPTION,
        params: {
          submissions: n,
          warmup,
          rounds,
          concurrency: CONCURRENCY,
          engine: 'dynalite in memory, in process',
        },
        rows: [apiRow, baselineRow],
        ratios: ratiosOf(apiRow, baselineRow),
        checks,
        notes: [
          'one process and one thread: the engine, the API and the HTTP client driving it share the CPU',
          `one submission's requests (input as JSON): ${script.map((x) => `${x.command.replace(/Command$/, '')} ${x.bytes} B`).join(', ')}`,
          'memory after a full GC, per operation over the series’ own rounds; the first rounds also hold JIT code',
        ],
      }
    } finally {
      await server.close()
    }
  },
}
