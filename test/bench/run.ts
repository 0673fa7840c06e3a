/**
 * `pnpm bench`: runs every benchmark module in this folder and prints what it measured against a
 * baseline measured in the same run, as ratios. Speed and memory targets live here, never as
 * timed assertions in tests.
 *
 *   pnpm bench                  every benchmark, full iteration counts, a table
 *   pnpm bench --quick          small iteration counts (a smoke run)
 *   pnpm bench --only intake    one benchmark by name
 *   pnpm bench --json           one JSON object on stdout (progress goes to stderr)
 *
 * A benchmark module is any `*.ts` file here other than this one; it exports `benchmark`.
 * The run exits non-zero when a benchmark's correctness check fails.
 */
import { realpathSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export type BenchOptions = {
  quick: boolean
  /** Progress lines: to stderr, so `--json` keeps stdout to the one object. */
  log: (line: string) => void
  /** Full garbage collections until what is left is retained (finalizers run in between). */
  gc: () => Promise<void>
}

/** One measured series: a number of operations at a concurrency, and what they cost. */
export type BenchRow = {
  label: string
  /** What one operation is, e.g. "POST /api/v1/submissions/web". */
  operation: string
  ops: number
  concurrency: number
  /** The series ran in this many rounds, interleaved with its baseline's. */
  rounds: number
  /** Time spent in its rounds (not counting the other series' rounds in between). */
  seconds: number
  opsPerSecond: number
  roundOpsPerSecond: number[]
  latencyMs: { p50: number; p99: number; max: number; mean: number }
  /**
   * `process.memoryUsage().heapUsed` after a full GC, in MB: before its first round, after its
   * last, and what its own rounds added (KB per operation; the engine keeps what they wrote).
   */
  heapMb: { before: number; after: number; retainedKbPerOp: number }
  /**
   * The same for `process.memoryUsage().arrayBuffers` (Buffers live outside the heap: the
   * in-memory engine keeps every key and item as Buffers).
   */
  arrayBuffersMb: { before: number; after: number; retainedKbPerOp: number }
}

export type BenchCheck = { name: string; ok: boolean; detail: string }

export type BenchResult = {
  name: string
  description: string
  params: Record<string, number | string | boolean>
  /** The first row is what the benchmark is about, the second its baseline. */
  rows: [measured: BenchRow, baseline: BenchRow]
  /** measured / baseline: throughput (higher is better) and latencies (lower is better). */
  ratios: { throughput: number; p50: number; p99: number; throughputByRound: number[] }
  checks: BenchCheck[]
  notes: string[]
}

export type Benchmark = {
  name: string
  description: string
  run(options: BenchOptions): Promise<BenchResult>
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN
}

/** Latency summary of per-operation durations in ms. */
export function summarize(durations: Float64Array): BenchRow['latencyMs'] {
  const sorted = Float64Array.from(durations).sort()
  let sum = 0
  for (const d of sorted) sum += d
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sum / sorted.length,
  }
}

/** Runs `op(i)` for i in 0..n-1 with `concurrency` in flight, timing each one. */
export async function runConcurrent(
  n: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<{ seconds: number; durations: Float64Array }> {
  const durations = new Float64Array(n)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const started = performance.now()
      await op(i)
      durations[i] = performance.now() - started
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker))
  return { seconds: (performance.now() - started) / 1000, durations }
}

const MB = 2 ** 20
export const memoryMb = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return { heap: heapUsed / MB, arrayBuffers: arrayBuffers / MB }
}

/** One timed run of a whole workload: wall and CPU time, memory around it and its peak while it ran. */
export type TimedRun = {
  seconds: number
  /** CPU time of this process over the run (user + system, every thread). */
  cpuSeconds: number
  /** What the run did: the count `body` returned (lines, items …). */
  count: number
  before: ReturnType<typeof memoryMb>
  after: ReturnType<typeof memoryMb>
  peak: ReturnType<typeof memoryMb>
}

/**
 * Runs `body` after a full GC, timing it and sampling the heap and the Buffers every 20 ms for
 * their peak; a full GC again after, for what it retained.
 */
export async function timedRun(options: BenchOptions, body: () => Promise<number>): Promise<TimedRun> {
  await options.gc()
  const before = memoryMb()
  const peak = { ...before }
  const sample = () => {
    const now = memoryMb()
    peak.heap = Math.max(peak.heap, now.heap)
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers)
  }
  const sampler = setInterval(sample, 20)
  const cpu = process.cpuUsage()
  const started = performance.now()
  let count: number
  try {
    count = await body()
  } finally {
    clearInterval(sampler)
  }
  const seconds = (performance.now() - started) / 1000
  const { user, system } = process.cpuUsage(cpu)
  sample()
  await options.gc()
  return { seconds, cpuSeconds: (user + system) / 1e6, count, before, after: memoryMb(), peak }
}

