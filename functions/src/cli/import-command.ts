/**
 * The `import` command: credentials from the options or the environment, a progress bar when
 * stdout is a terminal, then the totals and the line-numbered errors (or one JSON object).
 */
import { Presets, SingleBar } from 'cli-progress'
import { EXIT } from './errors'
import { type ImportProgress, type ImportSummary, importFile, resolveAuth } from './import'

export { DEFAULT_CHUNK_LINES } from './import'

export type ImportCommandOptions = {
  url: string
  apiKey?: string | undefined
  user?: string | undefined
  password?: string | undefined
  chunk: number
  json: boolean
}

/** Errors listed in the text report; the rest are counted. */
export const LISTED_ERRORS = 50

/** A terminal progress bar over the file's bytes, showing lines. */
function progressBar(): ImportProgress {
  const bar = new SingleBar(
    {
      format: ' {bar} {percentage}% | {lines} lines | {failed} failed | {rate} lines/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
      stream: process.stdout,
    },
    Presets.shades_classic,
  )
  const started = performance.now()
  return {
    start: (total) => bar.start(Math.max(total, 1), 0, { lines: 0, failed: 0, rate: 0 }),
    update: ({ lines, bytes, failed }) => {
      const seconds = (performance.now() - started) / 1000
      bar.update(bytes, { lines: lines.toLocaleString('en'), failed, rate: Math.round(lines / seconds) })
    },
    stop: () => bar.stop(),
  }
}

const n = (value: number): string => value.toLocaleString('en')

function duration(ms: number): string {
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
}

/** The text report: totals, then the first `LISTED_ERRORS` errors with their line numbers. */
export function formatSummary(summary: ImportSummary): string {
  const rate = summary.elapsedMs > 0 ? Math.round((summary.lines * 1000) / summary.elapsedMs) : summary.lines
  const out = [
    `Imported ${summary.file} into ${summary.url}: ${n(summary.lines)} lines in ${duration(summary.elapsedMs)} (${n(rate)} lines/s, ${n(summary.chunks)} requests${summary.retries > 0 ? `, ${summary.retries} retried` : ''})`,
    '',
    ...(
      [
        ['created', summary.created],
        ['updated', summary.updated],
        ['applied', summary.applied],
        ['duplicates', summary.duplicates],
        ['skipped', summary.skipped],
        ['failed', summary.failed],
      ] as const
    ).map(([label, value]) => `  ${label.padEnd(11)} ${n(value).padStart(10)}`),
  ]
  if (summary.failed > 0) {
    out.push('', `Errors (${n(summary.failed)}):`)
    for (const e of summary.errors.slice(0, LISTED_ERRORS))
      out.push(`  line ${e.line}: ${e.field} — ${e.message}`)
    const rest = summary.failed - Math.min(summary.errors.length, LISTED_ERRORS)
    if (rest > 0) out.push(`  … and ${n(rest)} more`)
  }
  return out.join('\n')
}

/** Runs the import and prints its report; returns the exit code (errors throw `CliError`). */
export async function runImport(file: string, options: ImportCommandOptions): Promise<number> {
  const auth = await resolveAuth(options)
  const summary = await importFile({
    file,
    url: options.url,
    auth,
    chunk: options.chunk,
    ...(options.json || !process.stdout.isTTY ? {} : { progress: progressBar() }),
  })
  console.log(options.json ? JSON.stringify(summary) : formatSummary(summary))
  return summary.failed > 0 ? EXIT.linesFailed : EXIT.ok
}
