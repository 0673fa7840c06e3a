/**
 * The `replay` command: reads a SPEC §9 file and a terms document, replays the month in memory
 * (`replayMonth`) and prints the KPI table, the draft deductions and their total — or exactly one
 * JSON object with `--json`. Progress and failed lines go to stderr only.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import {
  type ContractTerms,
  type Fraction,
  formatBp,
  formatPercent,
  formatPoints,
  formatYuan,
  InvalidTermsError,
  jiyuan2026,
  loadTerms,
  type Target,
} from '@hotline/domain'
import { CliError, EXIT } from './errors'
import { type ReplayKpi, type ReplayProgress, type ReplayResult, replayJson, replayMonth } from './replay'

export type ReplayCommandOptions = {
  month: string
  terms?: string | undefined
  json: boolean
}

/** Failed lines listed on stderr; the rest are counted. */
export const LISTED_LINE_ERRORS = 50

/** KPIs whose value is a count (`count/1` or hours), not a rate. */
const COUNT_KPIS = new Set([
  'agent_workload',
  'safety_check',
  'cleaning_check',
  'training.onboarding',
  'training.in_service',
])

/** Reads and validates a terms document; a bad one is a usage error naming its fields. */
export async function readTerms(file: string | undefined): Promise<ContractTerms> {
  if (file === undefined) return jiyuan2026
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(
      'usage',
      `cannot read the terms ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    )
  })
  let document: unknown
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new CliError('usage', `the terms ${file} are not JSON: ${(err as Error).message}`)
  }
  try {
    return loadTerms(document)
  } catch (err) {
    if (err instanceof InvalidTermsError) throw new CliError('usage', `${file}: ${err.message}`)
    throw err
  }
}

/** The file's lines, streamed (never read whole); a leading BOM is dropped. */
export async function* linesOf(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })
  let first = true
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    yield first ? line.replace(/^\uFEFF/, '') : line
    first = false
  }
}

const isCount = (k: Pick<ReplayKpi, 'kpi' | 'target'>): boolean =>
  k.target?.kind === 'minCount' || COUNT_KPIS.has(k.kpi)

/** A rate for reading: 0.01 %, more decimals (to 0.0001 %) when rounding would hide a breach. */
function percent(value: Fraction, target: Target | null, met: boolean | null): string {
  let text = formatPercent(value)
  if (met !== false || target === null || target.kind === 'minCount') return text
  for (let decimals = 2; decimals <= 4; decimals++) {
    text = formatPercent(value, decimals)
    const shown = BigInt(text.replace(/[.%]/g, ''))
    const targetShown = BigInt(target.bp) * 10n ** BigInt(decimals - 2)
    if (target.kind === 'min' ? shown < targetShown : shown > targetShown) return text
  }
  return text
}

function valueText(k: ReplayKpi): string {
  if (k.num === null || k.den === null) return '—'
  const value = { num: k.num, den: k.den }
  return isCount(k) ? formatPoints(value) : percent(value, k.target, k.met)
}

function targetText(target: Target | null): string {
  if (target === null) return '—'
  if (target.kind === 'min') return `≥ ${formatBp(target.bp)}`
  if (target.kind === 'max') return `≤ ${formatBp(target.bp)}`
  return `≥ ${target.count}`
}

function outcomeText(k: ReplayKpi): string {
  if (k.met === true) return 'met'
  if (k.met === false) return 'breach'
  return k.num === null ? 'no data' : 'reported'
}

/** Left-aligned columns separated by two spaces (the last one not padded). */
function table(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1
          ? cell
          : right.has(i)
            ? cell.padStart(widths[i] ?? 0)
            : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

/** The text report: the KPI table, the draft deductions, the total. */
export function formatReplay(result: ReplayResult, file?: string): string {
  const breaches = result.kpis.filter((k) => k.met === false).length
  const out = [
    `Replay of ${file ?? 'the records'} for ${result.month} under ${result.termsVersion}, decided as of ${result.asOf}`,
    `${result.import.lines.toLocaleString('en')} lines, ${result.import.failed.toLocaleString('en')} failed; ${result.kpis.length} KPI results, ${breaches} breaches`,
    '',
    'KPI results',
    ...table(
      ['kpi', 'period', 'subject', 'value', 'num/den', 'target', 'result'],
      result.kpis.map((k) => [
        k.kpi,
        k.period,
        k.subject ?? '',
        valueText(k),
        k.num === null || k.den === null ? '' : `${k.num}/${k.den}`,
        targetText(k.target),
        outcomeText(k),
      ]),
      new Set([3, 4]),
    ),
    '',
    `Deductions (draft: ${result.deductions.length})`,
  ]
  if (result.deductions.length === 0) out.push('  none')
  else
    out.push(
      ...table(
        ['id', 'clause', 'amount', 'formula'],
        result.deductions.map((d) => [d.id, d.clause, formatYuan(d.amountFen), d.formula.zh]),
        new Set([2]),
      ),
    )
  out.push('', `Total: ${formatYuan(result.totalFen)} (${result.totalFen} fen)`)
  for (const note of result.notes) out.push(`Note: ${note}`)
  return out.join('\n')
}

/** Progress on stderr: one rewritten line on a terminal, a few lines otherwise. */
function progressReporter(): { report: (p: ReplayProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY === true
  const started = performance.now()
  let phaseStarted = started
  const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`
  const write = (text: string) => {
    if (tty) process.stderr.write(`\r\x1b[K${text}`)
  }
  return {
    report: (p) => {
      if (p.phase === 'import' && !p.done) write(`importing: ${p.lines.toLocaleString('en')} lines`)
      else if (p.phase === 'import') {
        if (tty) process.stderr.write('\r\x1b[K')
        console.error(
          `imported ${p.lines.toLocaleString('en')} lines (${p.failed} failed) in ${seconds(phaseStarted)}`,
        )
        phaseStarted = performance.now()
      } else if (p.phase === 'daily') write(`daily job ${p.date} (${p.index}/${p.of})`)
      else {
        if (tty) process.stderr.write('\r\x1b[K')
        console.error(`ran the daily jobs in ${seconds(phaseStarted)}`)
        phaseStarted = performance.now()
      }
    },
    done: () =>
      console.error(`ran the monthly job in ${seconds(phaseStarted)}; replay took ${seconds(started)}`),
  }
}

/** Runs the replay and prints its result; returns the exit code (usage errors throw `CliError`). */
export async function runReplay(file: string, options: ReplayCommandOptions): Promise<number> {
  const terms = await readTerms(options.terms)
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(
      'usage',
      `cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    )
  })
  if (!info.isFile()) throw new CliError('usage', `not a file: ${file}`)

  const progress = progressReporter()
  const result = await replayMonth({
    lines: linesOf(file),
    month: options.month,
    terms,
    onProgress: progress.report,
  })
  progress.done()

  const { failed, errors } = result.import
  if (failed > 0) {
    console.error(
      `${failed.toLocaleString('en')} line${failed === 1 ? '' : 's'} of ${file} failed and were left out:`,
    )
    for (const e of errors.slice(0, LISTED_LINE_ERRORS))
      console.error(`  line ${e.line}: ${e.field} — ${e.message}`)
    const rest = failed - Math.min(errors.length, LISTED_LINE_ERRORS)
    if (rest > 0) console.error(`  … and ${rest.toLocaleString('en')} more`)
  }
  if (options.json) for (const note of result.notes) console.error(`note: ${note}`)
  process.stdout.write(`${options.json ? JSON.stringify(replayJson(result)) : formatReplay(result, file)}\n`)
  return failed > 0 ? EXIT.linesFailed : EXIT.ok
}
