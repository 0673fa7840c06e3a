/**
 * The NDJSON import (`importLines`, the code `POST /api/v1/import` runs on each request's lines)
 * of the demo month (`generateDemoMonth`, what `pnpm hotline demo` writes) into the embedded
 * engine, measured against its floor: the items that import leaves in the table, read back with a
 * Scan and written raw to a fresh engine, 25 to a BatchWriteItem, 8 requests in flight. Both rates
 * are lines of the file per second, so the ratio says how close the import comes to only storing
 * what it stores.
 *
 * The month is measured at 1×, 2× and 4× its volume (`--scale` of the demo generator: 0.25, 0.5
 * and 1, the full-scale month; --quick: 0.025, 0.05, 0.1), each round on a fresh engine persisted
 * to a temporary LevelDB folder (the in-memory engine would keep ~24 KB of Buffers per item), in
 * interleaved rounds (import, then baseline) with medians reported. HTTP is left out: the CLI
 * sends the file in requests of thousands of lines, whose parsing is a small share of the time.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { createCalendar, fixedTerms, jiyuan2026 } from '@hotline/domain'
import { createLogger } from '@hotline/functions/logger'
import type { Store } from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { scanAllItems } from '@hotline/store/testing'
// The functions package exports no path to these; the benchmark reaches into its sources.
import { generateDemoMonth } from '../../functions/src/cli/demo'
import { localSmsSender } from '../../functions/src/intake/local-sender'
import type { IntakeDeps } from '../../functions/src/intake/usecases'
import { createVault } from '../../functions/src/intake/vault'
import { noMetrics } from '../../functions/src/metrics'
import { type ImportReport, importLines } from '../../functions/src/operations/ingest'
import type { BenchCheck, Benchmark, BenchOptions, BenchRow } from './run'
import { fixed as f, median, memoryMb, ratiosOf, runConcurrent, summarize } from './run'

const NAME = 'import'
const DESCRIPTION = 'importing the demo month (importLines) vs raw BatchWriteItem of the items it leaves'
const OPERATION =
  'importLines(deps, lines): validate, records 100 at a time, new tickets made whole per window'
const BASELINE_OPERATION = 'BatchWriteItem ×25 (8 in flight) of the Scan of the imported table, fresh engine'
const MONTH = '2026-10'
const SEED = 42
const SCALES = [1, 2, 4] as const
const BATCHES_IN_FLIGHT = 8
/** importLines' default: record batches and ticket events in flight. */
const IMPORT_CONCURRENCY = 16
const TARGET_RATIO = 0.5
const TARGET_GROWTH = 4.4
const PRINCIPAL = { sub: 'bench', username: 'bench', roles: ['integration' as const] }

type Round = { seconds: number; cpuSeconds: number }
type SizeResult = {
  scale: number
  demoScale: number
  lines: number
  items: number
  report: ImportReport
  imports: Round[]
  baselines: Round[]
  load: number
}

