/**
 * The dashboard's KPI call: `GET /api/v1/kpis/summary?month=` (what the dashboard draws: figures
 * and per-subject counts, no evidence) over real HTTP against the local server, measured against
 * the call the dashboard made before it, `GET /api/v1/kpis?month=` (every stored result of the
 * month with its evidence), on the same store in the same run: bytes of JSON and milliseconds.
 *
 * The month is the demo's October 2026 (seed 42, full scale; `--quick`: scale 0.1), imported and
 * its jobs run by `loadDemo` as `pnpm dev` does, in a first server; its stored results are then
 * written into a second, fresh in-memory server, which holds nothing else. 2× and 4× add copies of
 * every per-subject result (tickets, agents, incidents, under new subject ids): a bigger city's
 * month has more tickets and agents, not more days, so the results without a subject stay as
 * they are. The rows are the 1× month (the demo's); 2× and 4× are in the notes and checks.
 *
 * Checks: the summary is ≤ 100 KB at every size; its numbers equal the domain's `summarizeKpis` of
 * the full results the baseline returned; its time grows no faster than the data (4× ≤ 4.4×).
 */
import type { KpiResult, KpiSummary } from '@hotline/domain'
import { summarizeKpis } from '@hotline/domain'
import { loadDemo } from '@hotline/functions/demo'
import { startLocalServer } from '@hotline/functions/local'
import { createLogger } from '@hotline/functions/logger'
import { generateSecrets } from '@hotline/functions/secrets'
import { kpiResultsOfMonth, putKpiResults, type StoredKpiResult } from '@hotline/store'
import type { BenchCheck, Benchmark, BenchOptions } from './run'
import { fixed as f, median, ratiosOf, series } from './run'

const NAME = 'kpi-api'
const DESCRIPTION =
  "the dashboard's KPI summary of a month vs every stored result with its evidence, over HTTP"
const MONTH = '2026-10'
const OPERATION = `GET /api/v1/kpis/summary?month=${MONTH}`
const BASELINE_OPERATION = `GET /api/v1/kpis?month=${MONTH} (every result with its evidence)`
const SCALES = [1, 2, 4] as const
/** The issue's bound on what the dashboard fetches for a month. */
const MAX_SUMMARY_BYTES = 100 * 1024
/** 4× the data may take at most this many times as long (linear, with a margin). */
const MAX_GROWTH_4X = 4.4

type Server = Awaited<ReturnType<typeof startLocalServer>>

const kb = (bytes: number) => `${f(bytes / 1024, 1)} KB`

const startServer = () =>
  startLocalServer({ port: 0, secrets: generateSecrets(), logger: createLogger({ silent: true }) })

/** The demo month's stored results, from a server that imported it and ran its jobs. */
async function demoResults(options: BenchOptions, scale: number): Promise<StoredKpiResult[]> {
  const server = await startServer()
  try {
    const started = performance.now()
    await loadDemo(server.deps, { month: MONTH, seed: 42, scale, log: (line) => options.log(`  ${line}`) })
    const results = await kpiResultsOfMonth(server.local.store, MONTH)
    options.log(
      `  demo month at scale ${scale}: ${results.length} results in ${f((performance.now() - started) / 1000, 1)} s`,
    )
    return results
  } finally {
    await server.close()
  }
}

/** The `copy`-th copy (2, 3, …) of the per-subject results, under new subject ids. */
const copiesOf = (results: readonly StoredKpiResult[], copy: number): KpiResult[] =>
  results
    .filter((r) => r.subject !== null)
    .map(
      ({ computedAt: _at, jobRunId: _run, ...r }) => ({ ...r, subject: `${r.subject}~${copy}` }) as KpiResult,
    )

