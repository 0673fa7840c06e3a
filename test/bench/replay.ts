/**
 * `hotline replay` of the demo month (`replayMonth` on the file's lines, streamed as the command
 * streams them) measured against its floor: reading the same file line by line, `JSON.parse` and
 * the domain's zod schema (`HotlineRecord`) on every line — what any check of the file must do.
 * Replay does that too, then holds the records, builds the tickets, and runs every day's and the
 * month's KPIs and drafts (issue 13's target: ≤ 3× the baseline's time).
 *
 * The month is generated at 1×, 2× and 4× the demo's scale (1× ≈ 51,600 lines, 8.2 MB; `--quick`:
 * 0.1×, 0.2×, 0.4×) and written to a temporary file (not measured), to show how time grows with
 * the file (target: 4× the data ≤ 4.4× the time). At each size the rounds alternate (B R B R …),
 * medians reported; peak heap sampled every 20 ms while each runs. The targets are reported in
 * the notes (within / OUTSIDE target); the checks are about correctness: every line replayed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { HotlineRecord } from '@hotline/domain'
import { generateDemoMonth } from '../../functions/src/cli/demo'
// The functions package exports no path to these; the benchmark reaches into its sources.
import { replayMonth } from '../../functions/src/cli/replay'
import { linesOf } from '../../functions/src/cli/replay-command'
import type { BenchCheck, Benchmark, BenchOptions } from './run'
import { fixed as f, median, type memoryMb, ratiosOf, rowOfRuns, timedRun } from './run'

const NAME = 'replay'
const DESCRIPTION = 'replay of the demo month vs reading, JSON-parsing and validating the same file'
const OPERATION = 'replayMonth({ lines: linesOf(file), month }): load, every daily job, the monthly job'
const BASELINE_OPERATION = 'linesOf(file), JSON.parse and HotlineRecord.safeParse each line'
const MONTH = '2026-10'
const SEED = 42
/** Targets of issue 13: replay within 3× the baseline; 4× the data within 4.4× the time. */
const MAX_RATIO = 3
const MAX_GROWTH_4X = 4.4

type Round = {
  seconds: number
  cpuSeconds: number
  lines: number
  before: ReturnType<typeof memoryMb>
  after: ReturnType<typeof memoryMb>
  peak: ReturnType<typeof memoryMb>
}

type Size = {
  scale: number
  lines: number
  bytes: number
  replay: Round[]
  baseline: Round[]
  totalFen: number
}

/** The floor: every line read, parsed and validated, nothing kept. Returns the lines read. */
async function baseline(file: string): Promise<number> {
  let lines = 0
  let invalid = 0
  for await (const line of linesOf(file)) {
    lines++
    const text = line.trim()
    if (text === '') continue
    if (!HotlineRecord.safeParse(JSON.parse(text)).success) invalid++
  }
  if (invalid > 0) throw new Error(`${invalid} invalid lines in the demo month`)
  return lines
}