/** A fresh engine in a temporary LevelDB folder; `close` also deletes the folder. */
async function freshEngine(): Promise<{ local: LocalStore; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-bench-import-'))
  const local = await startLocalStore({ path: dir })
  return {
    local,
    close: async () => {
      await local.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function intakeOn(store: Store): IntakeDeps {
  const at = new Date('2026-11-03T02:00:00.000Z')
  return {
    store,
    calendar: createCalendar(),
    terms: fixedTerms(jiyuan2026),
    now: () => at,
    vault: createVault({ masterKey: 'bench-import-master-key-0123456789abcdef' }),
    sms: localSmsSender,
    logger: createLogger({ silent: true }),
    metrics: noMetrics,
  }
}

async function timed(body: () => Promise<void>): Promise<Round> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await body()
  const seconds = (performance.now() - started) / 1000
  const { user, system } = process.cpuUsage(cpu)
  return { seconds, cpuSeconds: (user + system) / 1e6 }
}

/** Writes items 25 to a BatchWriteItem, `BATCHES_IN_FLIGHT` at a time, retrying what is left unprocessed. */
async function batchPutAll(store: Store, items: readonly Record<string, unknown>[]): Promise<void> {
  await runConcurrent(Math.ceil(items.length / 25), BATCHES_IN_FLIGHT, async (b) => {
    let requests: Record<string, unknown>[] = items
      .slice(b * 25, b * 25 + 25)
      .map((Item) => ({ PutRequest: { Item } }))
    while (requests.length > 0) {
      const out = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
      )
      requests = (out.UnprocessedItems?.[store.tableName] as Record<string, unknown>[] | undefined) ?? []
    }
  })
}

/** A size's rounds as the runner's row: ops are lines, latency is one whole run. */
function rowOf(
  label: string,
  operation: string,
  lines: number,
  rounds: Round[],
  concurrency: number,
): BenchRow {
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0)
  const now = memoryMb()
  return {
    label,
    operation,
    ops: lines * rounds.length,
    concurrency,
    rounds: rounds.length,
    seconds,
    opsPerSecond: (lines * rounds.length) / seconds,
    roundOpsPerSecond: rounds.map((r) => lines / r.seconds),
    latencyMs: summarize(Float64Array.from(rounds, (r) => r.seconds * 1000)),
    heapMb: { before: Number.NaN, after: now.heap, retainedKbPerOp: Number.NaN },
    arrayBuffersMb: { before: Number.NaN, after: now.arrayBuffers, retainedKbPerOp: Number.NaN },
  }
}