/** The runner's row of a series of timed runs (`timedRun`): ops are what `opsOf` counts, latency one whole run. */
export function rowOfRuns<R extends Pick<TimedRun, 'seconds' | 'before' | 'after'>>(
  label: string,
  operation: string,
  rounds: readonly R[],
  opsOf: (round: R) => number,
  concurrency: number,
): BenchRow {
  const ops = rounds.reduce((sum, r) => sum + opsOf(r), 0)
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0)
  const retained = (key: 'heap' | 'arrayBuffers') =>
    (rounds.reduce((sum, r) => sum + (r.after[key] - r.before[key]), 0) * 1024) / ops
  return {
    label,
    operation,
    ops,
    concurrency,
    rounds: rounds.length,
    seconds,
    opsPerSecond: ops / seconds,
    roundOpsPerSecond: rounds.map((r) => opsOf(r) / r.seconds),
    latencyMs: summarize(Float64Array.from(rounds, (r) => r.seconds * 1000)),
    heapMb: {
      before: rounds[0]?.before.heap ?? Number.NaN,
      after: rounds.at(-1)?.after.heap ?? Number.NaN,
      retainedKbPerOp: retained('heap'),
    },
    arrayBuffersMb: {
      before: rounds[0]?.before.arrayBuffers ?? Number.NaN,
      after: rounds.at(-1)?.after.arrayBuffers ?? Number.NaN,
      retainedKbPerOp: retained('arrayBuffers'),
    },
  }
}

/** The median of `xs` (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** `x` with `digits` decimals for a table or a note; `-` for NaN or infinity. */
export const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-')

/**
 * A series measured in rounds. Interleaving the rounds of a series and of its baseline
 * (A B A B …) spreads whatever else the machine does over both, so their ratio holds on a
 * busy machine where two long phases one after the other would not.
 */
export function series(options: BenchOptions, label: string, operation: string, concurrency: number) {
  const durations: Float64Array[] = []
  const roundRates: number[] = []
  let ops = 0
  let seconds = 0
  const retained = { heap: 0, arrayBuffers: 0 }
  let before: ReturnType<typeof memoryMb> | undefined
  let after = { heap: Number.NaN, arrayBuffers: Number.NaN }
  return {
    label,
    /** Runs `count` operations; `op` gets an index unique across the series' rounds. */
    async round(count: number, op: (i: number) => Promise<void>): Promise<void> {
      const offset = ops
      await options.gc()
      const start = memoryMb()
      before ??= start
      const run = await runConcurrent(count, concurrency, (i) => op(offset + i))
      await options.gc()
      after = memoryMb()
      retained.heap += after.heap - start.heap
      retained.arrayBuffers += after.arrayBuffers - start.arrayBuffers
      durations.push(run.durations)
      roundRates.push(count / run.seconds)
      ops += count
      seconds += run.seconds
      options.log(
        `  ${label} round ${roundRates.length}: ${count} in ${run.seconds.toFixed(2)} s, ` +
          `${(count / run.seconds).toFixed(0)}/s`,
      )
    },
    row(): BenchRow {
      const all = new Float64Array(ops)
      let at = 0
      for (const d of durations) {
        all.set(d, at)
        at += d.length
      }
      return {
        label,
        operation,
        ops,
        concurrency,
        rounds: roundRates.length,
        seconds,
        opsPerSecond: ops / seconds,
        roundOpsPerSecond: roundRates,
        latencyMs: summarize(all),
        heapMb: {
          before: before?.heap ?? Number.NaN,
          after: after.heap,
          retainedKbPerOp: (retained.heap * 1024) / ops,
        },
        arrayBuffersMb: {
          before: before?.arrayBuffers ?? Number.NaN,
          after: after.arrayBuffers,
          retainedKbPerOp: (retained.arrayBuffers * 1024) / ops,
        },
      }
    },
  }
}

/** measured / baseline, overall and round by round. */
export function ratiosOf(measured: BenchRow, baseline: BenchRow): BenchResult['ratios'] {
  return {
    throughput: measured.opsPerSecond / baseline.opsPerSecond,
    p50: measured.latencyMs.p50 / baseline.latencyMs.p50,
    p99: measured.latencyMs.p99 / baseline.latencyMs.p99,
    throughputByRound: measured.roundOpsPerSecond.map(
      (r, i) => r / (baseline.roundOpsPerSecond[i] ?? Number.NaN),
    ),
  }
}