/** `timedRun`, its count as the lines it did. */
async function timed(options: BenchOptions, body: () => Promise<number>): Promise<Round> {
  const { count, ...run } = await timedRun(options, body)
  return { ...run, lines: count }
}

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const scales = options.quick ? [0.1, 0.2, 0.4] : [1, 2, 4]
    const rounds = options.quick ? 2 : 3
    const dir = await mkdtemp(join(tmpdir(), 'hotline-bench-replay-'))
    try {
      const sizes: Size[] = []
      const checks: BenchCheck[] = []
      for (const scale of scales) {
        const records = generateDemoMonth({ month: MONTH, seed: SEED, scale })
        const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`
        const file = join(dir, `demo-${scale}.ndjson`)
        await writeFile(file, text)
        const size: Size = {
          scale,
          lines: records.length,
          bytes: Buffer.byteLength(text),
          replay: [],
          baseline: [],
          totalFen: Number.NaN,
        }
        options.log(`  ${scale}×: ${records.length} lines, ${f(size.bytes / 2 ** 20, 1)} MB`)
        let failed = 0
        const runReplay = async () => {
          const result = await replayMonth({ lines: linesOf(file), month: MONTH })
          failed = result.import.failed
          size.totalFen = result.totalFen
          return result.import.lines
        }
        const runBaseline = () => baseline(file)
        if (scale === scales[0]) {
          await runBaseline() // warm-up: the schemas' and the calculators' code compiled
          await runReplay()
        }
        for (let r = 0; r < rounds; r++) {
          const b = await timed(options, runBaseline)
          size.baseline.push(b)
          const j = await timed(options, runReplay)
          size.replay.push(j)
          options.log(
            `  ${scale}× round ${r + 1}: baseline ${f(b.seconds)} s, replay ${f(j.seconds)} s ` +
              `(×${f(j.seconds / b.seconds)}), replay peak heap ${f(j.peak.heap, 0)} MB`,
          )
        }
        checks.push({
          name: `${scale}× every line replayed`,
          ok: failed === 0 && size.replay.every((r) => r.lines === records.length),
          detail: `${size.replay[0]?.lines} lines, ${failed} failed (expected ${records.length}, 0)`,
        })
        sizes.push(size)
      }

      const t = (s: Size, which: 'replay' | 'baseline') => median(s[which].map((r) => r.seconds))
      const ratio = (s: Size) => t(s, 'replay') / t(s, 'baseline')
      const first = sizes[0] as Size
      const largest = sizes.at(-1) as Size
      const growth = (which: 'replay' | 'baseline') => t(largest, which) / t(first, which)
      const peakKbPerLine = (s: Size) =>
        (median(s.replay.map((r) => r.peak.heap - r.before.heap)) * 1024) / s.lines
      const cpu = (s: Size, which: 'replay' | 'baseline') => median(s[which].map((r) => r.cpuSeconds))
      const verdict = (ok: boolean) => (ok ? 'within target' : 'OUTSIDE target')
      const replayRow = rowOfRuns('replay', OPERATION, largest.replay, (r) => r.lines, 1)
      const baselineRow = rowOfRuns('baseline', BASELINE_OPERATION, largest.baseline, (r) => r.lines, 1)
      return {
        name: NAME,
        description: DESCRIPTION,
        params: {
          month: MONTH,
          seed: SEED,
          scales: scales.join('/'),
          roundsPerScale: rounds,
          'lines@1st': first.lines,
          'replay/baseline@1st': Number(f(ratio(first))),
          'replay/baseline@last': Number(f(ratio(largest))),
          'replay tLast/t1st': Number(f(growth('replay'))),
          'baseline tLast/t1st': Number(f(growth('baseline'))),
        },
        rows: [replayRow, baselineRow],
        ratios: ratiosOf(replayRow, baselineRow),
        checks,
        notes: [
          `rows: the ${largest.scale}× month (${largest.lines} lines); ops = lines; latency columns = one whole run`,
          ...sizes.map(
            (s) =>
              `${s.scale}× (${s.lines} lines, ${f(s.bytes / 2 ** 20, 1)} MB): replay ${f(t(s, 'replay'))} s ` +
              `(${f(s.lines / t(s, 'replay'), 0)} lines/s, ${f(cpu(s, 'replay'))} s CPU), baseline ` +
              `${f(t(s, 'baseline'))} s (${f(s.lines / t(s, 'baseline'), 0)} lines/s, ${f(cpu(s, 'baseline'))} s CPU); ` +
              `replay/baseline ×${f(ratio(s))} (CPU ×${f(cpu(s, 'replay') / cpu(s, 'baseline'))}; target ≤ ×${MAX_RATIO}: ` +
              `${verdict(ratio(s) <= MAX_RATIO)}); replay peak heap +${f(median(s.replay.map((r) => r.peak.heap - r.before.heap)), 0)} MB ` +
              `(${f(peakKbPerLine(s))} KB a line, garbage included); bill ¥${f(s.totalFen / 100, 0)}`,
          ),
          `growth of time ${largest.scale / first.scale}× the data (target ≤ ×${MAX_GROWTH_4X}): replay ×${f(growth('replay'))} ` +
            `(${verdict(growth('replay') <= MAX_GROWTH_4X)}), baseline ×${f(growth('baseline'))}`,
          `medians of ${rounds} rounds, alternating baseline and replay; load ${f(loadavg()[0] ?? Number.NaN)} at the end`,
        ],
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  },
}