/** One size: `rounds` imports on fresh engines, each followed by the baseline writing what it left. */
async function measureSize(
  options: BenchOptions,
  scale: number,
  demoScale: number,
  rounds: number,
  checks: BenchCheck[],
): Promise<SizeResult> {
  const records = generateDemoMonth({ month: MONTH, seed: SEED, scale: demoScale })
  const lines = records.map((r) => JSON.stringify(r))
  const tickets = new Set(records.flatMap((r) => (r.kind === 'ticket_event' ? [r.ticketId] : [])))
  const events = records.length - records.filter((r) => r.kind !== 'ticket_event').length
  const size: SizeResult = {
    scale,
    demoScale,
    lines: lines.length,
    items: 0,
    report: {} as ImportReport,
    imports: [],
    baselines: [],
    load: Number.NaN,
  }
  for (let r = 0; r < rounds; r++) {
    await options.gc()
    const target = await freshEngine()
    let items: Record<string, unknown>[]
    try {
      const round = await timed(async () => {
        size.report = await importLines(intakeOn(target.local.store), lines, {
          source: 'import',
          principal: PRINCIPAL,
          concurrency: IMPORT_CONCURRENCY,
        })
      })
      size.imports.push(round)
      items = await scanAllItems(target.local)
    } finally {
      await target.close()
    }
    size.items = items.length
    await options.gc()
    const floor = await freshEngine()
    try {
      size.baselines.push(await timed(() => batchPutAll(floor.local.store, items)))
      const written = (await scanAllItems(floor.local)).length
      if (r === 0) {
        checks.push({
          name: `${scale}× baseline wrote the same items`,
          ok: written === items.length,
          detail: `${written} items written, ${items.length} left by the import`,
        })
      }
    } finally {
      await floor.close()
    }
    const [i, b] = [size.imports.at(-1) as Round, size.baselines.at(-1) as Round]
    options.log(
      `  ${scale ? `${scale}×` : 'warm-up'} round ${r + 1}: import ${f(i.seconds)} s (${f(i.cpuSeconds)} s CPU, ` +
        `${f(lines.length / i.seconds, 0)} lines/s), baseline ${f(b.seconds)} s (${f(b.cpuSeconds)} s CPU, ` +
        `${f(lines.length / b.seconds, 0)} lines/s, ${items.length} items)`,
    )
  }
  size.load = loadavg()[0] ?? Number.NaN
  const { report } = size
  const expectedCreated = records.length - events + tickets.size
  checks.push({
    name: `${scale}× import counts`,
    ok:
      report.lines === lines.length &&
      report.failed === 0 &&
      report.created === expectedCreated &&
      report.applied === events - tickets.size &&
      report.duplicates === 0,
    detail:
      `${report.lines} lines: ${report.created} created (expected ${expectedCreated}: records + tickets), ` +
      `${report.applied} applied (expected ${events - tickets.size}), ${report.duplicates} duplicates, ` +
      `${report.failed} failed`,
  })
  return size
}

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const base = options.quick ? 0.025 : 0.25
    const rounds = options.quick ? 1 : 2
    const checks: BenchCheck[] = []
    const sizes: SizeResult[] = []
    // One warm-up of each at a tenth of 1× (not reported): the first import in a process also
    // compiles the schemas, the lifecycle and the SDK's paths, which no later round pays again.
    options.log(`  warm-up: the demo month at --scale ${base / 10}…`)
    await measureSize(options, 0, base / 10, 1, [])
    for (const scale of SCALES) {
      options.log(`  ${scale}×: the demo month at --scale ${base * scale}…`)
      sizes.push(await measureSize(options, scale, base * scale, rounds, checks))
    }
    const at = (scale: number) => sizes.find((s) => s.scale === scale) as SizeResult
    const largest = at(SCALES[SCALES.length - 1] ?? 1)
    const t = (s: SizeResult, which: 'imports' | 'baselines') => median(s[which].map((r) => r.seconds))
    const cpu = (s: SizeResult, which: 'imports' | 'baselines') => median(s[which].map((r) => r.cpuSeconds))
    const ratio = (s: SizeResult) => t(s, 'baselines') / t(s, 'imports')
    const growth = (which: 'imports' | 'baselines', time = t) => time(at(4), which) / time(at(1), which)
    const importRow = rowOf('import', OPERATION, largest.lines, largest.imports, IMPORT_CONCURRENCY)
    const baselineRow = rowOf(
      'baseline',
      BASELINE_OPERATION,
      largest.lines,
      largest.baselines,
      BATCHES_IN_FLIGHT,
    )
    const verdict = (ok: boolean) => (ok ? 'within target' : 'OUTSIDE target')
    return {
      name: NAME,
      description: DESCRIPTION,
      params: {
        month: MONTH,
        seed: SEED,
        'demo scale@1×': base,
        scales: SCALES.join('/'),
        roundsPerScale: rounds,
        engine: 'dynalite on LevelDB (temporary folder, fresh per round), in process',
        'import t4×/t1×': Number(f(growth('imports'))),
        'baseline t4×/t1×': Number(f(growth('baselines'))),
      },
      rows: [importRow, baselineRow],
      ratios: ratiosOf(importRow, baselineRow),
      checks,
      notes: [
        `rows: the ${largest.scale}× month (${largest.lines} lines); ops = lines; latency columns = one whole run`,
        ...sizes.map(
          (s) =>
            `${s.scale}× (--scale ${s.demoScale}: ${s.lines} lines, ${s.items} items stored): ` +
            `import ${f(t(s, 'imports'))} s (${f(cpu(s, 'imports'))} s CPU) = ${f(s.lines / t(s, 'imports'), 0)} lines/s, ` +
            `baseline ${f(t(s, 'baselines'))} s (${f(cpu(s, 'baselines'))} s CPU) = ${f(s.lines / t(s, 'baselines'), 0)} lines/s; ` +
            `import/baseline ×${f(ratio(s))} (by CPU time ×${f(cpu(s, 'baselines') / cpu(s, 'imports'))}; ` +
            `target ≥ ×${TARGET_RATIO}: ${verdict(ratio(s) >= TARGET_RATIO)}; medians of ${s.imports.length}; load ${f(s.load)})`,
        ),
        `growth of time 4×/1× (target ≤ ${TARGET_GROWTH}): import ${f(growth('imports'))} ` +
          `(${verdict(growth('imports') <= TARGET_GROWTH)}), baseline ${f(growth('baselines'))}; ` +
          `of CPU time: import ${f(growth('imports', cpu))}, baseline ${f(growth('baselines', cpu))}`,
        'one process and one thread: the engine (dynalite over LevelDB), the import and the baseline share the CPU',
      ],
    }
  },
}