/**
 * A full GC without asking the caller for `--expose-gc` (allowed at runtime, taken from a fresh
 * context), run twice around a macrotask: objects kept by finalization callbacks (fetch's
 * response bodies) go only in the second, and would otherwise count against the next round.
 */
function loadGc(): () => Promise<void> {
  let gc = (globalThis as { gc?: () => void }).gc
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc')
      const found = runInNewContext('gc') as unknown
      if (typeof found === 'function') gc = found as () => void
    } catch {
      // no GC: heap figures then include garbage
    }
  }
  const full = gc
  if (!full) return async () => {}
  return async () => {
    full()
    await new Promise((resolve) => setTimeout(resolve, 0))
    full()
  }
}

async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = import.meta.dirname
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort()
  const found: Benchmark[] = []
  for (const file of files) {
    const mod = (await import(join(dir, file))) as { benchmark?: Benchmark }
    if (!mod.benchmark) throw new Error(`${file} exports no \`benchmark\``)
    found.push(mod.benchmark)
  }
  return found
}

function table(headers: string[], body: string[][], rightAligned: boolean[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

const COLUMNS: [header: string, right: boolean, cell: (r: BenchRow) => string][] = [
  ['', false, (r) => r.label],
  ['ops', true, (r) => String(r.ops)],
  ['s', true, (r) => fixed(r.seconds, 2)],
  ['ops/s', true, (r) => fixed(r.opsPerSecond, 0)],
  ['p50 ms', true, (r) => fixed(r.latencyMs.p50, 1)],
  ['p99 ms', true, (r) => fixed(r.latencyMs.p99, 1)],
  ['max ms', true, (r) => fixed(r.latencyMs.max, 1)],
  ['heap MB', true, (r) => `${fixed(r.heapMb.before, 1)} → ${fixed(r.heapMb.after, 1)}`],
  ['heap KB/op', true, (r) => fixed(r.heapMb.retainedKbPerOp, 2)],
  ['buffers MB', true, (r) => `${fixed(r.arrayBuffersMb.before, 1)} → ${fixed(r.arrayBuffersMb.after, 1)}`],
  ['buffers KB/op', true, (r) => fixed(r.arrayBuffersMb.retainedKbPerOp, 2)],
]

function render(result: BenchResult): string {
  const params = Object.entries(result.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  const { ratios, rows } = result
  return [
    `## ${result.name}: ${result.description}`,
    `   ${params}`,
    ...rows.map((r) => `   ${r.label}: ${r.operation}`),
    '',
    table(
      COLUMNS.map(([header]) => header),
      rows.map((r) => COLUMNS.map(([, , cell]) => cell(r))),
      COLUMNS.map(([, right]) => right),
    ),
    '',
    `${rows[0].label} / ${rows[1].label}:  throughput ×${fixed(ratios.throughput, 2)}` +
      `   p50 ×${fixed(ratios.p50, 2)}   p99 ×${fixed(ratios.p99, 2)}` +
      `   (throughput round by round: ${ratios.throughputByRound.map((x) => fixed(x, 2)).join(' ')})`,
    '',
    ...result.checks.map((c) => `check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
    ...result.notes.map((n) => `note  ${n}`),
  ].join('\n')
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
    strict: true,
  })
  // The SDK's notice that its 2027 releases need Node 22 would otherwise open every run's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const all = await loadBenchmarks()
  const selected = values.only ? all.filter((b) => b.name === values.only) : all
  if (selected.length === 0) {
    console.error(`no benchmark named ${values.only}; there are: ${all.map((b) => b.name).join(', ')}`)
    process.exit(2)
  }
  const log = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line)
  const options: BenchOptions = { quick: values.quick, log, gc: loadGc() }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    /** 1-minute load average when the run started: other work on the machine skews absolute numbers. */
    loadAverage: Number(loadavg()[0]?.toFixed(2)),
  }
  if (!values.json) {
    console.log(
      `machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage}` +
        (values.quick ? ' (quick)' : ''),
    )
  }

  const benchmarks: BenchResult[] = []
  for (const b of selected) {
    log(`running ${b.name}…`)
    const result = await b.run(options)
    benchmarks.push(result)
    if (!values.json) console.log(`\n${render(result)}\n`)
  }
  if (values.json) {
    console.log(JSON.stringify({ machine, quick: values.quick, date: new Date().toISOString(), benchmarks }))
  }
  const failed = benchmarks.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name}`))
  if (failed.length > 0) {
    console.error(`failed checks: ${failed.join('; ')}`)
    process.exitCode = 1
  }
}

// Benchmark modules import helpers from here: run only as the entry point, and without a top-level
// await (a module awaiting its own dynamic imports' dependency on it would never settle).
if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