/** A GET of `path` as a viewer: its body's bytes and the parsed JSON. */
function caller(server: Server, token: string) {
  const base = new URL(server.url)
  base.hostname = '127.0.0.1'
  return async (path: string): Promise<{ bytes: number; body: unknown }> => {
    const res = await fetch(new URL(path, base), { headers: { authorization: `Bearer ${token}` } })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`)
    return { bytes: Buffer.byteLength(text), body: JSON.parse(text) }
  }
}

type SizeResult = {
  scale: number
  results: number
  summaryBytes: number
  fullBytes: number
  summaryMs: number
  fullMs: number
  rows: ReturnType<ReturnType<typeof series>['row']>[]
}

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const demoScale = options.quick ? 0.1 : 1
    const rounds = options.quick ? 3 : 5
    const perRound = options.quick ? 2 : 4
    const stored = await demoResults(options, demoScale)
    const server = await startServer()
    try {
      const viewer = server.issuer.users.find((u) => u.roles.includes('agency_viewer'))
      if (!viewer) throw new Error('no agency viewer among the local users')
      const get = caller(server, await server.issuer.tokenFor(viewer.username, new Date()))
      const meta = { computedAt: new Date().toISOString(), jobRunId: 'bench' }
      const checks: BenchCheck[] = []
      const sizes: SizeResult[] = []
      let copies = 1
      await putKpiResults(server.local.store, stored, meta)

      for (const scale of SCALES) {
        for (; copies < scale; copies++)
          await putKpiResults(server.local.store, copiesOf(stored, copies + 1), meta)
        const summary = series(options, `summary ${scale}×`, OPERATION, 1)
        const full = series(options, `full ${scale}×`, BASELINE_OPERATION, 1)
        let summaryBytes = 0
        let fullBytes = 0
        let last: { summary: unknown; full: unknown } = { summary: null, full: null }
        // Warm-up of both, then rounds interleaved (full, summary, full, summary …).
        await get(`/api/v1/kpis?month=${MONTH}`)
        await get(`/api/v1/kpis/summary?month=${MONTH}`)
        for (let r = 0; r < rounds; r++) {
          await full.round(perRound, async () => {
            const { bytes, body } = await get(`/api/v1/kpis?month=${MONTH}`)
            fullBytes = bytes
            last = { ...last, full: body }
          })
          await summary.round(perRound, async () => {
            const { bytes, body } = await get(`/api/v1/kpis/summary?month=${MONTH}`)
            summaryBytes = bytes
            last = { ...last, summary: body }
          })
        }
        const summaryRow = summary.row()
        const fullRow = full.row()
        const results = (last.full as { results: StoredKpiResult[] }).results
        sizes.push({
          scale,
          results: results.length,
          summaryBytes,
          fullBytes,
          summaryMs: summaryRow.latencyMs.p50,
          fullMs: fullRow.latencyMs.p50,
          rows: [summaryRow, fullRow],
        })
        options.log(
          `  ${scale}×: ${results.length} results; summary ${kb(summaryBytes)} in ${f(summaryRow.latencyMs.p50, 0)} ms, ` +
            `full ${kb(fullBytes)} in ${f(fullRow.latencyMs.p50, 0)} ms (medians of ${rounds * perRound})`,
        )

        // --- correctness at this size ----------------------------------------------------------
        const expected: KpiSummary = summarizeKpis(MONTH, results)
        const same = JSON.stringify(last.summary) === JSON.stringify(expected)
        checks.push({
          name: `${scale}× summary = summarizeKpis(full results)`,
          ok: same,
          detail: same
            ? `${expected.figures.length} figures, ${expected.subjects.length} per-subject counts over ${results.length} results`
            : 'the summary differs from the domain summary of the full results',
        })
        checks.push({
          name: `${scale}× summary ≤ 100 KB`,
          ok: summaryBytes <= MAX_SUMMARY_BYTES,
          detail: `${kb(summaryBytes)} (full results: ${kb(fullBytes)}, ×${f(summaryBytes / fullBytes, 4)})`,
        })
      }

      const at = (scale: number) => sizes.find((s) => s.scale === scale) as SizeResult
      const one = at(1)
      const four = at(4)
      const growth = four.summaryMs / one.summaryMs
      checks.push({
        name: `summary time 4×/1× ≤ ${MAX_GROWTH_4X}`,
        ok: growth <= MAX_GROWTH_4X,
        detail: `${f(growth)} (full results: ${f(four.fullMs / one.fullMs)})`,
      })
      const [measured, baseline] = one.rows as [SizeResult['rows'][number], SizeResult['rows'][number]]
      return {
        name: NAME,
        description: DESCRIPTION,
        params: {
          month: MONTH,
          demoScale,
          scales: SCALES.join('/'),
          rounds,
          requestsPerRound: perRound,
          engine: 'dynalite in memory, in process; HTTP on 127.0.0.1',
          ...Object.fromEntries(
            sizes.flatMap((s) => [
              [`summary KB@${s.scale}×`, Number(f(s.summaryBytes / 1024, 1))],
              [`full KB@${s.scale}×`, Number(f(s.fullBytes / 1024, 1))],
            ]),
          ),
        },
        rows: [measured, baseline],
        ratios: ratiosOf(measured, baseline),
        checks,
        notes: [
          `rows: the ${demoScale === 1 ? 'full-scale' : `scale-${demoScale}`} demo month (1×); ops = requests, one at a time`,
          ...sizes.map(
            (s) =>
              `${s.scale}× (${s.results} results): summary ${kb(s.summaryBytes)}, p50 ${f(s.summaryMs, 1)} ms; ` +
              `full ${kb(s.fullBytes)}, p50 ${f(s.fullMs, 1)} ms; bytes ×${f(s.summaryBytes / s.fullBytes, 4)}, ` +
              `time ×${f(s.summaryMs / s.fullMs)}`,
          ),
          `growth of p50 time, 2×/1× and 4×/1×: summary ${f(at(2).summaryMs / one.summaryMs)} and ${f(growth)}, ` +
            `full ${f(at(2).fullMs / one.fullMs)} and ${f(four.fullMs / one.fullMs)}; ` +
            `median of the per-size ratios summary/full ${f(median(sizes.map((s) => s.summaryMs / s.fullMs)))}`,
        ],
      }
    } finally {
      await server.close()
    }
  },
}
